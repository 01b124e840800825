"""Hostile inputs: a small generated corpus (every kind of bad file, a few good pages) ingests
with no crash, every file stored or rejected with a catalogued code, and the good pages
stored exactly as when analysed alone.  The full 1 000-file run is ``make stress``.

Also the limits themselves: zip bombs are never inflated past the limit, an over-long text
never reaches spaCy, a slow stage is stopped by the time budget or the hard deadline, and a
worker stuck in code that ignores signals is killed and replaced.
"""

from __future__ import annotations

import gzip
import signal
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from dateline import limits
from dateline.executors import MultiprocessExecutor
from dateline.pages import readers
from dateline.pipeline import Pipeline
from dateline.records import Article
from dateline.registry import register

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import hostile_corpus  # noqa: E402
import stress  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile") / "corpus"
    hostile_corpus.generate(out, 60, seed=3, huge_mb=5.2)
    return out


def test_generator_is_deterministic_and_covers_every_kind(tmp_path: Path) -> None:
    a = hostile_corpus.generate(tmp_path / "a", 40, seed=5, huge_mb=0.01)
    b = hostile_corpus.generate(tmp_path / "b", 40, seed=5, huge_mb=0.01)
    assert a == b
    for m in a:
        assert (tmp_path / "a" / m["file"]).read_bytes() == (
            tmp_path / "b" / m["file"]
        ).read_bytes()
    kinds = {m["kind"] for m in a}
    for k in ("empty", "binary", "deep_html", "bad_charset", "zip_bomb", "foreign", "nul", "good"):
        assert k in kinds


def test_hostile_corpus_ingests_without_crash(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "h.duckdb"
    report = stress.ingest_corpus(corpus, db)
    problems = stress.check_hostile(report, db)
    assert problems == []
    s = stress.summary(report)
    assert s["files"] == 60
    assert s["counts"]["stored"] >= 3  # the three example pages (and their HTML copies)
    codes = Counter(o["code"] for got in report["outcomes"].values() for o in got)
    for code in ("DL101", "DL102", "DL104", "DL110"):
        assert codes[code] > 0, code
    # the zip bomb was refused as too large, not inflated
    bombs = [m["file"] for m in report["manifest"] if m["kind"] == "zip_bomb"]
    assert bombs and all(o["code"] == "DL104" for b in bombs for o in report["outcomes"][b]), [
        report["outcomes"][b] for b in bombs
    ]


# --- the size limits -----------------------------------------------------------------------


def _bomb(tmp_path: Path, name: str, chunk: bytes, repeats: int) -> Path:
    member = gzip.compress(chunk, compresslevel=9, mtime=0)
    p = tmp_path / name
    p.write_bytes(member * repeats)
    return p


def test_html_zip_bomb_is_read_only_to_the_limit(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    p = _bomb(tmp_path, "b.html.gz", b"<p>a</p>" * 131072, 64)  # 64 MB inflated
    read: list[int] = []
    real = readers._read_limited

    def spy(fh, n):  # type: ignore[no-untyped-def]
        data = real(fh, n)
        read.append(len(data))
        return data

    monkeypatch.setattr(readers, "_read_limited", spy)
    items = list(readers.read_html_file(p, max_bytes=1_000_000))
    assert [i.rejection.code for i in items] == ["DL104"]  # type: ignore[union-attr]
    assert read == [1_000_001]


def test_jsonl_zip_bomb_is_abandoned(tmp_path: Path) -> None:
    p = _bomb(tmp_path, "b.jsonl.gz", b"\n" * (1 << 20), 16)  # 16 MB of blank lines
    t0 = time.perf_counter()
    items = list(readers.read_file(p))
    assert [i.rejection.code for i in items] == ["DL104"]  # type: ignore[union-attr]
    assert "zip bomb" in items[0].rejection.reason  # type: ignore[union-attr]
    assert time.perf_counter() - t0 < 60  # (a sanity bound, not a timing assert)


def test_jsonl_endless_line_is_given_up(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DATELINE_MAX_BYTES", "1000")
    p = tmp_path / "long.jsonl"
    p.write_bytes(b'{"text": "' + b"a" * 200_000)
    items = list(readers.read_jsonl(p, max_bytes=1000))
    assert [i.rejection.code for i in items] == ["DL104"]  # type: ignore[union-attr]


def test_gzip_warc_record_declaring_gigabytes_is_not_inflated(tmp_path: Path) -> None:
    head = (
        b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: http://bomb.test/\r\n"
        b"Content-Type: text/html\r\nContent-Length: 2147483648\r\n\r\n"
    )
    p = tmp_path / "b.warc.gz"
    p.write_bytes(gzip.compress(head) + gzip.compress(b"\0" * (1 << 20)) * 50)
    items = list(readers.read_file(p))
    assert [i.rejection.code for i in items] == ["DL104"]  # type: ignore[union-attr]


def test_reader_failure_and_empty_container_still_answer(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "x.txt"
    p.write_text("some text")

    def broken(path: Path):  # type: ignore[no-untyped-def]
        raise RuntimeError("library bug")
        yield  # pragma: no cover

    monkeypatch.setitem(readers.READERS, ".txt", broken)
    items = list(readers.read_file(p))
    assert [i.rejection.code for i in items] == ["DL101"]  # type: ignore[union-attr]
    assert "library bug" in items[0].rejection.reason  # type: ignore[union-attr]
    monkeypatch.undo()
    w = tmp_path / "req.warc"
    from warcio.warcwriter import WARCWriter

    with w.open("wb") as fh:
        ww = WARCWriter(fh, gzip=False)
        ww.write_record(ww.create_warcinfo_record("req.warc", {"software": "t"}))
    assert [i.rejection.code for i in readers.read_file(w)] == ["DL102"]  # type: ignore[union-attr]


# --- the time and text limits --------------------------------------------------------------


@register("test.slow.v1", requires=("raw",), assigns=("text",))
class Slow:
    """Computes (uses CPU) for ``seconds`` on a page saying "slow", sleeps for ``seconds`` on a
    page saying "sleepy", then copies the raw content to the text."""

    def __init__(self, seconds: float = 0.0) -> None:
        self.seconds = seconds

    def __call__(self, article: Article) -> Article:
        content = article.raw.content if article.raw else ""
        if "slow" in content:
            end = time.thread_time() + self.seconds
            while time.thread_time() < end:
                sum(range(1000))
        if "sleepy" in content:
            time.sleep(self.seconds)
        article.text = content
        return article


@register("test.busy.v1", requires=("text",), assigns=("headline",))
class Busy:
    """Loops in Python for ``seconds`` catching every Exception (the alarm must still win)."""

    def __init__(self, seconds: float = 0.0) -> None:
        self.seconds = seconds

    def __call__(self, article: Article) -> Article:
        end = time.monotonic() + (self.seconds if "busy" in article.text else 0)
        while time.monotonic() < end:
            try:
                sum(range(1000))
            except Exception:  # a stage swallowing errors must not swallow the deadline
                pass
        article.headline = "done"
        return article


class StuckPipeline:
    """A picklable pipeline that blocks SIGALRM and sleeps on a page saying STUCK: only
    killing the process ends it (like C code that never returns to the interpreter)."""

    def __call__(self, article: Article) -> Article:
        with limits.hard_deadline(0.5):
            if article.raw and "STUCK" in article.raw.content:
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
                time.sleep(600)
        article.text = article.raw.content if article.raw else ""
        return article


def _art(text: str) -> Article:
    return Article.from_raw(text, fmt="text", uri=f"mem://{abs(hash(text))}")


def test_long_text_is_rejected_before_the_next_stage() -> None:
    lim = limits.Limits(max_text_chars=100)
    p = Pipeline(("test.slow.v1", "test.busy.v1"), limits=lim)
    a = p(_art("word " * 100))
    assert a.rejection is not None and a.rejection.code == "DL104"
    assert a.rejection.stage == "test.slow.v1" and a.headline is None
    ok = p(_art("short text"))
    assert ok.rejection is None and ok.headline == "done"


def test_soft_budget_stops_between_stages() -> None:
    lim = limits.Limits(doc_seconds=0.2, hard_seconds=0)
    p = Pipeline(("test.slow.v1", "test.busy.v1"), {"test.slow.v1": {"seconds": 0.4}}, limits=lim)
    # a stage's first call (its models loading) is not charged to the document
    assert p(_art("a slow first page")).rejection is None
    a = p(_art("a slow page"))
    assert a.rejection is not None and a.rejection.code == limits.TIMEOUT_CODE
    assert a.rejection.stage == "test.busy.v1" and "budget" in a.rejection.reason
    assert a.headline is None
    # the budget counts CPU time: waiting (a busy machine, I/O) is not charged
    assert p(_art("a sleepy page")).rejection is None


def test_wall_clock_guard_interrupts_a_hang() -> None:
    lim = limits.Limits(doc_seconds=100, hard_seconds=30, wall_seconds=0.5)
    p = Pipeline(("test.slow.v1",), {"test.slow.v1": {"seconds": 30}}, limits=lim)
    assert p(_art("a first page")).rejection is None  # warm: the cold-start grace is over
    t0 = time.monotonic()
    a = p(_art("a sleepy page"))
    assert time.monotonic() - t0 < 20
    assert a.rejection is not None and a.rejection.code == limits.TIMEOUT_CODE
    assert "wall-clock" in a.rejection.reason
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    assert signal.getitimer(signal.ITIMER_PROF)[0] == 0


def test_hard_deadline_interrupts_a_stage() -> None:
    lim = limits.Limits(doc_seconds=100, hard_seconds=0.5)
    p = Pipeline(("test.slow.v1", "test.busy.v1"), {"test.busy.v1": {"seconds": 30}}, limits=lim)
    assert p(_art("a first page")).rejection is None  # warm: the cold-start grace is over
    t0 = time.monotonic()
    a = p(_art("a busy page"))
    assert time.monotonic() - t0 < 20
    assert a.rejection is not None and a.rejection.code == limits.TIMEOUT_CODE
    assert a.rejection.stage == "test.busy.v1" and "hard time limit" in a.rejection.reason
    assert "CPU time" in a.rejection.reason
    # the timers are disarmed afterwards and the pipeline still works
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    assert signal.getitimer(signal.ITIMER_PROF)[0] == 0
    fast = Pipeline(("test.slow.v1",), limits=lim)(_art("fine"))
    assert fast.rejection is None


def test_stuck_worker_is_killed_and_the_others_kept() -> None:
    pipe = StuckPipeline()
    texts = ["page one", "page STUCK", "page three", "page four", "page five"]
    ex = MultiprocessExecutor(workers=1, batch_size=2, hard_seconds=1, startup_seconds=5)
    try:
        out = list(ex.map(lambda a: pipe, [_art(t) for t in texts]))
    finally:
        ex.close()
    assert [a.raw.content for a in out] == texts  # type: ignore[union-attr]
    bad = [a for a in out if a.rejection is not None]
    assert [a.raw.content for a in bad] == ["page STUCK"]  # type: ignore[union-attr]
    assert bad[0].rejection.code == limits.TIMEOUT_CODE  # type: ignore[union-attr]
    assert all(a.text == a.raw.content for a in out if a.rejection is None)  # type: ignore[union-attr]
    assert ex.restarts >= 2  # the batch, then the document alone
