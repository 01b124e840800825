"""Coordinated places: one trigger, several events ("missile strikes against camps in
Afghanistan and a chemical plant in Sudan", "the bombings of the embassies in Nairobi, Kenya
and Dar es Salaam, Tanzania").

ACLED codes one event per location and day.  A trigger whose own phrase names places in
different countries joined by coordination ("and", "or", a list) reports one event in each: the
event the rules built keeps its place, and a copy is made for the best place (a town before a
province before a country, the first named of equals) of every other country so coordinated.
A toll the sentence gives cannot be shared out between the places ("killed 257 in Kenya and
Tanzania"), so the events of a split carry none (0: no figure, not a report of zero); a report
that gives each place's own toll is merged in by the corpus step.

Places of one country stay one event here (a list of towns is often one operation), and places
that are not coordinated with the event's own ("bombings in Nairobi, blamed on a group based in
Afghanistan") are left alone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from dateline.records import Article, Event, Place

log = logging.getLogger(__name__)

_RANK = {"city": 0, "admin2": 1, "admin1": 1, "region": 2, "other": 2, "country": 3, "continent": 4}


def phrase_head(tok: Any) -> Any:
    """The noun a trigger modifies when it is a modifier of it ("cruise missile strikes":
    "missile" → "strikes"), else the trigger itself: the event's phrase is the head's."""
    while tok.dep_ in ("compound", "amod", "nmod") and tok.head.pos_ in ("NOUN", "PROPN"):
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return tok


def _root(doc: Any, p: Place) -> Any | None:
    span = doc.char_span(p.start, p.end, alignment_mode="expand")
    return span.root if span is not None else None


def coordinated(a: Any, b: Any) -> bool:
    """Whether two tokens stand in coordinated branches: below their lowest common ancestor,
    the branch that holds one of them is a ``conj`` of it ("camps in Afghanistan and a plant
    in Sudan", "sites in Sudan and Afghanistan").  A coordination deeper down ("a year of
    setbacks in Syria and neighbouring Iraq", beside "reoccupied Palmyra") does not count."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    ids_b = {t.i for t in up_b}
    k = next((k for k, t in enumerate(up_a) if t.i in ids_b), None)
    if k is None:
        return False
    kb = next(j for j, t in enumerate(up_b) if t.i == up_a[k].i)
    tops = [up[j - 1] for up, j in ((up_a, k), (up_b, kb)) if j > 0]
    return any(t.dep_ == "conj" for t in tops)


def _with_place(ev: Event, pidx: int, place: Place) -> Event:
    out = ev.model_copy(deep=True)
    out.place = pidx
    out.country = place.country
    out.iso = place.iso_numeric
    out.admin1 = place.admin1
    out.location = place.text if place.feature == "city" else (place.admin1 or place.name)
    out.latitude = round(place.latitude, 4) if place.latitude is not None else None
    out.longitude = round(place.longitude, 4) if place.longitude is not None else None
    out.geo_precision = 1 if place.feature == "city" else 3
    return out


def split(
    article: Article,
    doc: Any,
    events: list[Event],
    town_within: Callable[[int, int], int | None] | None = None,
) -> list[Event]:
    """``events`` with one event per coordinated place of another country (see the module's
    docstring); event ids renumbered when a split was made.  ``town_within(place, sentence)``
    gives the town the article names in a country or province, as for the rules' own event
    (coded there with the region's precision)."""
    out: list[Event] = []
    made = False
    for ev in events:
        out.append(ev)
        extra = _other_places(article, doc, ev)
        if not extra:
            continue
        made = True
        names = [article.places[i].text for i in extra]
        note = (
            f" [one of the coordinated places of the trigger's phrase: "
            f"{article.places[ev.place].text if ev.place is not None else '?'}, "
            f"{', '.join(names)}; the sentence's toll is not shared out]"
        )
        if ev.fatalities:
            ev.fatalities = 0
            if ev.plover is not None:
                ev.plover.dead = None
        ev.notes += note
        for i in extra:
            place = article.places[i]
            town = None
            if town_within is not None and place.feature in ("country", "admin1"):
                town = town_within(i, ev.sentence)
            if town is None:
                out.append(_with_place(ev, i, place))
            else:
                copy = _with_place(ev, town, article.places[town])
                copy.geo_precision = 3
                out.append(copy)
    if made:
        for k, ev in enumerate(out):
            ev.event_id = f"{article.id}-{k + 1}"
    return out


def _other_places(article: Article, doc: Any, ev: Event) -> list[int]:
    """The places of other countries coordinated with the event's own in its trigger's phrase."""
    if ev.place is None or ev.trigger is None or ev.background:
        return []
    own = article.places[ev.place]
    span = doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
    if span is None or own.country is None:
        return []
    sub = list(phrase_head(span.root).subtree)
    lo, hi = sub[0].idx, sub[-1].idx + len(sub[-1])
    if not lo <= own.start < hi:
        # the event took a town the article names in the country of its phrase ("embassies in
        # Kenya and Tanzania" → Nairobi): that country's mention in the phrase is coordinated
        anchor = next(
            (
                p
                for p in article.places
                if p.sentence == ev.sentence and lo <= p.start < hi and p.country == own.country
            ),
            None,
        )
        if anchor is None:
            return []
        own = anchor
    own_tok = _root(doc, own)
    if own_tok is None:
        return []
    best: dict[str, int] = {}
    for i, p in enumerate(article.places):
        if (
            i == ev.place
            or p is own
            or p.sentence != ev.sentence
            or not lo <= p.start < hi
            or p.latitude is None
            or p.country is None
            or p.country == own.country
        ):
            continue
        tok = _root(doc, p)
        if tok is None or not coordinated(own_tok, tok):
            continue
        cur = best.get(p.country)
        if cur is None or _RANK.get(p.feature, 2) < _RANK.get(article.places[cur].feature, 2):
            best[p.country] = i
    return sorted(best.values())
