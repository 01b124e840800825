"""Fit the events' calibrated confidence (dateline.events.confidence) on the CASE 2021 dev rows.

    PYTHONPATH=src .venv/bin/python scripts/train_confidence.py            # ~6 min on 2 cores
    PYTHONPATH=src .venv/bin/python scripts/train_confidence.py --cache /tmp/conf.json

1. The dev rows are split into the 5 stratified folds of ``dateline eval events`` (seed 0); an
   event typer is trained without each fold, and every snippet is analysed by the default
   stages with the typer of its fold (out-of-fold typer probabilities, as on unseen text).
2. Each event is an example, right when its sub-event type is the snippet's gold type.
3. The calibrator's settings — feature set (:data:`FEATURE_SETS`), L2 strength ``C`` and an
   optional Platt step on the logit (fitted on inner out-of-fold logits of the training folds
   only) — are chosen by held-out Brier score, never in sample.  Held-out figures: every
   setting's 5-fold CV (the logistic regression fitted on four folds' events scores the fifth;
   the folds group the events by snippet, i.e. by document; ECE with 10 bins and Brier pooled
   over the held-out predictions), and a nested CV in which each outer fold's setting is
   chosen by an inner CV on the other four folds alone (the honest figure of the whole
   procedure, selection included).
4. The setting with the best 5-fold CV Brier, fitted on all events, ships as
   ``src/dateline/data/event_confidence/model.json`` with the CV figures; the reliability
   diagram (nested held-out and in-sample) goes to ``docs/reliability.png`` when matplotlib is
   installed (``pip install -e '.[dev]'``).  ``--features base --c 1 --calibration none``
   fixes the setting (the model shipped before: its held-out CV on the same rows).

Deterministic: fixed folds, deterministic typer training and a deterministic lbfgs fit.
"""

from __future__ import annotations

import argparse
import dataclasses
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
K = 5
#: candidate feature sets (names of :data:`dateline.events.confidence.CANDIDATES`); the count
#: of the article's events is left out: CASE gives a snippet one gold type, so a second event
#: of another type is "wrong" there by construction, not on a real page
_LOGIT = ("typer_logit_type", "typer_margin")
_NOTES = (
    "definite_mention",
    "undated_definite",
    "time_other_clause",
    "date_narrative",
    "place_inferred",
    "actor_inferred",
    "arson",
)
FEATURE_SETS: dict[str, tuple[str, ...]] = {
    "base": confidence.FEATURES,
    "base+logit": (*confidence.FEATURES, *_LOGIT),
    "base+logit+notes": (*confidence.FEATURES, *_LOGIT, *_NOTES),
}
CS = (0.03, 0.1, 0.3, 1.0)
CALIBRATIONS = ("none", "platt")


def collect(data: Path) -> list[dict]:
    rows = read_case2021(data)
    texts = [r[1] for r in rows]
    gold = [r[2] for r in rows]
    names = {t.code: t.name for t in load_labels()}
    splits = folds(gold, K)
    models: list = []
    cv_predict(texts, gold, splits, models=models)
    return ce.oof_signals(texts, [names[g] for g in gold], splits, models)


Setting = tuple[str, float, str]  # feature set, C, calibration


def fit_setting(events: list[dict], setting: Setting) -> confidence.ConfidenceModel:
    """The calibrator of ``setting`` fitted on ``events`` (a Platt step on the inner
    out-of-fold logits of their own folds)."""
    name, c, calib = setting
    feats = FEATURE_SETS[name]
    right = [e["right"] for e in events]
    model = confidence.fit(events, right, c=c, features=feats)
    if calib == "platt":
        z = inner_logits(events, feats, c)
        model = dataclasses.replace(model, platt=confidence.fit_platt(z, right))
    return model


def inner_logits(events: list[dict], feats: tuple[str, ...], c: float) -> np.ndarray:
    """Out-of-fold logits of ``events`` over their own folds."""
    fold = np.array([e["fold"] for e in events])
    z = np.zeros(len(events))
    for f in sorted(set(fold)):
        tr = [e for e, g in zip(events, fold, strict=True) if g != f]
        model = confidence.fit(tr, [e["right"] for e in tr], c=c, features=feats)
        te = np.flatnonzero(fold == f)
        z[te] = model.logit(model.matrix([events[i] for i in te]))
    return z


def cross_validate(events: list[dict], setting: Setting) -> np.ndarray:
    """Held-out probabilities of ``setting``: each fold scored by the calibrator fitted on
    the others."""
    probs = np.zeros(len(events))
    fold = np.array([e["fold"] for e in events])
    for f in sorted(set(fold)):
        tr = [e for e, g in zip(events, fold, strict=True) if g != f]
        model = fit_setting(tr, setting)
        te = np.flatnonzero(fold == f)
        probs[te] = model.predict_rows([events[i] for i in te])
    return probs


def select(events: list[dict], grid: list[Setting]) -> tuple[Setting, list[dict]]:
    """The setting of ``grid`` with the lowest CV Brier on ``events``, and every setting's
    CV figures."""
    right = [e["right"] for e in events]
    table = []
    for setting in grid:
        held = cross_validate(events, setting)
        name, c, calib = setting
        table.append({"features": name, "C": c, "calibration": calib, **ce.summary(held, right)})
    best = min(range(len(grid)), key=lambda k: (table[k]["brier"], k))
    return grid[best], table


def nested(events: list[dict], grid: list[Setting]) -> tuple[np.ndarray, list[Setting]]:
    """Nested CV: each outer fold is scored by the setting an inner CV on the other folds
    chose, fitted on those folds."""
    probs = np.zeros(len(events))
    fold = np.array([e["fold"] for e in events])
    chosen = []
    for f in sorted(set(fold)):
        tr = [e for e, g in zip(events, fold, strict=True) if g != f]
        setting, _ = select(tr, grid)
        chosen.append(setting)
        te = np.flatnonzero(fold == f)
        probs[te] = fit_setting(tr, setting).predict_rows([events[i] for i in te])
    return probs, chosen


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
    ap.add_argument("--features", choices=sorted(FEATURE_SETS), help="fix the feature set")
    ap.add_argument("--c", type=float, help="fix the L2 strength C")
    ap.add_argument("--calibration", choices=CALIBRATIONS, help="fix the Platt step")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    if args.cache and args.cache.exists():
        events = json.loads(args.cache.read_text())
    else:
        events = collect(args.data)
        if args.cache:
            args.cache.write_text(json.dumps(events))
    right = [e["right"] for e in events]
    fixed = (args.features, args.c, args.calibration)
    if all(v is not None for v in fixed):
        grid = [(str(args.features), float(args.c), str(args.calibration))]
    else:
        grid = [
            (n, c, k)
            for n in ([args.features] if args.features else FEATURE_SETS)
            for c in ([args.c] if args.c else CS)
            for k in ([args.calibration] if args.calibration else CALIBRATIONS)
        ]
    setting, table = select(events, grid)
    held = cross_validate(events, setting)
    cv = {**ce.summary(held, right), "reliability": ce.reliability(held, right)}
    if len(grid) > 1:
        nheld, chosen = nested(events, grid)
    else:
        nheld, chosen = held, [setting] * K
    ncv = {**ce.summary(nheld, right), "reliability": ce.reliability(nheld, right)}
    n_docs = len({e["row"] for e in events})
    name, c, calib = setting
    model = fit_setting(events, setting)
    model = dataclasses.replace(
        model,
        meta={
            "trained_on": f"CASE 2021 task 2 dev: {len(events)} events from {n_docs} snippets "
            "(out-of-fold typer); right = sub-event type is the gold type",
            "feature_set": name,
            "C": c,
            "calibration": calib,
            "cv": {k: v for k, v in cv.items() if k != "reliability"},
            "nested_cv": {k: v for k, v in ncv.items() if k != "reliability"},
        },
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    fitted = model.predict_rows(events)
    ins = {**ce.summary(fitted, right), "reliability": ce.reliability(fitted, right)}
    drew = plot(
        args.plot,
        {
            f"held-out{', nested' if len(grid) > 1 else ''} {K}-fold CV (ECE {ncv['ece']:.3f})": ncv[
                "reliability"
            ],
            f"shipped model, in-sample (ECE {ins['ece']:.3f})": ins["reliability"],
        },
    )
    report = {
        "n_events": len(events),
        "n_snippets": n_docs,
        "setting": {"features": name, "C": c, "calibration": calib},
        "cv_held_out": cv,
        "nested_cv_held_out": {**ncv, "chosen_per_fold": chosen},
        "grid_cv": table,
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
