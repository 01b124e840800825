"""A later definite mention that adds nothing is the event it refers to: "the bombing also
wounded 40 people", "soldiers said the attack was the work of the group", "after the attack".

:func:`dateline.events.anaphora.resolve` folds a definite mention into its antecedent when both
carry the same date and place. A mention often takes a place and actors that are not its own:
the town of the speaker ("Police in Baghdad said the bombing …"), the nearest actor before it
(the police who speak) or the article's main opposing actor; such a mention then stood as a
second event of the day with a second place or pair of actors. An ACLED coder reads it as the
event already told.

:func:`fold` folds, after the other reference rules, an event whose trigger is a definite noun
mention (:func:`dateline.events.anaphora.definite`) that states nothing of its own:

* no time of its own (noted :data:`dateline.events.anaphora.UNDATED` by the date rules);
* no place in its own clause — the subtree of the verb the mention depends on ("the bombing
  also wounded 40 people" holds no town; "in Dar es Salaam, the blast killed 10" does), nor the
  place a "where" clause holding the mention describes — unless it is the antecedent's place;
* no actor of its own: each of its actors is the antecedent's, or was only inferred (the
  nearest actor before the trigger, the article's main opposing actor);
* no toll of its own where the antecedent states one (a follow-up's "the blasts killed 247" is
  the full toll, kept by the cross-article merge);

into the nearest earlier event of its family (:func:`dateline.events.anaphora.family`) told
in the article, at the same background status. Its toll goes to that event when it had none.
"""

from __future__ import annotations

import logging
from typing import Any

from dateline.events import anaphora
from dateline.records import Article, Event

log = logging.getLogger(__name__)

_INFERRED_ACTOR1 = "actor1 from the nearest actor before the trigger"
_INFERRED_ACTOR2 = "actor2 is the main opposing actor of the article"


def _mention(ev: Event, doc: Any) -> Any | None:
    """The trigger token of ``ev`` when it is a definite noun mention with no time of its own."""
    if anaphora.UNDATED not in ev.notes or ev.trigger is None:
        return None
    span = doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
    if span is None or not anaphora.definite(span.root):
        return None
    return span.root


def _clause_place(tok: Any, ev: Event, article: Article) -> bool:
    """The event's place is named in the clause the mention ``tok`` belongs to."""
    if ev.place is None or ev.place >= len(article.places):
        return False
    verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
    top = verb if verb is not None else tok
    place = article.places[ev.place]
    if any(place.start <= a.idx < place.end for a in tok.ancestors):
        return True  # "in Thessaloniki, where 20,000 people joined the city's demonstrations"
    right = top.right_edge
    return top.left_edge.idx <= place.start < right.idx + len(right)


def _new_actor(ev: Event, ante: Event) -> bool:
    known = {ante.actor1, ante.actor2}
    a1 = ev.actor1 if _INFERRED_ACTOR1 not in ev.notes else None
    a2 = ev.actor2 if _INFERRED_ACTOR2 not in ev.notes else None
    return any(a is not None and a not in known for a in (a1, a2))


def fold(events: list[Event], article: Article, doc: Any) -> None:
    """Fold, in place, the definite mentions that state nothing of their own (module doc)."""
    kept: list[Event] = []
    for ev in events:
        tok = _mention(ev, doc)
        ante = None
        if tok is not None:
            ante = next(
                (
                    e
                    for e in reversed(kept)
                    if e.sentence < ev.sentence
                    and anaphora.family(e) == anaphora.family(ev)
                    and e.background == ev.background
                ),
                None,
            )
        if (
            ante is None
            or (ev.location != ante.location and _clause_place(tok, ev, article))
            or _new_actor(ev, ante)
            or (ev.fatalities and ante.fatalities)  # a toll of its own ("the blasts killed 247")
        ):
            kept.append(ev)
            continue
        if not ante.fatalities and ev.fatalities:
            ante.fatalities = ev.fatalities
        if ev.evidence_text and ev.evidence_text not in ante.notes:
            ante.notes += f" | also: {ev.evidence_text}"
        log.debug(
            "definite mention in sentence %d is the event of sentence %d",
            ev.sentence,
            ante.sentence,
        )
    events[:] = kept
