"""One sense per list: names coordinated with a recognised place are places too.

"stops in Hilversum and Almelo", "its stores in Žilina, Nitra, Prešov and Košice",
"between Coggeshall and Marks Tey": the small model labels the later members PERSON, ORG or
PRODUCT, or nothing, and no preposition stands before them.  Members of a list (joined by
commas, "and", "or") whose other member is a place already recognised are taken when the
gazetteer knows them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

_SEP = re.compile(r"^(?:\s*,\s*|\s*,?\s+(?:and|or|&)\s+)$")
_UNIT_LABELS = frozenset("PERSON ORG PRODUCT GPE LOC FAC NORP WORK_OF_ART EVENT".split())


def listed_places(
    doc: Any,
    places: Sequence[tuple[int, int]],
    known: Callable[[str], bool],
) -> list[tuple[int, int]]:
    """Spans of list members beside ``places`` (recognised place spans) that ``known``."""
    text = doc.text
    units: dict[tuple[int, int], bool] = {(s, e): True for s, e in places}
    persons: set[tuple[int, int]] = set()
    for ent in doc.ents:
        span = (ent.start_char, ent.end_char)
        if ent.label_ in _UNIT_LABELS and not any(s < span[1] and span[0] < e for s, e in places):
            units.setdefault(span, False)
            if ent.label_ == "PERSON":
                persons.add(span)
    order = sorted(units)
    out: list[tuple[int, int]] = []
    chain: list[tuple[int, int]] = []

    def close() -> None:
        n_places = sum(units[u] for u in chain)
        new = [
            u
            for u in chain
            if not units[u] and _name(text[u[0] : u[1]]) and known(text[u[0] : u[1]])
        ]
        # "Clarence, Irene, Marie and Dover": a list of people with one place in it
        if n_places and sum(u in persons for u in new) <= n_places:
            out.extend(new)

    for u in order:
        if chain and _SEP.match(text[chain[-1][1] : u[0]] if chain[-1][1] <= u[0] else "x"):
            chain.append(u)
            continue
        close()
        chain = [u]
    close()
    return out


def _name(span: str) -> bool:
    """A written name: capitalised, not an acronym ("TPP", "EMS"), ending in a letter."""
    return span[:1].isupper() and not span.isupper() and span[-1:].isalpha()
