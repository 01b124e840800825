"""Read queries for the REST API, written against a DuckDB connection of a dateline Store.

Every value reaches DuckDB as a parameter; the only text composed into SQL is fixed
fragments and column names chosen from this module's own tables. Tables written by other
parts of dateline that may be absent (control timeline, story clusters) are looked up in the
catalogue first, and an absent table gives an empty result.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from dateline.errors import InputError, StoreError

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

    def where(self) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if self.place:
            where.append(
                "(contains(lower(e.location), lower(?)) OR contains(lower(e.admin1), lower(?))"
                " OR contains(lower(e.country), lower(?)))"
            )
            params += [self.place] * 3
        if self.geonameid is not None:
            where.append(
                "EXISTS (SELECT 1 FROM places p WHERE p.article_id = e.article_id"
                " AND p.idx = e.place AND p.geonameid = ?)"
            )
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
            where.append(
                "(contains(lower(e.actor1), lower(?)) OR contains(lower(e.actor2), lower(?))"
                " OR contains(lower(e.assoc_actor_1), lower(?))"
                " OR contains(lower(e.assoc_actor_2), lower(?)))"
            )
            params += [self.actor] * 4
        if self.type:
            where.append("(lower(e.event_type) = lower(?) OR lower(e.plover_category) = lower(?))")
            params += [self.type] * 2
        if self.sub_type:
            where.append("lower(e.sub_event_type) = lower(?)")
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
        return (" WHERE " + " AND ".join(where)) if where else "", params


_EVENT_SELECT = (
    "SELECT e.*, a.headline AS article_headline, a.published AS article_published,"
    " (SELECT p.geonameid FROM places p WHERE p.article_id = e.article_id AND p.idx = e.place)"
    " AS place_geonameid FROM events e JOIN articles a ON a.id = e.article_id"
)
_EVENT_ORDER = " ORDER BY e.event_date NULLS LAST, a.published, e.article_id, e.idx"


def _event_out(r: dict[str, Any]) -> dict[str, Any]:
    ctx = r.get("plover_context")
    if isinstance(ctx, str):
        try:
            r["plover_context"] = json.loads(ctx)
        except ValueError:
            log.warning("event %s has malformed plover_context", r.get("event_id"))
    return r


def events(
    con: duckdb.DuckDBPyConnection, f: EventFilter, *, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    where, params = f.where()
    total = int(
        one(
            con,
            "SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id" + where,
            params,
        )
    )
    items = rows(
        con, _EVENT_SELECT + where + _EVENT_ORDER + " LIMIT ? OFFSET ?", [*params, limit, offset]
    )
    return total, [_event_out(r) for r in items]


def event_histogram(con: duckdb.DuckDBPyConnection, f: EventFilter) -> list[dict[str, Any]]:
    where, params = f.where()
    extra = " AND " if where else " WHERE "
    return rows(
        con,
        "SELECT e.event_date AS date, count(*) AS n FROM events e"
        " JOIN articles a ON a.id = e.article_id" + where + extra + "e.event_date IS NOT NULL"
        " GROUP BY e.event_date ORDER BY e.event_date",
        params,
    )


def event_facets(con: duckdb.DuckDBPyConnection, *, top: int = 100) -> dict[str, Any]:
    types = rows(
        con,
        "SELECT event_type AS value, count(*) AS n FROM events WHERE event_type IS NOT NULL"
        " GROUP BY 1 ORDER BY n DESC, value",
    )
    sub_types = rows(
        con,
        "SELECT event_type, sub_event_type AS value, count(*) AS n FROM events"
        " WHERE sub_event_type IS NOT NULL GROUP BY 1, 2 ORDER BY n DESC, value",
    )
    actors = rows(
        con,
        "SELECT value, count(*) AS n FROM ("
        " SELECT actor1 AS value FROM events UNION ALL SELECT actor2 FROM events"
        " UNION ALL SELECT assoc_actor_1 FROM events UNION ALL SELECT assoc_actor_2 FROM events"
        ") WHERE value IS NOT NULL AND value <> '' GROUP BY value ORDER BY n DESC, value LIMIT ?",
        [top],
    )
    span = rows(con, "SELECT min(event_date) AS first, max(event_date) AS last FROM events")[0]
    return {"types": types, "sub_types": sub_types, "actors": actors, **span}


def articles(
    con: duckdb.DuckDBPyConnection, q: str | None, *, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    where, params = "", []
    if q:
        where = " WHERE contains(lower(a.headline), lower(?)) OR contains(lower(a.text), lower(?))"
        params = [q, q]
    total = int(one(con, "SELECT count(*) FROM articles a" + where, params))
    items = rows(
        con,
        "SELECT a.id, a.headline, a.site, a.source, a.dateline, a.published, a.published_date,"
        " (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS n_events,"
        " (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS n_quotes,"
        " (SELECT count(*) FROM places p WHERE p.article_id = a.id) AS n_places"
        " FROM articles a" + where + " ORDER BY a.published DESC NULLS LAST, a.id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return total, items


def quotes(
    con: duckdb.DuckDBPyConnection,
    *,
    speaker: str | None,
    article_id: str | None,
    q: str | None,
    limit: int,
    offset: int,
) -> tuple[int, list[dict[str, Any]]]:
    where: list[str] = []
    params: list[Any] = []
    if speaker:
        where.append(
            "(contains(lower(q.speaker_name), lower(?)) OR contains(lower(q.speaker_text), lower(?)))"
        )
        params += [speaker, speaker]
    if article_id:
        where.append("q.article_id = ?")
        params.append(article_id)
    if q:
        where.append("contains(lower(q.content_text), lower(?))")
        params.append(q)
    w = (" WHERE " + " AND ".join(where)) if where else ""
    base = " FROM quotes q JOIN articles a ON a.id = q.article_id" + w
    total = int(one(con, "SELECT count(*)" + base, params))
    items = rows(
        con,
        "SELECT q.*, a.headline AS article_headline, a.published AS article_published"
        + base
        + " ORDER BY a.published DESC NULLS LAST, q.article_id, q.idx LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    for r in items:
        if isinstance(r.get("sentences"), str):
            r["sentences"] = json.loads(r["sentences"])
    return total, items


def speakers(con: duckdb.DuckDBPyConnection, *, limit: int) -> list[dict[str, Any]]:
    return rows(
        con,
        "SELECT coalesce(speaker_name, speaker_text) AS speaker, count(*) AS n,"
        " count(DISTINCT article_id) AS n_articles FROM quotes"
        " WHERE coalesce(speaker_name, speaker_text) IS NOT NULL"
        " GROUP BY 1 ORDER BY n DESC, speaker LIMIT ?",
        [limit],
    )


_PLACE_GROUP = (
    "p.geonameid, p.name, p.feature, p.country, p.country_code, p.admin1, p.latitude, p.longitude"
)


def places(
    con: duckdb.DuckDBPyConnection,
    *,
    q: str | None,
    country: str | None,
    limit: int,
    offset: int,
) -> tuple[int, list[dict[str, Any]]]:
    where: list[str] = ["p.geonameid IS NOT NULL"]
    params: list[Any] = []
    if q:
        where.append("(contains(lower(p.name), lower(?)) OR contains(lower(p.text), lower(?)))")
        params += [q, q]
    if country:
        where.append("(lower(p.country) = lower(?) OR lower(p.country_code) = lower(?))")
        params += [country, country]
    w = " WHERE " + " AND ".join(where)
    total = int(
        one(
            con,
            f"SELECT count(*) FROM (SELECT {_PLACE_GROUP} FROM places p{w} GROUP BY ALL)",
            params,
        )
    )
    items = rows(
        con,
        f"SELECT {_PLACE_GROUP}, count(*) AS n_mentions, count(DISTINCT p.article_id) AS n_articles,"
        " (SELECT count(*) FROM events e, places p2 WHERE p2.geonameid = p.geonameid"
        "  AND e.article_id = p2.article_id AND e.place = p2.idx) AS n_events"
        f" FROM places p{w} GROUP BY ALL ORDER BY n_mentions DESC, p.name LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return total, items


def place(con: duckdb.DuckDBPyConnection, geonameid: int) -> dict[str, Any] | None:
    found = rows(
        con,
        f"SELECT {_PLACE_GROUP}, count(*) AS n_mentions FROM places p WHERE p.geonameid = ?"
        " GROUP BY ALL ORDER BY n_mentions DESC LIMIT 1",
        [geonameid],
    )
    if not found:
        return None
    info = found[0]
    info["articles"] = rows(
        con,
        "SELECT a.id, a.headline, a.published, count(*) AS n_mentions FROM places p"
        " JOIN articles a ON a.id = p.article_id WHERE p.geonameid = ?"
        " GROUP BY a.id, a.headline, a.published ORDER BY a.published DESC NULLS LAST, a.id",
        [geonameid],
    )
    return info


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
