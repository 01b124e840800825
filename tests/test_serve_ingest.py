"""Serve while ingesting (issue 21 part 6): the server holds the database's one DuckDB writer
and stores the pages ``POST /api/ingest`` sends it; ``dateline ingest`` into a database that
``dateline serve`` holds sends its pages there (found through ``<db>.server.json``); without a
server the lock is one coded line.  The pipeline is the real one, on tiny pages."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dateline.api import create_app, discovery
from dateline.api.ingest import IngestDoc, item_of
from dateline.cli.forward import wire
from dateline.pages import readers
from dateline.store import Store

ROOT = Path(__file__).resolve().parent.parent

GAO = (
    "Gunmen attack market in Gao\n\n"
    "GAO, Mali, March 3 2020 - Gunmen attacked a market in Gao on Monday, killing three"
    " people, police said.\n\nThe army said it had sent troops to the town.\n"
)
KINGSTON = (
    "Protesters march in Kingston\n\n"
    "KINGSTON, Jamaica, May 5 2019 - Hundreds of protesters marched through Kingston on"
    " Sunday to demand action on crime, organisers said. Police said the march was peaceful"
    " and that no one was arrested.\n\nThe prime minister said on Monday he would meet the"
    " organisers of the march this week.\n"
)
NO_STORY = "Hi.\n"


def _new_db(path: Path) -> Path:
    Store.open(path).close()
    return path


def test_ingest_endpoint_token_storage_events_and_rejections(tmp_path: Path) -> None:
    db = _new_db(tmp_path / "api.duckdb")
    body = {
        "documents": [
            {"uri": "https://news.example/gao", "text": GAO, "published": "2020-03-03"},
            {"uri": "https://news.example/hi", "text": NO_STORY},
        ]
    }
    with TestClient(create_app(db, token="s3cret-token"), base_url="http://127.0.0.1") as c:
        assert c.post("/api/ingest", json=body).status_code == 401
        wrong = {"Authorization": "Bearer s3cret-tokem"}
        assert c.post("/api/ingest", json=body, headers=wrong).status_code == 401
        assert c.get("/api/stats").json()["articles"] == 0  # refused requests wrote nothing

        ok = {"Authorization": "Bearer s3cret-token"}
        r = c.post("/api/ingest", json=body, headers=ok)
        assert r.status_code == 200, r.text
        out = r.json()
        assert (out["stored"], out["duplicate"], out["rejected"]) == (1, 0, 1)
        assert [x["code"] for x in out["rejections"]] == ["DL110"]
        assert out["rejections"][0]["uri"] == "https://news.example/hi"
        stored = [x for x in out["results"] if x["outcome"] == "stored"]
        assert len(stored) == 1 and stored[0]["uri"] == "https://news.example/gao"
        assert out["corpus"]["articles"] == 1  # the corpus tables were updated

        events = c.get("/api/events", params={"article_id": stored[0]["id"]}).json()
        assert events["total"] >= 1
        assert any(e["location"] == "Gao" for e in events["items"]), events["items"]
        clusters = c.get("/api/clusters").json()
        assert clusters["available"] and clusters["total"] == 1

        again = c.post("/api/ingest", json=body, headers=ok).json()
        assert (again["stored"], again["duplicate"], again["rejected"]) == (0, 1, 1)
        # one body per document
        both = {"documents": [{"text": GAO, "html": "<p>x</p>"}]}
        assert c.post("/api/ingest", json=both, headers=ok).status_code == 422


def test_the_wire_form_rebuilds_the_readers_article(tmp_path: Path) -> None:
    """What the CLI sends is read back by the server into the same Article the reader made."""
    (tmp_path / "a.txt").write_text(GAO.replace("\n", "\r\n"), encoding="utf-8")
    (tmp_path / "b.html").write_bytes(
        "<html><head><meta charset='windows-1252'></head><body><p>Caf\xe9 bomb in Gao."
        "</p></body></html>".encode("cp1252")
    )
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"url": "https://x.example/c", "html": "<p>c</p>\r\n", "published": "2020"})
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    items = list(readers.read_paths([tmp_path]))
    assert len(items) == 4
    for item in items:
        back = item_of(IngestDoc.model_validate(json.loads(json.dumps(wire(item)))), "doc")
        assert type(back) is type(item)
        if isinstance(item, readers.Rejected):
            assert back == item
        else:
            keep = {"id", "source", "site", "raw", "published"}
            assert back.model_dump(include=keep) == item.model_dump(include=keep)


# --- the CLI against a real server -----------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    env.pop("DATELINE_TOKEN", None)
    return env


def _dateline(*args: str) -> list[str]:
    return [sys.executable, "-c", "from dateline.cli.main import app; app()", *args]


def _get(url: str) -> Any:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=30) as r:
        return json.loads(r.read())


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    db = _new_db(tmp_path / "served.duckdb")
    port = _free_port()
    proc = subprocess.Popen(
        _dateline("serve", "--db", str(db), "--port", str(port)),
        env=_env(),
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert time.monotonic() < deadline, "dateline serve did not start"
        try:
            if discovery.read(db) is not None and _get(url + "/api/health")["ingest"]:
                break
        except OSError:
            pass
        time.sleep(0.2)
    try:
        yield db, url, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)


def test_cli_ingest_goes_through_the_running_server(
    tmp_path: Path, served: tuple[Path, str, subprocess.Popen[str]]
) -> None:
    db, url, proc = served
    found = discovery.path_for(db)
    assert stat.S_IMODE(found.stat().st_mode) == 0o600
    info = discovery.read(db)
    assert info is not None and info["url"] == url and len(info["token"]) >= 32

    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "gao.txt").write_text(GAO, encoding="utf-8")
    (pages / "kingston.txt").write_text(KINGSTON, encoding="utf-8")
    run = subprocess.run(
        _dateline("ingest", str(pages), "--db", str(db)),
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "lock" not in run.stderr.lower() and "DL30" not in run.stderr
    assert f"via {url}" in run.stdout
    assert "stored 2, duplicate 0, rejected 0" in run.stdout, run.stdout + run.stderr

    stats = _get(url + "/api/stats")
    assert stats["articles"] == 2 and stats["events"] >= 2, stats
    events = _get(url + "/api/events?limit=100")["items"]
    assert {"Gao", "Kingston"} <= {e["location"] for e in events}, events

    again = subprocess.run(
        _dateline("ingest", str(pages / "gao.txt"), "--db", str(db)),
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "stored 0, duplicate 1, rejected 0" in again.stdout, again.stdout + again.stderr

    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    assert not found.exists()  # removed on exit


def test_cli_ingest_into_a_database_held_without_a_server(tmp_path: Path) -> None:
    db = _new_db(tmp_path / "held.duckdb")
    page = tmp_path / "gao.txt"
    page.write_text(GAO, encoding="utf-8")
    code = (
        "import sys, time\nfrom dateline.store import Store\n"
        f"s = Store.open({str(db)!r})\nprint('open', flush=True)\ntime.sleep(60)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code], env=_env(), stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        run = subprocess.run(
            _dateline("ingest", str(page), "--db", str(db)),
            env=_env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        holder.kill()
        holder.wait()
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dateline: error [DL302]"), run.stderr
    assert f"pid {holder.pid}" in lines[0] and "IO Error" not in lines[0]
