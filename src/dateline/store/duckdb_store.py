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

import logging
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal

import duckdb
from pydantic import ValidationError

from dateline.errors import DatabaseLocked, InputError, NotFound, StoreError
from dateline.records import Article, Rejection
from dateline.store.rows import _article_row, _js, _now, _record_rows
from dateline.store.schema import (
    _EVENTS_INDEX,
    _INSERT_CHUNK,
    _META_DDL,
    ADDED_IN_3,
    COLUMNS,
    EVENT_SEARCH_COLUMNS,
    RECORD_TABLES,
    SEARCH_KEYS,
    _ddl,
    _insert_sql,
    _key_sql,
    _table_ddl,
)

log = logging.getLogger(__name__)

#: version of the tables; "2" added the events' search columns, "3" the field probabilities
#: (:data:`ADDED_IN_3`); an older database opened for writing is upgraded in place
STORE_SCHEMA = "3"
_UPGRADABLE = ("1", "2")
DEFAULT_DB = Path("dateline.duckdb")

AddResult = Literal["stored", "duplicate", "rejected"]

# --- the store ----------------------------------------------------------------------------


def _locked(path: str, message: str) -> DatabaseLocked:
    """The error for a database another process holds, naming that process when DuckDB does."""
    pid = re.search(r"\(PID (\d+)\)", message)
    who = f"another process (pid {pid.group(1)})" if pid else "another process"
    return DatabaseLocked(
        f"{path} is held by {who} (DuckDB: one writer, or readers only); while `dateline"
        " serve` holds it, `dateline ingest` goes through the server, and reads through its API"
    )


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
        except duckdb.IOException as e:
            if "lock" in str(e).lower():
                raise _locked(spath, str(e)) from e
            raise StoreError(f"cannot open database {spath}: {e}") from e
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
                if found and found[0] in _UPGRADABLE:
                    self._upgrade(found[0])
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
            if version in _UPGRADABLE:
                raise StoreError(
                    f"{self.path} has store schema {version!r}, older than this dateline's"
                    f" {STORE_SCHEMA!r}; open it once for writing to upgrade it in place"
                    f" (`dateline optimize --db {self.path}`)"
                )
            raise StoreError(
                f"{self.path} has store schema {version!r}; this dateline needs {STORE_SCHEMA!r}"
            )

    def _upgrade(self, version: str) -> None:
        """Store schema 1 or 2 -> 3, in place: from 1, add the events' search columns and fill
        them; add the field probabilities' columns (:data:`ADDED_IN_3`, left empty: the older
        records carry none)."""
        n = self.con.execute("SELECT count(*) FROM events").fetchone()
        log.warning(
            "%s: upgrading store schema %s to %s in place (%d events)",
            self.path,
            version,
            STORE_SCHEMA,
            n[0] if n else 0,
        )
        t0 = time.perf_counter()
        try:
            self.con.begin()
            self.con.execute("DROP INDEX IF EXISTS events_date")  # DuckDB: no ALTER with it
            added = [(t, c) for t, cols in ADDED_IN_3.items() for c in cols]
            if version == "1":
                added += [("events", c) for c in EVENT_SEARCH_COLUMNS]
            for table, (name, typ) in added:
                self.con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {name} {typ}")
            if version == "1":
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
        try:
            self.con.begin()
            if self.con.execute("SELECT 1 FROM articles WHERE id = ?", [article.id]).fetchone():
                self._rollback()
                return "duplicate"
            self._write_rows([article])
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

    def add_many(
        self, articles: Sequence[Article], *, run_id: int | None = None
    ) -> list[AddResult]:
        """Store several analysed articles in one transaction; the outcome of each, in order.

        The same outcomes as :meth:`add` one by one (a repeated id within ``articles`` is a
        duplicate of its first copy), about 3× faster for many articles: each table's rows
        of all the articles go in multi-row INSERTs, and one commit ends the transaction.
        Should the database refuse the batch, it is rolled back and every article is stored
        on its own, so one bad article fails alone: an article the database refuses (e.g. a
        value it cannot hold) is recorded as rejected (``DL300``, its ``rejection`` set); the
        database itself failing still raises :class:`StoreError`.
        """
        out: list[AddResult | None] = [None] * len(articles)
        todo: list[int] = []
        ids = [a.id for a in articles if a.id and a.rejection is None]
        stored = self.stored_ids(ids)
        for i, a in enumerate(articles):
            if not a.id or a.rejection is not None:
                out[i] = self.add(a, run_id=run_id)
            elif a.id in stored:
                out[i] = "duplicate"
            else:
                stored.add(a.id)
                todo.append(i)
        if todo and not self._insert_batch([articles[i] for i in todo]):
            for i in todo:
                out[i] = self._add_or_reject(articles[i], run_id)
        return [o or "stored" for o in out]

    def _add_or_reject(self, article: Article, run_id: int | None) -> AddResult:
        try:
            return self.add(article, run_id=run_id)
        except StoreError as e:
            log.error("could not store %s: %s", article.source, e)
            article.rejection = Rejection(
                code="DL300", reason=f"could not store: {e}"[:500], stage="store"
            )
            return self.add_rejection(
                article.source, article.rejection, content_hash=article.id, run_id=run_id
            )

    def stored_ids(self, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` are stored articles (one query)."""
        if not ids:
            return set()
        try:
            rows = self.con.execute(
                "SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [list(ids)]
            ).fetchall()
        except duckdb.Error as e:
            raise StoreError(f"query failed: {e}") from e
        return {r[0] for r in rows}

    def _write_rows(self, articles: Sequence[Article]) -> None:
        """Insert all rows of new ``articles`` (each table's in multi-row INSERTs), inside the
        caller's transaction; a document stored now is no longer rejected (e.g. a retry)."""
        now = _now()
        by_table: dict[str, list[tuple[Any, ...]]] = {"articles": []}
        for a in articles:
            by_table["articles"].append(_article_row(a, now))
            for table, table_rows in _record_rows(a).items():
                by_table.setdefault(table, []).extend(table_rows)
        for table, rows in by_table.items():
            for i in range(0, len(rows), _INSERT_CHUNK):
                chunk = rows[i : i + _INSERT_CHUNK]
                self.con.execute(_insert_sql(table, len(chunk)), [v for r in chunk for v in r])
        self.con.execute(
            "DELETE FROM rejections WHERE content_hash IN (SELECT unnest(?))",
            [[a.id for a in articles]],
        )

    def _insert_batch(self, articles: Sequence[Article]) -> bool:
        """All rows of new ``articles`` in one transaction; False (rolled back) if refused."""
        try:
            self.con.begin()
            self._write_rows(articles)
            self.con.commit()
        except duckdb.Error as e:
            self._rollback()
            log.warning(
                "a batch of %d articles was refused (%s); storing one by one", len(articles), e
            )
            return False
        except BaseException:
            self._rollback()
            raise
        return True

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
        include_rejected: bool = False,
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
        Events an analyst reviewed carry the corrected values (``reviewed``, ``review_status``)
        and are filtered on them; rejected ones are left out unless ``include_rejected``.
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
            include_rejected=include_rejected,
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
