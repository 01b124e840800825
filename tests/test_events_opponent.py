"""The opposing-actor fill-in of a battle with one named side (dateline.events.stage): the
police are a state force, "Police Forces of <country>" in ACLED's form; they are the
opponent an armed group fought when they are the state force the article names, and never
have the military of their own country as their opponent."""

from __future__ import annotations

from event_pages import page_events


def _clashes(body: str) -> list[tuple[str | None, str | None]]:
    events = page_events(body, "May 3, 2016")
    return [(e.actor1, e.actor2) for e in events if e.sub_event_type == "Armed clash"]


def test_an_armed_group_fought_the_police_the_article_names() -> None:
    assert _clashes(
        "Taliban fighters clashed for hours in Kandahar on Monday. Police sealed off the area"
        " later."
    ) == [("Taliban", "Police Forces of Afghanistan")]


def test_the_police_never_fight_their_own_military() -> None:
    assert _clashes(
        "Police fought for hours in Kandahar on Monday. The army sent troops to the area later."
    ) == [("Police Forces of Afghanistan", None)]
