"""A demonstration's actors when the learned typer, not the rules, made it one.

The trigger rules give a protest or riot its crowd as actor1 and the police who faced it as
actor2 (:meth:`dateline.events.triggers.TriggerRules._protest_actors`). When the rules read
the sentence as another kind of event ("A group of about 200 communists had stormed the
Acropolis": an armed clash by the verb) and the typer moves it to a demonstration, the actors
are still those of the other reading: a state force as the doer, or nobody. ACLED codes a
demonstration with the demonstrators as actor1 — "Protesters (<country>)" or, for a violent
one, "Rioters (<country>)" when no group is named — and the state forces that intervened as
actor2. :func:`crowd_actors` gives a retyped event those actors; a named organisation or
crowd already in actor1 stays.
"""

from __future__ import annotations

from dateline.events import acled
from dateline.language import actors
from dateline.records import Event

#: ACLED inter codes of a crowd (5 rioters, 6 protesters)
_CROWD_INTER = {"Rioters": 5, "Protesters": 6}


def crowd_actors(ev: Event, before: str) -> None:
    """Set the actors of ``ev``, retyped from ``before`` to a demonstration, in ACLED's form
    (the crowd of the event's country)."""
    country = ev.country
    if acled.family(ev.sub_event_type) not in acled.CROWD_FAMILIES:
        return
    if acled.family(before) in acled.CROWD_FAMILIES:
        return  # the rules already read a demonstration: its actors are a crowd's
    if ev.actor1 is not None and not acled.STATE_FORCE_NAME.match(ev.actor1):
        return  # a named group or crowd led it
    label = "Rioters" if ev.sub_event_type == "Violent demonstration" else "Protesters"
    state: str | None = ev.actor1  # the forces that faced the crowd
    inter = ev.inter1
    if state is None:
        state, inter = ev.actor2, ev.inter2
    if country is None:
        ev.actor1 = label
    else:
        ev.actor1 = actors.rioters(country) if label == "Rioters" else actors.protesters(country)
    ev.inter1 = _CROWD_INTER[label]
    ev.assoc_actor_1 = None
    if (
        ev.sub_event_type == "Peaceful protest"
        or state is None
        or not acled.STATE_FORCE_NAME.match(state)
    ):
        ev.actor2, ev.inter2, ev.assoc_actor_2 = None, None, None
    else:
        ev.actor2, ev.inter2 = state, inter
    ev.interaction = acled.interaction(ev.inter1, ev.inter2)
    ev.notes += " [retyped to a demonstration: the crowd is actor1 (ACLED's generic form)]"
