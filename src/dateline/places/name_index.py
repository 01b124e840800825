"""The gazetteer's name index in flat arrays: normalised name → candidate entry ids.

A dict of ~650 k names to id tuples costs ~75 MiB of Python objects in every worker that
loads it; these arrays hold the same mapping in ~13 MiB.  A name is looked up by a 128-bit
BLAKE2b fingerprint of its normalised text: the first 64 bits are searched (bisection) in a
sorted array, the other 64 must match as well.  Names whose first 64 bits collide are kept in a
small dict instead, so every stored name answers exactly what the dict did; a name not
stored could only be mistaken for a stored one if all 128 bits matched.
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_left
from collections.abc import Mapping
from itertools import accumulate
from typing import Any


def fingerprint(key: str) -> tuple[int, int]:
    """The two 64-bit halves of a name's 128-bit BLAKE2b digest (stable across processes)."""
    d = hashlib.blake2b(key.encode("utf-8"), digest_size=16).digest()
    return int.from_bytes(d[:8], "little"), int.from_bytes(d[8:], "little")


class NameIndex:
    """Sorted fingerprints, offsets and candidate ids; :meth:`get` is ``dict.get`` of old."""

    def __init__(self, arrays: Mapping[str, Any]) -> None:
        self.head: array[int] = arrays["head"]  # 'Q', sorted
        self.tail: array[int] = arrays["tail"]  # 'Q', same order
        self.starts: array[int] = arrays["starts"]  # 'q', len(head) + 1
        self.ids: array[int] = arrays["ids"]  # 'i', candidate ids of each name in turn
        self.exact: dict[str, tuple[int, ...]] = arrays["exact"]
        self.collided: frozenset[int] = frozenset(arrays["collided"])

    @classmethod
    def from_dict(cls, index: Mapping[str, tuple[int, ...] | int]) -> NameIndex:
        rows: list[tuple[int, int, tuple[int, ...]]] = []
        seen: dict[int, int] = {}
        for key, hit in index.items():
            ids = (hit,) if isinstance(hit, int) else tuple(hit)
            head, tail = fingerprint(key)
            seen[head] = seen.get(head, 0) + 1
            rows.append((head, tail, ids))
        collided = {h for h, n in seen.items() if n > 1}
        exact = {
            key: ((hit,) if isinstance(hit, int) else tuple(hit))
            for key, hit in index.items()
            if fingerprint(key)[0] in collided
        }
        rows = sorted(r for r in rows if r[0] not in collided)
        return cls(
            {
                "head": array("Q", (r[0] for r in rows)),
                "tail": array("Q", (r[1] for r in rows)),
                "starts": array("q", accumulate((len(r[2]) for r in rows), initial=0)),
                "ids": array("i", (i for r in rows for i in r[2])),
                "exact": exact,
                "collided": sorted(collided),
            }
        )

    def arrays(self) -> dict[str, Any]:
        """What :meth:`__init__` reads back (pickled in the gazetteer's cache)."""
        return {
            "head": self.head,
            "tail": self.tail,
            "starts": self.starts,
            "ids": self.ids,
            "exact": self.exact,
            "collided": sorted(self.collided),
        }

    def __len__(self) -> int:
        return len(self.head) + len(self.exact)

    def get(self, key: str) -> tuple[int, ...]:
        """Candidate ids of a normalised name, in stored order; () when unknown."""
        head, tail = fingerprint(key)
        if head in self.collided:
            return self.exact.get(key, ())
        k = bisect_left(self.head, head)
        if k >= len(self.head) or self.head[k] != head or self.tail[k] != tail:
            return ()
        return tuple(self.ids[self.starts[k] : self.starts[k + 1]])
