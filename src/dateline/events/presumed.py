"""A death presumed or feared is no counted death: "a British expert kidnapped and presumed
killed by Khmer Rouge guerrillas", "three fishermen are feared killed".

ACLED counts the fatalities its sources report; a death the report only supposes is none of
them. Read from the parse of the death verb: it is the complement (``xcomp``/``oprd``/
``ccomp``) of an epistemic verb of supposing (:data:`SUPPOSE`: "presumed", "feared",
"believed", "thought", "suspected", "assumed"), or that verb's participle stands right
before it ("kidnapped and presumed killed", where the parser coordinates the participle with
the verb before it). A death "reported" or "confirmed" still counts.
"""

from __future__ import annotations

from typing import Any

#: verbs of supposing: a death they govern is supposed, not reported
SUPPOSE = frozenset({"presume", "fear", "believe", "think", "suspect", "assume"})
#: words of death a supposing verb may govern
_DEATH = frozenset({"kill", "die", "dead", "slay", "murder", "drown"})


def _supposing(tok: Any) -> bool:
    return tok.tag_ == "VBN" and tok.lemma_.lower() in SUPPOSE


def presumed(tok: Any) -> bool:
    """Whether death word ``tok`` tells of a death only supposed (module doc)."""
    if tok.dep_ in ("xcomp", "oprd", "ccomp", "acomp") and _supposing(tok.head):
        return True
    return tok.i > tok.sent.start and _supposing(tok.doc[tok.i - 1])


def presumed_count(num: Any) -> bool:
    """Whether number ``num`` counts the subject of a death only supposed ("three fishermen
    are feared killed", "two men presumed killed")."""
    noun = num.head
    if num.dep_ != "nummod" or noun.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = noun.head
    if presumed(verb):
        return True
    return _supposing(verb) and any(
        c.dep_ in ("xcomp", "oprd", "ccomp", "acomp") and c.lemma_.lower() in _DEATH
        for c in verb.children
    )
