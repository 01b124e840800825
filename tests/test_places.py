"""dateline.places.v1 and the gazetteer: abbreviations, demonyms, focus disambiguation."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline import gazetteer as gz
from dateline.records import Article
from dateline.stages.parse import Parse
from dateline.stages.places import GeoContext, Places, Toponym, geocode, recognise, resolve


@pytest.fixture(scope="module")
def gaz() -> gz.Gazetteer:
    return gz.load()


def _article(text: str, **meta: object) -> Article:
    return Parse()(Article(text=text, **meta))  # type: ignore[arg-type]


def test_normalize_keys() -> None:
    assert gz.normalize("W.Va.") == "wva"
    assert gz.normalize("Ḩimş") == "hims"
    assert gz.normalize("the Netherlands") == "netherlands"
    assert gz.normalize("St. Louis") == "saint louis"
    assert gz.admin_short_name("Homs Governorate") == "Homs"


def test_alternate_names_and_admin1(gaz: gz.Gazetteer) -> None:
    palmyra = {gaz.entry(i).name for i in gaz.candidates("Palmyra")}
    assert "Tadmur" in palmyra
    homs = [e for e in gaz.lookup("Homs Province")]
    assert homs and homs[0].feature == "admin1" and homs[0].country_code == "SY"
    assert gaz.admin1_name("SY", homs[0].admin1_code) == "Homs"


def test_abbreviations(gaz: gz.Gazetteer) -> None:
    wva = gaz.abbreviation("W.Va.")
    cal = gaz.abbreviation("Calif.")
    assert wva is not None and gaz.entry(wva).name == "West Virginia"
    assert cal is not None and gaz.entry(cal).name == "California"
    us = gaz.abbreviation("U.S.")
    assert us is not None and gaz.entry(us).feature == "country"
    assert gaz.is_not_place("U.N.")
    assert gaz.demonym("Syrian") == "SY" and gaz.demonym("Syrians") == "SY"


def test_palmyra_by_country_focus() -> None:
    text = "Syrian troops fled Palmyra as fighting spread toward Homs and Damascus in Syria."
    tops = [Toponym(19, 26, "Palmyra"), Toponym(54, 58, "Homs"), Toponym(63, 71, "Damascus")]
    places = resolve(tops, text)
    palmyra = places[0]
    assert palmyra is not None
    assert palmyra.name == "Tadmur" and palmyra.country_code == "SY"
    assert palmyra.admin1 == "Homs"
    assert palmyra.latitude == pytest.approx(34.56, abs=0.05)
    assert palmyra.longitude == pytest.approx(38.27, abs=0.05)
    assert places[2] is not None and places[2].country_code == "SY"


def test_us_state_focus_beats_population() -> None:
    text = "Police in Palmyra, N.Y., said the road near Rochester was closed."
    place = resolve([Toponym(10, 17, "Palmyra")], text)[0]
    assert place is not None and place.country_code == "US" and place.admin1 == "New York"
    place = geocode("Springfield", "Springfield, Ill. — the state capital of Illinois.")
    assert place is not None and place.admin1 == "Illinois"


def test_country_focus_context_object(gaz: gz.Gazetteer) -> None:
    ctx = GeoContext.build("Syrian and Russian forces advanced.", [], gaz=gaz)
    assert ctx.countries["SY"] > 0 and ctx.countries["RU"] > 0
    place = geocode("Palmyra", ctx)
    assert place is not None and place.country_code == "SY"
    assert geocode("Xqzzyville") is None


def test_demonyms_are_not_toponyms_by_default() -> None:
    art = _article("Syrian officials met Iraqi envoys in Baghdad on Sunday.")
    out = Places()(art)
    texts = [p.text for p in out.places]
    assert "Syrian" not in texts and "Iraqi" not in texts
    assert "Baghdad" in texts
    baghdad = out.places[texts.index("Baghdad")]
    assert baghdad.country_code == "IQ" and baghdad.sentence == 0
    # benchmark mode: adjectival toponyms resolve to their country
    art2 = _article("Syrian officials met Iraqi envoys in Baghdad on Sunday.")
    out2 = Places(demonyms=True)(art2)
    syrian = [p for p in out2.places if p.text == "Syrian"]
    assert syrian and syrian[0].feature == "country" and syrian[0].country_code == "SY"


def test_recognise_mislabelled_places_and_abbreviations() -> None:
    art = _article(
        "Fighting raged around Palmyra and in Aleppo, while a man was arrested in "
        "Charleston, W.Va., and the U.N. condemned the attack."
    )
    spans = {t.text for t in recognise(art)}
    assert {"Palmyra", "Aleppo", "W.Va."} <= spans
    assert "U.N." not in spans
    places = {p.text: p for p in Places()(art).places}
    assert places["W.Va."].feature == "admin1"
    assert places["Charleston"].admin1 == "West Virginia"


def test_seed_page(seed_path: Path) -> None:
    from dateline.stages.textpage import TextPage  # type: ignore[attr-defined]

    art = Article.from_raw(seed_path.read_text(encoding="utf-8"))
    art = Places()(Parse()(TextPage()(art)))
    by_text: dict[str, list] = {}
    for p in art.places:
        by_text.setdefault(p.text, []).append(p)
    for p in by_text["Palmyra"]:
        assert p.name == "Tadmur" and p.country_code == "SY" and p.admin1 == "Homs"
        assert abs(p.latitude - 34.56) < 0.1 and abs(p.longitude - 38.27) < 0.1
        assert p.sentence is not None
    assert len(by_text["Palmyra"]) >= 5
    for name in ("Aleppo", "Damascus"):
        assert by_text[name][0].country_code == "SY" and by_text[name][0].feature == "city"
    for name, cc in (("Iraq", "IQ"), ("Saudi Arabia", "SA"), ("Qatar", "QA"), ("Syria", "SY")):
        assert by_text[name][0].feature == "country" and by_text[name][0].country_code == cc
    assert by_text["Homs Province"][0].feature == "admin1"
    assert by_text["Homs Province"][0].admin1 == "Homs"
    assert "Syrian" not in by_text
