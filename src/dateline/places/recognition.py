"""Toponym recognition for ``dateline.places.v1``: spaCy entities backed by the gazetteer.

Recognition: spaCy entities labelled GPE, LOC or FAC, backed by the gazetteer.  The small
English model often mislabels places it has rarely seen (a Syrian town as PERSON, a city
as NORP or ORG), so a capitalised span of another label, or of no label, is accepted
when the gazetteer knows it *and* the context supports a place reading: a locative
preposition before it ("in", "to", "from", "near", "around", ...), a place right after
it ("Charleston, W.Va."), or a place-like head after it ("X province").  Nationality
adjectives ("Syrian") are not toponym mentions; they only count as evidence of the
article's country focus (a benchmark mode can emit them, see ``demonyms``).

A dateline at the start of any line ("BEIRUT —") is a place; the name of a country or a
populous admin1 area is a place whatever label NER gave it.  In benchmark mode
(``embedded``) capitalised proper-noun n-grams inside other names ("Bank of Zimbabwe",
"Hungarian Prime Minister") are taken too.  Resolution is :mod:`dateline.places.stage`'s.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from typing import Any

from dateline.language.parse import ensure_doc
from dateline.places import gazetteer as gz
from dateline.places import syntax
from dateline.places.compounds import hyphen_toponyms
from dateline.places.context import (
    _WORD,
    Toponym,
    _demonym_entry,
)
from dateline.places.facilities import facility_spans
from dateline.places.lists import listed_places
from dateline.places.qualifier import area_after
from dateline.records import Article

log = logging.getLogger(__name__)

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
LOCATIVE = frozenset(
    "in into to from near around at outside inside across toward towards via through "
    "throughout within between of across north south east west northern southern eastern "
    "western central".split()
)
STRONG_LOCATIVE = frozenset(
    "in into to from near around outside inside toward towards via throughout within".split()
)
#: "the community of Niquero", "the village of X": a settlement noun names the place after it
_SETTLEMENT_OF = re.compile(
    r"\b(?:town|village|city|community|hamlet|settlement|municipality|district)\s+of\s+$", re.I
)
# capitalised words that are also (small) place names but rarely mean one in news text
_COMMON = frozenset(
    gz.normalize(w)
    for w in (
        "President Minister Government State City Police Army Court Sunday Monday Tuesday "
        "Wednesday Thursday Friday Saturday January February March April May June July August "
        "September October November December Mr Mrs Ms Dr God Church Street Centre Center News "
        "Post Times Day Home Lake Park Union Republic North South East West Central Northern "
        "Southern Eastern Western Islamic Democrat Democrats Republican Republicans Congress "
        "Senate House White Black Green Brown Young Star Hope Victoria Independence Liberty "
        "Unity Mission Opportunity Commerce Industry Enterprise Progress Friendship University "
        "College School Hospital Mobile Reading Bath Nice Split Marathon Orange Eagle Mars "
        "Obama Trump Clinton Bush Assad Putin Jordan Chelsea Sharon Florence Eugene"
    ).split()
)
_STOP = frozenset(
    "the a an this that no yes it we he she they".split()
    # French number words opening a sentence (« Douze personnes … ») are not the communes
    + "deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize"
    " vingt trente quarante cinquante soixante cent mille".split()
)
_ABBREV = re.compile(
    r"(?<=, )(?:[A-Z][a-z]{1,4}\.(?:\s?[A-Z][a-z]{0,3}\.)?|[A-Z]\.[A-Z]\.|[A-Z]{2,3})(?=\W|$)"
)


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] == "."):
        end -= 1
    low = text[start:end].lower()
    if low.startswith("the "):
        start += 4
    if text[start:end].endswith("’s") or text[start:end].endswith("'s"):
        end -= 2
    # a trailing period belongs to an abbreviation only
    if end > start and text[end - 1] == "." and text[start:end] not in _abbrev_forms():
        end -= 1
    return start, end


_ABBR_FORMS: set[str] | None = None


def _abbrev_forms() -> set[str]:
    global _ABBR_FORMS
    if _ABBR_FORMS is None:
        _ABBR_FORMS = set(gz.load().abbreviations)
    return _ABBR_FORMS


def _prev_word(doc: Any, tok_i: int) -> str:
    return doc[tok_i - 1].lower_ if tok_i > 0 else ""


def _known_place(g: gz.Gazetteer, name: str, min_pop: int) -> bool:
    key = gz.normalize(name)
    if key in _COMMON or key in _STOP or g.is_not_place(name):
        return False
    ids = g.candidates(name)
    if not ids:
        return False
    best = ids[0]
    if syntax.code_like(g, name, best):
        return False  # "BA" (Bath's code), "Nov" (an alternate name of Huambo)
    return g.feature[best] not in (gz.CITY, gz.ADMIN2) or g.pop[best] >= min_pop


def recognise(
    article: Article, *, demonyms: bool = False, embedded: bool = False, facilities: bool = False
) -> list[Toponym]:
    """Toponym spans in ``article.text`` (spaCy NER backed by the gazetteer).

    ``facilities`` also returns street and building names (:mod:`dateline.places.facilities`),
    which have no gazetteer entry: only useful when they can fall back to the article's focus.

    ``demonyms`` also returns nationality adjectives (as their country) and ``embedded``
    the place that opens an organisation's name ("Washington Post") and names without an
    entity that modify a plural noun ("Molotov cocktails"): all are toponyms in the Gritta
    et al. benchmarks, not places an event happens in.
    """
    g = gz.load()
    doc: Any = ensure_doc(article)
    text = article.text
    found: list[Toponym] = []
    covered = bytearray(len(text) + 1)

    def take(start: int, end: int, source: str, entry: int | None = None) -> None:
        if end <= start or any(covered[start:end]):
            return
        found.append(Toponym(start, end, text[start:end], source, entry))
        covered[start:end] = b"\x01" * (end - start)

    if facilities:
        for start, end, kind in facility_spans(g, doc):
            take(start, end, kind)
    if embedded:  # "the Syrian-Turkish border", "U.S.-led", "Asia-Pacific"
        big = lambda w: _strong_place(g, w) or _known_place(g, w, 100_000)  # noqa: E731
        for start, end, source, entry in hyphen_toponyms(g, text, big, lambda w: _demonym(g, w)):
            if source != "demonym" or demonyms:
                take(start, end, source, entry)
    for ent in doc.ents:  # type: ignore[attr-defined]
        start, end = _strip_span(text, ent.start_char, ent.end_char)
        if end <= start:
            continue
        span = text[start:end]
        if g.is_not_place(span):
            continue
        abbr = g.abbreviation(span)
        label = ent.label_
        dem = _demonym(g, span, ent)
        if dem is not None:
            if demonyms:
                take(start, end, "demonym", dem)
            continue
        if abbr is not None and label in PLACE_LABELS | {"ORG", "NORP"}:
            take(start, end, "abbreviation", abbr)
            continue
        if label in PLACE_LABELS:
            common = gz.normalize(span) in _COMMON
            if span.lower() in _STOP or common and not syntax.placed_by_syntax(g, text, start, end):
                continue
            take(start, end, "ner")
            continue
        prev = _prev_word(doc, ent.start)
        after = text[end : end + 30]
        ok_context = (
            prev in STRONG_LOCATIVE
            or bool(re.match(r"\s+(?:province|governorate|countryside|region)\b", after, re.I))
            or area_after(g, text, end) is not None
            or bool(_SETTLEMENT_OF.search(text[max(0, start - 30) : start]))
        )
        if label == "NORP" and dem is not None and demonyms:
            take(start, end, "demonym", dem)
            continue
        if embedded and label == "ORG" and len(ent) > 1:
            # "Washington Post", "Cauvery Water Management Board": a place inside a name
            first = text[start:end].split()[0]
            s2 = start
            if _known_place(g, first, 100_000) and not g.demonym_entry(first):
                take(s2, s2 + len(first), "gazetteer")
                continue
            dem = g.demonym_entry(first)
            if dem is not None and demonyms:
                take(s2, s2 + len(first), "demonym", dem)
                continue
        if span[:1].isupper() and _strong_place(g, span):
            # a country's or a large province's name is a place whatever label NER gave it
            # ("Mali" PERSON, "Tamil Nadu" PERSON)
            take(start, end, "gazetteer")
            continue
        if label in ("PERSON", "NORP", "ORG", "LANGUAGE", "WORK_OF_ART", "PRODUCT", "EVENT"):
            words = span.split()
            if len(words) > 3:
                continue
            min_pop = 15000 if ok_context else 200000
            if _named_with_its_area(g, text, span, end):
                take(start, end, "gazetteer")  # "Churchill, Man.", "Puryear, Tenn."
                continue
            if label == "PERSON" and len(words) > 1 and not ok_context:
                continue
            if (ok_context or label == "NORP") and _known_place(g, span, min_pop):
                take(start, end, "gazetteer")
            elif ok_context and len(words) > 1 and _known_place(g, words[-1], min_pop):
                s2 = end - len(words[-1])
                take(s2, end, "gazetteer")

    # the dateline's place ("BAMAKO, Mali (AP) —"), written in capitals: the gazetteer's
    # reading even of a common word ("VICTORIA -"), else (benchmark mode) the article's focus
    for start, end, name in syntax.dateline_spans(text):
        if _known_place(g, name, 1000):
            take(start, end, "gazetteer")
        elif not syntax.is_kicker(text, name) and name.lower() not in _STOP:
            if g.candidates(name) and not g.is_not_place(name):
                take(start, end, "gazetteer")
            elif facilities:
                take(start, end, "dateline")

    # capitalised spans spaCy left without an entity, after a locative preposition
    for m in _WORD.finditer(text):
        start, end = _strip_span(text, m.start(), m.end())
        if end <= start or any(covered[start:end]):
            continue
        span = text[start:end]
        word = doc.char_span(start, end)
        dem = _demonym(g, span, word)
        if dem is not None:
            if demonyms:
                take(start, end, "demonym", dem)
            continue
        before = text[max(0, start - 12) : start].split()
        prev = before[-1].lower() if before else ""
        if not embedded and _modifies_noun(word) and word.root.head.tag_ == "NNS":
            # "Molotov cocktails", "Kalashnikov rifles": a name (and no entity) modifying a
            # plural common noun; singular heads are often places' ("the Shankill area")
            continue
        if prev in STRONG_LOCATIVE and _known_place(g, span, 15000):
            take(start, end, "gazetteer")
        elif gz.normalize(span) in _COMMON and syntax.placed_by_syntax(g, text, start, end):
            take(start, end, "gazetteer")  # "central Jordan", "Irbid, Jordan", "in Victoria"
        elif _named_with_its_area(g, text, span, end):
            take(start, end, "gazetteer")
        elif before and before[-1][-1:].isalpha() and _known_place(g, span, 100_000):
            # mid-sentence, capitalised, and a large place: spaCy simply missed it
            take(start, end, "gazetteer")

    # one sense per discourse: other capitalised mentions of an accepted name.  A
    # one-word PERSON mention is taken only for names a locative context supported
    # ("in Palmyra"), or that were accepted twice, and that the gazetteer knows well.
    blocked = bytearray(len(text) + 1)
    soft = bytearray(len(text) + 1)
    for ent in doc.ents:  # type: ignore[attr-defined]
        n = ent.end_char - ent.start_char
        if ent.label_ in ("PERSON", "ORG", "WORK_OF_ART") and len(ent) > 1:
            blocked[ent.start_char : ent.end_char] = b"\x01" * n
        elif ent.label_ == "PERSON":
            soft[ent.start_char : ent.end_char] = b"\x01" * n
    counts = Counter(t.text for t in found)
    strong = {t.text for t in found if t.source == "gazetteer"}
    names = {
        t.text
        for t in found
        if t.source in ("ner", "gazetteer")
        and t.text[:1].isupper()
        and not t.text.isupper()
        and g.candidates(t.text)
    }
    # longest first ("New York State" before "New York"), never in the set's order, which
    # changes from process to process and decided which name took an overlapping span
    for name in sorted(names, key=lambda n: (-len(n), n)):
        trusted = (name in strong or counts[name] >= 2) and _known_place(g, name, 15000)
        sure = _strong_place(g, name)
        for m in re.finditer(r"(?<![\w.])" + re.escape(name) + r"(?![\w])", text):
            if sure:
                take(m.start(), m.end(), "gazetteer")
                continue
            if any(blocked[m.start() : m.end()]):
                continue
            if any(soft[m.start() : m.end()]) and not trusted:
                continue
            take(m.start(), m.end(), "gazetteer")

    if embedded:
        _embedded_pass(g, doc, text, covered, take, demonyms=demonyms)

    # state abbreviations after a comma ("Charleston, W.Va.")
    for m in _ABBREV.finditer(text):
        if any(covered[m.start() : m.end()]):
            continue
        abbr = g.abbreviation(m.group(0))
        if abbr is not None and g.feature[abbr] == gz.ADMIN1:
            take(m.start(), m.end(), "abbreviation", abbr)

    # one sense per list: "stops in Hilversum and Almelo" (Almelo labelled PERSON)
    in_lists = [(t.start, t.end) for t in found if t.source in ("ner", "gazetteer")]
    for start, end in listed_places(doc, in_lists, lambda s: _listed_place(g, s)):
        take(start, end, "gazetteer")

    # one sense per discourse, the other way: the surname of a person the article names in
    # full ("Paul Riva ... Riva's office") is that person, not a namesake town, unless a
    # locative preposition says otherwise ("in Riva") or it is a country or a large province
    surnames = {
        ent[-1].text
        for ent in doc.ents  # type: ignore[attr-defined]
        if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].text[:1].isupper()
    }
    if surnames:
        found = [
            t
            for t in found
            if t.text not in surnames
            or _strong_place(g, t.text)
            or syntax.placed_by_syntax(g, text, t.start, t.end)
            or (text[max(0, t.start - 12) : t.start].split() or [""])[-1].lower() in STRONG_LOCATIVE
        ]
    found.sort(key=lambda t: t.start)
    return found


def _listed_place(g: gz.Gazetteer, name: str) -> bool:
    """A list member the gazetteer knows as a place of any size, and not a nationality."""
    return (
        name[:1].isupper()
        and _known_place(g, name, 0)
        and _demonym_entry(g, name) is None
        and g.abbreviation(name) is None
    )


def _strong_place(g: gz.Gazetteer, name: str) -> bool:
    """A country's name, or a populous admin1 area's ("Tamil Nadu", "Karnataka")."""
    if gz.normalize(name) in _COMMON:
        return False
    ids = g.candidates(name)
    if any(g.feature[i] == gz.COUNTRY for i in ids):
        return True
    return bool(ids) and g.feature[ids[0]] == gz.ADMIN1 and g.pop[ids[0]] >= 1_000_000


def _modifies_noun(words: Any) -> bool:
    """A one-word span used as a modifier of a common noun ("Somali pirates", "a Thai
    trawler", "Molotov cocktails")."""
    if words is None or len(words) != 1:
        return False
    root = words.root
    return (
        root.dep_ in ("amod", "compound", "nmod")
        and root.head.pos_ == "NOUN"
        and root.head.i > root.i
        and root.head.text.islower()
    )


def _named_with_its_area(g: gz.Gazetteer, text: str, span: str, end: int) -> bool:
    """A town of any size followed by the state or country that holds it ("Churchill, Man.",
    "Puryear, Tenn."): the pair itself says it is a place."""
    c = area_after(g, text, end)
    if c is None or gz.normalize(span) in _COMMON:
        return False
    inside = g.feature[c] == gz.COUNTRY or g.feature[c] == gz.ADMIN1
    return inside and any(
        g.feature[i] == gz.CITY
        and g.cc[i] == g.cc[c]
        and (g.feature[c] == gz.COUNTRY or g.a1[i] == g.a1[c])
        for i in g.candidates(span)
    )


def _demonym(g: gz.Gazetteer, span: str, words: Any = None) -> int | None:
    """The entry a nationality word names, unless the word is mainly a place's name.

    "Canadian" and "Spanish" are also villages' names, but read as the nationality;
    plurals of adjectives in ``-an``/``-ian``/``-ese`` are folded ("Manitobans").  A word that
    is both ("Somali", also an Ethiopian region) is the nationality where it modifies a noun
    (``words``, its tokens: "Somali pirates").
    """
    dem = _demonym_entry(g, span)
    if dem is None:
        return None
    if _modifies_noun(words):
        return dem
    ids = g.candidates(span)
    if ids and not (g.feature[ids[0]] == gz.CITY and g.pop[ids[0]] < 100_000):
        return None
    return dem


def _embedded_pass(
    g: gz.Gazetteer,
    doc: Any,
    text: str,
    covered: bytearray,
    take: Any,
    *,
    demonyms: bool,
) -> None:
    """Places and nationalities inside names ("Bank of Zimbabwe", "Hungarian Prime
    Minister"): capitalised 1–3 token n-grams not yet covered, outside person names."""
    person = bytearray(len(text) + 1)
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            person[ent.start_char : ent.end_char] = b"\x01" * (ent.end_char - ent.start_char)
    toks = list(doc)
    i = 0
    while i < len(toks):
        t = toks[i]
        if not t.text[:1].isupper() or t.is_sent_start and t.text.lower() in _STOP:
            i += 1
            continue
        done = False
        for n in (3, 2, 1):
            if i + n > len(toks):
                continue
            span_toks = toks[i : i + n]
            if not all(x.text[:1].isupper() and x.tag_ in ("NNP", "NNPS") for x in span_toks):
                continue
            if n == 1 and (t.is_stop or len(t.text) < 3):
                continue
            start, end = span_toks[0].idx, span_toks[-1].idx + len(span_toks[-1].text)
            if any(covered[start:end]) or any(person[start:end]):
                continue
            span = text[start:end]
            key = gz.normalize(span)
            if key in _COMMON or key in _STOP or g.is_not_place(span):
                continue
            dem = _demonym(g, span)
            if dem is not None:
                if demonyms:
                    take(start, end, "demonym", dem)
                    done = True
                break
            ids = g.candidates(span)
            if not ids:
                abbr = g.abbreviation(span) if span.isupper() or "." in span else None
                if abbr is not None:
                    take(start, end, "abbreviation", abbr)
                    done = True
                    break
                continue
            top = ids[0]
            if n == 1 and syntax.code_like(g, span, top):
                continue  # "CUP" (Carúpano's airport), "Inc." (Yinchuan's code)
            if g.feature[top] != gz.CITY or g.pop[top] >= 100_000:
                take(start, end, "gazetteer")
                done = True
                break
        i += 1 if not done else max(1, n)
