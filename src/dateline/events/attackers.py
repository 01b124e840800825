"""Who attacked and who was hit, where the event noun or verb says it without a named entity.

* :func:`modifier_actor` — the attacker named by a common noun or adjective modifying the event
  noun ("the rebel attack", "a militant assault", "an army raid", "police raids"): the
  modifier's head word denotes a kind of armed or state actor
  (:func:`dateline.language.actors.generic_kind`), which becomes the actor of that kind in the
  event's country ("Unidentified Armed Group (DR Congo)", "Military Forces of Mali"); a named
  group ("Taliban attack") is an entity of the entity stage and is read before this;
* :func:`unidentified` — an attacker nobody names: exported as ACLED's "Unidentified Armed
  Group (<country>)";
* :func:`clause_victims` — the victims a killing clause of the attack verb names ("gunmen
  attacked a market, killing 12 civilians", "attacked the village and killed nine people"):
  the object of a killing verb attached to the trigger as an adverbial clause or a coordinated
  verb with no subject of its own.
"""

from __future__ import annotations

from typing import Any

from dateline.events.lexicon import KILL, _lemma
from dateline.language import actors
from dateline.records import Entity

#: kinds of actor a modifier of an event noun may name as the attacker
_ATTACKER_KINDS = frozenset({"armed_group", "state_forces", "police"})


def modifier_actor(c: Any) -> Entity | None:
    """The actor the modifier ``c`` of an event noun names by its kind (module doc), or None."""
    if c.dep_ not in ("amod", "compound", "nmod") or c.ent_type_ in ("GPE", "LOC", "FAC"):
        return None
    kind = actors.generic_kind(c.lemma_) or actors.generic_kind(c.text)
    if kind not in _ATTACKER_KINDS:
        return None
    return Entity(id=-1, canonical=c.lemma_.lower(), label="GROUP", kind=kind)


def unidentified() -> Entity:
    """An attacker nobody names ("a man … shot three people", "killed in the attack"): the
    generic armed group, which the export names "Unidentified Armed Group (<country>)"."""
    return Entity(id=-1, canonical="gunmen", label="GROUP", kind="armed_group")


def clause_victims(tok: Any) -> list[Any]:
    """The objects of the killing clauses of the attack verb ``tok`` (module doc)."""
    if tok.pos_ != "VERB":
        return []
    out = []
    for c in tok.children:
        if c.dep_ not in ("advcl", "conj") or _lemma(c) not in KILL:
            continue
        if any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children):
            continue  # a clause with a doer of its own is another deed
        out += [g for g in c.children if g.dep_ == "dobj"]
    return out
