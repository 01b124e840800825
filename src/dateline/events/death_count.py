"""Which numbers of a sentence count the dead, and whom a death verb counts, read from the parse.

Two readings the fatality rules of :mod:`dateline.events.circumstances` share:

* :func:`not_a_count` — a number that dates or labels something is no toll: a number inside a
  date, time or name entity ("the March 4 raid killed 31": 4 is a day of the month), or one
  written after the noun it modifies ("Flight 209", "Route 6": an English count comes before
  its noun, a label after it), or one that sums a lasting conflict's toll ("the war has killed
  300,000 people", :mod:`dateline.events.tolls`);
* :func:`victims` — the nouns a death verb counts: the object of an active "kill", the subject
  of a passive one or of "die" — and of a death verb coordinated with another verb, whose
  subject and voice it shares ("the farmer was shot and killed": killed has no subject of its
  own); :func:`deadly` also reads an attack verb made a killing by its manner ("fatally shot a
  driver", "was mortally wounded") or by its result ("shot dead two soldiers", "beaten to
  death": :mod:`dateline.events.resultative`).
"""

from __future__ import annotations

from typing import Any

from dateline.events.presumed import presumed, presumed_count
from dateline.events.resultative import killed_by_result
from dateline.events.tolls import cumulative

#: entity labels whose numbers are no head count (a date, an hour, a flight, a law, a sum …)
_LABEL_ENTS = frozenset(
    {
        "DATE",
        "TIME",
        "PRODUCT",
        "FAC",
        "LAW",
        "WORK_OF_ART",
        "EVENT",
        "MONEY",
        "PERCENT",
        "QUANTITY",
        "ORDINAL",
    }
)
#: manner adverbs that make an attack verb a killing
_FATAL_MANNER = frozenset({"fatally", "mortally"})
_DEATH_VERBS = frozenset({"kill", "die", "slay", "murder", "assassinate"})


def not_a_count(tok: Any) -> bool:
    """Whether number token ``tok`` dates or labels something instead of counting."""
    if tok.ent_type_ in _LABEL_ENTS or cumulative(tok) or presumed_count(tok):
        return True
    head = tok.head
    return (
        tok.dep_ in ("nummod", "appos", "npadvmod", "compound")
        and head.i < tok.i
        and head.pos_ in ("NOUN", "PROPN")
    )


def deadly(tok: Any) -> bool:
    """A death verb, or a verb of attack that a manner adverb ("fatally shot") or a result
    ("shot dead", "beaten to death") makes one; not
    one that sums a lasting conflict's toll ("the war has killed 300,000 people")."""
    if tok.pos_ not in ("VERB", "AUX") and tok.lemma_.lower() not in _DEATH_VERBS:
        return False
    if cumulative(tok) or presumed(tok):
        return False  # a war's toll, or a death only supposed ("presumed killed")
    if tok.lemma_.lower() in _DEATH_VERBS:
        return True
    if any(c.dep_ == "advmod" and c.lower_ in _FATAL_MANNER for c in tok.children):
        return True
    return killed_by_result(tok)  # "shot dead two soldiers", "beaten to death"


def _passive(tok: Any) -> bool:
    return any(c.dep_ == "auxpass" for c in tok.children) or any(
        c.dep_ == "nsubjpass" for c in tok.children
    )


def victims(tok: Any) -> list[Any]:
    """The nouns (with their conjuncts) that death verb ``tok`` counts as dead."""
    verb = tok
    # a verb coordinated after another shares its subject and its voice ("was shot and killed")
    if not any(c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in tok.children):
        while verb.dep_ == "conj" and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head
    passive = _passive(verb) or _passive(tok)
    lem = tok.lemma_.lower()
    if lem == "die":
        deps: tuple[str, ...] = ("nsubj", "nsubjpass")
    elif passive:
        deps = ("nsubjpass", "csubjpass")
    else:
        deps = ("dobj",)
    heads = [c for c in tok.children if c.dep_ in deps]
    if not heads and verb is not tok:
        heads = [c for c in verb.children if c.dep_ in deps]
    if not heads and tok.dep_ == "acl" and tok.tag_ == "VBN":
        heads = [tok.head]  # "a man fatally shot by police": the noun the participle describes
    # "a deputy interviewing a woman was fatally shot": the reduced relative is parsed as a
    # clausal subject; its own subject is the victim
    heads = [
        next((g for g in h.children if g.dep_ == "nsubj"), h) if h.dep_ == "csubjpass" else h
        for h in heads
    ]
    return [v for h in heads for v in (h, *h.conjuncts)]
