"""The reviewed view of events: every reader's events with the analysts' corrections.

:func:`dateline.store.review.reapply` writes, beside the reviewed events, one row per report of
a reviewed event to ``review_reports``: the report's ``events`` row with the event's corrected
fields (and what follows from them, :func:`dateline.store.review.corrected`) applied, the
review key and status. :func:`source` is the SQL that readers select events from, as ``e``:
the ``events`` rows no review touched, with ``reviewed`` false, and the ``review_reports`` rows
instead of the reports they replace, with ``reviewed`` true and their ``review_status``; the
search columns of a reviewed row are computed from its corrected values, so every filter of
:class:`dateline.store.queries.EventFilter` matches what the analyst set. Rejected events are
left out unless asked for. A database without reviewed rows (never reviewed, or opened
read-only before this table existed) reads ``events`` alone: the overlay costs a join of every
``events`` row with the reviewed reports only once there are some.

A corrected place (location, admin1, country or coordinates) is no longer the gazetteer place
the machine found: its ``place_geonameid`` is left empty.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import duckdb

from dateline.records import Event
from dateline.store.rows import _event_row, insert_rows
from dateline.store.schema import COLUMNS, EVENT_SEARCH_COLUMNS, SEARCH_KEYS, _key_sql

TABLE = "review_reports"
#: the columns of ``events`` a reviewed row stores (the search keys are computed when read)
_STORED = [*COLUMNS["events"], ("article_published", "VARCHAR"), ("place_geonameid", "BIGINT")]
_REVIEW = [("review_key", "VARCHAR NOT NULL"), ("review_status", "VARCHAR NOT NULL")]
DDL = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    + ", ".join(f"{n} {t}" for n, t in [*_STORED, *_REVIEW])
    + ", PRIMARY KEY (article_id, idx))"
)
#: fields whose correction leaves the machine's gazetteer place behind
PLACE_FIELDS = frozenset({"location", "admin1", "country", "latitude", "longitude"})

#: every column of a source row, in order: the events table's and the review's
_ALL = [n for n, _ in COLUMNS["events"]] + [n for n, _ in EVENT_SEARCH_COLUMNS]
_MACHINE = ", ".join(f"x.{n}" for n in _ALL)
_CORRECTED = ", ".join(
    [f"r.{n}" for n, _ in _STORED]
    + [_key_sql([f"r.{c}" for c in cols]) + f" AS {key}" for key, cols in SEARCH_KEYS.items()]
)
assert [n for n, _ in _STORED] + list(SEARCH_KEYS) == _ALL


def has_table(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables"
        " WHERE table_schema = 'main' AND table_name = ?",
        [TABLE],
    ).fetchone()
    return bool(found and found[0])


def _count(con: duckdb.DuckDBPyConnection) -> int:
    found = con.execute(f"SELECT count(*) FROM {TABLE}").fetchone()
    return int(found[0]) if found else 0


def source(con: duckdb.DuckDBPyConnection, *, include_rejected: bool = False) -> str:
    """The FROM item (aliased ``e``) of the reviewed events: their columns, ``reviewed`` and
    ``review_status``; rejected events only with ``include_rejected``. Fixed SQL, no
    parameters."""
    if not has_table(con) or not _count(con):  # nothing reviewed: the events as stored
        return "(SELECT x.*, false AS reviewed, NULL::VARCHAR AS review_status FROM events x) e"
    keep = "" if include_rejected else " WHERE r.review_status <> 'rejected'"
    return (
        f"(SELECT {_MACHINE}, false AS reviewed, NULL::VARCHAR AS review_status FROM events x"
        f" WHERE NOT EXISTS (SELECT 1 FROM {TABLE} o"
        " WHERE o.article_id = x.article_id AND o.idx = x.idx)"
        f" UNION ALL SELECT {_CORRECTED}, true AS reviewed, r.review_status FROM {TABLE} r{keep}"
        ") e"
    )


def state(con: duckdb.DuckDBPyConnection) -> tuple[Any, ...]:
    """What the reviewed rows are now (for caches keyed by the database's state)."""
    if not has_table(con):
        return ()
    found = con.execute(f"SELECT count(*), coalesce(bit_xor(hash(r)), 0) FROM {TABLE} r").fetchone()
    return tuple(found) if found else ()


def write(
    con: duckdb.DuckDBPyConnection,
    reports: Iterable[tuple[str, int, Event, dict[str, Any], str, str]],
) -> int:
    """Replace the reviewed rows by ``reports``: (article id, index, the report's event with the
    corrections applied, the corrected fields, review key, status); inside the caller's
    transaction. The article's published time and the place's geonameid are the ``events``
    row's (the geonameid dropped when a place field was corrected)."""
    con.execute(DDL)
    con.execute(f"DELETE FROM {TABLE}")
    todo = list(reports)
    # the events rows' published time and geonameid, for every report in one query
    stored: dict[tuple[str, int], tuple[Any, Any]] = {}
    if todo:
        for aid, idx, published, gid in con.execute(
            "SELECT article_id, idx, article_published, place_geonameid FROM events"
            " WHERE article_id IN (SELECT unnest(?))",
            [sorted({r[0] for r in todo})],
        ).fetchall():
            stored[(aid, int(idx))] = (published, gid)
    rows: list[tuple[Any, ...]] = []
    for aid, idx, event, fields, key, status in todo:
        published, gid = stored.get((aid, idx), (None, None))
        if PLACE_FIELDS & set(fields):
            gid = None
        rows.append((*_event_row(aid, idx, event), published, gid, key, status))
    insert_rows(con, TABLE, rows)
    return len(rows)
