"""A fast rule-based TIMEX3 tagger and normaliser (regular expressions + rules, no model).

:func:`tag` finds temporal expressions in a text and normalises each one to a TIMEX3
``type``/``value`` against a reference date (the document creation or publication date,
"DCT").  Conventions follow the TimeML gold annotation of TimeBank/AQUAINT (TBAQ, the
TempEval-3 training data):

* extents: signals ("on", "in", "before", "since", ...) stay outside the span; determiners
  and modifiers belonging to the expression stay inside ("the past two months",
  "last year", "late November", "nearly two years", "around 7:15 p.m.");
* a bare weekday/month name is resolved towards the **past** (news reports what happened),
  unless a future cue ("will", "next", "coming", "tomorrow", "scheduled", ...) is nearer to
  the expression than a past cue, cues before the expression taking precedence over cues
  after it; a weekday equal to the DCT's is the DCT itself;
* "that year", "later that year", "the following month" refer to the date last mentioned
  (the DCT when there is none); "a year ago/earlier" is a quarter when the period last
  mentioned is a quarter (earnings reports);
* "today" is the DCT day (TBAQ tags 46 of 47 "today" as the date; only a generic
  present-tense "today" is PRESENT_REF, which needs the parse: see ``doc``);
  "now"/"currently"/"current" are PRESENT_REF, "recently"/"the past" PAST_REF,
  "the future"/"soon" FUTURE_REF;
* "last week" is an ISO week (``2016-W48``), "the weekend" ``YYYY-Www-WE``, "N months ago"
  a month, "N years ago" a year, decades ``199``, centuries ``19``, quarters ``1989-Q3``,
  halves ``1989-H1``, seasons ``1989-SU``; parts of day ``TMO/TAF/TEV/TNI`` (TIME);
* durations: "10 months" P10M, "a year" P1Y, "a decade" P10Y, "hours" PTXH, "the last few
  days" PXD; adjectival "five-year", "2,000-year-old" are durations (TimeML tags them);
* sets: "every Monday" XXXX-WXX-1, "weekly" P1W, "daily" P1D;
* "the end of the month" is the month's last day (``2016-12-31``, mod END): the issue asks
  for a day usable as a bound; "the end of the year"/"of 1990" keep the TimeML form (the
  year with mod END).  A preceding "before"/"after"/"by"/"since" sets ``bound``.

Without a reference date relative expressions keep unresolved values (``XXXX-XX-XX``,
``XXXX-WXX-1``, ``XXXX``), never a guess.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from dateline.records import TimeExpr
from dateline.time import patterns, patterns_relative  # noqa: F401  (register the patterns, in order)
from dateline.time.normalise import (
    _MENTIONED_DATE,
    _Anaphor,
    _Cand,
    _Ctx,
    _resolve_anaphor,
    _tense,
    precision_of,
)
from dateline.time.patterns import _PATTERNS

# ---------------------------------------------------------------------------
# the tagger

_BOUND = re.compile(r"(?:^|\W)(?P<b>before|after|by|since|until|till|not\s+later\s+than)\s+$", re.I)
_BOUND_MAP: dict[str, str] = {
    "before": "before",
    "until": "before",
    "till": "before",
    "not later than": "by",
    "after": "after",
    "by": "by",
    "since": "since",
}


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Keep the longest non-overlapping candidates (ties: higher priority, then earlier)."""
    cands.sort(key=lambda c: (-(c.end - c.start), -c.prio, c.start))
    taken: list[_Cand] = []
    for c in cands:
        if any(c.start < t.end and t.start < c.end for t in taken):
            continue
        taken.append(c)
    taken.sort(key=lambda c: c.start)
    return taken


def tag(
    text: str,
    dct: date | str | None,
    *,
    doc: Any = None,
    doc_tense: bool = True,
    signals: list[dict[str, Any]] | None = None,
) -> list[TimeExpr]:
    """Find and normalise the temporal expressions of ``text`` against ``dct``.

    ``dct`` is the document creation/publication date (``date`` or ISO string) or None.
    ``doc`` is an optional spaCy Doc of exactly ``text``, used for the tense of the
    governing verb (past/future resolution) and for generic "today" (unless ``doc_tense``
    is False), and for the non-date readings of calendar words ("the fall of Aleppo", the
    modal "May", "the Sunday Times": :mod:`dateline.time.reading`).  ``signals``, when
    given, gets one dict per expression returned: the handler that tagged it, whether it was
    resolved against the date last mentioned, and the tense read around it
    (:mod:`dateline.time.confidence`).
    """
    if isinstance(dct, str):
        dct = date.fromisoformat(dct[:10])
    if doc is not None and getattr(doc, "text", None) != text:
        doc = None
    ctx = _Ctx(text=text, dct=dct, doc=doc if doc_tense else None, parse=doc)
    cands: list[_Cand] = []
    for rx, fn, prio in _PATTERNS:
        for m in rx.finditer(text):
            if m.end() <= m.start():
                continue
            res = fn(m, ctx)
            if res is None:
                continue
            typ, value, mod = res
            start, end = m.start(), m.end()
            # trailing whitespace never belongs to the span
            while end > start and text[end - 1].isspace():
                end -= 1
            cands.append(_Cand(start, end, typ, value, mod, prio, fn.__name__))
    out: list[TimeExpr] = []
    anchor = dct.isoformat() if dct else None
    last: str | None = None  # the value of the date last mentioned
    for c in _select(cands):
        anaphor = False  # resolved against the date last mentioned ("that year")
        if isinstance(c.value, _Anaphor) and last is not None:
            anaphor = True
            c.value = _resolve_anaphor(c.value, last) or str(c.value)
        else:
            c.value = str(c.value)
        if c.type == "DATE" and _MENTIONED_DATE.fullmatch(c.value):
            last = c.value
        bound = None
        bm = _BOUND.search(text[max(0, c.start - 20) : c.start])
        if bm:
            bound = _BOUND_MAP[re.sub(r"\s+", " ", bm["b"].lower())]
        out.append(
            TimeExpr(
                start=c.start,
                end=c.end,
                text=text[c.start : c.end],
                type=c.type,  # type: ignore[arg-type]
                value=c.value,
                precision=precision_of(c.value) if c.type in ("DATE", "TIME") else None,
                mod=c.mod,
                bound=bound,  # type: ignore[arg-type]
                anchor=anchor,
            )
        )
        if signals is not None:
            signals.append(
                {
                    "kind": c.kind,
                    "anaphor": anaphor,
                    "tense": _tense(ctx, c.start, c.end),
                }
            )
    return out
