"""Rows of the store: an Article and its records flattened into the columns of :mod:`dateline.store.schema`."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import duckdb

from dateline.errors import StoreError
from dateline.records import Article, Event
from dateline.store.schema import COLUMNS, SEARCH_KEYS, _insert_sql

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
        e.date_confidence,
        e.place_confidence,
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
            + (t.anchor, t.sentence, t.probability)
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
                p.probability,
            )
            for i, p in enumerate(a.places)
        ],
        "events": [_event_params(a, i, e) for i, e in enumerate(a.events)],
    }
    for table, table_rows in rows.items():
        width = _insert_sql(table).count("?")
        assert all(len(r) == width for r in table_rows), table
    return rows


_EVENT_NAMES = [n for n, _ in COLUMNS["events"]]


def _event_params(a: Article, i: int, e: Event) -> tuple[Any, ...]:
    """The parameters of an events row of :func:`_insert_sql`."""
    row = _event_row(a.id, i, e)
    rec = dict(zip(_EVENT_NAMES, row, strict=True))
    place = a.places[e.place] if e.place is not None and 0 <= e.place < len(a.places) else None
    keys = tuple(rec[c] for cols in SEARCH_KEYS.values() for c in cols)
    return (*row, a.published, place.geonameid if place else None, *keys)


@contextmanager
def written(con: duckdb.DuckDBPyConnection, what: str) -> Iterator[None]:
    """Run the enclosed writes in one transaction and commit them; on a DuckDB error roll back
    and raise :class:`StoreError` ("could not ``what``: …")."""
    try:
        con.begin()
        yield
        con.commit()
    except duckdb.Error as e:
        try:
            con.rollback()
        except duckdb.TransactionException:
            pass
        raise StoreError(f"could not {what}: {e}") from e


def insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Sequence[Any]], chunk: int = 256
) -> None:
    """Insert rows in multi-row statements of ``chunk`` rows (one execute per row is slow)."""
    for i in range(0, len(rows), chunk):
        part = rows[i : i + chunk]
        one = "(" + ", ".join("?" * len(part[0])) + ")"
        params = [v for r in part for v in r]
        con.execute(f"INSERT INTO {table} VALUES {', '.join([one] * len(part))}", params)
