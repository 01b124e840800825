"""The gazetteer's flat name index answers exactly what the dict it replaces answered."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from dateline.places import name_index
from dateline.places.name_index import NameIndex

names = st.text(alphabet="abcdeé -'", min_size=1, max_size=12)
hits = st.one_of(
    st.integers(0, 10**6), st.lists(st.integers(0, 10**6), min_size=2, max_size=5).map(tuple)
)


def _as_tuple(hit: int | tuple[int, ...]) -> tuple[int, ...]:
    return (hit,) if isinstance(hit, int) else hit


@given(st.dictionaries(names, hits, max_size=60), st.lists(names, max_size=20))
def test_same_answers_as_the_dict(index: dict, others: list[str]) -> None:
    flat = NameIndex(pickle.loads(pickle.dumps(NameIndex.from_dict(index).arrays())))
    assert len(flat) == len(index)
    for key, hit in index.items():
        assert flat.get(key) == _as_tuple(hit)
    for key in others:
        assert flat.get(key) == (_as_tuple(index[key]) if key in index else ())


same_length = st.text(alphabet="abcé", min_size=3, max_size=3)


@given(st.dictionaries(same_length, hits, min_size=2, max_size=40))
def test_colliding_fingerprints_stay_exact(index: dict) -> None:
    # a fingerprint whose first half is the name's length: every name here collides there
    real = name_index.fingerprint
    name_index.fingerprint = lambda key: (len(key), real(key)[1])
    try:
        flat = NameIndex.from_dict(index)
        assert flat.exact  # the collisions went to the exact table
        for key, hit in index.items():
            assert flat.get(key) == _as_tuple(hit)
        assert flat.get("not a stored name at all") == ()
    finally:
        name_index.fingerprint = real
