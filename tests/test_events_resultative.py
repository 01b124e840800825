"""A verb of violence whose result is death counts its victims (dateline.events.resultative):
"gunmen shot dead two soldiers" counts two dead, as "two soldiers were shot dead" does; a
death sentence is no death."""

from __future__ import annotations

from dateline.events.death_count import deadly
from dateline.events.resultative import killed_by_result
from dateline.language.nlp import load
from event_pages import page_events


def test_shot_dead_two_soldiers_counts_two() -> None:
    events = page_events("Gunmen shot dead two soldiers in Maiduguri on Monday.", "May 3, 2016")
    assert [(e.trigger_text, e.fatalities) for e in events] == [("shot", 2)]
    events = page_events(
        "Two soldiers were shot dead by gunmen in Maiduguri on Monday.", "May 3, 2016"
    )
    assert [(e.trigger_text, e.fatalities) for e in events] == [("shot", 2)]


def test_to_death_is_a_killing_but_a_death_sentence_is_not() -> None:
    nlp = load()
    doc = nlp("The mob beat the two men to death near the market.")
    beat = next(t for t in doc if t.lower_ == "beat")
    assert killed_by_result(beat) and deadly(beat)
    doc = nlp("The court sentenced the two men to death on Monday.")
    assert not any(deadly(t) for t in doc)
    doc = nlp("Three fishermen were feared dead after the storm.")
    assert not any(killed_by_result(t) for t in doc)
