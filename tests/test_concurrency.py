"""Concurrency: API readers on 127.0.0.1 while the same process ingests.

DuckDB lets one process open a database for writing, and then no other process may open
it (not even read-only). So the concurrent case is one server process: ``POST /api/ingest``
(with the token) writes through the store's connection under a lock while each read request
uses its own cursor (MVCC snapshot).  Readers must see no errors and consistent data: an
article is either absent or fully there with all its events.  A second process trying to
open a database another process writes gets a clean ``StoreError`` (DL302), not a crash.
Bounded: 200 reads, 24 writes, loopback only.
"""

from __future__ import annotations

import random
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from dateline.api import create_app
from dateline.errors import StoreError
from dateline.store import Store

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import stress  # noqa: E402

uvicorn = pytest.importorskip("uvicorn")
TOKEN = "t0ken-for-tests"
N_READS = 200
N_WRITES = 24


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[str]:
    db = tmp_path / "c.duckdb"
    Store.open(db).close()
    pipe = stress.ParagraphEvents(pause=0.01)
    app = create_app(db, token=TOKEN, pipeline_for=lambda a: pipe)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def _doc(i: int) -> tuple[str, int]:
    n = 1 + i % 5
    paras = [f"Paragraph {k} of report {i}: crowds gathered in the square." for k in range(n)]
    return "\n\n".join(paras), n


def test_readers_see_whole_articles_while_ingest_writes(server: str) -> None:
    expected: dict[str, int] = {}  # uri -> number of events
    errors: list[str] = []
    checked = {"articles": 0, "events": 0}
    done = threading.Event()

    def writer() -> None:
        with httpx.Client(base_url=server, timeout=30) as c:
            for i in range(N_WRITES):
                text, n = _doc(i)
                uri = f"mem://doc-{i}"
                expected[uri] = n
                r = c.post(
                    "/api/ingest",
                    json={"documents": [{"content": text, "uri": uri}]},
                    headers={"Authorization": f"Bearer {TOKEN}"},
                )
                if r.status_code != 200 or r.json()["results"][0]["outcome"] != "stored":
                    errors.append(f"write {i}: {r.status_code} {r.text[:200]}")
        done.set()

    def reader(seed: int, n: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=server, timeout=30) as c:
            for _ in range(n):
                what = rng.random()
                if what < 0.2:
                    r = c.get("/api/events", params={"limit": 500})
                elif what < 0.3:
                    r = c.get("/api/stats")
                else:
                    r = c.get("/api/articles", params={"limit": 100})
                if r.status_code >= 500 or r.status_code != 200:
                    errors.append(f"GET {r.url}: {r.status_code} {r.text[:200]}")
                    continue
                if what >= 0.3:
                    for item in r.json()["items"][:3]:
                        _check_article(c, item["id"], errors)
                        checked["articles"] += 1
                elif what < 0.2:
                    by_article: dict[str, int] = {}
                    for e in r.json()["items"]:
                        by_article[e["article_id"]] = by_article.get(e["article_id"], 0) + 1
                    for aid, k in by_article.items():
                        # every event of an article is there once the article is
                        one = c.get(f"/api/articles/{aid}").json()
                        if len(one["events"]) != k:
                            errors.append(f"{aid}: {k} events listed, {len(one['events'])} in JSON")
                        checked["events"] += 1

    w = threading.Thread(target=writer)
    w.start()
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda s: reader(s, N_READS // 4), range(4)))
    w.join(timeout=120)
    assert done.is_set() and errors == [], errors[:10]
    assert checked["articles"] > 0
    with httpx.Client(base_url=server) as c:
        assert c.get("/api/health").json()["articles"] == N_WRITES
        total = c.get("/api/events", params={"limit": 0}).json()["total"]
        assert total == sum(expected.values())


def _check_article(c: httpx.Client, aid: str, errors: list[str]) -> None:
    r = c.get(f"/api/articles/{aid}")
    if r.status_code != 200:
        errors.append(f"article {aid}: {r.status_code}")
        return
    art = r.json()
    n_paras = len([p for p in art["text"].split("\n\n") if p.strip()])
    if len(art["events"]) != n_paras:
        errors.append(f"article {aid}: {len(art['events'])} events for {n_paras} paragraphs")
    ev = c.get("/api/events", params={"article_id": aid, "limit": 0}).json()
    if ev["total"] != n_paras:
        errors.append(f"article {aid}: {ev['total']} event rows for {n_paras} paragraphs")
    for e in art["events"]:
        span = art["text"][e["evidence"]["start"] : e["evidence"]["end"]]
        if span != e["evidence_text"]:
            errors.append(f"article {aid}: evidence offsets do not match the text")


def test_second_process_cannot_open_a_database_being_written(tmp_path: Path) -> None:
    db = tmp_path / "locked.duckdb"
    Store.open(db).close()
    code = (
        "import sys, time\n"
        "from dateline.store import Store\n"
        f"s = Store.open({str(db)!r})\n"
        "print('open', flush=True)\n"
        "time.sleep(30)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "open"
        with pytest.raises(StoreError) as e:
            create_app(db)  # read-only open while another process writes
        assert e.value.code == "DL302"  # held by another process
    finally:
        proc.kill()
        proc.wait()
    with Store.open(db, read_only=True) as s:  # and afterwards it opens
        assert s.stats()["articles"] == 0
