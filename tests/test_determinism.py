"""The same page gives the same record in any process: nothing may depend on the order in which
a process iterates a set or dict of strings (``PYTHONHASHSEED`` differs from process to process,
so a worker and the main process would disagree) or on how busy the machine is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = """
import json, sys
from pathlib import Path
from dateline.pipeline import Pipeline
from dateline.records import Article
pipe = Pipeline()
for p in sys.argv[1:]:
    a = pipe(Article.from_raw(Path(p).read_text(encoding="utf-8"), fmt="text", uri=Path(p).name))
    print(json.dumps(a.to_json_dict(), sort_keys=True))
"""


def _run(seed: int, pages: list[Path]) -> list[dict]:
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, *map(str, pages)],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


def test_results_do_not_depend_on_the_hash_seed(seed_path: Path) -> None:
    pages = [*sorted((ROOT / "examples").glob("*.txt")), seed_path]
    first, second = _run(1, pages), _run(2, pages)
    assert len(first) == len(second) == len(pages)
    for page, a, b in zip(pages, first, second, strict=True):
        if a != b:
            diff = sorted(k for k in a if a[k] != b.get(k))
            pytest.fail(f"{page.name}: fields {diff} differ between hash seeds 1 and 2")
