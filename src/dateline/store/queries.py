"""Read queries over a dateline Store's DuckDB connection: the REST API's, and the CLI's events.

One implementation serves both :meth:`dateline.store.Store.events` (``dateline events``) and the
API (:mod:`dateline.api.app`). Event queries filter, sort and page the reviewed events
(:func:`dateline.store.reviewed.source`: the ``events`` table with the analysts' corrections in
place of the reports they reviewed, rejected events left out unless the filter asks for them),
on their search columns (lower-cased keys, the article's published time and the place's geonameid,
filled when an event is stored, see :data:`dateline.store.schema.EVENT_SEARCH_COLUMNS`),
and join only the page kept to its article. The answers are those of the plain queries over the
record columns (``tests/test_store_queries.py`` compares the two on random stores).

Every value reaches DuckDB as a parameter; the only text composed into SQL is fixed
fragments and column names chosen from this module's own tables. Tables written by other
parts of dateline that may be absent (control timeline, story clusters) are looked up in the
catalogue first, and an absent table gives an empty result.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from dateline.errors import InputError, StoreError
from dateline.store import reviewed
from dateline.store.schema import COLUMNS, KEY_SEP, SEARCH_KEYS

log = logging.getLogger(__name__)

#: candidate names of tables written by dateline.corpus (first one present wins)
CONTROL_TABLES = ("control_timeline", "control", "control_periods")
CLUSTER_TABLES = ("story_clusters", "clusters", "stories")


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict]:
    try:
        cur = con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    except duckdb.Error as e:
        raise StoreError(f"query failed: {e}") from e


def one(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Any:
    try:
        r = con.execute(sql, params or []).fetchone()
    except duckdb.Error as e:
        raise StoreError(f"query failed: {e}") from e
    return r[0] if r else None


# --- a cache of whole-table aggregations (facets, places), keyed by the database's state ---
_CACHE: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_CACHE_SIZE = 64
_CACHE_LOCK = threading.Lock()


def _state(con: duckdb.DuckDBPyConnection) -> tuple[Any, ...] | None:
    """The database file with its size, time and row counts; None for an in-memory database.

    The store only ever adds articles with their records, so the counts change with every
    write through this connection, and the file's time and size when another writes it.
    """
    path = one(con, "SELECT path FROM duckdb_databases() WHERE database_name = current_database()")
    if not path:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    counts = rows(
        con,
        "SELECT (SELECT count(*) FROM articles) AS a, (SELECT count(*) FROM events) AS e,"
        " (SELECT count(*) FROM places) AS p",
    )[0]
    return (
        path,
        st.st_mtime_ns,
        st.st_size,
        counts["a"],
        counts["e"],
        counts["p"],
        *reviewed.state(con),
    )


def _cached(
    con: duckdb.DuckDBPyConnection, key: tuple[Any, ...], compute: Callable[[], Any]
) -> Any:
    """``compute()``, or its value kept from an earlier call on the database in the same state
    (shared: the caller copies what it hands out)."""
    state = _state(con)
    if state is None:
        return compute()
    full = (*state, *key)
    with _CACHE_LOCK:
        if full in _CACHE:
            _CACHE.move_to_end(full)
            return _CACHE[full]
    value = compute()
    with _CACHE_LOCK:
        _CACHE[full] = value
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return value


def check_date(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as e:
        raise InputError(f"not a date (YYYY-MM-DD): {value!r}") from e


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """``min_lon,min_lat,max_lon,max_lat`` in degrees; min_lon > max_lon crosses 180°."""
    if not value:
        return None
    parts = value.split(",")
    if len(parts) != 4:
        raise InputError(f"bbox needs 4 numbers min_lon,min_lat,max_lon,max_lat: {value!r}")
    try:
        w, s, e, n = (float(p) for p in parts)
    except ValueError as err:
        raise InputError(f"bbox has a value that is not a number: {value!r}") from err
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
        raise InputError(f"bbox out of range: {value!r}")
    return w, s, e, n


@dataclass(frozen=True)
class EventFilter:
    place: str | None = None
    geonameid: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    actor: str | None = None
    type: str | None = None
    sub_type: str | None = None
    since: str | None = None
    until: str | None = None
    article_id: str | None = None
    background: bool | None = None
    min_confidence: float | None = None
    #: keep the events an analyst rejected (left out by default)
    include_rejected: bool = False

    def source(self, con: duckdb.DuckDBPyConnection) -> str:
        """The FROM item ``e`` that :meth:`where` filters: the reviewed events
        (:func:`dateline.store.reviewed.source`), rejected ones with ``include_rejected``."""
        return reviewed.source(con, include_rejected=self.include_rejected)

    def where(self) -> tuple[str, list[Any]]:
        """A WHERE clause over the events of :meth:`source` (``e``) alone, and its parameters.

        ``place`` is a case-insensitive substring of location, admin1 or country; ``actor`` of
        actor1, actor2 or their associates; ``type`` equals (case-insensitive) the event type
        or the PLOVER category, ``sub_type`` the sub-event type; ``since``/``until`` bound
        ``event_date`` inclusively; ``geonameid`` is the event's place's; ``bbox`` is
        ``(min_lon, min_lat, max_lon, max_lat)``, crossing 180° when min_lon > max_lon;
        ``min_confidence`` keeps events whose confidence is at least that (an event without
        one is left out).
        """
        where: list[str] = []
        params: list[Any] = []
        if self.place:
            _contains_any("place_key", self.place, where, params)
        if self.geonameid is not None:
            where.append("e.place_geonameid = ?")
            params.append(self.geonameid)
        if self.bbox is not None:
            w, s, east, n = self.bbox
            where.append("e.latitude BETWEEN ? AND ?")
            params += [s, n]
            if w <= east:
                where.append("e.longitude BETWEEN ? AND ?")
                params += [w, east]
            else:
                where.append("(e.longitude >= ? OR e.longitude <= ?)")
                params += [w, east]
        if self.actor:
            _contains_any("actor_key", self.actor, where, params)
        if self.type:
            where.append("(e.type_key = lower(?) OR e.plover_key = lower(?))")
            params += [self.type] * 2
        if self.sub_type:
            where.append("e.sub_type_key = lower(?)")
            params.append(self.sub_type)
        if self.since:
            where.append("e.event_date >= ?")
            params.append(self.since)
        if self.until:
            where.append("e.event_date <= ?")
            params.append(self.until)
        if self.article_id:
            where.append("e.article_id = ?")
            params.append(self.article_id)
        if self.background is not None:
            where.append("coalesce(e.background, false) = ?")
            params.append(self.background)
        if self.min_confidence is not None:
            where.append("e.confidence >= ?")
            params.append(self.min_confidence)
        return (" WHERE " + " AND ".join(where)) if where else "", params


def _contains_any(key: str, needle: str, where: list[str], params: list[Any]) -> None:
    """``needle`` is a case-insensitive substring of one of the columns behind ``key``.

    The key holds the lower-cased columns joined by :data:`KEY_SEP`, so a needle without that
    character matches the key exactly when it matches one of the columns; a needle with it is
    matched column by column.
    """
    if KEY_SEP in needle:
        cols = SEARCH_KEYS[key]
        where.append("(" + " OR ".join(f"contains(lower(e.{c}), lower(?))" for c in cols) + ")")
        params += [needle] * len(cols)
    else:
        where.append(f"contains(e.{key}, lower(?))")
        params.append(needle)


#: the columns of an event read from the reviewed events: its record columns (corrected when
#: an analyst reviewed it), the geonameid of its place, its article's published time, whether
#: it was reviewed and the review's status (the article's headline and source are added)
EVENT_FIELDS = (
    ", ".join(f"e.{name}" for name, _ in COLUMNS["events"])
    + ", e.place_geonameid, e.article_published, e.reviewed, e.review_status"
)
#: oldest first; within a day by the article's published time; then in article order
EVENT_ORDER = "e.event_date NULLS LAST, e.article_published NULLS LAST, e.article_id, e.idx"


def _event_out(r: dict[str, Any]) -> dict[str, Any]:
    ctx = r.get("plover_context")
    if isinstance(ctx, str):
        try:
            r["plover_context"] = json.loads(ctx)
        except ValueError:
            log.warning("event %s has malformed plover_context", r.get("event_id"))
    return r


def _date_counts(
    con: duckdb.DuckDBPyConnection, src: str, where: str, params: list[Any]
) -> list[tuple[str | None, int]]:
    """(event_date, number of events) of the events of ``src`` matching ``where``, in date order."""
    found = rows(
        con,
        f"SELECT e.event_date AS d, count(*) AS n FROM {src}{where} GROUP BY 1"
        " ORDER BY 1 NULLS LAST",
        params,
    )
    return [(r["d"], int(r["n"])) for r in found]


@contextmanager
def _snapshot(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Run the enclosed queries in one transaction, so that they see the same data (a writer
    may commit between them); inside the caller's own transaction, in that one."""
    try:
        con.begin()
    except duckdb.TransactionException:
        yield  # a transaction is open already
        return
    try:
        yield
    finally:
        try:
            con.rollback()  # nothing was written: this ends the snapshot
        except duckdb.Error as e:
            log.debug("ending a read transaction: %s", e)


def event_count(con: duckdb.DuckDBPyConnection, f: EventFilter) -> int:
    where, params = f.where()
    return int(one(con, f"SELECT count(*) FROM {f.source(con)}" + where, params))


def _page(
    con: duckdb.DuckDBPyConnection, f: EventFilter, limit: int | None, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """The number of events matching ``f``, and those from ``offset`` on (``limit`` of them).

    The events are counted per event date first (one aggregation over the narrow columns the
    filter reads); the dates that hold the page then bound the query that sorts and reads
    the rows, so a page deep in a large result sorts a few days' events, not all of them.
    """
    if limit is not None and limit < 0:
        raise InputError(f"limit must be 0 or more, not {limit}")
    if offset < 0:
        raise InputError(f"offset must be 0 or more, not {offset}")
    with _snapshot(con):
        return _page_in_snapshot(con, f, limit, offset)


def _page_in_snapshot(
    con: duckdb.DuckDBPyConnection, f: EventFilter, limit: int | None, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    where, params = f.where()
    src = f.source(con)
    counts = _date_counts(con, src, where, params)
    total = sum(n for _, n in counts)
    end = total if limit is None else min(total, offset + limit)
    if offset >= end:
        return total, []
    # the date groups holding rows offset .. end-1, and the rows before the first of them
    seen, first, last, before = 0, None, None, 0
    for i, (_, n) in enumerate(counts):
        if first is None and seen + n > offset:
            first, before = i, seen
        seen += n
        if seen >= end:
            last = i
            break
    assert first is not None and last is not None
    lo, hi = counts[first][0], counts[last][0]
    bound: list[str] = []
    bparams: list[Any] = []
    if lo is None:  # the page is all undated events (they sort last)
        bound.append("e.event_date IS NULL")
    elif hi is None:
        bound.append("(e.event_date >= ? OR e.event_date IS NULL)")
        bparams.append(lo)
    else:
        bound.append("e.event_date BETWEEN ? AND ?")
        bparams += [lo, hi]
    w = (where + " AND " if where else " WHERE ") + " AND ".join(bound)
    sql = f"SELECT {EVENT_FIELDS} FROM {src}{w} ORDER BY {EVENT_ORDER} LIMIT ? OFFSET ?"
    items = rows(con, sql, [*params, *bparams, end - offset, offset - before])
    _add_articles(con, items)
    return total, [_event_out(r) for r in items]


def _add_articles(con: duckdb.DuckDBPyConnection, items: list[dict[str, Any]]) -> None:
    """Each event's article headline and source (read by id: a join would scan all articles)."""
    ids = sorted({r["article_id"] for r in items})
    found: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 1000):
        chunk = ids[i : i + 1000]
        marks = ", ".join("?" * len(chunk))
        for r in rows(
            con, f"SELECT id, headline, source FROM articles WHERE id IN ({marks})", chunk
        ):
            found[r["id"]] = r
    for r in items:
        a = found.get(r["article_id"], {})
        r["article_headline"] = a.get("headline")
        r["article_source"] = a.get("source")


def event_page(
    con: duckdb.DuckDBPyConnection, f: EventFilter, *, limit: int | None, offset: int = 0
) -> list[dict[str, Any]]:
    """The events matching ``f`` in :data:`EVENT_ORDER`, ``limit`` (None: all) from ``offset``."""
    return _page(con, f, limit, offset)[1]


def iter_events(
    con: duckdb.DuckDBPyConnection, f: EventFilter, *, batch: int = 500
) -> Iterator[list[dict[str, Any]]]:
    """All the events matching ``f``, as :func:`event_page` gives them, in batches of ``batch``
    read from one query as they are consumed (for exports of large databases)."""
    where, params = f.where()
    sql = f"SELECT {EVENT_FIELDS} FROM {f.source(con)}{where} ORDER BY {EVENT_ORDER}"
    side = con.cursor()  # the articles are read beside the open result, not through it
    try:
        cur = con.execute(sql, params)
        names = [d[0] for d in cur.description]
        while chunk := cur.fetchmany(batch):
            items = [dict(zip(names, r, strict=True)) for r in chunk]
            _add_articles(side, items)
            yield [_event_out(r) for r in items]
    except duckdb.Error as e:
        raise StoreError(f"query failed: {e}") from e
    finally:
        side.close()


def events(
    con: duckdb.DuckDBPyConnection, f: EventFilter, *, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """The number of events matching ``f`` and one page of them."""
    return _page(con, f, limit, offset)


def event_histogram(con: duckdb.DuckDBPyConnection, f: EventFilter) -> list[dict[str, Any]]:
    where, params = f.where()
    extra = " AND " if where else " WHERE "
    return rows(
        con,
        f"SELECT e.event_date AS date, count(*) AS n FROM {f.source(con)}"
        + where
        + extra
        + "e.event_date IS NOT NULL GROUP BY e.event_date ORDER BY e.event_date",
        params,
    )


def event_facets(
    con: duckdb.DuckDBPyConnection, *, top: int = 100, include_rejected: bool = False
) -> dict[str, Any]:
    """Event types, sub-types and the ``top`` actors with their counts; the date span: of the
    reviewed events (:func:`dateline.store.reviewed.source`), cached while the database is
    unchanged."""
    key = ("facets", top, include_rejected)
    return copy.deepcopy(_cached(con, key, lambda: _event_facets(con, top, include_rejected)))  # type: ignore[no-any-return]


def _event_facets(
    con: duckdb.DuckDBPyConnection, top: int, include_rejected: bool = False
) -> dict[str, Any]:
    with _snapshot(con):
        src = reviewed.source(con, include_rejected=include_rejected)
        types = rows(
            con,
            f"SELECT event_type AS value, count(*) AS n FROM {src} WHERE event_type IS NOT NULL"
            " GROUP BY 1 ORDER BY n DESC, value",
        )
        sub_types = rows(
            con,
            f"SELECT event_type, sub_event_type AS value, count(*) AS n FROM {src}"
            " WHERE sub_event_type IS NOT NULL GROUP BY 1, 2 ORDER BY n DESC, value, event_type",
        )
        actors = rows(
            con,
            f"SELECT value, count(*) AS n FROM (SELECT e.actor1 AS value FROM {src}"
            f" UNION ALL SELECT e.actor2 FROM {src} UNION ALL SELECT e.assoc_actor_1 FROM {src}"
            f" UNION ALL SELECT e.assoc_actor_2 FROM {src}) WHERE value IS NOT NULL"
            " AND value <> '' GROUP BY value ORDER BY n DESC, value LIMIT ?",
            [top],
        )
        span = rows(con, f"SELECT min(event_date) AS first, max(event_date) AS last FROM {src}")
    return {"types": types, "sub_types": sub_types, "actors": actors, **span[0]}


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        r["table_name"]
        for r in rows(
            con,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'",
        )
    }


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [
        r["column_name"]
        for r in rows(
            con,
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
            [table],
        )
    ]


def _optional_table(
    con: duckdb.DuckDBPyConnection,
    candidates: tuple[str, ...],
    filters: dict[tuple[str, ...], Any],
    order: tuple[str, ...],
    *,
    limit: int,
    offset: int,
) -> tuple[str | None, int, list[dict[str, Any]]]:
    """Rows of the first existing table among ``candidates``, filtered where columns exist.

    ``filters`` maps alternative column names to a value (substring match on text, equality
    otherwise); a filter whose columns the table lacks matches nothing. Table and column
    names come from the catalogue and are quoted; values are parameters.
    """
    present = _tables(con)
    table = next((t for t in candidates if t in present), None)
    if table is None:
        return None, 0, []
    cols = _columns(con, table)
    where: list[str] = []
    params: list[Any] = []
    for names, value in filters.items():
        if value is None or value == "":
            continue
        have = [c for c in names if c in cols]
        if not have:
            where.append("false")
            continue
        alts = []
        for c in have:
            if isinstance(value, str):
                alts.append(f'contains(lower(CAST("{c}" AS VARCHAR)), lower(?))')
            else:
                alts.append(f'"{c}" = ?')
            params.append(value)
        where.append("(" + " OR ".join(alts) + ")")
    w = (" WHERE " + " AND ".join(where)) if where else ""
    order_cols = [f'"{c}"' for c in order if c in cols]
    o = (" ORDER BY " + ", ".join(order_cols)) if order_cols else ""
    total = int(one(con, f'SELECT count(*) FROM "{table}"{w}', params))
    items = rows(con, f'SELECT * FROM "{table}"{w}{o} LIMIT ? OFFSET ?', [*params, limit, offset])
    for r in items:
        for k, v in r.items():
            if isinstance(v, str) and v[:1] in "[{":
                try:
                    r[k] = json.loads(v)
                except ValueError:
                    pass  # a string that merely starts with a bracket
    return table, total, items


def control_timeline(
    con: duckdb.DuckDBPyConnection,
    *,
    place: str | None,
    geonameid: int | None,
    actor: str | None,
    limit: int,
    offset: int,
) -> tuple[str | None, int, list[dict[str, Any]]]:
    return _optional_table(
        con,
        CONTROL_TABLES,
        {
            ("place", "location", "place_name", "name"): place,
            ("geonameid", "place_geonameid"): geonameid,
            ("actor", "controller", "holder"): actor,
        },
        ("start_date", "date", "since", "valid_from", "event_date", "start"),
        limit=limit,
        offset=offset,
    )


def clusters(
    con: duckdb.DuckDBPyConnection, *, article_id: str | None, limit: int, offset: int
) -> tuple[str | None, int, list[dict[str, Any]]]:
    return _optional_table(
        con,
        CLUSTER_TABLES,
        {("article_id", "article_ids", "members"): article_id},
        ("cluster_id", "id", "first_date", "start_date"),
        limit=limit,
        offset=offset,
    )
