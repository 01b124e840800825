"""Place syntax: capital datelines, common-word names in place syntax, codes in names."""

from __future__ import annotations

from dateline.language.parse import Parse
from dateline.places.stage import Places, recognise
from dateline.records import Article

_PARSE = Parse()


def _names(text: str, **kw: bool) -> list[str]:
    art = _PARSE(Article(id="t", text=text))
    return [t.text for t in recognise(art, **kw)]


def test_capital_dateline_after_a_headline_and_a_common_word_dateline() -> None:
    # a dateline after a headline on the same line, and one whose name is a common word
    text = (
        "Mason charged with assault. BANTAM — A stonework mason was charged on Monday.\n"
        "VICTORIA - The home of a family was searched by officers on Tuesday."
    )
    names = _names(text)
    assert "BANTAM" in names
    assert "VICTORIA" in names


def test_unknown_capital_dateline_falls_back_to_the_focus() -> None:
    text = (
        "ZQARNABAD — Officials in Pakistan said on Monday that Lahore would host talks.\n"
        "UPDATE — The talks were delayed, an update said."
    )
    names = _names(text, facilities=True)
    assert "ZQARNABAD" in names and "UPDATE" not in names
    art = Places(fallback_to_focus=True)(_PARSE(Article(id="t", text=text)))
    place = next(p for p in art.places if p.text == "ZQARNABAD")
    assert place.country_code == "PK"


def test_common_word_country_in_place_syntax() -> None:
    text = (
        "Gunmen attacked police in central Jordan on Sunday. A second attack hit the city "
        "of Irbid, Jordan, in March. Michael Jordan watched the game."
    )
    starts = [t.start for t in recognise(_PARSE(Article(id="t", text=text)))]
    assert text.index("Jordan on Sunday") in starts
    assert text.index("Jordan, in March") in starts
    assert text.index("Jordan watched") not in starts


def test_codes_and_corporate_suffixes_are_no_places() -> None:
    # "Cup" is an alternate name (airport code) of Carúpano, "Inc." one of Yinchuan, "BA" of
    # Bath; "UAE" is its country's initials
    text = (
        "He won the Dubai World Cup for Apple Inc. and holds a BA from the college. "
        "Trade with the UAE grew."
    )
    names = _names(text, embedded=True, demonyms=True)
    assert "Cup" not in names and "Inc." not in names and "BA" not in names
    assert "UAE" in names


def test_a_city_part_named_by_its_compass_point_is_the_city() -> None:
    """ "Northeast Philadelphia" is Philadelphia; names the gazetteer knows whole stay
    themselves, and a region's part or a small town's word is no such reading."""
    art = _PARSE(
        Article(
            id="t",
            text="A woman opened fire at a plant in Northeast Philadelphia on Monday. Police"
            " searched homes in South Los Angeles and in East London, South Africa, and a"
            " reporter in South Florida said it had left the West Wing.",
        )
    )
    places = {p.text: p for p in Places()(art).places}
    assert places["Northeast Philadelphia"].name == "Philadelphia"
    assert places["South Los Angeles"].name == "Los Angeles"
    assert places["East London"].name == "East London"
    assert "West Wing" not in places
    assert "South Florida" not in places or places["South Florida"].country_code == "US"


def test_an_event_in_a_city_part_is_located_in_the_city() -> None:
    from event_pages import page_events

    events = page_events(
        "A woman opened fire at the Kraft Foods plant in Northeast Philadelphia on Thursday,"
        " killing two co-workers.",
        "September 10, 2010",
    )
    assert [e.location for e in events] == ["Philadelphia"]
