"""Crash safety: ``kill -9`` an ingest at random points, rerun, and nothing is lost or doubled.

A short version (3 kills, a cheap stand-in pipeline so no model loads); ``make stress``
kills the real ``dateline ingest`` 20 times (``scripts/stress.py crash``).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from dateline.records import Article, Rejection
from dateline.store import Store

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import stress  # noqa: E402


def _light(corpus: Path, db: Path) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable,
        str(ROOT / "scripts" / "stress.py"),
        "light-ingest",
        str(corpus),
        str(db),
    ]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_kill_9_and_rerun_loses_and_doubles_nothing(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    stress.crash_corpus(corpus, 30, seed=1)
    ref = tmp_path / "ref.duckdb"
    counts = stress.light_ingest(corpus, ref, pause=0.0)
    assert counts["stored"] == 30
    ref_stats, problems = stress.db_invariants(ref)
    assert problems == []

    db = tmp_path / "crash.duckdb"
    rng = random.Random(4)
    kills = 0
    seen_articles = []
    for _ in range(8):  # bounded: at most 8 runs to get 3 kills
        proc = _light(corpus, db)
        try:
            proc.wait(timeout=rng.uniform(0.8, 2.5))  # imports take ~1 s; 30 pages ~1.5 s
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            kills += 1
        if db.exists():
            stats, problems = stress.db_invariants(db)  # opens cleanly, consistent
            assert problems == [], problems
            seen_articles.append(stats["articles"])
        if kills >= 3:
            break
    assert kills >= 1
    final = _light(corpus, db)
    _, err = final.communicate(timeout=120)
    assert final.returncode == 0, err.decode()[-2000:]
    stats, problems = stress.db_invariants(db)
    assert problems == []
    for key in ("articles", "events", "rejections"):
        assert stats[key] == ref_stats[key], key
    with Store.open(db, read_only=True) as a, Store.open(ref, read_only=True) as b:
        assert sorted(a.article_ids()) == sorted(b.article_ids())
        q = "SELECT article_id, idx, evidence_text FROM events ORDER BY 1, 2"
        assert a.con.execute(q).fetchall() == b.con.execute(q).fetchall()
        runs = a.runs()
    # a run killed after it started has a row without an end (one killed while importing has
    # none); the last run finished and counted what it stored
    assert runs[-1]["finished_at"] is not None
    assert sum(1 for r in runs if r["finished_at"] is None) <= kills
    assert sum(r["stored"] for r in runs if r["finished_at"] is not None) <= ref_stats["articles"]
    assert seen_articles == sorted(seen_articles)  # stored articles only ever grow


def test_article_is_one_transaction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure half-way through writing an article's rows leaves none of them."""
    db = tmp_path / "t.duckdb"
    text = "First paragraph about a protest.\n\nSecond paragraph about it."
    art = stress.ParagraphEvents()(Article.from_raw(text, fmt="text", uri="mem://a"))
    assert len(art.events) == 2
    with Store.open(db) as store:
        real_execute = store.con.execute
        calls = {"n": 0}

        class Flaky:
            """The connection, failing on the first insert into ``events``."""

            def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
                return getattr(store.con_real, name)

            def execute(self, sql: str, params=None):  # type: ignore[no-untyped-def]
                if sql.startswith("INSERT INTO events"):
                    calls["n"] += 1
                    raise duckdb.IOException("disk full (simulated)")
                return real_execute(sql, params) if params is not None else real_execute(sql)

        store.con_real = store.con  # type: ignore[attr-defined]
        store.con = Flaky()  # type: ignore[assignment]
        from dateline.errors import StoreError

        with pytest.raises(StoreError):
            store.add(art)
        store.con = store.con_real  # type: ignore[attr-defined]
        assert calls["n"] == 1
        for table in ("articles", "events", "mentions"):
            assert store.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
        assert store.add(art) == "stored"
        assert store.con.execute("SELECT count(*) FROM events").fetchone()[0] == 2
        # rejections: one row per document, updated on retry (never doubled)
        rej = Rejection(code="DL110", reason="no story", stage="t")
        for _ in range(3):
            store.add_rejection("mem://r", rej, content_hash="abc")
        assert store.con.execute("SELECT count(*) FROM rejections").fetchone()[0] == 1


def test_store_reopens_after_kill_during_write(tmp_path: Path) -> None:
    """A process killed while committing leaves a database that opens (WAL replayed)."""
    db = tmp_path / "w.duckdb"
    code = (
        "import sys, os, signal\n"
        f"sys.path.insert(0, {str(ROOT / 'scripts')!r})\n"
        "import stress\n"
        "from dateline.records import Article\n"
        "from dateline.store import Store\n"
        f"s = Store.open({str(db)!r})\n"
        "p = stress.ParagraphEvents()\n"
        "for i in range(100000):\n"
        "    s.add(p(Article.from_raw(f'Paragraph {i}.\\n\\nMore {i}.', fmt='text')))\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not db.exists():
        time.sleep(0.05)
    time.sleep(1.0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stats, problems = stress.db_invariants(db)
    assert problems == [] and stats["articles"] > 0
    assert stats["events"] == 2 * stats["articles"]
