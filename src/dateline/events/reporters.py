"""Who tells of an event is its source, not its doer: "Police said the bombing killed three
people", "Officials believe the attack was planned abroad".

When the event's clause names no doer, the actor rules fall back on the nearest actor before
the trigger; in a reported clause that is mostly the speaker. Read from the parse: the trigger
lies in the clausal complement (``ccomp``) of a reporting verb (:data:`CUE_LEMMAS` of the quote
stage: "say", "report", "believe", "confirm", …), and the subject of that verb is the source —
unless the reported clause's own subject is a pronoun, which refers back to the speaker ("the
navy said it arrested 23 pirates": the navy did).
:func:`speaker_spans` gives the character spans of those subjects, which the fall-back skips
(noting :data:`SOURCE_ONLY` on the trigger).  An act of violence whose clause then names nobody
at all ("Police said three people were killed in the fire-bomb attack") is still the event the
source tells of: :func:`unnamed_doer` gives it ACLED's unnamed attacker, "Unidentified Armed
Group (<country>)", where the rules would otherwise drop an event without actors.
"""

from __future__ import annotations

from typing import Any

from dateline.events import acled, attackers
from dateline.quotes.cues import CUE_LEMMAS
from dateline.records import Entity

#: the note of a trigger whose nearest actor was set aside as the reporting speaker
SOURCE_ONLY = "the speaker who told of it is its source, not its doer"
#: the note of the unnamed doer so given: whom it fought is not guessed either (the article's
#: main opposing actor is mostly the speaker again: "police said …")
UNNAMED = "an unnamed attacker: the sentence names only the source who told of it"
#: the event types whose unnamed doer is an unidentified armed group (ACLED's political violence
#: done by someone; explosions and strikes are kept without an actor by the rules anyway)
_VIOLENCE = frozenset({"Battles", "Violence against civilians"})


def _self_report(clause: Any) -> bool:
    """The reported clause's subject is a pronoun ("the navy said it arrested 23 pirates",
    "police said they made 86 arrests"): it refers back to the speaker, who is then the doer."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "PRON" for c in clause.children)


def speaker_spans(tok: Any) -> list[tuple[int, int]]:
    """The character spans of the subjects of the reporting verbs whose complement holds the
    trigger ``tok`` (module doc), from the nearest one out."""
    out: list[tuple[int, int]] = []
    t = tok
    for _ in range(12):
        head = t.head
        if head.i == t.i:
            break
        if t.dep_ == "ccomp" and head.lemma_.lower() in CUE_LEMMAS and not _self_report(t):
            for c in head.children:
                if c.dep_ in ("nsubj", "nsubjpass"):
                    words = list(c.subtree)
                    out.append((words[0].idx, words[-1].idx + len(words[-1])))
        t = head
    return out


def unnamed_doer(inferred: list[str], sub: str) -> list[Entity]:
    """The doer of an act of violence (sub-event type ``sub``) told by a speaker the fall-back
    set aside (``inferred``: the trigger's notes hold :data:`SOURCE_ONLY`) when its clause
    names no actor: an unidentified armed group (module doc); else none."""
    if SOURCE_ONLY not in inferred or acled.SUB_EVENT_TYPES.get(sub) not in _VIOLENCE:
        return []
    inferred.append(UNNAMED)
    return [attackers.unidentified()]
