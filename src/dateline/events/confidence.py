"""Calibrated event confidence: the probability that an event's sub-event type is right.

A logistic regression over signals the events stage already has for each event (no new
model at run time, no corpus-level signal):

* the learned typer (:mod:`dateline.events.typer`) on the evidence sentence: the probability
  it gives the event's sub-event type, its top probability, whether its top type is the
  event's, whether that top type is outside ACLED (crime, disaster, diplomacy, a claim), and
  whether the typer overrode the rules' type; whether the sentence holds several events (the
  typer is then not allowed to retype them);
* the trigger: a verb or a noun, a realis verb reading (past tense or perfect);
* the event family (ACLED event type);
* the date: time_precision (day / week / month / none) and whether it was inferred from the
  narrative or the publication date; the place: geo_precision (town / near / region / none);
* background event, actors named (actor1, actor2), fatalities given, claimed by a speaker,
  the sentence's position in the body, and how many triggers of the article merged into it.

The weights (standardisation, coefficients, intercept) ship as
``data/event_confidence/model.json``, fitted by ``scripts/train_confidence.py`` on the CASE
2021 task 2 dev rows with out-of-fold typer probabilities ("right" = the event's sub-event
type is the gold type), and load lazily on first use.  The number of independent sources of
a merged event is not a feature: it is a corpus-level signal with no gold here to fit it on.
"""

from __future__ import annotations

import json
import logging
import math
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from dateline.errors import DatelineError
from dateline.events import acled

log = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "event_confidence" / "model.json"

FAMILIES = acled.EVENT_TYPES  # one feature per ACLED event type, in the schema's order

FEATURES: tuple[str, ...] = (
    "typer_p_type",
    "typer_p_top",
    "typer_agrees",
    "typer_top_not_acled",
    "typer_override",
    "shared_sentence",
    "trigger_verb",
    "trigger_realis",
    *(f"family={f}" for f in FAMILIES),
    "time_day",
    "time_week",
    "time_month",
    "time_none",
    "date_inferred",
    "geo_town",
    "geo_near",
    "geo_region",
    "geo_none",
    "background",
    "has_actor1",
    "has_actor2",
    "fatalities_given",
    "claimed",
    "first_sentence",
    "position",
    "log_reports",
)

_OVERRIDE_NOTE = "[sub-event type from the typer"
_INFERRED_DATE = ("date from the narrative context", "date from the publication date")


class ConfidenceModelMissing(DatelineError):
    """The shipped confidence weights are missing or unreadable."""


def _realis(tok: Any) -> bool:
    """A verb read as having happened: past tense, or a perfect ("has seized")."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if "Past" in tok.morph.get("Tense") and "Part" not in tok.morph.get("VerbForm"):
        return True
    return any(c.dep_ == "aux" and c.lemma_ == "have" for c in tok.children)


def signals(
    article: Any,
    doc: Any,
    events: list[Any],
    typer_probs: dict[int, np.ndarray],
    label_names: list[str],
    label_acled: list[bool],
    shared: set[int],
) -> list[dict[str, float]]:
    """One feature dict (keys: :data:`FEATURES`) per event.

    ``typer_probs`` maps ``id(event)`` to the typer's probability row over ``label_names``;
    ``shared`` holds the sentences that held more than one event before merging.
    """
    body = [i for i, s in enumerate(article.sentences) if s.section_kind == "body"]
    rank = {si: k for k, si in enumerate(body)}
    index = {n: k for k, n in enumerate(label_names)}
    out = []
    for ev in events:
        f = dict.fromkeys(FEATURES, 0.0)
        row = typer_probs.get(id(ev))
        if row is not None:
            top = int(np.argmax(row))
            k = index.get(ev.sub_event_type)
            f["typer_p_type"] = float(row[k]) if k is not None else 0.0
            f["typer_p_top"] = float(row[top])
            f["typer_agrees"] = float(label_names[top] == ev.sub_event_type)
            f["typer_top_not_acled"] = float(not label_acled[top])
        f["typer_override"] = float(_OVERRIDE_NOTE in ev.notes)
        f["shared_sentence"] = float(ev.sentence in shared)
        tok = None
        if doc is not None and ev.trigger is not None:
            span = doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
            tok = span[0] if span is not None and len(span) else None
        if tok is not None:
            f["trigger_verb"] = float(tok.pos_ in ("VERB", "AUX"))
            f["trigger_realis"] = float(_realis(tok))
        if ev.event_type in FAMILIES:
            f[f"family={ev.event_type}"] = 1.0
        tp = {1: "time_day", 2: "time_week", 3: "time_month"}.get(ev.time_precision or 0)
        f[tp or "time_none"] = 1.0
        f["date_inferred"] = float(any(m in ev.notes for m in _INFERRED_DATE))
        gp = {1: "geo_town", 2: "geo_near", 3: "geo_region"}.get(ev.geo_precision or 0)
        f[gp or "geo_none"] = 1.0
        f["background"] = float(ev.background)
        f["has_actor1"] = float(ev.actor1 is not None)
        f["has_actor2"] = float(ev.actor2 is not None)
        f["fatalities_given"] = float(ev.fatalities > 0)
        f["claimed"] = float(ev.claimed_by is not None)
        pos = rank.get(ev.sentence, 0)
        f["first_sentence"] = float(pos == 0)
        f["position"] = pos / max(len(body) - 1, 1)
        f["log_reports"] = math.log1p(ev.notes.count(" | also: "))
        out.append(f)
    return out


@dataclass(frozen=True)
class ConfidenceModel:
    """Standardised features → logistic regression → probability the event's type is right."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    meta: dict[str, Any]

    def matrix(self, rows: list[dict[str, float]]) -> np.ndarray:
        return np.array([[r[n] for n in self.features] for r in rows], dtype=np.float64).reshape(
            len(rows), len(self.features)
        )

    def predict(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def predict_rows(self, rows: list[dict[str, float]]) -> np.ndarray:
        return self.predict(self.matrix(rows))

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "coef": [round(float(v), 6) for v in self.coef],
            "intercept": round(float(self.intercept), 6),
            **self.meta,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> ConfidenceModel:
        meta = {k: v for k, v in raw.items() if k not in ("features", "mean", "scale", "coef")}
        meta.pop("intercept", None)
        return cls(
            features=tuple(raw["features"]),
            mean=np.asarray(raw["mean"], dtype=np.float64),
            scale=np.asarray(raw["scale"], dtype=np.float64),
            coef=np.asarray(raw["coef"], dtype=np.float64),
            intercept=float(raw["intercept"]),
            meta=meta,
        )

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> ConfidenceModel:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            model = cls.from_json(raw)
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise ConfidenceModelMissing(f"cannot read confidence weights {path}: {e}") from e
        missing = [n for n in model.features if n not in FEATURES]
        if missing or len(model.coef) != len(model.features):
            raise ConfidenceModelMissing(f"{path} does not match the features: {missing}")
        return model


def fit(
    rows: list[dict[str, float]], right: list[bool], *, c: float = 1.0, **meta: Any
) -> ConfidenceModel:
    """Fit the logistic regression (L2, ``C=c``, deterministic) on feature rows."""
    from sklearn.linear_model import LogisticRegression

    x = np.array([[r[n] for n in FEATURES] for r in rows], dtype=np.float64)
    y = np.asarray(right, dtype=int)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    lr = LogisticRegression(C=c, max_iter=5000).fit((x - mean) / scale, y)
    return ConfidenceModel(FEATURES, mean, scale, lr.coef_[0], float(lr.intercept_[0]), meta)


_lock = threading.Lock()
_MODEL: dict[str, ConfidenceModel] = {}


def get_model() -> ConfidenceModel:
    """The shipped model, loaded once per process."""
    with _lock:
        if "m" not in _MODEL:
            _MODEL["m"] = ConfidenceModel.load()
    return _MODEL["m"]


def assign(events: list[Any], rows: list[dict[str, float]], digits: int = 3) -> None:
    """Set each event's ``confidence`` from its feature row (rounded to ``digits``)."""
    if not events:
        return
    probs = get_model().predict_rows(rows)
    for ev, p in zip(events, probs, strict=True):
        ev.confidence = round(float(p), digits)
