"""The TIMEX3 patterns and their handlers, part 1: the pattern registry, absolute dates, quarters,
seasons, weekdays, day references and times of day (part 2: :mod:`dateline.time.patterns_relative`)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from dateline.time.normalise import (
    _Ctx,
    _last_quarter,
    _month_year,
    _quarter,
    _safe_date,
    _weekday_date,
)
from dateline.time.reading import _token_at, month_is_noun, season_is_noun, weekday_is_name
from dateline.time.vocab import (
    _B,
    _DAYNUM,
    _DECADE_WORDS,
    _E,
    _MONTH,
    _MONTH_ABBR,
    _MONTH_FULL,
    _MONTHS,
    _ORDINALS,
    _PART,
    _PARTS,
    _SEASONS,
    _TOD,
    _TZ,
    _WD,
    _WEEKDAYS,
    _YEAR,
)

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
    elif (after := _DAY_AFTER.match(ctx.text, m.end())) and after["wd"][0].isupper():
        # "at about 10:35 a.m. (0735 GMT) Friday", "at 9 p.m. on Sunday": the clock time of
        # the day named right after it (tagged on its own), not of the publication day
        wd = _WEEKDAYS[after["wd"].lower()]
        day = _weekday_date(ctx, wd, "", after.start("wd"), after.end("wd"))
    else:
        day = "XXXX-XX-XX" if ctx.dct is None else ctx.dct.isoformat()
    return "TIME", f"{day}T{hh:02d}:{mm:02d}", "APPROX" if m["approx"] else None


#: a weekday right after a clock time, past a parenthesised other zone's time and an "on"
_DAY_AFTER = re.compile(rf"\s*(?:\([^()\n]{{1,24}}\)\s*)?,?\s*(?:on\s+)?(?P<wd>{_WD}){_E}", re.I)
