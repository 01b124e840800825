"""Executors give the same results as in-process analysis, in input order."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from dateline.errors import PipelineError
from dateline.executors import DaskExecutor, InProcessExecutor, MultiprocessExecutor, make_executor
from dateline.pipeline import Pipeline, default_pipeline, process_text
from dateline.records import Article

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.txt"))


def articles() -> list[Article]:
    return [Article.from_raw(p.read_text(), uri=p.name) for p in EXAMPLES]


def dump(arts) -> list[dict]:
    return [a.to_json_dict() for a in arts]


@pytest.fixture(scope="module")
def expected() -> list[dict]:
    return dump(InProcessExecutor().map(lambda a: default_pipeline(), articles()))


def test_article_pickles_without_doc():
    a = process_text(EXAMPLES[0].read_text())
    assert a.doc is not None
    b = pickle.loads(pickle.dumps(a))
    assert b.doc is None and b.to_json_dict() == a.to_json_dict()


def test_pipeline_pickles_as_recipe():
    p = Pipeline(config={"dateline.textpage.v1": {"timezone": "UTC"}})
    q = pickle.loads(pickle.dumps(p))
    assert q.stage_names == p.stage_names and q.config == p.config


def _pipeline_for(article: Article) -> Pipeline:
    return default_pipeline()


def test_multiprocessing_matches_inprocess(expected):
    ex = MultiprocessExecutor(workers=2, batch_size=1)
    try:
        got = dump(ex.map(_pipeline_for, articles()))
    finally:
        ex.close()
    assert got == expected


def test_dask_matches_inprocess(expected):
    pytest.importorskip("dask.distributed")
    ex = DaskExecutor(workers=1, batch_size=2)
    try:
        got = dump(ex.map(_pipeline_for, articles()))
    finally:
        ex.close()
    assert got == expected


def test_unknown_executor():
    with pytest.raises(PipelineError):
        make_executor("threads")
