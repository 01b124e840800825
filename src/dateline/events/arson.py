"""Deliberate fires read from the syntax, not from the word "arson" alone.

"Arson" or "fire" as a bare trigger word fires on many mentions that report no event ("arson
investigators", "the fire service", "a fire drill"). Two constructions do report one, in any
news story:

* a person **sets fire to** something, or sets it **on fire** / **alight** / **ablaze**
  ("youths set fire to three banks", "accused of setting fire to the store"): a deliberate fire
  with a damaged object;
* someone is **charged with**, **accused of**, **arrested** or **convicted for**, or held **on
  suspicion of arson**: the charge names a crime that was committed (a fire already set).

Both are ACLED's property destruction (``Looting/property destruction``), with the token that
carries them as the trigger ("setting", "arson").
"""

from __future__ import annotations

from typing import Any

_CHARGE_HEADS = {
    "charge",
    "accuse",
    "arrest",
    "convict",
    "suspicion",
    "suspect",
    "detain",
    "jail",
    "sentence",
    "guilty",
    "plead",
    "admit",
}
_ABLAZE = {"alight", "ablaze", "afire"}


def named_charge(tok: Any) -> bool:
    """Whether noun ``tok`` names a crime in a charge ("charged with murder, attempted murder,
    aggravated assault", "arrested on suspicion of assault"): what the charge calls the act,
    not a report of an act of that kind (the act is told as an act: "shot three co-workers")."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    t = tok
    for _ in range(8):
        if t.dep_ not in ("conj", "appos") or t.head.i == t.i:
            break
        t = t.head
    if t.dep_ != "pobj" or t.head.lower_ not in ("with", "of", "for"):
        return False
    gov = t.head.head
    return gov.lemma_.lower() in _CHARGE_HEADS or gov.lower_ in _CHARGE_HEADS


def deliberate_fire(tok: Any) -> bool:
    """Whether ``tok`` is the trigger of a deliberately set fire (see the module doc)."""
    if tok.lemma_.lower() == "set" and tok.pos_ == "VERB":
        kids = list(tok.children)
        objs = [c for c in kids if c.dep_ in ("dobj", "nsubjpass")]
        preps = [c for c in kids if c.dep_ == "prep"]
        if any(o.lower_ == "fire" for o in objs):
            # "set fire to the store": the fire reaches a named object
            return any(p.lower_ in ("to", "on") for p in preps) or any(
                p.lower_ in ("to", "on") for o in objs for p in o.children if p.dep_ == "prep"
            )
        if objs and any(
            p.lower_ == "on" and any(g.lower_ == "fire" for g in p.children) for p in preps
        ):
            return True  # "set the car on fire"
        return bool(objs) and any(c.lower_ in _ABLAZE for c in kids)
    if tok.lower_ == "arson" and tok.pos_ in ("NOUN", "PROPN"):
        head = tok.head
        if tok.dep_ == "pobj" and head.lower_ in ("with", "of", "for"):
            gov = head.head
            return gov.lemma_.lower() in _CHARGE_HEADS or gov.lower_ in _CHARGE_HEADS
    return False
