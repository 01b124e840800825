"""A verb of violence whose result is death counts its victims as dead: "gunmen shot dead two
soldiers", "two soldiers were shot dead", "a man was beaten to death", "villagers hacked a
farmer to death".

The verb itself ("shoot", "beat", "stab", "hack", "burn") tells an attack; the resultative
predicate on its victim — the adjective "dead", or the phrase "to death" — tells that the
victim died of it, as "fatally" does (:func:`dateline.events.death_count.deadly`). Read from
the parse of the verb:

* a "dead" predicate attached to the verb (``oprd``/``acomp``/``xcomp``/``advmod``/``dep``/
  ``ccomp``: "were shot dead"), or, in the parser's usual reading of "shot dead two soldiers",
  "dead" as a modifier of the verb's direct object that stands right after the verb;
* a "to death" phrase on the verb ("beaten to death"), unless the verb is a judgment's
  ("sentenced to death", "condemned to death": a penalty, no death);
* not a death only supposed ("feared dead", :mod:`dateline.events.presumed`).

Whom it counts is the verb's object (active) or its passive subject, as for "kill"
(:func:`dateline.events.death_count.victims`).
"""

from __future__ import annotations

from typing import Any

from dateline.events.presumed import presumed

#: dependencies of a resultative "dead" attached to its verb
_RESULT_DEPS = frozenset({"oprd", "acomp", "xcomp", "advmod", "dep", "ccomp"})
#: verbs whose "to death" is a penalty a court or a ruler gives, not a death
_PENALTY = frozenset({"sentence", "condemn"})


def _dead(tok: Any) -> bool:
    return tok.lower_ == "dead" and not presumed(tok)


def _to_death(verb: Any) -> bool:
    if verb.lemma_.lower() in _PENALTY:
        return False
    return any(
        c.dep_ == "prep"
        and c.lower_ == "to"
        and any(g.dep_ == "pobj" and g.lower_ == "death" for g in c.children)
        for c in verb.children
    )


def killed_by_result(verb: Any) -> bool:
    """Whether verb ``verb`` has death as its result on its victim (module doc)."""
    if verb.pos_ != "VERB":
        return False
    for c in verb.children:
        if c.dep_ in _RESULT_DEPS and _dead(c):
            return True
        # "shot dead two soldiers": "dead" parsed as the object's modifier, right after the verb
        if c.dep_ == "dobj" and any(
            g.dep_ == "amod" and g.i == verb.i + 1 and _dead(g) for g in c.children
        ):
            return True
    return _to_death(verb)
