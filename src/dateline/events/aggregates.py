"""A statistic of a period is no event of a day: "Scott is one of at least 707 people shot and
killed by police so far this year", "he was the 500th person killed by police this year",
"one of 90 journalists who have been killed since 2010".

The sentence counts the deaths of a whole period, of which the person named is one; it
reports no single event at a date, and its figure is nobody's toll for the day (see
:mod:`dateline.events.tolls` for a war's cumulative toll). Read from the parse:

* the event verb describes a population noun: a participle or relative clause on it ("people
  shot", "journalists who have been killed"; or, in a common misparse of "one of N people
  shot", the noun is the subject of a ``pcomp`` verb under "of");
* the population is counted or ranked: a number on it ("707 people"), an ordinal ("the 500th
  person"), or it is what "one of" picks from;
* the clause spans a period that runs up to now or a whole year: "so far", "to date",
  "since …", or a bare period noun as a time modifier ("this year", "last month") — or the
  population is ranked by an ordinal in a predicate ("X was the fourth person shot and killed
  by a police officer in the city"): a rank in a series of deaths is a statistic whether or
  not the series' span is named, unless the rank is inside one event ("the first person
  killed in the attack").

A number that counts such a population is likewise no count of a day's dead.
"""

from __future__ import annotations

from typing import Any

from dateline.events.lexicon import ALL_TRIGGERS, _lemma

#: period nouns that make "this year", "last month" a span rather than a day
PERIODS = frozenset({"year", "month", "week", "decade"})


def _population(verb: Any) -> Any | None:
    """The noun whose members the clause of ``verb`` describes (module doc), or None."""
    if verb.dep_ in ("acl", "relcl"):
        return verb.head
    if verb.dep_ == "pcomp" and verb.head.lower_ == "of":
        return next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return None


def _counted(noun: Any, verb: Any) -> bool:
    for c in noun.children:
        if c.dep_ == "nummod" and c.pos_ == "NUM":
            return True
        if c.dep_ == "amod" and c.ent_type_ == "ORDINAL":
            return True
    of = verb.head if verb.dep_ == "pcomp" else noun.head if noun.dep_ == "pobj" else None
    return of is not None and of.lower_ == "of" and of.head.pos_ == "NUM"  # "one of"


def _spans_a_period(verb: Any) -> bool:
    clause = [verb, *(c for c in verb.children if c.dep_ == "conj")]
    for v in clause:
        for c in v.children:
            low = c.lemma_.lower()
            if c.dep_ in ("npadvmod", "obl", "tmod") and low in PERIODS:
                return True
            # "so far", "since ...", "to date"
            if _word(c, "advmod", "far", "so") or _word(c, "prep", "to", "date"):
                return True
            if c.dep_ == "prep" and c.lower_ == "since":
                return True
    return False


def _word(tok: Any, dep: str, word: str, child: str) -> bool:
    """``tok`` is ``word`` in relation ``dep`` with a child ``child``."""
    return tok.dep_ == dep and tok.lower_ == word and any(g.lower_ == child for g in tok.children)


def _ranked(noun: Any) -> bool:
    """``noun`` is ranked by an ordinal ("the fourth person", "the 500th person")."""
    return any(c.dep_ == "amod" and c.ent_type_ == "ORDINAL" for c in noun.children)


def _in_an_event(verb: Any) -> bool:
    """The clause places its rank inside one event ("the first person killed in the attack"):
    a preposition's object is an event word of the lexicon."""
    clause = [verb, *(c for c in verb.children if c.dep_ == "conj")]
    return any(
        g.dep_ == "pobj" and _lemma(g) in ALL_TRIGGERS
        for v in clause
        for c in v.children
        if c.dep_ == "prep"
        for g in c.children
    )


def _rank_in_a_series(noun: Any, verb: Any) -> bool:
    """A predicate ranking someone in a series of such deaths: "X was the fourth person shot and
    killed by a police officer in the city" — the rank of this death among others over a
    span, whether or not the span is named; not a rank inside one event ("the first person
    killed in the attack")."""
    return noun.dep_ in ("attr", "appos") and _ranked(noun) and not _in_an_event(verb)


def _statistic_clause(verb: Any) -> bool:
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head  # "shot and killed": the clause of the first verb
    noun = _population(verb)
    if noun is None or not _counted(noun, verb):
        return False
    return _spans_a_period(verb) or _rank_in_a_series(noun, verb)


def statistic(tok: Any) -> bool:
    """Whether ``tok`` (a trigger or a number) is in a clause that counts a period's deaths or
    events rather than telling one (module doc)."""
    if tok.pos_ == "NUM":
        noun = tok.head
        verbs = [c for c in noun.children if c.dep_ in ("acl", "relcl")]
        if noun.dep_ == "nsubj" and noun.head.dep_ == "pcomp":
            verbs.append(noun.head)
        return any(_statistic_clause(v) for v in verbs)
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    return _statistic_clause(tok)
