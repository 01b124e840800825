"""Street-level and building toponyms: names the gazetteer cannot hold.

A capitalised name ending in a street head ("Dean Woods Road", "14th St.", "Royal Street") or
a numbered road ("Highway 403", "Interstate 95", "the A417") is a toponym wherever it stands;
a capitalised name ending in a building head ("Thomas Memorial Hospital", "Barclays Center")
is one where a locative preposition governs it ("taken to T.J. Health Hospital", "at Brooklyn's
Barclays Center"), and then at its other mentions too.  Institutions that are as often
organisations as places (universities, schools, courts) are left out.

These spans have no gazetteer entry: the places stage places them at the article's main place
when it falls back to the focus (benchmark mode), and drops them otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from dateline.places import gazetteer as gz

#: heads of street names (written as in the text; "St." is a street after a name only)
STREET_HEADS = frozenset(
    "Street St. Road Rd. Avenue Ave. Boulevard Blvd. Drive Lane Highway Close Crescent Place "
    "Square Terrace Parkway Pike Expressway Freeway Turnpike".split()
)
#: heads of buildings and grounds one can be at or taken to
BUILDING_HEADS = frozenset(
    "Hospital Center Centre Church Cathedral Chapel Basilica Mosque Temple Synagogue Theatre "
    "Theater Museum Gallery Prison Jail Stadium Arena Airport Estate Hall Castle Park Bridge "
    "Station Hotel Farm Racecourse Mall Cottage Inn Lagoon Library Palace Zoo Cemetery "
    "Plaza".split()
)
_CONNECTORS = frozenset("of de du des la le and &".split())
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")
_NUMBERED = re.compile(
    r"\b(?:(?:Highway|Hwy\.?|Route|Interstate|State Road|County Road|U\.S\.) \d{1,4}|I-\d{1,3})\b"
)
_ROAD_NUMBER = re.compile(r"^[AM]\d{1,4}$")
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:at|in|into|to|from|near|outside|inside|on|toward|towards|behind|opposite|"
    r"beside)\s+(?:the\s+)?(?:[A-Z][\w.\-]*(?:’s|'s)\s+)?$",
    re.I,
)
_LEADING_STOP = frozenset("The A An This That".split())


def _name_start(doc: Any, head: int) -> int | None:
    """Index of the first token of the capitalised name ending at ``head``, or None."""
    j = head - 1
    first: int | None = None
    while j >= 0 and head - j <= 6:
        tok = doc[j]
        if "\n" in tok.text_with_ws or tok.is_space or tok.text in ("’s", "'s", "’", "'"):
            break
        word = tok.text
        if word[:1].isupper() or _ORDINAL.match(word):
            if tok.is_sent_start and word in _LEADING_STOP or word.lower() in ("county", "co."):
                break  # "Barren County Detention Center": the county is the toponym
            first = j
        elif word.lower() in _CONNECTORS and first is not None:
            pass  # "Palais des Nations", "Bains and Grants Town": kept when a name precedes
        else:
            break
        j -= 1
    while first is not None and first < head and doc[first].text.lower() in _CONNECTORS:
        first += 1
    while first is not None and first < head and doc[first].text in _LEADING_STOP:
        first += 1
    return first if first is not None and first < head else None


def facility_spans(g: gz.Gazetteer, doc: Any) -> list[tuple[int, int, str]]:
    """(start, end, kind) of street ("street") and building ("building") names in ``doc``.

    A name the gazetteer knows as a whole ("College Station") is left to the place readings,
    and one that opens with a nationality word ("Iranian Red Crescent") to the organisations.
    """
    text = doc.text
    out: list[tuple[int, int, str]] = []
    buildings: set[str] = set()
    for tok in doc:
        kind = (
            "street"
            if tok.text in STREET_HEADS
            else "building"
            if tok.text in BUILDING_HEADS
            else None
        )
        if kind is None:
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.text[:1].isupper() and "\n" not in tok.text_with_ws:
            if not nxt.is_sent_start:
                continue  # a longer name: "Wall Street Journal", "Park Avenue Armory"
        first = _name_start(doc, tok.i)
        if first is None:
            continue
        start, end = doc[first].idx, tok.idx + len(tok.text)
        if g.candidates(text[start:end]) or g.demonym_entry(doc[first].text) is not None:
            continue
        if kind == "building":
            if not _LOCATIVE_BEFORE.search(text[max(0, start - 40) : start]):
                continue
            buildings.add(text[start:end])
        out.append((start, end, kind))
    # a building named once after a preposition is the same building at its other mentions
    for name in buildings:
        for m in re.finditer(r"(?<![\w.])" + re.escape(name) + r"(?!\w)", text):
            out.append((m.start(), m.end(), "building"))
    for m in _NUMBERED.finditer(text):
        out.append((m.start(), m.end(), "street"))
    # UK road numbers ("the A417"): taken when one of them is written with the article
    roads = [t for t in doc if _ROAD_NUMBER.match(t.text)]
    if any(t.i > 0 and doc[t.i - 1].lower_ == "the" for t in roads):
        out.extend((t.idx, t.idx + len(t.text), "street") for t in roads)
    return sorted(set(out))


_IN_NEXT = re.compile(r"^(?:,\s*|\s+(?:in|at|on)\s+|,\s+in\s+)$")


def placed_by_next(
    text: str, tops: Sequence[Any], picks: list[Any], sources: frozenset[str]
) -> None:
    """A street or building without a reading that is followed by a place ("University
    Hospital in Columbia", "Dunnock Close, Edmonton") takes that place's reading (in place)."""
    for k in range(len(tops) - 2, -1, -1):
        t, nxt = tops[k], tops[k + 1]
        if t.source not in sources or picks[k] is not None or picks[k + 1] is None:
            continue
        if _IN_NEXT.match(text[t.end : nxt.start]):
            picks[k] = (picks[k + 1][0], 0.3)
