"""A verb of attack used for words: "attacked the governor for failing …", "blasted the council
as reckless", "attacked the police chief and blamed him …" report criticism, not violence.

Read from the parse of the trigger verb (the active verb of an attack sense, not a noun):

* a reason given as the object's own deed — a "for" phrase whose complement is a gerund
  ("attacked the senator for voting …", "slammed her for leaking …") — or a judgement of the
  object introduced by "as" ("blasted the plan as reckless"): one censures someone for what
  they did, one shoots them for no gerund;
* or the verb coordinated with a verb of saying or censure ("attacked … and blamed …",
  "slammed … and said …"): the two verbs tell one act of speech.

An attack on a place, or one whose object is a building or a town, is read the same way: a
"for"-gerund is rare in reports of violence ("troops attacked the village" has none).
"""

from __future__ import annotations

from typing import Any

from dateline.quotes.cues import CUE_LEMMAS

#: verbs with an attack sense that newspapers also use for words
ATTACK_SENSES = frozenset(
    {"attack", "assail", "blast", "slam", "hit", "hammer", "lash", "bash", "savage"}
)
#: verbs of censure beside the verbs of saying of the quote cues
_CENSURE = frozenset({"blame", "criticize", "criticise", "condemn", "denounce", "rebuke", "fault"})


def _speech(tok: Any) -> bool:
    lem = tok.lemma_.lower()
    return tok.pos_ == "VERB" and (lem in CUE_LEMMAS or lem in _CENSURE)


def _reason_or_judgement(verb: Any) -> bool:
    for c in verb.children:
        if c.dep_ != "prep":
            continue
        if c.lower_ == "for" and any(g.dep_ == "pcomp" and g.tag_ == "VBG" for g in c.children):
            return True
        if c.lower_ == "as" and any(g.dep_ in ("pobj", "amod", "acomp") for g in c.children):
            return True
    return False


def verbal_attack(tok: Any) -> bool:
    """Whether trigger ``tok`` is an attack verb telling of criticism (see the module doc)."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in ATTACK_SENSES:
        return False
    if any(c.dep_ == "auxpass" for c in tok.children):
        return False  # "was attacked for …": the victim's deed, not a censure by the subject
    if _reason_or_judgement(tok):
        return True
    partners = [c for c in tok.children if c.dep_ == "conj"]
    if tok.dep_ == "conj":
        partners.append(tok.head)
    return any(_speech(p) for p in partners)
