"""A war's cumulative toll is no event of the article's day: "the war has killed more than
300,000 people", "the conflict, which has killed more than 10,000 civilians", "Boko Haram's
insurgency has killed 20,000 people since 2009".

ACLED codes the single events of a war, each on its day; a toll summed over the whole of a
war, a conflict or a campaign is background, not a report of one more event, and its figure is
nobody's fatalities for the day. Read from the parse of the clause:

* the subject of the trigger's verb (or, for a "which" clause, the noun it describes) is a noun
  of a lasting conflict (:data:`LASTING`: "war", "conflict", "insurgency", "campaign", …);
* the clause spans a period: the perfect ("has killed", "have left") or a "since" phrase
  ("killed 20,000 people since 2009").

:func:`cumulative` tells this of a trigger (the event is dropped by
:mod:`dateline.events.trigger_context`), and of a number token (the figure is no count of the
day's dead, :func:`dateline.events.death_count.not_a_count`); so does a period's statistic
(:mod:`dateline.events.aggregates`).
"""

from __future__ import annotations

from typing import Any

from dateline.events.aggregates import statistic
from dateline.events.lexicon import _lemma

#: nouns of a conflict that lasts: a toll they are the subject of is summed over a span
LASTING = frozenset(
    {
        "war",
        "conflict",
        "insurgency",
        "campaign",
        "uprising",
        "rebellion",
        "revolution",
        "occupation",
        "crisis",
    }
)


def _verb(tok: Any) -> Any | None:
    t = tok
    for _ in range(6):
        if t.pos_ in ("VERB", "AUX"):
            return t
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def _subject(verb: Any) -> Any | None:
    """The subject of ``verb``: its own, that of the verb it is coordinated after, or the noun
    its "which"/"that" clause describes ("the conflict, which has killed …")."""
    t = verb
    for _ in range(4):
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if t.dep_ == "relcl" and (subj is None or subj.tag_ in ("WDT", "WP")):
            return t.head
        if subj is not None or t.dep_ != "conj" or t.head.i == t.i:
            return subj
        t = t.head
    return None


def _spans_a_period(verb: Any) -> bool:
    t = verb
    for _ in range(4):
        kids = list(t.children)
        if any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in kids):
            return True
        if any(c.dep_ == "prep" and c.lower_ == "since" for c in kids):
            return True
        if t.dep_ != "conj" or t.head.i == t.i:
            return False
        t = t.head
    return False


def cumulative(tok: Any) -> bool:
    """Whether ``tok`` (a trigger or a number) is in a clause telling a lasting conflict's
    cumulative toll (module doc), or a period's statistic ("one of 707 people killed by police
    this year", :mod:`dateline.events.aggregates`)."""
    if statistic(tok):
        return True
    verb = _verb(tok)
    if verb is None:
        return False
    subj = _subject(verb)
    if subj is None or _lemma(subj) not in LASTING and subj.lemma_.lower() not in LASTING:
        return False
    return _spans_a_period(verb)
