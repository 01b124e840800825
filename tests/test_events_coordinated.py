"""Coordinated places (dateline.events.coordinated): one trigger whose phrase names places of
two countries joined by "and" reports one event in each; a coordination elsewhere in the
sentence does not split it."""

from __future__ import annotations

from dateline.events.coordinated import coordinated, phrase_head
from dateline.language import nlp
from event_pages import page_events


def _events(body: str, published: str = "March 4, 2012") -> list:
    return page_events(body, published)


def test_coordination_is_read_where_the_branches_meet() -> None:
    doc = nlp.load()("Forces launched missile strikes against camps in Chad and a depot in Niger.")
    tok = {t.text: t for t in doc}
    assert phrase_head(tok["missile"]).text == "strikes"
    assert coordinated(tok["Chad"], tok["Niger"])
    doc = nlp.load()("Rebels seized Kidal after a year of setbacks in Mali and nearby Niger.")
    tok = {t.text: t for t in doc}
    assert not coordinated(tok["Kidal"], tok["Niger"])  # the "and" joins Mali and Niger only


def test_strikes_on_two_countries_are_two_events_without_a_shared_toll() -> None:
    evs = _events(
        "U.S. forces on Saturday launched cruise missile strikes against militant camps in "
        "Somalia and a weapons factory in Yemen, killing 30 people."
    )
    strikes = [e for e in evs if e.event_type == "Explosions/Remote violence"]
    assert sorted(e.country for e in strikes) == ["Somalia", "Yemen"]
    assert {e.event_date for e in strikes} == {"2012-03-03"}
    assert all(e.fatalities == 0 for e in strikes)  # 30 in both places: not shared out
    assert len({e.event_id for e in evs}) == len(evs)


def test_places_of_one_country_or_not_coordinated_stay_one_event() -> None:
    evs = _events(
        "Islamist militants seized the town of Kidal on Saturday after a year of setbacks in "
        "Mali and neighbouring Niger, officials said."
    )
    assert [e.country for e in evs if e.event_type != "Strategic developments"] == ["Mali"]


def test_a_country_of_the_phrase_that_became_the_articles_town_still_splits() -> None:
    evs = _events(
        "Terrorist bombings at the embassies in Kenya and Uganda blew apart buildings and "
        "buses on Friday.\n\nThe blast in Nairobi toppled a crowded building."
    )
    bombs = [e for e in evs if e.event_type == "Explosions/Remote violence" and e.sentence == 0]
    assert sorted(e.country for e in bombs) == ["Kenya", "Uganda"]
