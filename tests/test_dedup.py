"""Near-duplicate (syndication) clusters: MinHash LSH over word shingles."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.corpus.dedup import cluster_of, near_duplicate_clusters, shingles

WORDS = (
    "the army said troops advanced on the town after heavy fighting overnight while residents "
    "fled toward the border and aid groups warned of shortages of food water and medicine in "
    "the besieged districts where shelling continued for a third day according to local officials"
).split()


def story(seed: int, n: int = 120) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) + str(rng.randint(0, 40)) for _ in range(n))


def test_shingles_lowercase_words() -> None:
    assert shingles("The Army, said: troops", k=2) == {"the army", "army said", "said troops"}
    assert shingles("Two words", k=5) == {"two words"}
    assert shingles("", k=5) == set()


def test_copies_cluster_and_unrelated_do_not() -> None:
    base = story(1)
    texts = {
        "b-copy": base,
        "a-edited": base.replace(base.split()[10], "CHANGED", 1) + " Reporting by a local desk.",
        "c-trimmed": " ".join(base.split()[:90]),  # last paragraph cut: contained in the others
        "d-other": story(2),
        "e-other": story(3),
    }
    clusters = near_duplicate_clusters(texts)
    of = cluster_of(clusters)
    assert of["b-copy"] == of["a-edited"] == of["c-trimmed"] == "a-edited"  # smallest id
    assert of["d-other"] == "d-other" and of["e-other"] == "e-other"
    assert [c.size for c in clusters] == [3, 1, 1]
    big = clusters[0]
    assert big.members == ["a-edited", "b-copy", "c-trimmed"] and big.pairs


def test_short_texts_only_join_exact_copies() -> None:
    texts = {"x": "Troops entered the town.", "y": "troops entered the town", "z": "Rain."}
    of = cluster_of(near_duplicate_clusters(texts))
    assert of["x"] == of["y"] == "x"
    assert of["z"] == "z"


@settings(max_examples=15, deadline=None)
@given(st.permutations(["a", "b", "c", "d", "e", "f"]))
def test_clusters_do_not_depend_on_order(order: list[str]) -> None:
    base, other = story(7), story(8)
    source = {
        "a": base,
        "b": other,
        "c": base + " extra closing line",
        "d": story(9),
        "e": other.replace(other.split()[5], "x", 1),
        "f": base,
    }
    clusters = near_duplicate_clusters([(k, source[k]) for k in order])
    assert [(c.id, c.members) for c in clusters] == [
        ("a", ["a", "c", "f"]),
        ("b", ["b", "e"]),
        ("d", ["d"]),
    ]
