"""Align gold spans to the surface form they label, when a file's offsets are shifted.

Gold files of the Gritta et al. layouts carry, for each toponym, character offsets into the
article's ``<text>`` and the surface form they label (``<name>`` in the locations layout,
``<phrase>`` in the gaztag layout, ``<extractedName>`` in GeoWebNews).  In real files the
offsets can be off by a character or more (they were written against a slightly different
text: re-indented, entities unescaped, a title added or removed).  Scoring such a span as
it stands would turn a layout quirk into a recognition or geocoding failure.

:func:`align_spans` moves each span to the nearest occurrence of its label:

* a span whose text already equals its label (ignoring case) is kept as it is;
* otherwise the label is searched (case-insensitive, any run of whitespace for a space,
  whole words first, then anywhere) within ``window`` characters of the expected position
  — the given start plus the shift of the previous aligned span of the same document, so a
  shift that grows through the text (each edit of the text moves all later offsets) is
  followed with a small window — or of the given start itself; the nearest occurrence not
  already taken by another span wins (two spans never end up on one mention);
* a span whose label is not found in that window is reported as unaligned (``None``): the
  caller leaves it out of the scoring and counts it.

The window defaults to 50 characters: the shifts seen in the dev files are 1-10 characters
(117 TR-News toponyms), a window of a sentence or so still tells two mentions of one name
apart, and a growing shift is followed by the running drift rather than by a wider window.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

#: characters either side of the expected position searched for the label
WINDOW = 50


@dataclass(frozen=True)
class Aligned:
    """Where a gold span ends up: ``start``/``end`` (None when unaligned) and how."""

    start: int | None
    end: int | None
    status: str  # "as_given" | "realigned" | "unaligned" | "no_label"


def _pattern(label: str, whole_word: bool) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(part) for part in label.split())
    if whole_word:
        body = r"(?<!\w)" + body + r"(?!\w)"
    return re.compile(body, re.IGNORECASE)


def _matches(text: str, start: int, end: int, label: str) -> bool:
    if not 0 <= start < end <= len(text):
        return False
    return _pattern(label, whole_word=False).fullmatch(text, start, end) is not None


def align_spans(
    text: str,
    spans: Sequence[tuple[int, int, str | None]],
    *,
    window: int = WINDOW,
) -> list[Aligned]:
    """Each ``(start, end, label)`` of one document aligned to its label in ``text``.

    Returns one :class:`Aligned` per input span, in the input order.
    """
    out: list[Aligned | None] = [None] * len(spans)
    # occurrences already labelled at their given offsets are not free for the others
    taken: set[int] = {
        s for s, e, label in spans if label and label.strip() and _matches(text, s, e, label)
    }
    drift = 0
    for i in sorted(range(len(spans)), key=lambda k: (spans[k][0], spans[k][1])):
        start, end, label = spans[i]
        if not label or not label.strip():
            out[i] = Aligned(start, end, "no_label")
            continue
        if _matches(text, start, end, label):
            out[i] = Aligned(start, end, "as_given")
            drift = 0
            continue
        expected = start + drift
        found: tuple[int, int] | None = None
        for whole_word in (True, False):
            lo = max(0, min(expected, start) - window)
            hi = min(len(text), max(expected, start) + window + len(label) + 1)
            hits = [
                m.span()
                for m in _pattern(label, whole_word).finditer(text, lo, hi)
                if min(abs(m.start() - expected), abs(m.start() - start)) <= window
            ]
            pool = [h for h in hits if h[0] not in taken]
            if pool:
                found = min(pool, key=lambda h: (abs(h[0] - expected), abs(h[0] - start), h[0]))
                break
        if found is None:
            out[i] = Aligned(None, None, "unaligned")
            continue
        taken.add(found[0])
        drift = found[0] - start
        out[i] = Aligned(found[0], found[1], "realigned")
    return [a if a is not None else Aligned(None, None, "unaligned") for a in out]
