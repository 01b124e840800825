"""A period's statistic is no event of a day (dateline.events.aggregates): "one of N people
killed … this year", "the Nth person killed … this year"; the day's own killing, told beside
it, stays."""

from __future__ import annotations

from event_pages import page_events


def test_one_of_n_people_killed_so_far_this_year_is_no_event() -> None:
    events = page_events(
        "Scott is one of at least 707 people shot and killed by police so far this year in the"
        " United States.",
        "September 25, 2016",
    )
    assert events == []


def test_the_nth_person_killed_this_year_is_no_event() -> None:
    events = page_events(
        "He was the 500th person killed by police this year in Chicago.", "September 25, 2016"
    )
    assert events == []


def test_the_days_killing_beside_the_statistic_stays() -> None:
    events = page_events(
        "Police killed a man in Chicago on Monday. He was one of 90 people who have been"
        " killed since 2010 in the city.",
        "May 3, 2016",
    )
    assert [(e.event_date, e.sub_event_type, e.fatalities) for e in events] == [
        ("2016-05-02", "Attack", 1)
    ]


def test_a_rank_in_a_series_is_no_event_even_without_its_span() -> None:
    events = page_events(
        "Smith was the fourth person shot and killed by a police officer in the city.",
        "May 3, 2016",
    )
    assert events == []
