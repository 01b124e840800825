"""A person shot or killed by the police (dateline.events.police_force): Violence against
civilians / Attack, actor1 the police, actor2 civilians, never an armed clash."""

from __future__ import annotations

from event_pages import page_events


def test_a_man_fatally_shot_by_police() -> None:
    events = page_events(
        "The wife of a man fatally shot by police in Charlotte, North Carolina, recorded"
        " cellphone video of the encounter that includes her pleading with officers not to"
        " shoot.",
        "September 25, 2016",
    )
    shot = [e for e in events if e.trigger_text == "shot"]
    assert len(shot) == 1
    ev = shot[0]
    assert (ev.event_type, ev.sub_event_type) == ("Violence against civilians", "Attack")
    assert ev.actor1 == "Police Forces of the United States"
    assert ev.actor2 == "Civilians (United States)"
    assert ev.fatalities == 1


def test_shot_and_killed_by_police() -> None:
    events = page_events(
        "The teenager was shot and killed by police in Athens on Saturday.", "December 10, 2008"
    )
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == [
        ("Attack", "Police Forces of Greece", "Civilians (Greece)")
    ]


def test_police_shooting_gunmen_is_no_attack_on_civilians() -> None:
    events = page_events(
        "Police shot dead two gunmen in Kano on Saturday after they opened fire on a checkpoint.",
        "September 25, 2016",
    )
    assert all(e.actor2 != "Civilians (Nigeria)" for e in events)


def test_a_pronoun_doer_names_no_police() -> None:
    events = page_events(
        "Police officers patrolled the street in Brooklyn on Monday.\n\n"
        "They started shooting him and he went down, a witness said.",
        "March 12, 2013",
    )
    assert all(e.actor2 != "Civilians (United States)" for e in events)
