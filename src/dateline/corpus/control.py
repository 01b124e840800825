"""Who held a place when: a control timeline from territory events, with the evidence.

Territory events are ACLED's "Government regains territory", "Non-state actor overtakes
territory" (the gainer is ``actor1``, the loser ``actor2`` when named) and "Non-violent
transfer of territory" (as the event stage codes it, ``actor1`` hands over or withdraws and
``actor2``, when named, receives).  An event is about a place when its ``location`` is that
place, or, when it has no town (``geo_precision`` 3 or no location), when its evidence sentence
names the place.

Changes are ordered by date (undated events cannot be placed in time and are listed apart).
A change to the holder the place already had is another report of the previous change (two
reports the event merge did not join, e.g. dates a week apart): it is added to that change's
evidence.  A change whose reported loser is not the holder the timeline had keeps a note.
The periods between changes are the timeline: who held the place from which date to which.

Two guards against misread reports: an event whose gainer is also its loser is ignored, and
when one sentence yields several territory events with different gainers ("troops recaptured
the town, eight months after the extremists overran it"), only the first one in the sentence
(the main clause) is kept; the others are listed in ``ignored``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from pydantic import Field

from dateline.corpus.merge import TERRITORY, MergedEvent, _names_match, _norm, date_interval
from dateline.records import Event, Record

log = logging.getLogger(__name__)

GAIN = frozenset({"Government regains territory", "Non-state actor overtakes territory"})
TRANSFER = "Non-violent transfer of territory"


class ControlEvidence(Record):
    """One report supporting a change of hands."""

    merged_id: str | None = None
    event_date: str | None = None
    time_precision: int | None = None
    sub_event_type: str
    actor1: str | None = None
    actor2: str | None = None
    sources: list[str] = Field(default_factory=list)  # article sources (URL/file) or ids
    published: list[str] = Field(default_factory=list)
    evidence_text: str = ""
    claimed_by: str | None = None
    background: bool = False


class ControlChange(Record):
    """The place changed hands: from ``holder_before`` to ``holder_after``."""

    event_date: str | None
    time_precision: int | None = None
    date_from: str | None = None  # earliest day the change may have happened
    date_to: str | None = None  # latest day
    holder_before: str | None = None
    holder_after: str | None = None
    sub_event_type: str
    merged_ids: list[str] = Field(default_factory=list)
    n_sources: int = 0
    evidence: list[ControlEvidence] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class ControlPeriod(Record):
    holder: str | None  # None: not known
    since: str | None = None  # event_date of the change that began it (None: before records)
    since_precision: int | None = None
    until: str | None = None  # event_date of the change that ended it (None: still held)
    until_precision: int | None = None


class ControlTimeline(Record):
    place: str
    changes: list[ControlChange] = Field(default_factory=list)
    periods: list[ControlPeriod] = Field(default_factory=list)
    undated: list[ControlEvidence] = Field(default_factory=list)
    ignored: list[ControlEvidence] = Field(default_factory=list)

    @property
    def current_holder(self) -> str | None:
        return self.periods[-1].holder if self.periods else None

    def holder_on(self, day: str | date) -> str | None:
        """Who held the place on ``day`` per the timeline (None when not known)."""
        d = day if isinstance(day, str) else day.isoformat()
        holder: str | None = None
        for p in self.periods:
            if p.since is None or p.since <= d:
                holder = p.holder
        return holder


def _evidence(item: MergedEvent | Event) -> ControlEvidence:
    if isinstance(item, MergedEvent):
        e = item.event
        return ControlEvidence(
            merged_id=item.merged_id,
            event_date=e.event_date,
            time_precision=e.time_precision,
            sub_event_type=e.sub_event_type,
            actor1=e.actor1,
            actor2=e.actor2,
            sources=list(dict.fromkeys(s.source or s.article_id for s in item.sources)),
            published=sorted({s.published for s in item.sources if s.published}),
            evidence_text=e.evidence_text,
            claimed_by=e.claimed_by,
            background=e.background,
        )
    return ControlEvidence(
        merged_id=item.event_id or None,
        event_date=item.event_date,
        time_precision=item.time_precision,
        sub_event_type=item.sub_event_type,
        actor1=item.actor1,
        actor2=item.actor2,
        sources=[item.source] if item.source else [],
        evidence_text=item.evidence_text,
        claimed_by=item.claimed_by,
        background=item.background,
    )


def is_about(event: Event, place: str) -> bool:
    """Whether a territory event concerns ``place`` (its town, or named in its evidence)."""
    target = _norm(place)
    if not target:
        return False
    if _norm(event.location) == target:
        return True
    if event.location is None or (event.geo_precision or 0) >= 3:
        return (
            re.search(rf"(?<!\w){re.escape(target)}(?!\w)", _norm(event.evidence_text)) is not None
        )
    return False


def _holders(e: Event) -> tuple[str | None, str | None]:
    """(loser, gainer) of a territory event; None where not said."""
    if e.sub_event_type == TRANSFER:
        return e.actor1, e.actor2
    return e.actor2, e.actor1


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and _names_match(a, b)


def _position(e: Event) -> int:
    """Offset of the trigger within its evidence sentence."""
    return (e.trigger.start - e.evidence.start) if e.trigger is not None else 0


def control_timeline(events: Iterable[MergedEvent | Event], place: str) -> ControlTimeline:
    """The control timeline of ``place`` from (merged) events; other events are ignored."""
    dated: list[tuple[tuple[Any, ...], Event, ControlEvidence]] = []
    undated: list[ControlEvidence] = []
    ignored: list[ControlEvidence] = []
    found: list[tuple[Event, ControlEvidence]] = []
    for item in events:
        e = item.event if isinstance(item, MergedEvent) else item
        if e.sub_event_type not in TERRITORY or not is_about(e, place):
            continue
        ev = _evidence(item)
        loser, gainer = _holders(e)
        if _same(loser, gainer):
            ignored.append(ev)  # "X took the town from X": a misread
            continue
        found.append((e, ev))
    first_in_sentence: dict[str, tuple[int, str]] = {}
    for e, _ in found:
        sentence = _norm(e.evidence_text)
        cand = (_position(e), _norm(_holders(e)[1]))
        first_in_sentence[sentence] = min(first_in_sentence.get(sentence, cand), cand)
    for e, ev in found:
        _, gainer = first_in_sentence[_norm(e.evidence_text)]
        if _norm(_holders(e)[1]) != gainer and not _same(_holders(e)[1], gainer):
            ignored.append(ev)  # a subordinate mention of another change in the same sentence
            continue
        span = date_interval(e.event_date, e.time_precision)
        if span is None:
            undated.append(ev)
            continue
        order = (span[0], span[1], e.time_precision or 9, ev.merged_id or "", e.evidence_text)
        dated.append((order, e, ev))
    dated.sort(key=lambda t: t[0])
    changes: list[ControlChange] = []
    holder: str | None = None
    names: list[
        str
    ] = []  # one spelling per actor: the first seen ("Islamic State fighters" → "Islamic State")

    def canonical(name: str | None) -> str | None:
        if name is None:
            return None
        for known in names:
            if _same(name, known):
                return known
        names.append(name)
        return name

    for (start, end, *_), e, ev in dated:
        loser, gainer = _holders(e)
        gainer, loser = canonical(gainer), canonical(loser)
        if changes and gainer is not None and _same(gainer, holder):
            last = changes[-1]  # another report of the change that gave it to this holder
            last.evidence.append(ev)
            if ev.merged_id and ev.merged_id not in last.merged_ids:
                last.merged_ids.append(ev.merged_id)
            last.n_sources += max(1, len(ev.sources))
            continue
        change = ControlChange(
            event_date=e.event_date,
            time_precision=e.time_precision,
            date_from=start.isoformat(),
            date_to=end.isoformat(),
            holder_before=holder if holder is not None else loser,
            holder_after=gainer,
            sub_event_type=e.sub_event_type,
            merged_ids=[ev.merged_id] if ev.merged_id else [],
            n_sources=max(1, len(ev.sources)),
            evidence=[ev],
        )
        if holder is not None and loser is not None and not _same(loser, holder):
            change.notes.append(
                f"reported as taken from {loser}; the timeline had {holder} holding it"
            )
        changes.append(change)
        holder = gainer
    periods: list[ControlPeriod] = []
    if changes and changes[0].holder_before is not None:
        first = changes[0]
        periods.append(
            ControlPeriod(
                holder=first.holder_before,
                until=first.event_date,
                until_precision=first.time_precision,
            )
        )
    for i, ch in enumerate(changes):
        nxt = changes[i + 1] if i + 1 < len(changes) else None
        periods.append(
            ControlPeriod(
                holder=ch.holder_after,
                since=ch.event_date,
                since_precision=ch.time_precision,
                until=nxt.event_date if nxt else None,
                until_precision=nxt.time_precision if nxt else None,
            )
        )
    return ControlTimeline(
        place=place, changes=changes, periods=periods, undated=undated, ignored=ignored
    )


def territory_places(events: Iterable[MergedEvent | Event]) -> list[str]:
    """The towns named as the location of a territory event, sorted."""
    places: set[str] = set()
    for item in events:
        e = item.event if isinstance(item, MergedEvent) else item
        if e.sub_event_type in TERRITORY and e.location and (e.geo_precision or 0) < 3:
            places.add(e.location)
    return sorted(places)


def timeline_rows(timeline: ControlTimeline) -> list[dict[str, Any]]:
    """One flat row per change (for CSV export)."""
    rows = []
    for ch in timeline.changes:
        rows.append(
            {
                "place": timeline.place,
                "event_date": ch.event_date,
                "time_precision": ch.time_precision,
                "date_from": ch.date_from,
                "date_to": ch.date_to,
                "holder_before": ch.holder_before,
                "holder_after": ch.holder_after,
                "sub_event_type": ch.sub_event_type,
                "n_sources": ch.n_sources,
                "sources": "; ".join(s for ev in ch.evidence for s in ev.sources),
                "evidence": " | ".join(ev.evidence_text for ev in ch.evidence),
                "notes": "; ".join(ch.notes),
            }
        )
    return rows
