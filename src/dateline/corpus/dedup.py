"""Syndication and near-duplicates: MinHash LSH over word shingles of the clean text.

The same wire story runs in many papers with a different headline, a trimmed last paragraph or
a local caption.  Each article's story body becomes a set of word *k*-shingles (lower-cased
``\\w+`` tokens, ``k = 5`` by default) summarised by a MinHash signature (datasketch);
an LSH index proposes candidate pairs, and a pair is kept when the estimated Jaccard
similarity reaches ``threshold`` or when the shorter text is almost contained in the longer one
(``containment``: a trimmed copy).  Clusters are the connected components of the kept pairs;
a cluster's id is the smallest article id in it, so the result does not depend on the order
in which articles are given.  A singleton is its own cluster.

Duplicates keep their own source and date; they do not multiply events because
:mod:`dateline.corpus.merge` merges their events into one event with every copy as a source.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from datasketch import MinHash, MinHashLSH

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+", re.UNICODE)

DEFAULT_SHINGLE = 5
DEFAULT_NUM_PERM = 128
DEFAULT_THRESHOLD = 0.7
DEFAULT_CONTAINMENT = 0.85
#: the LSH band threshold proposing candidates (lower than ``threshold`` so that trimmed copies,
#: similar by containment rather than Jaccard, are proposed too)
CANDIDATE_THRESHOLD = 0.3
_SEED = 1


def shingles(text: str, k: int = DEFAULT_SHINGLE) -> set[str]:
    """Word ``k``-shingles of ``text`` (lower-cased ``\\w+`` tokens); short texts give one."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return set()
    if len(words) <= k:
        return {" ".join(words)}
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def signature(text: str, *, k: int = DEFAULT_SHINGLE, num_perm: int = DEFAULT_NUM_PERM) -> MinHash:
    """The MinHash signature of ``text``'s shingles (fixed seed: comparable across runs)."""
    m = MinHash(num_perm=num_perm, seed=_SEED)
    sh = shingles(text, k)
    if sh:
        m.update_batch([s.encode("utf-8") for s in sorted(sh)])
    return m


@dataclass
class StoryCluster:
    """Articles carrying the same story (syndicated copies or near-duplicates)."""

    id: str  # the smallest member id
    members: list[str] = field(default_factory=list)  # sorted
    pairs: list[tuple[str, str, float]] = field(default_factory=list)  # (a, b, jaccard)

    @property
    def size(self) -> int:
        return len(self.members)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the smaller id becomes the root: deterministic whatever the order of unions
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


def _containment(j: float, na: int, nb: int) -> float:
    """|A∩B| / min(|A|, |B|) from the Jaccard similarity and the set sizes."""
    if min(na, nb) == 0:
        return 0.0
    inter = j * (na + nb) / (1.0 + j)
    return min(1.0, inter / min(na, nb))


def near_duplicate_clusters(
    texts: Mapping[str, str] | Iterable[tuple[str, str]],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    containment: float = DEFAULT_CONTAINMENT,
    k: int = DEFAULT_SHINGLE,
    num_perm: int = DEFAULT_NUM_PERM,
    min_shingles: int = 10,
) -> list[StoryCluster]:
    """Clusters of near-duplicate texts, given ``{article_id: clean text}``.

    Returns every cluster (singletons included), sorted by id.  Texts with fewer than
    ``min_shingles`` shingles only cluster with exact copies of themselves (same shingles).
    """
    items = dict(texts.items() if isinstance(texts, Mapping) else texts)
    ids = sorted(items)
    sigs: dict[str, MinHash] = {}
    sizes: dict[str, int] = {}
    exact: dict[frozenset[str], list[str]] = {}
    for aid in ids:
        sh = shingles(items[aid], k)
        sizes[aid] = len(sh)
        if len(sh) < min_shingles:
            exact.setdefault(frozenset(sh), []).append(aid)
            continue
        m = MinHash(num_perm=num_perm, seed=_SEED)
        m.update_batch([s.encode("utf-8") for s in sorted(sh)])
        sigs[aid] = m
    lsh = MinHashLSH(threshold=CANDIDATE_THRESHOLD, num_perm=num_perm)
    for aid in sorted(sigs):
        lsh.insert(aid, sigs[aid])
    uf = _UnionFind()
    kept: list[tuple[str, str, float]] = []
    for aid in sorted(sigs):
        uf.find(aid)
        for other in sorted(lsh.query(sigs[aid])):
            if other <= aid:
                continue
            j = float(sigs[aid].jaccard(sigs[other]))
            c = _containment(j, sizes[aid], sizes[other])
            if j >= threshold or c >= containment:
                uf.union(aid, other)
                kept.append((aid, other, round(j, 4)))
    for group in exact.values():
        for aid in group:
            uf.find(aid)
            if len(group) > 1 and group[0] != aid:
                uf.union(group[0], aid)
                kept.append((group[0], aid, 1.0))
    members: dict[str, list[str]] = {}
    for aid in ids:
        members.setdefault(uf.find(aid), []).append(aid)
    pairs_of: dict[str, list[tuple[str, str, float]]] = {}
    for a, b, j in kept:
        pairs_of.setdefault(uf.find(a), []).append((a, b, j))
    clusters = [
        StoryCluster(id=root, members=sorted(m), pairs=sorted(pairs_of.get(root, [])))
        for root, m in members.items()
    ]
    clusters.sort(key=lambda c: c.id)
    log.debug("%d texts in %d story clusters", len(ids), len(clusters))
    return clusters


def cluster_of(clusters: Iterable[StoryCluster]) -> dict[str, str]:
    """``{article_id: cluster id}`` for every member of ``clusters``."""
    return {aid: c.id for c in clusters for aid in c.members}
