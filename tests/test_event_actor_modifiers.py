"""Actors on real pages (issue 17): one actor name per real actor, read from the parse.  Each
rule on a sentence of its own wording run through the real pipeline (spaCy, gazetteer, typer)."""

from __future__ import annotations

from event_pages import page_events


def _events(body: str, published: str = "March 3, 2012") -> list:
    return page_events(body, published)


def _actors(evs: list) -> set[str]:
    return {a for e in evs for a in (e.actor1, e.actor2) if a}


def test_a_target_or_place_modifying_the_event_noun_is_no_attacker() -> None:
    body = (
        "Investigators in Lagos searched the rubble after the U.S. Consulate bombing on "
        "Sunday, officials said."
    )
    evs = _events(body)
    assert evs and not any("Consulate" in a for a in _actors(evs))


def test_the_office_in_a_person_title_is_no_actor() -> None:
    body = (
        "British Secretary of Defence John Reid paid respects on Monday to bombing victims in "
        "Basra and pledged to catch the killers."
    )
    evs = _events(body)
    assert evs and not any("Defence" in a for a in _actors(evs))


def test_the_arrested_are_actor2_and_the_arrester_actor1() -> None:
    evs = _events(
        "Demonstrators were detained after they blocked the port gates in Lyon on Monday."
    )
    arrests = [e for e in evs if e.sub_event_type == "Arrests"]
    assert arrests
    assert all(
        not (e.actor1 or "").startswith(("Protesters", "Rioters", "Civilians")) for e in arrests
    )
    assert any((e.actor1 or "").startswith("Police Forces") for e in arrests)
    (ev,) = [
        e
        for e in _events(
            "Riot police in Lyon arrested dozens of protesters outside the court on Monday."
        )
        if e.sub_event_type == "Arrests"
    ]
    assert ev.actor1.startswith("Police Forces") and ev.actor2.startswith("Protesters")
