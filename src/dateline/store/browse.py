"""Browse queries over a dateline Store: stored articles, quotes, speakers and places (the
REST API's lists beside the events of :mod:`dateline.store.queries`, whose helpers they use).

Every value reaches DuckDB as a parameter; the only text composed into SQL is fixed fragments.
"""

from __future__ import annotations

import json
from typing import Any

import duckdb

from dateline.store import reviewed
from dateline.store.queries import _cached, one, rows


def _counts_by_article(
    con: duckdb.DuckDBPyConnection, table: str, ids: list[str]
) -> dict[str, int]:
    marks = ", ".join("?" * len(ids))
    found = rows(
        con,
        f"SELECT article_id, count(*) AS n FROM {table} WHERE article_id IN ({marks}) GROUP BY 1",
        ids,
    )
    return {r["article_id"]: int(r["n"]) for r in found}


def articles(
    con: duckdb.DuckDBPyConnection, q: str | None, *, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """Stored articles, newest first, with their numbers of events, quotes and places."""
    where, params = "", []
    if q:
        where = " WHERE contains(lower(a.headline), lower(?)) OR contains(lower(a.text), lower(?))"
        params = [q, q]
    total = int(one(con, "SELECT count(*) FROM articles a" + where, params))
    items = rows(
        con,
        "SELECT a.id, a.headline, a.site, a.source, a.dateline, a.published, a.published_date"
        " FROM articles a" + where + " ORDER BY a.published DESC NULLS LAST, a.id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    if items:
        ids = [r["id"] for r in items]
        tables = (
            ("n_events", reviewed.source(con)),
            ("n_quotes", "quotes"),
            ("n_places", "places"),
        )
        for key, table in tables:
            counts = _counts_by_article(con, table, ids)
            for r in items:
                r[key] = counts.get(r["id"], 0)
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
#: most mentioned first; the rest of the group breaks ties, so that pages do not overlap
_PLACE_ORDER = (
    "n_mentions DESC, p.name, p.geonameid, p.feature, p.country, p.country_code, p.admin1,"
    " p.latitude, p.longitude"
)


def places(
    con: duckdb.DuckDBPyConnection,
    *,
    q: str | None,
    country: str | None,
    limit: int,
    offset: int,
) -> tuple[int, list[dict[str, Any]]]:
    """Geocoded places (one row per distinct place record) with their numbers of mentions,
    articles and events, most mentioned first."""
    where: list[str] = ["p.geonameid IS NOT NULL"]
    params: list[Any] = []
    if q:
        where.append("(contains(lower(p.name), lower(?)) OR contains(lower(p.text), lower(?)))")
        params += [q, q]
    if country:
        where.append("(lower(p.country) = lower(?) OR lower(p.country_code) = lower(?))")
        params += [country, country]
    w = " WHERE " + " AND ".join(where)
    # every place of the search, aggregated once while the database is unchanged
    groups: list[dict[str, Any]] = _cached(
        con,
        ("places", q, country),
        lambda: rows(
            con,
            f"SELECT {_PLACE_GROUP}, count(*) AS n_mentions,"
            f" count(DISTINCT p.article_id) AS n_articles FROM places p{w} GROUP BY ALL"
            f" ORDER BY {_PLACE_ORDER}",
            params,
        ),
    )
    total = len(groups)
    items = [dict(r) for r in groups[offset : offset + limit]]
    gids = sorted({r["geonameid"] for r in items})
    n_events: dict[int, int] = {}
    if gids:
        marks = ", ".join("?" * len(gids))
        n_events = {
            r["g"]: int(r["n"])
            for r in rows(
                con,
                f"SELECT e.place_geonameid AS g, count(*) AS n FROM {reviewed.source(con)}"
                f" WHERE e.place_geonameid IN ({marks}) GROUP BY 1",
                gids,
            )
        }
    for r in items:
        r["n_events"] = n_events.get(r["geonameid"], 0)
    return total, items


def place(con: duckdb.DuckDBPyConnection, geonameid: int) -> dict[str, Any] | None:
    found = rows(
        con,
        f"SELECT {_PLACE_GROUP}, count(*) AS n_mentions FROM places p WHERE p.geonameid = ?"
        f" GROUP BY ALL ORDER BY {_PLACE_ORDER} LIMIT 1",
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
