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
