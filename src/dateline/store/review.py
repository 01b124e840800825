"""The analyst's review of merged events: an append-only audit table and the reviewed overlay.

**Audit.** Every change an analyst makes is one row of ``review_log`` (who, when, action,
field, value before, value after, reason); the rows are never updated or deleted.  Actions:
``accept`` / ``reject`` (field ``status``), ``correct`` (one row per corrected field),
``merge`` (field ``members``: the reports joined to the event) and ``split`` (field
``members``: the reports taken out of it into an event of their own).  A merge keeps the
target's verdict and corrections (the absorbed event's corrections fill the fields the target's
leave); the reports a split takes out form a new event with no verdict and no corrections
(status ``corrected``: its grouping is the analyst's).

**Stable keys.** A report is addressed by its *source key* ``article_id:evidence_start:
trigger_start`` (the article's content hash and the character offsets of the evidence
sentence and trigger), not by a row id or a merged id: the merged id of an event is the hash
of its smallest member, which changes when a report with a smaller key joins it.  A review
action names one report of the event; on replay it applies to whichever merged event holds
that report, wherever a recompute put it.

**Overlay.** The corpus tables (:mod:`dateline.corpus.tables`) stay the machine's output.
:func:`reapply` replays the whole log over them (in log order) and writes the reviewed
events to ``review_events`` (one row per reviewed event: its key, status, the corrected
fields and the corrected merged record), ``review_members`` (report -> reviewed event) and
``review_reports`` (each of those reports with the corrections applied: the rows every reader
shows instead of the machine's, :mod:`dateline.store.reviewed`).
It runs after every :func:`~dateline.corpus.tables.rebuild` and
:func:`~dateline.corpus.tables.update`, so corrections survive a re-ingest and a full
recompute.  Readers (exports, the API, the CLI's events) take a report's event from the overlay
first.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import duckdb

from dateline.corpus.merge import MergedEvent, SourcedEvent, build_merged
from dateline.errors import InputError, NotFound, StoreError
from dateline.events import acled
from dateline.records import Article, Event
from dateline.store import reviewed
from dateline.store.rows import insert_rows, written

log = logging.getLogger(__name__)

DDL = [
    "CREATE SEQUENCE IF NOT EXISTS review_ids",
    "CREATE TABLE IF NOT EXISTS review_log (id BIGINT PRIMARY KEY DEFAULT nextval('review_ids'),"
    " changed_at TIMESTAMP NOT NULL, who VARCHAR NOT NULL, action VARCHAR NOT NULL,"
    " event_key VARCHAR NOT NULL, field VARCHAR, before VARCHAR, after VARCHAR, reason VARCHAR)",
    "CREATE TABLE IF NOT EXISTS review_events (key VARCHAR PRIMARY KEY, merged_id VARCHAR,"
    " status VARCHAR NOT NULL, fields VARCHAR NOT NULL, merged_json VARCHAR NOT NULL)",
    "CREATE TABLE IF NOT EXISTS review_members (article_id VARCHAR NOT NULL,"
    " idx INTEGER NOT NULL, key VARCHAR NOT NULL, PRIMARY KEY (article_id, idx))",
    reviewed.DDL,
]
ACTIONS = ("accept", "reject", "correct", "merge", "split")
STATUSES = ("accepted", "rejected", "corrected")
#: fields an analyst may correct, with their Python type
FIELDS: dict[str, type] = {
    "event_type": str,
    "sub_event_type": str,
    "event_date": str,
    "time_precision": int,
    "location": str,
    "admin1": str,
    "country": str,
    "latitude": float,
    "longitude": float,
    "geo_precision": int,
    "actor1": str,
    "assoc_actor_1": str,
    "actor2": str,
    "assoc_actor_2": str,
    "fatalities": int,
    "notes": str,
}
MAX_TEXT = 2000

Report = tuple[str, int]


def has_tables(con: duckdb.DuckDBPyConnection, table: str = "review_log") -> bool:
    rows = con.execute(
        "SELECT count(*) FROM information_schema.tables"
        " WHERE table_schema = 'main' AND table_name = ?",
        [table],
    ).fetchall()
    return bool(rows and rows[0][0])


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    try:
        for stmt in DDL:
            con.execute(stmt)
    except duckdb.Error as e:
        raise StoreError(f"could not create the review tables: {e}") from e


# --- keys ---------------------------------------------------------------------------------


def source_key(article_id: str, evidence_start: int | None, trigger_start: int | None) -> str:
    """The stable key of one report: its article and the offsets of its evidence and trigger."""
    ts = "-" if trigger_start is None else str(trigger_start)
    return f"{article_id}:{evidence_start}:{ts}"


def _event_keys(con: duckdb.DuckDBPyConnection, aids: Iterable[str]) -> list[tuple[Report, str]]:
    """Every event report of the articles ``aids`` with its source key (one query)."""
    ids = sorted(set(aids))
    if not ids:
        return []
    rows = con.execute(
        "SELECT article_id, idx, evidence_start, trigger_start FROM events"
        " WHERE article_id IN (SELECT unnest(?)) ORDER BY article_id, idx",
        [ids],
    ).fetchall()
    return [((aid, int(i)), source_key(aid, es, ts)) for aid, i, es, ts in rows]


def keys_of(con: duckdb.DuckDBPyConnection, reports: Iterable[Report]) -> dict[Report, str]:
    want = set(reports)
    return {r: k for r, k in _event_keys(con, {a for a, _ in want}) if r in want}


def _article_of_key(key: str) -> str:
    aid, _, _ = key.rpartition(":")
    return aid.rpartition(":")[0]


def reports_of(con: duckdb.DuckDBPyConnection, keys: Iterable[str]) -> dict[str, Report]:
    """The reports (article id, index) that have the source keys ``keys`` today."""
    want = set(keys)
    found: dict[str, Report] = {}
    for r, k in _event_keys(con, {_article_of_key(k) for k in want}):
        if k in want and k not in found:
            found[k] = r
    return found


# --- field values -------------------------------------------------------------------------


def check_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """The corrected fields, checked: known names, right types, ACLED's types and dates."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name not in FIELDS:
            raise InputError(f"not a correctable field: {name!r}")
        want = FIELDS[name]
        if value is None or value == "":
            if name in ("event_type", "sub_event_type", "fatalities", "notes"):
                raise InputError(f"{name} cannot be empty")
            out[name] = None
            continue
        if want is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, want) or isinstance(value, bool):
            raise InputError(f"{name} must be a {want.__name__}")
        if isinstance(value, str):
            value = value.strip()
            if len(value) > MAX_TEXT:
                raise InputError(f"{name} is longer than {MAX_TEXT} characters")
        out[name] = value
    if "sub_event_type" in out and out["sub_event_type"] not in acled.SUB_EVENT_TYPES:
        raise InputError(f"not an ACLED sub-event type: {out['sub_event_type']!r}")
    if "event_type" in out and out["event_type"] not in acled.EVENT_TYPES:
        raise InputError(f"not an ACLED event type: {out['event_type']!r}")
    if out.get("event_date") is not None:
        try:
            datetime.strptime(out["event_date"], "%Y-%m-%d")
        except ValueError as e:
            raise InputError("event_date must be YYYY-MM-DD") from e
    if out.get("time_precision") not in (None, 1, 2, 3):
        raise InputError("time_precision is 1 (day), 2 (week) or 3 (month)")
    if out.get("geo_precision") not in (None, 1, 2, 3):
        raise InputError("geo_precision is 1, 2 or 3")
    if "fatalities" in out and not 0 <= out["fatalities"] <= 1_000_000:
        raise InputError("fatalities must be between 0 and 1000000")
    for name, lo, hi in (("latitude", -90, 90), ("longitude", -180, 180)):
        if out.get(name) is not None and not lo <= out[name] <= hi:
            raise InputError(f"{name} must be between {lo} and {hi}")
    return out


def corrected(event: Event, fields: dict[str, Any]) -> Event:
    """``event`` with the corrected ``fields`` (and what follows from them) applied."""
    if not fields:
        return event
    ev = event.model_copy(deep=True)
    for name, value in fields.items():
        setattr(ev, name, value)
    if "sub_event_type" in fields and "event_type" not in fields:
        ev.event_type = acled.SUB_EVENT_TYPES[ev.sub_event_type]
    if ev.sub_event_type not in acled.SUB_EVENT_TYPES or (
        acled.SUB_EVENT_TYPES[ev.sub_event_type] != ev.event_type
    ):
        ev.sub_event_type = next(s for s, t in acled.SUB_EVENT_TYPES.items() if t == ev.event_type)
    if {"event_type", "sub_event_type"} & set(fields):
        ev.disorder_type = acled.disorder_type(ev.event_type, ev.sub_event_type)
    if "event_date" in fields:
        ev.year = int(ev.event_date[:4]) if ev.event_date else None
    if "country" in fields:
        ev.iso = None  # derived again from the name by the exports
    if "fatalities" in fields and ev.plover is not None:
        ev.plover.dead = ev.fatalities or None
    return Event.model_validate(ev.model_dump())


# --- replay -------------------------------------------------------------------------------


@dataclass
class _Group:
    members: set[Report]
    machine: str | None = None  # merged id of the machine's event it started as
    status: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    touched: bool = False


class _Replay:
    """The reviewed grouping of reports, built from the machine's groups one action at a time."""

    def __init__(self, con: duckdb.DuckDBPyConnection, reports: dict[str, Report]) -> None:
        self.con = con
        self.reports = reports  # source key -> report, for every key the log names
        self.merged = has_tables(con, "merged_event_sources")
        self.group_of: dict[Report, int] = {}
        self.groups: dict[int, _Group] = {}
        self.machine_members: dict[str, set[Report]] = {}
        # the machine's merged event of every named report and its members (one query)
        self._mid_of: dict[Report, str] = {}
        self._members: dict[str, set[Report]] = {}
        if self.merged and reports:
            for mid, aid, i in con.execute(
                "SELECT merged_id, article_id, idx FROM merged_event_sources WHERE merged_id IN"
                " (SELECT merged_id FROM merged_event_sources"
                "  WHERE article_id IN (SELECT unnest(?)))",
                [sorted({a for a, _ in reports.values()})],
            ).fetchall():
                self._members.setdefault(mid, set()).add((aid, int(i)))
                self._mid_of[(aid, int(i))] = mid

    def group(self, r: Report) -> int:
        if r in self.group_of:
            return self.group_of[r]
        members, mid = {r}, None
        if r in self._mid_of:
            mid = self._mid_of[r]
            members = set(self._members[mid])
            self.machine_members[mid] = set(members)
        elif self.merged:
            found = self.con.execute(
                "SELECT merged_id FROM merged_event_sources WHERE article_id = ? AND idx = ?",
                list(r),
            ).fetchall()
            if found:
                mid = found[0][0]
                rows = self.con.execute(
                    "SELECT article_id, idx FROM merged_event_sources WHERE merged_id = ?", [mid]
                ).fetchall()
                members = {(a, int(i)) for a, i in rows}
                self.machine_members[mid] = set(members)
        members = {m for m in members if m not in self.group_of}
        gid = len(self.groups)
        self.groups[gid] = _Group(members=members, machine=mid)
        for m in members:
            self.group_of[m] = gid
        return gid

    def move(self, reports: Iterable[Report], into: int) -> None:
        for r in reports:
            old = self.group(r)
            if old != into:
                self.groups[old].members.discard(r)
                self.groups[old].touched = True
                self.groups[into].members.add(r)
                self.group_of[r] = into

    def apply(self, action: str, r: Report, fld: str | None, after: Any) -> None:
        gid = self.group(r)
        g = self.groups[gid]
        g.touched = True
        if action in ("accept", "reject"):
            g.status = "accepted" if action == "accept" else "rejected"
        elif action == "correct" and fld:
            g.fields[fld] = after
        elif action in ("merge", "split"):
            others = [o for o in (self.reports.get(k) for k in after or []) if o is not None]
            if action == "merge":
                for o in others:
                    og = self.groups[self.group(o)]
                    if og is g:
                        continue
                    g.fields = {**og.fields, **g.fields}
                    self.move(list(og.members), gid)
            else:
                keep = [o for o in others if self.group(o) == gid]
                if keep and len(keep) < len(g.members):
                    new = len(self.groups)
                    self.groups[new] = _Group(members=set(), touched=True)
                    self.move(keep, new)


def _sourced(con: duckdb.DuckDBPyConnection, reports: Iterable[Report]) -> dict[Report, Any]:
    want = set(reports)
    stories: dict[str, str] = {}
    if has_tables(con, "story_clusters") and want:
        # one scan for all the articles (story_clusters has no index on article_id)
        for aid, cid in con.execute(
            "SELECT article_id, cluster_id FROM story_clusters"
            " WHERE article_id IN (SELECT unnest(?))",
            [sorted({a for a, _ in want})],
        ).fetchall():
            stories[aid] = cid
    out: dict[Report, SourcedEvent] = {}
    texts = dict(
        con.execute(
            "SELECT id, article_json FROM articles WHERE id IN (SELECT unnest(?))",
            [sorted({a for a, _ in want})],
        ).fetchall()
    )
    for aid in sorted(texts):
        a = Article.model_validate_json(texts[aid])
        for i, e in enumerate(a.events):
            if (aid, i) in want:
                out[(aid, i)] = SourcedEvent(
                    article_id=aid,
                    idx=i,
                    event=e,
                    published=a.published,
                    source=a.source or a.site,
                    story=stories.get(aid, aid),
                )
    return out


def _machine_records(con: duckdb.DuckDBPyConnection, mids: Iterable[str]) -> dict[str, str]:
    """The stored JSON of the machine's merged events ``mids`` (one query)."""
    want = sorted(set(mids))
    if not want:
        return {}
    rows = con.execute(
        "SELECT merged_id, merged_json FROM merged_events WHERE merged_id IN (SELECT unnest(?))",
        [want],
    ).fetchall()
    return dict(rows)


def _machine_record(con: duckdb.DuckDBPyConnection, mid: str) -> MergedEvent | None:
    found = _machine_records(con, [mid]).get(mid)
    return MergedEvent.model_validate_json(found) if found else None


def _log_rows(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    return con.execute(
        "SELECT action, event_key, field, after FROM review_log ORDER BY id"
    ).fetchall()


def reapply(con: duckdb.DuckDBPyConnection) -> int:
    """Replay the review log over the corpus tables into the overlay tables (one
    transaction); returns the number of reviewed events.  Does nothing without a log."""
    if not has_tables(con) or not has_tables(con, "events"):
        return 0
    log_rows = [
        (action, key, fld, json.loads(after) if after is not None else None)
        for action, key, fld, after in _log_rows(con)
    ]
    named = {key for _, key, _, _ in log_rows}
    named |= {k for a, _, _, after in log_rows if a in ("merge", "split") for k in after or []}
    replay = _Replay(con, reports_of(con, named))
    lost = 0
    for action, key, fld, after in log_rows:
        r = replay.reports.get(key)
        if r is None:
            lost += 1
            continue
        replay.apply(action, r, fld, after)
    if lost:
        log.warning("%d review actions name reports no longer stored; kept in review_log", lost)
    groups = [g for g in replay.groups.values() if g.touched and g.members]
    events = _sourced(con, [m for g in groups for m in g.members])
    member_keys = keys_of(con, [m for g in groups for m in g.members])
    machine = _machine_records(con, [g.machine for g in groups if g.machine])
    out: list[tuple[str, Sequence[Report], str, dict[str, Any], MergedEvent]] = []
    for g in groups:
        members = sorted(m for m in g.members if m in events)
        if not members:
            continue
        m: MergedEvent | None = None
        if g.machine in machine and replay.machine_members.get(g.machine) == set(members):
            m = MergedEvent.model_validate_json(machine[g.machine])
        if m is None:
            m = build_merged([events[x] for x in members])
        m.event = corrected(m.event, g.fields)
        status = g.status or "corrected"
        key = min(member_keys[x] for x in members if x in member_keys)
        out.append((key, members, status, g.fields, m))
    with written(con, "write the review overlay"):
        con.execute("DELETE FROM review_members")
        con.execute("DELETE FROM review_events")
        insert_rows(
            con,
            "review_events",
            [
                (key, m.merged_id, status, json.dumps(fields), m.model_dump_json())
                for key, _, status, fields, m in out
            ],
        )
        insert_rows(
            con,
            "review_members",
            [(aid, i, key) for key, reports, _, _, _ in out for aid, i in reports],
        )
        # each report of a reviewed event, with the event's corrections: what readers show
        reviewed.write(
            con,
            (
                (aid, i, corrected(events[(aid, i)].event, fields), fields, key, status)
                for key, reports, status, fields, _ in out
                for aid, i in reports
            ),
        )
    return len(out)


# --- reading ------------------------------------------------------------------------------


@dataclass
class Reviewed:
    key: str
    status: str
    fields: dict[str, Any]
    merged: MergedEvent


def reviewed_of(
    con: duckdb.DuckDBPyConnection, reports: Iterable[Report]
) -> dict[Report, Reviewed]:
    """The reviewed event of each of ``reports`` that has one."""
    if not has_tables(con, "review_members"):
        return {}
    want = set(reports)
    out: dict[Report, Reviewed] = {}
    cache: dict[str, Reviewed] = {}
    for aid in sorted({a for a, _ in want}):
        for i, key, status, fields, doc in con.execute(
            "SELECT m.idx, e.key, e.status, e.fields, e.merged_json FROM review_members m"
            " JOIN review_events e USING (key) WHERE m.article_id = ?",
            [aid],
        ).fetchall():
            if (aid, int(i)) not in want:
                continue
            if key not in cache:
                cache[key] = Reviewed(
                    key, status, json.loads(fields), MergedEvent.model_validate_json(doc)
                )
            out[(aid, int(i))] = cache[key]
    return out


def event_of(con: duckdb.DuckDBPyConnection, r: Report) -> tuple[MergedEvent, Reviewed | None]:
    """The event a report belongs to: reviewed, else the machine's merged event, else the
    report alone."""
    rev = reviewed_of(con, [r]).get(r)
    if rev is not None:
        return rev.merged, rev
    if has_tables(con, "merged_event_sources"):
        found = con.execute(
            "SELECT merged_id FROM merged_event_sources WHERE article_id = ? AND idx = ?", list(r)
        ).fetchall()
        if found and (m := _machine_record(con, found[0][0])) is not None:
            return m, None
    se = _sourced(con, [r]).get(r)
    if se is None:
        raise NotFound(f"no event {r[1]} in article {r[0]}")
    return build_merged([se]), None


def history(
    con: duckdb.DuckDBPyConnection, keys: Iterable[str] | None, *, limit: int | None = None
) -> list[dict[str, Any]]:
    """The audit rows naming any of ``keys`` (None: all; ``limit``: the newest), oldest first."""
    if not has_tables(con):
        return []
    sql = (
        "SELECT id, changed_at, who, action, event_key, field, before, after, reason"
        " FROM review_log"
    )
    params: list[Any] = []
    if keys is not None:
        params = sorted(set(keys))
        if not params:
            return []
        sql += f" WHERE event_key IN ({', '.join('?' * len(params))})"
    if limit is not None:
        sql = f"SELECT * FROM ({sql} ORDER BY id DESC LIMIT {int(limit)})"
    cur = con.execute(sql + " ORDER BY id", params)
    names = [d[0] for d in cur.description]
    out = []
    for row in cur.fetchall():
        d = dict(zip(names, row, strict=True))
        d["changed_at"] = d["changed_at"].isoformat() + "Z"
        for k in ("before", "after"):
            d[k] = json.loads(d[k]) if d[k] is not None else None
        out.append(d)
    return out


# --- writing ------------------------------------------------------------------------------


def record(
    con: duckdb.DuckDBPyConnection,
    rows: Sequence[tuple[str, str, str | None, Any, Any]],
    *,
    who: str,
    reason: str | None,
) -> None:
    """Append audit rows ``(action, event_key, field, before, after)`` (one timestamp)."""
    at = datetime.now(UTC).replace(tzinfo=None)
    for action, key, fld, before, after in rows:
        if action not in ACTIONS:
            raise InputError(f"not a review action: {action!r}")
        con.execute(
            "INSERT INTO review_log (changed_at, who, action, event_key, field, before, after, reason)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                at,
                who,
                action,
                key,
                fld,
                json.dumps(before, ensure_ascii=False),
                json.dumps(after, ensure_ascii=False),
                reason,
            ],
        )


def _current(event: Event, name: str) -> Any:
    return getattr(event, name)


def act(
    con: duckdb.DuckDBPyConnection,
    action: str,
    r: Report,
    *,
    who: str,
    reason: str | None = None,
    fields: dict[str, Any] | None = None,
    others: Sequence[Report] = (),
) -> dict[str, Any]:
    """Apply one analyst action to the event of report ``r``: audit it, replay the log, and
    return the event as it now is (:func:`view`)."""
    if action not in ACTIONS:
        raise InputError(f"not a review action: {action!r}")
    ensure_tables(con)
    m, rev = event_of(con, r)
    members = [(s.article_id, s.idx) for s in m.sources]
    keys = keys_of(con, [r, *members, *others])
    if r not in keys:
        raise NotFound(f"no event {r[1]} in article {r[0]}")
    key = keys[r]
    rows: list[tuple[str, str, str | None, Any, Any]] = []
    if action in ("accept", "reject"):
        before = rev.status if rev else None
        rows.append(
            (action, key, "status", before, "accepted" if action == "accept" else "rejected")
        )
    elif action == "correct":
        checked = check_fields(fields or {})
        if not checked:
            raise InputError("nothing to correct: give at least one field")
        for name, value in checked.items():
            before = _current(m.event, name)
            if before != value:
                rows.append(("correct", key, name, before, value))
        if not rows:
            raise InputError("the corrected values are the values the event already has")
    else:
        missing = [o for o in others if o not in keys]
        if missing:
            raise NotFound(f"no event {missing[0][1]} in article {missing[0][0]}")
        if not others:
            raise InputError(f"{action} needs the other reports (others)")
        mine = {keys[x] for x in members if x in keys}
        named = [keys[o] for o in others]
        if action == "split":
            if not set(named) <= mine:
                raise InputError("split: every report taken out must belong to this event")
            if set(named) >= mine:
                raise InputError("split: leave at least one report in the event")
        elif set(named) <= mine:
            raise InputError("merge: those reports are already in this event")
        rows.append((action, key, "members", sorted(mine), named))
    with written(con, "record the review"):
        record(con, rows, who=who, reason=reason)
    reapply(con)
    return view(con, r)


def view(con: duckdb.DuckDBPyConnection, r: Report) -> dict[str, Any]:
    """The event of report ``r`` for the page: its values, status, reports and history."""
    m, rev = event_of(con, r)
    members = [(s.article_id, s.idx) for s in m.sources]
    keys = keys_of(con, members)
    e = m.event
    return {
        "key": rev.key if rev else min(keys.values(), default=None),
        "merged_id": m.merged_id,
        "reviewed": rev is not None,
        "status": rev.status if rev else None,
        "corrected": rev.fields if rev else {},
        "event": {name: getattr(e, name) for name in FIELDS}
        | {"evidence_text": e.evidence_text, "n_sources": m.n_sources},
        "sources": [
            {
                "article_id": s.article_id,
                "idx": s.idx,
                "key": keys.get((s.article_id, s.idx)),
                "source": s.source,
                "published": s.published,
                "sub_event_type": s.sub_event_type,
                "evidence_text": s.evidence_text,
            }
            for s in m.sources
        ],
        "history": history(con, keys.values()),
    }
