"""Cost against article length: CPU ms per 1 000 words, per stage, for long articles.

A long article is built from real news texts: the ECB+ dev pages (CAT XML, read as
``dateline eval records`` reads them) concatenated in a fixed order — the first page whole
(its URL, headline and date), then the text of each following page without its URL line —
until the target length is reached, cut at a paragraph boundary.  Each article runs once
through the default stages in one process (models warmed up first on a short page), with no
time budget; each stage's cost is the process CPU time it took (all threads: the quote
tagger's ONNX runtime has its own).

    PYTHONPATH=$PWD/src .venv/bin/python scripts/bench_length.py            # 300 .. 10 000 words
    PYTHONPATH=$PWD/src .venv/bin/python scripts/bench_length.py --words 300 3000 --output x.json

Flat rows (the same ms per 1 000 words at every length) mean the stage is linear in length.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

DEFAULT_ECB = (
    Path(os.environ.get("DATELINE_EVAL_DATA", "../shared/data/eval")) / "clustering/ecbplus"
)


def long_article(words: int, ecb_dir: Path) -> str:
    """A text of at least ``words`` words (cut at a paragraph end) from the ECB+ pages."""
    from dateline.evaluation import clustering_eval as ecb

    files = sorted(
        (f for f in ecb_dir.rglob("*.xml") if ecb.is_cat_xml(f)),
        key=lambda f: (ecb._topic_key(f.parent.name), f.name),  # noqa: SLF001
    )
    paras: list[str] = []
    n = 0
    for i, f in enumerate(files):
        text = ecb.page_text(f).strip()
        lines = text.split("\n")
        if i and lines and "://" in lines[0]:
            lines = lines[1:]  # the URL line of every page but the first
        for para in "\n".join(lines).split("\n\n"):
            para = para.strip()
            if not para:
                continue
            paras.append(para)
            n += len(para.split())
            if n >= words:
                return "\n\n".join(paras) + "\n"
    raise SystemExit(f"not enough ECB+ text under {ecb_dir} for {words} words")


def stage_costs(pipe: Any, text: str, uri: str) -> dict[str, float]:
    """Process CPU seconds per stage for one article through ``pipe``'s stages, in order (no
    limits, no memory zone); a rejection stops the benchmark."""
    from dateline.records import Article

    article = Article.from_raw(text, fmt="text", uri=uri)
    out: dict[str, float] = {}
    for name, stage in zip(pipe.stage_names, pipe._stages, strict=True):  # noqa: SLF001
        c0 = time.process_time()
        article = stage(article)
        out[name.split(".")[1]] = time.process_time() - c0
        if article.rejection is not None:
            raise SystemExit(f"{uri} rejected at {name}: {article.rejection}")
    return out


def run_once(text: str, uri: str) -> dict[str, float]:
    """Process CPU seconds per stage for one article (Doc kept, one pipeline per process)."""
    return stage_costs(_pipeline(), text, uri)


_PIPE = None


def _pipeline():  # type: ignore[no-untyped-def]
    global _PIPE
    if _PIPE is None:
        from dateline.pipeline import Pipeline

        _PIPE = Pipeline(keep_doc=True)
    return _PIPE


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--words", type=int, nargs="+", default=[300, 1000, 3000, 10000])
    ap.add_argument("--ecb", type=Path, default=DEFAULT_ECB, help="ECB+ dev folder")
    ap.add_argument("--repeat", type=int, default=1, help="runs per length (the least is kept)")
    ap.add_argument("--output", type=Path, help="also write the figures here (JSON)")
    args = ap.parse_args()

    warm = long_article(1000, args.ecb)
    run_once(warm, "bench://warm")  # loads every model (a short page may not reach them all)
    from dateline.events.typer import classify_proba

    # the event typer (and scikit-learn, ~1.6 s of imports) loads on its first event to retype,
    # which the warm-up page may not have: it was counted in the first long article's events
    classify_proba(["Gunmen attacked a police station."])
    rows: list[dict[str, object]] = []
    for w in args.words:
        text = long_article(w, args.ecb)
        n_words = len(text.split())
        best: dict[str, float] | None = None
        for _ in range(args.repeat):
            got = run_once(text, f"bench://{w}")
            best = got if best is None else {k: min(v, got[k]) for k, v in best.items()}
        assert best is not None
        per_kw = {k: round(1000 * v / (n_words / 1000), 1) for k, v in best.items()}
        total = round(sum(per_kw.values()), 1)
        rows.append(
            {
                "target_words": w,
                "words": n_words,
                "chars": len(text),
                "cpu_s": round(sum(best.values()), 2),
                "ms_per_1000_words": {**per_kw, "total": total},
            }
        )
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)

    stages = list(rows[0]["ms_per_1000_words"])  # type: ignore[arg-type]
    head = "| stage | " + " | ".join(f"{r['words']} words" for r in rows) + " |"
    print(head)
    print("|---" * (len(rows) + 1) + "|")
    for s in stages:
        vals = [r["ms_per_1000_words"][s] for r in rows]  # type: ignore[index]
        print(f"| {s} | " + " | ".join(f"{v:,.0f}".replace(",", " ") for v in vals) + " |")
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps({"lengths": rows}, indent=1))


if __name__ == "__main__":
    main()
