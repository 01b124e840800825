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


# --- the choice every command makes (issue 21: parallel by default, honestly) --------------


def test_more_than_one_worker_picks_multiprocessing(caplog):
    from dateline.executors import choose_executor

    assert choose_executor(None, 2) == ("multiprocessing", 2)
    assert choose_executor(None, 1) == ("inprocess", 1)
    assert choose_executor("multiprocessing", 1) == ("inprocess", 1)
    assert choose_executor("dask", 3) == ("dask", 3)
    # no more workers than documents, when their number is known
    assert choose_executor(None, 4, documents=3) == ("multiprocessing", 3)
    with caplog.at_level("WARNING", logger="dateline.executors"):
        assert choose_executor(None, 2, documents=1) == ("inprocess", 1)
    assert "only 1 document" in caplog.text
    caplog.clear()
    # an explicit in-process run keeps one process, and says why --workers is not used
    with caplog.at_level("WARNING", logger="dateline.executors"):
        assert choose_executor("inprocess", 2) == ("inprocess", 1)
    assert "--workers 2 is not used" in caplog.text
    with pytest.raises(PipelineError):
        choose_executor("threads", 2)


def test_make_executor_with_two_workers_is_multiprocessing():
    ex = make_executor(None, workers=2)  # the pool starts its processes on the first batch
    try:
        assert isinstance(ex, MultiprocessExecutor) and ex.workers == 2
    finally:
        ex.close()
    assert isinstance(make_executor(None, workers=1), InProcessExecutor)


@pytest.mark.parametrize(("cores", "expected"), [(1, 1), (2, 2), (3, 3), (8, 8), (16, 8), (64, 8)])
def test_default_workers_follow_the_usable_cores(monkeypatch, cores, expected):
    import os

    from dateline import executors

    if hasattr(os, "process_cpu_count"):
        monkeypatch.setattr(os, "process_cpu_count", lambda: cores)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)), raising=False)
    assert executors.usable_cores() == cores
    assert executors.default_workers() == expected
    kind, n = executors.choose_executor(None, None)
    assert n == expected and kind == ("multiprocessing" if expected > 1 else "inprocess")


# three short hand-made pages: quotes, dates, places
HAND_MADE = {
    "a-flood.txt": (
        "Floods cut off villages in northern Ghana\n\nTuesday, 3 October 2023\n\n"
        "TAMALE, Ghana — Flood water cut off at least a dozen villages near Tamale on Monday"
        " after the Volta River burst its banks, the regional disaster agency said.\n\n"
        '"We have moved 400 families to the school in Savelugu," said Amina Yakubu, a'
        " district officer. Rain is expected to continue until Thursday.\n"
    ),
    "b-strike.txt": (
        "Dock workers strike in Rotterdam over pay\n\nFriday, June 14, 2024\n\n"
        "Hundreds of dock workers walked out in Rotterdam on Friday, halting container"
        " traffic at Europe's largest port, the FNV union said.\n\n"
        'Union leader Niek Stam said the strike would last 24 hours. "The employers know'
        ' what we are asking for," he told reporters outside the Maasvlakte terminal.\n'
    ),
    "c-clash.txt": (
        "Two killed as herders and farmers clash in central Mali\n\n12 March 2022\n\n"
        "Two people were killed and five wounded on Saturday when herders and farmers"
        " clashed near the town of Djenne in central Mali, a local official said.\n\n"
        "The army sent a patrol to the area on Sunday, the defence ministry said in a"
        " statement. Mopti region has seen repeated clashes since 2018.\n"
    ),
}


def _stored(db: Path) -> list[dict]:
    from dateline.store import Store

    with Store.open(db, read_only=True) as s:
        return [s.get_article(i).to_json_dict() for i in sorted(s.article_ids())]


def test_ingest_gives_the_same_records_with_one_and_two_workers(tmp_path, caplog):
    """`dateline ingest -j 2` runs two worker processes and stores what `-j 1` stores."""
    import logging

    from typer.testing import CliRunner

    from dateline.cli.main import app

    pages = tmp_path / "pages"
    pages.mkdir()
    for name, text in HAND_MADE.items():
        (pages / name).write_text(text, encoding="utf-8")
    runner = CliRunner()
    one = runner.invoke(
        app, ["ingest", str(pages), "--db", str(tmp_path / "one.duckdb"), "-j", "1"]
    )
    assert one.exit_code == 0, one.output
    with caplog.at_level(logging.INFO, logger="dateline.executors"):
        two = runner.invoke(
            app, ["ingest", str(pages), "--db", str(tmp_path / "two.duckdb"), "-j", "2"]
        )
    assert two.exit_code == 0, two.output
    assert "analysing on 2 worker processes" in caplog.text
    assert "stored 3" in one.stdout and "stored 3" in two.stdout
    first, second = _stored(tmp_path / "one.duckdb"), _stored(tmp_path / "two.duckdb")
    assert len(first) == 3 and first == second
