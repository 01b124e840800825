"""A parallel gathering: "Meanwhile in the capital, Ankara, a few hundred ethnic Albanians laid
a black wreath at the gate of the embassy", after a report of a protest march.

Protest reports list the day's other gatherings with whatever verb tells what the crowd did
(laid a wreath, gathered, held candles, sang), not with "protest" or "march".  Such a sentence
reports another protest (ACLED's "Peaceful protest", one per location) when all of these hold:

* the story's last sentence with events so far told of a demonstration (the gatherings it
  lists are of its kind);
* the sentence opens with a connective of parallel news ("Meanwhile", "Elsewhere", "Also");
* the subject of its main verb is a crowd: a plural noun of people counted in the dozens or
  more ("a few hundred ethnic Albanians", "some 300 students", "thousands of people");
* the verb is not negated or only intended.

The main verb is the trigger: its place and date are read as any trigger's.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from dateline.records import Event

log = logging.getLogger(__name__)

_CONNECTIVES = frozenset({"meanwhile", "elsewhere", "also"})
_BIG = frozenset({"dozens", "hundreds", "thousands", "tens", "hundred", "thousand", "scores"})


def _count(tok: Any) -> int | None:
    text = tok.text.replace(",", "")
    if text.isdigit():
        return int(text)
    return 100 if tok.lower_ in _BIG else None


def is_crowd(noun: Any) -> bool:
    """Whether a subject noun is a counted crowd of people ("a few hundred ethnic Albanians",
    "some 300 students", "thousands of people"): a plural noun with a count of 50 or more."""
    if noun.tag_ not in ("NNS", "NNPS") and noun.ent_type_ != "NORP":
        return False
    for c in noun.subtree:
        if c.i >= noun.i and c.dep_ != "pobj":
            continue
        n = _count(c)
        if n is not None and n >= 50:
            return True
    # "thousands of people": the count is the head, the people its "of" phrase
    if noun.lower_ in _BIG:
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        return of is not None and any(g.dep_ == "pobj" for g in of.children)
    return False


def after_protest(events: Sequence[Event]) -> bool:
    """Whether the last sentence of the story so far that told of events told of a protest
    ("marched ... to protest the shelling": the march, whatever else it names)."""
    if not events:
        return False
    last = events[-1].sentence
    return any(e.event_type == "Protests" for e in events if e.sentence == last)


def gathering(span: Any) -> Any | None:
    """The main verb of a sentence that reports a parallel gathering (see the module's
    docstring, without the condition on the story's last event), else None."""
    root = span.root
    if root.pos_ != "VERB" or any(c.dep_ == "neg" for c in root.children):
        return None
    first = next((t for t in span if not t.is_punct), None)
    if first is None or first.lower_ not in _CONNECTIVES:
        return None
    if any(
        c.dep_ == "aux" and c.lower_ in ("will", "would", "may", "might") for c in root.children
    ):
        return None
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return None
    # "Meanwhile in the capital, Ottawa, a few hundred Tamils laid ...": the parser often makes
    # the place the subject and the crowd its apposition
    crowd = [subj, *(c for c in subj.children if c.dep_ == "appos")]
    return root if any(is_crowd(c) for c in crowd) else None
