"""The place key of the event index: which stored events a new one may share a place with.

:func:`dateline.corpus.merge.places_compatible` decides whether two reports can be at one
place.  The incremental update (:mod:`dateline.corpus.incremental`) must find, among every
stored event, those that may merge with a new one; filtering by family, background and date
alone lets a month- or year-precise date hold every stored event of its family in that month
or year, so the candidates grew with the corpus.  Each event-index row therefore carries its
place key (:func:`columns`), and :data:`SQL_MAY_SHARE_PLACE` is a condition on two rows that
holds whenever ``places_compatible`` holds for their events (a superset: the update still
tests every candidate with :func:`~dateline.corpus.merge.compatible`, so the result is
exactly the one without the filter, only cheaper).  The clauses follow
``places_compatible``'s cases:

* the countries differ (both known): never;
* the same non-empty location name;
* two precise points: within :data:`~dateline.corpus.merge.AREA_KM` (the wider of the two
  distances ``places_compatible`` allows) by the haversine formula, with a metre of margin;
* two coarse places (no location, or ``geo_precision`` ≥ 3): one without a location name, the
  same first-level region, or one's name is the other's region or country;
* a coarse place and a point: the coarse one without a location name, the same region, or the
  coarse one's name is the point's region or country.
"""

from __future__ import annotations

from typing import Any

from dateline.corpus.merge import AREA_KM, _coarse, _norm
from dateline.records import Event

#: the event-index columns of the place key, in :func:`columns`' order
COLUMNS = ("country_key", "location_key", "admin1_key", "coarse", "lat", "lon")
DDL = (
    "country_key VARCHAR, location_key VARCHAR NOT NULL, admin1_key VARCHAR,"
    " coarse BOOLEAN NOT NULL, lat DOUBLE, lon DOUBLE"
)
#: bump when the key's columns or meaning change: stored indexes are then rebuilt
VERSION = 1


def columns(e: Event) -> tuple[Any, ...]:
    """The place key of ``e``: normalised country (None when unknown), location ('' when
    none), first-level region (None when unknown), coarse, latitude, longitude."""
    point = e.latitude is not None and e.longitude is not None
    return (
        _norm(e.country) if e.country else None,
        _norm(e.location),
        _norm(e.admin1) if e.admin1 else None,
        _coarse(e),
        e.latitude if point else None,
        e.longitude if point else None,
    )


def _region_vs_point(r: str, p: str) -> str:
    """``r`` coarse, ``p`` a point: the coarse place's cases of ``places_compatible``."""
    return (
        f"({r}.coarse AND NOT {p}.coarse AND ({r}.location_key = ''"
        f" OR {r}.admin1_key = {p}.admin1_key"
        f" OR {r}.location_key = coalesce({p}.admin1_key, '')"
        f" OR {r}.location_key = coalesce({p}.country_key, '')))"
    )


def may_share_place(a: str, b: str) -> str:
    """SQL: the rows aliased ``a`` and ``b`` may be at one place (see the module docstring)."""
    km = AREA_KM + 0.001
    haversine = (
        f"2 * 6371.0088 * asin(least(1.0, sqrt(pow(sin(radians({b}.lat - {a}.lat) / 2), 2)"
        f" + cos(radians({a}.lat)) * cos(radians({b}.lat))"
        f" * pow(sin(radians({b}.lon - {a}.lon) / 2), 2))))"
    )
    return (
        f"(({a}.country_key IS NULL OR {b}.country_key IS NULL"
        f" OR {a}.country_key = {b}.country_key) AND ("
        f"({a}.location_key <> '' AND {a}.location_key = {b}.location_key)"
        f" OR (NOT {a}.coarse AND NOT {b}.coarse AND {a}.lat IS NOT NULL"
        f" AND {b}.lat IS NOT NULL AND {haversine} <= {km})"
        f" OR ({a}.coarse AND {b}.coarse AND ({a}.location_key = '' OR {b}.location_key = ''"
        f" OR {a}.admin1_key = {b}.admin1_key"
        f" OR {a}.location_key IN (coalesce({b}.admin1_key, ''), coalesce({b}.country_key, ''))"
        f" OR {b}.location_key IN (coalesce({a}.admin1_key, ''), coalesce({a}.country_key, ''))))"
        f" OR {_region_vs_point(a, b)} OR {_region_vs_point(b, a)}))"
    )
