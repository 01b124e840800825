"""An organised armed group's attack on the police or the military
(dateline.events.state_targets): Battles / Armed clash, whatever the learned typer reads in
the sentence; the police shooting a civilian stays an attack on civilians."""

from __future__ import annotations

from dateline.events.state_targets import armed_group_on_state_forces, state_forces_on_armed_group
from dateline.records import Event, Span
from event_pages import page_events


def test_taliban_attack_on_a_police_checkpoint_is_an_armed_clash() -> None:
    events = page_events(
        "A Taliban attack on a police checkpoint killed five policemen in Kandahar province on"
        " Monday, officials said.",
        "May 3, 2016",
    )
    attack = [e for e in events if e.trigger_text == "attack"]
    assert len(attack) == 1
    ev = attack[0]
    assert (ev.event_type, ev.sub_event_type) == ("Battles", "Armed clash")
    assert (ev.actor1, ev.actor2) == ("Taliban", "Police Forces of Afghanistan")
    assert ev.civilian_targeting is None
    assert ev.fatalities == 5


def test_police_killing_a_man_stays_an_attack_on_civilians() -> None:
    events = page_events("Police shot and killed a man in Chicago on Monday.", "May 3, 2016")
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == [
        ("Attack", "Police Forces of the United States", "Civilians (United States)")
    ]


def _event(actor1: str, inter1: int, actor2: str | None, inter2: int | None) -> Event:
    return Event(
        event_id="",
        event_date=None,
        event_type="Violence against civilians",
        sub_event_type="Attack",
        actor1=actor1,
        inter1=inter1,
        actor2=actor2,
        inter2=inter2,
        evidence=Span(start=0, end=1),
        evidence_text=".",
        sentence=0,
    )


def test_only_an_armed_group_on_state_forces() -> None:
    assert armed_group_on_state_forces(_event("Taliban", 2, "Military Forces of Afghanistan", 1))
    assert armed_group_on_state_forces(
        _event("Unidentified Armed Group (Nigeria)", 3, "Police Forces of Nigeria", 1)
    )
    # civilians attacked, state forces attacking, or nobody attacked: no battle
    assert not armed_group_on_state_forces(_event("Taliban", 2, "Civilians (Afghanistan)", 7))
    assert not armed_group_on_state_forces(
        _event("Police Forces of Kenya", 1, "Civilians (Kenya)", 7)
    )
    assert not armed_group_on_state_forces(_event("Taliban", 2, None, None))


def test_police_shooting_dead_gunmen_is_an_armed_clash() -> None:
    events = page_events("Police shot dead three gunmen in Maiduguri on Monday.", "May 3, 2016")
    assert [(e.event_type, e.sub_event_type, e.actor1, e.fatalities) for e in events] == [
        ("Battles", "Armed clash", "Police Forces of Nigeria", 3)
    ]
    assert events[0].civilian_targeting is None


def test_only_state_forces_on_an_armed_group() -> None:
    assert state_forces_on_armed_group(
        _event("Police Forces of Nigeria", 1, "Unidentified Armed Group (Nigeria)", 3)
    )
    assert not state_forces_on_armed_group(
        _event("Police Forces of Kenya", 1, "Civilians (Kenya)", 7)
    )
    assert not state_forces_on_armed_group(
        _event("Taliban", 2, "Military Forces of Afghanistan", 1)
    )
    # an execution: the captive no longer fights, an attack whoever they fought for
    shot = _event("Military Forces of Nigeria", 1, "Boko Haram", 2)
    assert state_forces_on_armed_group(shot)
    executed = shot.model_copy(update={"trigger_text": "executed"})
    assert not state_forces_on_armed_group(executed)
    beheaded = _event("Islamic State", 2, "Military Forces of Syria", 1)
    assert armed_group_on_state_forces(beheaded)
    assert not armed_group_on_state_forces(beheaded.model_copy(update={"trigger_text": "beheaded"}))
