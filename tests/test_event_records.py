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


def _dead(sentence: str) -> list[int]:
    page = (
        f"Bombing kills two\n\nPublished: December 12, 2016\n\n{sentence}\n\n"
        "Officials would not discuss a possible motive for the attack, and no group has said "
        "it was behind it. The investigation is continuing, a spokesman for the police said.\n"
    )
    article = process_text(page)
    assert article.rejection is None
    return [e.fatalities for e in article.events]


def test_the_dead_are_counted_from_the_syntax_when_no_figure_is_given() -> None:
    assert _dead(
        "A bomb explosion at a bank killed a police officer and a state bomb disposal "
        "technician, officials said Saturday."
    ) == [2]
    assert _dead("A car bomb killed 14 soldiers and a civilian in Kabul on Monday.") == [14]
    # a vague plural gives no figure; a negated death verb none at all
    assert _dead("A car bomb exploded in Kabul on Monday, killing soldiers.") == [0]
    assert _dead("A car bomb exploded in Kabul on Monday but did not kill anyone.") == [0]


def test_a_days_demonstration_is_one_event_a_riot_when_it_turned_violent() -> None:
    page = (
        "Greek police clash with protesters\n\nPublished: May 5, 2010\n\n"
        "Police fought running battles with protesters in central Athens on Wednesday as tens "
        "of thousands of people joined a general strike against austerity measures.\n\n"
        "The protesters threw stones at the police, who responded with tear gas, officials "
        "said. The government condemned the violence.\n"
    )
    article = process_text(page)
    athens = [e for e in article.events if e.location == "Athens"]
    # a clash with a crowd is a riot, not an armed clash; one event for the day and the town
    assert [(e.sub_event_type, e.event_date) for e in athens] == [
        ("Violent demonstration", "2010-05-05")
    ]
    assert "Protesters (Greece)" in (athens[0].actor1, athens[0].actor2)


def test_things_and_people_seized_are_not_territory() -> None:
    page = (
        "Arrest after office shooting\n\nPublished: April 10, 2007\n\n"
        "Police seized a shotgun and several shells from the suspect's car in Detroit on "
        "Monday, and the navy captured 23 pirates off the coast, officials said.\n\n"
        "Separately, militants seized the town of Baiji in Iraq on Monday, officials said. "
        "The investigation is continuing, a police spokesman said.\n"
    )
    article = process_text(page)
    territory = [e for e in article.events if "territory" in e.sub_event_type]
    assert [e.location for e in territory] == ["Baiji"]


def _subs(sentence: str) -> list[str]:
    page = (
        f"Headline\n\nPublished: April 10, 2007\n\n{sentence}\n\nThe investigation is "
        "continuing, a police spokesman said on Monday, and more details were expected.\n"
    )
    return [e.sub_event_type for e in process_text(page).events]


def test_shells_are_a_bombardment_only_when_fired() -> None:
    shelling = "Shelling/artillery/missile attack"
    assert shelling not in _subs("Police found a shotgun and three shells in Detroit on Monday.")
    assert _subs("Shells hit the town of Avdiivka on Monday, killing two civilians.") == [shelling]
    assert _subs("Rebels fired shells at Aleppo on Monday, killing three people.") == [shelling]
    assert shelling in _subs("Troops pounded Douma with shells on Monday, killing five people.")


def test_a_sea_is_a_place_and_people_captured_are_not_ground() -> None:
    page = (
        "Indian navy foils pirate attack\n\nPublished: December 14, 2008\n\n"
        "The Indian navy captured 23 Somali pirates who were trying to board a merchant vessel "
        "in the Gulf of Aden on Saturday, a navy spokesman said.\n\n"
        "The pirates were handed over to the authorities, and the investigation is continuing, "
        "officials said.\n"
    )
    article = process_text(page)
    gulf = [p for p in article.places if p.text == "Gulf of Aden"]
    assert gulf and gulf[0].feature == "region" and gulf[0].latitude is not None
    assert not [e for e in article.events if "territory" in e.sub_event_type]


def test_workers_shot_at_their_plant_are_civilians_attacked() -> None:
    subs = _subs(
        "The woman who allegedly shot three co-workers, killing two, at the Kraft plant in "
        "Philadelphia on Thursday night has been charged with murder, police said."
    )
    assert subs == ["Attack"]


def test_an_event_of_last_year_is_background_and_undated() -> None:
    """A trigger whose own time is a period vaguer than a month that ended before the article
    ("shot by police last year") is an older event: background, with no date, never the
    publication date."""
    from dateline.pipeline import process_text

    page = (
        "Unrest in Brooklyn\n\nPublished: March 13, 2013\n\n"
        "Hundreds of protesters marched through Brooklyn on Tuesday night, police said.\n\n"
        "On Tuesday, the protesters gathered at the vigil site where the parents of a teenager "
        "shot by police in the Bronx last year were waiting.\n"
    )
    article = process_text(page)
    by_trigger = {e.trigger_text: e for e in article.events}
    old = by_trigger["shot"]
    assert old.background and old.event_date is None
    assert "before the article" in old.notes
    news = by_trigger["marched"]
    assert news.event_date == "2013-03-12" and not news.background
