"""Who tells of an event is its source, not its doer (dateline.events.reporters): the subject
of a reporting verb whose complement holds the event is never the event's actor1 by the
nearest-actor fall-back."""

from __future__ import annotations

from event_pages import page_events


def test_police_who_report_a_bombing_did_not_bomb() -> None:
    events = page_events(
        "Police said the bombing killed three people in Kabul on Monday.", "May 3, 2016"
    )
    bombing = [e for e in events if e.trigger_text == "bombing"]
    assert len(bombing) == 1
    assert bombing[0].actor1 is None
    assert bombing[0].fatalities == 3


def test_a_doer_named_in_the_reported_clause_stays() -> None:
    events = page_events(
        "The Taliban said their bombing killed three soldiers in Kabul on Monday.", "May 3, 2016"
    )
    assert [e.actor1 for e in events if e.trigger_text == "bombing"] == ["Taliban"]
    events = page_events(
        "Officials in Kabul said police raided a house in the city on Monday.", "May 3, 2016"
    )
    assert [e.actor1 for e in events if e.trigger_text == "raided"] == [
        "Police Forces of Afghanistan"
    ]


def test_a_speaker_who_reports_its_own_deed_is_its_doer() -> None:
    events = page_events(
        "The Indian navy said it arrested 23 pirates in the Gulf of Aden on Saturday.",
        "December 14, 2008",
    )
    assert [e.actor1 for e in events if e.trigger_text == "arrested"] == [
        "Military Forces of India"
    ]


def test_violence_told_by_a_speaker_who_names_no_doer_is_kept() -> None:
    """Once the speaker is set aside the clause names nobody: the attack is still the event
    (an unidentified armed group's, ACLED's form), neither dropped nor the speaker's."""
    events = page_events(
        "Police said at least three people, a man and two women, were killed in the fire-bomb "
        "attack on a bank in Athens on Wednesday.",
        "May 5, 2010",
    )
    attack = [e for e in events if e.trigger_text == "attack"]
    assert len(attack) == 1
    assert attack[0].actor1 == "Unidentified Armed Group (Greece)"
    assert attack[0].actor2 != "Police Forces of Greece"  # no foe guessed: the speaker again
    assert attack[0].event_type == "Violence against civilians"
    assert attack[0].fatalities == 3
    events = page_events(
        "Police said two men were killed in the attack on a cafe in Athens on Monday.",
        "May 5, 2010",
    )
    assert [e.actor1 for e in events if e.trigger_text == "attack"] == [
        "Unidentified Armed Group (Greece)"
    ]
