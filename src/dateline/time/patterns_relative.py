"""The TIMEX3 patterns and their handlers, part 2: relative periods, "N units ago", durations, sets,
PRESENT/PAST/FUTURE_REF, spoken years and holidays (registered after part 1, in this order)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

from dateline.time.normalise import (
    _SHIFTS,
    _Anaphor,
    _Ctx,
    _last_quarter,
    _rel_unit,
    _sentence_bounds,
    _shift,
    _week,
    duration_value,
    parse_number,
)
from dateline.time.patterns import _cap_ok, _pat, _rel_mod
from dateline.time.vocab import (
    _MOD,
    _MONTH_FULL,
    _MONTHS,
    _NUM,
    _NW,
    _PARTS,
    _SEASONS,
    _UNIT,
    _UNIT_PL,
    _UNIT_SG,
    _VAGUE_RE,
    _WD,
    _WEEKDAYS,
)

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
