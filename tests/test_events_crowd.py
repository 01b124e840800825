"""Who did it when the subject is a collective noun ("a group of gunmen"), and the actors of an
event the learned typer moved to a demonstration (dateline.events.crowd): the crowd is actor1,
never the state forces that faced it, and an opponent guessed for a side nobody names never
stands as the doer."""

from __future__ import annotations

from dateline.events.crowd import crowd_actors
from dateline.records import Event, Span
from event_pages import page_events


def _told(sentence: str, word: str) -> list[Event]:
    """The events of ``sentence`` (with ``word``) on a page that tells of an Athens riot."""
    events = page_events(
        f"Police fought protesters in Athens on Wednesday.\n\n{sentence}", "May 5, 2010"
    )
    told = [e for e in events if e.evidence_text and word in e.evidence_text]
    assert told, [e.evidence_text for e in events]
    return told


def test_a_group_of_gunmen_are_the_attackers_not_the_police() -> None:
    station = _told(
        "A group of gunmen attacked a police station in Athens on Tuesday, killing two officers.",
        "gunmen",
    )
    assert station[0].actor1 == "Unidentified Armed Group (Greece)"
    assert station[0].actor2 == "Police Forces of Greece"


def test_an_unnamed_crowd_storming_a_site_is_no_police_action() -> None:
    storm = _told(
        "A group of about 200 communists had stormed the Athens Acropolis on Tuesday, unfurling"
        ' banners reading "Rise Up."',
        "Acropolis",
    )
    assert all(e.actor1 != "Police Forces of Greece" for e in storm)
    assert all(e.actor1 in (None, "Rioters (Greece)", "Protesters (Greece)") for e in storm)


def _retyped(
    sub: str, actor1: str | None, actor2: str | None = None, before: str = "Armed clash"
) -> Event:
    """An event the typer moved from ``before`` to ``sub``, after :func:`crowd_actors`."""
    ev = Event(
        event_id="",
        event_date=None,
        evidence=Span(start=0, end=1),
        evidence_text=".",
        sentence=0,
        event_type="Riots",
        sub_event_type=sub,
        actor1=actor1,
        inter1=1 if actor1 and "Forces" in actor1 else 2,
        actor2=actor2,
        inter2=1 if actor2 and "Forces" in actor2 else None,
        country="Greece",
    )
    crowd_actors(ev, before)
    return ev


def test_the_state_force_of_a_retyped_riot_faces_the_crowd() -> None:
    ev = _retyped("Violent demonstration", "Police Forces of Greece")
    assert (ev.actor1, ev.inter1, ev.actor2, ev.inter2) == (
        "Rioters (Greece)",
        5,
        "Police Forces of Greece",
        1,
    )
    assert ev.interaction == 15


def test_a_peaceful_protest_has_no_second_actor() -> None:
    ev = _retyped("Peaceful protest", "Police Forces of Greece")
    assert (ev.actor1, ev.actor2) == ("Protesters (Greece)", None)


def test_a_named_group_keeps_leading_and_rule_demonstrations_are_untouched() -> None:
    assert _retyped("Violent demonstration", "Golden Dawn").actor1 == "Golden Dawn"
    # the rules' own demonstration: their actors stand
    ev = _retyped("Violent demonstration", "Police Forces of Greece", before="Peaceful protest")
    assert ev.actor1 == "Police Forces of Greece"
