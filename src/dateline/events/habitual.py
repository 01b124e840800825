"""A trigger that tells of a habit, not of one event: "has been arrested more than twenty times",
"was detained at the vigil in each of the past five years", "farmers protest every spring".

Read from the adjuncts of the verb the trigger is (or, for a noun, the verb it depends on):

* a count of occasions with the perfect — "has been arrested a dozen times", "have clashed
  three times" (``times`` with a number above one, under "have"): a tally over a span, not an
  act on one day ("stabbed him 20 times" is one attack and has no perfect);
* a time adjunct quantified by "each" or "every" — "every spring", "each year", "in each of
  the past five years": the event recurs, it is not dated.
"""

from __future__ import annotations

from typing import Any

from dateline.events import acled

_EVERY = frozenset({"each", "every"})


def _verb(tok: Any) -> Any | None:
    t = tok
    while t.pos_ not in ("VERB", "AUX"):
        if t.head.i == t.i:
            return None
        t = t.head
    return t


def _perfect(verb: Any) -> bool:
    t = verb
    while True:
        if any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in t.children):
            return True
        if t.dep_ != "conj" or t.head.i == t.i:
            return False
        t = t.head


def _occasions(c: Any) -> int:
    """How many times the adjunct ``c`` ("more than twenty times") counts, 0 when none."""
    if c.lemma_.lower() != "time" or c.tag_ != "NNS":
        return 0
    num = next((g for g in c.children if g.dep_ == "nummod"), None)
    if num is None:
        return 0
    return acled.parse_quantity(num.text) or (12 if num.lower_ == "dozen" else 0)


def _every(c: Any) -> bool:
    """A time adjunct quantified by each/every ("every spring", "in each of the past years")."""
    nouns = [c] if c.dep_ in ("npadvmod", "obl") else []
    if c.dep_ == "prep":
        nouns = [g for g in c.children if g.dep_ == "pobj"]
    for n in nouns:
        if n.lower_ in _EVERY and any(g.dep_ == "prep" and g.lower_ == "of" for g in n.children):
            return True
        if n.ent_type_ == "DATE" and any(
            g.dep_ == "det" and g.lower_ in _EVERY for g in n.children
        ):
            return True
    return False


def habitual(tok: Any) -> bool:
    """Whether trigger ``tok`` tells of a habit (see the module doc)."""
    verb = _verb(tok)
    if verb is None:
        return False
    kids = list(verb.children)
    if _perfect(verb) and any(_occasions(c) > 1 for c in kids):
        return True
    return any(_every(c) for c in kids)
