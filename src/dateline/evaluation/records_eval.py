"""End-to-end evaluation of the whole record: ``dateline eval records --gold FILE PATH...``.

The pages under PATH are ingested into a DuckDB store (a temporary one unless ``db`` is given)
exactly as ``dateline ingest`` does: the same readers (txt, html, jsonl, warc), the same
pipeline per page, then the same corpus steps (:func:`dateline.corpus.tables.rebuild`: story
clusters, cross-article event merging, control timelines).  CAT XML documents (ECB+: folders
of ``<topic>/<n>ecb[plus].xml``) are turned into text pages first
(:func:`dateline.evaluation.clustering_eval.page_text`); for ECB+ only the topics the gold
names are read.  TimeML documents (``.tml``: TimeBank, AQUAINT) become text pages dated by
their document creation time (:mod:`dateline.evaluation.record_pages`); from a folder, only
the ``.tml`` files the gold names are read.  The merged events and control timelines are then scored against a gold file
(schema v1: ``events``, each with ``id``, ``docs``, ``acled``, ``event_date`` and
``date_tolerance_days``, ``latitude``/``longitude``/``radius_km``, ``sub_event_type`` and
``sub_event_types_accepted``, ``fatalities`` as an inclusive ``[low, high]``; optional
``background`` events and ``control`` places with ``periods`` of ``holder``, ``from``,
``until``, ``tolerance_days``; other fields are notes for the reader).

A page's *document name*, used by the gold's ``docs``: its file name (ECB+: the ``doc_name``,
e.g. ``8_1ecb.xml``); for JSONL, the line's ``"url"``, else its ``"id"``.

Matching, computed by :func:`score` (a pure function of the gold, the merged events, the
control timelines and the article-id -> document-name mapping):

* an event *matches* a gold event when it is not background (``event.background``), at least
  one of its sources is among the gold ``docs``, its ``event_date`` (the day itself, whatever
  its precision) is within ``date_tolerance_days`` of the gold date (an undated event never
  matches) and, when the gold has coordinates, its point is within ``radius_km`` (an event
  without a point then never matches);
* a gold ACLED event (``acled: true``) is **found** when some merged event matches it; of
  several, one of the family of an accepted sub-event type first (the riot of that day, not the
  shooting that set it off two days before), then the one with most sources among the gold
  docs, then the closest date, then the smallest ``merged_id``.  ``found`` is the share of gold ACLED events found;
  ``found_dateable`` the share among the ``dateable_events``, those with at least one page
  that gave a reference date (an event no page dates cannot be dated without inventing one);
* ``sub_type_accuracy``: of the found events, the share whose ``sub_event_type`` is in
  ``sub_event_types_accepted`` (the gold ``sub_event_type`` when that list is absent);
* ``fatalities_in_range``: of the found events with a gold ``fatalities`` range, the share whose
  fatalities lie in it (inclusive);
* ``unmerged_duplicates``: for each found gold event, the number of OTHER merged events that
  also match it and are of the same family (:func:`dateline.corpus.merge.family`) as the
  found one; summed;
* ``wrong_merges``: for each non-background merged event, the pairs of gold events X, Y it joins:
  a source among X's docs (not Y's) reports it on X's date (within X's tolerance) and a source
  among Y's docs (not X's) on Y's date; summed over merged events.  (A page of one story that
  also tells of the story's other event, a riot two days before, is a source of it without
  joining two events.)  A source from a document of both X and Y (one wire story telling of two
  bombings in two cities the same day) reports X when its place name matches X's gold
  ``location`` and not Y's.  ``wrong_merges_within_topic`` counts the pairs whose two gold
  events are of one ECB+ topic (the gold ``topic`` when given, else by their documents' names);
* ``dated_share`` / ``placed_share``: of the non-background merged events with a source among
  the docs of any gold event, the share with an ``event_date`` / with latitude and longitude;
  ``dated_share_dated_pages`` the dated share of those with a source among the pages that gave
  a reference date;
* ``spurious``: the number of distinct non-background merged events with a source among the
  docs of gold events with ``acled: false`` (informational: nothing there is ACLED news);
* control: for each gold place, the system timeline is
  :func:`dateline.corpus.control.control_timeline` of the merged events for that place; a gold
  period is right when a system period has the same holder (dateline's actor-name matching:
  case- and accent-insensitive, one name contained in the other) whose ``from`` is within
  ``tolerance_days`` (both unknown also counts) and whose ``until``, when both are known, too.
  ``control_periods_right`` / ``control_periods_total`` / ``control_accuracy``.

``n`` is the number of gold events (``acled_events`` of them ACLED events); ``docs`` the pages
read, ``rejected`` the pages rejected (the reasons under ``rejections``), ``gold_docs_missing``
the gold documents no page was read for (listed under ``missing_docs``; not an error).

Predictions JSONL: one line per merged event (``merged_id``, the ACLED fields, ``background``,
``docs`` and ``gold``: the gold event it is the found match of, or null), then one line per
control period (``place``, ``holder``, ``from``, ``until``, ``sources``: the documents of the
change that began the period, or for the first period the one that ended it).
"""

from __future__ import annotations

import json
import logging
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dateline.corpus.control import ControlTimeline, control_timeline, territory_places
from dateline.corpus.merge import EventSource, MergedEvent, _km, _names_match, family
from dateline.errors import EvalDataError
from dateline.evaluation import clustering_eval as ecb
from dateline.evaluation.record_pages import read_pages
from dateline.pages import readers
from dateline.records import Article

log = logging.getLogger(__name__)

TASK = "records"


# --- gold ---------------------------------------------------------------------------------


class _Gold(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class GoldEvent(_Gold):
    id: str
    docs: frozenset[str] = frozenset()
    acled: bool = True
    event_date: date
    date_tolerance_days: int = 0
    latitude: float | None = None
    longitude: float | None = None
    radius_km: float = 25.0
    sub_event_type: str | None = None  # None: not an ACLED event (``acled`` false)
    sub_event_types_accepted: tuple[str, ...] = ()
    fatalities: tuple[int, int] | None = None
    summary: str = ""
    location: str = ""
    topic: str | None = None  # events of one story that must never merge (ECB+: from the docs)

    @property
    def accepted(self) -> tuple[str, ...]:
        if self.sub_event_types_accepted:
            return self.sub_event_types_accepted
        return (self.sub_event_type,) if self.sub_event_type else ()

    @property
    def topics(self) -> frozenset[str | None]:
        if self.topic is not None:
            return frozenset({self.topic})
        return frozenset(ecb.topic_of(d) for d in self.docs)


class GoldPeriod(_Gold):
    holder: str
    start: date | None = Field(None, alias="from")
    until: date | None = None
    tolerance_days: int = 0


class GoldPlace(_Gold):
    place: str
    periods: tuple[GoldPeriod, ...] = ()
    docs: frozenset[str] = frozenset()


class GoldBackground(_Gold):
    id: str = ""
    docs: frozenset[str] = frozenset()


class Gold(_Gold):
    events: tuple[GoldEvent, ...]
    control: tuple[GoldPlace, ...] = ()
    background: tuple[GoldBackground, ...] = ()

    @property
    def docs(self) -> frozenset[str]:
        parts: tuple[GoldEvent | GoldPlace | GoldBackground, ...]
        parts = (*self.events, *self.control, *self.background)
        return frozenset(d for x in parts for d in x.docs)


def parse_gold(obj: Any) -> Gold:
    """A gold object (schema v1) as typed records; EvalDataError when it does not fit."""
    try:
        gold = Gold.model_validate(obj)
    except ValidationError as e:
        raise EvalDataError(f"gold file does not fit schema v1: {e}", code="DL401") from e
    ids = [e.id for e in gold.events]
    if len(set(ids)) != len(ids):
        raise EvalDataError("gold file: event ids are not unique", code="DL401")
    return gold


def load_gold(path: Path) -> Gold:
    try:
        obj = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise EvalDataError(f"gold file not found: {path}") from e
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as e:
        raise EvalDataError(f"cannot read the gold file {path}: {e}", code="DL401") from e
    return parse_gold(obj)


# --- scoring ------------------------------------------------------------------------------


def event_docs(m: MergedEvent, doc_names: Mapping[str, Sequence[str]]) -> set[str]:
    """The document names of a merged event's sources."""
    return {d for s in m.sources for d in doc_names.get(s.article_id, ())}


def _days_off(event_date: str | None, day: date) -> int | None:
    if not event_date:
        return None
    try:
        return abs((date.fromisoformat(event_date[:10]) - day).days)
    except ValueError:
        return None


def _same_place(a: str | None, b: str | None) -> bool:
    """Two place names alike: equal, or one within the other, case, accents and punctuation
    aside ("Dar-es-Salaam" / "Dar es Salaam")."""

    def norm(x: str) -> str:
        x = unicodedata.normalize("NFKD", x.casefold())
        return "".join(c for c in x if c.isalnum())

    na, nb = norm(a or ""), norm(b or "")
    return bool(na and nb) and (na in nb or nb in na)


def _reported_as(
    m: MergedEvent, x: GoldEvent, y: GoldEvent, doc_names: Mapping[str, Sequence[str]]
) -> bool:
    """Whether a source of ``m`` reports it as ``x`` and not as ``y``: from ``x``'s own
    documents (not ``y``'s) on ``x``'s date (within ``x``'s tolerance); or, from a document
    of both (one wire story telling of two bombings in two cities), on ``x``'s date at ``x``'s
    gold ``location`` (the source's place name, case, accents and punctuation aside) and not on ``y``'s
    date at ``y``'s.  (A page that tells of two events of one story, a riot on the 11th and
    another on the 13th, is a source of both without joining them.)"""

    def of(s: EventSource, g: GoldEvent, names: set[str], shared: bool) -> bool:
        if not names & g.docs:
            return False
        off = _days_off(s.event_date, g.event_date)
        if off is None or off > g.date_tolerance_days:
            return False
        return not shared or _same_place(s.location, g.location)

    for s in m.sources:
        names = set(doc_names.get(s.article_id, ()))
        if names & (x.docs - y.docs):
            if of(s, x, names, False):
                return True
        elif names & x.docs & y.docs and of(s, x, names, True) and not of(s, y, names, True):
            return True
    return False


def matches(m: MergedEvent, g: GoldEvent, docs: set[str]) -> bool:
    """Whether merged event ``m`` (with documents ``docs``) matches gold event ``g``."""
    e = m.event
    if e.background or not docs & g.docs:
        return False
    off = _days_off(e.event_date, g.event_date)
    if off is None or off > g.date_tolerance_days:
        return False
    if g.latitude is not None and g.longitude is not None:
        if e.latitude is None or e.longitude is None:
            return False
        return _km(e.latitude, e.longitude, g.latitude, g.longitude) <= g.radius_km
    return True


def _period_right(g: GoldPeriod, timeline: ControlTimeline | None) -> bool:
    if timeline is None:
        return False

    def near(sys_day: str | None, gold_day: date | None, both_needed: bool) -> bool:
        if sys_day is None or gold_day is None:
            return not both_needed or (sys_day is None and gold_day is None)
        off = _days_off(sys_day, gold_day)
        return off is not None and off <= g.tolerance_days

    return any(
        p.holder is not None
        and _names_match(p.holder, g.holder)
        and near(p.since, g.start, True)
        and near(p.until, g.until, False)
        for p in timeline.periods
    )


def _share(num: int, den: int) -> float:
    return round(num / den, 4) if den else 0.0


def score(
    gold: Gold,
    merged: Sequence[MergedEvent],
    timelines: Mapping[str, ControlTimeline],
    doc_names: Mapping[str, Sequence[str]],
    dated_docs: frozenset[str] | None = None,
) -> dict[str, Any]:
    """Score merged events and control timelines against the gold (see the module doc).

    ``dated_docs``, the documents whose page gave a reference date, splits ``found`` by
    whether the pages could be dated at all (``dateable_events``, ``found_dateable``).

    Returns ``{"metrics": {...}, "per_event": [...], "found": {gold id: merged_id}}``.
    """
    docs_of = {m.merged_id: event_docs(m, doc_names) for m in merged}
    live = [m for m in merged if not m.event.background]
    acled = [g for g in gold.events if g.acled]
    found: dict[str, MergedEvent] = {}
    per_event: list[dict[str, Any]] = []
    duplicates = sub_ok = fat_ok = fat_n = 0
    for g in gold.events:
        cands = [m for m in live if matches(m, g, docs_of[m.merged_id])]
        row: dict[str, Any] = {"gold": g.id, "acled": g.acled, "merged_id": None}
        if g.acled and cands:
            kinds = {family(t) for t in g.accepted}
            best = min(
                cands,
                key=lambda m: (
                    family(m.event.sub_event_type) not in kinds,
                    -sum(1 for s in m.sources if set(doc_names.get(s.article_id, ())) & g.docs),
                    _days_off(m.event.event_date, g.event_date),
                    m.merged_id,
                ),
            )
            found[g.id] = best
            e = best.event
            dup = sum(
                1
                for m in cands
                if m is not best and family(m.event.sub_event_type) == family(e.sub_event_type)
            )
            duplicates += dup
            sub_ok += e.sub_event_type in g.accepted
            in_range = None
            if g.fatalities is not None:
                fat_n += 1
                in_range = g.fatalities[0] <= e.fatalities <= g.fatalities[1]
                fat_ok += in_range
            row.update(
                merged_id=best.merged_id,
                event_date=e.event_date,
                sub_event_type=e.sub_event_type,
                sub_type_ok=e.sub_event_type in g.accepted,
                fatalities=e.fatalities,
                fatalities_ok=in_range,
                location=e.location,
                duplicates=dup,
            )
        per_event.append(row)

    wrong = within = 0
    for m in live:
        docs = docs_of[m.merged_id]
        joined = [g for g in gold.events if docs & g.docs]
        for x, y in combinations(joined, 2):
            if _reported_as(m, x, y, doc_names) and _reported_as(m, y, x, doc_names):
                wrong += 1
                within += bool((x.topics & y.topics) - {None})

    gold_docs = frozenset().union(*(g.docs for g in gold.events)) if gold.events else frozenset()
    exported = [m for m in live if docs_of[m.merged_id] & gold_docs]
    non_acled_docs = frozenset().union(*(g.docs for g in gold.events if not g.acled), frozenset())
    spurious = sum(1 for m in live if docs_of[m.merged_id] & non_acled_docs)

    right = total = 0
    for place in gold.control:
        tl = timelines.get(place.place)
        for p in place.periods:
            total += 1
            right += _period_right(p, tl)

    n_found = len(found)
    dateable = [g for g in acled if dated_docs is None or g.docs & dated_docs]
    from_dated = [m for m in exported if dated_docs is None or docs_of[m.merged_id] & dated_docs]
    metrics = {
        "found": _share(n_found, len(acled)),
        "dateable_events": len(dateable),
        "found_dateable": _share(sum(1 for g in dateable if g.id in found), len(dateable)),
        "sub_type_accuracy": _share(sub_ok, n_found),
        "fatalities_in_range": _share(fat_ok, fat_n),
        "unmerged_duplicates": duplicates,
        "wrong_merges": wrong,
        "wrong_merges_within_topic": within,
        "dated_share": _share(sum(1 for m in exported if m.event.event_date), len(exported)),
        "dated_share_dated_pages": _share(
            sum(1 for m in from_dated if m.event.event_date), len(from_dated)
        ),
        "placed_share": _share(
            sum(1 for m in exported if None not in (m.event.latitude, m.event.longitude)),
            len(exported),
        ),
        "control_periods_right": right,
        "control_periods_total": total,
        "control_accuracy": _share(right, total),
        "spurious": spurious,
        "acled_events": len(acled),
        "found_events": n_found,
        "merged_events_from_gold_docs": len(exported),
    }
    return {
        "metrics": metrics,
        "per_event": per_event,
        "found": {gid: m.merged_id for gid, m in found.items()},
    }


# --- running ------------------------------------------------------------------------------

PipelineFor = Callable[[Article], Callable[[Article], Article]]


def _default_pipeline_for() -> PipelineFor:
    from dateline.config import load_settings

    return readers.Pipelines(load_settings(), None)  # the routing `dateline ingest` uses


def run(
    paths: Sequence[Path],
    *,
    gold: Path,
    predictions: Path | None = None,
    limit: int | None = None,
    db: Path | None = None,
    pipeline_for: PipelineFor | None = None,
    executor: Any = None,
    on_result: Callable[[readers.Item, str], None] | None = None,
    **_: Any,
) -> dict[str, Any]:
    """Ingest ``paths`` as ``dateline ingest`` does and score the record against ``gold``."""
    from dateline.corpus import tables
    from dateline.pipeline import DEFAULT_STAGES
    from dateline.store import Store
    from dateline.store import ingest as run_ingest

    t0 = time.perf_counter()
    gd = load_gold(Path(gold))
    topics = {t for d in gd.docs if (t := ecb.topic_of(d)) is not None}
    tml = {d for d in gd.docs if d.lower().endswith(".tml")}
    pages = read_pages(paths, topics=topics or None, names=tml or None, limit=limit)
    with tempfile.TemporaryDirectory(prefix="dateline-records-") as tmp:
        db_path = Path(db) if db is not None else Path(tmp) / "records.duckdb"
        with Store.open(db_path) as store:
            result = run_ingest(
                store,
                iter(pages.items),
                pipeline_for or _default_pipeline_for(),
                paths=[str(p) for p in paths],
                stages=DEFAULT_STAGES,
                on_result=on_result,
                executor=executor,
            )
            places = [p.place for p in gd.control]
            counts = tables.rebuild(store, control_places=places)
            merged = tables.merged_events(store)
            dated_ids = {
                row[0]
                for row in store.con.execute(
                    "SELECT id FROM articles WHERE published_date IS NOT NULL"
                ).fetchall()
            }
    dated_docs = frozenset(d for aid in dated_ids for d in pages.names.get(aid, ()))
    names = sorted(set(territory_places(merged)) | set(places))
    timelines = {p: control_timeline(merged, p) for p in names}
    scored = score(gd, merged, timelines, pages.names, dated_docs)
    missing = sorted(gd.docs - pages.doc_names)
    if missing:
        log.warning("%d gold documents were not among the pages read", len(missing))
    metrics = {
        **scored["metrics"],
        "docs": len(pages.items),
        "rejected": result.rejected,
        "gold_docs_missing": len(missing),
        "merged_events": counts["merged_events"],
        "seconds": round(time.perf_counter() - t0, 1),
    }
    if predictions is not None:
        write_predictions(Path(predictions), merged, timelines, pages.names, scored["found"])
    return {
        "task": TASK,
        "n": len(gd.events),
        "data": [str(p) for p in paths],
        "gold": str(gold),
        "metrics": metrics,
        "baseline": {},
        "per_event": scored["per_event"],
        "rejections": [
            {"uri": uri, "code": code, "reason": reason} for uri, code, reason in result.rejections
        ],
        "missing_docs": missing,
        "db": str(db) if db is not None else None,
    }


def write_predictions(
    path: Path,
    merged: Sequence[MergedEvent],
    timelines: Mapping[str, ControlTimeline],
    doc_names: Mapping[str, Sequence[str]],
    found: Mapping[str, str],
) -> None:
    """One JSONL line per merged event, then one per control period (see the module doc)."""
    gold_of: dict[str, str] = {}
    for gid, mid in found.items():
        gold_of.setdefault(mid, gid)
    by_id = {m.merged_id: m for m in merged}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for line in _prediction_lines(merged, timelines, doc_names, gold_of, by_id):
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")


def _prediction_lines(
    merged: Sequence[MergedEvent],
    timelines: Mapping[str, ControlTimeline],
    doc_names: Mapping[str, Sequence[str]],
    gold_of: Mapping[str, str],
    by_id: Mapping[str, MergedEvent],
) -> Iterator[dict[str, Any]]:
    keys = (
        "event_date time_precision event_type sub_event_type actor1 actor2 location latitude "
        "longitude geo_precision fatalities background"
    ).split()
    for m in merged:
        e = m.event
        yield {
            "merged_id": m.merged_id,
            **{k: getattr(e, k) for k in keys},
            "docs": sorted(event_docs(m, doc_names)),
            "gold": gold_of.get(m.merged_id),
        }

    def docs_of(ids: Iterable[str]) -> list[str]:
        return sorted({d for i in ids if i in by_id for d in event_docs(by_id[i], doc_names)})

    for place, tl in timelines.items():
        offset = 1 if tl.periods and tl.changes and tl.periods[0].since is None else 0
        for i, p in enumerate(tl.periods):
            change = tl.changes[max(0, i - offset)] if tl.changes else None
            yield {
                "place": place,
                "holder": p.holder,
                "from": p.since,
                "until": p.until,
                "sources": docs_of(change.merged_ids) if change else [],
            }


def per_event_table(result: Mapping[str, Any]) -> Any:
    """A rich table of the gold events: the merged event found for each and its checks."""
    from rich.table import Table
    from rich.text import Text

    t = Table(title="gold events", title_justify="left")
    for col in ("gold", "found", "date", "sub-type", "ok", "dead", "ok", "dup"):
        wrap = col == "sub-type"
        t.add_column(col, overflow="fold", no_wrap=not wrap, min_width=10 if wrap else None)

    def cell(v: Any) -> Text:
        return Text("" if v is None else ("✓" if v is True else "✗" if v is False else str(v)))

    for r in result.get("per_event", []):
        t.add_row(
            *map(
                cell,
                (
                    r["gold"],
                    r.get("merged_id") or ("-" if r["acled"] else "(not ACLED)"),
                    r.get("event_date"),
                    r.get("sub_event_type"),
                    r.get("sub_type_ok"),
                    r.get("fatalities"),
                    r.get("fatalities_ok"),
                    r.get("duplicates"),
                ),
            )
        )
    return t
