"""Whole event records: every event dated and placed, never after its article's date."""

from __future__ import annotations

from dateline.pipeline import process_text

PAGE = """Gunmen kill villagers in central Nigeria

Published: December 12, 2016

JOS, Nigeria (AP) — Residents of Barkin Ladi in Plateau state have fled to the city of Jos after weeks of tension, local officials said.

Gunmen killed five villagers in an attack {when}, a police spokesman said.

The state governor has promised to send more police to the area.
"""


def _events(when: str) -> list:
    article = process_text(PAGE.format(when=when), uri="https://example.org/nigeria")
    assert article.published_date == "2016-12-12"
    return [e for e in article.events if e.fatalities == 5]


def test_event_without_a_place_in_its_sentence_takes_the_articles_main_place() -> None:
    (ev,) = _events("on Sunday night")
    assert ev.event_date == "2016-12-11" and ev.time_precision == 1
    assert ev.location == "Jos" and ev.geo_precision == 2
    assert ev.latitude is not None and ev.longitude is not None
    assert "place from the article's main place" in ev.notes


def test_no_event_is_dated_after_its_article() -> None:
    (ev,) = _events("in Barkin Ladi on December 20")
    assert ev.event_date == "2016-12-12" and ev.time_precision == 2
    assert "after the article's date" in ev.notes
    assert ev.location == "Barkin Ladi" and ev.geo_precision == 1
