"""The event index's place key: the SQL filter keeps every pair ``places_compatible`` accepts."""

from __future__ import annotations

from typing import Any

import duckdb
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.corpus import place_key
from dateline.corpus.merge import places_compatible
from dateline.records import Event
from test_merge import PALMYRA, PALMYRA_XY, ev


def _ev(**place: Any) -> Event:
    """An event with only the place fields given (the others None)."""
    return ev(**{**dict.fromkeys([*PALMYRA, *PALMYRA_XY]), **place})


def _pairs_kept(events: list[Event]) -> set[tuple[int, int]]:
    """The (i, j) pairs the SQL condition keeps."""
    cols: dict[str, list[Any]] = {name: [] for name in ("n", *place_key.COLUMNS)}
    for n, e in enumerate(events):
        cols["n"].append(n)
        for name, value in zip(place_key.COLUMNS, place_key.columns(e), strict=True):
            cols[name].append(value)
    con = duckdb.connect()
    con.execute(f"CREATE TABLE t (n INTEGER, {place_key.DDL})")
    con.register("src", {k: np.array(v, dtype=object) for k, v in cols.items()})
    con.execute("INSERT INTO t SELECT * FROM src")
    kept = con.execute(
        f"SELECT a.n, b.n FROM t a, t b WHERE {place_key.may_share_place('a', 'b')}"
    ).fetchall()
    con.close()
    return {(int(i), int(j)) for i, j in kept}


def test_the_filter_keeps_compatible_places_and_drops_others() -> None:
    aleppo = _ev(location="Aleppo", admin1="Aleppo", country="Syria", latitude=36.2,
                 longitude=37.15, geo_precision=1)  # fmt: skip
    near = _ev(location="Anadan", admin1="Aleppo", country="Syria", latitude=36.29,
               longitude=37.04, geo_precision=1)  # fmt: skip
    homs = _ev(location="Homs", admin1="Homs", country="Syria", latitude=34.73,
               longitude=36.71, geo_precision=1)  # fmt: skip
    mosul = _ev(location="Mosul", admin1="Nineveh", country="Iraq", latitude=36.34,
                longitude=43.13, geo_precision=1)  # fmt: skip
    syria = _ev(country="Syria", geo_precision=3)
    region = _ev(location="Aleppo Governorate", admin1="Aleppo", country="Syria",
                 latitude=36.2, longitude=37.5, geo_precision=3)  # fmt: skip
    # placed only near a town (geo_precision 2), ~38 km away: within AREA_KM
    around = _ev(location="Al-Bab area", admin1="Aleppo", country="Syria", latitude=36.37,
                 longitude=37.52, geo_precision=2)  # fmt: skip
    events = [aleppo, near, homs, mosul, syria, region, around]
    kept = _pairs_kept(events)
    for i, a in enumerate(events):
        for j, b in enumerate(events):
            if places_compatible(a, b):
                assert (i, j) in kept, (a.location, b.location)
    assert places_compatible(aleppo, around)
    assert (0, 1) in kept and (0, 4) in kept and (0, 5) in kept and (0, 6) in kept
    assert (0, 2) not in kept  # two towns 170 km apart
    assert (0, 3) not in kept  # another country
    assert (2, 5) not in kept  # a town outside the region


_names = st.sampled_from([None, "", "Aleppo", "aleppo ", "Idlib", "Syria", "Homs", "—"])
_places = st.builds(
    lambda loc, adm, country, prec, lat, lon: _ev(
        location=loc, admin1=adm, country=country, geo_precision=prec, latitude=lat, longitude=lon
    ),
    _names,
    _names,
    st.sampled_from([None, "", "Syria", "syria", "Iraq", "—"]),
    st.sampled_from([None, 1, 2, 3, 4]),
    # a few values ~0-100 km apart (the 75 km bound lies between them), and any
    st.one_of(st.none(), st.sampled_from([36.2, 36.4, 36.87, 36.88]), st.floats(-89.9, 89.9)),
    st.one_of(st.none(), st.sampled_from([37.1, 37.3, 37.9]), st.floats(-179.9, 179.9)),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_places, min_size=1, max_size=10))
def test_the_filter_is_a_superset_of_places_compatible(events: list[Event]) -> None:
    kept = _pairs_kept(events)
    for i, a in enumerate(events):
        for j, b in enumerate(events):
            if places_compatible(a, b):
                assert (i, j) in kept, (a, b)
