"""A wire report's undated lead and the sentence that dates its event (dateline.events.lead):
one event of the article, at the stated date."""

from __future__ import annotations

from dateline.events.lead import same_day, take_stated_date
from dateline.pipeline import process_text
from dateline.records import Event, Span
from event_pages import PAGE


def _ev(day: str, tp: int, note: str = "") -> Event:
    return Event(
        event_id="",
        event_date=day,
        time_precision=tp,
        event_type="Explosions/Remote violence",
        sub_event_type="Remote explosive/landmine/IED",
        evidence=Span(start=0, end=1),
        evidence_text="x",
        sentence=0,
        notes=f"On {day}: x{note}",
    )


def test_same_day_only_for_a_publication_date_and_a_day_of_the_week_before() -> None:
    pub = _ev("1998-08-08", 2, " [date from the publication date]")
    assert same_day(pub, _ev("1998-08-07", 1))
    assert same_day(_ev("1998-08-01", 1), pub)  # seven days before
    assert not same_day(pub, _ev("1998-07-31", 1))  # eight
    assert not same_day(pub, _ev("1998-08-09", 1))  # after the article
    assert not same_day(_ev("1998-08-08", 1), _ev("1998-08-07", 1))  # two stated dates
    take_stated_date(pub, _ev("1998-08-07", 1))
    assert (pub.event_date, pub.time_precision) == ("1998-08-07", 1)


def test_an_undated_lead_and_its_dated_account_are_one_event() -> None:
    article = process_text(
        PAGE.format(
            published="August 8, 1998",
            body=(
                "Car bombings at two churches in Kaduna blew apart buildings and buses, "
                "trapping people under slabs of concrete.\n\nThe car bombings in Kaduna "
                "occurred minutes apart on Friday morning, witnesses said."
            ),
        )
    )
    bombs = [e for e in article.events if e.event_type == "Explosions/Remote violence"]
    assert [(e.event_date, e.time_precision) for e in bombs] == [("1998-08-07", 1)]
