"""Place syntax that overrides what a name alone suggests.

Three readings, each decided by the words around a name rather than by the name:

* **datelines** — a line-initial (or sentence-initial, before a dash) run of capitals ending in
  a dash or in ", Month" ("BANTAM —", "VICTORIA -", "SOUTH WAZIRISTAN, April 5") is the
  place the story was filed from, whether or not the gazetteer knows it and whether or not
  its name is also a common word.  Journalistic kickers ("UPDATE —", "EDITOR'S NOTE —") and
  runs whose words the article also writes in lower case ("WATCH", "note") are not places.
* **common-word names in place syntax** — a name that is also a common word or a person's
  name ("Jordan", "Victoria") is a place where the syntax leaves no other reading: a
  directional adjective before it ("central Jordan"), the area slot of a "Town, Area" pair
  whose town it holds ("Irbid, Jordan"), or a strong locative preposition before a country
  or a populous province ("in Victoria").
* **codes** — gazetteer alternate names include airport and other codes ("CUP" Carúpano,
  "ACT" Waco, "INC" Yinchuan, "BA" Bath): a one-word all-capital or three-letter-or-shorter
  name (and a corporate suffix) counts only where it is the main name of the place it would be
  read as, the initials of that name ("UAE", "NYC"), or a known abbreviation ("U.S.", "PA").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dateline.places import gazetteer as gz
from dateline.places.qualifier import holds

# a run of capitals at a line start before a dash or ", Name" ("BEIRUT, Lebanon", "SOUTH
# WAZIRISTAN, April 5"), or after a sentence end on the same line before a spaced dash
# ("… assault. BANTAM — A Danbury mason")
_DATELINE = re.compile(
    r"(?m)(?:^[ \t]*|(?<=[.!?])(?P<mid> ))"
    r"([A-Z][A-Z'\-]+(?: [A-Z][A-Z'\-]+){0,2})"
    r"(?=,? ?(?:\([A-Za-z][\w ]{0,20}\)\s*)?[—–-]|, [A-Z][a-z])"
)
_SPACED_DASH = re.compile(r",? ?(?:\([A-Za-z][\w ]{0,20}\)\s*)?[—–-]\s")
_ATTACHED_HYPHEN = re.compile(r"-\w")  # "WABC-TV": one name, not a dateline's dash
#: kickers and labels that open news lines like a dateline but are not places
_KICKERS = frozenset(
    "update updated breaking editor's note watch video photos photo exclusive analysis "
    "opinion correction clarification live developing advisory alert read more".split()
)
_DIRECTION = re.compile(
    r"(?<![\w-])(?:(?:north|south)(?:[- ]?(?:east|west))?(?:ern)?|east(?:ern)?|west(?:ern)?"
    r"|central)\s+$"
)
_STRONG_PREP = re.compile(r"(?<![\w-])(?:in|into|inside|across|throughout|within)\s+$")
_PREV_NAME = re.compile(r"((?:[A-Z][\w'\-]+\s){0,2}[A-Z][\w'\-]+),\s+$")
_MINOR = frozenset("of the and de del la le".split())
_CORPORATE = frozenset("inc inc. ltd ltd. llc plc corp corp. co co. gmbh s.a.".split())


def dateline_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, title-cased name) of dateline-like runs of capitals."""
    for m in _DATELINE.finditer(text):
        if m.group("mid") and not _SPACED_DASH.match(text, m.end(2)):
            continue
        if _ATTACHED_HYPHEN.match(text, m.end(2)):
            continue
        yield m.start(2), m.end(2), m.group(2).title()


def is_kicker(text: str, name: str) -> bool:
    """A label, not a place: a known kicker, or a run whose every word the article also
    writes in lower case ("WATCH — ... watch the video")."""
    low = name.lower()
    if low in _KICKERS or any(w in _KICKERS for w in low.split()):
        return True
    return all(re.search(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", text) for w in low.split())


def _area_of(g: gz.Gazetteer, name: str) -> list[int]:
    """The country and admin1 readings of ``name`` (its common-word status ignored)."""
    return [i for i in g.candidates(name) if g.feature[i] in (gz.COUNTRY, gz.ADMIN1)]


def placed_by_syntax(g: gz.Gazetteer, text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` stands in unmistakable place syntax."""
    name = text[start:end]
    if not name[:1].isupper() or g.is_not_place(name):
        return False
    after = text[end : end + 2]
    if after[:1] == " " and after[1:2].isupper() or after[:1] == "-" and after[1:2].isalpha():
        return False  # part of a longer name ("Jordan Valley Authority", "Victoria-based")
    areas = _area_of(g, name)
    if not areas:
        return False
    before = text[max(0, start - 40) : start]
    if _DIRECTION.search(before):
        return True  # "central Jordan", "southern Victoria"
    m = _PREV_NAME.search(before)
    if m is not None:
        # "Irbid, Jordan": the area slot, and the area holds a place of the name before it
        towns = g.candidates(m.group(1))
        if any(holds(g, a, i) for a in areas for i in towns if i != a):
            return True
    if _STRONG_PREP.search(before):
        big = [a for a in areas if g.feature[a] == gz.COUNTRY or g.pop[a] >= 1_000_000]
        return bool(big)
    return False


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[\w']+", name) if w not in _MINOR).upper()


def code_like(g: gz.Gazetteer, span: str, entry: int) -> bool:
    """A one-word name that reads as a code or a company suffix rather than as the place
    ``entry`` ("CUP", "ACT", "Inc."): all capitals, or three letters or fewer, and not the
    place's main name."""
    if span.lower() in _CORPORATE:
        return True
    if " " in span:
        return False
    letters = span.rstrip(".")
    if "." in letters or g.abbreviation(span) is not None:
        return False  # "U.S.", "N.Y.": a written abbreviation, not a code
    if not (letters.isupper() and len(letters) > 1 or len(letters) <= 3):
        return False
    if letters.isupper() and any(letters == _initials(g.names[i]) for i in g.candidates(span)[:5]):
        return False  # "UAE", "DRC", "ACT": the initials of a place's name
    return gz.normalize(g.names[entry]) != gz.normalize(letters)
