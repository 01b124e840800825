"""The attacker named by a modifier of the event noun and the victims of its killing clause
(dateline.events.attackers)."""

from __future__ import annotations

from event_pages import page_events


def test_rebel_attack_killed_civilians() -> None:
    events = page_events(
        "The rebel attack on the village of Kamango near Beni in Congo on Sunday killed nine"
        " civilians, officials said.",
        "September 26, 2016",
    )
    assert len(events) == 1
    ev = events[0]
    assert ev.actor1 == "Unidentified Armed Group (Democratic Republic of Congo)"
    assert ev.actor2 == "Civilians (Democratic Republic of Congo)"
    assert ev.fatalities == 9


def test_army_raid_names_the_military() -> None:
    events = page_events(
        "An army raid on a village near Gao in Mali killed four civilians on Friday.",
        "September 26, 2016",
    )
    assert [(e.actor1, e.actor2) for e in events] == [
        ("Military Forces of Mali", "Civilians (Mali)")
    ]


def test_victims_of_the_killing_clause() -> None:
    events = page_events(
        "Gunmen attacked a market in the northern city of Kano on Saturday, killing 12 civilians.",
        "September 26, 2016",
    )
    assert [(e.actor1, e.actor2) for e in events] == [
        ("Unidentified Armed Group (Nigeria)", "Civilians (Nigeria)")
    ]
