"""What the weapon of an explosive or chemical trigger says about its sub-event type, read from
the parse (issue 17).

- An incendiary thrown by hand ("hurled petrol bombs", "a fire-bomb", "firebombs") is no
  remotely detonated device: ACLED codes such a bomb thrown by a crowd as a riot (Violent
  demonstration), unless an armed or state actor threw it.
- Tear gas or pepper spray is crowd control, not a chemical weapon: "chemical smoke" from the
  police's tear gas is an intervention at a protest.
- A bomb aboard an aircraft ("the bombing of Flight 209", "a bomb on the plane") is no air
  strike: an air strike needs an aircraft attacking, not one attacked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_INCENDIARY = {"petrol", "gasoline", "fire", "molotov", "incendiary"}
_IRRITANT = re.compile(r"^(?:tear|pepper)$", re.I)
_AIRCRAFT = re.compile(r"^(?:\w*planes?|jets?|jetliners?|airliners?|aircraft|flights?)$", re.I)
_ARMED = ("armed_group", "state_forces", "police")


def incendiary(tok: Any) -> bool:
    """A bomb noun that is an incendiary: "petrol bombs", "fire - bomb", "firebombs"."""
    low = tok.lower_
    if low.startswith("firebomb"):
        return True
    if not low.startswith("bomb"):
        return False
    if any(c.dep_ in ("compound", "amod") and c.lower_ in _INCENDIARY for c in tok.children):
        return True
    # "fire - bomb", "fire-bomb": a hyphenated compound the tokenizer split
    prev = [tok.doc[i].lower_ for i in range(max(0, tok.i - 2), tok.i)]
    return prev[-2:] == ["fire", "-"] or prev[-1:] == ["fire-"]


def _thrower_kind(tok: Any, kind_of: Callable[[Any], str | None]) -> str | None:
    verb = tok.head if tok.dep_ in ("dobj", "nsubjpass") else None
    if verb is None:
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return kind_of(subj) if subj is not None else None


def _irritant(sent: Any) -> bool:
    # the word before, not the parse: "tear" is often misparsed as a verb or adjective
    return any(
        t.lower_ == "teargas"
        or (t.lower_ in ("gas", "spray") and t.i > 0 and _IRRITANT.match(t.nbor(-1).text))
        for t in sent
    )


def _aircraft_attacked(tok: Any) -> bool:
    """An aircraft in the sentence is a target (pobj of on/aboard/of, object) and none attacks
    (subject or by-agent of the trigger or the verb it hangs on)."""
    crafts = [t for t in tok.sent if _AIRCRAFT.match(t.text)]
    if not crafts:
        return False
    near = {tok.i, tok.head.i, tok.head.head.i}

    def attacks(t: Any) -> bool:
        if t.dep_ in ("nsubj",) and t.head.i in near:
            return True
        if t.dep_ == "pobj" and t.head.lower_ == "by" and t.head.head.i in near:
            return True
        return t.dep_ in ("compound", "amod") and t.head.i in near

    def attacked(t: Any) -> bool:
        head = t
        while head.dep_ in ("compound", "nummod", "appos") and head.head is not head:
            head = head.head  # "Pan Am Flight 103"
        return (
            head.dep_ == "pobj" and head.head.lower_ in ("on", "aboard", "onboard", "of", "in")
        ) or (head.dep_ in ("dobj", "nsubjpass"))

    return not any(attacks(t) for t in crafts) and any(attacked(t) for t in crafts)


def refine(tok: Any, sub: str | None, kind_of: Callable[[Any], str | None]) -> str | None:
    """The sub-event type ``sub`` of trigger ``tok`` corrected by what its weapon is."""
    if sub is None:
        return None
    if sub in ("Remote explosive/landmine/IED", "Air/drone strike", "Grenade") and incendiary(tok):
        return None if _thrower_kind(tok, kind_of) in _ARMED else "Violent demonstration"
    if (sub == "Chemical weapon" and _irritant(tok.sent)) or (
        sub == "Grenade" and any(c.lower_ == "stun" for c in tok.children)
    ):
        return "Protest with intervention"  # crowd control, not a weapon of war
    if (
        sub == "Air/drone strike"
        and tok.lemma_.lower() in ("bomb", "bombing")
        and _aircraft_attacked(tok)
    ):
        return "Remote explosive/landmine/IED"
    return sub
