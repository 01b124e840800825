"""Weapons found or seized by the security forces (dateline.events.seizures): ACLED's
"Disrupted weapons use", not a bombing."""

from __future__ import annotations

from event_pages import page_events


def _events(body: str, published: str = "March 4, 2012") -> list:
    return page_events(body, published)


def test_police_finding_explosives_is_disrupted_weapons_use_at_the_place() -> None:
    evs = _events(
        "Police found more than 500 pounds of fertilizer-based explosives on Saturday in a "
        "farm building in Monaghan, close to the border, officials said."
    )
    (ev,) = evs
    assert ev.sub_event_type == "Disrupted weapons use"
    assert ev.event_date == "2012-03-03"
    assert ev.location == "Monaghan"


def test_things_found_that_are_no_weapons_or_found_by_others_are_no_event() -> None:
    assert not _events(
        "Police found more than 500 pounds of stolen copper wire on Saturday in a farm "
        "building in Monaghan, close to the border, officials said."
    )
    assert not _events(
        "Farmers found an old rifle on Saturday in a barn in Monaghan while clearing it out "
        "for the spring, neighbours said."
    )
