"""The batched parse (one ``nlp.pipe`` per batch): the same records as one document at a time,
and a bad page in a batch is still one rejection, never a lost batch."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.language.parse import Parse
from dateline.pipeline import Pipeline
from dateline.records import Article

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "examples").glob("*.txt"))


def _texts() -> list[str]:
    return [p.read_text() for p in PAGES if p.exists()]


def _articles(texts: list[str]) -> list[Article]:
    return [Article.from_raw(t, fmt="text", uri=f"page{i}.txt") for i, t in enumerate(texts)]


@pytest.fixture(scope="module")
def one_by_one() -> list[dict]:
    pipe = Pipeline()
    return [pipe(a).to_json_dict() for a in _articles(_texts())]


def test_batched_parse_gives_the_same_records(one_by_one: list[dict]) -> None:
    texts = _texts()
    assert len(texts) >= 3
    got = Pipeline().run_batch(_articles(texts))
    assert [a.to_json_dict() for a in got] == one_by_one
    assert all(a.doc is None for a in got)


def test_a_rejected_page_in_a_batch_is_one_rejection(one_by_one: list[dict]) -> None:
    texts = _texts()
    mixed = [texts[0], "   ", texts[1], "Too short.", *texts[2:]]
    got = Pipeline().run_batch(_articles(mixed))
    assert [a.rejection is not None for a in got] == [False, True, False, True] + [False] * (
        len(texts) - 2
    )
    kept = [a.to_json_dict() for a in got if a.rejection is None]
    # the same records as alone (ids and order do not depend on the batch)
    assert [k["text"] for k in kept] == [o["text"] for o in one_by_one]
    assert [k["events"] for k in kept] == [o["events"] for o in one_by_one]


def test_a_failing_batched_parse_falls_back_to_one_by_one(
    one_by_one: list[dict], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(self: Parse, articles: list[Article]) -> None:
        for a in articles[:1]:
            a.doc = object()  # half done, then the parser fails
        raise RuntimeError("parser crashed")

    monkeypatch.setattr(Parse, "parse_batch", broken)
    got = Pipeline().run_batch(_articles(_texts()))
    assert [a.to_json_dict() for a in got] == one_by_one
    assert "parsing one by one" in caplog.text


def test_a_stage_failing_on_one_page_rejects_only_that_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = _texts()
    original = Parse._sentences

    def flaky(self: Parse, article: Article) -> Article:
        if article.source == "page1.txt":
            raise ValueError("bad page")
        return original(self, article)

    monkeypatch.setattr(Parse, "_sentences", flaky)
    got = Pipeline().run_batch(_articles(texts))
    codes = [a.rejection.code if a.rejection else None for a in got]
    assert codes[1] == "DL201" and codes.count(None) == len(texts) - 1
