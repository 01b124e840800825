"""A named person shot (dateline.events.victims): an attack on a civilian, placed at the town
the article gives the person when the sentence names none."""

from __future__ import annotations

from event_pages import page_events


def _events(body: str, published: str = "March 4, 2012") -> list:
    return page_events(body, published)


def test_a_named_person_shot_is_an_attack_at_their_town() -> None:
    evs = _events(
        "The killing of Dr. Henry Walcott, a surgeon in Rochester who ran a clinic, shocked "
        "the city's doctors.\n\nWalcott was shot in the back on Friday night as he stood in "
        "his garage. No suspects have been identified."
    )
    (ev,) = [e for e in evs if e.sub_event_type == "Attack"]
    assert ev.event_date == "2012-03-02"  # Friday
    assert ev.actor1 and ev.actor1.startswith("Unidentified Armed Group")
    assert ev.actor2 and ev.actor2.startswith("Civilians")
    assert (ev.location, ev.geo_precision) == ("Rochester", 2)


def test_a_named_person_killed_in_an_accident_is_no_attack() -> None:
    evs = _events(
        "Dr. Henry Walcott, a surgeon in Rochester, was killed on Friday night when his car "
        "skidded off an icy road near the city, police said."
    )
    assert not [e for e in evs if e.event_type == "Violence against civilians"]


def _one(body: str) -> tuple:
    return [(e.sub_event_type, e.actor1, e.actor2, e.fatalities, e.location) for e in _events(body)]


def test_one_unarmed_person_shot_is_an_attack_on_a_civilian() -> None:
    assert _one("A man was shot dead in Compton on Friday night, police said.") == [
        ("Attack", "Unidentified Armed Group (United States)", "Civilians (United States)", 1,
         "Compton")
    ]  # fmt: skip
    assert _one("A taxi driver was stabbed to death in Compton on Friday.")[0][:3] == (
        "Attack",
        "Unidentified Armed Group (United States)",
        "Civilians (United States)",
    )
    assert _one("A man was killed in a crash in Compton on Friday.") == []  # no attack


def test_state_forces_shot_by_nobody_named_fought_an_armed_group() -> None:
    """ "A police officer was shot" is no protest (the typer said excessive force against
    protesters) and the officer is no attacker: an unidentified armed group shot them."""
    assert _one("A police officer was shot dead in Compton on Friday night.") == [
        ("Armed clash", "Unidentified Armed Group (United States)",
         "Police Forces of the United States", 1, "Compton")
    ]  # fmt: skip
