"""Byline names as a reader would write them: no "By", no roles, no dates, no site names.

The names dateline finds (JSON-LD, ``<meta>``, markup, trafilatura's author, a visible
``By X`` line) often carry what stands around a name in a byline:

* a lead-in: ``"Article by X"``, ``"This post was written by X"``, ``"Author X"``,
  ``"Read more about X"``;
* a date or an update note after the name: ``"X December"``, ``"X • March"``,
  ``"X, Dec 17"``, ``"X Last updated …"``, ``"X Reviewed by Y"``;
* a role: ``"X Contributing Writer"``, ``"X Founder, Lead Reviewer"``, ``"X, CEO"``,
  ``"X, Sr. Director of Operations"``;
* the site or publisher beside the people: ``"A, B, The Commercial Appeal"``.

:func:`clean_names` removes them, drops what is left without a name (``"Updated
January"``, ``"Written By"``, ``"Dec"``) and keeps the order of the names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml.etree import _Element

from dateline.pages.htmlmeta import _is_site, _site_tokens, clean, norm_key

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DAYS = r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
_LEAD_IN = re.compile(
    r"^\s*(?:(?:this\s+(?:post|article|story|page)\s+(?:was\s+)?)?"
    r"(?:written|posted|published|reported|authored|created|edited|article|recipe|post|story|"
    r"words|text|photos?|video|reporting)\s+by|by|author(?:s|ed\s+by)?|read\s+more\s+(?:about|from)|"
    r"(?:more\s+)?(?:posts|articles)\s+by|about(?:\s+the\s+author)?)\b[:\s]*",
    re.I,
)
#: where the name ends: a date, an update note, a second byline ("Reviewed by"), a bullet
_TAIL = re.compile(
    rf"(?:\s*[•·|]\s*|\s+|,\s*)(?:(?:last\s+)?(?:updated|modified|published|posted)\b|"
    rf"(?:medically\s+|fact[\s-]?checked\s+|reviewed\s+|edited\s+)by\b|on\s+(?:{_MONTHS}|\d)|"
    rf"(?:{_DAYS})\b,?|(?:{_MONTHS})\b\.?(?:\s+\d|,)|(?!may\b)(?:{_MONTHS})\s*$|\d).*$",
    re.I,
)
#: role words: a name ends where one begins ("X Contributing Writer", "X, CEO of Y")
_ROLE = re.compile(
    r"\b(?:staff|senior|sr|junior|former|chief|head|lead|managing|executive|contributing|"
    r"associate|assistant|deputy|co-?founder|founder|ceo|cto|coo|cfo|president|director|manager|"
    r"officer|editor|writer|author|reporter|correspondent|columnist|journalist|contributor|"
    r"producer|analyst|consultant|specialist|strategist|expert|reviewer|attorney|lawyer|"
    r"dietitian|nutritionist|engineer|developer|designer|photographer|winemaker|grader|"
    r"researcher|scientist|professor|student|intern|owner|partner|coordinator)\b\.?",
    re.I,
)
#: a name part that only names a time ("Dec", "Updated January", "Sat, 20 Dec")
_ONLY_TIME = re.compile(
    rf"^(?:(?:last\s+)?updated|published|posted|on|{_MONTHS}|{_DAYS}|\d+|[,.\s])*$", re.I
)
_NOT_A_NAME = frozenset(
    {"the author", "author", "authors", "written by", "by", "admin", "human", "the", "a", "an"}
)


def _strip(name: str, alone: bool) -> str:
    """The name without its lead-in, its tail (a date, an update note) and its role.

    A role that leaves a single word was a modifier ("Trial Attorney", "Digital Security
    Expert"): the part is dropped, unless it is the whole byline ("Podium Staff", "Staff
    Clinician" name a desk)."""
    n = clean(name)
    for _ in range(2):
        n = _LEAD_IN.sub("", n).strip(" ,.:;-–—|•·")
    if norm_key(n) in _NOT_A_NAME:
        return ""
    n = _TAIL.sub("", n).strip(" ,.:;-–—|•·")
    m = _ROLE.search(n)
    if m:
        cut = n[: m.start()].strip(" ,.:;-–—|•·")
        if len(cut.split()) >= 2:
            return cut
        return n if alone else ""
    return n


def _name_shaped(n: str) -> bool:
    """One to six words with letters, no address, URL or long number (a team or a site's
    name is kept: bylines name them too)."""
    words = n.split()
    if not 1 <= len(words) <= 6 or len(n) > 60 or not any(c.isalpha() for c in n):
        return False
    if re.search(r"https?://|www\.|\d{3,}", n):
        return False
    return any(w[:1].isupper() for w in words) or "@" in n or len(words) == 1


def clean_names(
    names: Iterable[str], site_name: str | None = None, url: str | None = None
) -> list[str]:
    """Byline names without lead-ins, roles, dates and site names (order kept, no repeats)."""
    from dateline.pages.htmlmeta import split_names

    parts: list[str] = []
    for raw in names:
        split = split_names(clean(raw)) or [clean(raw)]
        for part in split:
            n = _strip(part, alone=len(split) == 1)
            if not n or _ONLY_TIME.match(n) or norm_key(n) in _NOT_A_NAME:
                continue
            if _name_shaped(n):
                parts.append(n)
    site_keys = _site_tokens(site_name, url)
    people = [n for n in parts if not (site_keys and _is_site(n, site_keys))]
    out: list[str] = []
    seen: set[str] = set()
    for n in people or parts:
        k = norm_key(n)
        if k not in seen:
            seen.add(k)
            out.append(n)
    return out


_BY_LINE = re.compile(
    r"^\s*(?:(?:written|posted|article|story|words|reported)\s+)?by\s*:?\s+\S", re.I
)
_AUTHOR_LINE = re.compile(r"^\s*author\s*:\s*\S", re.I)


def visible_bylines(root: _Element, limit: int = 3) -> list[str]:
    """Names from short visible ``By X`` / ``Written by X`` / ``Author: X`` elements, in page
    order (the last source, for pages whose markup names nobody).

    An element counts when its whole text is the byline (at most ten words), and only
    names of two to four capitalised words are taken ("By clicking Subscribe" is not one).
    """
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "a", "button", "option"):
            continue
        text = clean(" ".join(el.itertext()))
        if not text or len(text.split()) > 10:
            continue
        if not (_BY_LINE.match(text) or _AUTHOR_LINE.match(text)):
            continue
        names = [
            n
            for n in clean_names([text])
            if 2 <= len(n.split()) <= 4 and all(w[:1].isupper() for w in n.split())
        ]
        if names:
            return names[:limit]
    return []
