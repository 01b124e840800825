"""TIMEX3 normalisation: numbers, durations, date arithmetic, tense and the resolution of
relative dates against the reference date."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateline.time.reading import _token_at
from dateline.time.vocab import _NUMWORDS, _UNITS


class _Anaphor(str):
    """A value resolved against the DCT that really refers to the date last mentioned.

    "that year", "later that year", "the following month": :func:`tag` re-resolves it
    against the previous DATE in the text when there is one (the string itself is the
    DCT-based fallback)."""

    unit: str
    step: int

    def __new__(cls, value: str, unit: str, step: int) -> _Anaphor:
        obj = super().__new__(cls, value)
        obj.unit = unit
        obj.step = step
        return obj


def _resolve_anaphor(a: _Anaphor, last: str) -> str | None:
    """``a`` against the last mentioned date value ``last`` (None: too coarse)."""
    if a.unit == "year":
        return str(int(last[:4]) + a.step)
    if a.unit == "month" and len(last) >= 7:
        d = _add_months(date(int(last[:4]), int(last[5:7]), 1), a.step)
        return f"{d.year:04d}-{d.month:02d}"
    if a.unit == "day" and len(last) == 10:
        return (date.fromisoformat(last) + timedelta(days=a.step)).isoformat()
    return None


_MENTIONED_DATE = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?)?")


@dataclass
class _Cand:
    start: int
    end: int
    type: str
    value: str
    mod: str | None = None
    prio: int = 0
    kind: str = ""  # the handler that made it (a signal of dateline.time.confidence)


@dataclass
class _Ctx:
    text: str
    dct: date | None
    doc: Any = None
    _fut: dict[int, bool] | None = None
    parse: Any = None  # the spaCy Doc for the readings of calendar words (timex_reading)

    def future(self, start: int, end: int) -> bool:
        return bool(_tense(self, start, end))


# ---------------------------------------------------------------------------
# number and date helpers


def parse_number(s: str) -> float | None:
    """'10' → 10, 'twenty four' → 24, 'a' → 1, '2,000' → 2000, '5 1/2' → 5.5."""
    s = s.lower().strip()
    if not s:
        return None
    half = 0.0
    if s.endswith("1/2"):
        half, s = 0.5, s[:-3].strip()
    if s.endswith("and a half"):
        half, s = 0.5, s[: -len("and a half")].strip()
    if s in ("a", "an", "one"):
        return 1 + half
    if "couple" in s:
        return 2 + half
    digits = s.replace(",", "")
    try:
        return float(digits) + half
    except ValueError:
        pass
    total = 0
    current = 0
    for w in re.split(r"[\s-]+", s):
        if w == "and":
            continue
        if w in _NUMWORDS:
            current += _NUMWORDS[w]
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
    return total + current + half


def _fmt_num(n: float) -> str:
    return str(int(n)) if n == int(n) else str(n)


# unit code -> (value when the number is unspecified, template, multiplier, what a half adds:
# None keeps the fraction in the number)
_DURATION_FORMS: dict[str, tuple[str, str, int, str | None]] = {
    "S": ("PTXS", "PT{}S", 1, None),
    "MIN": ("PTXM", "PT{}M", 1, "30S"),
    "H": ("PTXH", "PT{}H", 1, "30M"),
    "D": ("PXD", "P{}D", 1, "T12H"),
    "W": ("PXW", "P{}W", 1, ""),
    "FN": ("PXW", "P{}W", 2, ""),
    "M": ("PXM", "P{}M", 1, ""),
    "Q": ("PXQ", "P{}Q", 1, ""),
    "Y": ("PXY", "P{}Y", 1, "6M"),
    "DE": ("PXE", "P{}Y", 10, ""),
    "CE": ("PXC", "P{}Y", 100, ""),
    "ML": ("PXL", "P{}Y", 1000, ""),
    "WE": ("PXWE", "P{}D", 2, ""),
}


def duration_value(n: float | None, unit: str) -> str:
    """TIMEX3 duration for ``n`` units (None = unspecified: PXY, PTXH)."""
    code = _UNITS.get(unit.lower().rstrip("s").replace("centurie", "century"), "")
    if not code:
        code = _UNITS.get(unit.lower(), "D")
    unspecified, template, mult, half = _DURATION_FORMS[code]
    if n is None:
        return unspecified
    n = n * mult
    if half is None:
        return template.format(_fmt_num(n))
    whole = int(n)
    return template.format(whole) + (half if n - whole >= 0.5 else "")


def _add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _quarter(d: date) -> int:
    return (d.month - 1) // 3 + 1


def _last_quarter(d: date) -> str:
    q = _quarter(d) - 1
    return f"{d.year:04d}-Q{q}" if q else f"{d.year - 1:04d}-Q4"


def precision_of(value: str) -> str | None:
    """The granularity of a TIMEX3 date/time value."""
    if value.startswith("P") and not value.endswith("_REF"):
        return None
    if value.endswith("_REF"):
        return "none"
    if "T" in value and re.search(r"T\d|T[A-Z]{2}$", value):
        return "time"
    if re.fullmatch(r"[\dX]{4}-[\dX]{2}-[\dX]{2}", value):
        return "day"
    if re.fullmatch(r"[\dX]{4}-W[\dX]{2}(-WE)?", value):
        return "week"
    if re.fullmatch(r"[\dX]{4}-[\dX]{2}", value):
        return "month"
    if re.fullmatch(r"[\dX]{4}-(Q[\dX]|H\d|SP|SU|FA|WI)", value):
        return "quarter" if "-Q" in value or "-H" in value else "month"
    if re.fullmatch(r"[\dX]{4}", value):
        return "year"
    if re.fullmatch(r"[\dX]{3}", value):
        return "decade"
    if re.fullmatch(r"[\dX]{2}", value):
        return "century"
    return "none"


# ---------------------------------------------------------------------------
# tense / direction

# Future cues ("could" is not one: it is the past of "can" as often as a conditional).
_FUTURE_CUES = re.compile(
    r"\b(?:will|won't|shall|'ll|going\s+to|plans?\s+to|planned|planning|scheduled|expected\s+to"
    r"|expects\s+to|is\s+to|are\s+to|due|set\s+to|next|upcoming|coming|tomorrow|payable|until"
    r"|would|might|intends?\s+to|hopes?\s+to|aims?\s+to|starting|begins?|opens?"
    r"|as\s+soon\s+as|as\s+early\s+as|postponed|deadline|effective|of\s+record"
    r"|to\s+(?:be|leave|meet|visit|begin|start|hold|travel)"
    r")\b",
    re.I,
)
# Past-tense cues: a few auxiliaries and adverbs, common irregular past forms, and lower-case
# "-ed" words (capitalised ones are names: "United", "Red Sea").  A participle after
# "be/been/being" is a passive ("will be named", "would be held"), not a past tense.
_IRREGULAR_PAST = (
    r"went|came|took|made|gave|told|met|began|left|held|got|found|saw|fell|struck|tore|won"
    r"|lost|sent|spent|paid|sold|bought|brought|thought|knew|became|ran|rose|led|kept|broke"
    r"|spoke|wrote|flew|fought|stood|chose|drove|shot|caught|threw|grew|drew|meant|felt|heard"
    r"|built|sought|fled|ate|swore|stole|forgot|withdrew|overtook|undertook|hung|sank|shook"
)
_NOT_PAST_ED = (
    r"need|needed|indeed|speed|succeed|proceed|exceed|feed|seed|breed|greed|hundred|sacred"
    r"|naked|wicked|kindred|rugged|ragged|beloved|crooked|embed|shed|bed|red|wed|planned"
    r"|scheduled|postponed|expected"
)
_PAST_CUES = re.compile(
    r"\b(?:(?i:was|were|had|did|said|ago|last|yesterday|earlier|previously)"
    rf"|(?<!\bbe\s)(?<!\bbeen\s)(?<!\bbeing\s)(?:(?i:{_IRREGULAR_PAST})"
    rf"|(?!(?:{_NOT_PAST_ED})\b)[a-z]{{3,}}ed))\b"
)
_SENT_BOUND = re.compile(r"[.!?]\s|\n")


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    s = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), text.rfind("? ", 0, start))
    s = s + 1 if s >= 0 else 0
    m = _SENT_BOUND.search(text, end)
    return s, (m.start() + 1 if m else len(text))


def _tense(ctx: _Ctx, start: int, end: int) -> bool | None:
    """Does the clause around [start, end) speak of the future (True) or the past (False)?

    None: no cue either way."""
    if ctx.doc is not None:
        verdict = _doc_tense(ctx.doc, start)
        if verdict is not None:
            return verdict
    s, e = _sentence_bounds(ctx.text, start, end)
    # nearest cue distance per (cue before the expression?, future?)
    near: dict[tuple[bool, bool], int] = {}
    for rx, is_fut in ((_FUTURE_CUES, True), (_PAST_CUES, False)):
        for m in rx.finditer(ctx.text, s, e):
            if start <= m.start() < end:
                continue
            if is_fut and re.search(
                r"\b(?:had(?:\s+been)?|previously|was|were)\s+$",
                ctx.text[max(0, m.start() - 14) : m.start()],
            ):
                continue  # "had been due to expire", "as previously planned": past
            left = m.end() <= start
            dist = start - m.end() if left else m.start() - end
            key = (left, is_fut)
            near[key] = min(near.get(key, dist), dist)
    # The verb before the expression governs it ("said Friday", "will meet on Monday"); cues
    # after it count only when there is none before ("On Friday, the government planned ...").
    side = any(k[0] for k in near)
    fut, past = near.get((side, True)), near.get((side, False))
    if fut is None:
        return None if past is None else False
    return past is None or fut < past


def _doc_tense(doc: Any, offset: int) -> bool | None:
    """Future (True) / past (False) from the verb governing the token at ``offset``."""
    tok = _token_at(doc, offset)  # binary search: a walk from the first token is O(n) a call
    if tok is None:
        return None
    head = tok
    for _ in range(6):
        if head.pos_ in ("VERB", "AUX") or head.head.i == head.i:
            break
        head = head.head
    if head.pos_ not in ("VERB", "AUX"):
        return None
    auxes = [c.lower_ for c in head.children if c.dep_ in ("aux", "auxpass")]
    if any(a in ("will", "'ll", "shall", "wo") for a in auxes):
        return True
    if head.tag_ in ("VBD", "VBN") or any(a in ("was", "were", "had", "did") for a in auxes):
        return False
    if head.tag_ in ("VBZ", "VBP", "VBG") or "going" in auxes:
        return True if head.tag_ == "VBG" or any(a in ("is", "are", "am") for a in auxes) else None
    return None


# ---------------------------------------------------------------------------
# resolvers


def _weekday_date(ctx: _Ctx, wd: int, rel: str, start: int, end: int) -> str:
    dct = ctx.dct
    if dct is None:
        return f"XXXX-WXX-{wd}"
    off = wd - dct.isoweekday()
    rel = rel.lower()
    if rel in ("last", "this past", "the previous", "past", "previous"):
        if off >= 0:
            off -= 7
    elif rel in ("next", "this coming", "coming", "the following", "following"):
        if off <= 0:
            off += 7
    elif rel == "this":
        pass
    elif off > 0 and not ctx.future(start, end):
        off -= 7
    elif off < 0 and ctx.future(start, end):
        off += 7
    return (dct + timedelta(days=off)).isoformat()


def _month_year(ctx: _Ctx, month: int, day: int | None, start: int, end: int) -> int | None:
    dct = ctx.dct
    if dct is None:
        return None
    y = dct.year
    if day is None:
        if month == dct.month:
            return y
        if ctx.future(start, end):
            return y if month > dct.month else y + 1
        # past-leaning, except the next two months, which news mostly announces
        fwd = (month - dct.month) % 12
        if fwd <= 2:
            return y if month > dct.month else y + 1
        if month > dct.month:
            return y - 1
        return y
    cand = _safe_date(y, month, day) or date(y, month, 28)
    if cand > dct:
        if ctx.future(start, end):
            return y
        if (cand - dct).days > 45:
            return y - 1
        return y
    if (dct - cand).days > 60 and ctx.future(start, end):
        return y + 1
    return y


def _month_str(d: date) -> str:
    return f"{d.year}-{d.month:02d}"


def _quarter_str(d: date) -> str:
    return f"{d.year}-Q{_quarter(d)}"


# unit -> (value without a DCT, the period ``k`` units from the DCT's, at the unit's granularity)
_SHIFTS: dict[str, tuple[str, Callable[[date, int], str]]] = {
    "day": ("XXXX-XX-XX", lambda d, k: (d + timedelta(days=k)).isoformat()),
    "week": ("XXXX-WXX", lambda d, k: _week(d + timedelta(weeks=k))),
    "weekend": ("XXXX-WXX-WE", lambda d, k: _week(d + timedelta(weeks=k)) + "-WE"),
    "month": ("XXXX-XX", lambda d, k: _month_str(_add_months(d, k))),
    "quarter": ("XXXX-QX", lambda d, k: _quarter_str(_add_months(d, 3 * k))),
    "year": ("XXXX", lambda d, k: str(d.year + k)),
    "decade": ("XXX", lambda d, k: str(d.year // 10 + k)),
    "century": ("XX", lambda d, k: f"{d.year // 100 + k:02d}"),
}


def _shift(dct: date | None, unit: str, k: int) -> str:
    """The ``unit`` ``k`` units after the DCT's ("last week": week, -1); unresolved without one."""
    unresolved, fn = _SHIFTS[unit]
    return unresolved if dct is None else fn(dct, k)


_REL_STEPS: dict[str, int] = {
    "last": -1,
    "past": -1,
    "previous": -1,
    "prior": -1,
    "latest": -1,
    "this past": -1,
    "this": 0,
    "current": 0,
    "same": 0,
    "present": 0,
    "next": 1,
    "coming": 1,
    "following": 1,
    "this coming": 1,
}


def _rel_unit(ctx: _Ctx, rel: str, unit: str) -> str:
    """'last week', 'this month', 'next year', 'the past year' ..."""
    rel = re.sub(r"\s+", " ", rel.lower()).strip().removeprefix("the ")
    unit = unit.lower()
    return _shift(ctx.dct, unit if unit in _SHIFTS else "year", _REL_STEPS.get(rel, 0))
