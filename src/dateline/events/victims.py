"""A named person, or one unarmed person, shot, stabbed or murdered: a civilian victim of an
attack.

The killing rules read the victims from the words of the sentence ("civilians", "soldiers",
"three people").  A report of a named person ("Slepian was shot in the back on Friday night",
"gunmen murdered Mr Okafor at his home") names no such word: the victim is the passive subject
(or the object) of a verb of deliberate violence that is a person's name — a PERSON mention, or
a bare surname of a person the article names in full ("Barnett Slepian" ... "Slepian"), which
the small NER model often mislabels — or a common noun of one unarmed person ("a man was shot
dead", "gunmen killed a taxi driver", :data:`PERSON_NOUNS`).  ACLED codes such a killing as an
attack on a civilian ("Violence against civilians: Attack"); when no attacker is named the
attacker is an unidentified armed group.  "Kill" and "execute" are not enough on their own
(an accident, a court's sentence): "kill" counts only with a person as its subject or passive
agent.
"""

from __future__ import annotations

import logging
from typing import Any

from dateline.records import Article

log = logging.getLogger(__name__)

#: verbs that say a person did it on purpose ("shot", "stabbed", "murdered")
DELIBERATE = frozenset({"shoot", "murder", "stab", "behead", "lynch", "assassinate"})
#: entity kinds of armed or state actors: their members killed are no civilians
_ARMED = frozenset({"state_forces", "armed_group", "police", "rebels", "militia"})


def _surnames(article: Article) -> set[str]:
    return {
        e.canonical.split()[-1].lower()
        for e in article.entities
        if e.label == "PERSON" and len(e.canonical.split()) > 1 and e.kind not in _ARMED
    }


#: common nouns of one unarmed person ("a man was shot dead", "gunmen killed a driver")
PERSON_NOUNS = frozenset(
    """man woman person boy girl child teenager teen youth driver motorist pedestrian cyclist
    passenger shopkeeper vendor farmer student teacher doctor nurse journalist reporter
    resident villager worker employee customer bystander passer-by mother father son daughter
    wife husband brother sister grandmother grandfather""".split()
)


def _is_person(tok: Any, article: Article) -> bool:
    if tok.pos_ == "NOUN" and tok.tag_ == "NN" and tok.lemma_.lower() in PERSON_NOUNS:
        return True  # "a man", "a taxi driver": one unarmed person
    if tok.pos_ != "PROPN":
        return False
    head = tok
    name = [t for t in head.subtree if t.dep_ in ("compound", "flat") or t.i == head.i]
    if tok.ent_type_ == "PERSON":
        return True
    return len(name) == 1 and tok.lower_ in _surnames(article)


def _killer_is_a_person(verb: Any) -> bool:
    for c in verb.children:
        if c.dep_ == "nsubj" and (c.ent_type_ == "PERSON" or c.lower_ in ("he", "she")):
            return True
        if c.dep_ == "agent":
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ in ("NOUN", "PROPN") and obj.ent_type_ != "":
                return True
    return False


def named_person_victim(verb: Any, article: Article) -> bool:
    """Whether ``verb`` (a killing trigger) is done to a named person: its passive subject or
    its object is a person's name (see the module's docstring)."""
    if verb.pos_ != "VERB":
        return False
    lemma = verb.lemma_.lower()
    if lemma not in DELIBERATE and not (lemma == "kill" and _killer_is_a_person(verb)):
        return False
    return any(_is_person(v, article) for v in _victims(verb))


def _passive(verb: Any) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children)


def _victims(verb: Any) -> list[Any]:
    """Whom ``verb`` was done to: its passive subjects, else its objects."""
    role = "nsubjpass" if _passive(verb) else "dobj"
    return [c for c in verb.children if c.dep_ == role]


def shot_unseen(verb: Any) -> bool:
    """Whether ``verb`` is a passive verb of deliberate violence whose doer goes unnamed ("a
    police officer was shot", not "… shot by police", not "… killed in a crash")."""
    return (
        verb.pos_ == "VERB"
        and verb.lemma_.lower() in DELIBERATE
        and _passive(verb)
        and not any(c.dep_ == "agent" for c in verb.children)
    )


def victim_place(verb: Any, article: Article, doc: Any) -> int | None:
    """Where a named victim was attacked when the sentence names no place: the town the
    article gives the person at a mention of their name, in an apposition ("Dr. Barnett
    Slepian, a gynecologist in Buffalo") — the person's home or workplace, ACLED's location
    of an attack at home.  An index into ``article.places`` (a town), or None."""
    victim = next(iter(_victims(verb)), None)
    if victim is None:
        return None
    surname = victim.lower_
    for m in article.mentions:
        ent = article.entities[m.entity] if m.entity is not None else None
        if ent is None or ent.label != "PERSON" or ent.canonical.split()[-1].lower() != surname:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        for app in (c for c in span.root.children if c.dep_ == "appos"):
            sub = list(app.subtree)
            lo, hi = sub[0].idx, sub[-1].idx + len(sub[-1])
            towns = [
                i
                for i, p in enumerate(article.places)
                if lo <= p.start < hi and p.feature == "city" and p.latitude is not None
            ]
            if towns:
                return towns[0]
    return None
