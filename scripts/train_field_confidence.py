"""Fit the field probabilities: a place's (dateline.places.confidence) and a time expression's
(dateline.time.confidence), on dev gold only, and ship their weights with their held-out figures.

    PYTHONPATH=src .venv/bin/python scripts/train_field_confidence.py                # both, ~6 min
    PYTHONPATH=src .venv/bin/python scripts/train_field_confidence.py --field time --cache /tmp/fc

Place: the default places stage (after the parse) on the two geoparsing dev files
(``geo/GeoWebNews.xml``, ``geo/TR-News.xml``); each place that overlaps a gold toponym with
coordinates (one-to-one, as ``dateline eval geo``) is an example, right when it lies within
161 km of the gold point.  Held out: leave-one-corpus-out (fit on one file, score the other).

Time: the time stage (with the parse, as in the default pipeline) on the TimeBank/AQUAINT dev
files (``time/tbaq``); each expression relaxed-matched to a gold TIMEX3 (as ``dateline eval
time``) is an example, right when its value equals the gold value.  Held out: 5 folds grouped
by document (a file's crc32 modulo 5).

Both: the L2 strength ``C`` (and for time the feature set: the coarse signals, or with the
pattern handler of each expression too) is chosen by held-out Brier score on those folds; the
nested figure chooses it inside each outer training part alone (for places, by 5 folds of its
documents), so it is the honest figure of the whole procedure.  ECE uses 10 equal-width bins.
The chosen setting, fitted on all examples, ships as ``src/dateline/data/field_confidence/
{place,time}.json`` with its figures and reliability table.  Deterministic: fixed folds, lbfgs.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from dateline import calibration
from dateline.evaluation import confidence_eval as ce
from dateline.places import confidence as place_confidence
from dateline.time import confidence as time_confidence

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("DATELINE_EVAL_DATA", ROOT.parent / "shared" / "data" / "eval"))
GEO_FILES = ("GeoWebNews.xml", "TR-News.xml")
CS = (0.03, 0.1, 0.3, 1.0)
K = 5

Example = dict[str, Any]


def doc_fold(doc: str, k: int = K) -> int:
    return zlib.crc32(doc.encode("utf-8")) % k


# --------------------------------------------------------------------------- collection


def collect_places(data: Path) -> list[Example]:
    from dateline.evaluation import geo_eval
    from dateline.language.parse import Parse
    from dateline.places import gazetteer as gz
    from dateline.places.context import GeoContext
    from dateline.places.gazetteer import distance_km
    from dateline.places.stage import recognise, resolve
    from dateline.records import Article

    parse = Parse()
    g = gz.load()
    out: list[Example] = []
    for name in GEO_FILES:
        docs = geo_eval.load(data / "geo" / name)
        for d in docs:
            art = parse(Article(id=d.id, text=d.text))
            tops = recognise(art)  # the default stage: no demonyms, no embedded names
            ctx = GeoContext.build(art.text, tops, gaz=g)
            rows: list[dict[str, Any]] = []
            places = [p for p in resolve(tops, ctx, article=art, signal_log=rows) if p]
            system = [geo_eval.SysToponym(p.start, p.end, p.latitude, p.longitude) for p in places]
            for gi, j in geo_eval.match_overlap(d.gold, system).items():
                gold, p = d.gold[gi], places[j]
                if gold.lat is None or gold.lon is None or p.latitude is None:
                    continue
                if p.longitude is None:
                    continue
                km = distance_km(gold.lat, gold.lon, p.latitude, p.longitude)
                row = rows[j]
                assert (row["start"], row["end"]) == (p.start, p.end)
                out.append(
                    {**row, "right": km < 161, "corpus": name, "doc": f"{name}:{d.id}", "km": km}
                )
        logging.info("%s: %d examples so far", name, len(out))
    return out


def collect_times(data: Path, *, parse_text: bool = True) -> list[Example]:
    """The TBAQ examples; ``parse_text=False`` skips the parse (the calendar words' readings),
    a cheaper approximation for the tests' re-measure."""
    from datetime import date

    from dateline.evaluation import time_eval
    from dateline.language.parse import Parse
    from dateline.records import Article
    from dateline.time import timex

    parse = Parse()
    out: list[Example] = []
    for d in time_eval.load(data / "time" / "tbaq"):
        art = Article(text=d.text, published_date=d.dct.isoformat() if d.dct else None)
        art = parse(art) if parse_text else art
        tagged: list[dict[str, Any]] = []
        dct = date.fromisoformat(art.published_date) if art.published_date else None
        # as the time stage does (English): the parse for the readings, lexical tense cues
        times = timex.tag(art.text, dct, doc=art.doc, doc_tense=False, signals=tagged)
        rows = time_confidence.signals(times, tagged)
        system = [time_eval.Timex(t.start, t.end, t.type, t.value, t.text) for t in times]
        index = {(t.start, t.end, t.value): k for k, t in enumerate(system)}
        _, pairs = time_eval.match(d.gold, system)
        for gold, s in pairs:
            k = index[(s.start, s.end, s.value)]
            out.append(
                {
                    **rows[k],
                    "right": gold.value == s.value,
                    "doc": d.name,
                    "text": s.text,
                    "value": s.value,
                    "gold": gold.value,
                }
            )
    logging.info("tbaq: %d examples", len(out))
    return out


# --------------------------------------------------------------------------- fitting

Setting = tuple[str, float]  # feature set name, C


def held_out(
    ex: Sequence[Example], folds: Sequence[Any], feats: Sequence[str], c: float
) -> np.ndarray:
    probs = np.zeros(len(ex))
    fold = np.array(folds, dtype=object)
    for f in sorted(set(folds), key=str):
        tr = [e for e, g in zip(ex, folds, strict=True) if g != f]
        te = np.flatnonzero(fold == f)
        model = calibration.fit(tr, [e["right"] for e in tr], feats, c=c)
        probs[te] = model.predict_rows([ex[i] for i in te])
    return probs


def select(
    ex: Sequence[Example],
    folds: Sequence[Any],
    sets: dict[str, tuple[str, ...]],
    grid: Sequence[Setting],
) -> tuple[Setting, list[dict[str, Any]]]:
    right = [e["right"] for e in ex]
    table = []
    for name, c in grid:
        p = held_out(ex, folds, sets[name], c)
        table.append({"features": name, "C": c, **ce.summary(p, right)})
    best = min(range(len(grid)), key=lambda k: (table[k]["brier"], k))
    return grid[best], table


def nested(
    ex: Sequence[Example],
    folds: Sequence[Any],
    inner: Callable[[Sequence[Example]], list[Any]],
    sets: dict[str, tuple[str, ...]],
    grid: Sequence[Setting],
) -> tuple[np.ndarray, list[Setting]]:
    probs = np.zeros(len(ex))
    fold = np.array(folds, dtype=object)
    chosen = []
    for f in sorted(set(folds), key=str):
        tr = [e for e, g in zip(ex, folds, strict=True) if g != f]
        setting, _ = select(tr, inner(tr), sets, grid)
        chosen.append(setting)
        te = np.flatnonzero(fold == f)
        model = calibration.fit(tr, [e["right"] for e in tr], sets[setting[0]], c=setting[1])
        probs[te] = model.predict_rows([ex[i] for i in te])
    return probs, chosen


def report(
    field: str,
    ex: list[Example],
    folds: list[Any],
    inner: Callable[[Sequence[Example]], list[Any]],
    sets: dict[str, tuple[str, ...]],
    out: Path,
    trained_on: str,
    held_out_name: str,
) -> dict[str, Any]:
    right = [e["right"] for e in ex]
    grid = [(n, c) for n in sets for c in CS]
    setting, table = select(ex, folds, sets, grid)
    cv_p = held_out(ex, folds, sets[setting[0]], setting[1])
    cv = {**ce.summary(cv_p, right), "reliability": ce.reliability(cv_p, right)}
    nest_p, chosen = nested(ex, folds, inner, sets, grid)
    ncv = {**ce.summary(nest_p, right), "reliability": ce.reliability(nest_p, right)}
    per_fold = {}
    for f in sorted(set(folds), key=str):
        m = [i for i, g in enumerate(folds) if g == f]
        per_fold[str(f)] = ce.summary(cv_p[m], [right[i] for i in m])
    model = calibration.fit(ex, right, sets[setting[0]], c=setting[1])
    fitted = model.predict_rows(ex)
    ins = ce.summary(fitted, right)
    model = calibration.Logistic(
        model.features,
        model.mean,
        model.scale,
        model.coef,
        model.intercept,
        {
            "trained_on": trained_on,
            "held_out": held_out_name,
            "feature_set": setting[0],
            "C": setting[1],
            "cv": {k: v for k, v in cv.items() if k != "reliability"},
            "cv_per_fold": per_fold,
            "nested_cv": {k: v for k, v in ncv.items() if k != "reliability"},
            "reliability": ncv["reliability"],
            "in_sample": ins,
        },
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    return {
        "field": field,
        "n_examples": len(ex),
        "n_docs": len({e["doc"] for e in ex}),
        "setting": {"features": setting[0], "C": setting[1]},
        "cv_held_out": cv,
        "cv_per_fold": per_fold,
        "nested_cv_held_out": {**ncv, "chosen_per_fold": chosen},
        "grid_cv": table,
        "in_sample": ins,
        "coef": dict(zip(model.features, [round(float(v), 3) for v in model.coef], strict=True)),
        "model": str(out),
    }


def _cached(path: Path | None, make: Callable[[], list[Example]]) -> list[Example]:
    if path is not None and path.exists():
        rows: list[Example] = json.loads(path.read_text())
        return rows
    rows = make()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(rows))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--field", choices=("place", "time", "all"), default="all")
    ap.add_argument("--cache", type=Path, help="folder to reuse / write the examples in")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    results = []
    if args.field in ("place", "all"):
        ex = _cached(
            args.cache / "place.json" if args.cache else None, lambda: collect_places(args.data)
        )
        results.append(
            report(
                "place",
                ex,
                [e["corpus"] for e in ex],
                lambda tr: [doc_fold(e["doc"]) for e in tr],
                {"signals": place_confidence.FEATURES},
                place_confidence.MODEL_PATH,
                f"geo dev files {', '.join(GEO_FILES)}: {len(ex)} places matched to a gold"
                " toponym (default places stage); right = within 161 km of the gold point",
                "leave-one-corpus-out (fit on one file, score the other)",
            )
        )
    if args.field in ("time", "all"):
        ex = _cached(
            args.cache / "time.json" if args.cache else None, lambda: collect_times(args.data)
        )
        results.append(
            report(
                "time",
                ex,
                [doc_fold(e["doc"]) for e in ex],
                lambda tr: [doc_fold(e["doc"]) for e in tr],
                {
                    "signals": time_confidence.FEATURES,
                    "signals+handlers": time_confidence.CANDIDATES,
                },
                time_confidence.MODEL_PATH,
                f"TimeBank/AQUAINT dev: {len(ex)} expressions matched to a gold TIMEX3 (relaxed);"
                " right = value equals the gold value",
                f"{K} folds grouped by document (crc32 of the file name modulo {K})",
            )
        )
    json.dump(results, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
