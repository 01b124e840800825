"""dateline.places.v1 — recognise toponyms and geocode them against the offline gazetteer.

Recognition (:mod:`dateline.places.recognition`): spaCy entities backed by the gazetteer,
datelines, countries and populous admin1 areas whatever their label, and in benchmark mode
(``embedded``, ``demonyms``) the Gritta-style extras.

Resolution: every candidate of a name is scored by the article's *focus* — countries
named, nationality adjectives, the countries and admin1 areas of unambiguous places,
an explicit "City, State" pair — then by nearness to the places already resolved; a
population prior (0.5 per decade) keeps "London" in England unless the focus (an
explicit "London, Ky.", a state the article is about) points elsewhere.  A nationality
word reads as its country before a small homonymous town ("Canadian").  Names the
gazetteer lacks (streets, buildings) can take the point of the article's main place
(``fallback_to_focus``).
"""

from __future__ import annotations

import logging
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from dateline.places import calques
from dateline.places import confidence as place_confidence
from dateline.places import gazetteer as gz
from dateline.places.context import (
    NO_ENTRY,
    GeoContext,
    Toponym,
    _candidates,
    focus_country,
)
from dateline.places.facilities import placed_by_next
from dateline.places.qualifier import qualifier, unknown_town
from dateline.places.recognition import recognise as recognise  # re-exported: the stage's half
from dateline.records import Article, Place
from dateline.registry import register

log = logging.getLogger(__name__)


_FEATURE_PRIOR = {
    gz.CITY: 0.0,
    gz.ADMIN1: 0.5,
    gz.COUNTRY: 1.5,
    gz.CONTINENT: 1.2,
    gz.REGION: 1.0,
    gz.ADMIN2: 0.0,
}
# scoring weights (population prior per decade, focus shares, constraint, nearness)
# (a continent or region counts as populous as a large country: "Middle East", "EU").
# pop, country, admin1 and admin2 are chosen by leave-one-corpus-out cross-validation over the
# two dev files (scripts/geo_cv.py: both folds choose pop 0.6, country 1.5, admin1 1.0;
# admin1_self stays 0: TR-News is flat over it and an admin1 name's own mention would feed it,
# "Tombouctou" the region before the town)
W = {
    "pop": 0.6,
    "country": 1.5,
    "admin1": 1.0,
    "admin1_self": 0.0,
    "near": 1.0,
    "area_pop": 1e7,
    "admin2": 1.0,
}


def _score(g: gz.Gazetteer, i: int, ctx: GeoContext, constraint: int | None) -> float:
    feat = g.feature[i]
    pop = g.pop[i]
    if not pop and feat in (gz.CONTINENT, gz.REGION):
        pop = int(W["area_pop"])
    s = math.log10(pop + 1) * W["pop"] + _FEATURE_PRIOR[feat]
    if ctx.strategy == "population":
        return s
    cc, a1 = g.cc[i], g.a1[i]
    s += W["country"] * ctx.country_share(cc)
    if feat in (gz.CITY, gz.ADMIN2):
        s += W["admin1"] * ctx.admin1_share(cc, a1)
        if feat == gz.CITY and ctx.admin2:
            s += W["admin2"] * min(1.0, ctx.admin2.get(g.a2[i], 0.0))
        elif feat == gz.ADMIN2 and i in ctx.holds:
            s += W["admin2"]
    elif feat == gz.ADMIN1:
        s += W["admin1_self"] * ctx.admin1_share(cc, a1)
    if constraint is not None:
        if g.feature[constraint] == gz.COUNTRY and g.cc[constraint] == cc:
            s += 3.0
        elif g.feature[constraint] == gz.ADMIN1 and (g.cc[constraint], g.a1[constraint]) == (
            cc,
            a1,
        ):
            s += 4.0
        elif g.feature[constraint] == gz.ADMIN2 and g.a2[i] == constraint:
            s += 4.0
    if ctx.anchors and feat in (gz.CITY, gz.ADMIN2):
        near = 0.0
        lat_i = g.lat[i]
        for lat, lon, w in ctx.anchors:
            # 2.75 degrees of latitude are > 305 km whatever the longitude: too far, without
            # the trigonometry (anchors grow with the article, and every city meets them all)
            if abs(lat - lat_i) > 2.75:
                continue
            d = gz.distance_km(lat_i, g.lon[i], lat, lon)
            if d < 300:
                near = max(near, w * (1.0 - d / 300))
        s += W["near"] * near
    return s


def _pick(
    g: gz.Gazetteer, ids: Sequence[int], ctx: GeoContext, constraint: int | None = None
) -> tuple[int, float]:
    if ctx.strategy == "population":
        best = max(ids, key=lambda j: g.pop[j])
        return best, 1.0 / len(ids)
    scored = sorted(((_score(g, j, ctx, constraint), j) for j in ids), reverse=True)
    top, best = scored[0]
    if g.feature[best] == gz.ADMIN1 and constraint is None:
        # "Aleppo", "Washington": a large city of the same name is the usual reading
        for sc, j in scored[1:]:
            if g.feature[j] == gz.CITY and g.pop[j] >= 100_000 and sc > top - 1.5:
                if g.cc[j] == g.cc[best] and g.pop[j] >= 0.1 * g.pop[best]:
                    top, best = sc, j
                    break
    margin = top - scored[1][0] if len(scored) > 1 else 2.0
    return best, round(1 - math.exp(-max(margin, 0.0) - 0.2), 3)


def _place(
    g: gz.Gazetteer,
    i: int,
    start: int,
    end: int,
    text: str,
    score: float,
    sentence: int | None,
) -> Place:
    e = g.entry(i)
    info = g.countries.get(e.country_code or "")
    return Place(
        start=start,
        end=end,
        text=text,
        name=e.name,
        geonameid=e.geonameid,
        feature=e.feature,  # type: ignore[arg-type]
        country=info.name if info else None,
        country_code=e.country_code,
        iso_numeric=info.iso_numeric if info else None,
        admin1=g.admin1_name(e.country_code, e.admin1_code) if e.feature != "continent" else None,
        latitude=round(e.latitude, 5),
        longitude=round(e.longitude, 5),
        population=e.population or None,
        score=score,
        sentence=sentence,
    )


def resolve(
    toponyms: Sequence[Toponym | tuple[int, int, str]],
    context: GeoContext | str | None = None,
    *,
    fallback_to_focus: bool = False,
    article: Article | None = None,
    signal_log: list[dict[str, Any]] | None = None,
) -> list[Place | None]:
    """Geocode given toponym spans (the gold-toponym mode): one Place or None per span.

    ``context`` is a :class:`GeoContext`, or the text the spans come from (the focus is
    then built from the spans and the text), or None.  Each place gets its calibrated
    ``probability`` (:mod:`dateline.places.confidence`; its signals are appended to
    ``signal_log`` when given), except under the population strategy.
    """
    g = gz.load()
    tops = [t if isinstance(t, Toponym) else Toponym(t[0], t[1], t[2]) for t in toponyms]
    if context is None or isinstance(context, str):
        ctx = GeoContext.build(context or "", tops, gaz=g)
    else:
        ctx = context
    text = ctx.text
    cands: list[tuple[int, ...]] = []
    for t in tops:
        if t.entry is not None:
            cands.append((t.entry,))
        elif t.source in NO_ENTRY:
            cands.append(())  # a street or a building: never a namesake town
        else:
            ids = _candidates(g, t.text)
            if calques.is_description(g, text, t.start, t.text, ids):
                ids = ()  # "the White House": a building, not a town of that name
            cands.append(calques.supported(g, t.text, ids, ctx.countries))
    quals = [
        qualifier(g, text, t.end, ids) if text else (None, False)
        for t, ids in zip(tops, cands, strict=True)
    ]
    constraints = [q[0] for q in quals]

    picks: list[tuple[int, float] | None] = [
        _pick(g, ids, ctx, c) if ids else None for ids, c in zip(cands, constraints, strict=True)
    ]
    final = ctx
    if ctx.strategy != "population":
        # second pass: the resolved places become evidence and anchors
        ctx2 = GeoContext(
            text=text,
            countries=defaultdict(float, ctx.countries),
            admin1=defaultdict(float, ctx.admin1),
            admin2=defaultdict(float, ctx.admin2),
            holds=ctx.holds,
            strategy=ctx.strategy,
        )
        for p in picks:
            if p is None:
                continue
            i, conf = p
            if g.feature[i] == gz.ADMIN2:
                ctx2.admin2[i] += conf
                ctx2.admin1[(g.cc[i], g.a1[i])] += 0.3 * conf
            if g.feature[i] == gz.CITY:
                ctx2.countries[g.cc[i]] += 0.3 * conf
                ctx2.admin1[(g.cc[i], g.a1[i])] += 0.3 * conf
                if conf >= 0.5:
                    ctx2.anchors.append((g.lat[i], g.lon[i], conf))
        picks = [
            _pick(g, ids, ctx2, c) if ids else None
            for ids, c in zip(cands, constraints, strict=True)
        ]
        final = ctx2
    for k, (ids, (area, in_list)) in enumerate(zip(cands, quals, strict=True)):
        if area is not None and unknown_town(g, ids, area, in_list):
            picks[k] = (area, 0.5)  # "Wellington, Somerset": the county, not New Zealand
    placed_by_next(text, tops, picks, NO_ENTRY)  # "Thomas Memorial Hospital in South Charleston"
    focus = _focus_entry(g, picks, final) if fallback_to_focus else None
    out: list[Place | None] = []
    for t, p in zip(tops, picks, strict=True):
        sent = article.sentence_at(t.start) if article is not None else None
        if p is None:
            if focus is not None:
                pl = _place(g, focus, t.start, t.end, t.text, 0.1, sent)
                pl.name = t.text
                pl.feature = "other"
                pl.geonameid = None
                pl.population = None
                out.append(pl)
            else:
                out.append(None)
            continue
        out.append(_place(g, p[0], t.start, t.end, t.text, p[1], sent))
    if ctx.strategy != "population":
        rows = place_confidence.signals(g, tops, cands, quals, picks, final, out)
        place_confidence.assign(out, rows, signal_log=signal_log)
    return out


def _focus_entry(
    g: gz.Gazetteer, picks: Sequence[tuple[int, float] | None], ctx: GeoContext | None = None
) -> int | None:
    """The article's main place: its most named city, else admin1, else country; inside the
    country that holds most of the article's country evidence when one does (an article
    about Syria that names Moscow more than Damascus is still about Syria)."""
    cc = focus_country(ctx) if ctx is not None else None
    by_feat: dict[int, Counter[int]] = defaultdict(Counter)
    for p in picks:
        if p is not None and (cc is None or g.cc[p[0]] == cc):
            by_feat[g.feature[p[0]]][p[0]] += 1
    if cc is not None and not by_feat[gz.CITY] and not by_feat[gz.ADMIN1]:
        return g.country_entry(cc)
    for feat in (gz.CITY, gz.ADMIN1, gz.COUNTRY):
        if by_feat[feat]:
            return by_feat[feat].most_common(1)[0][0]
    return None


def geocode(name: str, context: GeoContext | str | None = None) -> Place | None:
    """Geocode one place name, with an optional context (a GeoContext or the article text)."""
    return resolve([Toponym(0, len(name), name)], context)[0]


# ---------------------------------------------------------------------------
# recognition


def _calque_only(g: gz.Gazetteer, t: Toponym, ctx: GeoContext) -> bool:
    """A name the gazetteer knows only as an English phrase for a city in a country the
    article does not otherwise name ("the White House", Casablanca's calque): no toponym."""
    if t.entry is not None or t.source in NO_ENTRY:
        return False
    ids = _candidates(g, t.text)
    return bool(ids) and not calques.supported(g, t.text, ids, ctx.countries)


@register("dateline.places.v1", requires=("text", "sentences", "doc"), assigns=("places",))
class Places:
    """Recognise toponyms (spaCy NER + gazetteer) and geocode them by the article's focus."""

    def __init__(
        self,
        demonyms: bool = False,
        fallback_to_focus: bool = False,
        strategy: str = "context",
        embedded: bool = False,
    ) -> None:
        self.demonyms = demonyms
        self.embedded = embedded
        self.fallback_to_focus = fallback_to_focus
        self.strategy = strategy

    def __call__(self, article: Article) -> Article:
        g = gz.load()
        tops = recognise(
            article,
            demonyms=self.demonyms,
            embedded=self.embedded,
            facilities=self.fallback_to_focus,
        )
        ctx = GeoContext.build(article.text, tops, gaz=g, strategy=self.strategy)
        tops = [t for t in tops if not _calque_only(g, t, ctx)]
        places = resolve(tops, ctx, fallback_to_focus=self.fallback_to_focus, article=article)
        article.places = [p for p in places if p is not None]
        return article
