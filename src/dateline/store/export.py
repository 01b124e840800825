"""Exports analysts load directly: GeoJSON, Parquet, ACLED CSV and JSONL of a dateline store.

Every export takes an :class:`~dateline.store.queries.EventFilter` (the filters of ``dateline
events`` and ``/api/events``) and reads the events it selects with
:func:`~dateline.store.queries.iter_events`, one batch at a time, writing as it reads.

**Unit.** GeoJSON and ACLED CSV hold one record per *merged* event (one real event reported by
one or more articles, :mod:`dateline.corpus.merge`) of which at least one report matches the
filter: the merged record's values, every source of it, and ``n_sources``. A report that no
merged event holds (the corpus tables were never built, or pages were added since, e.g.
through the API) is a record of its own. ``per_report=True`` gives one record per matching
report instead (the rows of ``dateline events --json``).

**ACLED columns** are filled from the shipped table ``dateline/data/countries.tsv`` (ISO 3166
alpha-2, alpha-3, numeric, name and ACLED's region): ``iso`` (numeric) and ``region`` from the
event's numeric code or, failing that, its country's name. ``source`` is the outlets' names
(the page's site name, else the host of its URL; nothing for a local file), ``;``-separated;
``source_scale`` is ``International`` when every source is the copy of an international news
agency (:data:`AGENCIES`: the agency's own site, a byline naming it or a ``(AP)``-style credit in
the dateline or lead), and empty otherwise (dateline cannot tell a national outlet from a
subnational one). ``timestamp`` is the Unix time at which the newest of the record's source
articles was stored (when the record last changed), not the time of the export.

**GeoJSON** (RFC 7946): a FeatureCollection of Point features, coordinates ``[longitude,
latitude]`` in WGS84 with at most 6 decimals. A record without coordinates is kept as a
Feature with ``"geometry": null`` (RFC 7946 §3.2: an unlocated feature) and counted: the
count is in :class:`Counts` and in the collection's foreign member ``"dateline"``, written last.

**Parquet**: one file per table into a directory, written by DuckDB's ``COPY (SELECT …) TO …
(FORMAT parquet)``, dates as DATE and JSON lists as typed lists (:data:`PARQUET_TABLES`); the
review tables (``review_log``, ``review_events``), when the database has them, are written whole.

**Reviews.** A reviewed event (:mod:`dateline.store.review`) is exported with the analyst's
values and grouping, ``reviewed`` true and its ``review_status``; a rejected one is left out
unless asked for.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import duckdb

from dateline.errors import InputError, StoreError
from dateline.store import queries as Q
from dateline.store import review
from dateline.store.rows import _event_row
from dateline.store.schema import ACLED_COLUMNS, COLUMNS, EXTRA_COLUMNS

log = logging.getLogger(__name__)

FORMATS = ("geojson", "parquet", "acled-csv", "jsonl")
MEDIA_TYPES = {
    "geojson": "application/geo+json",
    "acled-csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson",
    "parquet": "application/zip",
}
FILE_NAMES = {
    "geojson": "dateline-events.geojson",
    "acled-csv": "dateline-events.csv",
    "jsonl": "dateline-articles.jsonl",
    "parquet": "dateline-parquet.zip",
}

#: international news agencies: name (as credited) -> their sites' hosts
AGENCIES: dict[str, tuple[str, ...]] = {
    "Associated Press": ("apnews.com", "ap.org"),
    "Reuters": ("reuters.com",),
    "Agence France-Presse": ("afp.com",),
    "United Press International": ("upi.com",),
    "EFE": ("efe.com",),
    "dpa": ("dpa.com",),
}
_AGENCY_CREDIT = re.compile(
    r"\((?:AP|Reuters|AFP|UPI|EFE|dpa)\)|\b(?:Associated Press|Reuters|Agence France[- ]Presse|"
    r"United Press International)\b"
)
_AGENCY_NAME = re.compile(
    r"^(?:the\s+)?(?:AP|Associated Press|Reuters|AFP|Agence France[- ]Presse|UPI|EFE|dpa)$", re.I
)
#: the lead of a page searched for an agency credit ("BEIRUT (AP) —")
LEAD_CHARS = 200

_EVENT_NAMES = [n for n, _ in COLUMNS["events"]]
#: properties of a GeoJSON feature after ACLED's columns
GEOJSON_EXTRA = (
    "merged_id",
    "n_sources",
    "article_ids",
    "source_urls",
    "plover_category",
    "plover_mode",
    "plover_context",
    "plover_dead",
    "plover_injured",
    "plover_size",
    "confidence",
    "date_confidence",
    "place_confidence",
    "background",
    "claimed_by",
    "trigger_text",
    "evidence_text",
    "reviewed",
    "review_status",
)


# --- countries --------------------------------------------------------------------------


@dataclass(frozen=True)
class Country:
    alpha2: str
    alpha3: str
    numeric: int
    name: str
    region: str


@functools.cache
def countries() -> tuple[dict[int, Country], dict[str, Country]]:
    """The shipped country table: by numeric code, and by lower-cased name, alpha-2 and alpha-3."""
    text = resources.files("dateline").joinpath("data/countries.tsv").read_text(encoding="utf-8")
    lines = [x for x in text.splitlines() if x and not x.startswith("#")]
    by_num: dict[int, Country] = {}
    by_name: dict[str, Country] = {}
    for line in lines[1:]:
        a2, a3, num, name, region = line.split("\t")
        c = Country(a2, a3, int(num), name, region)
        by_num[c.numeric] = c
        for key in (name, a2, a3):
            by_name.setdefault(key.lower(), c)
    return by_num, by_name


def country_of(iso: int | None, name: str | None) -> Country | None:
    by_num, by_name = countries()
    if iso is not None and iso in by_num:
        return by_num[iso]
    return by_name.get(name.strip().lower()) if name else None


# --- sources ----------------------------------------------------------------------------


def host(source: str | None) -> str | None:
    """The host of a web URL, without ``www.``; None for a file path, another scheme or none."""
    if not source:
        return None
    parts = urlsplit(source)
    if parts.scheme.lower() not in ("http", "https"):
        return None
    h = (parts.hostname or "").lower()
    return h.removeprefix("www.") or None


def outlet(site: str | None, source: str | None) -> str | None:
    """The outlet's name: the page's site name, else its host."""
    return (site or "").strip() or host(source)


def is_agency_copy(a: dict[str, Any]) -> bool:
    """The article (a row of ``articles``) is an international agency's copy."""
    h = host(a.get("source")) or ""
    if any(h == d or h.endswith("." + d) for ds in AGENCIES.values() for d in ds):
        return True
    byline = a.get("byline") or "[]"
    names = json.loads(byline) if isinstance(byline, str) else byline
    if any(_AGENCY_NAME.match(str(n).strip()) for n in names):
        return True
    lead = f"{a.get('dateline') or ''} {(a.get('lead') or '')[:LEAD_CHARS]}"
    return bool(_AGENCY_CREDIT.search(lead))


# --- records ----------------------------------------------------------------------------


@dataclass
class Counts:
    records: int = 0
    reports: int = 0
    without_geometry: int = 0
    tables: dict[str, int] = field(default_factory=dict)


def _table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        Q.one(
            con,
            "SELECT count(*) FROM information_schema.tables"
            " WHERE table_schema = 'main' AND table_name = ?",
            [name],
        )
    )


def _articles(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    ids = sorted(set(ids))
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 1000):
        chunk = ids[i : i + 1000]
        marks = ", ".join("?" * len(chunk))
        for r in Q.rows(
            con,
            "SELECT id, source, site, byline, dateline, left(text, ?) AS lead,"
            f" epoch(ingested_at)::BIGINT AS ingested FROM articles WHERE id IN ({marks})",
            [LEAD_CHARS, *chunk],
        ):
            out[r["id"]] = r
    return out


def _merged_of(
    con: duckdb.DuckDBPyConnection, keys: list[tuple[str, int]]
) -> dict[tuple[str, int], str]:
    aids = sorted({k[0] for k in keys})
    want = set(keys)
    out: dict[tuple[str, int], str] = {}
    for i in range(0, len(aids), 1000):
        chunk = aids[i : i + 1000]
        marks = ", ".join("?" * len(chunk))
        for r in Q.rows(
            con,
            "SELECT merged_id, article_id, idx FROM merged_event_sources"
            f" WHERE article_id IN ({marks})",
            chunk,
        ):
            key = (r["article_id"], int(r["idx"]))
            if key in want:
                out[key] = r["merged_id"]
    return out


def _merged_records(con: duckdb.DuckDBPyConnection, mids: list[str]) -> dict[str, Any]:
    from dateline.corpus.merge import MergedEvent

    out: dict[str, Any] = {}
    for i in range(0, len(mids), 1000):
        chunk = mids[i : i + 1000]
        marks = ", ".join("?" * len(chunk))
        for r in Q.rows(
            con,
            f"SELECT merged_id, merged_json FROM merged_events WHERE merged_id IN ({marks})",
            chunk,
        ):
            out[r["merged_id"]] = MergedEvent.model_validate_json(r["merged_json"])
    return out


def _finish(rec: dict[str, Any], article_ids: list[str], arts: dict[str, dict[str, Any]]) -> None:
    """Fill the country, region, sources, scale and timestamp of a record."""
    c = country_of(rec.get("iso"), rec.get("country"))
    if c is not None:
        rec["iso"] = c.numeric
        rec["region"] = c.region or None
        rec["country"] = rec.get("country") or c.name
    found = [arts[a] for a in article_ids if a in arts]
    names = [outlet(a.get("site"), a.get("source")) for a in found]
    rec["source"] = "; ".join(dict.fromkeys(n for n in names if n)) or None
    rec["source_urls"] = list(dict.fromkeys(a["source"] for a in found if a.get("source")))
    rec["article_ids"] = list(dict.fromkeys(article_ids))
    agency = [is_agency_copy(a) for a in found]
    rec["source_scale"] = "International" if agency and all(agency) else None
    times = [a["ingested"] for a in found if a.get("ingested") is not None]
    rec["timestamp"] = max(times) if times else None
    ctx = rec.get("plover_context")
    if isinstance(ctx, str):
        rec["plover_context"] = json.loads(ctx)


def records(
    con: duckdb.DuckDBPyConnection,
    f: Q.EventFilter,
    *,
    per_report: bool = False,
    batch: int = 500,
    counts: Counts | None = None,
) -> Iterator[dict[str, Any]]:
    """The export records of the events matching ``f`` (see the module's docstring), in the
    order of their first matching report (:data:`dateline.store.queries.EVENT_ORDER`).

    The reports are the reviewed view of :func:`~dateline.store.queries.iter_events` (the
    rows of ``dateline events`` and ``/api/events``): a report of an event an analyst reviewed
    (:mod:`dateline.store.review`) carries the corrected values, ``reviewed`` true and its
    ``review_status``, and is grouped as the analyst grouped it; a rejected one is left out
    unless ``f.include_rejected``."""
    counts = counts if counts is not None else Counts()
    side = con.cursor()
    try:
        merged = not per_report and _table_exists(side, "merged_event_sources")
        seen: set[str] = set()
        for rows in Q.iter_events(con, f, batch=batch):
            counts.reports += len(rows)
            keys = [(r["article_id"], int(r["idx"])) for r in rows]
            done = [k for k, r in zip(keys, rows, strict=True) if r["reviewed"]]
            rev_of = review.reviewed_of(side, done) if not per_report else {}
            mid_of = _merged_of(side, [k for k in keys if k not in rev_of]) if merged else {}
            new = list(dict.fromkeys(m for m in mid_of.values() if m not in seen))
            found = _merged_records(side, new) if new else {}
            arts = _articles(
                side,
                [k[0] for k in keys]
                + [s.article_id for m in found.values() for s in m.sources]
                + [s.article_id for v in rev_of.values() for s in v.merged.sources],
            )
            for r, key in zip(rows, keys, strict=True):
                rev = rev_of.get(key)
                # the event of the report: the analyst's, else the machine's merged event
                mark = rev.key if rev is not None else mid_of.get(key)
                if mark is not None and mark in seen:
                    continue
                m = rev.merged if rev is not None else found.get(mark) if mark else None
                if m is None:  # the report is a record of its own (its corrected values)
                    rec = {n: r[n] for n in _EVENT_NAMES}
                    rec.update(merged_id=None, n_sources=1)
                    ids = [r["article_id"]]
                else:
                    seen.add(mark)  # type: ignore[arg-type]
                    rep = next(
                        (s for s in m.sources if s.evidence_text == m.event.evidence_text),
                        m.sources[0],
                    )
                    row = _event_row(rep.article_id, rep.idx, m.event)
                    rec = dict(zip(_EVENT_NAMES, row, strict=True))
                    rec.update(merged_id=m.merged_id, n_sources=m.n_sources)
                    ids = [s.article_id for s in m.sources]
                rec.update(reviewed=bool(r["reviewed"]), review_status=r["review_status"])
                _finish(rec, ids, arts)
                counts.records += 1
                yield rec
    finally:
        side.close()


# --- writers ----------------------------------------------------------------------------


def _coord(x: Any) -> float:
    return round(float(x), 6)


def geojson_chunks(recs: Iterable[dict[str, Any]], counts: Counts) -> Iterator[str]:
    """A FeatureCollection, one Feature per record, as text pieces."""
    yield '{"type": "FeatureCollection", "features": [\n'
    first = True
    for rec in recs:
        lat, lon = rec.get("latitude"), rec.get("longitude")
        if lat is None or lon is None:
            geometry = None
            counts.without_geometry += 1
        else:
            geometry = {"type": "Point", "coordinates": [_coord(lon), _coord(lat)]}
        props = {c: rec.get("event_id" if c == "event_id_cnty" else c) for c in ACLED_COLUMNS}
        props.update({c: rec.get(c) for c in GEOJSON_EXTRA})
        feature = {
            "type": "Feature",
            "id": rec.get("merged_id") or rec.get("event_id"),
            "geometry": geometry,
            "properties": props,
        }
        yield ("" if first else ",\n") + json.dumps(feature, ensure_ascii=False, default=str)
        first = False
    summary = {
        "unit": "merged event",
        "features": counts.records,
        "without_geometry": counts.without_geometry,
        "reports": counts.reports,
    }
    yield '\n], "dateline": ' + json.dumps(summary) + "}\n"


def _csv_value(col: str, x: Any) -> Any:
    if x is None:
        return ""
    if col in ("latitude", "longitude"):
        return f"{float(x):.4f}"
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, list):
        return "; ".join(map(str, x))
    return x


def acled_csv_chunks(recs: Iterable[dict[str, Any]]) -> Iterator[str]:
    """ACLED's columns in the codebook's order, then dateline's (:data:`EXTRA_COLUMNS`)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(ACLED_COLUMNS + EXTRA_COLUMNS)
    for rec in recs:
        w.writerow(
            _csv_value(c, rec.get("event_id" if c == "event_id_cnty" else c))
            for c in ACLED_COLUMNS + EXTRA_COLUMNS
        )
        if buf.tell() > 1 << 16:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def jsonl_chunks(con: duckdb.DuckDBPyConnection, f: Q.EventFilter, counts: Counts) -> Iterator[str]:
    """Stored Articles, one JSON object per line: every article without a filter, else those
    with at least one matching event."""
    where, params = f.where()
    sql = "SELECT a.article_json FROM articles a"
    if where:
        sql += f" WHERE a.id IN (SELECT e.article_id FROM {f.source(con)}{where})"
    sql += " ORDER BY a.ingested_at, a.id"
    try:
        cur = con.execute(sql, params)
        while chunk := cur.fetchmany(200):
            counts.records += len(chunk)
            yield "".join(doc + "\n" for (doc,) in chunk)
    except duckdb.Error as e:
        raise StoreError(f"query failed: {e}") from e


def text_chunks(
    con: duckdb.DuckDBPyConnection,
    fmt: str,
    f: Q.EventFilter,
    counts: Counts,
    *,
    per_report: bool = False,
) -> Iterator[str]:
    """The text export ``fmt`` (geojson, acled-csv or jsonl) as pieces, read as they are asked."""
    if fmt == "jsonl":
        return jsonl_chunks(con, f, counts)
    recs = records(con, f, per_report=per_report, counts=counts)
    if fmt == "geojson":
        return geojson_chunks(recs, counts)
    if fmt == "acled-csv":
        return acled_csv_chunks(recs)
    raise InputError(f"not a text export format: {fmt!r} (one of geojson, acled-csv, jsonl)")


# --- parquet ----------------------------------------------------------------------------

_JSON_LIST = "from_json({c}, '[\"VARCHAR\"]')"
#: table written -> (source table, column expressions replacing a column, columns left out)
PARQUET_TABLES: dict[str, tuple[str, dict[str, str], set[str]]] = {
    "articles": (
        "articles",
        {"byline": _JSON_LIST, "stages": _JSON_LIST},
        {"article_json"},
    ),
    "events": (
        "events",
        {"event_date": "CAST({c} AS DATE)", "plover_context": _JSON_LIST},
        set(Q.SEARCH_KEYS),
    ),
    "merged_events": (
        "merged_events",
        {"event_date": "CAST({c} AS DATE)"},
        {"merged_json"},
    ),
    "event_sources": ("merged_event_sources", {"event_date": "CAST({c} AS DATE)"}, set()),
    "quotes": ("quotes", {"sentences": "from_json({c}, '[\"INTEGER\"]')"}, set()),
    "places": ("places", {}, set()),
    "control_changes": (
        "control_changes",
        {
            "date_from": "CAST({c} AS DATE)",
            "date_to": "CAST({c} AS DATE)",
            "event_date": "CAST({c} AS DATE)",
            "merged_ids": _JSON_LIST,
        },
        set(),
    ),
    # the analysts' reviews (dateline.store.review), whole: the audit, the reviewed events and
    # their reports with the corrected values (dateline.store.reviewed)
    "review_log": ("review_log", {}, set()),
    "review_events": ("review_events", {}, {"merged_json"}),
    "review_reports": (
        "review_reports",
        {"event_date": "CAST({c} AS DATE)", "plover_context": _JSON_LIST},
        set(),
    ),
}


def _parquet_where(table: str, src: str, where: str) -> str:
    """The rows of ``table`` that belong to the events selected by ``where`` over the reviewed
    events ``src`` (the tables themselves are written as stored)."""
    if not where or table.startswith("review_"):
        return ""
    if table in ("articles",):
        return f" WHERE t.id IN (SELECT e.article_id FROM {src}{where})"
    if table in ("quotes", "places"):
        return f" WHERE t.article_id IN (SELECT e.article_id FROM {src}{where})"
    if table == "events":
        return (
            f" WHERE EXISTS (SELECT 1 FROM {src}{where}"
            " AND e.article_id = t.article_id AND e.idx = t.idx)"
        )
    chosen = (
        f"SELECT s.merged_id FROM merged_event_sources s JOIN {src}"
        f" ON e.article_id = s.article_id AND e.idx = s.idx{where}"
    )
    if table in ("merged_events", "merged_event_sources"):
        return f" WHERE t.merged_id IN ({chosen})"
    if table == "control_changes":
        return (
            " WHERE list_has_any(from_json(t.merged_ids, '[\"VARCHAR\"]'),"
            f" (SELECT coalesce(list(merged_id), []) FROM ({chosen})))"
        )
    raise StoreError(f"no filter for table {table}")


def write_parquet(
    con: duckdb.DuckDBPyConnection, f: Q.EventFilter, outdir: Path, counts: Counts | None = None
) -> Counts:
    """One Parquet file per table (``<table>.parquet``) of the rows of the events matching
    ``f`` into ``outdir`` (created); tables the store lacks are skipped."""
    counts = counts if counts is not None else Counts()
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(f"cannot create the output directory {outdir}: {e}") from e
    where, params = f.where()
    for name, (table, exprs, drop) in PARQUET_TABLES.items():
        if not _table_exists(con, table):
            log.info("no table %s: %s.parquet not written", table, name)
            continue
        cols = [c for c in Q._columns(con, table) if c not in drop]
        select = ", ".join(
            (exprs[c].format(c=f't."{c}"') + f' AS "{c}"') if c in exprs else f't."{c}"'
            for c in cols
        )
        filt = _parquet_where(table, f.source(con), where)
        sql = f'COPY (SELECT {select} FROM "{table}" t{filt}) TO ? (FORMAT parquet)'
        path = outdir / f"{name}.parquet"
        try:
            con.execute(sql, [*params, str(path)])
            n = Q.one(con, "SELECT count(*) FROM read_parquet(?)", [str(path)])
        except duckdb.Error as e:
            raise StoreError(f"parquet export of {table} failed: {e}") from e
        counts.tables[name] = int(n)
    return counts
