"""English-phrase alternate names (calques) and the country-bound fallback focus."""

from __future__ import annotations

from dateline.places.stage import Toponym, resolve


def _tops(text: str, names: list[str]) -> list[Toponym]:
    out, pos = [], 0
    for n in names:
        s = text.index(n, pos)
        out.append(Toponym(s, s + len(n), n))
        pos = s + len(n)
    return out


def test_white_house_is_no_casablanca() -> None:
    # GeoNames lists "White House" among Casablanca's alternate names (Dar el Beida)
    text = "Officials at the White House in Washington said the president would travel."
    wh, wash = resolve(_tops(text, ["White House", "Washington"]), text, fallback_to_focus=True)
    assert wh is not None and wash is not None
    assert wh.country_code == "US"
    assert (wh.latitude, wh.longitude) == (wash.latitude, wash.longitude)


def test_fallback_focus_stays_in_the_focus_country() -> None:
    text = "Syria said Syria and Syria would meet in Moscow after shelling on Zqarn Street."
    tops = _tops(text, ["Syria", "Syria", "Syria", "Moscow"])
    s = text.index("Zqarn Street")
    tops.append(Toponym(s, s + len("Zqarn Street"), "Zqarn Street", "street"))
    places = resolve(tops, text, fallback_to_focus=True)
    street = places[-1]
    assert places[3] is not None and places[3].country_code == "RU"
    assert street is not None and street.country_code == "SY"
