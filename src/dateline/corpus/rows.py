"""The corpus tables' SQL: their DDL, one writer per kind of row, and the index tables.

The four corpus tables (``story_clusters``, ``merged_events``, ``merged_event_sources``,
``control_changes``) are described in :mod:`dateline.corpus.tables`.  Three *index* tables
beside them let :func:`dateline.corpus.tables.update` add articles without re-reading the
corpus:

- ``story_signatures``: each stored article's MinHash signature and shingle count;
- ``story_bands``: its LSH band keys (one row per band), where a new article finds the stored
  articles it may be a near-duplicate of;
- ``event_index``: each stored event (as its article reported it, with the article's date and
  source), its merge family, its date interval, its place key
  (:mod:`dateline.corpus.place_key`), and its *merge component*: the connected
  component of the "may be one real event" relation (:func:`dateline.corpus.merge.compatible`)
  it belongs to.  Merging is exact per component, so only the components a new event touches
  are merged again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import duckdb
import numpy as np

from dateline.corpus import place_key
from dateline.corpus.control import ControlTimeline
from dateline.corpus.merge import MergedEvent
from dateline.errors import StoreError
from dateline.store.duckdb_store import Store
from dateline.store.rows import insert_rows

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

INDEX_DDL = [
    "CREATE TABLE IF NOT EXISTS story_signatures (article_id VARCHAR PRIMARY KEY,"
    " n_shingles INTEGER NOT NULL, sig BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS story_bands (band SMALLINT NOT NULL, key UBIGINT NOT NULL,"
    " article_id VARCHAR NOT NULL)",
    "CREATE TABLE IF NOT EXISTS event_index (article_id VARCHAR NOT NULL, idx INTEGER NOT NULL,"
    " family VARCHAR NOT NULL, background BOOLEAN NOT NULL, dated BOOLEAN NOT NULL, lo DATE,"
    " hi DATE, component VARCHAR NOT NULL, published VARCHAR, source VARCHAR,"
    f" event_json VARCHAR NOT NULL, {place_key.DDL}, PRIMARY KEY (article_id, idx))",
]
INDEX_TABLES = ("story_signatures", "story_bands", "event_index")
#: ``meta`` key of the dedup parameters the stored clusters were computed with (and the
#: version of the index tables' layout they were written in)
PARAMS_KEY = "corpus_params"
#: the index tables' layout: a database written with another is rebuilt (its index tables
#: dropped and written again) by its next update
INDEX_VERSION = place_key.VERSION


def ensure_tables(store: Store) -> None:
    try:
        for stmt in DDL + INDEX_DDL:
            store.con.execute(stmt)
    except duckdb.Error as e:
        raise StoreError(f"could not create the corpus tables: {e}") from e


def has_tables(store: Store, table: str = "merged_events") -> bool:
    row = store.con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
    ).fetchall()  # fetched to the end: the connection is free for register()
    return bool(row and row[0][0])


def insert_columns(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, Any]) -> None:
    """Insert many rows at once from equal-length column arrays (NumPy or lists)."""
    cols = {
        k: v if isinstance(v, np.ndarray) else np.array(v, dtype=object) for k, v in columns.items()
    }
    if not len(next(iter(cols.values()))):
        return
    name = f"_dl_{table}_rows"
    con.register(name, cols)
    try:
        con.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT * FROM {name}")
    finally:
        con.unregister(name)


def insert_merged(con: duckdb.DuckDBPyConnection, merged: Sequence[MergedEvent]) -> None:
    """Insert merged events and their sources."""
    events: list[tuple[Any, ...]] = []
    sources: list[tuple[Any, ...]] = []
    for m in merged:
        e = m.event
        events.append(
            (
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
            )
        )
        sources += [
            (
                m.merged_id,
                s.article_id,
                s.idx,
                s.story,
                s.source,
                s.published,
                s.event_date,
                s.fatalities,
            )
            for s in m.sources
        ]
    insert_rows(con, "merged_events", events)
    insert_rows(con, "merged_event_sources", sources)


def insert_timeline(con: duckdb.DuckDBPyConnection, timelines: Sequence[ControlTimeline]) -> None:
    """Insert control timelines, one row per change."""
    changes = [
        (
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
        )
        for t in timelines
        for seq, ch in enumerate(t.changes)
    ]
    insert_rows(con, "control_changes", changes)


def write_params(con: duckdb.DuckDBPyConnection, threshold: float, containment: float) -> None:
    value = json.dumps({"threshold": threshold, "containment": containment, "index": INDEX_VERSION})
    con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("DELETE FROM meta WHERE key = ?", [PARAMS_KEY])
    con.execute("INSERT INTO meta VALUES (?, ?)", [PARAMS_KEY, value])


def read_params(store: Store) -> dict[str, float] | None:
    if not has_tables(store, "meta"):
        return None
    row = store.con.execute("SELECT value FROM meta WHERE key = ?", [PARAMS_KEY]).fetchall()
    return json.loads(row[0][0]) if row else None
