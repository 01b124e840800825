"""Fit the events' calibrated confidence (dateline.events.confidence) on the CASE 2021 dev rows.

    PYTHONPATH=src .venv/bin/python scripts/train_confidence.py            # ~6 min on 2 cores
    PYTHONPATH=src .venv/bin/python scripts/train_confidence.py --cache /tmp/conf.json

1. The dev rows are split into the 5 stratified folds of ``dateline eval events`` (seed 0); an
   event typer is trained without each fold, and every snippet is analysed by the default
   stages with the typer of its fold (out-of-fold typer probabilities, as on unseen text).
2. Each event is an example, right when its sub-event type is the snippet's gold type.
3. Held-out calibration: the logistic regression is fitted on four folds' events and scores
   the fifth (the folds group the events by snippet, i.e. by document); ECE (10 bins) and
   Brier are pooled over the held-out predictions.
4. The model fitted on all events ships as ``src/dateline/data/event_confidence/model.json``
   with the CV figures; the reliability diagram (held-out and in-sample) goes to
   ``docs/reliability.png`` when matplotlib is installed (``pip install -e '.[dev]'``).

Deterministic: fixed folds, deterministic typer training and a deterministic lbfgs fit.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

import numpy as np

from dateline.evaluation import confidence_eval as ce
from dateline.evaluation.events_eval import cv_predict, folds, read_case2021
from dateline.events import confidence
from dateline.events.typer.model import load_labels

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("DATELINE_EVAL_DATA", ROOT.parent / "shared" / "data" / "eval"))
C = 1.0
K = 5


def collect(data: Path) -> list[dict]:
    rows = read_case2021(data)
    texts = [r[1] for r in rows]
    gold = [r[2] for r in rows]
    names = {t.code: t.name for t in load_labels()}
    splits = folds(gold, K)
    models: list = []
    cv_predict(texts, gold, splits, models=models)
    return ce.oof_signals(texts, [names[g] for g in gold], splits, models)


def cross_validate(events: list[dict]) -> np.ndarray:
    probs = np.zeros(len(events))
    fold = np.array([e["fold"] for e in events])
    for f in sorted(set(fold)):
        tr = [e for e, g in zip(events, fold, strict=True) if g != f]
        model = confidence.fit(tr, [e["right"] for e in tr], c=C)
        te = np.flatnonzero(fold == f)
        probs[te] = model.predict_rows([events[i] for i in te])
    return probs


def plot(path: Path, tables: dict[str, list[dict]]) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        logging.warning("matplotlib not installed: no reliability diagram")
        return False
    fig, ax = plt.subplots(figsize=(5, 5), dpi=100)
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1, label="perfect")
    for (label, table), marker in zip(tables.items(), ("o", "s"), strict=False):
        x = [r["mean_predicted"] for r in table]
        y = [r["observed"] for r in table]
        ax.plot(x, y, marker=marker, label=label)
        for r in table:
            ax.annotate(
                str(r["count"]),
                (r["mean_predicted"], r["observed"]),
                fontsize=7,
                xytext=(3, -9),
                textcoords="offset points",
            )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("predicted confidence (bin mean)")
    ax.set_ylabel("share of events with the gold type")
    ax.set_title("Event confidence, CASE 2021 dev\n(10 bins; events per point)", fontsize=10)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)
    return True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA / "events" / "case2021-task2-dev.tsv")
    ap.add_argument("--cache", type=Path, help="reuse / write the out-of-fold feature rows")
    ap.add_argument("--out", type=Path, default=confidence.MODEL_PATH)
    ap.add_argument("--plot", type=Path, default=ROOT / "docs" / "reliability.png")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    if args.cache and args.cache.exists():
        events = json.loads(args.cache.read_text())
    else:
        events = collect(args.data)
        if args.cache:
            args.cache.write_text(json.dumps(events))
    right = [e["right"] for e in events]
    held = cross_validate(events)
    cv = {**ce.summary(held, right), "reliability": ce.reliability(held, right)}
    n_docs = len({e["row"] for e in events})
    model = confidence.fit(
        events,
        right,
        c=C,
        trained_on=f"CASE 2021 task 2 dev: {len(events)} events from {n_docs} snippets "
        "(out-of-fold typer); right = sub-event type is the gold type",
        C=C,
        cv={k: v for k, v in cv.items() if k != "reliability"},
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    fitted = model.predict_rows(events)
    ins = {**ce.summary(fitted, right), "reliability": ce.reliability(fitted, right)}
    drew = plot(
        args.plot,
        {
            f"held-out {K}-fold CV (ECE {cv['ece']:.3f})": cv["reliability"],
            f"shipped model, in-sample (ECE {ins['ece']:.3f})": ins["reliability"],
        },
    )
    report = {
        "n_events": len(events),
        "n_snippets": n_docs,
        "cv_held_out": cv,
        "in_sample": ins,
        "coef": dict(zip(model.features, [round(float(c), 3) for c in model.coef], strict=True)),
        "model": str(args.out),
        "plot": str(args.plot) if drew else None,
    }
    json.dump(report, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
