"""Leave-topics-out cross-validation of the story clustering on the ECB+ dev topics.

The dev figure of :mod:`clustering_eval` uses a cut (and feature weights) chosen on the same
dev topics it is scored on; on topics nobody tuned to the figure drops.  This module
estimates the held-out figure: the dev topics are dealt into ``k`` folds by whole topic
(topics in numeric order, topic ``i`` to fold ``i mod k``: deterministic, no topic in two
folds); for each fold the cut and the weights of the names and dates similarities are
fitted on the other folds' topics by a grid search on sub-topic B³ F1, and the fold's own
topics are clustered (among themselves, as a test split is) with them and scored.

Reported: the mean of the folds' held-out B³ F1 and the pooled held-out B³ (precision and
recall averaged over every document, each scored in the fold where it was held out), beside
the same folds scored with the fixed defaults (no fitting at all), and what each fold chose.
The words weight stays 1 (the similarity is a weighted mean, so only ratios matter); the
weight of the density correction stays the default's (it was chosen by this CV).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from dateline.corpus import clusters as cl

log = logging.getLogger(__name__)

#: distance cuts searched (1 - similarity), as ``clustering_eval``'s ``--tune``
CUTS = tuple(round(float(x), 3) for x in np.arange(0.5, 0.99, 0.01))
#: weights of the names and dates similarities searched (words fixed at 1)
NAMES_GRID = (0.0, 0.5, 1.0, 1.5, 2.0)
DATES_GRID = (0.0, 0.25, 0.5, 1.0)


@dataclass(frozen=True)
class Item:
    """What the CV needs of a document: its topic (fold unit) and gold sub-topic."""

    topic: str
    subtopic: str


def topic_key(name: str) -> tuple[int, str]:
    return (int(name), name) if name.isdigit() else (10**9, name)


def topic_folds(topics: Sequence[str], k: int) -> list[list[str]]:
    """Whole topics dealt into ``k`` folds: sorted topics, topic ``i`` to fold ``i % k``."""
    ordered = sorted(set(topics), key=topic_key)
    k = max(1, min(k, len(ordered)))
    return [ordered[f::k] for f in range(k)]


def _b3_sums(system: Sequence[Any], gold: Sequence[str]) -> tuple[float, float, int]:
    """Sums of per-item B³ precision and recall (to pool across folds) and the item count."""
    both = Counter(zip(system, gold, strict=True))
    sys_size = Counter(system)
    gold_size = Counter(gold)
    p = sum(both[(s, g)] / sys_size[s] for s, g in zip(system, gold, strict=True))
    r = sum(both[(s, g)] / gold_size[g] for s, g in zip(system, gold, strict=True))
    return p, r, len(gold)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _b3_f1(system: Sequence[Any], gold: Sequence[str]) -> float:
    p, r, n = _b3_sums(system, gold)
    return _f1(p / n, r / n) if n else 0.0


class _Similarities:
    """The three component similarity matrices, computed once, combined per weight."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.parts = {
            "words": cl.similarity(texts, cl.Weights(1.0, 0.0, 0.0)),
            "names": cl.similarity(texts, cl.Weights(0.0, 1.0, 0.0)),
            "dates": cl.similarity(texts, cl.Weights(0.0, 0.0, 1.0)),
        }

    def combined(self, w: cl.Weights) -> np.ndarray:
        total = w.words + w.names + w.dates
        sim = w.words * self.parts["words"]
        if w.names:
            sim = sim + w.names * self.parts["names"]
        if w.dates:
            sim = sim + w.dates * self.parts["dates"]
        sim = sim / (total or 1.0)
        np.fill_diagonal(sim, 1.0)
        return np.asarray(sim)

    def within(self, w: cl.Weights, idx: list[int]) -> np.ndarray:
        """The similarities among the documents ``idx`` as clustered on their own (the
        density correction is computed within them)."""
        return cl.density_corrected(self.combined(w)[np.ix_(idx, idx)], w.density)


def _linkage(sim: np.ndarray) -> np.ndarray | None:
    if sim.shape[0] < 2:
        return None
    dist = np.clip(1.0 - sim, 0.0, None)
    dist = (dist + dist.T) / 2
    np.fill_diagonal(dist, 0.0)
    return np.asarray(linkage(squareform(dist, checks=False), method="average"))


def _cut(z: np.ndarray | None, n: int, cut: float) -> list[int]:
    """The same clusters as :func:`dateline.corpus.clusters.cut_tree` from a linkage."""
    if z is None:
        return [1] * n
    return [int(x) for x in fcluster(z, t=cut, criterion="distance")]


def _fit(
    sims: _Similarities,
    idx: list[int],
    gold: list[str],
    grid: Sequence[cl.Weights],
    default: tuple[cl.Weights, float],
) -> tuple[cl.Weights, float, float]:
    """The weights and cut with the best sub-topic B³ F1 on the documents ``idx``.

    Ties go to the default weights, then to the cut nearest the default cut.
    """
    best: tuple[cl.Weights, float, float] = (default[0], default[1], -1.0)
    best_key: tuple[float, bool, float] = (-1.0, False, -1.0)
    for w in grid:
        z = _linkage(sims.within(w, idx))
        for cut in CUTS:
            f = _b3_f1(_cut(z, len(idx), cut), gold)
            key = (round(f, 9), w == default[0], -abs(cut - default[1]))
            if key > best_key:
                best, best_key = (w, cut, f), key
    return best


def cross_validate(
    texts: Sequence[str],
    items: Sequence[Item],
    *,
    k: int,
    default: tuple[cl.Weights, float],
    fit_weights: bool = True,
) -> dict[str, Any]:
    """Leave-topics-out CV: fit on ``k - 1`` folds of topics, score on the held-out fold.

    ``fit_weights=False`` fits the cut only, the weights stay ``default``'s.
    """
    sims = _Similarities(texts)
    if fit_weights:
        grid = [cl.Weights(1.0, n, d, default[0].density) for n in NAMES_GRID for d in DATES_GRID]
    else:
        grid = [default[0]]
    folds = topic_folds([it.topic for it in items], k)
    if len(folds) < 2:
        return {"folds": len(folds), "error": "fewer than two topics: no cross-validation"}
    # per setting: sums of per-document B³ precision and recall, and documents scored
    pooled: dict[str, list[float]] = {"fitted": [0.0, 0.0, 0.0], "default": [0.0, 0.0, 0.0]}
    per_fold: list[dict[str, Any]] = []
    for held in folds:
        held_set = set(held)
        test = [i for i, it in enumerate(items) if it.topic in held_set]
        train = [i for i, it in enumerate(items) if it.topic not in held_set]
        w, cut, train_f1 = _fit(sims, train, [items[i].subtopic for i in train], grid, default)
        gold = [items[i].subtopic for i in test]
        row: dict[str, Any] = {
            "topics": held,
            "n": len(test),
            "names": w.names,
            "dates": w.dates,
            "cut": cut,
            "train_b3_f1": round(train_f1, 4),
        }
        for name, (ww, cc) in (("fitted", (w, cut)), ("default", default)):
            z = _linkage(sims.within(ww, test))
            p, r, n = _b3_sums(_cut(z, len(test), cc), gold)
            pooled[name] = [a + b for a, b in zip(pooled[name], (p, r, n), strict=True)]
            row[f"{name}_b3_f1"] = round(_f1(p / n, r / n), 4)
        per_fold.append(row)
        log.info("cv fold %s: %s", held, row)
    out: dict[str, Any] = {"folds": len(folds)}
    for name in ("fitted", "default"):
        sum_p, sum_r, docs = pooled[name]
        tag = "" if name == "fitted" else "default_"
        out[f"{tag}mean_b3_f1"] = round(float(np.mean([f[f"{name}_b3_f1"] for f in per_fold])), 4)
        out[f"{tag}pooled_b3_f1"] = round(_f1(sum_p / docs, sum_r / docs), 4)
        out[f"{tag}pooled_b3_precision"] = round(sum_p / docs, 4)
        out[f"{tag}pooled_b3_recall"] = round(sum_r / docs, 4)
    out["per_fold"] = per_fold
    return out
