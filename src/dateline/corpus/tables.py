"""DuckDB tables of the corpus analyses, on a :class:`~dateline.store.Store`'s connection.

- ``story_clusters``: one row per stored article: its near-duplicate (story) cluster;
- ``merged_events``: one row per real event, the merged ACLED record (flattened) and its JSON;
- ``merged_event_sources``: one row per report (article event) of a merged event;
- ``control_changes``: one row per change of hands of a place.

:func:`rebuild` recomputes them all from the stored articles in one transaction (the
analyses are deterministic, so rebuilding after each ingest gives the same rows for the same
articles).  Call it after ``ingest``::

    from dateline.corpus import tables
    with Store.open(path) as store:
        ingest(store, items, pipeline_for)
        tables.rebuild(store)

Readers: :func:`story_clusters`, :func:`merged_events`, :func:`control_changes`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from typing import Any

import duckdb
from pydantic import ValidationError

from dateline.corpus.control import ControlTimeline, control_timeline, territory_places
from dateline.corpus.dedup import (
    DEFAULT_CONTAINMENT,
    DEFAULT_THRESHOLD,
    cluster_of,
    near_duplicate_clusters,
)
from dateline.corpus.merge import MergedEvent, SourcedEvent, merge_events
from dateline.errors import StoreError
from dateline.records import Article
from dateline.store.duckdb_store import Store

log = logging.getLogger(__name__)

DDL = [
    "CREATE TABLE IF NOT EXISTS story_clusters (article_id VARCHAR PRIMARY KEY,"
    " cluster_id VARCHAR NOT NULL, cluster_size INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS merged_events (merged_id VARCHAR PRIMARY KEY,"
    " event_date VARCHAR, time_precision INTEGER, event_type VARCHAR, sub_event_type VARCHAR,"
    " actor1 VARCHAR, actor2 VARCHAR, location VARCHAR, admin1 VARCHAR, country VARCHAR,"
    " latitude DOUBLE, longitude DOUBLE, fatalities INTEGER, n_sources INTEGER,"
    " disagreement VARCHAR, merged_json VARCHAR NOT NULL)",
    "CREATE TABLE IF NOT EXISTS merged_event_sources (merged_id VARCHAR NOT NULL,"
    " article_id VARCHAR NOT NULL, idx INTEGER NOT NULL, story VARCHAR, source VARCHAR,"
    " published VARCHAR, event_date VARCHAR, fatalities INTEGER,"
    " PRIMARY KEY (article_id, idx))",
    "CREATE TABLE IF NOT EXISTS control_changes (place VARCHAR NOT NULL, seq INTEGER NOT NULL,"
    " date_from VARCHAR, date_to VARCHAR, event_date VARCHAR, time_precision INTEGER,"
    " holder_before VARCHAR, holder_after VARCHAR, sub_event_type VARCHAR, merged_ids VARCHAR,"
    " n_sources INTEGER, evidence VARCHAR, PRIMARY KEY (place, seq))",
]
TABLES = ("story_clusters", "merged_events", "merged_event_sources", "control_changes")


def ensure_tables(store: Store) -> None:
    try:
        for stmt in DDL:
            store.con.execute(stmt)
    except duckdb.Error as e:
        raise StoreError(f"could not create the corpus tables: {e}") from e


def has_tables(store: Store) -> bool:
    row = store.con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'merged_events'"
    ).fetchone()
    return bool(row and row[0])


def iter_articles(store: Store) -> Iterator[Article]:
    """Every stored Article, one at a time, in id order."""
    cur = store.con.execute("SELECT id, article_json FROM articles ORDER BY id")
    while batch := cur.fetchmany(200):
        for aid, doc in batch:
            try:
                yield Article.model_validate_json(doc)
            except ValidationError as e:
                raise StoreError(f"stored article {aid} does not match the schema: {e}") from e


def compute(
    store: Store,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    containment: float = DEFAULT_CONTAINMENT,
) -> tuple[dict[str, str], list[MergedEvent]]:
    """Story clusters (``{article_id: cluster_id}``) and merged events of the stored articles."""
    texts: dict[str, str] = {}
    light: list[tuple[str, str | None, str | None, list[Any]]] = []
    for a in iter_articles(store):
        texts[a.id] = a.body
        light.append((a.id, a.published, a.source or a.site, a.events))
    clusters = near_duplicate_clusters(texts, threshold=threshold, containment=containment)
    story_of = cluster_of(clusters)
    sourced = [
        SourcedEvent(
            article_id=aid, idx=i, event=e, published=pub, source=src, story=story_of.get(aid)
        )
        for aid, pub, src, events in light
        for i, e in enumerate(events)
    ]
    return story_of, merge_events(sourced)


def rebuild(
    store: Store,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    containment: float = DEFAULT_CONTAINMENT,
    control_places: Iterable[str] = (),
) -> dict[str, int]:
    """Recompute and store story clusters, merged events and control changes; returns counts.

    Control timelines are stored for every geocoded town of a territory event, plus
    ``control_places`` (e.g. towns the gazetteer does not know).
    """
    story_of, merged = compute(store, threshold=threshold, containment=containment)
    places = sorted(set(territory_places(merged)) | set(control_places))
    timelines = [control_timeline(merged, place) for place in places]
    timelines = [t for t in timelines if t.changes]
    write(store, story_of, merged, timelines)
    return {
        "articles": len(story_of),
        "story_clusters": len(set(story_of.values())),
        "events": sum(m.n_sources for m in merged),
        "merged_events": len(merged),
        "control_places": len(timelines),
        "control_changes": sum(len(t.changes) for t in timelines),
    }


def write(
    store: Store,
    story_of: dict[str, str],
    merged: list[MergedEvent],
    timelines: list[ControlTimeline] = (),  # type: ignore[assignment]
) -> None:
    """Replace the corpus tables' rows with these (one transaction)."""
    ensure_tables(store)
    sizes: dict[str, int] = {}
    for cid in story_of.values():
        sizes[cid] = sizes.get(cid, 0) + 1
    con = store.con
    try:
        con.begin()
        for table in TABLES:
            con.execute(f"DELETE FROM {table}")
        for aid, cid in sorted(story_of.items()):
            con.execute("INSERT INTO story_clusters VALUES (?, ?, ?)", [aid, cid, sizes[cid]])
        for m in merged:
            e = m.event
            con.execute(
                "INSERT INTO merged_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    m.merged_id,
                    e.event_date,
                    e.time_precision,
                    e.event_type,
                    e.sub_event_type,
                    e.actor1,
                    e.actor2,
                    e.location,
                    e.admin1,
                    e.country,
                    e.latitude,
                    e.longitude,
                    e.fatalities,
                    m.n_sources,
                    json.dumps(m.disagreement, ensure_ascii=False),
                    m.model_dump_json(),
                ],
            )
            for s in m.sources:
                con.execute(
                    "INSERT INTO merged_event_sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        m.merged_id,
                        s.article_id,
                        s.idx,
                        s.story,
                        s.source,
                        s.published,
                        s.event_date,
                        s.fatalities,
                    ],
                )
        for t in timelines:
            for seq, ch in enumerate(t.changes):
                con.execute(
                    "INSERT INTO control_changes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        t.place,
                        seq,
                        ch.date_from,
                        ch.date_to,
                        ch.event_date,
                        ch.time_precision,
                        ch.holder_before,
                        ch.holder_after,
                        ch.sub_event_type,
                        json.dumps(ch.merged_ids),
                        ch.n_sources,
                        json.dumps([x.model_dump(mode="json") for x in ch.evidence]),
                    ],
                )
        con.commit()
    except duckdb.Error as e:
        try:
            con.rollback()
        except duckdb.TransactionException:
            pass
        raise StoreError(f"could not write the corpus tables: {e}") from e


def story_clusters(store: Store) -> dict[str, list[str]]:
    """``{cluster_id: [article ids]}`` as stored (empty before :func:`rebuild`)."""
    if not has_tables(store):
        return {}
    out: dict[str, list[str]] = {}
    for aid, cid in store.con.execute(
        "SELECT article_id, cluster_id FROM story_clusters ORDER BY cluster_id, article_id"
    ).fetchall():
        out.setdefault(cid, []).append(aid)
    return out


def merged_events(store: Store) -> list[MergedEvent]:
    """The stored merged events (empty before :func:`rebuild`), by date."""
    if not has_tables(store):
        return []
    rows = store.con.execute(
        "SELECT merged_json FROM merged_events ORDER BY event_date NULLS LAST, merged_id"
    ).fetchall()
    try:
        return [MergedEvent.model_validate_json(r[0]) for r in rows]
    except ValidationError as e:
        raise StoreError(f"stored merged event does not match the schema: {e}") from e


def control_changes(store: Store, place: str | None = None) -> list[dict[str, Any]]:
    """Stored control changes (of one place, case-insensitive), in order."""
    if not has_tables(store):
        return []
    sql = "SELECT * FROM control_changes"
    params: list[Any] = []
    if place:
        sql += " WHERE lower(place) = lower(?)"
        params.append(place)
    cur = store.con.execute(sql + " ORDER BY place, seq", params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
