"""Add articles to the corpus tables without re-reading the corpus (:func:`apply`).

A full rebuild (:func:`dateline.corpus.tables.rebuild`) reads every stored article; this
module updates the tables for N new articles in time that grows with N and with the size of
the story clusters and merge components they touch, and gives the same rows as a rebuild.
Why it is exact:

* **Story clusters** are the connected components of a pairwise relation (an LSH band in
  common and a verified similarity; see :mod:`dateline.corpus.dedup`), with the smallest id as
  the cluster id.  A new article can only link stored articles that share a band key with it
  (the keys are in ``story_bands``), so the clusters of those articles, with the new ones, are
  clustered again from their stored signatures; every other cluster keeps its rows.  Exact
  copies enter the LSH through one representative (the smallest id) whose shingle count decides
  containment: re-clustering the whole touched clusters (not only joining them) keeps even
  that detail identical to a rebuild.
* **Merged events**: :func:`dateline.corpus.merge.merge_events` is greedy, but an event only
  ever joins a group all of whose members are compatible with it, so the greedy run over all
  events is the union of the greedy runs over each connected component of the compatibility
  graph (the groups, their order and the ties inside one component do not depend on other
  components).  Each stored event carries its component (``event_index``); the components
  holding an event compatible with a new one (found by blocking: same family and background,
  date intervals within :data:`~dateline.corpus.merge.DAY_SLACK`, or the same story cluster)
  and those of events whose story cluster changed are merged again, and their rows replaced.
  Merged ids derive from the member reports (the smallest ``(article_id, idx)``), so an
  unchanged event keeps its id.
* **Control timelines** are recomputed for the places a changed territory event is about
  (:func:`dateline.corpus.control.is_about`, found by :class:`~dateline.corpus.control.PlaceNames`),
  from the territory events about them.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any, cast

import duckdb
import numpy as np
from pydantic import ValidationError

from dateline.corpus import place_key, rows
from dateline.corpus.control import PlaceNames, control_timeline
from dateline.corpus.dedup import band_keys, cluster_of, cluster_signatures, signature
from dateline.corpus.merge import (
    DAY_SLACK,
    TERRITORY,
    MergedEvent,
    SourcedEvent,
    _norm,
    compatible,
    date_interval,
    merge_events,
    sourced_events,
)
from dateline.errors import StoreError
from dateline.events.acled import family
from dateline.records import Article, Event
from dateline.store.duckdb_store import Store
from dateline.store.rows import written

log = logging.getLogger(__name__)

Key = tuple[str, int]


# --- merge components ---------------------------------------------------------------------


def _may_merge(a: SourcedEvent, b: SourcedEvent) -> bool:
    return compatible(a, b) or compatible(b, a)


def event_components(events: Iterable[SourcedEvent]) -> dict[Key, str]:
    """``{(article_id, idx): component}``: connected components of :func:`compatible`, each
    named by its smallest key (``"article_id:idx"``).  Pairs are blocked as
    :func:`compatible` requires: the same story and sentence, or the same family and
    background with date intervals within the slack."""
    evs = sorted({se.key: se for se in events}.values(), key=lambda s: s.key)
    parent = list(range(len(evs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    reports: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    buckets: dict[tuple[str, bool], list[int]] = defaultdict(list)
    spans: dict[int, tuple[date, date] | None] = {}
    for i, se in enumerate(evs):
        e = se.event
        if se.story is not None:
            reports[(se.story, e.sub_event_type, _norm(e.evidence_text))].append(i)
        if e.event_date is not None:
            buckets[(family(e.sub_event_type), e.background)].append(i)
            spans[i] = date_interval(e.event_date, e.time_precision)
    for members in reports.values():  # copies of one story, same sentence: all compatible
        if len({evs[i].article_id for i in members}) > 1:
            for i in members[1:]:
                union(members[0], i)
    slack = timedelta(days=DAY_SLACK)
    for members in buckets.values():
        odd = [i for i in members if spans[i] is None]  # a date that is not a date
        for x, i in enumerate(odd):
            for j in odd[x + 1 :]:
                if find(i) != find(j) and _may_merge(evs[i], evs[j]):
                    union(i, j)
        timed = sorted((s[0], s[1], i) for i in members if (s := spans[i]) is not None)
        active: list[tuple[date, int]] = []
        for lo, hi, i in timed:  # sweep: intervals overlapping within the slack
            active = [(h, j) for h, j in active if h >= lo - slack]
            for _, j in active:
                if find(i) != find(j) and _may_merge(evs[i], evs[j]):
                    union(i, j)
            active.append((hi, i))
    return {se.key: f"{evs[find(i)].article_id}:{evs[find(i)].idx}" for i, se in enumerate(evs)}


# --- the index tables ---------------------------------------------------------------------


def _event_columns(events: Sequence[SourcedEvent], component: dict[Key, str]) -> dict[str, Any]:
    cols: dict[str, list[Any]] = defaultdict(list)
    for se in events:
        e = se.event
        span = date_interval(e.event_date, e.time_precision) if e.event_date else None
        cols["article_id"].append(se.article_id)
        cols["idx"].append(se.idx)
        cols["family"].append(family(e.sub_event_type))
        cols["background"].append(bool(e.background))
        cols["dated"].append(e.event_date is not None)
        cols["lo"].append(span[0].isoformat() if span else None)
        cols["hi"].append(span[1].isoformat() if span else None)
        cols["component"].append(component[se.key])
        cols["published"].append(se.published)
        cols["source"].append(se.source)
        cols["event_json"].append(e.model_dump_json())
        for name, value in zip(place_key.COLUMNS, place_key.columns(e), strict=True):
            cols[name].append(value)
    return dict(cols)


def write_index(
    con: duckdb.DuckDBPyConnection,
    ids: Sequence[str],
    sigs: np.ndarray,
    sizes: np.ndarray,
    events: Sequence[SourcedEvent],
    component: dict[Key, str],
) -> None:
    """Add index rows: signatures and band keys of ``ids``, and ``events`` with their
    components (inside the caller's transaction)."""
    if len(ids):
        rows.insert_columns(
            con,
            "story_signatures",
            {
                "article_id": list(ids),
                "n_shingles": np.asarray(sizes, dtype=np.int64),
                "sig": [s.tobytes() for s in sigs],
            },
        )
        keys = band_keys(sigs)
        n, bands = keys.shape
        rows.insert_columns(
            con,
            "story_bands",
            {
                "band": np.tile(np.arange(bands, dtype=np.int16), n),
                "key": keys.ravel(),
                "article_id": np.repeat(np.array(list(ids), dtype=object), bands),
            },
        )
    if events:
        rows.insert_columns(con, "event_index", _event_columns(events, component))


# --- the update ---------------------------------------------------------------------------

_EVENT_COLS = "article_id, idx, component, published, source, event_json"


def _ids_table(con: duckdb.DuckDBPyConnection, name: str, values: Iterable[Any]) -> None:
    con.register(name, {"v": np.array(sorted(set(values)), dtype=object)})


def _fetch(con: duckdb.DuckDBPyConnection, sql: str, **tables: Iterable[Any]) -> list[tuple]:
    """Run ``sql`` with each keyword registered as a one-column (``v``) table of values."""
    sets = {name: set(values) for name, values in tables.items()}
    if not all(sets.values()):
        return []  # every use filters by membership: an empty set matches nothing
    for name, values in sets.items():
        _ids_table(con, name, values)
    try:
        return con.execute(sql).fetchall()
    finally:
        for name in tables:
            con.unregister(name)


class _Stories:
    """Story cluster of any article: the re-clustered ones, else as stored."""

    def __init__(self, con: duckdb.DuckDBPyConnection, fresh: dict[str, str]) -> None:
        self.con, self.known = con, dict(fresh)

    def load(self, ids: Iterable[str]) -> None:
        need = {a for a in ids if a not in self.known}
        if need:
            sql = "SELECT article_id, cluster_id FROM story_clusters WHERE article_id IN (SELECT v FROM _dl_ids)"
            self.known.update(dict(_fetch(self.con, sql, _dl_ids=need)))

    def sourced(self, row: tuple) -> SourcedEvent:
        aid, idx, _, published, source, doc = row
        try:
            event = Event.model_validate_json(doc)
        except ValidationError as e:
            raise StoreError(f"indexed event {aid}:{idx} does not match the schema: {e}") from e
        return SourcedEvent(aid, idx, event, published, source, self.known.get(aid))


class _Blocks:
    """The seeds an event may be compatible with, as :func:`compatible` blocks them: the
    seeds of its story (the same report) and those of its family and background whose dates
    are within the slack of its own (or that, like its own, are not a date interval).  A
    superset of the compatible seeds, so testing only these decides the same."""

    def __init__(self, seeds: Sequence[SourcedEvent]) -> None:
        self.by_story: dict[str, list[SourcedEvent]] = defaultdict(list)
        self.by_bucket: dict[tuple[str, bool], list[tuple[Any, SourcedEvent]]] = defaultdict(list)
        for se in seeds:
            if se.story is not None:
                self.by_story[se.story].append(se)
            e = se.event
            if e.event_date is not None:
                span = date_interval(e.event_date, e.time_precision)
                self.by_bucket[(family(e.sub_event_type), bool(e.background))].append((span, se))

    def around(self, other: SourcedEvent) -> list[SourcedEvent]:
        out = list(self.by_story.get(other.story, ())) if other.story is not None else []
        e = other.event
        if e.event_date is None:
            return out
        span = date_interval(e.event_date, e.time_precision)
        slack = timedelta(days=DAY_SLACK)
        for s, se in self.by_bucket.get((family(e.sub_event_type), bool(e.background)), ()):
            if s is None or span is None:
                if s is None and span is None:
                    out.append(se)
            elif s[0] - slack <= span[1] and span[0] - slack <= s[1]:
                out.append(se)
        return out


def _candidates(
    con: duckdb.DuckDBPyConnection, seeds: Sequence[SourcedEvent], mates: set[str]
) -> list[tuple]:
    """Indexed events that may be compatible with a seed: the seeds' story mates' events and
    the events of the same family and background with dates within the slack that may share
    its place (:mod:`dateline.corpus.place_key`)."""
    slack = timedelta(days=DAY_SLACK)
    win: dict[str, list[Any]] = defaultdict(list)
    odd: set[tuple[str, bool]] = set()
    for se in seeds:
        e = se.event
        if e.event_date is None:
            continue
        span = date_interval(e.event_date, e.time_precision)
        if span is None:
            odd.add((family(e.sub_event_type), bool(e.background)))
            continue
        win["family"].append(family(e.sub_event_type))
        win["background"].append(bool(e.background))
        win["lo"].append((span[0] - slack).isoformat())
        win["hi"].append((span[1] + slack).isoformat())
        for name, value in zip(place_key.COLUMNS, place_key.columns(e), strict=True):
            win[name].append(value)
    out = _fetch(
        con,
        f"SELECT {_EVENT_COLS} FROM event_index WHERE article_id IN (SELECT v FROM _dl_ids)",
        _dl_ids=mates,
    )
    if win:
        con.register("_dl_win", {k: np.array(v, dtype=object) for k, v in win.items()})
        try:
            out += con.execute(
                f"SELECT DISTINCT {', '.join('i.' + c.strip() for c in _EVENT_COLS.split(','))}"
                " FROM event_index i JOIN _dl_win w ON i.family = w.family"
                " AND i.background = w.background"
                " AND i.lo <= CAST(w.hi AS DATE) AND i.hi >= CAST(w.lo AS DATE)"
                f" AND {place_key.may_share_place('i', 'w')}"
            ).fetchall()
        finally:
            con.unregister("_dl_win")
    for fam, background in odd:
        out += con.execute(
            f"SELECT {_EVENT_COLS} FROM event_index WHERE dated AND lo IS NULL"
            " AND family = ? AND background = ?",
            [fam, background],
        ).fetchall()
    return out


def _control(
    con: duckdb.DuckDBPyConnection, changed: Sequence[MergedEvent], control_places: Iterable[str]
) -> int:
    """Recompute the stored timelines of the places a changed territory event is about."""
    terr = [m.event for m in changed if m.event.sub_event_type in TERRITORY]
    if not terr:
        return 0
    names = list(TERRITORY)
    found = con.execute(
        "SELECT merged_id, location,"
        " TRY_CAST(json_extract_string(merged_json, '$.event.geo_precision') AS INTEGER),"
        " json_extract_string(merged_json, '$.event.evidence_text'),"
        " json_extract_string(merged_json, '$.event.notes')"
        " FROM merged_events WHERE sub_event_type IN (?, ?, ?)",
        names,
    ).fetchall()
    light = [
        (
            mid,
            cast(
                Event,
                SimpleNamespace(
                    location=loc, geo_precision=gp, evidence_text=ev or "", notes=notes
                ),
            ),
        )
        for mid, loc, gp, ev, notes in found
    ]
    universe = {e.location for _, e in light if e.location and (e.geo_precision or 0) < 3}
    universe |= set(control_places)
    stored = {r[0] for r in con.execute("SELECT DISTINCT place FROM control_changes").fetchall()}
    known = PlaceNames(universe | stored)
    touched = sorted({p for e in terr for p in known.about(e)})
    recomputed = PlaceNames(p for p in touched if p in universe)
    about: dict[str, list[str]] = defaultdict(list)
    for mid, e in light:
        for place in recomputed.about(e):
            about[place].append(mid)
    for place in touched:
        con.execute("DELETE FROM control_changes WHERE place = ?", [place])
        if place not in universe:
            continue
        docs = _fetch(
            con,
            "SELECT merged_json FROM merged_events WHERE merged_id IN (SELECT v FROM _dl_ids)",
            _dl_ids=about[place],
        )
        merged = [MergedEvent.model_validate_json(d[0]) for d in docs]
        merged.sort(key=lambda m: (m.event.event_date or "9999", m.merged_id))
        timeline = control_timeline(merged, place)
        if timeline.changes:
            rows.insert_timeline(con, [timeline])
    return len(touched)


def apply(
    store: Store, article_ids: Iterable[str], *, control_places: Iterable[str] = ()
) -> dict[str, int] | None:
    """Update the corpus tables for the stored articles ``article_ids`` (those already in the
    tables are skipped).  Returns what was recomputed, or None when the index tables are
    missing or do not cover the other stored articles (the caller then rebuilds)."""
    con = store.con
    if not all(rows.has_tables(store, t) for t in rows.TABLES + rows.INDEX_TABLES):
        return None
    params = rows.read_params(store)
    if params is None or params.get("index") != rows.INDEX_VERSION:
        return None
    wanted = set(article_ids)
    docs = _fetch(
        con,
        "SELECT id, article_json FROM articles WHERE id IN (SELECT v FROM _dl_ids)"
        " AND id NOT IN (SELECT article_id FROM story_signatures) ORDER BY id",
        _dl_ids=wanted,
    )
    (n_indexed,) = con.execute("SELECT count(*) FROM story_signatures").fetchall()[0]
    (n_articles,) = con.execute("SELECT count(*) FROM articles").fetchall()[0]
    if n_indexed + len(docs) != n_articles:
        log.info("corpus index does not cover the stored articles: rebuilding")
        return None
    if not docs:
        return {"new_articles": 0}
    try:
        new = [Article.model_validate_json(d) for _, d in docs]
    except ValidationError as e:
        raise StoreError(f"a new article does not match the schema: {e}") from e
    new_ids = [a.id for a in new]

    # 1. story clusters: re-cluster the clusters sharing a band key with a new article
    sig_new = np.empty((len(new), 128), dtype=np.uint32)
    size_new = np.empty(len(new), dtype=np.int64)
    for i, a in enumerate(new):
        sig_new[i], size_new[i] = signature(a.body)
    keys = band_keys(sig_new)
    con.register(
        "_dl_keys",
        {
            "band": np.tile(np.arange(keys.shape[1], dtype=np.int16), len(new)),
            "key": keys.ravel(),
        },
    )
    try:
        old = con.execute(
            "SELECT s.article_id, s.cluster_id, g.n_shingles, g.sig FROM story_clusters s"
            " JOIN story_signatures g USING (article_id) WHERE s.cluster_id IN ("
            "  SELECT c.cluster_id FROM story_clusters c JOIN ("
            "   SELECT DISTINCT b.article_id FROM story_bands b JOIN _dl_keys k"
            "   ON b.band = k.band AND b.key = k.key) t USING (article_id))"
        ).fetchall()
    finally:
        con.unregister("_dl_keys")
    before = {aid: cid for aid, cid, _, _ in old}
    pool = sorted(
        [(aid, np.frombuffer(sig, dtype=np.uint32), n) for aid, _, n, sig in old]
        + [(a, sig_new[i], int(size_new[i])) for i, a in enumerate(new_ids)]
    )
    clusters = cluster_signatures(
        [p[0] for p in pool],
        np.stack([p[1] for p in pool]),
        np.array([p[2] for p in pool], dtype=np.int64),
        threshold=params["threshold"],
        containment=params["containment"],
    )
    story_new = cluster_of(clusters)
    changed_articles = {a for a, cid in before.items() if story_new[a] != cid}
    stories = _Stories(con, story_new)

    # 2. merged events: re-merge the components an event of a new (or re-clustered) article
    # may join
    seeds = sourced_events(new, story_new)
    changed_rows = _fetch(
        con,
        f"SELECT {_EVENT_COLS} FROM event_index WHERE article_id IN (SELECT v FROM _dl_ids)",
        _dl_ids=changed_articles,
    )
    comps = {r[2] for r in changed_rows}
    seeds += [stories.sourced(r) for r in changed_rows]
    mates = {m for c in clusters for m in c.members if len(c.members) > 1} - set(new_ids)
    cand = _candidates(con, seeds, mates)
    stories.load(r[0] for r in cand)
    near = _Blocks(seeds)
    for row in cand:
        if row[2] not in comps:
            other = stories.sourced(row)
            if any(_may_merge(se, other) for se in near.around(other)):
                comps.add(row[2])
    k_rows = _fetch(
        con,
        f"SELECT {_EVENT_COLS} FROM event_index WHERE component IN (SELECT v FROM _dl_ids)",
        _dl_ids=comps,
    )
    stories.load(r[0] for r in k_rows)
    k_old = [stories.sourced(r) for r in k_rows]
    group = k_old + sourced_events(new, story_new)
    merged = merge_events(group)
    component = event_components(group)
    con.register(
        "_dl_keys",
        {
            "article_id": np.array([se.article_id for se in k_old], dtype=object),
            "idx": np.array([se.idx for se in k_old], dtype=np.int64),
        },
    )
    try:
        was = con.execute(
            "SELECT merged_id, merged_json FROM merged_events WHERE merged_id IN ("
            " SELECT s.merged_id FROM merged_event_sources s JOIN _dl_keys k"
            " ON s.article_id = k.article_id AND s.idx = k.idx)"
        ).fetchall()
    finally:
        con.unregister("_dl_keys")
    now = {m.merged_id: (m, m.model_dump_json()) for m in merged}
    gone = [mid for mid, doc in was if mid not in now or now[mid][1] != doc]
    kept = {mid for mid, doc in was if mid in now and now[mid][1] == doc}
    added = [m for mid, (m, _) in now.items() if mid not in kept]
    changed = [MergedEvent.model_validate_json(doc) for mid, doc in was if mid not in kept] + added

    # 3. write it all in one transaction
    sizes: dict[str, int] = defaultdict(int)
    for cid in story_new.values():
        sizes[cid] += 1
    with written(con, "update the corpus tables"):
        _fetch(
            con,
            "DELETE FROM story_clusters WHERE article_id IN (SELECT v FROM _dl_ids)",
            _dl_ids=story_new,
        )
        rows.insert_columns(
            con,
            "story_clusters",
            {
                "article_id": sorted(story_new),
                "cluster_id": [story_new[a] for a in sorted(story_new)],
                "cluster_size": [sizes[story_new[a]] for a in sorted(story_new)],
            },
        )
        _fetch(
            con, "DELETE FROM event_index WHERE component IN (SELECT v FROM _dl_ids)", _dl_ids=comps
        )
        write_index(con, new_ids, sig_new, size_new, group, component)
        for table in ("merged_event_sources", "merged_events"):
            _fetch(
                con, f"DELETE FROM {table} WHERE merged_id IN (SELECT v FROM _dl_ids)", _dl_ids=gone
            )
        rows.insert_merged(con, added)
        places = _control(con, changed, control_places)
    counts = {
        "new_articles": len(new),
        "reclustered_articles": len(story_new),
        "remerged_events": len(group),
        "merged_events_replaced": len(added),
        "control_places_recomputed": places,
    }
    log.info("corpus tables updated: %s", counts)
    return counts
