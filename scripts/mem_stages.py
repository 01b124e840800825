"""Where a worker's memory goes: the resident set's growth at each stage's first call.

Runs the default text pipeline's stages one by one over one page (default: the seed page) in
a fresh process and prints, per stage, how much the RSS grew (MiB) — mostly the models and
tables the stage loads on first use — then the RSS after one article.  Usage::

    PYTHONPATH=src .venv/bin/python scripts/mem_stages.py [PAGE]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def rss_mib() -> float:
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[1]) * 4096 / 2**20


def main() -> None:
    from dateline.pipeline import default_pipeline
    from dateline.records import Article

    page = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "seed"
    if page.is_dir():
        page = page / "gleaner-2016-12-12-palmyra.txt"
    start = rss_mib()
    pipe = default_pipeline()
    print(f"{'python + imports + pipeline built':<36} {rss_mib():8.0f} MiB (from {start:.0f})")
    article = Article.from_raw(page.read_text(encoding="utf-8"), fmt="text", uri=str(page))
    before = rss_mib()
    for name, stage in zip(pipe.stage_names, pipe._stages, strict=True):
        article = stage(article)
        now = rss_mib()
        print(f"{name:<36} {now - before:+8.0f} MiB")
        before = now
    print(f"{'after one article':<36} {rss_mib():8.0f} MiB")


if __name__ == "__main__":
    main()
