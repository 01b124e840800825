"""A war's cumulative toll (dateline.events.tolls) is no event of the article's day and no
fatality figure of the day's event."""

from __future__ import annotations

from dateline.events.tolls import cumulative
from dateline.language.parse import ensure_doc
from event_pages import page, page_events


def test_what_makes_a_clause_a_cumulative_toll() -> None:
    art = page(
        "The war in Syria has killed more than 300,000 people since 2011.\n\n"
        "Government forces shelled Aleppo on Saturday and killed ten people.",
        "September 25, 2016",
    )
    kills = [t for t in ensure_doc(art) if t.lower_ == "killed"]
    assert [cumulative(t) for t in kills] == [True, False]


def test_a_war_toll_is_no_event() -> None:
    events = page_events(
        "The conflict in Yemen has killed more than 10,000 civilians, the UN said on Monday.\n\n"
        "Boko Haram's insurgency has killed 20,000 people and displaced millions in Nigeria.",
        "September 25, 2016",
    )
    assert not events


def test_the_days_event_keeps_its_own_toll() -> None:
    events = page_events(
        "The insurgency, which has killed more than 20,000 people since 2009, continued on"
        " Monday when Boko Haram fighters attacked the town of Dikwa in Borno state.",
        "September 25, 2016",
    )
    assert events and all(e.fatalities != 20000 for e in events)
