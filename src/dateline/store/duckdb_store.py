"""DuckDB storage of analysed articles, their facts, rejections and ingest runs.

One database file (default ``./dateline.duckdb``) holds:

- ``articles``: one row per stored document, keyed by its content hash, with the full
  Article JSON (the source of truth: :meth:`Store.get_article` rebuilds the Article from it);
- ``entities``, ``mentions``, ``quotes``, ``times``, ``places``, ``events``: one row per
  record, keyed ``(article_id, idx)`` where ``idx`` is the record's index in its Article list,
  flattened into columns so they can be queried; ``events`` also has search columns derived
  from its record, its article and its place (:data:`EVENT_SEARCH_COLUMNS`), filled as it is
  written, on which :mod:`dateline.store.queries` filters and sorts;
- ``rejections``: documents that were not kept, with an error code from :mod:`dateline.errors`;
- ``runs``: one row per ingest with its counts.

Each article is written in one transaction (all its rows or none); storing a document whose
content hash is already present changes nothing; retrying a rejected document updates its
one rejection row instead of adding another. All SQL takes its values as parameters.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal

import duckdb
from pydantic import ValidationError

from dateline.errors import InputError, NotFound, StoreError
from dateline.records import Article, Event, Rejection

log = logging.getLogger(__name__)

#: version of the tables; "2" added the events' search columns (a "1" database opened for
#: writing is upgraded in place)
STORE_SCHEMA = "2"
DEFAULT_DB = Path("dateline.duckdb")

AddResult = Literal["stored", "duplicate", "rejected"]

# --- schema -------------------------------------------------------------------------------

_SPAN = [("start_char", "INTEGER"), ("end_char", "INTEGER")]
_KEY = [("article_id", "VARCHAR NOT NULL"), ("idx", "INTEGER NOT NULL")]

COLUMNS: dict[str, list[tuple[str, str]]] = {
    "articles": [
        ("id", "VARCHAR PRIMARY KEY"),
        ("source", "VARCHAR"),
        ("site", "VARCHAR"),
        ("headline", "VARCHAR"),
        ("byline", "VARCHAR"),
        ("dateline", "VARCHAR"),
        ("published", "VARCHAR"),
        ("published_date", "DATE"),
        ("published_precision", "VARCHAR"),
        ("timezone", "VARCHAR"),
        ("timezone_known", "BOOLEAN"),
        ("language", "VARCHAR"),
        ("text", "VARCHAR"),
        ("n_sentences", "INTEGER"),
        ("stages", "VARCHAR"),
        ("schema_version", "VARCHAR"),
        ("article_json", "VARCHAR NOT NULL"),
        ("ingested_at", "TIMESTAMP NOT NULL"),
    ],
    "entities": _KEY
    + [
        ("entity_id", "INTEGER"),
        ("canonical", "VARCHAR"),
        ("label", "VARCHAR"),
        ("kind", "VARCHAR"),
        ("aliases", "VARCHAR"),  # JSON list
        ("roles", "VARCHAR"),  # JSON list of Role
        ("n_mentions", "INTEGER"),
    ],
    "mentions": _KEY
    + _SPAN
    + [("text", "VARCHAR"), ("label", "VARCHAR"), ("sentence", "INTEGER"), ("entity", "INTEGER")],
    "quotes": _KEY
    + [
        ("kind", "VARCHAR"),
        ("content_start", "INTEGER"),
        ("content_end", "INTEGER"),
        ("content_text", "VARCHAR"),
        ("cue_start", "INTEGER"),
        ("cue_end", "INTEGER"),
        ("cue_text", "VARCHAR"),
        ("speaker_start", "INTEGER"),
        ("speaker_end", "INTEGER"),
        ("speaker_text", "VARCHAR"),
        ("speaker_entity", "INTEGER"),
        ("speaker_name", "VARCHAR"),
        ("speaker_kind", "VARCHAR"),
        ("speaker_title", "VARCHAR"),
        ("sentence", "INTEGER"),
        ("sentences", "VARCHAR"),  # JSON list
    ],
    "times": _KEY
    + _SPAN
    + [
        ("text", "VARCHAR"),
        ("type", "VARCHAR"),
        ("value", "VARCHAR"),
        ("precision", "VARCHAR"),
        ("mod", "VARCHAR"),
        ("bound", "VARCHAR"),
        ("anchor", "VARCHAR"),
        ("sentence", "INTEGER"),
    ],
    "places": _KEY
    + _SPAN
    + [
        ("text", "VARCHAR"),
        ("name", "VARCHAR"),
        ("geonameid", "BIGINT"),
        ("feature", "VARCHAR"),
        ("country", "VARCHAR"),
        ("country_code", "VARCHAR"),
        ("iso_numeric", "INTEGER"),
        ("admin1", "VARCHAR"),
        ("latitude", "DOUBLE"),
        ("longitude", "DOUBLE"),
        ("population", "BIGINT"),
        ("score", "DOUBLE"),
        ("sentence", "INTEGER"),
    ],
    "events": _KEY
    + [
        # ACLED columns, as in records.Event
        ("event_id", "VARCHAR"),
        ("event_date", "VARCHAR"),  # YYYY-MM-DD; ISO strings order as dates
        ("year", "INTEGER"),
        ("time_precision", "INTEGER"),
        ("disorder_type", "VARCHAR"),
        ("event_type", "VARCHAR"),
        ("sub_event_type", "VARCHAR"),
        ("actor1", "VARCHAR"),
        ("assoc_actor_1", "VARCHAR"),
        ("inter1", "INTEGER"),
        ("actor2", "VARCHAR"),
        ("assoc_actor_2", "VARCHAR"),
        ("inter2", "INTEGER"),
        ("interaction", "INTEGER"),
        ("civilian_targeting", "VARCHAR"),
        ("iso", "INTEGER"),
        ("region", "VARCHAR"),
        ("country", "VARCHAR"),
        ("admin1", "VARCHAR"),
        ("location", "VARCHAR"),
        ("latitude", "DOUBLE"),
        ("longitude", "DOUBLE"),
        ("geo_precision", "INTEGER"),
        ("source", "VARCHAR"),
        ("fatalities", "INTEGER"),
        ("notes", "VARCHAR"),
        ("tags", "VARCHAR"),
        # PLOVER
        ("plover_category", "VARCHAR"),
        ("plover_mode", "VARCHAR"),
        ("plover_context", "VARCHAR"),  # JSON list
        ("plover_size", "INTEGER"),
        ("plover_dead", "INTEGER"),
        ("plover_injured", "INTEGER"),
        # provenance
        ("claimed_by", "VARCHAR"),
        ("trigger_start", "INTEGER"),
        ("trigger_end", "INTEGER"),
        ("trigger_text", "VARCHAR"),
        ("evidence_start", "INTEGER"),
        ("evidence_end", "INTEGER"),
        ("evidence_text", "VARCHAR"),
        ("sentence", "INTEGER"),
        ("time_expr", "INTEGER"),
        ("place", "INTEGER"),
        ("background", "BOOLEAN"),
        ("confidence", "DOUBLE"),
    ],
    "rejections": [
        ("id", "BIGINT PRIMARY KEY DEFAULT nextval('rejection_ids')"),
        ("uri", "VARCHAR"),
        ("content_hash", "VARCHAR"),
        ("code", "VARCHAR NOT NULL"),
        ("reason", "VARCHAR"),
        ("stage", "VARCHAR"),
        ("rejected_at", "TIMESTAMP NOT NULL"),
        ("last_at", "TIMESTAMP NOT NULL"),
        ("run_id", "BIGINT"),
    ],
    "runs": [
        ("id", "BIGINT PRIMARY KEY DEFAULT nextval('run_ids')"),
        ("started_at", "TIMESTAMP NOT NULL"),
        ("finished_at", "TIMESTAMP"),
        ("paths", "VARCHAR"),  # JSON list
        ("stages", "VARCHAR"),  # JSON list
        ("version", "VARCHAR"),
        ("stored", "INTEGER DEFAULT 0"),
        ("duplicate", "INTEGER DEFAULT 0"),
        ("rejected", "INTEGER DEFAULT 0"),
    ],
}

#: separates the lower-cased columns joined in one search key (a control character, so that a
#: search text without it cannot match across two columns)
KEY_SEP = "\x1f"
#: search key -> the event columns it holds, lower-cased (by DuckDB's lower) and joined by KEY_SEP
SEARCH_KEYS: dict[str, tuple[str, ...]] = {
    "place_key": ("location", "admin1", "country"),
    "actor_key": ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"),
    "type_key": ("event_type",),
    "sub_type_key": ("sub_event_type",),
    "plover_key": ("plover_category",),
}
#: columns of ``events`` derived from the record, its article and its place: the article's
#: ``published`` (for the order of events), the geonameid of the event's place, the search keys
EVENT_SEARCH_COLUMNS: list[tuple[str, str]] = [
    ("article_published", "VARCHAR"),
    ("place_geonameid", "BIGINT"),
    *((key, "VARCHAR") for key in SEARCH_KEYS),
]

RECORD_TABLES = ("entities", "mentions", "quotes", "times", "places", "events")

#: ACLED's export columns, in the codebook's order (../shared/docs/event-schema.md)
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
#: dateline's extra columns, after ACLED's
EXTRA_COLUMNS = (
    "article_id",
    "sentence",
    "evidence_start",
    "evidence_end",
    "evidence_text",
    "plover_category",
    "plover_mode",
    "plover_size",
    "claimed_by",
    "background",
    "confidence",
    "merged_id",
    "n_sources",
    "source_urls",
)


_META_DDL = "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)"


_EVENTS_INDEX = "CREATE INDEX IF NOT EXISTS events_date ON events (event_date)"


def _table_ddl(table: str) -> str:
    cols = COLUMNS[table] + (EVENT_SEARCH_COLUMNS if table == "events" else [])
    body = ", ".join(f"{name} {typ}" for name, typ in cols)
    if table in RECORD_TABLES:
        body += ", PRIMARY KEY (article_id, idx)"
    return f"CREATE TABLE IF NOT EXISTS {table} ({body})"


def _ddl() -> list[str]:
    stmts = [
        "CREATE SEQUENCE IF NOT EXISTS rejection_ids",
        "CREATE SEQUENCE IF NOT EXISTS run_ids",
        _META_DDL,
    ]
    stmts += [_table_ddl(table) for table in COLUMNS]
    stmts += [
        "CREATE INDEX IF NOT EXISTS rejections_hash ON rejections (content_hash)",
        "CREATE INDEX IF NOT EXISTS rejections_uri ON rejections (uri)",
        _EVENTS_INDEX,
    ]
    return stmts


def _key_sql(cols: Sequence[str]) -> str:
    """SQL of a search key over ``cols`` (column names, or ``?`` for parameters)."""
    if len(cols) == 1:
        return f"lower({cols[0]})"
    return "concat_ws(chr(31), " + ", ".join(f"lower({c})" for c in cols) + ")"


assert chr(31) == KEY_SEP


def _insert_sql(table: str, n_rows: int = 1) -> str:
    """A parameterised INSERT of ``n_rows`` rows (one statement: DuckDB's executemany is slow).

    An events row also fills the search columns: the article's published time and the place's
    geonameid as parameters, the keys computed by DuckDB from their columns' values given again
    (see :func:`_event_params`).
    """
    names = [n for n, _ in COLUMNS[table]]
    values = ["?"] * len(names)
    if table == "events":
        names += [n for n, _ in EVENT_SEARCH_COLUMNS]
        values += ["?", "?"] + [_key_sql(["?"] * len(cols)) for cols in SEARCH_KEYS.values()]
    row = "(" + ", ".join(values) + ")"
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES {', '.join([row] * n_rows)}"


_EVENT_NAMES = [n for n, _ in COLUMNS["events"]]


def _event_params(a: Article, i: int, e: Event) -> tuple[Any, ...]:
    """The parameters of an events row of :func:`_insert_sql`."""
    row = _event_row(a.id, i, e)
    rec = dict(zip(_EVENT_NAMES, row, strict=True))
    place = a.places[e.place] if e.place is not None and 0 <= e.place < len(a.places) else None
    keys = tuple(rec[c] for cols in SEARCH_KEYS.values() for c in cols)
    return (*row, a.published, place.geonameid if place else None, *keys)


_INSERT_CHUNK = 256


# --- rows ---------------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _js(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _article_row(a: Article, ingested_at: datetime) -> tuple[Any, ...]:
    return (
        a.id,
        a.source,
        a.site,
        a.headline,
        _js(a.byline),
        a.dateline,
        a.published,
        _iso_date(a.published_date or a.published),
        a.published_precision,
        a.timezone,
        a.timezone_known,
        a.language,
        a.text,
        len(a.sentences),
        _js(a.stages),
        a.schema_version,
        _js(a.to_json_dict()),
        ingested_at,
    )


def _event_row(aid: str, i: int, e: Event) -> tuple[Any, ...]:
    p = e.plover
    return (
        aid,
        i,
        e.event_id,
        e.event_date,
        e.year,
        e.time_precision,
        e.disorder_type,
        e.event_type,
        e.sub_event_type,
        e.actor1,
        e.assoc_actor_1,
        e.inter1,
        e.actor2,
        e.assoc_actor_2,
        e.inter2,
        e.interaction,
        e.civilian_targeting,
        e.iso,
        e.region,
        e.country,
        e.admin1,
        e.location,
        e.latitude,
        e.longitude,
        e.geo_precision,
        e.source,
        e.fatalities,
        e.notes,
        e.tags,
        p.category if p else None,
        p.mode if p else None,
        _js(p.context) if p else None,
        p.size if p else None,
        p.dead if p else None,
        p.injured if p else None,
        e.claimed_by,
        e.trigger.start if e.trigger else None,
        e.trigger.end if e.trigger else None,
        e.trigger_text,
        e.evidence.start,
        e.evidence.end,
        e.evidence_text,
        e.sentence,
        e.time_expr,
        e.place,
        e.background,
        e.confidence,
    )


def _record_rows(a: Article) -> dict[str, list[tuple[Any, ...]]]:
    aid = a.id
    rows: dict[str, list[tuple[Any, ...]]] = {
        "entities": [
            (
                aid,
                i,
                x.id,
                x.canonical,
                x.label,
                x.kind,
                _js(x.aliases),
                _js([r.model_dump(mode="json") for r in x.roles]),
                len(x.mentions),
            )
            for i, x in enumerate(a.entities)
        ],
        "mentions": [
            (aid, i, m.start, m.end, m.text, m.label, m.sentence, m.entity)
            for i, m in enumerate(a.mentions)
        ],
        "quotes": [
            (
                aid,
                i,
                q.kind,
                q.content.start,
                q.content.end,
                q.content_text,
                q.cue.start if q.cue else None,
                q.cue.end if q.cue else None,
                q.cue_text,
                q.speaker.start if q.speaker else None,
                q.speaker.end if q.speaker else None,
                q.speaker_text,
                q.speaker_entity,
                q.speaker_name,
                q.speaker_kind,
                q.speaker_title,
                q.sentence,
                _js(q.sentences),
            )
            for i, q in enumerate(a.quotes)
        ],
        "times": [
            (aid, i, t.start, t.end, t.text, t.type, t.value, t.precision, t.mod, t.bound)
            + (t.anchor, t.sentence)
            for i, t in enumerate(a.times)
        ],
        "places": [
            (
                aid,
                i,
                p.start,
                p.end,
                p.text,
                p.name,
                p.geonameid,
                p.feature,
                p.country,
                p.country_code,
                p.iso_numeric,
                p.admin1,
                p.latitude,
                p.longitude,
                p.population,
                p.score,
                p.sentence,
            )
            for i, p in enumerate(a.places)
        ],
        "events": [_event_params(a, i, e) for i, e in enumerate(a.events)],
    }
    for table, table_rows in rows.items():
        width = _insert_sql(table).count("?")
        assert all(len(r) == width for r in table_rows), table
    return rows


# --- the store ----------------------------------------------------------------------------


class Store:
    """A DuckDB database of articles. Not thread-safe: one Store per thread or process."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, *, read_only: bool) -> None:
        self.con = con
        self.path = path
        self.read_only = read_only

    # lifecycle
    @classmethod
    def open(cls, path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> Store:
        """Open (creating unless ``read_only``) the database at ``path`` (``":memory:"`` works)."""
        spath = str(path)
        if spath != ":memory:":
            p = Path(spath)
            if p.is_dir():
                raise StoreError(f"database path {p} is a folder")
            if read_only and not p.exists():
                raise StoreError(f"no database at {p} (run `dateline ingest` first)")
            if not p.parent.is_dir():
                raise StoreError(f"cannot create database {p}: folder {p.parent} does not exist")
        try:
            con = duckdb.connect(spath, read_only=read_only)
        except duckdb.Error as e:
            raise StoreError(f"cannot open database {spath}: {e}") from e
        store = cls(con, spath, read_only=read_only)
        try:
            store._init_schema()
        except BaseException:
            con.close()
            raise
        return store

    def _init_schema(self) -> None:
        try:
            if self.read_only:
                found = self.con.execute(
                    "SELECT value FROM meta WHERE key = 'store_schema'"
                ).fetchone()
            else:
                self.con.execute(_META_DDL)
                found = self.con.execute(
                    "SELECT value FROM meta WHERE key = 'store_schema'"
                ).fetchone()
                if found and found[0] == "1":
                    self._upgrade_from_1()
                for stmt in _ddl():
                    self.con.execute(stmt)
                self.con.execute(
                    "INSERT INTO meta VALUES ('store_schema', ?) ON CONFLICT DO NOTHING",
                    [STORE_SCHEMA],
                )
                found = self.con.execute(
                    "SELECT value FROM meta WHERE key = 'store_schema'"
                ).fetchone()
        except duckdb.Error as e:
            raise StoreError(f"{self.path} is not a dateline database: {e}") from e
        if not found or found[0] != STORE_SCHEMA:
            version = found[0] if found else None
            if version == "1":
                raise StoreError(
                    f"{self.path} has store schema '1', older than this dateline's"
                    f" {STORE_SCHEMA!r}; open it once for writing to upgrade it in place"
                    f" (`dateline optimize --db {self.path}`)"
                )
            raise StoreError(
                f"{self.path} has store schema {version!r}; this dateline needs {STORE_SCHEMA!r}"
            )

    def _upgrade_from_1(self) -> None:
        """Store schema 1 -> 2: add the events' search columns and fill them, in place."""
        n = self.con.execute("SELECT count(*) FROM events").fetchone()
        log.warning(
            "%s: upgrading store schema 1 to %s in place (search columns for %d events)",
            self.path,
            STORE_SCHEMA,
            n[0] if n else 0,
        )
        t0 = time.perf_counter()
        try:
            self.con.begin()
            self.con.execute("DROP INDEX IF EXISTS events_date")  # DuckDB: no ALTER with it
            for name, typ in EVENT_SEARCH_COLUMNS:
                self.con.execute(f"ALTER TABLE events ADD COLUMN IF NOT EXISTS {name} {typ}")
            self._fill_search_columns()
            self._sort_events()
            self.con.execute("UPDATE meta SET value = ? WHERE key = 'store_schema'", [STORE_SCHEMA])
            self.con.commit()
        except BaseException:
            self._rollback()
            raise
        self.con.execute("CHECKPOINT")
        log.warning("%s: upgraded in %.1f s", self.path, time.perf_counter() - t0)

    def _fill_search_columns(self) -> None:
        keys = ", ".join(f"{key} = {_key_sql(cols)}" for key, cols in SEARCH_KEYS.items())
        self.con.execute(
            "UPDATE events SET article_published = d.published, place_geonameid = d.geonameid,"
            f" {keys} FROM (SELECT e.article_id AS aid, e.idx AS i, a.published, p.geonameid"
            " FROM events e LEFT JOIN articles a ON a.id = e.article_id"
            " LEFT JOIN places p ON p.article_id = e.article_id AND p.idx = e.place) d"
            " WHERE d.aid = events.article_id AND d.i = events.idx"
        )

    def _sort_events(self) -> None:
        """Rewrite ``events`` in the order the queries read them (oldest event first).

        DuckDB reads a row by decoding the blocks that hold it, so a page of events stored
        side by side is read many times faster than the same rows scattered over the table.
        """
        names = ", ".join(n for n, _ in COLUMNS["events"] + EVENT_SEARCH_COLUMNS)
        order = "event_date NULLS LAST, article_published NULLS LAST, article_id, idx"
        self.con.execute(f"CREATE TEMP TABLE events_copy AS SELECT {names} FROM events")
        self.con.execute("DROP INDEX IF EXISTS events_date")
        self.con.execute("DROP TABLE events")
        self.con.execute(_table_ddl("events"))
        self.con.execute(
            f"INSERT INTO events ({names}) SELECT {names} FROM events_copy ORDER BY {order}"
        )
        self.con.execute("DROP TABLE events_copy")
        self.con.execute(_EVENTS_INDEX)

    def optimize(self) -> None:
        """Recompute the events' search columns and store the events in query order.

        :meth:`add` fills the search columns and appends; run this after a bulk load of events
        rows written by other means, or after large ingests (events appended out of date order
        are read more slowly until then). Results never depend on it, only speed.
        """
        if self.read_only:
            raise StoreError(f"{self.path} is open read-only")
        t0 = time.perf_counter()
        try:
            self.con.begin()
            self._fill_search_columns()
            self._sort_events()
            self.con.commit()
            self.con.execute("CHECKPOINT")
        except duckdb.Error as e:
            self._rollback()
            raise StoreError(f"could not optimize {self.path}: {e}") from e
        log.info("%s: events sorted and indexed in %.1f s", self.path, time.perf_counter() - t0)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # helpers
    def _rollback(self) -> None:
        try:
            self.con.rollback()
        except duckdb.TransactionException:
            pass  # nothing to roll back

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            row = self.con.execute(sql, list(params)).fetchone()
        except duckdb.Error as e:
            raise StoreError(f"query failed: {e}") from e
        return row[0] if row else None

    def _dicts(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        try:
            cur = self.con.execute(sql, list(params))
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
        except duckdb.Error as e:
            raise StoreError(f"query failed: {e}") from e

    # writing
    def has(self, article_id: str) -> bool:
        return self._one("SELECT count(*) FROM articles WHERE id = ?", [article_id]) > 0

    def add(self, article: Article, *, run_id: int | None = None) -> AddResult:
        """Store an analysed article with all its records in one transaction.

        Returns ``"duplicate"`` (nothing written) when its id is already stored and
        ``"rejected"`` when the article carries a rejection (which is recorded instead).
        """
        if not article.id:
            raise StoreError("article has no id (content hash); build it with Article.from_raw")
        if article.rejection is not None:
            if self.has(article.id):
                return "duplicate"
            return self.add_rejection(
                article.source, article.rejection, content_hash=article.id, run_id=run_id
            )
        now = _now()
        article_row = _article_row(article, now)
        rows = _record_rows(article)
        try:
            self.con.begin()
            if self.con.execute("SELECT 1 FROM articles WHERE id = ?", [article.id]).fetchone():
                self._rollback()
                return "duplicate"
            self.con.execute(_insert_sql("articles"), list(article_row))
            for table, table_rows in rows.items():
                for i in range(0, len(table_rows), _INSERT_CHUNK):
                    chunk = table_rows[i : i + _INSERT_CHUNK]
                    params = [v for r in chunk for v in r]
                    self.con.execute(_insert_sql(table, len(chunk)), params)
            # a document stored now is no longer rejected (e.g. a retry after a fix)
            self.con.execute("DELETE FROM rejections WHERE content_hash = ?", [article.id])
            self.con.commit()
        except duckdb.ConstraintException as e:
            self._rollback()
            if self.has(article.id):
                log.debug("article %s stored concurrently", article.id)
                return "duplicate"
            raise StoreError(f"could not store article {article.id}: {e}") from e
        except duckdb.Error as e:
            self._rollback()
            raise StoreError(f"could not store article {article.id}: {e}") from e
        except BaseException:
            self._rollback()
            raise
        return "stored"

    def add_rejection(
        self,
        uri: str | None,
        rejection: Rejection,
        *,
        content_hash: str | None = None,
        run_id: int | None = None,
    ) -> Literal["rejected"]:
        """Record why a document was not kept; a retried document keeps one row (updated)."""
        now = _now()
        if content_hash:
            where, key = "content_hash = ?", content_hash
        else:
            where, key = "content_hash IS NULL AND uri = ?", uri or ""
        try:
            self.con.begin()
            existing = self.con.execute(
                f"SELECT id FROM rejections WHERE {where} ORDER BY id LIMIT 1", [key]
            ).fetchone()
            if existing:
                self.con.execute(
                    "UPDATE rejections SET uri = ?, code = ?, reason = ?, stage = ?, last_at = ?,"
                    " run_id = ? WHERE id = ?",
                    [
                        uri,
                        rejection.code,
                        rejection.reason,
                        rejection.stage,
                        now,
                        run_id,
                        existing[0],
                    ],
                )
            else:
                self.con.execute(
                    "INSERT INTO rejections (uri, content_hash, code, reason, stage, rejected_at, last_at,"
                    " run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [uri, content_hash, rejection.code, rejection.reason, rejection.stage, now, now]
                    + [run_id],
                )
            self.con.commit()
        except duckdb.Error as e:
            self._rollback()
            raise StoreError(f"could not record rejection of {uri}: {e}") from e
        return "rejected"

    def start_run(self, paths: Sequence[str], stages: Sequence[str] = ()) -> int:
        from dateline import __version__

        try:
            row = self.con.execute(
                "INSERT INTO runs (started_at, paths, stages, version) VALUES (?, ?, ?, ?)"
                " RETURNING id",
                [_now(), _js(list(paths)), _js(list(stages)), __version__],
            ).fetchone()
        except duckdb.Error as e:
            raise StoreError(f"could not record run: {e}") from e
        assert row is not None
        return int(row[0])

    def finish_run(self, run_id: int, counts: Mapping[str, int]) -> None:
        try:
            self.con.execute(
                "UPDATE runs SET finished_at = ?, stored = ?, duplicate = ?, rejected = ?"
                " WHERE id = ?",
                [
                    _now(),
                    counts.get("stored", 0),
                    counts.get("duplicate", 0),
                    counts.get("rejected", 0),
                    run_id,
                ],
            )
        except duckdb.Error as e:
            raise StoreError(f"could not record run: {e}") from e

    # reading
    def get_article(self, article_id: str) -> Article:
        """The stored Article with this id (or a unique prefix of it, at least 4 characters)."""
        ident = article_id.strip().lower()
        rows = self._dicts("SELECT id, article_json FROM articles WHERE id = ?", [ident])
        if not rows and len(ident) >= 4:
            rows = self._dicts(
                "SELECT id, article_json FROM articles WHERE starts_with(id, ?) ORDER BY id"
                " LIMIT 5",
                [ident],
            )
        if not rows:
            raise NotFound(f"no article with id {article_id!r} in {self.path}")
        if len(rows) > 1:
            ids = ", ".join(r["id"] for r in rows)
            raise NotFound(f"id prefix {article_id!r} is ambiguous: {ids}")
        try:
            return Article.model_validate_json(rows[0]["article_json"])
        except ValidationError as e:
            raise StoreError(
                f"stored article {rows[0]['id']} does not match the schema: {e}"
            ) from e

    def article_ids(self) -> list[str]:
        return [r["id"] for r in self._dicts("SELECT id FROM articles ORDER BY ingested_at, id")]

    def events(
        self,
        *,
        place: str | None = None,
        actor: str | None = None,
        type: str | None = None,
        sub_type: str | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
        geonameid: int | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        article_id: str | None = None,
        background: bool | None = None,
        min_confidence: float | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Stored events, filtered, oldest first: :func:`dateline.store.queries.event_page`
        (the API's query), each a dict of the events' record columns, ``place_geonameid`` and
        the article's headline, source and published time.

        ``place`` matches (case-insensitive substring) location, admin1 or country; ``actor``
        actor1, actor2 or their associates; ``type`` equals (case-insensitive) the event type
        or PLOVER category, ``sub_type`` the sub-event type; ``since``/``until`` bound
        ``event_date`` inclusively; ``min_confidence`` keeps events of at least that confidence.
        """
        from dateline.store import queries

        f = queries.EventFilter(
            place=place,
            geonameid=geonameid,
            bbox=bbox,
            actor=actor,
            type=type,
            sub_type=sub_type,
            since=_check_date(since) if since is not None else None,
            until=_check_date(until) if until is not None else None,
            article_id=article_id,
            background=background,
            min_confidence=min_confidence,
        )
        return queries.event_page(self.con, f, limit=limit, offset=offset)

    def rejections(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        return self._dicts(
            "SELECT * FROM rejections ORDER BY id LIMIT ?", [limit if limit is not None else 2**62]
        )

    def runs(self) -> list[dict[str, Any]]:
        return self._dicts("SELECT * FROM runs ORDER BY id")

    def _batches(self, sql: str, params: Sequence[Any] = (), size: int = 500) -> Iterator[tuple]:
        try:
            cur = self.con.execute(sql, list(params))
            while batch := cur.fetchmany(size):
                yield from batch
        except duckdb.Error as e:
            raise StoreError(f"query failed: {e}") from e

    # export
    def export_jsonl(self, fh: IO[str]) -> int:
        """Every stored Article as one JSON object per line; returns the count."""
        n = 0
        for (doc,) in self._batches("SELECT article_json FROM articles ORDER BY ingested_at, id"):
            fh.write(doc)
            fh.write("\n")
            n += 1
        return n

    def export_acled_csv(self, fh: IO[str]) -> int:
        """Every stored event as a row of ACLED's columns (codebook order), then dateline's:
        :func:`dateline.store.export.acled_csv_chunks` without a filter. Returns the count."""
        from dateline.store import export, queries

        counts = export.Counts()
        for piece in export.acled_csv_chunks(
            export.records(self.con, queries.EventFilter(), counts=counts)
        ):
            fh.write(piece)
        return counts.records

    def stats(self) -> dict[str, Any]:
        """Row counts per table, rejections by code and events by type."""
        out: dict[str, Any] = {"path": self.path}
        for table in ("articles", *RECORD_TABLES, "rejections", "runs"):
            out[table] = int(self._one(f"SELECT count(*) FROM {table}"))
        out["rejections_by_code"] = {
            r["code"]: int(r["n"])
            for r in self._dicts(
                "SELECT code, count(*) AS n FROM rejections GROUP BY code ORDER BY n DESC, code"
            )
        }
        out["events_by_type"] = {
            r["t"]: int(r["n"])
            for r in self._dicts(
                "SELECT coalesce(event_type, '?') AS t, count(*) AS n FROM events"
                " GROUP BY t ORDER BY n DESC, t"
            )
        }
        span = self.con.execute(
            "SELECT min(published_date), max(published_date) FROM articles"
        ).fetchone()
        out["published_from"] = span[0].isoformat() if span and span[0] else None
        out["published_to"] = span[1].isoformat() if span and span[1] else None
        return out


def _check_date(value: str | date) -> str:
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as e:
        raise InputError(f"not a date (YYYY-MM-DD): {value!r}") from e
