"""A later definite mention that states nothing of its own is the event it refers to
(dateline.events.mentions); one with a place in its own clause stays an event."""

from __future__ import annotations

from event_pages import page_events


def test_mention_with_the_speakers_town_folds() -> None:
    events = page_events(
        "A car bomb exploded near a market in Kirkuk on Friday, killing 12 people.\n\n"
        "Police in Baghdad said the bombing also wounded 40 people.",
        "September 25, 2016",
    )
    assert len(events) == 1
    assert events[0].location == "Kirkuk" and events[0].fatalities == 12


def test_mention_with_inferred_actors_folds() -> None:
    events = page_events(
        "Gunmen attacked a police station in Kano on Saturday, killing three officers.\n\n"
        "On Sunday, soldiers in Kaduna said that the attack was carried out at night.",
        "September 25, 2016",
    )
    assert len(events) == 1


def test_mention_with_its_own_place_stays() -> None:
    events = page_events(
        "A bomb exploded outside the embassy in Nairobi on Friday, killing 200 people.\n\n"
        "In Dar es Salaam, the blast killed 10 people.",
        "September 25, 2016",
    )
    assert len(events) == 2


def test_mention_in_a_where_clause_of_another_town_stays() -> None:
    events = page_events(
        "Thousands of protesters marched in Athens on Wednesday against the spending cuts.\n\n"
        "Violence was also reported in Thessaloniki, where a further 20,000 people joined the"
        " city's demonstrations.",
        "May 6, 2010",
    )
    assert {e.location for e in events if e.event_type == "Protests"} >= {"Athens", "Thessaloniki"}
