"""Whole records on real pages (issue 17, quality pass): rules that read the parse, each on a
sentence of its own wording run through the real pipeline (spaCy, gazetteer, typer)."""

from __future__ import annotations

from event_pages import page_events


def _events(body: str, published: str = "November 11, 2011") -> list:
    return page_events(body, published)


def test_a_date_or_a_flight_number_is_no_death_toll() -> None:
    (ev,) = _events("The March 4 bombing of the market in Kirkuk killed 31 people, police said.")
    assert ev.fatalities == 31  # not 4, the day of the month
    evs = _events("A bomb hidden on Flight 209 exploded over the sea and killed 150 people.")
    assert max(e.fatalities for e in evs) == 150  # not 209, the flight's number


def test_a_victim_shot_and_killed_or_fatally_shot_is_one_dead() -> None:
    evs = _events("A farmer was shot and killed by soldiers near the border in Kirkuk on Monday.")
    assert max(e.fatalities for e in evs) == 1
    evs = _events("Gunmen fatally shot a taxi driver in a market in Kirkuk on Tuesday.")
    assert max(e.fatalities for e in evs) == 1


def test_an_attack_verb_telling_of_criticism_is_no_event() -> None:
    body = (
        "The senator attacked the governor for failing to fund the schools in Kirkuk.\n\n"
        "On Tuesday the mayor of Kirkuk blasted the council as reckless.\n\n"
        "The minister attacked the police chief and blamed him for the delays in Kirkuk."
    )
    assert _events(body) == []
    # an attack on people with no reason of theirs stays an attack
    (ev,) = _events("Gunmen attacked a police patrol in Kirkuk on Tuesday, killing two officers.")
    assert ev.sub_event_type in ("Attack", "Armed clash")


def test_a_habit_is_no_event() -> None:
    body = (
        "The activist has been detained more than twenty times at rallies in Kirkuk.\n\n"
        "She was arrested at the vigil in Kirkuk in each of the past five years."
    )
    assert _events(body) == []
    evs = _events("Police arrested the activist at a rally in Kirkuk on Monday.")
    assert "Arrests" in [e.sub_event_type for e in evs]


def test_the_purpose_of_a_plan_is_no_event() -> None:
    body = "The group planned to drive its members to Kirkuk to stage a protest on Friday."
    assert _events(body) == []
    # the purpose of a deed exists: the protest was there to be dispersed
    evs = _events("Police fired tear gas in Kirkuk on Friday to disperse a protest by teachers.")
    assert evs
