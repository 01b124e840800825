"""Places and nationalities inside hyphenated compounds ("the Syrian-Turkish border",
"U.S.-led coalition", "Asia-Pacific", "German-Iraqi boy", "Middlesex-London EMS").

The small model keeps such a compound as one entity (or none), and neither half reads as a
place alone.  A compound the gazetteer knows whole ("Nagorno-Karabakh", "Rhineland-Palatinate",
"Stoke-on-Trent") is left to the other readings, and so is one inside a longer name ("Los
Angeles-based", "Donna Kennedy-Glans", "John-Paul Langbroek").  Benchmark mode only: these are toponyms in
the Gritta et al. corpora (adjectival and embedded), not where an event happens.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dateline.places import gazetteer as gz

_BEFORE_NAME = re.compile(
    r"(?<![\w.])(?!(?:The|A|An|In|At|On|By|Of|For|From|To)[ \t]$)[A-Z][\w.]*[ \t]$"
)
_AFTER_NAME = re.compile(r"[ \t][A-Z]")
_HYPHENED = re.compile(r"(?<![\w.\-’'])[A-Za-z][\w.’']*(?:-[A-Za-z][\w.’']*)+")


def hyphen_toponyms(
    g: gz.Gazetteer,
    text: str,
    place: Callable[[str], bool],
    demonym: Callable[[str], int | None],
) -> list[tuple[int, int, str, int | None]]:
    """(start, end, source, entry) of the capitalised parts of hyphenated compounds that
    are a nationality word (source "demonym"), a written abbreviation ("U.S.") or a place
    ``place`` accepts (source "gazetteer")."""
    out: list[tuple[int, int, str, int | None]] = []
    for m in _HYPHENED.finditer(text):
        whole = m.group(0).rstrip(".")
        if g.candidates(whole) or g.is_not_place(whole):
            continue
        if _BEFORE_NAME.search(text[max(0, m.start() - 30) : m.start()]) or (
            whole.split("-")[-1][:1].isupper() and _AFTER_NAME.match(text[m.end() : m.end() + 3])
        ):
            continue  # inside a longer name: "Los Angeles-based", "John-Paul Langbroek"
        pos = m.start()
        for part in m.group(0).split("-"):
            start, end = pos, pos + len(part)
            pos = end + 1
            if not part[:1].isupper():
                continue
            abbr = g.abbreviation(part) if "." in part or part.isupper() else None
            if abbr is not None:
                out.append((start, end, "abbreviation", abbr))
                continue
            word = part.rstrip(".")
            end = start + len(word)
            dem = demonym(word)
            if dem is not None:
                out.append((start, end, "demonym", dem))
            elif place(word):
                out.append((start, end, "gazetteer", None))
    return out
