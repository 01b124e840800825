"""Near-duplicate detection: dateline's own MinHash LSH beside ``datasketch`` on one corpus.

    .venv/bin/pip install -e '.[bench]'        # datasketch is a benchmark-only dependency
    .venv/bin/python scripts/bench_dedup_datasketch.py --sizes 100000 [--workers 2]

The corpus is ``scripts/bench.py``'s synthetic one (400-word documents, a tenth of them edited
and trimmed copies of an earlier original), so recall and false merges are known.  Both
systems use 128 permutations over the same word 5-shingles (``dateline.corpus.dedup.shingles``)
and a Jaccard threshold of 0.7:

* **dateline**: ``dedup.signature`` per document (in ``--workers`` processes), then
  ``dedup.cluster_signatures`` (banded LSH by sorting, verification, components);
* **datasketch**: ``MinHash.update_batch`` over the UTF-8 shingles per document (in the same
  workers), then ``MinHashLSH(threshold=0.7)``: every signature inserted, every document
  queried, and the candidate pairs joined into components (datasketch has no verification
  step; its banding is tuned to the threshold).

Reported per system: phase 1 wall time and CPU seconds per document (the workers' own CPU
clocks), phases 2-3 wall time, total, recall of the copies, originals wrongly merged, and the
main process's peak RSS.  Figures go to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import synthetic_doc  # noqa: E402

NUM_PERM = 128
THRESHOLD = 0.7
CHUNK = 5_000


def _own(bounds: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    from dateline.corpus.dedup import signature

    lo, hi = bounds
    c0 = time.process_time()
    sigs = np.empty((hi - lo, NUM_PERM), dtype=np.uint32)
    sizes = np.empty(hi - lo, dtype=np.int64)
    srcs = np.empty(hi - lo, dtype=np.int64)
    for i in range(lo, hi):
        text, src = synthetic_doc(i)
        sigs[i - lo], sizes[i - lo] = signature(text, num_perm=NUM_PERM)
        srcs[i - lo] = src
    return sigs, sizes, srcs, time.process_time() - c0


def _datasketch(bounds: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, float]:
    from datasketch import MinHash

    from dateline.corpus.dedup import shingles

    lo, hi = bounds
    c0 = time.process_time()
    hv = np.empty((hi - lo, NUM_PERM), dtype=np.uint64)
    srcs = np.empty(hi - lo, dtype=np.int64)
    for i in range(lo, hi):
        text, src = synthetic_doc(i)
        m = MinHash(num_perm=NUM_PERM, seed=1)
        m.update_batch([s.encode("utf-8") for s in shingles(text)])
        hv[i - lo] = m.hashvalues
        srcs[i - lo] = src
    return hv, srcs, time.process_time() - c0


def _score(root: np.ndarray, srcs: np.ndarray) -> dict[str, object]:
    n = len(srcs)
    copies = np.flatnonzero(srcs != np.arange(n))
    found = int(np.sum(root[copies] == root[srcs[copies]]))
    originals = np.flatnonzero(srcs == np.arange(n))
    _, counts = np.unique(root[originals], return_counts=True)
    return {
        "copies": int(copies.size),
        "copies_found": found,
        "recall": round(found / max(1, copies.size), 4),
        "originals_wrongly_merged": int(np.sum(counts - 1)),
    }


def _components(n: int, pairs: list[tuple[int, int]]) -> np.ndarray:
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    if not pairs:
        return np.arange(n)
    a = np.array(pairs, dtype=np.int64)
    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a[:, 0], a[:, 1])), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def run_own(n: int, workers: int) -> dict[str, object]:
    from dateline.corpus.dedup import cluster_signatures

    t0 = time.perf_counter()
    chunks = [(lo, min(n, lo + CHUNK)) for lo in range(0, n, CHUNK)]
    with ProcessPoolExecutor(workers) as pool:
        parts = list(pool.map(_own, chunks))
    sigs = np.concatenate([p[0] for p in parts])
    sizes = np.concatenate([p[1] for p in parts])
    srcs = np.concatenate([p[2] for p in parts])
    cpu = sum(p[3] for p in parts)
    t1 = time.perf_counter()
    clusters = cluster_signatures([f"{i:08d}" for i in range(n)], sigs, sizes)
    t2 = time.perf_counter()
    root = np.empty(n, dtype=np.int64)
    for c in clusters:
        for m in c.members:
            root[int(m)] = int(c.id)
    return _report(t0, t1, t2, cpu, n, _score(root, srcs))


def run_datasketch(n: int, workers: int) -> dict[str, object]:
    from datasketch import LeanMinHash, MinHash, MinHashLSH

    t0 = time.perf_counter()
    chunks = [(lo, min(n, lo + CHUNK)) for lo in range(0, n, CHUNK)]
    with ProcessPoolExecutor(workers) as pool:
        parts = list(pool.map(_datasketch, chunks))
    hv = np.concatenate([p[0] for p in parts])
    srcs = np.concatenate([p[1] for p in parts])
    cpu = sum(p[2] for p in parts)
    t1 = time.perf_counter()
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    scheme = MinHash(num_perm=NUM_PERM, seed=1).scheme  # the workers' (the default)
    mins = [LeanMinHash(seed=1, hashvalues=hv[i], scheme=scheme) for i in range(n)]
    with lsh.insertion_session() as session:
        for i, m in enumerate(mins):
            session.insert(i, m, check_duplication=False)
    pairs = [(i, j) for i, m in enumerate(mins) for j in lsh.query(m) if j != i]
    root = _components(n, pairs)
    t2 = time.perf_counter()
    return _report(t0, t1, t2, cpu, n, _score(root, srcs))


def _report(
    t0: float, t1: float, t2: float, cpu: float, n: int, scored: dict[str, object]
) -> dict[str, object]:
    from dateline.executors import peak_rss_mib

    return {
        "phase1_s": round(t1 - t0, 1),
        "phase1_cpu_ms_per_doc": round(1000 * cpu / n, 3),
        "lsh_and_clusters_s": round(t2 - t1, 1),
        "total_s": round(t2 - t0, 1),
        "docs_per_s": round(n / (t2 - t0)),
        **scored,
        "peak_rss_mib_main": peak_rss_mib(),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--systems", nargs="+", default=["dateline", "datasketch"])
    ap.add_argument("--output", type=Path)
    args = ap.parse_args()
    result: dict[str, object] = {"workers": args.workers, "num_perm": NUM_PERM}
    for n in args.sizes:
        for system in args.systems:
            run = run_own if system == "dateline" else run_datasketch
            r = run(n, args.workers)
            result[f"{system}/{n}"] = r
            print(json.dumps({f"{system}/{n}": r}), flush=True)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
