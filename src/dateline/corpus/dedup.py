"""Syndication and near-duplicates: MinHash LSH over word shingles of the clean text.

The same wire story runs in many papers with a different headline, a trimmed last paragraph or
a local caption.  Each article's story body becomes a set of word *k*-shingles (lower-cased
``\\w+`` tokens, ``k = 5`` by default) summarised by a MinHash signature; banded LSH proposes
candidate pairs, and a pair is kept when the estimated Jaccard similarity reaches ``threshold``
or when the shorter text is almost contained in the longer one (``containment``: a trimmed
copy).  Clusters are the connected components of the kept pairs; a cluster's id is the smallest
article id in it, so the result does not depend on the order in which articles are given.  A
singleton is its own cluster.

The work is split in phases, like a corpus-scale deduplicator must be:

1. :func:`signature` — per document, pure and independent (any executor can run it): the
   shingles are hashed with CRC-32 of their words combined polynomially, then every hash goes
   through ``num_perm`` multiply-add-shift hash functions with fixed seeds; the signature is the
   column-wise minimum (``uint32``).  Signatures are comparable across runs and machines.
2. :func:`candidate_pairs` — per LSH band, the rows are sorted by the band's key and equal
   keys give candidate pairs; all in NumPy, no Python loop over documents.
3. :func:`cluster_signatures` — candidate pairs are verified (Jaccard estimate, containment)
   and joined into connected components (SciPy's ``connected_components``).

Duplicates keep their own source and date; they do not multiply events because
:mod:`dateline.corpus.merge` merges their events into one event with every copy as a source.
"""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+", re.UNICODE)

DEFAULT_SHINGLE = 5
DEFAULT_NUM_PERM = 128
DEFAULT_THRESHOLD = 0.7
DEFAULT_CONTAINMENT = 0.85
#: the LSH band threshold proposing candidates (lower than ``threshold`` so that trimmed copies,
#: similar by containment rather than Jaccard, are proposed too)
CANDIDATE_THRESHOLD = 0.3
#: texts with fewer shingles only join exact copies of themselves
MIN_SHINGLES = 10
_SEED = 1
_MASK32 = np.uint64(0xFFFFFFFF)
#: odd multiplier combining the word hashes of a shingle (a 64-bit polynomial hash)
_BASE = np.uint64(0x9E3779B97F4A7C15)
#: pairs verified per NumPy block (bounds the memory of phase 3)
_VERIFY_BLOCK = 200_000


def shingles(text: str, k: int = DEFAULT_SHINGLE) -> set[str]:
    """Word ``k``-shingles of ``text`` (lower-cased ``\\w+`` tokens); short texts give one."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return set()
    if len(words) <= k:
        return {" ".join(words)}
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.Generator(np.random.PCG64(_SEED))
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return a, b


_PERMS: dict[int, tuple[np.ndarray, np.ndarray]] = {}
#: CRC-32 of words seen (news vocabulary repeats: most lookups hit), cleared when it grows large
_WORD_HASHES: dict[str, int] = {}
_WORD_CACHE_MAX = 500_000


def shingle_hashes(text: str, k: int = DEFAULT_SHINGLE) -> np.ndarray:
    """The distinct 32-bit hashes of ``text``'s word ``k``-shingles (sorted ``uint64``).

    The same shingles as :func:`shingles`, hashed: each word by CRC-32 of its UTF-8 bytes, the
    ``k`` words of a shingle combined as a polynomial modulo 2**64, folded to 32 bits.
    """
    words = _WORD.findall(text.lower())
    if not words:
        return np.zeros(0, dtype=np.uint64)
    cache = _WORD_HASHES
    if len(cache) > _WORD_CACHE_MAX:
        cache.clear()
    wh = np.array(
        [
            cache[w] if w in cache else cache.setdefault(w, zlib.crc32(w.encode("utf-8")))
            for w in words
        ],
        dtype=np.uint64,
    )
    if len(words) <= k:
        h = np.zeros(1, dtype=np.uint64)
        for x in wh:
            h = h * _BASE + x
    else:
        n = len(words) - k + 1
        h = np.zeros(n, dtype=np.uint64)
        for j in range(k):
            h = h * _BASE + wh[j : j + n]
    h = (h >> np.uint64(32)) ^ (h & _MASK32)
    return np.unique(h)


def signature(
    text: str, *, k: int = DEFAULT_SHINGLE, num_perm: int = DEFAULT_NUM_PERM
) -> tuple[np.ndarray, int]:
    """Phase 1: the MinHash signature of ``text`` (``num_perm`` ``uint32``) and its shingle count.

    An empty text has the all-ones signature and count 0.
    """
    hv = shingle_hashes(text, k)
    sig = np.full(num_perm, 0xFFFFFFFF, dtype=np.uint32)
    if hv.size == 0:
        return sig, 0
    if num_perm not in _PERMS:
        _PERMS[num_perm] = _permutations(num_perm)
    a, b = _PERMS[num_perm]
    # multiply-add-shift: the high 32 bits of (a*x + b) mod 2**64 (a universal family)
    ph = np.multiply.outer(hv, a)  # in place from here: no temporaries of n x num_perm
    ph += b
    ph >>= np.uint64(32)
    sig[:] = ph.min(axis=0)
    return sig, int(hv.size)


@lru_cache(maxsize=16)
def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) minimising the area of false positives plus false negatives around
    ``threshold`` (the S-curve ``1 - (1 - s**r)**b``), as banded LSH is usually tuned."""
    s = np.linspace(0.0, 1.0, 201)
    best: tuple[float, int, int] | None = None
    for b in range(1, num_perm + 1):
        r = num_perm // b
        if r < 1:
            break
        p = 1.0 - (1.0 - s**r) ** b
        fp = np.trapezoid(np.where(s < threshold, p, 0.0), s)
        fn = np.trapezoid(np.where(s >= threshold, 1.0 - p, 0.0), s)
        err = 0.5 * fp + 0.5 * fn
        if best is None or err < best[0]:
            best = (float(err), b, r)
    assert best is not None
    return best[1], best[2]


def band_keys(sigs: np.ndarray, *, threshold: float = CANDIDATE_THRESHOLD) -> np.ndarray:
    """The LSH band keys of ``sigs`` (``(n, bands)`` ``uint64``): two rows are candidates when
    they have an equal key in one band (column).  Stored by :mod:`dateline.corpus.incremental`
    so that a new article finds its candidates without re-reading the corpus."""
    n, num_perm = sigs.shape
    bands, rows = lsh_params(threshold, num_perm)
    keys = np.zeros((n, bands), dtype=np.uint64)
    for band in range(bands):
        cols = sigs[:, band * rows : (band + 1) * rows].astype(np.uint64)
        key = np.zeros(n, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for c in range(rows):
                key = key * _BASE + cols[:, c]
        keys[:, band] = key
    return keys


def candidate_pairs(sigs: np.ndarray, *, threshold: float = CANDIDATE_THRESHOLD) -> np.ndarray:
    """Phase 2: candidate pairs ``(i, j)``, ``i < j``, rows of ``sigs`` sharing an LSH band.

    Returns a sorted ``(m, 2)`` array of distinct pairs (``int64``).
    """
    n, num_perm = sigs.shape
    if n < 2:
        return np.zeros((0, 2), dtype=np.int64)
    keys = band_keys(sigs, threshold=threshold)
    found: list[np.ndarray] = []
    for band in range(keys.shape[1]):
        key = keys[:, band]
        order = np.argsort(key, kind="stable")
        skey = key[order]
        starts = np.flatnonzero(np.r_[True, skey[1:] != skey[:-1]])
        sizes = np.diff(np.r_[starts, n])
        for size in np.unique(sizes[sizes > 1]):
            group_starts = starts[sizes == size]
            members = order[group_starts[:, None] + np.arange(size)[None, :]]  # (groups, size)
            members.sort(axis=1)
            iu, ju = np.triu_indices(int(size), k=1)
            found.append(np.stack([members[:, iu].ravel(), members[:, ju].ravel()], axis=1))
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.concatenate(found).astype(np.int64)
    codes = np.unique(pairs[:, 0] * n + pairs[:, 1])
    return np.stack([codes // n, codes % n], axis=1)


@dataclass
class StoryCluster:
    """Articles carrying the same story (syndicated copies or near-duplicates)."""

    id: str  # the smallest member id
    members: list[str] = field(default_factory=list)  # sorted
    pairs: list[tuple[str, str, float]] = field(default_factory=list)  # (a, b, jaccard)

    @property
    def size(self) -> int:
        return len(self.members)


def _containment(j: np.ndarray, na: np.ndarray, nb: np.ndarray) -> np.ndarray:
    """|A∩B| / min(|A|, |B|) from the Jaccard similarity and the set sizes."""
    small = np.minimum(na, nb).astype(np.float64)
    inter = j * (na + nb) / (1.0 + j)
    with np.errstate(divide="ignore", invalid="ignore"):
        c = np.where(small > 0, inter / np.where(small > 0, small, 1.0), 0.0)
    return np.minimum(1.0, c)


def _exact_groups(idx: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows of ``keys`` (2-D) that are equal: (representatives, pairs (representative, copy)).

    ``idx`` is ascending, so each group's representative is its smallest index.
    """
    if idx.size == 0:
        return idx, np.zeros((0, 2), dtype=np.int64)
    rows = np.ascontiguousarray(keys).view(np.dtype((np.void, keys.dtype.itemsize * keys.shape[1])))
    _, first, inverse = np.unique(rows.ravel(), return_index=True, return_inverse=True)
    rep_of = idx[first][inverse]
    copies = rep_of != idx
    pairs = np.stack([rep_of[copies], idx[copies]], axis=1).astype(np.int64)
    return np.sort(idx[first]), pairs


def cluster_signatures(
    ids: Sequence[str],
    sigs: np.ndarray,
    sizes: np.ndarray,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    containment: float = DEFAULT_CONTAINMENT,
    min_shingles: int = MIN_SHINGLES,
) -> list[StoryCluster]:
    """Phases 2 and 3 over signatures already computed: ``ids`` must be sorted and distinct,
    ``sigs[i]``/``sizes[i]`` the signature and shingle count of ``ids[i]``.

    Exact copies (equal signatures) are joined first and only one of each enters the LSH, so a
    story syndicated a thousand times costs one row, not half a million candidate pairs.
    """
    n = len(ids)
    if any(ids[i] >= ids[i + 1] for i in range(n - 1)):
        raise ValueError("ids must be sorted and distinct")
    sizes = np.asarray(sizes, dtype=np.int64)
    big = np.flatnonzero(sizes >= min_shingles)
    small = np.flatnonzero(sizes < min_shingles)
    reps, exact_big = _exact_groups(big, sigs[big])
    # short texts: exact copies only (equal signatures and equal shingle counts)
    small_keys = np.concatenate([sigs[small].astype(np.int64), sizes[small, None]], axis=1)
    _, exact_small = _exact_groups(small, small_keys)
    kept_blocks = [exact_big, exact_small]
    jac_blocks = [np.ones(len(exact_big)), np.ones(len(exact_small))]
    pairs = candidate_pairs(sigs[reps]) if reps.size else np.zeros((0, 2), dtype=np.int64)
    pairs = reps[pairs] if pairs.size else pairs
    for lo in range(0, len(pairs), _VERIFY_BLOCK):
        block = pairs[lo : lo + _VERIFY_BLOCK]
        j = (sigs[block[:, 0]] == sigs[block[:, 1]]).mean(axis=1)
        c = _containment(j, sizes[block[:, 0]], sizes[block[:, 1]])
        ok = (j >= threshold) | (c >= containment)
        kept_blocks.append(block[ok])
        jac_blocks.append(j[ok])
    kept = np.concatenate(kept_blocks).astype(np.int64)
    jac = np.concatenate(jac_blocks)
    graph = coo_matrix((np.ones(len(kept)), (kept[:, 0], kept[:, 1])), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    # the root of a component is its smallest index, i.e. its smallest id (ids are sorted)
    root = np.full(int(label.max()) + 1 if n else 0, n, dtype=np.int64)
    np.minimum.at(root, label, np.arange(n))
    root_of = root[label]
    members: dict[int, list[str]] = {}
    for i, r in enumerate(root_of.tolist()):
        members.setdefault(r, []).append(ids[i])
    pairs_of: dict[int, list[tuple[str, str, float]]] = {}
    for (a, b), jv in zip(kept.tolist(), jac.tolist(), strict=True):
        pairs_of.setdefault(int(root_of[a]), []).append((ids[a], ids[b], round(jv, 4)))
    clusters = [
        StoryCluster(id=ids[r], members=m, pairs=sorted(pairs_of.get(r, [])))
        for r, m in sorted(members.items())
    ]
    log.debug("%d texts in %d story clusters (%d pairs kept)", n, len(clusters), len(kept))
    return clusters


def near_duplicate_clusters(
    texts: Mapping[str, str] | Iterable[tuple[str, str]],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    containment: float = DEFAULT_CONTAINMENT,
    k: int = DEFAULT_SHINGLE,
    num_perm: int = DEFAULT_NUM_PERM,
    min_shingles: int = MIN_SHINGLES,
) -> list[StoryCluster]:
    """Clusters of near-duplicate texts, given ``{article_id: clean text}``.

    Returns every cluster (singletons included), sorted by id.  Texts with fewer than
    ``min_shingles`` shingles only cluster with exact copies of themselves (same shingles).
    """
    items = dict(texts.items() if isinstance(texts, Mapping) else texts)
    ids = sorted(items)
    sigs = np.empty((len(ids), num_perm), dtype=np.uint32)
    sizes = np.empty(len(ids), dtype=np.int64)
    for i, aid in enumerate(ids):
        sigs[i], sizes[i] = signature(items[aid], k=k, num_perm=num_perm)
    return cluster_signatures(
        ids, sigs, sizes, threshold=threshold, containment=containment, min_shingles=min_shingles
    )


def cluster_of(clusters: Iterable[StoryCluster]) -> dict[str, str]:
    """``{article_id: cluster id}`` for every member of ``clusters``."""
    return {aid: c.id for c in clusters for aid in c.members}
