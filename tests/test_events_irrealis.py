"""Outcomes sought, not reported (dateline.events.irrealis): a reward for information leading to
an arrest, a call for an arrest, are no Arrests events; a past "led to the arrest" is one."""

from __future__ import annotations

from dateline.events.irrealis import sought
from dateline.language.parse import ensure_doc
from event_pages import page, page_events


def test_what_makes_an_event_noun_sought() -> None:
    art = page(
        "The government is offering a reward of up to $5 million for information that leads to"
        " the arrest and conviction of the bomber.\n\n"
        "Opposition leaders in Lagos called for the arrest of the governor on Monday.\n\n"
        "The fighting in Kano on Sunday led to the arrest of 20 people, police said.",
        "September 20, 2016",
    )
    toks = [t for t in ensure_doc(art) if t.lower_ in ("arrest", "conviction")]
    assert [sought(t) for t in toks] == [True, True, True, False]


def test_no_arrest_event_for_a_reward_or_a_call() -> None:
    events = page_events(
        "Police in Lagos are offering a reward for information leading to the arrest and"
        " conviction of the gunmen.\n\n"
        "Protesters in Lagos called for the arrest of the governor on Monday.",
        "September 20, 2016",
    )
    assert not [e for e in events if e.sub_event_type == "Arrests"]


def test_a_reported_arrest_stays() -> None:
    events = page_events(
        "Police in Lagos arrested 20 protesters on Monday after the demonstrators blocked a road.",
        "September 20, 2016",
    )
    assert [e.sub_event_type for e in events if e.sub_event_type == "Arrests"] == ["Arrests"]
