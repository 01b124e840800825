"""The publication day of an HTML page: htmldate and the page's own evidence, in an order of trust.

htmldate (``original_date=True``) weighs the markup and visible dates well, but it does not
read the page the way a reader does. The page's own evidence, found here:

* **the visible date line** near the headline: the dates written in the few hundred
  characters of visible text around the story's ``<h1>``, each with the label it
  carries — ``published`` ("Published", "Posted"), ``updated`` ("Updated",
  "Last modified", "Reviewed") or none;
* **structured dates**: JSON-LD ``datePublished`` and ``<meta>`` publication times
  (:func:`dateline.pages.htmlmeta.find_dates`).

The order of trust (:func:`choose_day`), most trusted first:

1. a visible date labelled as the publication ("Published March 9, 2026"): published wins
   over updated when a byline carries both;
2. a visible date without a label (the date line under a headline);
3. htmldate's original date, then the structured dates;

except that a visible date within a day of htmldate's (or the structured) date leaves
that one in place: the markup's day is often the UTC day of a time the page writes in
its own zone. A visible "Updated" date alone is not taken (the markup's publication date
is right about as often as it, on the pages dateline was developed on).

Only written dates are read ("March 9, 2026", "9 March 2026", "2026-03-09"): an
all-number date ("03.09.2026") cannot tell its day from its month.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta

from lxml.etree import _Element

from dateline.pages.refdate import MONTHS

log = logging.getLogger(__name__)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WRITTEN_DATE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d{{2}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH})\.?,?\s+(?P<y2>(?:19|20)\d{{2}})"
    r"|(?P<y3>(?:19|20)\d{2})-(?P<m3>\d{2})-(?P<d3>\d{2}))\b",
    re.I,
)
_UPDATED = re.compile(
    r"\b(?:updated|modified|reviewed|revised|refreshed|edited|fact[\s-]?checked)\b", re.I
)
_PUBLISHED = re.compile(r"\b(?:published|posted|released|written|created)\b", re.I)
#: visible characters read before and after the headline
BEFORE, AFTER = 300, 600
#: the characters before a date where its label is looked for
LABEL_WINDOW = 40
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "title"})


@dataclass(frozen=True)
class VisibleDate:
    day: date
    label: str  # published | updated | none
    text: str


def _visible_text(root: _Element, marker: _Element | None) -> tuple[str, int, int]:
    """The page's visible text and where ``marker``'s text starts and ends in it."""
    parts: list[str] = []
    pos = 0
    start = end = -1

    def walk(el: _Element) -> None:
        nonlocal pos, start, end
        if not isinstance(el.tag, str) or el.tag in _SKIP:
            return
        if el is marker:
            start = pos
        if el.text:
            parts.append(el.text)
            pos += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        parts.append(" ")
        pos += 1
        if el is marker:
            end = pos

    body = root.find(".//body")
    walk(body if body is not None else root)
    return "".join(parts), start, end


def _headline_element(root: _Element, headline: str | None) -> _Element | None:
    from dateline.pages.htmlmeta import norm_key

    h1s = list(root.iter("h1"))
    if not h1s:
        return None
    key = norm_key(headline)
    if key:
        for h in h1s:
            if norm_key(" ".join(h.itertext())) == key:
                return h
    return h1s[0]


def _day(m: re.Match[str]) -> date | None:
    try:
        if m.group("y3"):
            return date(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
        mo = MONTHS.get((m.group("m1") or m.group("m2")).lower().rstrip("."))
        y = int(m.group("y1") or m.group("y2"))
        d = int(m.group("d1") or m.group("d2"))
        return date(y, mo, d) if mo else None
    except ValueError:
        return None


def _label(before: str) -> str:
    """``updated``/``published``/``none`` from the words just before a date (the nearest wins)."""
    best, best_pos = "none", -1
    for rx, name in ((_UPDATED, "updated"), (_PUBLISHED, "published")):
        for m in rx.finditer(before):
            if m.start() > best_pos:
                best, best_pos = name, m.start()
    return best


def visible_dates(root: _Element, headline: str | None) -> list[VisibleDate]:
    """The written dates in the visible text around the story's ``<h1>``, in page order."""
    h1 = _headline_element(root, headline)
    if h1 is None:
        return []
    text, start, end = _visible_text(root, h1)
    if start < 0:
        return []
    lo, hi = max(0, start - BEFORE), end + AFTER
    window = text[lo:hi]
    out: list[VisibleDate] = []
    for m in _WRITTEN_DATE.finditer(window):
        d = _day(m)
        if d is None:
            continue
        before = window[max(0, m.start() - LABEL_WINDOW) : m.start()]
        # a label belongs to this date only when no other date stands between them
        prev = list(_WRITTEN_DATE.finditer(before))
        if prev:
            before = before[prev[-1].end() :]
        out.append(VisibleDate(d, _label(before), m.group(0)))
    return out


#: days between a visible date and the markup's date that are read as one day in two zones
ZONE_SLACK_DAYS = 1


def choose_day(visible: list[VisibleDate], reference: date | None) -> VisibleDate | None:
    """The visible date that wins over ``reference`` (htmldate's day, else the structured
    one), or None when ``reference`` stands (see the order of trust above)."""
    for label in ("published", "none"):
        found = next((v for v in visible if v.label == label), None)
        if found is None:
            continue
        if reference is not None and abs(found.day - reference) <= timedelta(ZONE_SLACK_DAYS):
            return None
        return found
    return None
