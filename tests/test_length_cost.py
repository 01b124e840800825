"""The long-article fixes (issue 21, part 3) give what the per-item scans they replace gave."""

from __future__ import annotations

import random
import re

import pytest

from dateline.language.entities import _ending_before_paren, _occurrences
from dateline.pages.textpage import _BodyWords, content_words
from dateline.time.reading import _token_at

WORDS = "Al-Assad Mosul the army said Mosul's (ISIS) o'clock - rebel-held ’s x Aleppo 12".split()


def _texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    seps = [" ", "  ", "\n", ", ", "(", " ( ", "-", ""]
    return [
        "".join(rng.choice(WORDS) + rng.choice(seps) for _ in range(rng.randint(0, 40)))
        for _ in range(n)
    ]


@pytest.mark.parametrize("seed", range(5))
def test_occurrences_match_the_lookaround_regex(seed):
    for text in _texts(60, seed):
        for name in {*WORDS, "Mosul's", "army said", "S)", "-"}:
            want = [m.span() for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)]
            assert list(_occurrences(text, name)) == want, (text, name)


@pytest.mark.parametrize("seed", range(5))
def test_mentions_before_a_paren_match_the_slice_test(seed):
    rng = random.Random(seed)
    for text in _texts(60, seed):
        spans = sorted(
            (s, s + rng.randint(0, 6))
            for s in rng.sample(range(len(text) + 1), 3 * (len(text) > 3))
        )
        ends: dict[int, list[int]] = {}
        for k, (_, e) in enumerate(spans):
            ends.setdefault(e, []).append(k)
        for m in re.finditer(r"\b[A-Z]{2,}", text):
            want = [k for k, (_, e) in enumerate(spans) if text[e : m.start()].strip() == "("]
            assert _ending_before_paren(text, m.start(), ends) == want


@pytest.mark.parametrize("seed", range(5))
def test_body_words_without_a_line_match_a_reread(seed):
    rng = random.Random(seed)
    for body in _texts(40, seed):
        bw = _BodyWords(body)
        lines = [
            body[i : i + rng.randint(1, 25)]
            for i in (rng.randrange(len(body) or 1) for _ in range(5))
        ]
        for line in [*lines, *WORDS, "army said"]:
            if line:
                assert set(bw.without(line)) == set(content_words(body.replace(line, " ")))


def test_token_at_is_the_token_covering_the_offset():
    from dateline.language import nlp

    doc = nlp.load()("On Friday, the March on Washington began.  Theresa May spoke.")
    for off in range(len(doc.text) + 2):
        want = next((t for t in doc if t.idx <= off < t.idx + len(t.text)), None)
        got = _token_at(doc, off)
        assert (got.i if got is not None else None) == (want.i if want is not None else None)
