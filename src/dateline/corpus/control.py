"""Who held a place when: a control timeline from territory events, with the evidence.

Territory events are ACLED's "Government regains territory", "Non-state actor overtakes
territory" (the gainer is ``actor1``, the loser ``actor2`` when named) and "Non-violent
transfer of territory" (as the event stage codes it, ``actor1`` hands over or withdraws and
``actor2``, when named, receives).  An event is about a place when its ``location`` is that
place, or, when it has no town of its own (``geo_precision`` 3 or no location, or 2: placed
only near a town), when its evidence sentence names the place.

Changes are found by consensus (:func:`control_timeline`): the dated reports of one gainer
within a day or so of each other are one change, dated by the agreement of its most precise
reports (background mentions count less); a report that contradicts a stronger change on the
same days is a dissenting note on it, not a change of its own.  Changes are ordered by their
consensus dates (undated events cannot be placed in time and are listed apart).  A change to
the holder the place already had is another report of the previous change (two reports the
event merge did not join, e.g. dates a week apart): it is added to that change's evidence.  A
change whose reported loser is not the holder the timeline had keeps a note.  The periods
between changes are the timeline: who held the place from which date to which, with the
number of reports of the change that began each period.

Two guards against misread reports: an event whose gainer is also its loser is ignored, and
when one sentence yields several territory events with different gainers ("troops recaptured
the town, eight months after the extremists overran it"), only the first one in the sentence
(the main clause) is kept; the others are listed in ``ignored``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from pydantic import Field

from dateline.corpus.merge import TERRITORY, MergedEvent, _names_match, _norm, date_interval
from dateline.events import place_anaphora
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
    n_sources: int = 0  # reports of the change that began it
    evidence: str | None = None  # the first report's sentence


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
    """Whether a territory event concerns ``place``: its town, or, when the event has no town
    of its own (no location, a region, ``geo_precision`` 3, or only a town it is near,
    ``geo_precision`` 2: "the village of Klishchiivka south of Bakhmut"), named in its
    evidence or, for an anaphor ("the village was captured in January"), the named place it
    refers back to (its note, :mod:`dateline.events.place_anaphora`)."""
    target = _norm(place)
    if not target:
        return False
    if _norm(event.location) == target:
        return True
    if event.location is None or (event.geo_precision or 0) >= 2:
        named = re.search(rf"(?<!\w){re.escape(target)}(?!\w)", _norm(event.evidence_text))
        # "the village was captured in January": the place its anaphor refers back to
        return named is not None or any(
            _norm(n) == target for n in place_anaphora.antecedent_names(event.notes)
        )
    return False


class PlaceNames:
    """Places by normalised name, to find the places an event is about (:meth:`about`)."""

    def __init__(self, places: Iterable[str]) -> None:
        self.by_name: dict[str, list[str]] = {}
        for p in sorted(set(places)):
            if target := _norm(p):
                self.by_name.setdefault(target, []).append(p)
        self.longest = max((k.count(" ") + 1 for k in self.by_name), default=0)

    def about(self, event: Event) -> set[str]:
        """The places ``p`` with ``is_about(event, p)``, found by looking up its location
        and, for an event without a town of its own, each run of words of its evidence and
        each antecedent name, instead of testing every place (a corpus knows thousands)."""
        names = self.by_name
        out: set[str] = set(names.get(_norm(event.location), ()))
        if event.location is None or (event.geo_precision or 0) >= 2:
            words = _norm(event.evidence_text).split()
            for i in range(len(words)):
                for j in range(i + 1, min(i + self.longest, len(words)) + 1):
                    out.update(names.get(" ".join(words[i:j]), ()))
            for name in place_anaphora.antecedent_names(event.notes):
                out.update(names.get(_norm(name), ()))
        return out


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


#: how much a report counts towards a change's date, by ACLED time precision
PRECISION_WEIGHT = {1: 1.0, 2: 0.5, 3: 0.25}
#: a background mention ("which the group had taken last May") counts this much of a report
BACKGROUND_WEIGHT = 0.25
#: reports of one change may date it this many days apart (evening before / morning after)
SLACK_DAYS = 1


def _weight(e: Event, ev: ControlEvidence) -> float:
    w = max(1, len(ev.sources)) * PRECISION_WEIGHT.get(e.time_precision or 2, 0.5)
    return w * (BACKGROUND_WEIGHT if e.background else 1.0)


class _Report:
    """One dated report of a change of hands, as the consensus sees it."""

    __slots__ = ("event", "evidence", "gainer", "loser", "start", "end", "weight")

    def __init__(self, e: Event, ev: ControlEvidence, gainer: str | None, loser: str | None):
        span = date_interval(e.event_date, e.time_precision)
        assert span is not None
        self.event, self.evidence = e, ev
        self.gainer, self.loser = gainer, loser
        self.start, self.end = span
        self.weight = _weight(e, ev)


class _Cluster:
    """Reports of one change: one gainer, dates within the slack of each other."""

    def __init__(self, first: _Report) -> None:
        self.reports = [first]
        self.start, self.end = first.start, first.end

    def add(self, r: _Report) -> None:
        self.reports.append(r)
        self.start, self.end = min(self.start, r.start), max(self.end, r.end)

    @property
    def gainer(self) -> str | None:
        return self.reports[0].gainer

    @property
    def weight(self) -> float:
        return sum(r.weight for r in self.reports)

    def consensus(self) -> tuple[str, int | None]:
        """The date the reports agree on: of the most precise reports (news before background),
        the date with the most weight; ties go to the earliest."""
        best = min(self.reports, key=lambda r: (r.event.background, r.event.time_precision or 2))
        tier = [
            r
            for r in self.reports
            if r.event.background == best.event.background
            and (r.event.time_precision or 2) == (best.event.time_precision or 2)
        ]
        votes: dict[str, float] = {}
        for r in tier:
            d = (r.event.event_date or "")[:10]
            votes[d] = votes.get(d, 0.0) + r.weight
        day = min(votes, key=lambda d: (-votes[d], d))
        return day, best.event.time_precision

    def overlaps(self, other: _Cluster, slack: int = SLACK_DAYS) -> bool:
        pad = timedelta(days=slack)
        return self.start - pad <= other.end and other.start - pad <= self.end


def control_timeline(events: Iterable[MergedEvent | Event], place: str) -> ControlTimeline:
    """The control timeline of ``place`` from (merged) events, by consensus of the reports.

    Reports of one change of hands (same gainer, dates within :data:`SLACK_DAYS` of each other)
    form a cluster; its date is the consensus of its most precise reports, background mentions
    counting :data:`BACKGROUND_WEIGHT` of a report.  Of two clusters with different gainers on
    overlapping dates, the weaker is a dissenting report: kept as a note on the stronger change,
    not as a change of its own.  Changes are ordered by their consensus dates; a change to the
    holder the place already had is another report of the previous change.
    """
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
    names: list[str] = []  # one spelling per actor: the first seen in date order

    def canonical(name: str | None) -> str | None:
        if name is None:
            return None
        for known in names:
            if _same(name, known):
                return known
        names.append(name)
        return name

    dated: list[tuple[tuple[Any, ...], Event, ControlEvidence]] = []
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
    reports = []
    for _, e, ev in dated:
        loser, gainer = _holders(e)
        reports.append(_Report(e, ev, canonical(gainer), canonical(loser)))

    clusters: list[_Cluster] = []
    for r in reports:  # in date order: join the open cluster of the same gainer, if near
        home = next(
            (
                c
                for c in reversed(clusters)
                if c.gainer == r.gainer and r.start - timedelta(days=SLACK_DAYS) <= c.end
            ),
            None,
        )
        if home is None:
            clusters.append(_Cluster(r))
        else:
            home.add(r)
    dissent: dict[int, list[_Cluster]] = {}
    kept: list[_Cluster] = []
    for c in sorted(clusters, key=lambda c: (-c.weight, c.start, c.gainer or "")):
        rival = next((k for k in kept if k.gainer != c.gainer and k.overlaps(c)), None)
        if rival is None:
            kept.append(c)
        else:
            dissent.setdefault(id(rival), []).append(c)
    timed = sorted(
        ((c.consensus(), c) for c in kept), key=lambda t: (t[0][0], t[0][1] or 9, t[1].gainer or "")
    )

    changes: list[ControlChange] = []
    holder: str | None = None
    for (day, precision), c in timed:
        evs = [r.evidence for r in c.reports]
        n_sources = sum(max(1, len(ev.sources)) for ev in evs)
        notes = [
            f"dissenting: {len(d.reports)} report(s) say {d.gainer or '?'} took it "
            f"({', '.join(sorted({r.event.event_date or '?' for r in d.reports}))})"
            for d in dissent.get(id(c), [])
        ]
        if changes and c.gainer is not None and _same(c.gainer, holder):
            last = changes[-1]  # another report of the change that gave it to this holder
            last.evidence.extend(evs)
            last.merged_ids.extend(
                m for m in (ev.merged_id for ev in evs) if m and m not in last.merged_ids
            )
            last.n_sources += n_sources
            last.notes.extend(notes)
            continue
        span = date_interval(day, precision)
        assert span is not None
        loser = next((r.loser for r in c.reports if r.loser is not None), None)
        change = ControlChange(
            event_date=day,
            time_precision=precision,
            date_from=span[0].isoformat(),
            date_to=span[1].isoformat(),
            holder_before=holder if holder is not None else loser,
            holder_after=c.gainer,
            sub_event_type=c.reports[0].event.sub_event_type,
            merged_ids=list(dict.fromkeys(ev.merged_id for ev in evs if ev.merged_id)),
            n_sources=n_sources,
            evidence=evs,
            notes=notes,
        )
        if holder is not None and loser is not None and not _same(loser, holder):
            change.notes.append(
                f"reported as taken from {loser}; the timeline had {holder} holding it"
            )
        changes.append(change)
        holder = c.gainer
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
                n_sources=ch.n_sources,
                evidence=ch.evidence[0].evidence_text if ch.evidence else None,
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
