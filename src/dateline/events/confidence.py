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
  the sentence's position in the body, and how many triggers of the article merged into it;
* candidates (:data:`NOTE_SIGNALS`): the typer's log-odds for the event's type and its margin,
  and what the newer rules note on the event (a definite mention, undated or dated by the event
  it refers back to, a time of another clause, a narrative date, an inferred place or actor, a
  deliberate fire).

:func:`signals` computes them all; the shipped model uses the feature set, L2 strength and
optional Platt step that ``scripts/train_confidence.py`` chose by held-out CV Brier score.

The weights (standardisation, coefficients, intercept) ship as
``data/event_confidence/model.json``, fitted by ``scripts/train_confidence.py`` on the CASE
2021 task 2 dev rows with out-of-fold typer probabilities ("right" = the event's sub-event
type is the gold type), and load lazily on first use.  The number of independent sources of
a merged event is not a feature: it is a corpus-level signal with no gold here to fit it on.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar, Self

import numpy as np

from dateline import calibration
from dateline.errors import DatelineError
from dateline.events import acled, anaphora, arson

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

#: signals the stages expose through an event's notes and its trigger's parse, measured as
#: candidates by ``scripts/train_confidence.py`` (a feature enters the shipped model only when
#: the held-out CV says so); :func:`signals` computes them all
NOTE_SIGNALS: tuple[str, ...] = (
    "definite_mention",  # a definite noun mention ("the bombings", events/anaphora.py)
    "undated_definite",  # ... with no date of its own
    "refers_back",  # ... dated by the event of its family the article dated before it
    "no_dated_antecedent",  # ... none: a week's precision
    "time_other_clause",  # the sentence's time dates another clause than the mention
    "clause_time",  # dated relative to the sentence's main event ("eight months after ...")
    "date_narrative",  # date inherited from the narrative context
    "pluperfect_background",  # past perfect with no stated date
    "place_inferred",  # place from the narrative / the article, not the sentence
    "actor_inferred",  # actor1 / actor2 guessed (nearest actor, main opponent, unnamed)
    "arson",  # a deliberate fire or an arson charge (events/arson.py)
    "trigger_noun",
    "trigger_definite_or_charge",
    "n_events_sentence",
    "log_events_article",
    "typer_logit_type",  # the typer's probability for the event's type, as log-odds
    "typer_margin",  # its top probability minus its second
)
CANDIDATES: tuple[str, ...] = (*FEATURES, *NOTE_SIGNALS)

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
        f = dict.fromkeys(CANDIDATES, 0.0)
        row = typer_probs.get(id(ev))
        if row is not None:
            top = int(np.argmax(row))
            k = index.get(ev.sub_event_type)
            f["typer_p_type"] = float(row[k]) if k is not None else 0.0
            f["typer_p_top"] = float(row[top])
            f["typer_agrees"] = float(label_names[top] == ev.sub_event_type)
            f["typer_top_not_acled"] = float(not label_acled[top])
            p = min(max(f["typer_p_type"], 1e-3), 1 - 1e-3)
            f["typer_logit_type"] = math.log(p / (1 - p))
            f["typer_margin"] = float(row[top] - np.partition(row, -2)[-2]) if len(row) > 1 else 1.0
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
        _note_signals(f, ev, tok)
        f["n_events_sentence"] = float(sum(e.sentence == ev.sentence for e in events))
        f["log_events_article"] = math.log(len(events))
        out.append(f)
    return out


_PLACE_INFERRED = ("place from the narrative context", "town from the article", "the article's")
_ACTOR_INFERRED = (
    "actor1 from the nearest actor",
    "actor2 is the main opposing actor",
    "an unnamed attacker",
)


def _note_signals(f: dict[str, float], ev: Any, tok: Any) -> None:
    """The :data:`NOTE_SIGNALS` of event ``ev`` (trigger token ``tok``) into ``f``."""
    notes = ev.notes
    f["undated_definite"] = float(anaphora.UNDATED in notes)
    f["refers_back"] = float(anaphora.REFERS_BACK in notes)
    f["no_dated_antecedent"] = float("no dated antecedent" in notes)
    f["time_other_clause"] = float("dates another clause" in notes)
    f["clause_time"] = float("the sentence's main event" in notes)
    f["date_narrative"] = float(_INFERRED_DATE[0] in notes)
    f["pluperfect_background"] = float("background (past perfect)" in notes)
    f["place_inferred"] = float(any(m in notes for m in _PLACE_INFERRED))
    f["actor_inferred"] = float(any(m in notes for m in _ACTOR_INFERRED))
    if tok is not None:
        f["definite_mention"] = float(anaphora.definite(tok))
        f["arson"] = float(arson.deliberate_fire(tok))
        f["trigger_noun"] = float(tok.pos_ in ("NOUN", "PROPN"))
        f["trigger_definite_or_charge"] = float(
            f["definite_mention"] > 0 or arson.named_charge(tok)
        )


class ConfidenceModel(calibration.Logistic):
    """Standardised features → logistic regression → probability the event's type is right;
    every feature row must hold every feature."""

    strict: ClassVar[bool] = True

    @classmethod
    def load(cls, path: Path = MODEL_PATH, known: Sequence[str] = CANDIDATES) -> Self:
        try:
            return super().load(path, known)
        except calibration.CalibrationModelMissing as e:
            raise ConfidenceModelMissing(str(e)) from e


def fit(
    rows: list[dict[str, float]],
    right: list[bool],
    *,
    c: float = 1.0,
    features: tuple[str, ...] = FEATURES,
    **meta: Any,
) -> ConfidenceModel:
    """Fit the logistic regression (L2, ``C=c``, deterministic) on feature rows."""
    return calibration.fit(rows, right, features, c=c, model=ConfidenceModel, **meta)


def fit_platt(logits: Any, right: list[bool]) -> tuple[float, float]:
    """Platt scaling: ``a, b`` of p = sigmoid(a * z + b), fitted (unpenalised) on held-out
    logits ``z`` of the regression and their outcomes."""
    from sklearn.linear_model import LogisticRegression

    z = np.asarray(logits, dtype=np.float64).reshape(-1, 1)
    lr = LogisticRegression(C=1e6, max_iter=5000).fit(z, np.asarray(right, dtype=int))
    return float(lr.coef_[0][0]), float(lr.intercept_[0])


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
