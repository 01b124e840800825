"""Street and building toponyms (places/facilities.py): recognised and placed in benchmark mode."""

from __future__ import annotations

from dateline.language.parse import Parse
from dateline.places.stage import Places, recognise
from dateline.records import Article


def _article(text: str) -> Article:
    return Parse()(Article(text=text))


def test_streets_and_buildings_are_toponyms_when_asked() -> None:
    text = (
        "Police say the shooting happened on Dean Woods Road late Thursday. The victim was "
        "taken to Thomas Memorial Hospital in South Charleston. A reporter for The Wall Street "
        "Journal said traffic on Highway 403 was stopped."
    )
    art = _article(text)
    spans = {t.text: t.source for t in recognise(art, facilities=True)}
    assert spans["Dean Woods Road"] == "street"
    assert spans["Thomas Memorial Hospital"] == "building"
    assert spans["Highway 403"] == "street"
    assert not any("Wall Street" in s for s in spans)
    assert "Dean Woods Road" not in {t.text for t in recognise(art)}


def test_a_building_needs_a_locative_preposition_and_no_place_or_nationality_name() -> None:
    text = (
        "Mercy Hospital said it was ready. Aid came from the Iranian Red Crescent. She moved "
        "to College Station last year."
    )
    spans = {t.text: t.source for t in recognise(_article(text), facilities=True)}
    assert "Mercy Hospital" not in spans
    assert not any(s.startswith("Iranian Red") for s in spans)
    assert spans.get("College Station") != "building"


def test_buildings_take_the_place_that_follows_them() -> None:
    text = (
        "Police said the man was taken to Thomas Memorial Hospital in South Charleston, West "
        "Virginia."
    )
    places = {p.text: p for p in Places(fallback_to_focus=True)(_article(text)).places}
    thomas, charleston = places["Thomas Memorial Hospital"], places["South Charleston"]
    assert (thomas.latitude, thomas.longitude) == (charleston.latitude, charleston.longitude)
    # the production stage (no fall-back to the focus) keeps only gazetteer places
    plain = {p.text for p in Places()(_article(text)).places}
    assert "Thomas Memorial Hospital" not in plain and "South Charleston" in plain
