"""A parallel gathering (dateline.events.parallel): "Meanwhile in <town>, a few hundred <people>
<did something>" after a protest is another protest there."""

from __future__ import annotations

from event_pages import page_events

MARCH = (
    "Some 2,000 Tamils marched on Sunday in central Toronto to protest the shelling of "
    "civilians in Sri Lanka. "
)


def _events(body: str, published: str = "March 4, 2012") -> list:
    return page_events(body, published)


def test_a_crowd_meanwhile_elsewhere_after_a_protest_is_a_protest_there() -> None:
    evs = _events(
        MARCH + "Meanwhile in the capital, Ottawa, a few hundred Tamils laid flowers at the "
        "gate of the Sri Lankan High Commission."
    )
    places = {e.location: e for e in evs if e.sub_event_type == "Peaceful protest"}
    assert {"Toronto", "Ottawa"} <= set(places)
    assert places["Ottawa"].event_date == "2012-03-04"


def test_no_gathering_without_the_crowd_the_connective_or_a_protest_before() -> None:
    def ottawa(body: str) -> list:
        return [e for e in _events(body) if e.location == "Ottawa"]

    # one official is no crowd
    assert not ottawa(MARCH + "Meanwhile in the capital, Ottawa, the minister laid flowers.")
    # no connective of parallel news
    assert not ottawa(MARCH + "In the capital, Ottawa, a few hundred Tamils laid flowers.")
    # no protest told before
    assert not ottawa(
        "Tamil leaders met the premier on Sunday in central Toronto to discuss aid to Sri "
        "Lanka. Meanwhile in the capital, Ottawa, a few hundred Tamils laid flowers at the "
        "gate of the Sri Lankan High Commission."
    )
