"""When a trigger word on the page is not an event report, read from the parse around it.

Each rule is a general syntactic or semantic condition on the trigger token (a spaCy token of
the article's Doc), not a list of sentences:

* ``name`` — the word is part of a name: a token inside a PERSON / ORG / WORK_OF_ART / PRODUCT /
  LAW entity ("Fredric March", "the Million Dollar Strike Fund") names something, it reports no
  event (a capitalised token only; a lone sentence-initial word is not trusted as a name);
* ``month`` — a month name used as a date: inside a DATE/TIME entity, with a number beside it
  ("March 2"), or covered by a time expression of the times stage ("next March");
* ``question`` — the sentence asks rather than reports ("Will the rebels attack?");
* ``conditional`` — the trigger's clause is introduced by "if" / "unless" / "whether" (a verb, or
  an indefinite noun: "if a deal is reached"; a definite noun presupposes its event: "whether the
  attack was planned" reports an attack);
* ``compound`` — the trigger is a noun modifier of another noun that is not itself an event
  ("picket lines", "riot police", "bomb squad", "strike threat"); "bomb attack" (the head is an
  event), "shooting victims" (victims presuppose it) and munitions whose head noun is fired
  ("mortar rounds hit the town") stay events;
* ``intended`` — an indefinite noun object of an infinitive that says what someone aims at (the
  complement of a noun or of a verb of intention: "a credible threat to wrest a better deal",
  "plans to stage a protest"): the event is the aim, not a fact; a definite object, or the
  object of a purpose adjunct of a deed, exists already ("fired tear gas to disperse the
  protest", "used live bullets to disperse a peaceful protest");
* ``motive`` — a bare singular noun after "in" that states why something else was done ("riots in
  protest at the killing", "in protest over the cuts"): the reason of the sentence's event, not a
  second event ("died in protests" — plural, or "in the protest" — determined, stay events);
* ``charge`` — a crime named in a charge ("charged with murder, attempted murder, aggravated
  assault"): what the charge calls the act, not an act of that kind (a charge of arson is the one
  exception, read by :mod:`dateline.events.arson` before these rules);
* ``figurative`` — an explosive verb whose subject is a creative work ("the film bombs at the
  box office", "the album exploded in the charts") or "a bomb" said of one;
* ``censure`` — an attack verb telling of criticism ("attacked the governor for failing …",
  "blasted the plan as reckless", "attacked … and blamed …"), see :mod:`dateline.events.censure`;
* ``habitual`` — a habit, not one event ("has been arrested a dozen times", "protest every
  spring", "in each of the past five years"), see :mod:`dateline.events.habitual`;
* ``sought`` — an outcome asked for or offered, not one that happened ("information leading to
  the arrest of", "called for the arrest of"), see :mod:`dateline.events.irrealis`;
* ``toll`` — a lasting conflict's cumulative toll ("the war has killed more than 300,000
  people"), see :mod:`dateline.events.tolls`.
"""

from __future__ import annotations

import logging
from typing import Any

from dateline.events.actor_rules import _PERSON
from dateline.events.arson import named_charge
from dateline.events.censure import verbal_attack
from dateline.events.habitual import habitual
from dateline.events.irrealis import sought
from dateline.events.lexicon import _NEG_GOVERNORS, ALL_TRIGGERS, SHELL, _lemma, fired
from dateline.events.tolls import cumulative

log = logging.getLogger(__name__)

_NAME_LABELS = {"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "LAW"}
_MONTHS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
}
_IF_MARKS = {"if", "unless", "whether"}
_INDEFINITE = {"a", "an", "another", "any"}
# head nouns that are events themselves or presuppose one ("mortar fire", "hostage crisis",
# "shooting victims", "the bombing death toll")
EVENT_HEADS = {
    "fire",
    "firing",
    "gunfire",
    "incident",
    "operation",
    "violence",
    "unrest",
    "crisis",
    "standoff",
    "campaign",
    "crackdown",
    "action",
    "spree",
    "wave",
    "salvo",
    "volley",
    "exchange",
    "taking",
    "victim",
    "survivor",
    "casualty",
    "toll",
    "death",
}
# creative works and products: what "bombs" or "explodes" figuratively (a flop, a hit)
WORKS = {
    "film",
    "movie",
    "picture",
    "show",
    "series",
    "sequel",
    "remake",
    "episode",
    "season",
    "album",
    "single",
    "song",
    "record",
    "book",
    "novel",
    "play",
    "musical",
    "opera",
    "comedy",
    "drama",
    "game",
    "franchise",
    "blockbuster",
    "product",
    "release",
}
_EXPLOSIVE_VERBS = {"bomb", "explode", "blast"}


def not_an_event(tok: Any, article: Any) -> str | None:
    """The rule by which trigger token ``tok`` is not an event report (see the module doc),
    or None when none applies."""
    for name, rule in _RULES:
        if rule(tok, article):
            log.debug("trigger %r at %d is not an event: %s", tok.text, tok.idx, name)
            return name
    return None


def _in_name(tok: Any, article: Any) -> bool:
    if tok.ent_type_ not in _NAME_LABELS or tok.is_lower:
        return False
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    if ent is None:
        return False
    # a lone capitalised word opening a sentence ("Clashes erupted …") is no evidence of a name
    return not (len(ent) == 1 and tok.is_sent_start)


def _month(tok: Any, article: Any) -> bool:
    if tok.lower_ not in _MONTHS or tok.is_lower:
        return False
    if tok.ent_type_ in ("DATE", "TIME"):
        return True
    near = [*tok.children, *(tok.doc[k] for k in (tok.i - 1, tok.i + 1) if 0 <= k < len(tok.doc))]
    if any(t.like_num for t in near):
        return True
    start, end = tok.idx, tok.idx + len(tok)
    return any(t.start <= start and end <= t.end for t in article.times)


def _question(tok: Any, article: Any) -> bool:
    return tok.sent.text.rstrip().rstrip("\"'”’)]").endswith("?")


def _indefinite(tok: Any) -> bool:
    return any(c.dep_ == "det" and c.lower_ in _INDEFINITE for c in tok.children)


def _clause_heads(tok: Any) -> list[Any]:
    """The verb heading the trigger's clause (the trigger itself if a verb) and the verbs it
    is coordinated under ("if the film is terrible and bombs": bombs → is)."""
    t = tok
    if t.pos_ not in ("VERB", "AUX"):
        while t.head.i != t.i and t.pos_ not in ("VERB", "AUX"):
            t = t.head
        if t.pos_ not in ("VERB", "AUX"):
            return []
    heads = [t]
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
        heads.append(t)
    return heads


def _conditional(tok: Any, article: Any) -> bool:
    if tok.pos_ == "NOUN" and tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX", "ADJ"):
        heads = _clause_heads(tok.head)  # a verb tagged as a noun: "is terrible and bombs"
    elif tok.pos_ == "VERB":
        heads = _clause_heads(tok)
    elif tok.pos_ in ("NOUN", "PROPN") and _indefinite(tok):
        heads = _clause_heads(tok)  # a definite or bare noun presupposes its event
    else:
        return False
    return any(c.dep_ == "mark" and c.lower_ in _IF_MARKS for h in heads for c in h.children)


def _event_head(head: Any) -> bool:
    lem = _lemma(head)
    return lem in ALL_TRIGGERS or lem in EVENT_HEADS or head.lemma_.lower() in EVENT_HEADS


def _compound(tok: Any, article: Any) -> bool:
    # a capitalised first word of a sentence is often tagged a name ("Riot police fired …")
    noun = tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and tok.is_sent_start)
    if tok.dep_ != "compound" or not noun or tok.head.pos_ not in ("NOUN", "PROPN"):
        return False
    head = tok.head
    if _event_head(head):
        return False
    if _lemma(tok) in SHELL and fired(head):
        return False  # "mortar rounds hit the town", "fired rocket salvos"
    return True


def _person(noun: Any) -> bool:
    """A noun that names people: a PERSON / NORP entity, a person noun of the lexicon, or a
    noun with a "who" clause."""
    if noun.ent_type_ in ("PERSON", "NORP") or _PERSON.fullmatch(noun.text):
        return True
    return any(
        c.dep_ == "relcl" and any(g.tag_ in ("WP", "WP$") for g in c.children)
        for c in noun.children
    )


def _participle(tok: Any, article: Any) -> bool:
    # a past participle or adjective in front of its noun; a present one ("a rioting crowd",
    # "marching students") tells of an action going on and is left alone
    if tok.dep_ != "amod" or tok.tag_ not in ("VBN", "VBD", "JJ"):
        return False
    head = tok.head
    if head.pos_ not in ("NOUN", "PROPN") or head.i < tok.i:
        return False
    return not _event_head(head) and not _person(head)


def _intended(tok: Any, article: Any) -> bool:
    if tok.pos_ != "NOUN" or not _indefinite(tok):
        return False
    t = tok
    while t.dep_ == "conj" and t.head.pos_ == "NOUN":
        t = t.head
    if t.dep_ != "dobj":
        return False
    verb = t.head
    if not _infinitive(verb):
        return False
    # the purpose of an infinitive is as much an aim as that infinitive ("planned to drive its
    # members to the capital to stage a protest"); that of a deed is not (see below)
    while verb.dep_ == "advcl" and _infinitive(verb.head):
        verb = verb.head
    # the infinitive says what someone aims at: the complement of a noun ("a threat to …",
    # "efforts to …") or of a verb of intention ("plans to …"); a purpose adjunct of a deed
    # ("used live bullets to disperse a protest") acts on an event that exists
    return verb.dep_ == "acl" or (verb.dep_ == "xcomp" and _lemma(verb.head) in _NEG_GOVERNORS)


def _infinitive(verb: Any) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _subject(tok: Any) -> Any | None:
    """The subject of a verb: its own, that of the verb it is coordinated with, or the noun a
    participle or relative clause modifies ("the film, which bombed", "the film bombed at …")."""
    t = tok
    while True:
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if t.dep_ in ("acl", "relcl") and (subj is None or subj.tag_ in ("WDT", "WP")):
            return t.head
        if subj is not None or t.dep_ != "conj" or t.head.i == t.i:
            return subj
        t = t.head


def _figurative(tok: Any, article: Any) -> bool:
    lem = _lemma(tok)
    if lem not in _EXPLOSIVE_VERBS:
        return False
    if tok.dep_ == "attr":  # "the film was a bomb"
        subj = _subject(tok.head)
    elif tok.pos_ == "VERB" or tok.dep_ == "conj":
        subj = _subject(tok)
    else:
        return False
    if subj is None:
        return False
    return subj.ent_type_ == "WORK_OF_ART" or subj.lemma_.lower() in WORKS


def _motive(tok: Any, article: Any) -> bool:
    if tok.dep_ != "pobj" or tok.head.lower_ != "in" or tok.tag_ != "NN":
        return False
    kids = list(tok.children)
    if any(c.dep_ in ("det", "poss", "nummod", "amod", "compound") for c in kids):
        return False
    return any(c.dep_ == "prep" for c in kids)


_RULES = (
    ("name", _in_name),
    ("month", _month),
    ("question", _question),
    ("conditional", _conditional),
    ("compound", _compound),
    ("participle", _participle),
    ("intended", _intended),
    ("motive", _motive),
    ("charge", lambda tok, article: named_charge(tok)),
    ("figurative", _figurative),
    ("censure", lambda tok, article: verbal_attack(tok)),
    ("habitual", lambda tok, article: habitual(tok)),
    ("sought", lambda tok, article: sought(tok)),
    ("toll", lambda tok, article: cumulative(tok)),
)
