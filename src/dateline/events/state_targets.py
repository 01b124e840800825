"""An organised armed group's attack on the police or the military is a battle, not violence
against civilians: "a Taliban attack on a police checkpoint killed five policemen", "gunmen
stormed an army post".

ACLED codes an attack by an armed, organised group on state forces — the military or the
police, armed and organised themselves — as "Battles: Armed clash"; "Violence against
civilians" needs unarmed victims. The learned typer reads the sentence's words ("attack",
"killed five") and often says "Attack"; the actor roles the parse gave settle it:

* actor1, the doer, is an organised armed group (ACLED inter code 2 rebels, 3 political
  militias, 4 identity militias: a named group, "gunmen", "militants");
* actor2, the one attacked, is a state force by its ACLED name ("Military Forces of …",
  "Police Forces of …", the country's own or a foreign one).

The symmetric case is a battle too: the police or the military (actor1, inter code 1, a state
force by its ACLED name) killing or attacking members of an organised armed group (actor2,
inter code 2, 3 or 4: "troops killed 20 Boko Haram militants") — ACLED's "Battles: Armed
clash" between a state force and an organised armed group.

An execution or a beheading ("troops executed 12 captured militants") stays an attack: its
victim is a captive, no longer fighting.

The police shooting a civilian keeps its type (:mod:`dateline.events.police_force`: the police
are actor1 there, civilians actor2).
"""

from __future__ import annotations

import re

from dateline.events import acled
from dateline.records import Event

#: ACLED inter codes of organised non-state armed groups
_ARMED_GROUPS = frozenset({2, 3, 4})


#: killings of someone held captive (an execution, a beheading): the victim is defenceless,
#: an attack whoever they fought for, never a clash
_OF_A_CAPTIVE = re.compile(r"^(?:execut|behead)", re.I)


def _of_a_captive(ev: Event) -> bool:
    return bool(ev.trigger_text and _OF_A_CAPTIVE.match(ev.trigger_text))


def armed_group_on_state_forces(ev: Event) -> bool:
    """Whether ``ev``, typed as an attack on civilians, is an armed group's attack on the
    police or the military (module doc)."""
    return (
        ev.sub_event_type == "Attack"
        and not _of_a_captive(ev)
        and ev.inter1 in _ARMED_GROUPS
        and bool(ev.actor2 and acled.STATE_FORCE_NAME.match(ev.actor2))
    )


def state_forces_on_armed_group(ev: Event) -> bool:
    """Whether ``ev``, typed as an attack on civilians, is the police or the military fighting
    an organised armed group ("troops killed 20 Boko Haram militants"): the symmetric case."""
    return (
        ev.sub_event_type == "Attack"
        and not _of_a_captive(ev)
        and ev.inter1 == 1
        and bool(ev.actor1 and acled.STATE_FORCE_NAME.match(ev.actor1))
        and ev.inter2 in _ARMED_GROUPS
    )


def retype(events: list[Event]) -> None:
    """Code each fight between an armed group and state forces, whichever side is the doer,
    as an armed clash (module doc)."""
    for ev in events:
        if armed_group_on_state_forces(ev):
            why = "an armed group's attack on state forces"
        elif state_forces_on_armed_group(ev):
            why = "state forces fighting an armed group"
        else:
            continue
        was = ev.sub_event_type
        ev.sub_event_type = "Armed clash"
        ev.event_type = acled.SUB_EVENT_TYPES["Armed clash"]
        ev.disorder_type = acled.disorder_type(ev.event_type, "Armed clash")
        cat, mode = acled.PLOVER["Armed clash"]
        if ev.plover is not None:
            ev.plover = ev.plover.model_copy(update={"category": cat, "mode": mode})
        ev.civilian_targeting = None
        ev.notes += f" [{why}: Armed clash, not {was}]"
