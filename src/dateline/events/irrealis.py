"""An event noun that names an outcome sought, not one that happened: "a reward for information
leading to the arrest and conviction of X", "called for the arrest of the governor", "demanded
the prosecution of the officers", "a warrant for the arrest of the general".

Read from the parse of the noun phrase (through coordination: "the arrest and conviction"):

* **a prospective result** — the noun is the object of "to" under "lead" in a non-past form
  that describes a noun ("information leading to the arrest", "information that leads to the
  arrest"): a condition on something not yet known, not a report; a past "led to the arrest of
  20 people" tells what happened and stays an event;
* **a directive** — the noun is the object of a verb or noun of asking, offering or ordering
  ("call for", "demand", "urge", "seek", "a warrant for", "a reward for", "an appeal for"),
  directly or through "for": what someone wants done, which the sentence does not report as
  done.
"""

from __future__ import annotations

from typing import Any

from dateline.events.lexicon import _lemma

#: verbs and nouns whose object (or "for" phrase) is an outcome asked for, offered or ordered
DIRECTIVE = frozenset(
    {
        "call",
        "demand",
        "urge",
        "seek",
        "appeal",
        "press",
        "push",
        "request",
        "petition",
        "warrant",
        "reward",
        "bounty",
        "offer",
    }
)
#: non-past verb tags: a generic or prospective "lead to", not a reported result
_NON_PAST = frozenset({"VB", "VBG", "VBZ", "VBP"})


def _phrase_head(tok: Any) -> Any:
    t = tok
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head  # "the arrest and conviction": the first conjunct
    return t


def _prospective(noun: Any) -> bool:
    if noun.dep_ != "pobj" or noun.head.lower_ != "to":
        return False
    lead = noun.head.head
    return (
        _lemma(lead) == "lead"
        and lead.tag_ in _NON_PAST
        and lead.dep_ in ("acl", "relcl")
        and lead.head.pos_ in ("NOUN", "PROPN")
    )


def _directed(noun: Any) -> bool:
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "for":
        head = head.head  # "called for the arrest", "a warrant for the arrest"
    elif noun.dep_ != "dobj":
        return False
    return head.i != noun.i and _lemma(head) in DIRECTIVE


def sought(tok: Any) -> bool:
    """Whether the event noun ``tok`` names an outcome sought, not a fact (module doc)."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    noun = _phrase_head(tok)
    return _prospective(noun) or _directed(noun)
