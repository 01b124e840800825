"""The area written right after a place name: "Homs, Syria", "Charleston, W.Va.", "Wellington,
Somerset".

A qualifier constrains the reading of the name before it.  Its own name can have several area
readings (the country or the US state "Georgia"; the county "Somerset" in England or in
Pennsylvania): the reading that holds one of the name's candidates is the qualifier meant.  When
no reading holds any candidate, the gazetteer does not know the town ("Wellington, Somerset": the
English county town is not among its entries), and the name is read as the qualifying area
itself — a coarser but right place — rather than as a namesake on another continent.  That
fallback is only taken where the apposition closes ("Wellington, Somerset, on Monday"), never in
a list of places ("Utah, Colorado, and Idaho") or before a verb ("Barcelona, Liverpool have").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from dateline.places import gazetteer as gz

_AREAS = (gz.ADMIN1, gz.COUNTRY, gz.ADMIN2)
_QUALIFIER = re.compile(r",\s+((?:[A-Z][\w.]*\.?)(?:\s[A-Z][\w.]*\.?){0,2})")
# after a qualifier its apposition closes ("Wellington, Somerset, on Monday", "... Somerset.");
# a list goes on ("Utah, Colorado, and Idaho", "Devon, Somerset, Dorset") or a clause does
# ("Barcelona, Liverpool have ...")
_CLOSES = re.compile(r"[.;:)!?]|,(?!\s*(?:[A-Z]|and\b|or\b|&))|$")


def holds(g: gz.Gazetteer, area: int, i: int) -> bool:
    """Whether the area entry ``area`` contains entry ``i``."""
    feat = g.feature[area]
    if feat == gz.COUNTRY:
        return g.cc[i] == g.cc[area]
    if feat == gz.ADMIN1:
        return (g.cc[i], g.a1[i]) == (g.cc[area], g.a1[area])
    if feat == gz.ADMIN2:
        return g.a2[i] == area
    return False


def _readings(text: str, end: int) -> Iterator[tuple[str, int]]:
    """The capitalised words after ", " at ``end``, longest first, each with where it ends."""
    m = _QUALIFIER.match(text[end : end + 40])
    if not m:
        return
    words = m.group(1).split()
    for n in range(len(words), 0, -1):
        cand = " ".join(words[:n]).rstrip(",")
        yield cand, end + m.start(1) + len(cand) - cand.endswith(".")  # "Northamptonshire."


def area_after(g: gz.Gazetteer, text: str, end: int) -> int | None:
    """The state or country named right after ``end`` ("Charleston, W.Va.", "Homs, Syria")."""
    for cand, _ in _readings(text, end):
        abbr = g.abbreviation(cand)
        if abbr is not None:
            return abbr
        for j in g.candidates(cand)[:3]:
            if g.feature[j] in (gz.ADMIN1, gz.COUNTRY):
                return j
    return None


def qualifier(
    g: gz.Gazetteer, text: str, end: int, ids: Sequence[int] = ()
) -> tuple[int | None, bool]:
    """The area named right after ``end`` and whether it may be a list's next item (or a
    clause's subject) rather than a closed apposition.

    Among the qualifier's area readings, one that holds a candidate in ``ids`` wins; else a
    state or country before a county (the order of the readings before).  Returns
    ``(None, False)`` when no area follows.
    """
    for cand, rest in _readings(text, end):
        in_list = not _CLOSES.match(text[rest : rest + 12])
        abbr = g.abbreviation(cand)
        if abbr is not None:
            return abbr, in_list
        areas = [j for j in g.candidates(cand)[:4] if g.feature[j] in _AREAS]
        if not areas:
            continue
        for j in areas:
            if any(holds(g, j, i) for i in ids):
                return j, in_list
        upper = [j for j in areas[:3] if g.feature[j] != gz.ADMIN2]
        return (upper or areas)[0], in_list
    return None, False


def unknown_town(g: gz.Gazetteer, ids: Sequence[int], area: int | None, in_list: bool) -> bool:
    """The name is a town the gazetteer lacks inside the sub-national ``area`` that qualifies
    it: no candidate lies inside it, none is a country or larger (those are read as such),
    and the pair is no list."""
    if area is None or in_list or not ids:
        return False
    if g.feature[area] not in (gz.ADMIN1, gz.ADMIN2):
        return False
    towns_or_areas = all(g.feature[i] in (gz.CITY, gz.ADMIN1, gz.ADMIN2) for i in ids)
    return towns_or_areas and not any(holds(g, area, i) for i in ids)
