"""CPU time of the whole text pipeline, one document at a time against batched parses.

    PYTHONPATH=src .venv/bin/python scripts/bench_batch_parse.py [--data ../shared/data/eval/extraction/wcxb-dev] [--docs 48] [--batch 8]

Takes the WCXB dev ground-truth main texts of 200-1 500 words, warms the pipeline up, then runs
``Pipeline()(article)`` per document and ``Pipeline.run_batch`` in batches, alternating, twice,
and prints the CPU seconds (``time.process_time``) of each.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from dateline.pipeline import Pipeline
from dateline.records import Article

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "--data", type=Path, default=ROOT.parent / "shared/data/eval/extraction/wcxb-dev"
    )
    ap.add_argument("--docs", type=int, default=48)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    texts: list[str] = []
    for f in sorted((args.data / "ground-truth").glob("*.json")):
        t = json.loads(f.read_text())["ground_truth"].get("main_content") or ""
        if 200 < len(t.split()) < 1500:
            texts.append(t)
        if len(texts) == args.docs:
            break
    pipe = Pipeline()

    def articles() -> list[Article]:
        return [Article.from_raw(t, fmt="text", uri=f"d{i}.txt") for i, t in enumerate(texts)]

    for a in articles()[:4]:
        pipe(a)  # models loaded, caches warm
    for _ in range(args.repeat):
        c = time.process_time()
        for a in articles():
            pipe(a)
        one = time.process_time() - c
        c = time.process_time()
        arts = articles()
        for i in range(0, len(arts), args.batch):
            pipe.run_batch(arts[i : i + args.batch])
        batched = time.process_time() - c
        print(
            f"{len(texts)} docs: one by one {one:.1f} s CPU, batched ({args.batch})"
            f" {batched:.1f} s CPU, ratio {batched / one:.3f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
