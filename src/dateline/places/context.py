"""What an article says about where it is (:class:`GeoContext`), and which entries a toponym
can denote (:func:`_candidates`): the evidence the places stage scores candidates with.

Focus evidence, weighted by mentions: countries named, nationality adjectives, the countries
and admin1 areas of unambiguous places (an admin1 name that is also a large city elsewhere,
"Washington", is no evidence for the area), the counties named ("Clarke County": each
namesake county may hold the places the article names) and the counties that hold a namesake
of a place the article names (containment, both ways).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from dateline.places import gazetteer as gz
from dateline.places.calques import is_description, without_calques
from dateline.places.candidates import candidate_ids

PLACE_HEADS = frozenset(
    "province governorate region state city town village district county area "
    "countryside border frontier capital airport".split()
)
_WORD = re.compile(r"[A-Z][\w’'.\-]*(?:\s+(?:of|de|del|la|al|el|upon|on)?\s*[A-Z][\w’'.\-]*)*")


#: toponym sources that have no gazetteer entry (streets, buildings)
NO_ENTRY = frozenset({"street", "building"})


@dataclass(slots=True)
class Toponym:
    start: int
    end: int
    text: str
    source: str = "ner"  # ner | gazetteer | abbreviation | demonym | street | building
    entry: int | None = None  # forced entry (abbreviations, demonyms)


@dataclass
class GeoContext:
    """What an article says about where it is: country and admin1 weights, anchors."""

    text: str = ""
    countries: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    admin1: defaultdict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    admin2: defaultdict[int, float] = field(default_factory=lambda: defaultdict(float))
    #: counties holding a namesake of a place the article names ("Clarke County" + "Athens")
    holds: set[int] = field(default_factory=set)
    anchors: list[tuple[float, float, float]] = field(default_factory=list)
    strategy: str = "context"  # context | population

    def country_share(self, cc: str | None) -> float:
        if not cc or not self.countries:
            return 0.0
        top = max(self.countries.values())
        return self.countries[cc] / top if top else 0.0

    def admin1_share(self, cc: str | None, a1: str | None) -> float:
        if not cc or not a1 or not self.admin1:
            return 0.0
        top = max(self.admin1.values())
        return self.admin1[(cc, a1)] / top if top else 0.0

    @classmethod
    def build(
        cls,
        text: str,
        toponyms: Iterable[Toponym | tuple[int, int, str] | str] = (),
        *,
        gaz: gz.Gazetteer | None = None,
        strategy: str = "context",
    ) -> GeoContext:
        """Focus evidence from the toponyms and the nationality adjectives of ``text``."""
        g = gaz or gz.load()
        ctx = cls(text=text, strategy=strategy)
        for t in toponyms:
            name = t if isinstance(t, str) else (t.text if isinstance(t, Toponym) else t[2])
            forced = t.entry if isinstance(t, Toponym) else None
            if isinstance(t, Toponym) and t.source in NO_ENTRY:
                continue
            ids = (forced,) if forced is not None else _candidates(g, name)
            start = None if isinstance(t, str) else (t.start if isinstance(t, Toponym) else t[0])
            if forced is None and start is not None and is_description(g, text, start, name, ids):
                continue  # "the White House": a building, no evidence for a town's area
            # an English phrase naming a foreign city ("White House") is no focus evidence
            ids = ids if forced is not None else without_calques(g, name, ids)
            if not ids:
                continue
            _add_evidence(ctx, g, ids, 1.0)
            ctx.holds.update(g.a2[i] for i in ids if g.feature[i] == gz.CITY and g.a2[i] >= 0)
        for m in _WORD.finditer(text):
            ent = g.demonym_entry(m.group(0))
            if ent is not None and g.feature[ent] == gz.COUNTRY:
                ctx.countries[g.cc[ent]] += 0.5
        return ctx


def _add_evidence(ctx: GeoContext, g: gz.Gazetteer, ids: Sequence[int], weight: float) -> None:
    first = ids[0]
    feat = g.feature[first]
    areas = [
        i for i in ids if g.feature[i] in (gz.COUNTRY, gz.ADMIN1) and g.pop[i] > 0.1 * g.pop[first]
    ]
    if feat in (gz.COUNTRY, gz.ADMIN1) and len({g.cc[i] for i in areas}) > 1:
        # "Georgia": the country or the US state, as populous: each reading a share of the
        # evidence, so that "Athens" beside it can still be Athens, Georgia
        for i in areas:
            if g.feature[i] == gz.COUNTRY:
                ctx.countries[g.cc[i]] += weight / len(areas)
            else:
                ctx.countries[g.cc[i]] += 0.7 * weight / len(areas)
                ctx.admin1[(g.cc[i], g.a1[i])] += weight / len(areas)
        return
    if feat == gz.COUNTRY:
        ctx.countries[g.cc[first]] += weight
        return
    if feat == gz.ADMIN1 and len({g.cc[i] for i in ids if g.pop[i] > 0.1 * g.pop[first]}) == 1:
        ctx.countries[g.cc[first]] += 0.7 * weight
        if not _city_reading_elsewhere(g, ids):
            ctx.admin1[(g.cc[first], g.a1[first])] += weight
        return
    if feat == gz.ADMIN2:
        for i in ids:  # "Clarke County": each namesake county may hold the places named
            if g.feature[i] == gz.ADMIN2:
                ctx.admin2[i] += weight
    ccs = {g.cc[i] for i in ids if g.cc[i]}
    if len(ccs) == 1:
        cc = next(iter(ccs))
        ctx.countries[cc] += 0.5 * weight
        a1s = {g.a1[i] for i in ids}
        if len(a1s) == 1:
            ctx.admin1[(cc, next(iter(a1s)))] += 0.3 * weight
    elif len(ids) > 1 and g.pop[ids[0]] > 20 * max(g.pop[ids[1]], 1):
        ctx.countries[g.cc[ids[0]]] += 0.25 * weight


def _city_reading_elsewhere(g: gz.Gazetteer, ids: Sequence[int]) -> bool:
    """An admin1 name that is also a large city outside it ("Washington": the state, or the
    capital in D.C., which _pick prefers): no evidence for the area itself."""
    first = ids[0]
    return any(
        g.feature[j] == gz.CITY
        and g.pop[j] >= 100_000
        and g.pop[j] >= 0.1 * g.pop[first]
        and g.cc[j] == g.cc[first]
        and g.a1[j] != g.a1[first]
        for j in ids[1:]
    )


def _candidates(g: gz.Gazetteer, name: str) -> tuple[int, ...]:
    ids = candidate_ids(g, name)
    ent = _demonym_entry(g, name)
    if ent is not None and (not ids or (g.feature[ids[0]] == gz.CITY and g.pop[ids[0]] < 100_000)):
        # "Canadian", "Spanish": the nationality, not a village of that name
        return (ent,)
    if ids:
        return ids
    abbr = g.abbreviation(name)
    if abbr is not None:
        return (abbr,)
    # "Homs province", "the Aleppo countryside": retry without a generic head
    words = name.split()
    if len(words) > 1 and words[-1].lower() in PLACE_HEADS:
        return g.candidates(" ".join(words[:-1]))
    # "Northeast Philadelphia", "South Los Angeles": a part of a city, named by its compass
    # point ("South Africa", "East London" are names the gazetteer knows whole); a region's
    # part ("South Florida") is not the region's centre, a small town's ("West Wing") a word
    part = _COMPASS_PART.match(name)
    rest = name[part.end() :] if part is not None else ""
    if rest and not g.is_not_place(rest):
        return tuple(
            i
            for i in g.candidates(rest)
            if g.feature[i] == gz.CITY
            and g.pop[i] >= 100_000
            and gz.normalize(g.entry(i).name) == gz.normalize(rest)  # its own name, no alias
        )
    return ()


_COMPASS_PART = re.compile(
    r"^(?:(?:North|South)(?:[- ]?(?:east|west|East|West))?|East|West|Central|Downtown|Greater)"
    r"\s+(?=[A-Z])"
)


def _demonym_entry(g: gz.Gazetteer, word: str) -> int | None:
    dem = g.demonym_entry(word)
    if dem is None and len(word) > 4 and word.endswith("ns"):
        dem = g.demonym_entry(word[:-1])  # "Manitobans", "Iowans"
    return dem


def focus_country(ctx: GeoContext) -> str | None:
    """The country holding more than half of the article's country evidence, if any."""
    total = sum(ctx.countries.values())
    if total <= 0:
        return None
    cc, top = max(ctx.countries.items(), key=lambda kv: kv[1])
    return cc if top > 0.5 * total else None
