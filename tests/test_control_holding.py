"""The start of a holding told as its length ("the militants had spent 10 months in Palmyra"),
counted back from the change that ended it, begins the first period of a control timeline."""

from __future__ import annotations

from dateline.corpus.control import control_timeline
from event_pages import page_events

NSA = "Non-state actor overtakes territory"
GOV = "Government regains territory"
BODY = (
    "Islamic State militants attacked Palmyra on Saturday for the first time since they were "
    "expelled by Syrian forces nine months ago.\n\n"
    "The militants had spent 10 months in Palmyra, during which they dynamited temples."
)


def test_stated_length_dates_the_start_of_the_holding() -> None:
    events = page_events(BODY, "2016-12-12")
    regain = [e for e in events if e.sub_event_type == GOV]
    assert len(regain) == 1 and regain[0].event_date == "2016-03-15"
    start = [e for e in events if e.sub_event_type == NSA and e.background]
    assert len(start) == 1
    s = start[0]
    assert s.event_date == "2015-05-15" and s.time_precision == 3
    assert s.actor1 == regain[0].actor2 and s.location == "Palmyra"
    periods = [(p.holder, p.since, p.until) for p in control_timeline(events, "Palmyra").periods]
    assert (s.actor1, "2015-05-15", "2016-03-15") in periods


def test_no_holding_without_a_stated_length_or_a_matching_holder() -> None:
    vague = BODY.replace("10 months", "a few months")
    assert not [e for e in page_events(vague, "2016-12-12") if e.sub_event_type == NSA]
    other = BODY.replace("The militants had", "Tourists had")
    assert not [e for e in page_events(other, "2016-12-12") if e.sub_event_type == NSA]
