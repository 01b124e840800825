"""One real event reported by many articles: merge their events into one, with every source.

Two events of different articles describe the same real event when

* their sub-event types are of one *family* (a battle, a change of territory, remote violence,
  violence against civilians, a protest, a riot; each strategic development is its own family),
  and for a change of territory the gaining actor (``actor1``) is the same;
* their actors are compatible: they share an actor (:func:`dateline.language.actors.same_actor`: two
  known groups only when their canonical names are equal, "Islamic State" is not "Islamic State
  (West Africa)"; other names compared case-insensitively, a name contained in the other counts:
  "Military Forces of Syria (2000-)"), or one side names none, or, for a demonstration or riot,
  one report names only the crowd and the other only the state forces that faced it;
* their places are compatible: the same location, two points within :data:`NEAR_KM` (within
  :data:`AREA_KM` when a report places it only near a town, ``geo_precision`` 2), or one is a
  region (``geo_precision`` 3, or no town) whose admin1 / country holds the other; the
  countries, when both known, are equal;
* their dates are compatible with their precisions (ACLED ``time_precision``: 1 = that day,
  2 = within the week around it, 3 = within that month), each cut at its page's publication
  day (nothing reported happened after the page), give or take :data:`DAY_SLACK` day when one
  of them is a stated day: reports of one event written the evening before and the morning
  after, or in other time zones, resolve "on Sunday" / "last night" a day apart (two week-
  precise dates already hold that doubt); an undated event is compatible with no event of
  another story (two bombings in one city a year apart, both undated, are two events,
  whatever else they share);
* both are background mentions or neither is: a past event recalled as background ("the
  attack, which killed 130 in 2015") is an event of its own date and never joins the news of
  the day;
* or, for two copies of one story (same story cluster from :mod:`dateline.corpus.dedup`), the
  same sub-event type on the same evidence sentence, whatever their dates (a copy republished
  days later resolves "on Sunday" to another Sunday).

An article contributes two events to one merged event only when they are twins
(:func:`same_article_twins`: the march and the riot of one demonstration, same day and place);
otherwise the event stage already decided they are distinct.  Events are visited in a
canonical order (most precise date first, then date, type, place, actors, publication, article
id, index) and each joins the best existing group all of whose members it is compatible with
(the most similar first; two unknown values are no agreement); so the result depends only on
the *set* of events, not on the order they are given in.

The merged event takes the fields of its member with the highest ACLED precedence
(:data:`dateline.events.acled.MERGE_RANK`: a violent demonstration outranks the rest of its family; then the
most precise date, then the earliest published), fills gaps from the others and lists every
source.  Its fatality figure follows a stated rule (:func:`fatality_figure`): tolls rise as
the day goes on and later tolls supersede early ones, so only the *current* figures count —
those published within :data:`TOLL_WINDOW_HOURS` hours of the latest report that gives a
figure — and of those the **lowest** is kept (ACLED's most conservative figure; a source that
gives no figure, 0, is not a report of zero).  Where members disagree (fatalities, dates,
sub-event types, actors, locations), the values are recorded in ``disagreement``.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from pydantic import Field

from dateline.events import acled, subsets
from dateline.events.acled import date_interval, family
from dateline.language import actors
from dateline.records import Article, Event, Record

log = logging.getLogger(__name__)

NEAR_KM = 25.0
#: a report that places the event only near a town (geo_precision 2: "30 miles south of
#: Portland", the article's main place) may name a town this far from another report's
AREA_KM = 75.0
#: reports of one event may date it a day apart (evening before / morning after, time zones)
DAY_SLACK = 1
#: figures published this long before the latest figure are superseded by it
TOLL_WINDOW_HOURS = 12
#: families of events where a crowd faces the state's forces (a report may name one side)
CROWD_FAMILIES = acled.CROWD_FAMILIES
TERRITORY = frozenset(
    {
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Non-violent transfer of territory",
    }
)
#: fields whose differing values are recorded as a disagreement
DISAGREEMENT_FIELDS = (
    "fatalities",
    "event_date",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
)


@dataclass(frozen=True)
class SourcedEvent:
    """An event of one stored article, with what is known of the article."""

    article_id: str
    idx: int  # index of the event in its Article
    event: Event
    published: str | None = None
    source: str | None = None  # URL, file or site of the article
    story: str | None = None  # story (near-duplicate) cluster id

    @property
    def key(self) -> tuple[str, int]:
        return (self.article_id, self.idx)


class EventSource(Record):
    """One report of a merged event: the article and what it said."""

    article_id: str
    idx: int
    event_id: str
    source: str | None = None
    published: str | None = None
    story: str | None = None
    event_date: str | None = None
    time_precision: int | None = None
    sub_event_type: str
    actor1: str | None = None
    actor2: str | None = None
    location: str | None = None
    fatalities: int = 0
    claimed_by: str | None = None
    evidence_text: str = ""


class MergedEvent(Record):
    """One real event: the merged ACLED record, every source and where they disagree."""

    merged_id: str
    event: Event
    sources: list[EventSource] = Field(default_factory=list)
    fatalities_reported: list[int] = Field(default_factory=list)  # distinct figures > 0
    disagreement: dict[str, list[Any]] = Field(default_factory=dict)

    @property
    def n_sources(self) -> int:
        return len(self.sources)


# --- comparison ---------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)  # pure; the merge compares the same few names many times
def _norm(s: str | None) -> str:
    if not s:
        return ""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", s.casefold()))


def _agree(x: str | None, y: str | None) -> bool:
    """Two values stated alike; two unknowns are no agreement."""
    nx = _norm(x)
    return bool(nx) and nx == _norm(y)


@lru_cache(maxsize=1 << 16)  # pure (the actor table is fixed); called for every pair tried
def _names_match(a: str, b: str) -> bool:
    # canonical names (dateline.language.actors): two known groups match only when they are one group;
    # one day's protesters and rioters in one place are one crowd
    return actors.same_actor(actors.crowd_name(a) or a, actors.crowd_name(b) or b)


def _actors(e: Event) -> list[str]:
    out = [x for x in (e.actor1, e.actor2) if x]
    for assoc in (e.assoc_actor_1, e.assoc_actor_2):
        if assoc:
            out += [x.strip() for x in assoc.split(";") if x.strip()]
    return out


def _side(e: Event) -> str | None:
    """``"crowd"`` when an event names only a crowd, ``"state"`` when only state forces
    (ACLED inter code 1), else None."""
    xs = _actors(e)
    if xs and all(actors.is_crowd(x) for x in xs):
        return "crowd"
    if xs == [e.actor1] and e.inter1 == 1:
        return "state"
    return None


def actors_compatible(a: Event, b: Event) -> bool:
    if a.sub_event_type in TERRITORY and b.sub_event_type in TERRITORY:
        if a.actor1 and b.actor1 and not _names_match(a.actor1, b.actor1):
            return False  # who gained the place differs: another change of hands
    xa, xb = _actors(a), _actors(b)
    if not xa or not xb:
        return True
    if any(_names_match(x, y) for x in xa for y in xb):
        return True
    # a demonstration or riot has two sides: one report names only the crowd, another only
    # the police that faced it ("masked youths clashed with police")
    return (
        family(a.sub_event_type) in CROWD_FAMILIES
        and family(b.sub_event_type) in CROWD_FAMILIES
        and {_side(a), _side(b)} == {"crowd", "state"}
    )


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _coarse(e: Event) -> bool:
    return e.location is None or (e.geo_precision or 0) >= 3


def places_compatible(a: Event, b: Event) -> bool:
    if a.country and b.country and _norm(a.country) != _norm(b.country):
        return False
    la, lb = _norm(a.location), _norm(b.location)
    if la and la == lb:
        return True
    ca, cb = _coarse(a), _coarse(b)
    if not ca and not cb:
        if None not in (a.latitude, a.longitude, b.latitude, b.longitude):
            near = NEAR_KM if max(a.geo_precision or 1, b.geo_precision or 1) < 2 else AREA_KM
            return _km(a.latitude, a.longitude, b.latitude, b.longitude) <= near  # type: ignore[arg-type]
        return False
    if ca and cb:
        if not la or not lb:
            return True  # at least one knows only the country
        if a.admin1 and b.admin1 and _norm(a.admin1) == _norm(b.admin1):
            return True
        # one region holds the other ("Kenya" and a report placing it only around Nairobi)
        return la in (_norm(b.admin1), _norm(b.country)) or lb in (
            _norm(a.admin1),
            _norm(a.country),
        )
    region, point = (a, b) if ca else (b, a)
    if region.location is None:
        return True  # only the country is known
    if region.admin1 and point.admin1 and _norm(region.admin1) == _norm(point.admin1):
        return True
    lr = _norm(region.location)
    return lr in (_norm(point.admin1), _norm(point.country))


def dates_compatible(a: Event, b: Event, slack_days: int = 0) -> bool:
    """Whether the days two dates may denote overlap (widened by ``slack_days`` each side)."""
    ia = date_interval(a.event_date, a.time_precision)
    ib = date_interval(b.event_date, b.time_precision)
    if ia is None or ib is None:
        return ia is None and ib is None
    slack = timedelta(days=slack_days)
    return ia[0] - slack <= ib[1] and ib[0] - slack <= ia[1]


def _window(se: SourcedEvent) -> tuple[date, date] | None:
    """The days an event may denote, cut at its article's publication day: nothing a page
    reports can have happened after it (a week-precise date from the page's own date is the
    week *before* it)."""
    span = date_interval(se.event.event_date, se.event.time_precision)
    if span is None or not se.published:
        return span
    try:
        day = date.fromisoformat(se.published[:10])
    except ValueError:
        return span
    return (span[0], min(span[1], day)) if span[0] <= day else span


def reported_dates_compatible(a: SourcedEvent, b: SourcedEvent) -> bool:
    """Whether two reports' dates can be one day: their windows (:func:`_window`) overlap,
    widened by :data:`DAY_SLACK` when one of them is a stated day (the evening-before and
    morning-after readings of "on Sunday"); two week- or month-precise windows already hold
    that doubt and are not widened (two reports a week apart, each dated only by its page,
    are not one event for that)."""
    ea, eb = a.event, b.event
    if not dates_compatible(ea, eb, DAY_SLACK):
        return False
    wa, wb = _window(a), _window(b)
    if wa is None or wb is None:
        return wa is None and wb is None
    day_precise = 1 in (ea.time_precision, eb.time_precision)
    slack = timedelta(days=DAY_SLACK if day_precise else 0)
    return wa[0] - slack <= wb[1] and wb[0] - slack <= wa[1]


def same_report(a: SourcedEvent, b: SourcedEvent) -> bool:
    """Two copies of one story reporting the event in the same sentence."""
    return (
        a.story is not None
        and a.story == b.story
        and a.event.sub_event_type == b.event.sub_event_type
        and _norm(a.event.evidence_text) == _norm(b.event.evidence_text)
    )


def same_article_twins(a: Event, b: Event) -> bool:
    """Two events of one article that ACLED codes as one: a demonstration that turned violent
    is one event of the day and place (ACLED codes it once, as its most violent form).  So
    two demonstration or riot events (:data:`CROWD_FAMILIES`) of one family on the same day
    (day- or week-precise) at the same named place, actors compatible, neither background
    ("after rallying in central Athens, the unions converged on parliament" and "police
    fought pitched battles with striking protesters" in one report of that day's riot).
    Other events of one article stay as the event stage left them."""
    return (
        a.event_date is not None
        and family(a.sub_event_type) in CROWD_FAMILIES
        and a.event_date[:10] == (b.event_date or "")[:10]
        and max(a.time_precision or 9, b.time_precision or 9) <= 2
        and not a.background
        and not b.background
        and family(a.sub_event_type) == family(b.sub_event_type)
        and _agree(a.location, b.location)
        and actors_compatible(a, b)
    )


#: ACLED's names of actors nobody named, and of a country's state: shared by unrelated events
_UNSPECIFIC = re.compile(
    r"^(?:Unidentified .*|Civilians|Protesters|Rioters|Military Forces of .*|Police Forces of .*"
    r"|Government of .*)(?: \(.+\))?$"
)


def corroborated(a: Event, b: Event) -> bool:
    """Two reports agree on something specific: a named actor that is not one of ACLED's
    generic forms or a country's state forces, or the same non-zero toll."""
    if a.fatalities and a.fatalities == b.fatalities:
        return True
    return any(
        _names_match(x, y)
        for x in _actors(a)
        if not _UNSPECIFIC.match(x)
        for y in _actors(b)
        if not _UNSPECIFIC.match(y)
    )


def compatible(a: SourcedEvent, b: SourcedEvent) -> bool:
    """Whether two events can be one real event (of one article: :func:`same_article_twins`)."""
    if a.article_id == b.article_id:
        return a.idx != b.idx and same_article_twins(a.event, b.event)
    if same_report(a, b):
        return True
    ea, eb = a.event, b.event
    return (
        ea.event_date is not None
        and eb.event_date is not None
        and ea.background == eb.background
        and family(ea.sub_event_type) == family(eb.sub_event_type)
        and actors_compatible(ea, eb)
        and places_compatible(ea, eb)
        and reported_dates_compatible(a, b)
        and (_placed_or_strategic(ea, eb) or corroborated(ea, eb))
    )


def _placed_or_strategic(a: Event, b: Event) -> bool:
    """Both reports name a place (a town or a region), or the event is a strategic
    development.  Of political violence and demonstrations, a report that places the event
    nowhere is the same event as another only when the two agree on something specific
    (:func:`corroborated`): the same kind of violence in one country in one week is too little
    (two shootings in the United States the same week); a strategic development (an
    agreement, an arrest) keeps the looser rule."""
    placed = a.location is not None and b.location is not None
    return placed or a.event_type == "Strategic developments"


def _similarity(a: SourcedEvent, b: SourcedEvent) -> int:
    ea, eb = a.event, b.event
    return (
        4 * same_report(a, b)
        + 2 * (ea.sub_event_type == eb.sub_event_type)
        + (ea.event_date is not None and ea.event_date == eb.event_date)
        + _agree(ea.location, eb.location)
        + _agree(ea.actor1, eb.actor1)
        + _agree(ea.actor2, eb.actor2)
    )


# --- merging ------------------------------------------------------------------------------


def _canonical(se: SourcedEvent) -> tuple[Any, ...]:
    e = se.event
    return (
        e.time_precision or 9,
        e.event_date or "9999",
        acled.MERGE_RANK.get(e.sub_event_type, 99),
        _norm(e.location),
        _norm(e.actor1),
        _norm(e.actor2),
        se.published or "9999",
        se.article_id,
        se.idx,
    )


def _rep_key(se: SourcedEvent) -> tuple[Any, ...]:
    e = se.event
    return (
        acled.MERGE_RANK.get(e.sub_event_type, 99),
        e.time_precision or 9,
        e.background,
        se.published or "9999",
        se.article_id,
        se.idx,
    )


def _source_of(se: SourcedEvent) -> EventSource:
    e = se.event
    return EventSource(
        article_id=se.article_id,
        idx=se.idx,
        event_id=e.event_id,
        source=se.source or e.source,
        published=se.published,
        story=se.story,
        event_date=e.event_date,
        time_precision=e.time_precision,
        sub_event_type=e.sub_event_type,
        actor1=e.actor1,
        actor2=e.actor2,
        location=e.location,
        fatalities=e.fatalities,
        claimed_by=e.claimed_by,
        evidence_text=e.evidence_text,
    )


def _hours(published: str | None) -> float | None:
    if not published:
        return None
    try:
        t = datetime.fromisoformat(published)
    except ValueError:
        return None
    if t.tzinfo is not None:
        t = t.astimezone(UTC).replace(tzinfo=None)
    return (t - datetime(1970, 1, 1)).total_seconds() / 3600.0


def fatality_figure(members: Iterable[SourcedEvent]) -> tuple[int, list[int], str]:
    """The merged fatality figure, the figures it was chosen from, and the rule applied.

    Only reports giving a figure (> 0) count.  When they carry publication times, the figures
    published within :data:`TOLL_WINDOW_HOURS` of the latest such report are the current ones
    (a toll that rose from 3 to 42 during the day is 42 by evening); the lowest current figure
    is kept.  Without publication times, the lowest of all figures is kept.  A figure that
    counts only a subset of the victims (:func:`dateline.events.subsets.is_subset`) is left
    out when any report gives a full toll.
    """
    given = [m for m in members if m.event.fatalities > 0]
    # a figure counting part of the victims ("Twelve Americans were killed") yields to a toll
    whole = [m for m in given if not subsets.is_subset(m.event)]
    reports = [(m.event.fatalities, _hours(m.published)) for m in whole or given]
    if not reports:
        return 0, [], "none reported"
    part = "; subset figures left out" if whole and len(whole) < len(given) else ""
    timed = [t for _, t in reports if t is not None]
    if timed and len(timed) == len(reports):
        latest = max(timed)
        current = sorted(
            {f for f, t in reports if t is not None and t >= latest - TOLL_WINDOW_HOURS}
        )
        if len(current) < len({f for f, _ in reports}):
            return (
                current[0],
                current,
                "earlier tolls superseded; lowest current figure kept" + part,
            )
        return current[0], current, "lowest kept" + part
    figures = sorted({f for f, _ in reports})
    return figures[0], figures, "lowest kept" + part


def merged_id(members: Iterable[SourcedEvent]) -> str:
    """A stable id: the hash of the smallest member key (article id, index)."""
    aid, idx = min(m.key for m in members)
    return "m" + hashlib.sha1(f"{aid}:{idx}".encode()).hexdigest()[:15]


def _build(members: list[SourcedEvent]) -> MergedEvent:
    members = sorted(members, key=_rep_key)
    rep = members[0]
    ev = rep.event.model_copy(deep=True)
    for m in members[1:]:  # fill gaps from the other reports
        o = m.event
        if ev.actor2 is None and o.actor2 and actors_compatible(ev, o):
            ev.actor2, ev.inter2 = o.actor2, o.inter2
        if ev.location is None and o.location:
            ev.location, ev.admin1, ev.country = o.location, o.admin1, o.country
            ev.latitude, ev.longitude, ev.geo_precision = o.latitude, o.longitude, o.geo_precision
            ev.iso = o.iso
        if ev.event_date is None and o.event_date:
            ev.event_date, ev.time_precision, ev.year = o.event_date, o.time_precision, o.year
    if _coarse(ev):
        # ACLED codes the most specific location: a report naming only the country ("the
        # embassies in Kenya and Tanzania") takes the town another report of it names
        towns = [m.event for m in members if not _coarse(m.event) and m.event.latitude is not None]
        if towns:
            o = min(towns, key=lambda e: e.geo_precision or 1)
            ev.location, ev.admin1, ev.country = o.location, o.admin1, o.country
            ev.latitude, ev.longitude, ev.geo_precision = o.latitude, o.longitude, o.geo_precision
            ev.iso = o.iso
    ev.interaction = acled.interaction(ev.inter1, ev.inter2)
    figures = sorted({m.event.fatalities for m in members if m.event.fatalities > 0})
    ev.fatalities, _, rule = fatality_figure(members)
    if ev.plover is not None and ev.plover.dead is not None:
        ev.plover.dead = ev.fatalities or None
    by_time = sorted(members, key=lambda m: (m.published or "9999", m.article_id, m.idx))
    sources = [_source_of(m) for m in by_time]
    names = list(dict.fromkeys(s.source for s in sources if s.source))
    ev.source = "; ".join(names) if names else ev.source
    mid = merged_id(members)
    ev.event_id = mid
    disagreement: dict[str, list[Any]] = {}
    for fld in DISAGREEMENT_FIELDS:
        values = sorted(
            {getattr(m.event, fld) for m in members if getattr(m.event, fld) is not None},
            key=lambda v: (str(type(v)), v),
        )
        if len(values) > 1:
            disagreement[fld] = values
    if len(members) > 1:
        note = f" [{len(members)} sources"
        if "fatalities" in disagreement:
            note += f"; fatalities reported: {', '.join(map(str, figures))}, {rule}"
        ev.notes = rep.event.notes + note + "]"
        if any(m.event.fatalities > 0 and not subsets.is_subset(m.event) for m in members):
            ev.notes = subsets.unmark(ev.notes)  # the figure kept is a full toll
    return MergedEvent(
        merged_id=mid,
        event=ev,
        sources=sources,
        fatalities_reported=figures,
        disagreement=disagreement,
    )


def build_merged(members: Iterable[SourcedEvent]) -> MergedEvent:
    """The merged event of ``members`` as they are (an analyst's grouping, not the merge's)."""
    return _build(list(members))


def merge_events(events: Iterable[SourcedEvent]) -> list[MergedEvent]:
    """Merge the events of many articles into real events (order-independent)."""
    unique = {se.key: se for se in events}
    ordered = sorted(unique.values(), key=_canonical)
    groups: list[list[SourcedEvent]] = []
    for se in ordered:
        best: int | None = None
        best_score = -1
        for gi, group in enumerate(groups):
            if not all(compatible(se, m) for m in group):
                continue
            score = _similarity(se, group[0])
            if score > best_score:
                best, best_score = gi, score
        if best is None:
            groups.append([se])
        else:
            groups[best].append(se)
    merged = [_build(g) for g in groups]
    merged.sort(key=lambda m: (m.event.event_date or "9999", m.merged_id))
    log.debug("%d events merged into %d", len(unique), len(merged))
    return merged


def sourced_events(
    articles: Iterable[Article], story_of: Mapping[str, str] | None = None
) -> list[SourcedEvent]:
    """The events of ``articles`` with their article's id, date, source and story cluster."""
    out: list[SourcedEvent] = []
    for a in articles:
        story = (story_of or {}).get(a.id, a.id)
        for i, e in enumerate(a.events):
            out.append(
                SourcedEvent(
                    article_id=a.id,
                    idx=i,
                    event=e,
                    published=a.published,
                    source=a.source or a.site,
                    story=story,
                )
            )
    return out
