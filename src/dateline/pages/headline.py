"""The story's headline: the visible ``<h1>`` checked against the page's title candidates.

:func:`dateline.pages.htmlmeta.choose_headline` takes the ``<h1>`` when a title candidate
(``og:title``, JSON-LD ``headline``, ``<title>``, each with the site name stripped) says
the same. Two more general rules live here:

* **an <h1> with chrome around the title**: ``"Story | Section"``, ``"Story – Site"``,
  ``"Blog: Story"``, ``"Dec 18 2025 Story"``, ``"Story Posted on July 1, 2024 by …"``,
  ``"Story (example.com)"`` — when the ``<h1>`` with such a part removed is a title
  candidate, the candidate is the headline (the part was a section, a site, a date or a
  byline, not words of the story's title);
* **an <h1> that is not about the story**: an ``<h1>`` that shares no word of three
  letters or more with the title candidate is a site, blog or section heading ("Antoyo's
  Blog", "M&A Updates", "Day 7"), and the title candidate is the headline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dateline.pages.textnorm import norm_key

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})"
)
#: separators between a title and its chrome (a hyphen only with spaces around it)
_SEP = r"(?:\||–|—|-|::|»|·|•|~)"
_TRAILING = (
    re.compile(rf"\s+{_SEP}\s+[^|–—]+$"),
    re.compile(r"\s+\(\s*[\w.-]+\.[a-z]{2,}\s*\)\s*$", re.I),  # (example.com)
    re.compile(
        rf"\s+(?:(?:posted|published|updated)\s+(?:on\s+)?{_DATE}|by\s+\S.*$)(?:\s+by\s+.*)?$",
        re.I,
    ),
    re.compile(rf"\s+{_DATE}\s*$", re.I),
)
_LEADING = (
    re.compile(rf"^[^|–—]+?\s+{_SEP}\s+"),
    re.compile(r"^[\w&'’.-]+(?:\s+[\w&'’.-]+)?:\s+"),  # "Blog: ", "News Release: "
    re.compile(rf"^{_DATE}\s+", re.I),
)


def trimmed_h1(h1: str) -> Iterator[str]:
    """The ``<h1>`` with one part of chrome removed from its end or its start, each way."""
    for rx in _TRAILING:
        t = rx.sub("", h1).strip()
        if t and t != h1:
            yield t
    for rx in _LEADING:
        t = rx.sub("", h1, count=1).strip()
        if t and t != h1:
            yield t


def _words(text: str) -> set[str]:
    return {w for w in norm_key(text).split() if len(w) >= 3}


def title_over_h1(h1: str, candidates: list[str]) -> str | None:
    """The title candidate that is the headline instead of ``h1``, or None (see the rules)."""
    keys = [(norm_key(c), c) for c in candidates if c and len(c.split()) >= 2]
    if not keys:
        return None
    for t in trimmed_h1(h1):
        tk = norm_key(t)
        for ck, c in keys:
            if tk == ck:
                return c
    hw = _words(h1)
    first = keys[0][1]
    if hw and not hw & _words(first) and len(first.split()) >= 3:
        return first
    return None
