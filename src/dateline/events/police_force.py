"""A person shot or killed by the police: ACLED's "Violence against civilians: Attack", with the
police as actor1 and the victim as a civilian ("a man fatally shot by police", "the teenager was
shot and killed by police", "officers shot a 43-year-old man").

ACLED codes the lethal or injuring use of force by police against a lone person who is no
member of an armed group as an attack on a civilian (actor1 "Police Forces of <country>", actor2
"Civilians (<country>)"), never as an armed clash (which needs an organised armed group on the
other side) nor as anything the rest of the sentence suggests ("pleading with officers" names
the police, not a second armed side).

Read from the parse of the killing verb (:data:`dateline.events.lexicon.KILL`):

* the doer is the police: an agent or subject the actor rules read as a police entity, named
  by a noun ("they started shooting him" names nobody);
* the victim is one or more persons who are no fighters: the passive subject (shared by a verb
  coordinated after it: "was shot and killed"), the object, or the noun a participle describes
  ("a man fatally shot by police") — a person noun, a PERSON name or a personal pronoun, and no
  word of an armed victim ("two officers", "a soldier").
"""

from __future__ import annotations

from typing import Any

from dateline.events.actor_rules import _PERSON
from dateline.events.lexicon import _ARMED_VICTIM, _CIVILIAN
from dateline.records import Entity

#: the victim of a police killing, in ACLED's form for its country
CIVILIANS = Entity(id=-1, canonical="civilians", label="GROUP", kind="civilians")
_PRONOUNS = frozenset({"he", "she", "him", "her"})


def _victims(verb: Any) -> list[Any]:
    t = verb
    for _ in range(3):
        kids = list(t.children)
        passive = any(c.dep_ == "auxpass" for c in kids) or t.dep_ == "acl"
        role = "nsubjpass" if passive else "dobj"
        found = [c for c in kids if c.dep_ == role]
        if found:
            return found
        if t.dep_ == "acl" and t.tag_ == "VBN":
            return [t.head]  # "a man fatally shot by police"
        if t.dep_ != "conj" or t.head.i == t.i:
            return []
        t = t.head  # "was shot and killed": the victim of the first verb
    return []


def _civilian_person(tok: Any) -> bool:
    if _ARMED_VICTIM.search(tok.text):
        return False
    if tok.lower_ in _PRONOUNS or tok.ent_type_ == "PERSON":
        return True
    return bool(_PERSON.fullmatch(tok.text) or _CIVILIAN.fullmatch(tok.text))


def _pronoun_doer(verb: Any) -> bool:
    """The doer is only a pronoun ("they started shooting him"): who "they" are is the
    narrator's guess, not a report that names the police."""
    t = verb
    for _ in range(3):
        for c in t.children:
            if c.dep_ == "nsubj":
                return c.pos_ == "PRON"
            if c.dep_ == "agent":
                return any(g.dep_ == "pobj" and g.pos_ == "PRON" for g in c.children)
        if t.dep_ not in ("xcomp", "conj") or t.head.i == t.i:
            return False
        t = t.head
    return False


def shot_by_police(verb: Any, agents: list[Entity]) -> bool:
    """Whether killing verb ``verb``, with the doers ``agents`` the actor rules read, tells of
    the police shooting or killing a civilian person (module doc)."""
    if verb.pos_ != "VERB" or not agents or agents[0].kind != "police":
        return False
    if _pronoun_doer(verb):
        return False
    victims = _victims(verb)
    return bool(victims) and all(_civilian_person(v) for v in victims)
