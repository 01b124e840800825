"""DuckDB tables of the corpus analyses, on a :class:`~dateline.store.Store`'s connection.

- ``story_clusters``: one row per stored article: its near-duplicate (story) cluster;
- ``merged_events``: one row per real event, the merged ACLED record (flattened) and its JSON;
- ``merged_event_sources``: one row per report (article event) of a merged event;
- ``control_changes``: one row per change of hands of a place.

:func:`rebuild` recomputes them all from the stored articles in one transaction (the
analyses are deterministic, so rebuilding gives the same rows for the same articles), and
fills the index tables of :mod:`dateline.corpus.rows`.  :func:`update` adds new articles
using those index tables, in time that grows with the new articles and what they touch, not
with the corpus, and gives the same rows as a rebuild.  Call it after ``ingest``::

    from dateline.corpus import tables
    with Store.open(path) as store:
        result = ingest(store, items, pipeline_for)
        tables.update(store, result.stored_ids)

Readers: :func:`story_clusters`, :func:`merged_events`, :func:`control_changes`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import duckdb
import numpy as np
from pydantic import ValidationError

from dateline.corpus import incremental
from dateline.corpus.control import ControlTimeline, control_timeline, territory_places
from dateline.corpus.dedup import (
    DEFAULT_CONTAINMENT,
    DEFAULT_NUM_PERM,
    DEFAULT_THRESHOLD,
    cluster_of,
    cluster_signatures,
    signature,
)
from dateline.corpus.merge import MergedEvent, SourcedEvent, merge_events
from dateline.corpus.rows import (
    DDL as DDL,  # re-exported
)
from dateline.corpus.rows import (
    INDEX_DDL,
    INDEX_TABLES,
    TABLES,
    ensure_tables,
    has_tables,
    insert_merged,
    insert_timeline,
    read_params,
    write_params,
)
from dateline.errors import StoreError
from dateline.records import Article
from dateline.store import review
from dateline.store.duckdb_store import Store
from dateline.store.rows import insert_rows, written

log = logging.getLogger(__name__)


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
    full = _compute(store, threshold=threshold, containment=containment)
    return full.story_of, full.merged


class _Full:
    """Everything a rebuild computes: the tables' contents and the index rows."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.sigs = np.zeros((0, DEFAULT_NUM_PERM), dtype=np.uint32)
        self.sizes = np.zeros(0, dtype=np.int64)
        self.story_of: dict[str, str] = {}
        self.sourced: list[SourcedEvent] = []
        self.merged: list[MergedEvent] = []


def _compute(store: Store, *, threshold: float, containment: float) -> _Full:
    full = _Full()
    light: list[tuple[str, str | None, str | None, list[Any]]] = []
    sigs: list[np.ndarray] = []
    sizes: list[int] = []
    for a in iter_articles(store):  # in id order
        sig, size = signature(a.body)
        full.ids.append(a.id)
        sigs.append(sig)
        sizes.append(size)
        light.append((a.id, a.published, a.source or a.site, a.events))
    if full.ids:
        full.sigs, full.sizes = np.stack(sigs), np.array(sizes, dtype=np.int64)
    clusters = cluster_signatures(
        full.ids, full.sigs, full.sizes, threshold=threshold, containment=containment
    )
    full.story_of = story_of = cluster_of(clusters)
    full.sourced = [
        SourcedEvent(
            article_id=aid, idx=i, event=e, published=pub, source=src, story=story_of.get(aid)
        )
        for aid, pub, src, events in light
        for i, e in enumerate(events)
    ]
    full.merged = merge_events(full.sourced)
    return full


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
    full = _compute(store, threshold=threshold, containment=containment)
    story_of, merged = full.story_of, full.merged
    places = sorted(set(territory_places(merged)) | set(control_places))
    timelines = [control_timeline(merged, place) for place in places]
    timelines = [t for t in timelines if t.changes]
    component = incremental.event_components(full.sourced)

    def index(con: duckdb.DuckDBPyConnection) -> None:
        for table in INDEX_TABLES:  # dropped: an older layout is replaced by the current one
            con.execute(f"DROP TABLE IF EXISTS {table}")
        for stmt in INDEX_DDL:
            con.execute(stmt)
        incremental.write_index(con, full.ids, full.sigs, full.sizes, full.sourced, component)
        write_params(con, threshold, containment)

    write(store, story_of, merged, timelines, index=index)
    reviewed = review.reapply(store.con)  # the analyst's corrections, on the new rows
    return {
        "articles": len(story_of),
        "story_clusters": len(set(story_of.values())),
        "events": sum(m.n_sources for m in merged),
        "merged_events": len(merged),
        "control_places": len(timelines),
        "control_changes": sum(len(t.changes) for t in timelines),
        "reviewed_events": reviewed,
    }


def write(
    store: Store,
    story_of: dict[str, str],
    merged: list[MergedEvent],
    timelines: list[ControlTimeline] = (),  # type: ignore[assignment]
    *,
    index: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
) -> None:
    """Replace the corpus tables' rows with these (one transaction; ``index`` writes the
    index tables in it)."""
    ensure_tables(store)
    sizes: dict[str, int] = {}
    for cid in story_of.values():
        sizes[cid] = sizes.get(cid, 0) + 1
    con = store.con
    with written(con, "write the corpus tables"):
        for table in TABLES:
            con.execute(f"DELETE FROM {table}")
        clusters = [(aid, cid, sizes[cid]) for aid, cid in sorted(story_of.items())]
        insert_rows(con, "story_clusters", clusters)
        insert_merged(con, merged)
        insert_timeline(con, timelines)
        if index is not None:
            index(con)


def update(
    store: Store, article_ids: Iterable[str], *, control_places: Iterable[str] = ()
) -> dict[str, int]:
    """Add the stored articles ``article_ids`` (e.g. those one ingest stored) to the tables.

    Only the story clusters, merge components and control places they touch are recomputed
    (:mod:`dateline.corpus.incremental`); the rows are the same as :func:`rebuild` gives.  A
    database whose index tables are missing or out of step (written before they existed, or
    changed behind them) is rebuilt in full instead.
    """
    ensure_tables(store)
    counts = incremental.apply(store, article_ids, control_places=control_places)
    if counts is None:
        params = read_params(store) or {}
        return rebuild(
            store,
            threshold=params.get("threshold", DEFAULT_THRESHOLD),
            containment=params.get("containment", DEFAULT_CONTAINMENT),
            control_places=control_places,
        )
    if counts.get("new_articles"):
        counts["reviewed_events"] = review.reapply(store.con)
    return counts


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
