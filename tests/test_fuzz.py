"""Property tests (hypothesis) for every parser: no exception escapes, offsets stay in the text.

Fast settings here (``make test``); ``make stress`` reruns this file with many more examples
and a time bound per property (``DATELINE_FUZZ_EXAMPLES``, ``DATELINE_FUZZ_SECONDS``; see
``scripts/stress.py fuzz``).
"""

from __future__ import annotations

import gzip
import json
import os
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dateline.errors import CATALOGUE, RejectedDocument
from dateline.pages import readers
from dateline.records import Article, Paragraph, Sentence
from dateline.time import timex

EXAMPLES = int(os.environ.get("DATELINE_FUZZ_EXAMPLES", "40"))
SECONDS = float(os.environ.get("DATELINE_FUZZ_SECONDS", "0"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=SECONDS == 0,  # make test: reproducible; make stress: fresh examples
)
_STARTED: dict[str, float] = {}


def _in_time(name: str) -> None:
    """Under ``make stress`` stop generating once a property has used its time."""
    if SECONDS:
        t0 = _STARTED.setdefault(name, time.monotonic())
        assume(time.monotonic() - t0 < SECONDS)


NEWSY = st.sampled_from(
    [
        "Monday",
        "on Sunday",
        "last week",
        "2016-12-12",
        "Dec. 12, 2016",
        "nine months ago",
        "since 2014",
        "the 1990s",
        '"We will fight,"',
        "said the general",
        "“quoted”",
        "—",
        "\n\n",
        "\n",
        "Published: Monday | December 12, 2016 | 12:15 AM",
        "By John Smith",
        "BEIRUT (AP) —",
        "Palm",
        "Q3 2019",
        "12:15",
        "tomorrow",
        "fiscal year",
        "Islamic State",
    ]
)
TEXT = st.lists(st.one_of(NEWSY, st.text(max_size=40)), max_size=30).map(" ".join)


def _check_spans(text: str, items: list[Any], attrs: tuple[str, ...] = ("start", "end")) -> None:
    for it in items:
        s, e = (getattr(it, a) for a in attrs)
        assert 0 <= s <= e <= len(text), (s, e, len(text))


# --- readers -------------------------------------------------------------------------------


def _items(path: Path) -> list[readers.Item]:
    out = list(readers.read_file(path))
    assert out, "a file always yields at least one item"
    for it in out:
        if isinstance(it, readers.Rejected):
            assert it.rejection.code in CATALOGUE and it.rejection.reason
        else:
            assert isinstance(it, Article) and it.raw is not None and it.raw.content.strip()
            assert it.id
    return out


SUFFIXES = st.sampled_from(
    [".txt", ".html", ".htm", ".xhtml", ".html.gz", ".warc", ".warc.gz", ".jsonl", ".jsonl.gz"]
)


@FUZZ
@given(data=st.binary(max_size=4000), suffix=SUFFIXES)
def test_readers_on_random_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    _in_time("bytes")
    p = tmp_path / f"f{suffix}"
    p.write_bytes(data)
    _items(p)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
JSONL_LINE = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "url": st.one_of(st.text(max_size=30), st.integers()),
            "html": st.one_of(st.text(max_size=200), JSON_VALUES),
            "text": st.one_of(TEXT, JSON_VALUES),
            "published": st.one_of(st.text(max_size=30), JSON_VALUES),
        },
    ).map(json.dumps),
    JSON_VALUES.map(json.dumps),
    st.text(max_size=80),
)


@FUZZ
@given(lines=st.lists(JSONL_LINE, max_size=8), gz=st.booleans(), cut=st.integers(0, 50))
def test_jsonl_reader_on_random_lines(tmp_path: Path, lines: list[str], gz: bool, cut: int) -> None:
    _in_time("jsonl")
    raw = ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
    if gz:
        raw = gzip.compress(raw, mtime=0)
        raw = raw[: max(1, len(raw) - cut)] if cut % 3 == 0 else raw
    p = tmp_path / ("f.jsonl.gz" if gz else "f.jsonl")
    p.write_bytes(raw)
    items = _items(p)
    if not gz:
        n_docs = sum(1 for x in lines if x.strip())
        assert len(items) >= min(n_docs, 1)


@FUZZ
@given(payload=st.binary(max_size=3000), cut=st.integers(0, 200), html=TEXT)
def test_gzip_html_reader_on_random_gzip(
    tmp_path: Path, payload: bytes, cut: int, html: str
) -> None:
    _in_time("gzip")
    body = payload if cut % 2 else f"<html><body><p>{html}</p></body></html>".encode()
    raw = gzip.compress(body, mtime=0)
    raw = raw[: max(1, len(raw) - cut)]
    p = tmp_path / "f.html.gz"
    p.write_bytes(raw)
    _items(p)


@FUZZ
@given(
    data=st.binary(max_size=2000),
    charset=st.sampled_from(["utf-8", "cp1251", "x-bogus", "shift_jis", "utf-16", ""]),
)
def test_decode_html_never_fails(data: bytes, charset: str) -> None:
    _in_time("decode")
    text, enc = readers.decode_html(data, f"text/html; charset={charset}" if charset else None)
    assert isinstance(text, str) and enc


# --- the text page stage -------------------------------------------------------------------


@FUZZ
@given(
    text=st.lists(st.one_of(NEWSY, st.text(max_size=60)), max_size=60).map(lambda x: "\n".join(x))
)
def test_textpage_offsets_inside_text(text: str) -> None:
    _in_time("textpage")
    from dateline.pages.textpage import TextPage

    a = Article.from_raw(text, fmt="text", uri="mem://fuzz")
    try:
        a = TextPage()(a)
    except RejectedDocument as e:
        assert e.code in CATALOGUE
        return
    t = a.text
    _check_spans(t, a.paragraphs)
    _check_spans(t, a.sections)
    for p in a.paragraphs:
        assert t[p.start : p.end].strip()


# --- time expressions ----------------------------------------------------------------------


@FUZZ
@given(
    text=TEXT,
    dct=st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))),
)
def test_timex_offsets_and_values(text: str, dct: date | None) -> None:
    _in_time("timex")
    times = timex.tag(text, dct)
    _check_spans(text, times)
    for t in times:
        assert text[t.start : t.end] == t.text and t.text.strip()
        assert t.value
    spans = sorted((t.start, t.end) for t in times)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False)), spans


# --- quotes on hand-built parses -----------------------------------------------------------

WORDS = [
    "The",
    "general",
    "said",
    "told",
    "reporters",
    '"',
    "We",
    "will",
    "fight",
    ",",
    "he",
    "according",
    "to",
    "officials",
    ".",
    "“",
    "”",
    "Smith",
    "added",
    "that",
    "it",
    "was",
    "over",
    "'",
    ":",
    "—",
    "Islamic",
    "State",
    "claimed",
    "in",
    "a",
    "statement",
]
DEPS = [
    "nsubj",
    "ROOT",
    "dobj",
    "ccomp",
    "punct",
    "prep",
    "pobj",
    "advcl",
    "aux",
    "det",
    "compound",
    "parataxis",
    "conj",
    "xcomp",
    "attr",
    "appos",
    "nmod",
    "dep",
]


@st.composite
def parses(draw: Any) -> tuple[list[str], list[bool], list[int], list[str], list[bool], list[str]]:
    n = draw(st.integers(1, 40))
    words = [draw(st.sampled_from(WORDS)) for _ in range(n)]
    spaces = [draw(st.booleans()) for _ in range(n)]
    starts = [True] + [draw(st.integers(0, 9)) == 0 for _ in range(n - 1)]
    # heads inside each sentence, with one root per sentence (spaCy's requirement)
    bounds = [i for i, s in enumerate(starts) if s] + [n]
    heads: list[int] = []
    deps: list[str] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        root = draw(st.integers(a, b - 1))
        for i in range(a, b):
            if i == root:
                heads.append(i)
                deps.append("ROOT")
            else:
                # point towards the root (keeps the tree acyclic)
                heads.append(
                    draw(st.integers(min(i + 1, root), max(i - 1, root))) if i != root else i
                )
                deps.append(draw(st.sampled_from(DEPS[:1] + DEPS[2:])))
    tags = [
        draw(st.sampled_from(["VBD", "NNP", "NN", "PRP", "``", "''", ",", ".", "IN"]))
        for _ in range(n)
    ]
    return words, spaces, heads, deps, starts, tags


def _fix_heads(heads: list[int], starts: list[bool]) -> list[int]:
    """Point every non-root token straight at its sentence root (a valid tree)."""
    n = len(heads)
    bounds = [i for i, s in enumerate(starts) if s] + [n]
    out = list(heads)
    for a, b in zip(bounds, bounds[1:], strict=False):
        root = next(i for i in range(a, b) if heads[i] == i)
        for i in range(a, b):
            if i != root and not (a <= heads[i] < b) or heads[i] == i and i != root:
                out[i] = root
    return out


@FUZZ
@given(parse=parses())
def test_quotes_on_hand_built_parses(parse: Any) -> None:
    _in_time("quotes")
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from dateline.quotes.stage import Quotes

    words, spaces, heads, deps, starts, tags = parse
    heads = _fix_heads(heads, starts)
    try:
        doc = Doc(
            Vocab(),
            words=words,
            spaces=spaces,
            heads=heads,
            deps=deps,
            sent_starts=starts,
            tags=tags,
        )
    except ValueError:
        assume(False)
        return
    _ = spacy
    text = doc.text
    a = Article.from_raw(text, fmt="text", uri="mem://q")
    a.text = text
    a.paragraphs = [Paragraph(start=0, end=len(text))] if text else []
    a.sentences = [
        Sentence(start=s.start_char, end=s.end_char, paragraph=0)
        for s in doc.sents
        if s.text.strip()
    ]
    a.doc = doc
    out = Quotes(mode="rules")(a)
    for q in out.quotes:
        _check_spans(text, [q.content])
        assert text[q.content.start : q.content.end] == q.content_text
        if q.speaker is not None:
            _check_spans(text, [q.speaker])
            assert text[q.speaker.start : q.speaker.end] == q.speaker_text
        if q.cue is not None:
            _check_spans(text, [q.cue])
