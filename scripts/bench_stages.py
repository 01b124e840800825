"""CPU ms per article per stage on a fixed mix of real pages, and the quote stage's parts.

The pages: the seed page, the repository's ``examples/*.txt``, every ``--ecb-step``-th ECB+
dev page (CAT XML read as ``dateline eval records`` reads it; the first ``--ecb`` of them) and
the first ``--polnear`` PolNeAR dev texts.  Every page runs once through the default stages
in one process (models warmed up first on the seed page), with no time budget; a stage's
cost is the process CPU time it took (``time.process_time``: all threads, so the ONNX
runtime's too), which depends far less on the machine's load than wall time.  Inside the
quote stage the MiniLM token vectors (:func:`dateline.quotes.network.token_vectors`) and the
BiLSTM passes (:meth:`dateline.quotes.network.NNTagger.log_probs_batch`, once per network)
are timed as well.

    PYTHONPATH=$PWD/src .venv/bin/python scripts/bench_stages.py [--output var/bench-stages.json]

The budget (DEVELOPERS.md): all stages but the parse together cost less than the parse.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

from bench_length import stage_costs  # scripts/ is on sys.path when a script runs
from profile_quotes import timed

ROOT = Path(__file__).resolve().parents[1]
EVAL = Path(os.environ.get("DATELINE_EVAL_DATA", ROOT.parent / "shared/data/eval"))
SEED = ROOT.parent / "shared/data/seed/gleaner-2016-12-12-palmyra.txt"


def pages(ecb: int, ecb_step: int, polnear: int) -> list[tuple[str, str]]:
    """(uri, text) of the benchmark pages, in a fixed order."""
    from dateline.evaluation import clustering_eval as ecbmod

    out: list[tuple[str, str]] = []
    if SEED.is_file():
        out.append((SEED.name, SEED.read_text(encoding="utf-8")))
    for f in sorted((ROOT / "examples").glob("*.txt")):
        out.append((f.name, f.read_text(encoding="utf-8")))
    ecb_dir = EVAL / "clustering/ecbplus"
    files = sorted(
        (f for f in ecb_dir.rglob("*.xml") if ecbmod.is_cat_xml(f)),
        key=lambda f: (ecbmod._topic_key(f.parent.name), f.name),  # noqa: SLF001
    )
    for f in files[::ecb_step][:ecb]:
        out.append((f.name, ecbmod.page_text(f)))
    for f in sorted((EVAL / "quotes/polnear/dev/text").glob("*.txt"))[:polnear]:
        out.append((f.name, f.read_text(encoding="utf-8")))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ecb", type=int, default=10, help="ECB+ dev pages")
    ap.add_argument("--ecb-step", type=int, default=40, help="take every k-th ECB+ dev page")
    ap.add_argument("--polnear", type=int, default=10, help="PolNeAR dev texts")
    ap.add_argument("--repeat", type=int, default=1, help="passes over the pages (least kept)")
    ap.add_argument("--output", type=Path, help="also write the figures here (JSON)")
    args = ap.parse_args()

    from dateline.pipeline import Pipeline
    from dateline.quotes import network as quotes_nn

    parts: dict[str, float] = defaultdict(float)
    quotes_nn.token_vectors = timed(parts, "minilm", quotes_nn.token_vectors)  # type: ignore[assignment]
    quotes_nn.NNTagger.log_probs_batch = timed(  # type: ignore[method-assign]
        parts, "bilstm", quotes_nn.NNTagger.log_probs_batch
    )
    pipe = Pipeline(keep_doc=True)
    todo = pages(args.ecb, args.ecb_step, args.polnear)

    def run(text: str, uri: str) -> dict[str, float]:
        return stage_costs(pipe, text, uri)

    run(todo[0][1], "bench://warm")
    best: dict[str, float] | None = None
    for _ in range(args.repeat):
        parts.clear()
        tot: dict[str, float] = defaultdict(float)
        for uri, text in todo:
            for k, v in run(text, uri).items():
                tot[k] += v
        tot.update({"quotes: minilm": parts["minilm"], "quotes: bilstm": parts["bilstm"]})
        best = dict(tot) if best is None else {k: min(v, tot[k]) for k, v in best.items()}
    assert best is not None
    n = len(todo)
    words = sum(len(t.split()) for _, t in todo)
    ms = {k: round(1000 * v / n, 1) for k, v in best.items()}
    stages = [k for k in ms if ":" not in k]
    other = round(sum(ms[k] for k in stages if k != "parse"), 1)
    out = {
        "pages": n,
        "mean_words": round(words / n),
        "networks": len(quotes_nn.nn_paths()),
        "cpu_ms_per_article": ms,
        "all_but_parse": other,
        "all_but_parse_over_parse": round(other / ms["parse"], 3) if ms.get("parse") else None,
    }
    print(json.dumps(out, indent=1))
    print("| stage | CPU ms/article |", file=sys.stderr)
    print("|---|---|", file=sys.stderr)
    for k, v in ms.items():
        print(f"| {k} | {v:,.0f} |".replace(",", " "), file=sys.stderr)
    print(f"| all but parse | {other:,.0f} |".replace(",", " "), file=sys.stderr)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
