"""Retrain the shipped event typer (src/dateline/data/event_typer/) reproducibly.

    .venv/bin/python scripts/train_event_typer.py [--data ../shared/data/eval/events/case2021-task2-dev.tsv]
        [--search] [--dry-run]

Trains on the CASE 2021 task 2 dev rows (never the held-out test rows) plus one
definition per type.  ``--search`` picks the fusion weights by 5-fold stratified
cross-validation on those rows (fixed seed; weighted F1, ties → the smaller total
weight) before training the final model; otherwise the weights in
``dateline.events.typer.model.DEFAULT_WEIGHTS`` are used.  Everything is deterministic.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import os
from pathlib import Path

import numpy as np

from dateline.evaluation.events_eval import folds, read_case2021
from dateline.events.typer.model import (
    DEFAULT_WEIGHTS,
    MODEL_PATH,
    _zscore,
    load_labels,
    train,
)
from dateline.language.embed import embed

log = logging.getLogger("train_event_typer")

DEFAULT_DATA = (
    Path(
        os.environ.get(
            "DATELINE_EVAL_DATA", Path(__file__).resolve().parents[2] / "shared/data/eval"
        )
    )
    / "events/case2021-task2-dev.tsv"
)

GRID = {
    "svm": (0.25, 0.5, 1.0),
    "emb": (0.5, 1.0),
    "cent": (0.5, 0.75, 1.0),
    "proto": (0.0, 0.5),
    "cue": (0.25, 0.5, 1.0),
}


def search_weights(texts: list[str], codes: list[str], emb: np.ndarray, proto: np.ndarray) -> dict:
    from sklearn.metrics import f1_score

    labels = load_labels()
    splits = folds(codes, 5)
    comps: dict[str, np.ndarray] = {k: np.zeros((len(texts), len(labels))) for k in GRID}
    for tr, te in splits:
        model = train([texts[i] for i in tr], [codes[i] for i in tr], emb[tr], proto, labels=labels)
        for k, v in model.component_scores([texts[i] for i in te], emb[te]).items():
            comps[k][te] = _zscore(v.astype(np.float64))
    names = list(GRID)
    results = []
    for ws in itertools.product(*(GRID[n] for n in names)):
        total = sum(w * comps[n] for w, n in zip(ws, names, strict=True))
        pred = [labels[int(k)].code for k in total.argmax(axis=1)]
        f1 = f1_score(codes, pred, average="weighted")
        results.append((round(float(f1), 4), -sum(ws), dict(zip(names, ws, strict=True))))
    results.sort(key=lambda r: (r[0], r[1]), reverse=True)
    for f1, _, w in results[:5]:
        log.info("cv weighted F1 %.4f with %s", f1, w)
    return results[0][2]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--search", action="store_true", help="choose fusion weights by 5-fold CV")
    ap.add_argument("--dry-run", action="store_true", help="do not write the weights")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    rows = read_case2021(args.data)
    texts = [r[1] for r in rows]
    codes = [r[2] for r in rows]
    labels = load_labels()
    emb = embed(texts)
    proto = embed([t.prototype_text for t in labels])
    weights = search_weights(texts, codes, emb, proto) if args.search else dict(DEFAULT_WEIGHTS)
    log.info("fusion weights: %s", json.dumps(weights))
    model = train(texts, codes, emb, proto, labels=labels, weights=weights)
    if args.dry_run:
        return
    model.save()
    size = sum(p.stat().st_size for p in MODEL_PATH.parent.iterdir())
    log.info("wrote %s (%d bytes in %s)", MODEL_PATH, size, MODEL_PATH.parent)


if __name__ == "__main__":
    main()
