"""French time expressions: found by pattern, resolved by dateparser against the publication date.

The TIMEX tagger of :mod:`dateline.time.timex` is English rules.  For French pages the times
stage calls :func:`tag` instead: date-looking phrases ("le 12 décembre 2016", "lundi dernier",
"hier", "la semaine dernière", "il y a neuf mois", "en mars 2015") are found by the patterns
below and resolved by dateparser (``languages=["fr"]``, ``RELATIVE_BASE`` = the publication
date, ``PREFER_DATES_FROM = "past"``).  The value's granularity follows the phrase (dateparser's
period): a day ``2016-12-11``, a week ``2016-W49``, a month ``2016-03``, a year ``2015``.

Weekdays are resolved here, as the English tagger does: the publication day itself when it is
that weekday, else the last one before it, or the next one when the verb the weekday modifies
is in the future tense (spaCy's morphology) or the phrase says ``prochain``; ``dernier`` is
always strictly before.  Without a publication date, phrases with a year keep their value and
the others are left unresolved (``XXXX-XX-XX``).  Durations, sets and clock times are not
tagged.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from dateline.records import TimeExpr

log = logging.getLogger(__name__)

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_MONTH = "(?:" + "|".join(MONTHS) + "|fevrier|aout|decembre)"
_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
_NUMBER = (
    r"(?:\d{1,3}|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt"
    r"|trente|quelques)"
)

#: the patterns, most specific first; a later match never overlaps an earlier one
_PATTERNS = [
    # (le) (lundi) 12 décembre (2016), 1er décembre
    rf"(?:(?:le|du|au|ce)\s+)?(?:{_WEEKDAY}\s+)?(?:1er|\d{{1,2}})\s+{_MONTH}(?:\s+\d{{4}})?",
    # (en / début / fin) décembre 2016
    rf"(?:(?:en|début|fin|mi-)\s*)?{_MONTH}\s+\d{{4}}",
    # (en / début / fin) janvier: a month of the year the article speaks from
    rf"(?:(?:en|début|fin|mi-)\s*){_MONTH}",
    # (au) début du mois (dernier / prochain)
    r"(?:au\s+)?(?:début|milieu|fin)\s+du\s+mois(?:\s+(?:dernier|prochain))?",
    # il y a neuf mois, il y a deux semaines
    rf"il\s+y\s+a\s+{_NUMBER}\s+(?:jours?|semaines?|mois|ans|années?)",
    # la semaine dernière, le mois prochain, l'an dernier, l'année passée
    r"(?:la\s+semaine|le\s+mois|l['’]an|l['’]année)\s+(?:dernière|dernier|passée?|prochaine?)",
    r"(?:cette\s+semaine|ce\s+mois-ci|cette\s+année)",
    # lundi (dernier / prochain), ce lundi
    rf"(?:ce\s+)?{_WEEKDAY}(?:\s+(?:dernier|prochain))?",
    r"avant-hier|après-demain|aujourd['’]hui|hier|demain",
    # en 2015, depuis 2001
    r"(?:en|depuis|dès|avant|après)\s+(?:19|20)\d{2}",
]
_TAGGER = re.compile(
    "|".join(f"(?:{p})" for p in _PATTERNS).join((r"(?<![\w-])(?:", r")(?![\w-])")), re.I
)
_MODS = {"début": "START", "fin": "END", "mi-": "MID"}
_BOUNDS = {"depuis": "since", "dès": "since", "avant": "before", "après": "after"}
_HAS_MONTH = re.compile(rf"(?<!\w){_MONTH}(?!\w)", re.I)
_HAS_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


@lru_cache(maxsize=64)
def _parser(base: datetime | None) -> Any:
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    return DateDataParser(languages=["fr"], settings=settings)


def has_french_month(text: str) -> bool:
    return bool(_HAS_MONTH.search(text))


def parse_date(text: str) -> datetime | None:
    """A French calendar date with its year ("12 décembre 2016", "lundi 12 décembre 2016 à
    14h30"), for publication lines; None without a French month name and a year."""
    if not has_french_month(text) or not _HAS_YEAR.search(text):
        return None
    cleaned = re.sub(r"\b(?:publié|mis\s+à\s+jour)\b|\ble\b", " ", text, flags=re.I)
    cleaned = re.sub(r"(\d{1,2})\s*h\s*(\d{2})", r"\1:\2", cleaned)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" ,-–—:|")
    data = _parser(None).get_date_data(cleaned)
    return data.date_obj  # type: ignore[no-any-return]


def _format(d: date, period: str) -> tuple[str, str]:
    if period == "week":
        y, w, _ = d.isocalendar()
        return f"{y}-W{w:02d}", "week"
    if period == "month":
        return f"{d.year}-{d.month:02d}", "month"
    if period == "year":
        return str(d.year), "year"
    return d.isoformat(), "day"


#: "à partir de samedi", "dès lundi": a phrase that starts later
_STARTS_LATER = re.compile(r"(?:à\s+partir\s+d[e']|dès|d['’]ici)\s*$", re.I)
#: verbs that place what they govern ahead ("une marche est prévue jeudi")
_PLANNED = frozenset({"prévoir", "programmer", "planifier", "fixer"})


def _future_tense(doc: Any, start: int, end: int) -> bool:
    """Whether the verb the phrase modifies is in the future tense ("se rendra lundi"), is a
    plan ("est prévue jeudi"), or the phrase starts later ("à partir de samedi")."""
    if doc is None:
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    head = span.root.head
    for tok in (head, *head.children):
        if tok.pos_ in ("VERB", "AUX") and "Fut" in tok.morph.get("Tense"):
            return True
    return head.lemma_.lower() in _PLANNED


def _weekday(phrase: str, dct: date, future: bool) -> date:
    low = phrase.lower()
    target = next(i for i, w in enumerate(WEEKDAYS) if w in low)
    back = (dct.weekday() - target) % 7
    if "dernier" in low:
        return dct - timedelta(days=back or 7)
    if "prochain" in low or (future and back):
        return dct + timedelta(days=(target - dct.weekday()) % 7 or 7)
    return dct - timedelta(days=back)


def _resolve(phrase: str, dct: date | None, future: bool) -> tuple[str, str] | None:
    low = phrase.lower()
    bare_weekday = re.fullmatch(rf"(?:ce\s+)?{_WEEKDAY}(?:\s+(?:dernier|prochain))?", low)
    if bare_weekday:
        return _format(_weekday(low, dct, future), "day") if dct else ("XXXX-XX-XX", "day")
    if dct is None and not _HAS_YEAR.search(low):
        return None
    if dct is not None:
        own = _calendar(low, dct, future)
        if own is not None:
            return own
    text = re.sub(r"l['’]an\s+(?:dernier|passé)", "l'année dernière", low)
    text = re.sub(r"l['’]an\s+prochain", "l'année prochaine", text)
    text = re.sub(r"^(?:(?:début|fin)\s+|mi-)", "", text)
    base = datetime(dct.year, dct.month, dct.day) if dct else None
    data = _parser(base).get_date_data(text)
    if data.date_obj is None:
        return None
    period = data.period or "day"
    if re.fullmatch(rf"{_MONTH}\s+\d{{4}}", text):
        period = "month"
    elif re.fullmatch(r"(?:19|20)\d{2}", text):
        period = "year"
    return _format(data.date_obj.date(), period)


def _calendar(low: str, dct: date, future: bool) -> tuple[str, str] | None:
    """Phrases resolved here rather than by dateparser: a day and month without a year (the
    year that puts it nearest the reference date), a month without a year (the last one, or the
    next one in a future clause), « du mois » (the reference month), a bare year."""
    bare = re.sub(r"^(?:(?:le|du|au|ce|en|début|fin)\s+|mi-)", "", low).strip()
    day_month = re.fullmatch(rf"(?:{_WEEKDAY}\s+)?(1er|\d{{1,2}})\s+({_MONTH})", bare)
    if day_month:
        month = _month_number(day_month.group(2))
        day = 1 if day_month.group(1) == "1er" else int(day_month.group(1))
        options = []
        for year in (dct.year - 1, dct.year, dct.year + 1):
            try:
                options.append(date(year, month, day))
            except ValueError:
                continue
        if not options:
            return None
        return _format(min(options, key=lambda d: abs((d - dct).days)), "day")
    month_only = re.fullmatch(_MONTH, bare)
    if month_only:
        month = _month_number(bare)
        year = dct.year
        if future and month < dct.month:
            year += 1
        elif not future and month > dct.month:
            year -= 1
        return f"{year}-{month:02d}", "month"
    this_month = re.search(r"du\s+mois(?:\s+(dernier|prochain))?$", bare)
    if this_month:
        shift = {"dernier": -1, "prochain": 1}.get(this_month.group(1) or "", 0)
        index = dct.year * 12 + dct.month - 1 + shift
        return f"{index // 12}-{index % 12 + 1:02d}", "month"
    year_only = re.fullmatch(r"(?:depuis|dès|avant|après)\s+((?:19|20)\d{2})", bare)
    if year_only:
        return year_only.group(1), "year"
    return None


def _month_number(name: str) -> int:
    name = {"fevrier": "février", "aout": "août", "decembre": "décembre"}.get(name, name)
    return MONTHS.index(name) + 1


def tag(text: str, dct: date | None, doc: Any = None) -> list[TimeExpr]:
    """French DATE expressions of ``text`` resolved against ``dct`` (the publication date)."""
    out: list[TimeExpr] = []
    for m in _TAGGER.finditer(text):
        phrase = m.group(0)
        # a bare article is not part of the expression ("le 12 décembre" → "12 décembre")
        lead = re.match(rf"(?:le|du|au|ce|en)\s+(?=\d|{_WEEKDAY}|{_MONTH})", phrase, re.I)
        start = m.start() + (lead.end() if lead else 0)
        phrase = text[start : m.end()]
        later = _STARTS_LATER.search(text[max(0, start - 14) : start]) is not None
        resolved = _resolve(phrase, dct, later or _future_tense(doc, start, m.end()))
        if resolved is None:
            value, precision = "XXXX-XX-XX", None
        else:
            value, precision = resolved
        edge = re.match(r"(?:au\s+)?(début|fin|mi-)", phrase, re.I)
        out.append(
            TimeExpr(
                start=start,
                end=m.end(),
                text=phrase,
                type="DATE",
                value=value,
                precision=precision,
                mod=_MODS[edge.group(1).lower()] if edge else None,
                bound=_BOUNDS.get(phrase.split()[0].lower()),  # type: ignore[arg-type]
                anchor=dct.isoformat() if dct else None,
            )
        )
    return out
