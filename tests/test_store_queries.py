"""The store's query functions give the answers of plain reference queries (random stores).

The queries of :mod:`dateline.store.queries` filter and sort on derived search columns
(lower-cased keys, the article's published time, the place's geonameid) for speed; the
reference queries here are the straightforward ones over the record columns, with joins and
correlated subqueries, as the API ran them before. Hypothesis builds small stores whose values
collide on purpose (same dates, same published times, mixed case, non-ASCII letters whose
lower case differs between libraries, the key separator inside values and searches).
"""

from __future__ import annotations

import logging
import random
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.errors import StoreError
from dateline.records import Article, Event, Place, Plover, Quote, Sentence, Span
from dateline.store import Store, browse
from dateline.store import queries as Q
from dateline.store.schema import ADDED_IN_3, COLUMNS, EVENT_SEARCH_COLUMNS, KEY_SEP

NAMES = ["Aleppo", "aleppo", "ALEPPO Rural", "İzmir", "Straße", "ΣΟΦΊΑ", f"Al{KEY_SEP}Bab", "Idlib"]
ACTORS = ["Military Forces of Syria", "Islamic State", "Protesters (Kenya)", "Straße Gang", None]
TYPES = ["Battles", "battles", "Protests", "Riots"]
SUBS = ["Armed clash", "Attack", "armed CLASH"]
PLOVERS = ["ASSAULT", "PROTEST", "Battles", None]
DATES = ["2016-03-27", "2016-03-28", "2020-01-13", None]
PUBLISHED = ["2016-03-28T10:00", "2016-03-28T09:00", "2020-01-14", None]
GIDS = [163808, 184745, None]
NEEDLE_BASES = (
    ["aleppo", "rural", "izmir", "i̇zmir", "İzmir", "straße", "strasse", "σοφία", "ΣΟΦΊΑ", KEY_SEP,
     f"l{KEY_SEP}b", f"aleppo{KEY_SEP}syria", "syria", "islamic", "kenya", "o", "zzz"]
)  # fmt: skip
NEEDLES = st.sampled_from(NEEDLE_BASES).flatmap(
    lambda n: st.sampled_from([n, n.upper(), n.lower(), n.title()])
)

TEXT = "x" * 400


def build_article(key: int, pick: Callable[[Sequence[Any]], Any]) -> Article:
    """An article whose every choice is ``pick(options)`` (Hypothesis, or a seeded Random)."""
    a = Article.from_raw(f"raw page {key} {pick(range(10**9))}", uri=f"mem://{key}")
    a.text = TEXT
    a.headline = pick(["Army retakes town", "March", None])
    a.published = pick(PUBLISHED)
    a.sentences = [Sentence(start=0, end=len(TEXT))]
    n_places = pick(range(0, 3 + 1))
    for i in range(n_places):
        name = pick(NAMES)
        a.places.append(
            Place(
                start=i,
                end=i + 3,
                text=pick(NAMES),
                name=name,
                geonameid=pick(GIDS),
                country=pick(["Syria", "Kenya", None]),
                country_code=pick(["SY", "KE", None]),
                latitude=pick([34.5, -1.3, None]),
                longitude=pick([38.3, 36.8, -170.0, None]),
            )
        )
    a.quotes = [
        Quote(kind="direct", content=Span(start=0, end=5), content_text="xxxxx", sentence=0)
        for _ in range(pick(range(0, 2 + 1)))
    ]
    for i in range(pick(range(0, 6 + 1))):
        a.events.append(
            Event(
                event_id=f"{a.id}-{i}",
                event_date=pick(DATES),
                event_type=pick(TYPES),
                sub_event_type=pick(SUBS),
                actor1=pick(ACTORS),
                actor2=pick(ACTORS),
                assoc_actor_1=pick(ACTORS),
                assoc_actor_2=pick(ACTORS),
                location=pick([*NAMES, None]),
                admin1=pick(["Aleppo Governorate", None]),
                country=pick(["Syria", "Kenya", None]),
                latitude=pick([34.5, -1.3, 16.2, None]),
                longitude=pick([38.3, 36.8, -0.04, 179.5, None]),
                plover=(Plover(category=c) if (c := pick(PLOVERS)) is not None else None),
                evidence=Span(start=0, end=10),
                evidence_text="x" * 10,
                sentence=0,
                place=pick([None, -1, 0, 1, 2, 5]),
                background=pick([False, True]),
            )
        )
    return a


@st.composite
def articles(draw: st.DrawFn, key: int) -> Article:
    return build_article(key, lambda options: draw(st.sampled_from(options)))


@st.composite
def stores(draw: st.DrawFn) -> list[Article]:
    return [draw(articles(k)) for k in range(draw(st.integers(1, 6)))]


FILTER_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "place": NEEDLES,
    "geonameid": st.sampled_from([g for g in GIDS if g is not None]),
    "bbox": st.sampled_from([(30.0, 30.0, 40.0, 40.0), (170.0, -90.0, -0.01, 90.0)]),
    "actor": NEEDLES,
    "type": st.sampled_from(["BATTLES", "protests", "assault", "Attack", "x"]),
    "sub_type": st.sampled_from(["armed clash", "ATTACK", "x"]),
    "since": st.sampled_from(DATES[:3]),
    "until": st.sampled_from(DATES[:3]),
    "background": st.booleans(),
}


@st.composite
def filters(draw: st.DrawFn) -> Q.EventFilter:
    """No filter, one, or two of them (more would mostly leave nothing to compare)."""
    names = draw(st.lists(st.sampled_from(sorted(FILTER_VALUES)), max_size=2, unique=True))
    return Q.EventFilter(**{n: draw(FILTER_VALUES[n]) for n in names})


# --- the reference: the plain queries over the record columns (the API's before v2) ---------
def _ref_where(f: Q.EventFilter) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if f.place:
        where.append(
            "(contains(lower(e.location), lower(?)) OR contains(lower(e.admin1), lower(?))"
            " OR contains(lower(e.country), lower(?)))"
        )
        params += [f.place] * 3
    if f.geonameid is not None:
        where.append(
            "EXISTS (SELECT 1 FROM places p WHERE p.article_id = e.article_id"
            " AND p.idx = e.place AND p.geonameid = ?)"
        )
        params.append(f.geonameid)
    if f.bbox is not None:
        w, s, east, n = f.bbox
        where.append("e.latitude BETWEEN ? AND ?")
        params += [s, n]
        if w <= east:
            where.append("e.longitude BETWEEN ? AND ?")
        else:
            where.append("(e.longitude >= ? OR e.longitude <= ?)")
        params += [w, east]
    if f.actor:
        where.append(
            "(contains(lower(e.actor1), lower(?)) OR contains(lower(e.actor2), lower(?))"
            " OR contains(lower(e.assoc_actor_1), lower(?))"
            " OR contains(lower(e.assoc_actor_2), lower(?)))"
        )
        params += [f.actor] * 4
    if f.type:
        where.append("(lower(e.event_type) = lower(?) OR lower(e.plover_category) = lower(?))")
        params += [f.type] * 2
    if f.sub_type:
        where.append("lower(e.sub_event_type) = lower(?)")
        params.append(f.sub_type)
    if f.since:
        where.append("e.event_date >= ?")
        params.append(f.since)
    if f.until:
        where.append("e.event_date <= ?")
        params.append(f.until)
    if f.background is not None:
        where.append("coalesce(e.background, false) = ?")
        params.append(f.background)
    return (" WHERE " + " AND ".join(where)) if where else "", params


RECORD = ", ".join(f"e.{n}" for n, _ in COLUMNS["events"])


def ref_events(con: Any, f: Q.EventFilter, limit: int, offset: int) -> tuple[int, list[dict]]:
    where, params = _ref_where(f)
    total = Q.one(
        con, "SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id" + where, params
    )
    items = Q.rows(
        con,
        f"SELECT {RECORD}, a.headline AS article_headline, a.published AS article_published,"
        " (SELECT p.geonameid FROM places p WHERE p.article_id = e.article_id AND p.idx = e.place)"
        " AS place_geonameid, a.source AS article_source, false AS reviewed,"
        " NULL AS review_status"
        " FROM events e JOIN articles a ON a.id = e.article_id"
        + where
        + " ORDER BY e.event_date NULLS LAST, a.published, e.article_id, e.idx LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return int(total), [Q._event_out(r) for r in items]


def ref_histogram(con: Any, f: Q.EventFilter) -> list[dict]:
    where, params = _ref_where(f)
    extra = " AND " if where else " WHERE "
    return Q.rows(
        con,
        "SELECT e.event_date AS date, count(*) AS n FROM events e"
        " JOIN articles a ON a.id = e.article_id" + where + extra + "e.event_date IS NOT NULL"
        " GROUP BY e.event_date ORDER BY e.event_date",
        params,
    )


def ref_places(con: Any, q: str | None) -> list[dict]:
    where, params = "WHERE p.geonameid IS NOT NULL", []
    if q:
        where += " AND (contains(lower(p.name), lower(?)) OR contains(lower(p.text), lower(?)))"
        params = [q, q]
    return Q.rows(
        con,
        f"SELECT {browse._PLACE_GROUP}, count(*) AS n_mentions, count(DISTINCT p.article_id) AS"
        " n_articles, (SELECT count(*) FROM events e, places p2 WHERE p2.geonameid = p.geonameid"
        "  AND e.article_id = p2.article_id AND e.place = p2.idx) AS n_events"
        f" FROM places p {where} GROUP BY ALL ORDER BY n_mentions DESC, p.name",
        params,
    )


def ref_articles(con: Any) -> list[dict]:
    return Q.rows(
        con,
        "SELECT a.id, a.headline, a.site, a.source, a.dateline, a.published, a.published_date,"
        " (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS n_events,"
        " (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS n_quotes,"
        " (SELECT count(*) FROM places p WHERE p.article_id = a.id) AS n_places"
        " FROM articles a ORDER BY a.published DESC NULLS LAST, a.id",
    )


def _store(arts: list[Article]) -> Store:
    store = Store.open(":memory:")
    for a in arts:
        store.add(a)
    return store


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arts=stores(), f=filters(), limit=st.integers(0, 8), offset=st.integers(0, 12))
def test_events_match_the_reference(
    arts: list[Article], f: Q.EventFilter, limit: int, offset: int
) -> None:
    with _store(arts) as store:
        con = store.con
        assert Q.events(con, f, limit=limit, offset=offset) == ref_events(con, f, limit, offset)
        assert Q.event_page(con, f, limit=None) == ref_events(con, f, 2**62, 0)[1]
        assert Q.event_histogram(con, f) == ref_histogram(con, f)
        # the CLI's Store.events is the same query
        assert store.events(
            place=f.place, actor=f.actor, type=f.type, sub_type=f.sub_type, since=f.since,
            until=f.until, geonameid=f.geonameid, bbox=f.bbox, background=f.background,
            limit=limit, offset=offset,
        ) == Q.event_page(con, f, limit=limit, offset=offset)  # fmt: skip


@pytest.mark.parametrize("seed", [1, 2])
def test_every_filter_value_on_a_seeded_store(seed: int) -> None:
    """Each filter alone with each of its values (and the case variants of every search
    text), several pages deep, on one larger random store."""
    rng = random.Random(seed)
    arts = [build_article(k, rng.choice) for k in range(40)]
    needles = sorted({v for n in NEEDLE_BASES for v in (n, n.upper(), n.lower(), n.title())})
    values: dict[str, list[Any]] = {
        "place": needles,
        "actor": needles,
        "geonameid": [g for g in GIDS if g is not None],
        "bbox": [(30.0, 30.0, 40.0, 40.0), (170.0, -90.0, -0.01, 90.0)],
        "type": ["BATTLES", "protests", "assault", "Attack"],
        "sub_type": ["armed clash", "ATTACK"],
        "since": DATES[:3],
        "until": DATES[:3],
        "background": [False, True],
    }
    with _store(arts) as store:
        con = store.con
        matched = 0
        for name, vals in values.items():
            for v in vals:
                f = Q.EventFilter(**{name: v})
                for offset in (0, 3, 20, 70):
                    got = Q.events(con, f, limit=7, offset=offset)
                    assert got == ref_events(con, f, 7, offset), (f, offset)
                    matched += got[0] > 0
                assert Q.event_histogram(con, f) == ref_histogram(con, f), f
        assert matched > 100  # the filters do select rows: the comparison is not vacuous


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arts=stores(), q=st.none() | NEEDLES, limit=st.integers(1, 5), offset=st.integers(0, 6))
def test_places_and_articles_match_the_reference(
    arts: list[Article], q: str | None, limit: int, offset: int
) -> None:
    with _store(arts) as store:
        con = store.con
        ref = ref_places(con, q)
        total, every = browse.places(con, q=q, country=None, limit=10**6, offset=0)
        # the same rows; in the reference's order (which leaves ties to chance, the new one not)
        assert total == len(ref)
        key = lambda r: tuple(sorted((k, str(v)) for k, v in r.items()))  # noqa: E731
        assert sorted(every, key=key) == sorted(ref, key=key)
        order = [(-r["n_mentions"], r["name"]) for r in every]
        assert order == sorted(order)
        assert browse.places(con, q=q, country=None, limit=limit, offset=offset) == (
            total,
            every[offset : offset + limit],
        )
        ref_a = ref_articles(con)
        assert browse.articles(con, None, limit=limit, offset=offset) == (
            len(ref_a),
            ref_a[offset : offset + limit],
        )


def _downgrade(path: Path, version: str) -> None:
    """Make ``path`` look like a database of store schema ``version`` ("1": before the search
    columns, "2": before the field probabilities)."""
    con = duckdb.connect(str(path))
    con.execute("DROP INDEX events_date")
    dropped = [(t, n) for t, cols in ADDED_IN_3.items() for n, _ in cols]
    if version == "1":
        dropped += [("events", n) for n, _ in EVENT_SEARCH_COLUMNS]
    for table, name in dropped:
        con.execute(f"ALTER TABLE {table} DROP COLUMN {name}")
    con.execute("CREATE INDEX events_date ON events (event_date)")
    con.execute("UPDATE meta SET value = ? WHERE key = 'store_schema'", [version])
    con.close()


def _kept(table: str) -> str:
    """The columns of ``table`` an upgrade keeps as they were (all but the added ones)."""
    added = {n for n, _ in ADDED_IN_3.get(table, [])}
    cols = COLUMNS[table] + (EVENT_SEARCH_COLUMNS if table == "events" else [])
    return ", ".join(n for n, _ in cols if n not in added)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arts=stores(), version=st.sampled_from(["1", "2"]))
def test_older_database_is_upgraded_in_place(arts: list[Article], version: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "old.duckdb"
        with Store.open(path) as store:
            for a in arts:
                store.add(a)
            written = {
                t: store.con.execute(
                    f"SELECT {_kept(t)} FROM {t} ORDER BY article_id, idx"
                ).fetchall()
                for t in ("events", "times", "places")
            }
        _downgrade(path, version)
        with pytest.raises(StoreError, match="dateline optimize"):
            Store.open(path, read_only=True)
        handler = _Records()
        logger = logging.getLogger("dateline.store")
        logger.addHandler(handler)
        try:
            with Store.open(path) as store:
                upgraded = {
                    t: store.con.execute(
                        f"SELECT {_kept(t)} FROM {t} ORDER BY article_id, idx"
                    ).fetchall()
                    for t in written
                }
                # the added columns exist, empty: older records carry no probability
                for t, cols in ADDED_IN_3.items():
                    for n, _ in cols:
                        got = store.con.execute(f"SELECT count({n}) FROM {t}").fetchone()
                        assert got == (0,)
        finally:
            logger.removeHandler(handler)
        assert any(f"upgrading store schema {version}" in m for m in handler.messages)
        assert upgraded == written
        with Store.open(path, read_only=True) as store:  # now readable as it is
            assert store.con.execute("SELECT value FROM meta").fetchone() == ("3",)


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_cached_aggregations_follow_writes(tmp_path: Path) -> None:
    """Places and facets are cached per database state: a write shows at once."""
    rng = random.Random(5)
    arts = [build_article(k, rng.choice) for k in range(30)]
    with Store.open(tmp_path / "c.duckdb") as store:
        for a in arts[:20]:
            store.add(a)
        for a in arts[20:]:
            browse.places(store.con, q=None, country=None, limit=50, offset=0)  # fills the cache
            Q.event_facets(store.con)
            store.add(a)
            total, items = browse.places(store.con, q=None, country=None, limit=50, offset=0)
            ref = ref_places(store.con, None)
            assert total == len(ref) and sorted(map(str, items)) == sorted(map(str, ref))
            fresh = Q._event_facets(store.con, 100)
            assert Q.event_facets(store.con) == fresh
