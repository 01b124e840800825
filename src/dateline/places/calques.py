"""Alternate names that are English phrases: readings a city keeps only where the article
is about its country.

GeoNames lists, among a city's alternate names, English translations and nicknames of it:
"White House" for Casablanca (*Dar el Beida*, *Casa Blanca*), "Big Apple" for New York,
"Paradise Valley" for Moscow, Idaho.  Untagged by language in ``cities500.json``, they make an
everyday English phrase a name of that city.  A reading is such a *calque* when

* the written name is not the entry's own name and shares no word with it (not a variant
  spelling: "Bangalore City", "Peking" is one word),
* it has two or more words, each of three letters or more and an English noun or adjective
  (spaCy's lemmatizer tables: "white", "house"; transliterated syllables are not).

A calque reading is no evidence of the article's focus, and it stands only when the article
names the entry's country otherwise (``GeoContext.countries``); a name left with no reading is
no toponym (:func:`drop_calques`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from functools import lru_cache

from dateline.places import gazetteer as gz

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """English nouns and adjectives (the English spaCy pipeline's lemmatizer index)."""
    from dateline.language.nlp import load

    try:
        index = load().get_pipe("lemmatizer").lookups.get_table("lemma_index")
        return frozenset(w for pos in ("noun", "adj") for w in index.get(pos, ()))
    except (KeyError, ValueError, AttributeError) as e:
        log.warning("no lemmatizer index in the English pipeline (%s): calques kept", e)
        return frozenset()


def is_phrase(name: str) -> bool:
    """Two or more words, each an English noun or adjective of three letters or more."""
    words = gz.normalize(name).split()
    vocab = english_words()
    return len(words) >= 2 and all(len(w) >= 3 and w in vocab for w in words)


def calque_ids(g: gz.Gazetteer, name: str, ids: Sequence[int]) -> frozenset[int]:
    """The cities among ``ids`` that ``name`` reaches only as an English phrase."""
    key = gz.normalize(name)
    words = set(key.split())
    out = {
        i
        for i in ids
        if g.feature[i] == gz.CITY
        and gz.normalize(g.names[i]) != key
        and not words & set(gz.normalize(g.names[i]).split())
    }
    if out and not is_phrase(name):
        return frozenset()
    return frozenset(out)


def without_calques(g: gz.Gazetteer, name: str, ids: Sequence[int]) -> tuple[int, ...]:
    """``ids`` less the calque readings (the evidence a name gives of the focus)."""
    calques = calque_ids(g, name, ids)
    return tuple(i for i in ids if i not in calques) if calques else tuple(ids)


def supported(
    g: gz.Gazetteer, name: str, ids: Sequence[int], countries: Mapping[str, float]
) -> tuple[int, ...]:
    """``ids`` less the calque readings in a country the article does not otherwise name."""
    calques = calque_ids(g, name, ids)
    if not calques:
        return tuple(ids)
    return tuple(i for i in ids if i not in calques or countries.get(g.cc[i], 0.0) > 0)


#: a town this populous is named with "the" as well ("the Gold Coast"): still a place
_TOWN_POP = 100_000


def is_description(g: gz.Gazetteer, text: str, start: int, name: str, ids: Sequence[int]) -> bool:
    """ "the White House": an English phrase after "the" that GeoNames lists as a translation
    of a city's name (a calque reading among ``ids``, all readings) and otherwise knows only as
    small towns' names describes a building, not a town (a town's name takes no article); the
    places stage treats it as a building."""
    if not ids:
        return False
    calques = calque_ids(g, name, ids)
    if not calques:
        return False
    return all(g.feature[i] == gz.CITY and g.pop[i] < _TOWN_POP for i in ids if i not in calques)
