"""Events of one article that tell one event: merged into one (the event stage's last step).

Two triggers of one sentence naming the same kind of event are one event; triggers of one day,
place and event type or family, whose actors agree (:func:`actors_agree`), are one event with
the sub-event type of highest rank (:data:`dateline.events.acled.MERGE_RANK`).
"""

from __future__ import annotations

from dateline.events import acled, lead
from dateline.events.lexicon import _TERRITORY_SUBS
from dateline.language import actors
from dateline.records import Article, Event


def actors_agree(a: Event, b: Event) -> bool:
    """Two reports of one event in an article name the same actors, or one names none
    (two changes of territory: the same gainer)."""
    if a.sub_event_type in _TERRITORY_SUBS and b.sub_event_type in _TERRITORY_SUBS:
        return a.actor1 == b.actor1
    xa = {n for n in (actors.crowd_name(a.actor1), actors.crowd_name(a.actor2)) if n}
    xb = {n for n in (actors.crowd_name(b.actor1), actors.crowd_name(b.actor2)) if n}
    if acled.family(a.sub_event_type) == acled.family(b.sub_event_type) == "protest":
        # one day's demonstration in one place: the crowd decides, the police who met it
        # (named first by some sentences) do not
        xa = {x for x in xa if actors.is_crowd(x)}
        xb = {x for x in xb if actors.is_crowd(x)}
    # an unidentified attacker is nobody in particular: it agrees with any named one
    xa = {x for x in xa if not x.startswith("Unidentified")}
    xb = {x for x in xb if not x.startswith("Unidentified")}
    return not xa or not xb or xa == xb or bool(xa & xb)


def merge(article: Article, events: list[Event]) -> list[Event]:
    """Merge triggers describing the same event: one day, place and event type or family
    of sub-event types, with actors that agree; the day's event takes the sub-event type of
    highest rank (:data:`dateline.events.acled.MERGE_RANK`: a march that turned violent is a
    riot, the fighting for a town is part of its capture)."""
    merged: list[Event] = []
    for ev in events:
        key_actors = {ev.actor1, ev.actor2} - {None}
        # two triggers of one sentence naming the same kind of event ("warplanes carried
        # out an air strike"): one event, the actors of either
        same = next(
            (
                m
                for m in merged
                if m.sentence == ev.sentence
                and m.sub_event_type == ev.sub_event_type
                and (
                    not key_actors
                    or not ({m.actor1, m.actor2} - {None})
                    or {m.actor1, m.actor2} - {None} == key_actors
                )
            ),
            None,
        )
        if same is not None:
            same.actor1 = same.actor1 or ev.actor1
            same.actor2 = same.actor2 or ev.actor2
            same.inter1 = same.inter1 or ev.inter1
            same.inter2 = same.inter2 or ev.inter2
            same.interaction = acled.interaction(same.inter1, same.inter2)
            same.fatalities = max(same.fatalities, ev.fatalities)
            continue
        twin = next(
            (
                m
                for m in merged
                if (
                    m.event_type == ev.event_type
                    or acled.family(m.sub_event_type) == acled.family(ev.sub_event_type)
                )
                and lead.same_day(m, ev)
                and (
                    m.time_precision == ev.time_precision
                    or "date from the narrative context" in m.notes + ev.notes
                    or "date from the publication date" in m.notes + ev.notes
                )
                and m.location == ev.location
                and actors_agree(m, ev)
                and m.background == ev.background
            ),
            None,
        )
        if twin is None:
            merged.append(ev)
            continue
        if acled.MERGE_RANK[ev.sub_event_type] < acled.MERGE_RANK[twin.sub_event_type]:
            lead.take_stated_date(ev, twin)
            ev.fatalities = max(ev.fatalities, twin.fatalities)
            ev.notes += f" | also: {twin.evidence_text}"
            ev.claimed_by = ev.claimed_by or twin.claimed_by
            merged[merged.index(twin)] = ev
        else:
            lead.take_stated_date(twin, ev)
            twin.fatalities = max(ev.fatalities, twin.fatalities)
            if ev.evidence_text not in twin.notes:
                twin.notes += f" | also: {ev.evidence_text}"
            twin.claimed_by = twin.claimed_by or ev.claimed_by
    for i, ev in enumerate(merged):
        ev.event_id = f"{article.id}-{i + 1}"
    return merged
