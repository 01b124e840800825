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
    assert process_text(EXAMPLES[0].read_text()).doc is None  # dropped by default
    a = process_text(EXAMPLES[0].read_text(), pipeline=Pipeline(keep_doc=True))
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
        peaks = ex.worker_peak_rss_mib()
    finally:
        ex.close()
    assert got == expected
    # each worker's own peak (not its parent's, which getrusage would report after exec)
    assert len(peaks) == 2 and all(50 < v < 4096 for v in peaks.values())


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


def test_memory_zone_frees_vocabulary_and_changes_nothing():
    from dateline.language import nlp

    vocab = nlp.load().vocab
    text = EXAMPLES[1].read_text() + "\n\nZorblaxian qwertyfied the Vuxtrel brigade on Tuesday."
    kept = Pipeline(keep_doc=True)(Article.from_raw(text, fmt="text", uri="mem://a"))
    before = (len(vocab.strings), len(vocab))
    zoned = Pipeline()(Article.from_raw(text + " Blorfindel said.", fmt="text", uri="mem://b"))
    assert (len(vocab.strings), len(vocab)) == before  # the new words were freed
    assert zoned.doc is None
    again = Pipeline()(Article.from_raw(text, fmt="text", uri="mem://a"))
    assert again.to_json_dict() == kept.to_json_dict()
