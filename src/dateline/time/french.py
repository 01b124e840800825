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
    # il y a neuf mois, il y a deux semaines
    rf"il\s+y\s+a\s+{_NUMBER}\s+(?:jours?|semaines?|mois|ans|années?)",
    # la semaine dernière, le mois prochain, l'an dernier, l'année passée
    r"(?:la\s+semaine|le\s+mois|l['’]an|l['’]année)\s+(?:dernière|dernier|passée?|prochaine?)",
    r"(?:cette\s+semaine|ce\s+mois-ci|cette\s+année)",
    # lundi (dernier / prochain), ce lundi
    rf"(?:ce\s+)?{_WEEKDAY}(?:\s+(?:dernier|prochain))?",
    r"avant-hier|après-demain|aujourd['’]hui|hier|demain",
    # en 2015
    r"en\s+(?:19|20)\d{2}",
]
_TAGGER = re.compile(
    "|".join(f"(?:{p})" for p in _PATTERNS).join((r"(?<![\w-])(?:", r")(?![\w-])")), re.I
)
_MODS = {"début": "START", "fin": "END", "mi-": "MID"}
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


def _future_tense(doc: Any, start: int, end: int) -> bool:
    """Whether the verb the phrase modifies is in the future tense ("se rendra lundi")."""
    if doc is None:
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    head = span.root.head
    for tok in (head, *head.children):
        if tok.pos_ in ("VERB", "AUX") and "Fut" in tok.morph.get("Tense"):
            return True
    return False


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


def tag(text: str, dct: date | None, doc: Any = None) -> list[TimeExpr]:
    """French DATE expressions of ``text`` resolved against ``dct`` (the publication date)."""
    out: list[TimeExpr] = []
    for m in _TAGGER.finditer(text):
        phrase = m.group(0)
        # a bare article is not part of the expression ("le 12 décembre" → "12 décembre")
        lead = re.match(rf"(?:le|du|au|ce|en)\s+(?=\d|{_WEEKDAY}|{_MONTH})", phrase, re.I)
        start = m.start() + (lead.end() if lead else 0)
        phrase = text[start : m.end()]
        resolved = _resolve(phrase, dct, _future_tense(doc, start, m.end()))
        if resolved is None:
            value, precision = "XXXX-XX-XX", None
        else:
            value, precision = resolved
        edge = re.match(r"(début|fin|mi-)", phrase, re.I)
        out.append(
            TimeExpr(
                start=start,
                end=m.end(),
                text=phrase,
                type="DATE",
                value=value,
                precision=precision,
                mod=_MODS[edge.group(1).lower()] if edge else None,
                anchor=dct.isoformat() if dct else None,
            )
        )
    return out
