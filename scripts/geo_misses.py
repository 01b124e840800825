"""Gold-toponym geocoding misses on a Gritta et al. dev file, by category.

    PYTHONPATH=src python scripts/geo_misses.py ../shared/data/eval/geo/GeoWebNews.xml [N]

Categories of a gold toponym geocoded > 161 km away: ``no_entry`` (no candidate at all),
``not_in_gaz`` (candidates, none within 161 km of the gold point) and ``wrong_choice`` (a
candidate within 161 km exists but another was chosen).  Prints counts and up to N examples
of the wrong choices with the chosen and the right candidate.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from dateline.evaluation.geo_eval import load
from dateline.places import gazetteer as gz
from dateline.places.stage import GeoContext, Toponym, _candidates, resolve


def main() -> None:
    path = Path(sys.argv[1])
    show = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    g = gz.load()
    cats: Counter[str] = Counter()
    wrong: list[str] = []
    n = 0
    for d in load(path):
        tops = [Toponym(t.start, t.end, t.text) for t in d.gold]
        ctx = GeoContext.build(d.text, tops)
        places = resolve(tops, ctx, fallback_to_focus=True)
        for gold, p in zip(d.gold, places, strict=True):
            if gold.lat is None or gold.lon is None:
                continue
            n += 1
            if p is not None and gz.distance_km(gold.lat, gold.lon, p.latitude, p.longitude) < 161:
                continue
            ids = _candidates(g, gold.text)
            if not ids:
                cats["no_entry"] += 1
                continue
            good = [i for i in ids if gz.distance_km(gold.lat, gold.lon, g.lat[i], g.lon[i]) < 161]
            if not good:
                cats["not_in_gaz"] += 1
                continue
            cats["wrong_choice"] += 1
            j = good[0]
            chosen = (
                f"{p.name}/{p.country_code}/{p.admin1}/{p.feature}/{p.population}" if p else "-"
            )
            right = (
                f"{g.names[j]}/{g.cc[j]}/{g.admin1_name(g.cc[j], g.a1[j])}/"
                f"{gz.FEATURES[g.feature[j]]}/{g.pop[j]}"
            )
            top_c = sorted(ctx.countries.items(), key=lambda kv: -kv[1])[:3]
            top_a = sorted(ctx.admin1.items(), key=lambda kv: -kv[1])[:2]
            wrong.append(
                f"{d.id[:12]:12} {gold.text[:22]:22} chose {chosen:45} right {right:45} "
                f"ctx {[(c, round(w, 1)) for c, w in top_c]} {[(a, round(w, 1)) for a, w in top_a]}"
            )
    print(f"{path.name}: {n} gold with coordinates; misses {sum(cats.values())}: {dict(cats)}")
    for line in wrong[:show]:
        print(line)


if __name__ == "__main__":
    main()
