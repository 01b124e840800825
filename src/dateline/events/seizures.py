"""Weapons found or seized by the security forces: ACLED's "Disrupted weapons use".

ACLED codes the seizure of weapons or explosives by state forces, before they are used, as a
strategic development ("Disrupted weapons use"; the codebook: "...the seizure of weapons or
explosives").  Reports tell it with a verb of finding or taking whose object is a weapon and
whose subject is the police or the military: "Police found more than 1,300 pounds of
fertilizer-based explosives in a shed", "troops seized an arms cache", "explosives were
discovered by soldiers".  The weapon noun of such a phrase ("a car bomb") is what was seized,
not a bombing: its own trigger is dropped (:func:`seized_objects`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

#: verbs of finding or taking something
SEIZE_VERBS = frozenset(
    {"find", "discover", "seize", "recover", "uncover", "confiscate", "impound", "defuse"}
)
#: the head noun of what was found: a weapon, explosives or their parts
_WEAPON = re.compile(
    r"(?:explosives?|bombs?|weapons?|arms|ammunition|munitions|detonators?|grenades?|"
    r"mines?|rockets?|missiles?|guns?|rifles?|firearms?|ieds?|cache|arsenal|dynamite|semtex)",
    re.I,
)
#: who seizes: the police or the military, as a word when no entity is linked
_FORCES = re.compile(
    r"(?:police|policemen|officers|troops|soldiers|army|military|gardai|authorities|forces)",
    re.I,
)
_FORCE_KINDS = frozenset({"police", "state_forces"})


def _object(verb: Any) -> Any | None:
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    return next((c for c in verb.children if c.dep_ == ("nsubjpass" if passive else "dobj")), None)


def _what(obj: Any) -> Any:
    """The noun an object phrase is about: "1,300 pounds of explosives" → "explosives"."""
    if obj.lemma_.lower() in ("pound", "kilogram", "kg", "ton", "tonne", "quantity", "amount"):
        of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        inner = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if inner is not None:
            return inner
    return obj


def _seizer(verb: Any) -> Any | None:
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    if not passive:
        return next((c for c in verb.children if c.dep_ == "nsubj"), None)
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None


def weapons_seized(verb: Any, kind_of: Callable[[Any], str | None]) -> bool:
    """Whether ``verb`` reports weapons found or seized by the security forces (see the module's
    docstring).  ``kind_of(token)`` gives the kind of the entity a token refers to, if any."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in SEIZE_VERBS:
        return False
    obj = _object(verb)
    if obj is None or not _WEAPON.fullmatch(_what(obj).text):
        return False
    who = _seizer(verb)
    if who is None:
        return False
    return kind_of(who) in _FORCE_KINDS or bool(_FORCES.fullmatch(who.text))


def seized_objects(verb: Any) -> set[int]:
    """The token ids of what a seizure verb took (its object phrase)."""
    obj = _object(verb)
    return {t.i for t in obj.subtree} if obj is not None else set()
