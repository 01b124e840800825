"""The probability that a geocoded place lies within 161 km of the true place
(``Place.probability``), from the signals the geocoder already has for its pick.

Signals (:data:`FEATURES`), per resolved toponym:

* the pick's margin over the runner-up (``Place.score``, ``1 - exp(-margin - 0.2)``), the
  number of candidates the name has (log) and whether it has only one;
* the pick's feature class (town, admin1, admin2, country, larger area, or the article's
  main place lent to a name the gazetteer lacks), its population (log10), and whether it is
  the most populous candidate (the reading without context);
* an area written after the name ("Homs, Syria"): whether there is one, whether it holds the
  pick, and whether the name was read as that area (a town the gazetteer lacks);
* the article's focus on the pick: the share of its country and of its admin1 area in the
  evidence (countries named, unambiguous places, the places resolved in the first pass);
* how the toponym was recognised (spaCy's place entity, the gazetteer over another label, an
  abbreviation, a nationality word) or given (a forced entry);
* one sense per discourse: how often the article names it, whether all its mentions got the
  same place, and its position in the text.

The weights ship as ``data/field_confidence/place.json``, fitted by
``scripts/train_field_confidence.py`` on the two geoparsing dev files (GeoWebNews, TR-News)
with the default places stage: a place overlapping a gold toponym with coordinates is an
example, right when it lies within 161 km of the gold point.  Places that match no gold
toponym (recognition errors) are not examples: the probability is that of the coordinates,
given the name is a place.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dateline.calibration import Shipped
from dateline.places import gazetteer as gz
from dateline.places.context import GeoContext, Toponym
from dateline.places.qualifier import holds, unknown_town
from dateline.records import Place

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "field_confidence" / "place.json"

_FEATS = {
    gz.CITY: "feat_city",
    gz.ADMIN1: "feat_admin1",
    gz.ADMIN2: "feat_admin2",
    gz.COUNTRY: "feat_country",
    gz.REGION: "feat_area",
    gz.CONTINENT: "feat_area",
}
_SOURCES = {
    "ner": "src_ner",
    "gazetteer": "src_gazetteer",
    "abbreviation": "src_abbreviation",
    "demonym": "src_demonym",
}

FEATURES: tuple[str, ...] = (
    "margin",
    "log_candidates",
    "single_candidate",
    "feat_city",
    "feat_admin1",
    "feat_admin2",
    "feat_country",
    "feat_area",
    "feat_focus",
    "log_population",
    "most_populous",
    "qualifier",
    "qualifier_holds",
    "unknown_town",
    "country_share",
    "admin1_share",
    "forced",
    "src_ner",
    "src_gazetteer",
    "src_abbreviation",
    "src_demonym",
    "log_mentions",
    "consistent",
    "position",
)

MODEL = Shipped(MODEL_PATH, FEATURES)


def signals(
    g: gz.Gazetteer,
    tops: Sequence[Toponym],
    cands: Sequence[Sequence[int]],
    quals: Sequence[tuple[int | None, bool]],
    picks: Sequence[tuple[int, float] | None],
    ctx: GeoContext,
    places: Sequence[Place | None],
) -> list[dict[str, float] | None]:
    """One feature dict per toponym that has a place (None where it has none)."""
    n_text = max(len(ctx.text), 1)
    mentions = Counter(gz.normalize(t.text) for t in tops)
    senses: dict[str, set[int | None]] = defaultdict(set)
    for t, p in zip(tops, picks, strict=True):
        senses[gz.normalize(t.text)].add(p[0] if p else None)
    out: list[dict[str, float] | None] = []
    for t, ids, (area, in_list), p, pl in zip(tops, cands, quals, picks, places, strict=True):
        if pl is None:
            out.append(None)
            continue
        f = dict.fromkeys(FEATURES, 0.0)
        f["margin"] = float(pl.score or 0.0)
        f["log_candidates"] = math.log1p(len(ids))
        f["single_candidate"] = float(len(ids) == 1)
        key = gz.normalize(t.text)
        f["log_mentions"] = math.log(mentions[key])
        f["consistent"] = float(len(senses[key]) == 1)
        f["position"] = t.start / n_text
        f["forced"] = float(t.entry is not None)
        src = _SOURCES.get(t.source)
        if src:
            f[src] = 1.0
        if area is not None:
            f["qualifier"] = 1.0
        if p is None:  # the article's main place, lent to a name the gazetteer lacks
            f["feat_focus"] = 1.0
            out.append(f)
            continue
        i = p[0]
        f[_FEATS.get(g.feature[i], "feat_area")] = 1.0
        f["log_population"] = math.log10(g.pop[i] + 1)
        f["most_populous"] = float(bool(ids) and g.pop[i] >= max(g.pop[j] for j in ids))
        if area is not None:
            f["qualifier_holds"] = float(i == area or holds(g, area, i))
            f["unknown_town"] = float(unknown_town(g, ids, area, in_list))
        f["country_share"] = ctx.country_share(g.cc[i])
        f["admin1_share"] = ctx.admin1_share(g.cc[i], g.a1[i])
        out.append(f)
    return out


def assign(
    places: Sequence[Place | None],
    rows: Sequence[dict[str, float] | None],
    *,
    signal_log: list[dict[str, Any]] | None = None,
    digits: int = 3,
) -> None:
    """Set each place's ``probability`` from its row (nothing when the weights are missing)."""
    keep = [(pl, r) for pl, r in zip(places, rows, strict=True) if pl is not None and r is not None]
    if signal_log is not None:
        signal_log.extend({**r, "start": pl.start, "end": pl.end} for pl, r in keep)
    model = MODEL.get()
    if model is None or not keep:
        return
    probs = model.predict_rows([r for _, r in keep])
    for (pl, _), pr in zip(keep, probs, strict=True):
        pl.probability = round(float(pr), digits)
