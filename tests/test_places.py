"""dateline.places.v1 and the gazetteer: abbreviations, demonyms, focus disambiguation."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.language.parse import Parse
from dateline.places import build as gz_build
from dateline.places import gazetteer as gz
from dateline.places.stage import GeoContext, Places, Toponym, geocode, recognise, resolve
from dateline.records import Article


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
    from dateline.pages.textpage import TextPage  # type: ignore[attr-defined]

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


def test_admin1_points_near_geonames(gaz: gz.Gazetteer) -> None:
    # GeoNames' own ADM1 points where populated places crowd one edge of a large area
    for name, cc, lat, lon in (
        ("Texas", "US", 31.25, -99.25),
        ("Queensland", "AU", -20.0, 145.0),
        ("Ontario", "CA", 49.25, -84.5),
    ):
        ent = next(e for e in gaz.lookup(name) if e.feature == "admin1" and e.country_code == cc)
        assert gz.distance_km(ent.latitude, ent.longitude, lat, lon) < 50
    # areas without a listed point: extent midpoint when large, median place when small
    lat, lon = gz_build._area_point([0.0, 0.1, 0.2, 10.0], [0.0, 0.1, 0.2, 10.0])
    assert (lat, lon) == (5.0, 5.0)
    lat, lon = gz_build._area_point([0.0, 0.1, 0.2, 0.5], [0.0, 0.1, 0.2, 0.5])
    assert lat == pytest.approx(0.15) and lon == pytest.approx(0.15)
    # generic or adjectival short forms keep the full name
    assert gz.admin_short_name("Northern Territory") == "Northern Territory"
    assert gz.admin_short_name("Australian Capital Territory") == "Australian Capital Territory"


def test_demonyms_beat_small_homonyms() -> None:
    # "Canadian" and "Spanish" are also small towns: the nationality is the reading
    canadian = geocode("Canadian", "Canadian officials met in Ottawa.")
    assert canadian is not None and canadian.feature == "country"
    assert canadian.country_code == "CA"
    english = geocode("English", "English fans travelled.")
    assert english is not None and english.feature == "admin1" and english.admin1 == "England"
    iowans = geocode("Iowans")
    assert iowans is not None and iowans.feature == "admin1" and iowans.country_code == "US"


def test_regions_and_large_cities_beat_local_homonyms() -> None:
    text = "Officials in Kentucky and Ohio said the deal with London and Rome was a first."
    places = resolve([Toponym(52, 58, "London"), Toponym(63, 67, "Rome")], text)
    assert [p.country_code if p else None for p in places] == ["GB", "IT"]
    # a constraint still wins: "London, Ky."
    place = resolve([Toponym(10, 16, "London")], "Police in London, Ky., said it was closed.")[0]
    assert place is not None and place.country_code == "US" and place.admin1 == "Kentucky"
    me = geocode("Middle East", "Texas oil firms eye the Middle East.")
    assert me is not None and me.feature == "region"
    eu = geocode("EU", "French farmers and EU officials met.")
    assert eu is not None and eu.feature == "continent"


def test_recognise_datelines_and_embedded_places() -> None:
    art = _article(
        "Some headline here\nBEIRUT — Officials said Tamil Nadu and Karnataka disagree.\n"
        "The Bank of Zimbabwe and the Hungarian Prime Minister spoke."
    )
    spans = {t.text for t in recognise(art)}
    assert {"BEIRUT", "Tamil Nadu", "Karnataka"} <= spans
    assert "Zimbabwe" not in spans and "Hungarian" not in spans
    spans = {t.text: t for t in recognise(art, demonyms=True, embedded=True)}
    assert {"Zimbabwe", "Hungarian"} <= set(spans)
    assert spans["Hungarian"].source == "demonym"
    assert "The" not in spans and "Bank" not in spans


def test_a_name_modifying_a_common_noun_is_not_a_place() -> None:
    art = _article(
        "Protesters threw Molotov cocktails at a bank in Athens, and a bomb went off "
        "near the Kabul airport."
    )
    spans = {t.text for t in recognise(art)}
    assert "Molotov" not in spans  # a weapon named after a man, not the Russian town
    assert {"Athens", "Kabul"} <= spans  # a large city before a noun is still a place


def test_a_nationality_modifying_a_noun_is_the_nationality() -> None:
    # "Somali" is also an Ethiopian region, "Thai" a town's name: here both are adjectives
    art = _article("Somali pirates seized a Thai fishing trawler off Somalia on Sunday.")
    spans = {t.text for t in recognise(art)}
    assert "Somali" not in spans and "Thai" not in spans
    assert "Somalia" in spans


def test_a_named_persons_surname_is_not_a_namesake_town() -> None:
    art = _article(
        "Two managers, Paul Riva and Alan Steinberg, were wounded in Troy, Michigan. "
        "Riva had not yet regained consciousness, and Riva's family asked for privacy."
    )
    spans = [t.text for t in recognise(art)]
    assert "Riva" not in spans and "Troy" in spans


def _resolved(text: str, names: list[str]) -> list[tuple[str, str, str | None, str | None]]:
    tops = [Toponym(text.index(n), text.index(n) + len(n), n) for n in names]
    return [
        (p.name, p.feature, p.country_code, p.admin1) if p else ("", "", None, None)
        for p in resolve(tops, text)
    ]


def test_counties_and_containment() -> None:
    # alone, Athens is the Greek capital; beside the county that holds it, Athens, Georgia
    assert _resolved("The Athens council met.", ["Athens"])[0][2] == "GR"
    text = "Officials in Clarke County said the Athens council met."
    assert _resolved(text, ["Clarke County", "Athens"]) == [
        ("Clarke County", "admin2", "US", "Georgia"),
        ("Athens", "city", "US", "Georgia"),
    ]
    # a county with namesakes is the one that holds the place the article names
    assert _resolved("Clarke County deputies said.", ["Clarke County"])[0][3] == "Georgia"
    text = "Clarke County deputies in Grove Hill said."
    assert _resolved(text, ["Clarke County", "Grove Hill"])[0][3] == "Alabama"
    assert _resolved("PLYMOUTH CO. — The board met.", ["PLYMOUTH CO."])[0][:2] == (
        "Plymouth County",
        "admin2",
    )


def test_written_abbreviations_and_province_names() -> None:
    text = "He moved from Joplin, Mo., last year."
    assert _resolved(text, ["Mo."])[0][:2] == ("Missouri", "admin1")
    assert _resolved("Farmers in Zhejiang.", ["Zhejiang"])[0][:2] == ("Zhejiang", "admin1")


def test_admin1_name_that_is_a_large_city_elsewhere_is_no_admin1_evidence() -> None:
    assert not GeoContext.build("Lawmakers in Washington voted.", ["Washington"]).admin1
    assert GeoContext.build("Rain fell across Florida.", ["Florida"]).admin1 == {("US", "FL"): 1.0}


def test_a_name_both_country_and_state_shares_its_evidence() -> None:
    # "Georgia" is the country or the US state: Athens beside it can be Athens, Georgia
    assert _resolved("The Athens council in Georgia met.", ["Athens", "Georgia"])[0][2:] == (
        "US",
        "Georgia",
    )
    assert _resolved("Tbilisi, the capital of Georgia.", ["Georgia"])[0][2] == "GE"


def test_a_small_town_named_with_its_state_is_a_place() -> None:
    art = _article("Lucy Lau was born in Churchill, Man. her parents did not know.")
    assert [t.text for t in recognise(art)] == ["Churchill", "Man."]


def _tops(text: str, *names: str) -> list[Toponym]:
    return [Toponym(text.index(n), text.index(n) + len(n), n) for n in names]


def test_town_unknown_in_its_county_is_read_as_the_county() -> None:
    # the gazetteer has no Wellington in Somerset: the qualifying county, not New Zealand
    text = "Flooding hit Wellington, Somerset, on Monday, the council said."
    town, county = resolve(_tops(text, "Wellington", "Somerset"), text)
    assert town is not None and county is not None
    assert town.country_code == "GB" and town.feature == "admin2"
    assert (town.latitude, town.longitude) == (county.latitude, county.longitude)
    # a known town inside its qualifier keeps its own reading
    text = "Police in London, Ky., said the road was closed."
    (london,) = resolve(_tops(text, "London"), text)
    assert london is not None and london.feature == "city" and london.admin1 == "Kentucky"


@pytest.mark.parametrize(
    ("text", "name", "cc"),
    [
        ("Storms hit Utah, Colorado, and Idaho on Sunday.", "Utah", "US"),
        ("Fans in Barcelona, Liverpool have gained a lot.", "Barcelona", "ES"),
        ("Wellington, Somerset and Devon were flooded.", "Wellington", "NZ"),
    ],
)
def test_list_or_clause_after_a_comma_is_no_qualifier(text: str, name: str, cc: str) -> None:
    (place,) = resolve(_tops(text, name), text)
    assert place is not None and place.country_code == cc


def test_a_settlement_noun_names_the_place_after_it() -> None:
    # spaCy labels "Niquero" ORG here; "the community of" says it is a place
    text = (
        "The demonstrators waved Cuban flags on the shore of the community of Niquero, where "
        "the yacht landed in 1956."
    )
    places = {p.text: p for p in Places()(_article(text)).places}
    assert places["Niquero"].country == "Cuba"
