"""Who tells of an event is its source, not its doer: "Police said the bombing killed three
people", "Officials believe the attack was planned abroad".

When the event's clause names no doer, the actor rules fall back on the nearest actor before
the trigger; in a reported clause that is mostly the speaker. Read from the parse: the trigger
lies in the clausal complement (``ccomp``) of a reporting verb (:data:`CUE_LEMMAS` of the quote
stage: "say", "report", "believe", "confirm", …), and the subject of that verb is the source —
unless the reported clause's own subject is a pronoun, which refers back to the speaker ("the
navy said it arrested 23 pirates": the navy did).
:func:`speaker_spans` gives the character spans of those subjects, which the fall-back skips.
"""

from __future__ import annotations

from typing import Any

from dateline.quotes.cues import CUE_LEMMAS


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
