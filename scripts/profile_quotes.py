"""CPU time of the quote stage and its parts, per article, beside the spaCy parse.

Usage::

    .venv/bin/python scripts/profile_quotes.py [--n 30] [--data ../shared/data/eval]

Runs the default text pipeline (:func:`dateline.pipeline.process_text`) in this process over
the first N PolNeAR dev texts (after one warm-up article that loads the models) and reports the
CPU time (``time.process_time``: all threads of this process) of the whole pipeline, of the
parse stage, of the quote stage, and inside it of the MiniLM token vectors
(:func:`dateline.quotes.network.token_vectors`) and of the BiLSTM forward passes
(:meth:`dateline.quotes.network.NNTagger.log_probs_batch`, once per network).  Set
``DATELINE_QUOTES_NN`` to one ``.npz`` file to profile a single network.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def timed(acc: dict[str, float], key: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0 = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            acc[key] += time.process_time() - t0

    return wrapper


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument(
        "--data",
        type=Path,
        default=Path(os.environ.get("DATELINE_EVAL_DATA", ROOT.parent / "shared/data/eval")),
    )
    args = ap.parse_args()

    from dateline.language.parse import Parse
    from dateline.pipeline import process_text
    from dateline.quotes import network as quotes_nn
    from dateline.quotes.stage import Quotes

    files = sorted((args.data / "quotes/polnear/dev/text").glob("*.txt"))[: args.n]
    if not files:
        raise SystemExit(f"no PolNeAR dev texts under {args.data}")
    acc: dict[str, float] = defaultdict(float)
    quotes_nn.token_vectors = timed(acc, "minilm_token_vectors", quotes_nn.token_vectors)  # type: ignore[assignment]
    quotes_nn.NNTagger.log_probs_batch = timed(  # type: ignore[method-assign]
        acc, "bilstm", quotes_nn.NNTagger.log_probs_batch
    )
    Quotes.__call__ = timed(acc, "quotes_stage", Quotes.__call__)  # type: ignore[method-assign]
    Parse.__call__ = timed(acc, "parse_stage", Parse.__call__)  # type: ignore[method-assign]

    process_text(files[0].read_text())  # warm-up: models load
    acc.clear()
    words = 0
    t0 = time.process_time()
    for f in files:
        text = f.read_text()
        words += len(text.split())
        process_text(text)
    acc["pipeline"] = time.process_time() - t0
    n = len(files)
    out = {
        "articles": n,
        "mean_words": round(words / n),
        "networks": len(quotes_nn.nn_paths()),
        "cpu_ms_per_article": {k: round(1000 * v / n) for k, v in acc.items()},
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
