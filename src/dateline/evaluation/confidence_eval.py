"""Calibration of the events' confidence on the CASE 2021 task 2 dev rows.

Every snippet is analysed by the default stages (parse … events; the snippet is the body of
one article, so the page stage's length rules do not reject short snippets) with the event
typer of its cross-validation fold, trained on the other folds only: the typer's
probabilities are then those of unseen text, as at run time (the shipped typer was trained
on these rows).  Each event the stage produces is one example, "right" when its sub-event
type is the snippet's gold type; the stage records its confidence features
(:func:`dateline.events.confidence.signals`).

Scores: expected calibration error (ECE, equal-width bins, weighted by bin size), Brier score
and the reliability table.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

BINS = 10


def ece(probs: Any, right: Any, bins: int = BINS) -> float:
    """Expected calibration error: Σ_b n_b / N · |mean confidence_b − accuracy_b|."""
    p = np.asarray(probs, dtype=np.float64)
    y = np.asarray(right, dtype=np.float64)
    if not len(p):
        return 0.0
    idx = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            total += m.sum() / len(p) * abs(p[m].mean() - y[m].mean())
    return float(total)


def brier(probs: Any, right: Any) -> float:
    p = np.asarray(probs, dtype=np.float64)
    y = np.asarray(right, dtype=np.float64)
    return float(((p - y) ** 2).mean()) if len(p) else 0.0


def reliability(probs: Any, right: Any, bins: int = BINS) -> list[dict[str, Any]]:
    """Per non-empty bin: its range, mean predicted probability, observed accuracy, count."""
    p = np.asarray(probs, dtype=np.float64)
    y = np.asarray(right, dtype=np.float64)
    idx = np.minimum((p * bins).astype(int), bins - 1)
    out = []
    for b in range(bins):
        m = idx == b
        if m.any():
            out.append(
                {
                    "bin": f"{b / bins:.1f}-{(b + 1) / bins:.1f}",
                    "mean_predicted": round(float(p[m].mean()), 4),
                    "observed": round(float(y[m].mean()), 4),
                    "count": int(m.sum()),
                }
            )
    return out


def summary(probs: Any, right: Any) -> dict[str, Any]:
    return {
        "n_events": len(probs),
        "accuracy": round(float(np.mean(right)), 4) if len(right) else 0.0,
        "ece": round(ece(probs, right), 4),
        "brier": round(brier(probs, right), 4),
    }


def _stages(signal_log: list[list[dict[str, Any]]]) -> list[Any]:
    from dateline import registry
    from dateline.events.stage import Events

    names = [n for n in registry.DEFAULT_STAGES if n not in ("dateline.textpage.v1",)]
    stages = [registry.get(n).factory() for n in names if n != "dateline.events.v1"]
    return [*stages, Events(signal_log=signal_log)]


def oof_signals(
    texts: list[str],
    gold_names: list[str],
    splits: list[tuple[np.ndarray, np.ndarray]],
    models: list[Any],
) -> list[dict[str, Any]]:
    """Confidence features of every event of every snippet, typed by its fold's typer.

    ``models[f]`` is the typer trained without fold ``f``.  Each returned dict holds the
    features plus ``row`` (snippet index), ``fold``, ``sub_event_type``, ``right``, the gold
    type, the trigger's text and the event's notes (to read the misses).
    """
    from dateline.evaluation.quote_eval import build_article
    from dateline.events import typer as event_typing

    log_: list[list[dict[str, Any]]] = []
    stages = _stages(log_)
    out: list[dict[str, Any]] = []
    with event_typing._lock:
        shipped = event_typing._MODEL.get("m")
    try:
        for f, ((_, te), model) in enumerate(zip(splits, models, strict=True)):
            with event_typing._lock:
                event_typing._MODEL["m"] = model
            for i in te:
                art = build_article(texts[i], name=f"case-{i}")
                before = len(log_)
                for st in stages:
                    art = st(art)
                for rows in log_[before:]:
                    for r, ev in zip(rows, art.events, strict=True):
                        right = r["sub_event_type"] == gold_names[i]
                        out.append(
                            {
                                **r,
                                "row": int(i),
                                "fold": f,
                                "right": right,
                                "gold": gold_names[i],
                                "trigger_text": ev.trigger_text,
                                "notes": ev.notes,
                            }
                        )
            log.info("confidence: fold %d done, %d events so far", f, len(out))
    finally:
        with event_typing._lock:
            if shipped is None:
                event_typing._MODEL.pop("m", None)
            else:
                event_typing._MODEL["m"] = shipped
    return out


def shipped_scores(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """ECE / Brier of the shipped confidence model on out-of-fold feature rows (in-sample for
    the calibrator: it was fitted on these rows)."""
    from dateline.events.confidence import get_model

    if not rows:
        return {"n_events": 0}
    probs = get_model().predict_rows(rows)
    right = [r["right"] for r in rows]
    return {
        **summary(probs, right),
        "protocol": "shipped calibrator, fitted on these rows (in-sample); typer out of fold",
        "reliability": reliability(probs, right),
    }
