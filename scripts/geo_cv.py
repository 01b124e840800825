"""Leave-one-corpus-out choice of the geocoder's context weights (gold-toponym mode).

    PYTHONPATH=src python scripts/geo_cv.py ../shared/data/eval/geo/GeoWebNews.xml \
        ../shared/data/eval/geo/TR-News.xml

For every setting of a small grid over a few weights of ``dateline.places.stage.W``, geocode
the gold toponyms of each dev file and score acc@161 km over all gold toponyms.  For each
file, the setting that scores best on the *other* files is its held-out choice: the report
gives that held-out figure beside the file's own best (dev) figure and the current weights'.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

from dateline.evaluation.geo_eval import _run_gold, load, score
from dateline.places import stage

GRID = {
    "pop": [0.5, 0.6, 0.7],
    "country": [1.0, 1.5, 2.0],
    "admin1": [1.0, 1.5],
    "admin1_self": [0.0, 0.5, 1.0],
    "admin2": [0.5, 1.0],
}


def main() -> None:
    files = [Path(p) for p in sys.argv[1:]]
    docs = {f.stem: load(f) for f in files}
    current = {k: stage.W[k] for k in GRID}
    results: list[tuple[dict[str, float], dict[str, float]]] = []
    for values in itertools.product(*GRID.values()):
        setting = dict(zip(GRID, values, strict=True))
        stage.W.update(setting)
        accs = {}
        for name, ds in docs.items():
            system = _run_gold(ds, "context")
            m = score(list(zip([d.gold for d in ds], system, strict=True)), recognition=False)
            accs[name] = round(m["acc_161km_all"], 4)
        results.append((setting, accs))
        print(json.dumps({"w": setting, "acc": accs}), flush=True)
    stage.W.update(current)
    report = {}
    for name in docs:
        others = [o for o in docs if o != name]
        fit = max(results, key=lambda r: (sum(r[1][o] for o in others), -sum(r[0].values())))
        best = max(r[1][name] for r in results)
        cur = (
            next(r[1][name] for r in results if r[0] == current)
            if any(r[0] == current for r in results)
            else None
        )
        report[name] = {
            "chosen_on_others": fit[0],
            "held_out_acc": fit[1][name],
            "dev_best_acc": best,
            "current_weights_acc": cur,
        }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
