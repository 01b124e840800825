"""A death presumed or feared is no counted death (dateline.events.presumed): neither the
syntax count of the dead nor a figure counts it; a reported death still counts."""

from __future__ import annotations

from dateline.events.death_count import deadly
from dateline.language.nlp import load
from event_pages import page_events


def test_feared_killed_is_no_toll() -> None:
    events = page_events(
        "Three fishermen are feared killed after gunmen attacked their boat near Lagos on Monday.",
        "May 3, 2016",
    )
    assert [e.fatalities for e in events if e.trigger_text == "attacked"] == [0]
    events = page_events(
        "Three fishermen were killed after gunmen attacked their boat near Lagos on Monday.",
        "May 3, 2016",
    )
    assert [e.fatalities for e in events if e.trigger_text == "attacked"] == [3]


def test_kidnapped_and_presumed_killed_is_no_death() -> None:
    doc = load()(
        "He sent a team to recover the remains of a British expert kidnapped and presumed"
        " killed by Khmer Rouge guerrillas two years ago."
    )
    assert not any(deadly(t) for t in doc if t.lower_ == "killed")
    doc = load()("A British expert was kidnapped and killed by Khmer Rouge guerrillas.")
    assert any(deadly(t) for t in doc if t.lower_ == "killed")
