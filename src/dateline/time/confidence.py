"""The probability that a time expression's normalised TIMEX3 value is right
(``TimeExpr.probability``), from the signals the tagger already has.

Signals (:data:`FEATURES`), per expression:

* the kind of pattern that tagged it (:data:`KINDS`: an absolute date, a calendar name
  resolved by tense, a deictic word, a time of day, a duration, a set, a vague reference)
  and, as candidates, the handler itself (``handler=<name>``);
* the TIMEX3 type and the value's precision (day, week, month, quarter, year, decade or
  wider, a time, none), a mod, a bound ("before", "since" ...), a value left unresolved
  (``XXXX``);
* relative or absolute: whether the text writes a year ("1998", "'98") or digits at all;
* the anchor: resolved against the date the text mentioned last ("that year") rather than
  the reference date; how far the value's year is from the reference date's (log years);
* the tense read around it (future, past, or no cue), which decides "Sunday" or "in March".

The reference date's source (``Article.published_source``) is no signal here: on the
TimeBank/AQUAINT dev files every document's reference date is its gold creation time, so the
data cannot say what a date found in the page's markup or text is worth.

The weights ship as ``data/field_confidence/time.json``, fitted by
``scripts/train_field_confidence.py`` on the TBAQ dev files: a system expression that
overlaps a gold TIMEX3 (TempEval-3's relaxed match) is an example, right when its value
equals the gold value.  Expressions that match no gold TIMEX3 are not examples: the
probability is that of the value, given the span is a time expression.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from dateline.calibration import Shipped
from dateline.records import TimeExpr
from dateline.time.patterns import _PATTERNS

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "field_confidence" / "time.json"

#: handler → kind of pattern
_KIND_OF: dict[str, str] = {
    **dict.fromkeys(
        ("_iso", "_slash", "_month_year_expr", "_year", "_decade", "_century", "_spoken"),
        "absolute",
    ),
    **dict.fromkeys(
        (
            "_month_day",
            "_month",
            "_weekday",
            "_season",
            "_holiday",
            "_quarter_expr",
            "_the_quarter",
            "_half",
            "_period",
            "_fiscal_year",
        ),
        "calendar",
    ),
    **dict.fromkeys(
        (
            "_dayref",
            "_relative",
            "_rel_part",
            "_this_unit",
            "_ago",
            "_year_ago",
            "_year_earlier_adj",
            "_end_of",
            "_weekend",
        ),
        "deictic",
    ),
    **dict.fromkeys(("_time", "_part_of_day"), "clock"),
    **dict.fromkeys(
        ("_duration", "_adj_duration", "_long", "_vague_duration", "_a_decade"), "duration"
    ),
    **dict.fromkeys(("_set", "_weekdays_plural", "_adverb_set"), "set"),
    **dict.fromkeys(("_present", "_past", "_future"), "reference"),
}
KINDS: tuple[str, ...] = (
    "absolute",
    "calendar",
    "deictic",
    "clock",
    "duration",
    "set",
    "reference",
    "other",
)
HANDLERS: tuple[str, ...] = tuple(sorted({fn.__name__ for _, fn, _ in _PATTERNS}))
PRECISIONS: tuple[str, ...] = ("day", "week", "month", "quarter", "year", "wide", "time", "none")

FEATURES: tuple[str, ...] = (
    *(f"kind={k}" for k in KINDS),
    "type_date",
    "type_time",
    "type_duration",
    "type_set",
    *(f"precision={p}" for p in PRECISIONS),
    "has_mod",
    "has_bound",
    "unresolved",
    "writes_year",
    "has_digits",
    "anaphor",
    "log_years_from_anchor",
    "future",
    "past",
    "no_tense_cue",
)
CANDIDATES: tuple[str, ...] = (*FEATURES, *(f"handler={h}" for h in HANDLERS))

MODEL = Shipped(MODEL_PATH, CANDIDATES)

_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b|'\d\d\b|’\d\d\b")
_VALUE_YEAR = re.compile(r"^(\d{4})")


def signals(times: Sequence[TimeExpr], tagged: Sequence[dict[str, Any]]) -> list[dict[str, float]]:
    """One feature dict (keys: :data:`CANDIDATES`) per expression; ``tagged`` holds what
    :func:`dateline.time.timex.tag` recorded for each (its ``signals``)."""
    out = []
    for t, s in zip(times, tagged, strict=True):
        f = dict.fromkeys(CANDIDATES, 0.0)
        kind = str(s.get("kind", ""))
        f[f"kind={_KIND_OF.get(kind, 'other')}"] = 1.0
        if f"handler={kind}" in f:
            f[f"handler={kind}"] = 1.0
        f[f"type_{t.type.lower()}"] = 1.0
        if t.type in ("DATE", "TIME"):
            p = t.precision or "none"
            p = "wide" if p in ("decade", "century") else p
            f[f"precision={p if p in PRECISIONS else 'none'}"] = 1.0
        f["has_mod"] = float(t.mod is not None)
        f["has_bound"] = float(t.bound is not None)
        f["unresolved"] = float("X" in t.value)
        f["writes_year"] = float(bool(_YEAR.search(t.text)))
        f["has_digits"] = float(any(ch.isdigit() for ch in t.text))
        f["anaphor"] = float(bool(s.get("anaphor")))
        m = _VALUE_YEAR.match(t.value)
        year = _anchor_year(t.anchor)
        if m and year is not None:
            f["log_years_from_anchor"] = math.log1p(abs(int(m.group(1)) - year))
        tense = s.get("tense")
        f["future" if tense is True else "past" if tense is False else "no_tense_cue"] = 1.0
        out.append(f)
    return out


def assign(times: Sequence[TimeExpr], rows: Sequence[dict[str, float]], digits: int = 3) -> None:
    """Set each expression's ``probability`` (nothing when the weights are missing)."""
    model = MODEL.get()
    if model is None or not times:
        return
    for t, p in zip(times, model.predict_rows(rows), strict=True):
        t.probability = round(float(p), digits)


def _anchor_year(anchor: str | None) -> int | None:
    try:
        return date.fromisoformat(anchor[:10]).year if anchor else None
    except ValueError:
        return None
