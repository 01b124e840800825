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

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateline.lexicons import NUMBER_WORDS
from dateline.records import TimeExpr
from dateline.timex_reading import _token_at, month_is_noun, season_is_noun, weekday_is_name

# ---------------------------------------------------------------------------
# lexicon

_UNITS: dict[str, str] = {
    "second": "S",
    "minute": "MIN",
    "hour": "H",
    "day": "D",
    "night": "D",
    "week": "W",
    "fortnight": "FN",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
    "decade": "DE",
    "century": "CE",
    "centurie": "CE",
    "weekend": "WE",
    "millennium": "ML",
}

_NUMWORDS = NUMBER_WORDS
_ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
    "last": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
_VAGUE = {"few", "several", "many", "some", "couple", "numerous", "recent", "coming"}

_MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS: dict[str, int] = {
    "monday": 1,
    "tuesday": 2,
    "wednesday": 3,
    "thursday": 4,
    "friday": 5,
    "saturday": 6,
    "sunday": 7,
}
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_PARTS = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "nights": "NI",
    "overnight": "NI",
}
_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}

# ---------------------------------------------------------------------------
# regular-expression building blocks

_NW = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|hundred|thousand)"
)
_NUM = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?(?:\s+1/2)?|{_NW}(?:[\s-]+(?:and\s+)?{_NW})*"
    r"(?:\s+and\s+a\s+half)?|a\s+couple\s+of|a|an)"
)
_VAGUE_RE = (
    r"(?:a\s+few|few|several|many|some|a\s+couple\s+of|couple\s+of|numerous|recent|coming"
    r"|the\s+coming)"
)
_UNIT = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?"
    r"|decades?|centur(?:y|ies)|millenni(?:um|a))"
)
_UNIT_PL = r"(?:seconds|minutes|hours|days|weeks|months|quarters|years|decades|centuries)"
_UNIT_SG = r"(?:second|minute|hour|day|night|week|month|quarter|year|decade|century)"
_MONTH_FULL = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
)
_MONTH_ABBR = r"(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\."
_MONTH = (
    rf"(?:{_MONTH_FULL}|{_MONTH_ABBR}|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)(?=\s+\d))"
)
_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DAYNUM = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[0-9]\d\d|20\d\d)"
_PART = r"(?:morning|afternoon|evening|night)"
_MOD = (
    r"(?:at\s+least|at\s+most|no\s+more\s+than|no\s+less\s+than|more\s+than|less\s+than"
    r"|fewer\s+than|nearly|almost|about|around|roughly|approximately|some|over|under|up\s+to"
    r"|within|only|just|barely|close\s+to|as\s+many\s+as|as\s+much\s+as|as\s+long\s+as)"
)
_TOD = (
    r"(?:\d{1,2}:\d\d(?:\s*(?:a\.m\.?|p\.m\.?|am\b|pm\b))?|\d{1,2}\s*(?:a\.m\.?|p\.m\.?|am\b|pm\b)"
    r"|\d{1,2}\s+o'clock|noon|midnight|midday)"
)
_TZ = r"(?:\s+(?:[ECMP][SD]T|GMT|UTC|local\s+time|[A-Z]{2,4}T)\b)"

_B = r"(?<![\w'-])"  # left word boundary (hyphenated words stay whole)
_E = r"(?![\w])"  # right word boundary


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
        if head.pos_ in ("VERB", "AUX") or head.head is head:
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


# ---------------------------------------------------------------------------
# patterns and their handlers

Handler = Callable[[re.Match[str], _Ctx], tuple[str, str, str | None] | None]
_PATTERNS: list[tuple[re.Pattern[str], Handler, int]] = []


def _pat(regex: str, prio: int = 0, flags: int = re.I) -> Callable[[Handler], Handler]:
    def deco(fn: Handler) -> Handler:
        _PATTERNS.append((re.compile(_B + "(?:" + regex + ")" + _E, flags), fn, prio))
        return fn

    return deco


def _cap_ok(m: re.Match[str], group: str) -> bool:
    """Month/weekday names must be capitalised (avoids 'march', 'may', 'fall')."""
    g = m.group(group)
    return bool(g) and g[0].isupper()


# --- absolute dates --------------------------------------------------------


@_pat(r"(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:T(?P<h>[0-2]\d):(?P<mi>[0-5]\d))?", 5)
def _iso(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if d is None:
        return None
    if m["h"]:
        return "TIME", f"{d.isoformat()}T{m['h']}:{m['mi']}", None
    return "DATE", d.isoformat(), None


@_pat(r"(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>\d{4}|\d{2})", 4)
def _slash(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    y = int(m["y"])
    if y < 100:
        y += 1900 if y >= 50 else 2000
    d = _safe_date(y, int(m["m"]), int(m["d"]))
    return ("DATE", d.isoformat(), None) if d else None


@_pat(
    rf"(?:(?P<rel>early|late|mid|around)[\s-]+)?(?:(?P<wd>{_WD}),?\s+)?(?:the\s+)?(?:"
    rf"(?P<mon>{_MONTH})\s+(?P<day>{_DAYNUM})(?!\d)(?:,?\s+(?P<year>{_YEAR}))?"
    rf"|(?P<day2>{_DAYNUM})\s+(?:of\s+)?(?P<mon2>{_MONTH})(?:,?\s+(?P<year2>{_YEAR}))?)",
    4,
)
def _month_day(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    mon_s = m["mon"] or m["mon2"]
    if not mon_s[0].isupper():
        return None
    mon = _MONTHS[mon_s.lower().rstrip(".")]
    day = int(re.sub(r"\D", "", m["day"] or m["day2"]))
    if not 1 <= day <= 31:
        return None
    ys = m["year"] or m["year2"]
    mod = {"early": "START", "late": "END", "mid": "MID", "around": "APPROX"}.get(
        (m["rel"] or "").lower()
    )
    if ys:
        y: int | None = int(ys)
    else:
        y = _month_year(ctx, mon, day, m.start(), m.end())
    if y is None:
        return "DATE", f"XXXX-{mon:02d}-{day:02d}", mod
    d = _safe_date(y, mon, day)
    if d is None:
        return None
    return "DATE", d.isoformat(), mod


@_pat(
    rf"(?:(?P<rel>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of"
    rf"|the\s+middle\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of)[\s-]+)?"
    rf"(?P<mon>{_MONTH_FULL}|{_MONTH_ABBR})(?:\s+(?:of\s+)?(?P<year>{_YEAR})|,\s+(?P<year2>{_YEAR})"
    rf"|\s+(?P<ry>this|last|next)\s+year)",
    3,
)
def _month_year_expr(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    if not m["mon"][0].isupper():
        return None
    mon = _MONTHS[m["mon"].lower().rstrip(".")]
    ys = m["year"] or m["year2"]
    if ys:
        y = ys
    elif ctx.dct is None:
        y = "XXXX"
    else:
        y = str(ctx.dct.year + {"this": 0, "last": -1, "next": 1}[m["ry"].lower()])
    return "DATE", f"{y}-{mon:02d}", _rel_mod(m["rel"])


def _rel_mod(rel: str | None) -> str | None:
    if not rel:
        return None
    rel = rel.lower()
    if rel.startswith(("early", "the beginning", "the start", "the first half", "earlier")):
        return "START"
    if rel.startswith(("late", "the end", "the second half")):
        return "END"
    if rel.startswith(("mid", "the middle")):
        return "MID"
    return None


@_pat(
    rf"(?:(?P<rel>last|this|next|this\s+past|this\s+coming|early|late|mid|the\s+end\s+of"
    rf"|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)[\s-]+)?(?P<mon>{_MONTH_FULL})",
    2,
)
def _month(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    name = m["mon"]
    if not name[0].isupper():
        return None
    if name.lower() == "may" and not m["rel"]:
        before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
        if not re.search(r"\b(?:in|of|since|until|through|by|during|from|to|and)\s+$", before):
            return None
    if name.lower() == "march" and not m["rel"]:
        before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
        if not re.search(r"\b(?:in|of|since|until|through|by|during|from|to|and|,)\s*$", before):
            if m.start() == 0 or ctx.text[m.start() - 1] == "\n":
                return None
    if not m["rel"] and month_is_noun(ctx.text, m.start(), m.end(), ctx.parse):
        return None  # "the March on Washington", "Thousands March on", "May they rest"
    mon = _MONTHS[name.lower()]
    rel = (m["rel"] or "").lower()
    if ctx.dct is None:
        return "DATE", f"XXXX-{mon:02d}", _rel_mod(rel)
    y = ctx.dct.year
    if rel in ("last", "this past"):
        y = y if mon < ctx.dct.month else y - 1
    elif rel in ("next", "this coming"):
        y = y if mon > ctx.dct.month else y + 1
    elif rel == "this":
        pass
    else:
        y = _month_year(ctx, mon, None, m.start(), m.end()) or y
    if rel.startswith("the end of") and mon:
        last = calendar.monthrange(y, mon)[1]
        return "DATE", f"{y}-{mon:02d}-{last:02d}", "END"
    return "DATE", f"{y}-{mon:02d}", _rel_mod(rel)


@_pat(
    rf"(?:(?P<rel>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of"
    rf"|the\s+middle\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of|the\s+last\s+half\s+of"
    rf"|fiscal|calendar|the\s+year|the\s+fiscal\s+year|a\s+good\s+part\s+of|the\s+rest\s+of"
    rf"|the\s+spring\s+of|the\s+summer\s+of|the\s+fall\s+of|the\s+autumn\s+of|the\s+winter\s+of)"
    rf"[\s-]+)?(?<![\d$,.])(?P<year>{_YEAR})(?P<dec>'?s)?(?!\d|,\d|\.\d|\s*%|\s+percent)",
    1,
)
def _year(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    y = int(m["year"])
    rel = (m["rel"] or "").lower()
    if m["dec"]:
        return "DATE", str(y // 10), _rel_mod(rel)
    if not rel:
        if not 1800 <= y <= 2099:
            before = ctx.text[max(0, m.start() - 10) : m.start()].lower()
            if not re.search(r"\b(?:in|since|of|from|until|by|to|before|after|around)\s+$", before):
                return None
        after = ctx.text[m.end() : m.end() + 20].lower()
        if re.match(
            r"\s+(?:people|troops|soldiers|men|women|children|members|workers|units|shares|cars"
            r"|feet|meters|metres|miles|km|kilometers|dollars|tons|pounds|jobs|acres|cases|homes)\b",
            after,
        ):
            return None
        before = ctx.text[max(0, m.start() - 6) : m.start()]
        if re.search(r"(?:No\.|#|\$)\s*$", before):
            return None
    for season, code in _SEASONS.items():
        if season in rel:
            return "DATE", f"{y}-{code}", None
    if "half" in rel:
        return "DATE", f"{y}-H{1 if 'first' in rel else 2}", None
    return "DATE", str(y), _rel_mod(rel)


@_pat(
    r"(?:(?:the\s+)?(?P<rel>early|late|mid|the\s+end\s+of\s+the|the\s+beginning\s+of\s+the"
    r"|the\s+last\s+half\s+of\s+the|the\s+first\s+half\s+of\s+the)[\s-]+|the\s+)?"
    r"(?:(?P<dec>1[0-9]\d0|20\d0|\d0)'?s|'(?P<short>\d)0s|(?:nineteen[\s-]+)?(?P<word>twenties|thirties"
    r"|forties|fifties|sixties|seventies|eighties|nineties))",
    2,
)
def _decade(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    if m["dec"]:
        d = m["dec"]
        if len(d) == 2:
            if not m.group(0).lower().startswith(("the", "early", "late", "mid")):
                return None
            val = "19" + d[0]
        else:
            val = d[:3]
    elif m["short"]:
        val = "19" + m["short"]
    else:
        val = "19" + str(_DECADE_WORDS[m["word"].lower()])
    return "DATE", val, _rel_mod(m["rel"])


@_pat(
    r"(?:the\s+)?(?:(?P<rel>early|late|mid)[\s-]+)?(?P<n>\d{1,2}(?:st|nd|rd|th)|first|second|third"
    r"|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth"
    r"|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first)[\s-]+century",
    2,
)
def _century(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    n_s = m["n"].lower()
    n = int(re.sub(r"\D", "", n_s)) if n_s[0].isdigit() else _ORDINALS.get(n_s, 0)
    if not n:
        return None
    return "DATE", f"{n - 1:02d}", _rel_mod(m["rel"])


# --- quarters, halves, fiscal years ----------------------------------------


@_pat(
    rf"(?:(?:the|its|their|this\s+year's|last\s+year's|next\s+year's)\s+)?"
    rf"(?P<pre>(?:(?:{_YEAR}|fiscal|year-earlier|year-ago|comparable|latest|current|same|calendar"
    rf"|flat|fiscal-)[\s-]*)*)"
    rf"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th|last)[\s-]+(?P<unit>quarter|half|period)s?"
    rf"(?:\s+of\s+(?:fiscal\s+)?(?:(?P<y>{_YEAR})|(?P<ry>this|last|next)\s+year))?",
    3,
)
def _quarter_expr(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    qn = _ORDINALS.get(m["q"].lower(), 0)
    unit = m["unit"].lower()
    if unit == "period":
        return None
    if unit == "half" and qn > 2:
        if m["q"].lower() != "last":
            return None
        qn = 2
    if m["q"].lower() == "last" and unit == "quarter":
        return None
    whole = m.group(0).lower()
    pre = (m["pre"] or "").lower()
    ym = re.search(r"\d{4}", pre)
    code = f"Q{qn}" if unit == "quarter" else f"H{qn}"
    if m["y"]:
        y: int | None = int(m["y"])
    elif ym:
        y = int(ym.group(0))
    elif ctx.dct is None:
        y = None
    else:
        y = ctx.dct.year
        if whole.startswith("last year's") or "year-earlier" in pre or "year-ago" in pre:
            y -= 1
        elif whole.startswith("next year's") or m["ry"] == "next":
            y += 1
        elif m["ry"] == "last":
            y -= 1
        elif whole.startswith("this year's") or m["ry"] == "this":
            pass
        elif unit == "quarter" and qn > _quarter(ctx.dct) and not ctx.future(m.start(), m.end()):
            y -= 1
        elif (
            unit == "half" and qn == 2 and ctx.dct.month <= 6 and not ctx.future(m.start(), m.end())
        ):
            y -= 1
    return "DATE", f"{y if y is not None else 'XXXX'}-{code}", None


@_pat(
    r"(?:the\s+)?(?P<pre>(?:latest|current|same|comparable|corresponding|year-earlier|year-ago"
    r"|fiscal|recent|\d{4})[\s-]+)+(?P<unit>quarter|period|fiscal\s+year|year)"
    r"(?:\s+(?P<post>a\s+year\s+(?:ago|earlier)|last\s+year))?|the\s+quarter\s+a\s+year\s+ago"
    r"|(?:this|last|next)\s+year's\s+quarter",
    2,
)
def _period(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    whole = m.group(0).lower()
    unit = (m["unit"] or "quarter").lower()
    if ctx.dct is None:
        return "DATE", "XXXX-QX" if unit != "year" else "XXXX", None
    ym = re.search(r"\d{4}", whole)
    lq = _last_quarter(ctx.dct)
    ly, lqn = int(lq[:4]), lq[-1]
    back = any(k in whole for k in ("year-earlier", "year-ago", "a year", "last year"))
    if "fiscal year" in unit or unit == "year":
        if "current" in whole:
            return "DATE", str(ctx.dct.year), None
        return "DATE", str(int(ym.group(0)) if ym else ctx.dct.year - 1), None
    if "recent" in whole:
        return None
    if ym:
        return "DATE", f"{ym.group(0)}-Q{lqn}", None
    if "current" in whole and unit == "quarter":
        return "DATE", f"{ctx.dct.year}-Q{_quarter(ctx.dct)}", None
    return "DATE", f"{ly - 1 if back else ly}-Q{lqn}", None


@_pat(r"(?P<q>the\s+|this\s+|last\s+|that\s+)quarter", 1)
def _the_quarter(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    if ctx.dct is None:
        return "DATE", "XXXX-QX", None
    q = m["q"].strip().lower()
    if q == "this":
        return "DATE", f"{ctx.dct.year}-Q{_quarter(ctx.dct)}", None
    return "DATE", _last_quarter(ctx.dct), None


@_pat(r"(?:the\s+)?(?:(?P<rel>current|latest|past|last|previous|next|coming)\s+)?fiscal\s+year", 1)
def _fiscal_year(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    rel = (m["rel"] or "").lower()
    if ctx.dct is None:
        return "DATE", "XXXX", None
    if not rel:
        return "DURATION", "P1Y", None
    if rel in ("current",):
        return "DATE", str(ctx.dct.year), None
    if rel in ("next", "coming"):
        return "DATE", str(ctx.dct.year + 1), None
    return "DATE", str(ctx.dct.year - 1), None


# --- seasons ---------------------------------------------------------------


@_pat(
    r"(?P<rel>last|this|next|this\s+past|this\s+coming|the\s+early|the\s+late|early|late|the|mid)"
    r"[\s-]+(?P<s>spring|summer|fall|autumn|winter)",
    1,
)
def _season(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    code = _SEASONS[m["s"].lower()]
    rel = m["rel"].lower()
    if rel == "the" and season_is_noun(ctx.text, m.start(), m.end(), ctx.parse):
        return None  # "the fall of the town", "The fall in oil prices"
    if ctx.dct is None:
        return "DATE", f"XXXX-{code}", _rel_mod(rel.removeprefix("the "))
    y = ctx.dct.year
    order = {"WI": 0, "SP": 1, "SU": 2, "FA": 3}
    cur = order[
        {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU"}.get(
            ctx.dct.month, "SU" if ctx.dct.month == 8 else "FA"
        )
    ]
    if rel in ("last", "this past"):
        y = y if order[code] < cur else y - 1
    elif rel in ("next", "this coming"):
        y = y if order[code] > cur else y + 1
    return "DATE", f"{y}-{code}", _rel_mod(rel.removeprefix("the "))


# --- weekdays and day references ------------------------------------------


@_pat(
    rf"(?:(?P<rel>last|this|next|this\s+past|this\s+coming|early|late|earlier|later|the\s+previous"
    rf"|the\s+following|mid)[\s-]+)?(?P<wd>{_WD})(?:\s+(?P<part>{_PART}))?",
    2,
)
def _weekday(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    if not _cap_ok(m, "wd"):
        return None
    rel = (m["rel"] or "").lower()
    if not rel and weekday_is_name(ctx.text, m.start("wd"), m.end("wd"), ctx.parse):
        return None  # '"Friday"' as a title, "the Sunday Times"
    wd = _WEEKDAYS[m["wd"].lower()]
    val = _weekday_date(ctx, wd, rel, m.start(), m.end())
    mod = {"early": "START", "earlier": "START", "late": "END", "later": "END"}.get(rel)
    part = (m["part"] or "").lower()
    if part in ("evening", "afternoon"):
        return "TIME", f"{val}T{_PARTS[part]}", mod
    # TBAQ gives "Friday night"/"Friday morning" the day's value (as often as TNI/TMO)
    return "DATE", val, mod


@_pat(
    r"(?:(?P<rel>early|late|earlier|later)\s+)?(?P<day>today|yesterday|tomorrow|tonight)"
    r"(?:\s+(?P<part>morning|afternoon|evening|night))?",
    2,
)
def _dayref(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    day = m["day"].lower()
    if re.match(
        r"'s\s+(?:world|youth|society|generation|children|computers|economy)\b",
        ctx.text[m.end() : m.end() + 16],
    ):
        return None  # generic "today's world": not a date, and left untagged in TimeML
    if ctx.doc is not None and day == "today" and _generic_today(ctx.doc, m.start()):
        return "DATE", "PRESENT_REF", None
    off = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}[day]
    val = "XXXX-XX-XX" if ctx.dct is None else (ctx.dct + timedelta(days=off)).isoformat()
    mod = {"early": "START", "earlier": "START", "late": "END", "later": "END"}.get(
        (m["rel"] or "").lower()
    )
    if m["part"]:
        return "TIME", f"{val}T{_PARTS[m['part'].lower()]}", mod
    return "DATE", val, mod


def _generic_today(doc: Any, offset: int) -> bool:
    """'today' in a generic present-tense statement ("today, the right to work is ...")."""
    t = _token_at(doc, offset)  # binary search (a walk over every token was O(n) a call)
    if t is None or t.idx != offset:
        return False
    head = t.head
    if t.dep_ == "poss":
        return True
    return head.tag_ in ("VBZ", "VBP") and not any(
        c.lower_ in ("will", "'ll") for c in head.children
    )


@_pat(
    r"(?P<rel>last|this|the|that|tomorrow|yesterday|early\s+this|later\s+this|earlier\s+this"
    r"|mid|late\s+this|the\s+next|the\s+following|the\s+previous)\s+(?P<part>morning|afternoon"
    r"|evening|night)",
    1,
)
def _part_of_day(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    rel = m["rel"].lower()
    part = _PARTS[m["part"].lower()]
    off = -1 if rel == "last" else 0
    if rel in ("tomorrow", "the next", "the following"):
        off = 1
    if rel in ("yesterday", "the previous"):
        off = -1
    if rel == "the" and re.match(r"\s+of\b", ctx.text[m.end() : m.end() + 5]):
        return None
    if rel in ("the", "that") and ctx.dct is None:
        return "TIME", f"XXXX-XX-XXT{part}", None
    base = "XXXX-XX-XX" if ctx.dct is None else (ctx.dct + timedelta(days=off)).isoformat()
    mod = "START" if rel.startswith("early") else "END" if rel.startswith("late") else None
    return "TIME", f"{base}T{part}", mod


# --- times of day ----------------------------------------------------------


@_pat(
    rf"(?:(?P<approx>around|about|approximately|roughly)\s+)?(?P<tod>{_TOD}){_TZ}?"
    rf"(?:,?\s+(?:(?P<wd>{_WD})|(?P<mon>{_MONTH})\s+(?P<day>{_DAYNUM})|(?P<dr>today|yesterday"
    rf"|tomorrow)))?",
    3,
)
def _time(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    tod = m["tod"].lower()
    if tod == "noon" and re.search(r"high\s+$", ctx.text[max(0, m.start() - 6) : m.start()], re.I):
        return None
    if tod == "noon" or tod == "midday":
        hh, mm = 12, 0
    elif tod == "midnight":
        hh, mm = 24, 0
    else:
        nums = re.findall(r"\d+", tod)
        hh = int(nums[0])
        mm = int(nums[1]) if len(nums) > 1 and ":" in tod else 0
        if hh > 24 or mm > 59:
            return None
        if "p" in tod and hh < 12:
            hh += 12
        if re.search(r"a\.?m", tod) and hh == 12:
            hh = 0
    if m["wd"]:
        if not _cap_ok(m, "wd"):
            return None
        day = _weekday_date(ctx, _WEEKDAYS[m["wd"].lower()], "", m.start(), m.end())
    elif m["mon"]:
        mon = _MONTHS[m["mon"].lower().rstrip(".")]
        dn = int(re.sub(r"\D", "", m["day"]))
        y = _month_year(ctx, mon, dn, m.start(), m.end())
        day = f"{y if y else 'XXXX'}-{mon:02d}-{dn:02d}"
    elif m["dr"]:
        off = {"today": 0, "yesterday": -1, "tomorrow": 1}[m["dr"].lower()]
        day = "XXXX-XX-XX" if ctx.dct is None else (ctx.dct + timedelta(days=off)).isoformat()
    else:
        day = "XXXX-XX-XX" if ctx.dct is None else ctx.dct.isoformat()
    return "TIME", f"{day}T{hh:02d}:{mm:02d}", "APPROX" if m["approx"] else None


# --- relative periods ------------------------------------------------------


@_pat(
    r"(?P<rel>last|this|next|the\s+past|the\s+last|the\s+previous|the\s+following|the\s+coming"
    r"|the\s+next|this\s+past|this\s+coming|the\s+current|the\s+same|past|coming|previous"
    r"|that|the\s+prior|prior|the\s+present|the\s+full|the\s+entire|the\s+whole)\s+"
    r"(?P<unit>week|weekend|month|year|decade|century)",
    1,
)
def _relative(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit = m["unit"].lower()
    if rel in ("that", "the following", "the previous", "the prior") and unit in ("year", "month"):
        if re.match(r"-|'s\b", ctx.text[m.end() : m.end() + 2]):
            return None  # "that year-end", "that month's": not the period itself
        step = {"that": 0, "the following": 1}.get(rel, -1)
        fallback = _rel_unit(ctx, {0: "this", 1: "next", -1: "last"}[step], unit)
        return "DATE", _Anaphor(fallback, unit, step), None
    if rel == "that":
        return None
    if rel in ("the full", "the entire", "the whole"):
        rel = "this"
    if rel in ("the next", "the coming", "coming") and unit != "weekend":
        return "DURATION", duration_value(1, unit), None
    if rel in ("the past", "past") and unit == "decade":
        return "DURATION", "P10Y", None
    if rel in ("the last", "the past") and unit in ("month", "year", "week", "decade"):
        rel = "last"
    if rel == "the following":
        rel = "next"
    return "DATE", _rel_unit(ctx, rel, unit), None


@_pat(
    r"(?P<rel>earlier|later|early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of"
    r"|the\s+middle\s+of|the\s+rest\s+of|the\s+remainder\s+of|sometime|some\s+time)[\s-]+"
    r"(?:in\s+)?(?P<which>this|last|next|the|that)\s+(?P<unit>week|month|year|quarter|decade|day)",
    2,
)
def _rel_part(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    which = m["which"].lower()
    unit = m["unit"].lower()
    if which == "that" or unit == "day":
        # "later that year", "earlier that day": the date last mentioned
        if which != "that" or unit not in ("year", "month", "day"):
            return None
        if unit == "day":
            fallback = ctx.dct.isoformat() if ctx.dct else "XXXX-XX-XX"
        else:
            fallback = _rel_unit(ctx, "this", unit)
        mod = {"earlier": "START", "later": "END"}.get(rel, _rel_mod(rel))
        return "DATE", _Anaphor(fallback, unit, 0), mod
    if which == "the":
        which = "this"
    if rel in ("earlier", "later") and which == "this" and unit == "year" and ctx.dct:
        return "DATE", str(ctx.dct.year), "START" if rel == "earlier" else "END"
    val = _rel_unit(ctx, which, unit)
    mod = _rel_mod(rel)
    if rel == "earlier":
        mod = "START"
    if rel == "later":
        mod = "END"
    if rel == "the end of" and unit == "month" and ctx.dct is not None:
        y, mo = int(val[:4]), int(val[5:7])
        return "DATE", f"{val}-{calendar.monthrange(y, mo)[1]:02d}", "END"
    return "DATE", val, mod


@_pat(
    r"(?P<rel>the\s+end\s+of\s+the|the\s+end\s+of|year[\s-]|the\s+year[\s-])\s*(?P<u>year|month|end)(?:'s\s+end)?|year's\s+end",
    1,
)
def _end_of(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    whole = m.group(0).lower()
    if ctx.dct is None:
        return "DATE", "XXXX", "END"
    if "month" in whole:
        last = calendar.monthrange(ctx.dct.year, ctx.dct.month)[1]
        return "DATE", f"{ctx.dct.year}-{ctx.dct.month:02d}-{last:02d}", "END"
    if whole.startswith("the end of") and not whole.endswith("year"):
        return None
    return "DATE", str(ctx.dct.year), "END"


@_pat(
    r"(?:(?P<rel>the|this|that|the\s+same|the\s+next|the\s+previous|the\s+following)\s+)?(?P<u>weekend)",
    0,
)
def _weekend(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    rel = (m["rel"] or "").lower()
    if not rel:
        return None
    if ctx.dct is None:
        return "DATE", "XXXX-WXX-WE", None
    d = ctx.dct
    if rel in ("the next", "the following"):
        d = d + timedelta(weeks=1)
    elif rel == "the previous" or (d.isoweekday() < 5 and not ctx.future(m.start(), m.end())):
        d = d - timedelta(weeks=1)
    return "DATE", _week(d) + "-WE", None


@_pat(r"(?P<rel>this|that|the)\s+(?P<unit>year|week|month|day)", 0)
def _this_unit(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    rel = m["rel"].lower()
    unit = m["unit"].lower()
    after = ctx.text[m.end() : m.end() + 12].lower()
    if re.match(r"\s*(?:of|'s|-|before|after|earlier|later|when|in\b)", after) and rel == "the":
        return None
    if rel == "this":
        if unit == "day" or m.group(0) == "This Week":
            return None
        return "DATE", _rel_unit(ctx, "this", unit), None
    if rel == "the":
        if unit == "year":
            # "the year ended March 31" is a (fiscal) year-long period; otherwise "for the
            # year", "nine months of the year" mean the DCT's year
            if re.match(r"\s+end(?:ed|ing)\b", after):
                return "DURATION", "P1Y", None
            return "DATE", _rel_unit(ctx, "this", unit), None
        if unit == "week":
            return "DATE", _rel_unit(ctx, "this", unit), None
        return None
    return None


# --- "N units ago" / "a year earlier" -------------------------------------


@_pat(
    rf"(?:(?P<mod>{_MOD})\s+)?(?P<n>{_NUM}|{_VAGUE_RE})\s+(?P<unit>{_UNIT})"
    r"(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|before|later|after|hence|from\s+now|back)",
    3,
)
def _ago(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    n_s = m["n"].lower()
    direction = m["dir"].lower()
    if direction in ("before", "after", "back"):
        return "DURATION", duration_value(parse_number(n_s), m["unit"]), None
    sign = -1 if direction in ("ago", "earlier", "back") else 1
    unit = m["unit"].lower().rstrip("s").replace("centurie", "century")
    n = parse_number(n_s)
    if n is None:
        if any(v in n_s for v in ("few", "several", "many", "some", "couple")):
            return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", None
        return None
    k = int(n)
    if direction == "earlier" and unit == "year" and k == 1:
        return _year_ago(m, ctx)
    if direction == "ago" and unit == "year" and k == 1:
        return _year_ago(m, ctx)
    mod = "APPROX" if m["mod"] else None
    if unit in ("hour", "minute", "second"):
        day = ctx.dct.isoformat() if ctx.dct else "XXXX-XX-XX"
        return "TIME", f"{day}TXX:XX", mod
    # "two decades ago" is a year; the other units keep their own granularity
    shift_unit, k = {"night": ("day", k), "decade": ("year", 10 * k)}.get(unit, (unit, k))
    if shift_unit not in _SHIFTS:
        return None
    return "DATE", _shift(ctx.dct, shift_unit, sign * k), mod


_PERIOD_MENTION = re.compile(
    r"(?P<q>quarter|three\s+months)"
    r"|(?P<y>(?:nine|six)\s+months|(?:first|second)\s+half|\b(?:fiscal|full|the|this|last)\s+year\b"
    r"|year\s+end(?:ed|ing)|annual)",
    re.I,
)


def _quarter_context(ctx: _Ctx, start: int, end: int) -> bool:
    """Is "a year ago/earlier" at [start, end) a quarter ago (an earnings comparison)?

    The period last mentioned before it (in its sentence or the two before) decides: a
    quarter, or a year-long period ("nine months", "fiscal year").  Without one, a quarter
    in an earnings report (two quarter mentions, money or percentages in the sentence)."""
    s, e = _sentence_bounds(ctx.text, start, end)
    back = s
    for _ in range(2):
        if back <= 1:
            break
        back, _e = _sentence_bounds(ctx.text, back - 2, back - 2)
    last = None
    for pm in _PERIOD_MENTION.finditer(ctx.text, back, start):
        last = pm
    if last is None:
        for pm in _PERIOD_MENTION.finditer(ctx.text, end, e):
            last = pm
            break
    if last is not None:
        return last["q"] is not None
    # an earnings report: quarterly results compared with "a year ago"
    return len(
        re.findall(r"(?:third|second|fourth|first)[\s-]quarter", ctx.text, re.I)
    ) >= 2 and bool(re.search(r"\$|cents|%", ctx.text[s:e]))


def _year_ago(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    if ctx.dct is None:
        return "DATE", "XXXX", None
    if _quarter_context(ctx, m.start(), m.end()):
        lq = _last_quarter(ctx.dct)
        return "DATE", f"{int(lq[:4]) - 1}-{lq[5:]}", None
    return "DATE", str(ctx.dct.year - 1), None


@_pat(r"(?:the\s+)?year[\s-](?:earlier|ago)", 1)
def _year_earlier_adj(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    return _year_ago(m, ctx)


# --- durations -------------------------------------------------------------


@_pat(
    rf"(?:(?P<mod>{_MOD})\s+)?(?:(?P<det>the|its|their|his|her|our|each\s+of\s+the)\s+)?"
    r"(?:(?P<rel>past|last|next|first|previous|coming|following|final|latest|remaining|initial"
    r"|ensuing|preceding|year-earlier|prior)\s+)?"
    rf"(?P<n>{_NUM})\s+(?:(?:more|additional|full|straight|consecutive|trading|business|working"
    rf"|long|short|whole|calendar)\s+)?(?P<unit>{_UNIT})(?:\s+or\s+so)?",
    2,
)
def _duration(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    n_s = m["n"]
    unit = m["unit"]
    n = parse_number(n_s)
    if n is None:
        return None
    if n_s.lower() in ("a", "an") and m["rel"] and m["rel"].lower() in ("past", "last", "next"):
        return None
    if n > 5000:
        return None
    after = ctx.text[m.end() : m.end() + 8]
    if re.match(r"[\s-]+old\b", after):
        return None  # an age
    if n_s.lower() in ("a", "an") and unit.lower() in ("second", "quarter"):
        return None  # "a second time", "a quarter of"
    # "two" alone before "days" in lists etc. is fine; reject "1 day" = date parts like "day 1"
    mod = _dur_mod(m["mod"])
    if n_s.lower() in ("a", "an") and not m["mod"] and not m["det"]:
        before = ctx.text[max(0, m.start() - 24) : m.start()].lower()
        if re.search(r"\b(?:once|twice|times|per)\s+$", before):
            return "SET", duration_value(1, unit), None
        if _RATE_BEFORE.search(before):
            return None  # a rate: "$2 million a year", "700 seats a week"
    return "DURATION", duration_value(n, unit), mod


# a quantity just before "a year"/"annually": a rate ("$2 million a year", "20% annually"),
# which TimeML leaves untagged
_RATE_BEFORE = re.compile(
    r"(?:\d[\d.,%]*(?:\s+(?:million|billion|thousand|units|seats|shares|cents|percent))?"
    r"|dollars)\s+$"
)


def _dur_mod(s: str | None) -> str | None:
    if not s:
        return None
    s = re.sub(r"\s+", " ", s.lower())
    return {
        "at least": "EQUAL_OR_MORE",
        "no less than": "EQUAL_OR_MORE",
        "more than": "MORE_THAN",
        "over": "MORE_THAN",
        "less than": "LESS_THAN",
        "fewer than": "LESS_THAN",
        "under": "LESS_THAN",
        "nearly": "EQUAL_OR_LESS",
        "almost": "EQUAL_OR_LESS",
        "up to": "EQUAL_OR_LESS",
        "at most": "EQUAL_OR_LESS",
        "no more than": "EQUAL_OR_LESS",
        "within": "EQUAL_OR_LESS",
    }.get(s, "APPROX")


@_pat(
    rf"(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{_NW}(?:-{_NW})*|half)[\s-](?P<unit>{_UNIT_SG})s?"
    r"(?P<old>-old|-long)?(?=-|\s|[.,;:)]|$)",
    3,
)
def _adj_duration(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    if "-" not in m.group(0):
        return None
    if re.match(r"\s+of\b", ctx.text[m.end() : m.end() + 4]):
        return None  # "three-quarters of its food"
    if m["old"] == "-old":
        return None  # ages ("6-year-old son", "2,000-year-old ruins"): TBAQ leaves them untagged
    n = 0.5 if m["n"].lower() == "half" else parse_number(m["n"])
    if n is None:
        return None
    return "DURATION", duration_value(n, m["unit"]), None


@_pat(r"(?P<unit>day|week|month|year|decade|hour)s?-long", 2)
def _long(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    plural = m.group(0).lower().split("-")[0].endswith("s")
    return "DURATION", duration_value(None if plural else 1, m["unit"]), None


@_pat(
    rf"(?:(?P<mod>{_MOD})\s+)?(?:(?:the|these|those|its)\s+)?(?:(?P<rel>past|last|next|first"
    rf"|previous|coming|following|recent|early|final|ensuing)\s+)?(?P<v>{_VAGUE_RE})?\s*"
    rf"(?P<unit>{_UNIT_PL})(?P<ahead>\s+ahead|\s+to\s+come)?",
    1,
)
def _vague_duration(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    whole = m.group(0).lower()
    unit = m["unit"].lower()
    if not (m["rel"] or m["v"] or m["mod"] or m["ahead"]):
        # bare plural unit: "years", "hours"
        before = ctx.text[max(0, m.start() - 25) : m.start()].lower()
        after = ctx.text[m.end() : m.end() + 12].lower()
        if re.search(
            r"(?:\d|\b(?:the|those|these|their|its|his|her|of|in|school|recent|early"
            r"|final|few|several|many|some)\s*)$",
            before,
        ):
            return None
        if re.match(r"\s*(?:of\s+(?:the|a|his|her|their)|later|earlier|old)", after):
            return None
        if unit in ("seconds", "minutes", "quarters"):
            return None
        return "DURATION", duration_value(None, unit), None
    if whole.startswith(("the ", "these ", "those ", "its ")) and not (
        m["rel"] or m["v"] or m["ahead"]
    ):
        return None
    if whole == "these days":
        return None  # PRESENT_REF
    recent = (m["v"] or "").lower().strip() == "recent" or (m["rel"] or "").lower() == "recent"
    if (recent or whole == "past years") and unit == "years":
        return "DATE", "PAST_REF", None
    return "DURATION", duration_value(None, unit), _dur_mod(m["mod"])


@_pat(
    r"(?:(?P<mod>about|almost|nearly|more\s+than|less\s+than|over|within)\s+)?"
    r"(?:a|an|one)\s+(?P<unit>decade|century|half[\s-]century|fortnight|generation)",
    2,
)
def _a_decade(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    unit = m["unit"].lower()
    if unit == "generation":
        return None
    val = {"decade": "P10Y", "century": "P100Y", "fortnight": "P2W"}.get(unit, "P50Y")
    return "DURATION", val, _dur_mod(m["mod"])


@_pat(
    r"(?P<q>half\s+an?|a\s+half)\s+(?P<unit>hour|day|year|month|century|decade)|"
    r"(?:a|one)\s+(?P<unit2>minute|hour|year|day)\s+and\s+a\s+half",
    3,
)
def _half(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    if m["unit2"]:
        return "DURATION", duration_value(1.5, m["unit2"]), None
    unit = m["unit"].lower()
    return (
        "DURATION",
        {
            "hour": "PT30M",
            "day": "PT12H",
            "year": "P6M",
            "month": "P15D",
            "century": "P50Y",
            "decade": "P5Y",
        }[unit],
        None,
    )


# --- sets -----------------------------------------------------------------


@_pat(
    rf"(?P<q>every|each|per)\s+(?P<other>other\s+)?(?:(?P<wd>{_WD})|(?P<mon>{_MONTH_FULL})"
    r"|(?P<unit>day|week|month|year|quarter|hour|minute|morning|afternoon|evening|night|weekend"
    r"|summer|winter|spring|fall|decade))",
    3,
)
def _set(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    k = 2 if m["other"] else 1
    if m["wd"]:
        return "SET", f"XXXX-WXX-{_WEEKDAYS[m['wd'].lower()]}", None
    if m["mon"]:
        return "SET", f"XXXX-{_MONTHS[m['mon'].lower()]:02d}", None
    unit = m["unit"].lower()
    if unit in _PARTS:
        return "SET", f"XXXX-XX-XXT{_PARTS[unit]}", None
    if unit in _SEASONS:
        return "SET", f"XXXX-{_SEASONS[unit]}", None
    if unit == "weekend":
        return "SET", "XXXX-WXX-WE", None
    return "SET", duration_value(k, unit), None


@_pat(rf"(?P<wd>{_WD})s", 2)
def _weekdays_plural(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    if not _cap_ok(m, "wd"):
        return None
    return "SET", f"XXXX-WXX-{_WEEKDAYS[m['wd'].lower()]}", None


@_pat(r"(?P<w>daily|weekly|monthly|annually|yearly|hourly|nightly|quarterly|biweekly|bimonthly)", 0)
def _adverb_set(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    w = m["w"].lower()
    after = ctx.text[m.end() : m.end() + 16]
    if _RATE_BEFORE.search(ctx.text[max(0, m.start() - 24) : m.start()]):
        return None  # "rise 8.5% annually", "10,000 units annually": a rate
    if w == "quarterly" and re.match(
        r"\s+(?!and\b|or\b|through\b|since\b|to\b|in\b|at\b|by\b)[a-z]", after
    ):
        return None  # adjective: "quarterly dividend"
    return (
        "SET",
        {
            "daily": "P1D",
            "weekly": "P1W",
            "monthly": "P1M",
            "annually": "P1Y",
            "yearly": "P1Y",
            "hourly": "PT1H",
            "nightly": "P1D",
            "quarterly": "P3M",
            "biweekly": "P2W",
            "bimonthly": "P2M",
        }[w],
        None,
    )


# --- PRESENT_REF / PAST_REF / FUTURE_REF ------------------------------------


@_pat(
    r"(?P<w>right\s+now|now|currently|nowadays|these\s+days|at\s+present|presently|at\s+the\s+moment"
    r"|this\s+moment|the\s+present|current)",
    0,
)
def _present(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    w = m["w"].lower()
    before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
    after = ctx.text[m.end() : m.end() + 16].lower()
    if w == "now":
        if m["w"] == "Now" and re.match(r"\s*(?:,|for\b)", after):
            return None  # discourse marker
        if re.match(r"\s*-", after) or re.search(r"\b(?:from|by)\s+$", before):
            return None
    if w == "current":
        if re.match(r"\s+account|s\b", after):
            return None
    return "DATE", "PRESENT_REF", None


@_pat(
    r"(?P<w>recently|more\s+recently|most\s+recently|lately|previously|formerly|the\s+past"
    r"|recent|past\s+years|the\s+old\s+days|once|earlier|former)",
    0,
)
def _past(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    w = re.sub(r"\s+", " ", m["w"].lower())
    after = ctx.text[m.end() : m.end() + 16].lower()
    before = ctx.text[max(0, m.start() - 14) : m.start()].lower()
    if w == "former" and not ctx_include_former(ctx):
        return None
    if w in ("once", "formerly", "previously", "recent", "earlier"):
        return None
    if w == "earlier":
        if re.match(r"\s*(?:than|this|that|in|on|today|yesterday|,?\s*\w+day)", after):
            return None
        if not re.search(r"(?:^|[.\n]\s*|,\s*)$", before) and not re.match(r"\s*[,.]", after):
            return None
    if w == "the past":
        if re.search(r"\bin\s+$", before):
            return "DATE", "PAST_REF", None
        if re.match(r"\s+\w+", after) and not re.match(
            r"\s+(?:and|or|but|as|when|is|was|has)\b", after
        ):
            return None
    if w == "recent":
        if re.match(r"\s+(?:years|months|weeks|days|decades|times|history|past|memory)\b", after):
            return None
    return "DATE", "PAST_REF", None


def ctx_include_former(ctx: _Ctx) -> bool:
    return False


@_pat(
    r"(?P<w>the\s+future|the\s+near\s+future|the\s+near\s+term|the\s+short\s+term|the\s+long\s+term"
    r"|soon|future|a\s+later\s+date|the\s+coming\s+(?:months|years|weeks|days)|as\s+soon\s+as\s+possible"
    r"|one\s+day|someday|some\s+day)",
    0,
)
def _future(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    w = re.sub(r"\s+", " ", m["w"].lower())
    after = ctx.text[m.end() : m.end() + 14].lower()
    if w == "soon":
        return None  # untagged in TBAQ as often as tagged
        if re.match(r"\s*(?:after|as|afterwards|thereafter)\b", after):
            return None
    if w == "future":
        if not re.match(
            r"\s+(?:quarters|years|months|generations|periods|date|dates|losses|earnings)\b", after
        ):
            return None
    if w in ("one day", "some day"):
        before = ctx.text[max(0, m.start() - 10) : m.start()].lower()
        if not re.search(r"\b(?:will|could|might|may|would|hope)\s+$", before) and not re.match(
            r"\s*(?:,|\.)", after
        ):
            return None
        if w == "one day" and re.match(r"\s+(?:of|in|after|before|later|earlier)", after):
            return None
    if w.startswith("the coming"):
        unit = w.rsplit(" ", 1)[1]
        return "DURATION", duration_value(None, unit), None
    return "DATE", "FUTURE_REF", None


# --- spoken years ("nineteen ninety-six", "the year two thousand") ---------

_TENS_W = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_ONES_W = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS_W = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_SPOKEN_YEAR = (
    rf"(?:nineteen[\s-]+(?:{_TENS_W}(?:[\s-]+{_ONES_W})?|{_TEENS_W}|hundred(?:\s+and)?[\s-]+{_ONES_W})"
    rf"|two\s+thousand(?:(?:\s+and)?[\s-]+(?:{_ONES_W}|{_TEENS_W}))?)"
)


def _spoken_year(s: str) -> int | None:
    s = s.lower()
    if s.startswith("two"):
        rest = re.sub(r"^two\s+thousand(?:\s+and)?", "", s).strip(" -")
        n = parse_number(rest) if rest else 0
        return 2000 + int(n) if n is not None else None
    rest = re.sub(r"^nineteen", "", s).strip(" -")
    rest = re.sub(r"^hundred(?:\s+and)?", "", rest).strip(" -")
    n = parse_number(rest)
    return 1900 + int(n) if n is not None else None


@_pat(
    rf"(?:(?P<the>the\s+(?:year|winter|summer|spring|fall|autumn)\s+of|the\s+year)\s+)?"
    rf"(?:(?P<mon>{_MONTH_FULL})\s+)?(?P<y>{_SPOKEN_YEAR})",
    2,
)
def _spoken(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    y = _spoken_year(m["y"])
    if y is None:
        return None
    if not m["the"] and not m["mon"]:
        before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
        if not re.search(r"\b(?:in|since|of|from|until|by|to|before|after|during)\s+$", before):
            if not m["y"].lower().startswith("nineteen"):
                return None
    if m["mon"]:
        if not m["mon"][0].isupper():
            return None
        return "DATE", f"{y}-{_MONTHS[m['mon'].lower()]:02d}", None
    the = (m["the"] or "").lower()
    for season, code in _SEASONS.items():
        if season in the:
            return "DATE", f"{y}-{code}", None
    return "DATE", str(y), None


# --- holidays --------------------------------------------------------------


def _easter(y: int) -> date:
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return date(y, month, day)


def _nth_weekday(y: int, month: int, wd: int, n: int) -> date:
    """n-th (1-based; -1 = last) ISO weekday ``wd`` of a month."""
    if n > 0:
        d = date(y, month, 1)
        d += timedelta(days=(wd - d.isoweekday()) % 7)
        return d + timedelta(weeks=n - 1)
    d = date(y, month, calendar.monthrange(y, month)[1])
    return d - timedelta(days=(d.isoweekday() - wd) % 7)


_HOLIDAYS: dict[str, Callable[[int], date]] = {
    "thanksgiving": lambda y: _nth_weekday(y, 11, 4, 4),
    "christmas": lambda y: date(y, 12, 25),
    "christmas eve": lambda y: date(y, 12, 24),
    "new year's day": lambda y: date(y, 1, 1),
    "new year's eve": lambda y: date(y, 12, 31),
    "easter": _easter,
    "election day": lambda y: _nth_weekday(y, 11, 1, 1) + timedelta(days=1),
    "independence day": lambda y: date(y, 7, 4),
    "labor day": lambda y: _nth_weekday(y, 9, 1, 1),
    "memorial day": lambda y: _nth_weekday(y, 5, 1, -1),
    "halloween": lambda y: date(y, 10, 31),
    "valentine's day": lambda y: date(y, 2, 14),
    "good friday": lambda y: _easter(y) - timedelta(days=2),
    "black friday": lambda y: _nth_weekday(y, 11, 4, 4) + timedelta(days=1),
}


@_pat(
    r"(?:(?P<rel>last|this|next|this\s+past|this\s+coming)\s+)?(?P<h>Thanksgiving(?:\s+Day)?"
    r"|Christmas(?:\s+(?:Day|Eve))?|New\s+Year's\s+(?:Day|Eve)|Easter(?:\s+(?:Sunday|week))?"
    r"|Election\s+Day|Independence\s+Day|Labor\s+Day|Memorial\s+Day|Halloween"
    r"|Valentine's\s+Day|Good\s+Friday|Black\s+Friday)",
    2,
    0,
)
def _holiday(m: re.Match[str], ctx: _Ctx) -> tuple[str, str, str | None] | None:
    h = re.sub(r"\s+", " ", m["h"].lower())
    week = h.endswith(" week")
    key = (
        re.sub(r" (?:day|sunday|week)$", "", h)
        if not h.startswith(("new", "election", "independence", "labor", "memorial", "valentine"))
        else h
    )
    fn = _HOLIDAYS.get(key) or _HOLIDAYS.get(h)
    if fn is None:
        return None
    if ctx.dct is None:
        return "DATE", "XXXX-XX-XX", None
    rel = (m["rel"] or "").lower()
    y = ctx.dct.year
    this_year = fn(y)
    if rel in ("last", "this past"):
        d = this_year if this_year < ctx.dct else fn(y - 1)
    elif rel in ("next", "this coming"):
        d = this_year if this_year > ctx.dct else fn(y + 1)
    elif this_year > ctx.dct and not ctx.future(m.start(), m.end()):
        d = fn(y - 1)
    else:
        d = this_year
    return "DATE", _week(d) if week else d.isoformat(), None


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
) -> list[TimeExpr]:
    """Find and normalise the temporal expressions of ``text`` against ``dct``.

    ``dct`` is the document creation/publication date (``date`` or ISO string) or None.
    ``doc`` is an optional spaCy Doc of exactly ``text``, used for the tense of the
    governing verb (past/future resolution) and for generic "today" (unless ``doc_tense``
    is False), and for the non-date readings of calendar words ("the fall of Aleppo", the
    modal "May", "the Sunday Times": :mod:`dateline.timex_reading`).
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
            cands.append(_Cand(start, end, typ, value, mod, prio))
    out: list[TimeExpr] = []
    anchor = dct.isoformat() if dct else None
    last: str | None = None  # the value of the date last mentioned
    for c in _select(cands):
        if isinstance(c.value, _Anaphor) and last is not None:
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
    return out
