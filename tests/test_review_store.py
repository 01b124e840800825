"""The review loop in the store (issue 19 part 3): corrections, merges and splits are audited,
survive a full recompute of the corpus tables and a re-ingest of the same pages, and the
exports (and the training export) use them."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from dateline.corpus import tables
from dateline.errors import InputError, NotFound
from dateline.store import Store, review, training
from dateline.store import export as EX
from dateline.store import queries as Q
from test_api import sample_articles
from test_export import extra_articles


def _arts() -> list[Any]:
    return sample_articles() + extra_articles()


def _report(store: Store, sub: str) -> tuple[str, int]:
    aid, idx = store.con.execute(
        "SELECT article_id, idx FROM events WHERE sub_event_type = ? ORDER BY article_id", [sub]
    ).fetchall()[0]
    return aid, int(idx)


def _overlay(store: Store) -> list[tuple[Any, ...]]:
    return store.con.execute(
        "SELECT e.key, e.status, e.fields, e.merged_json,"
        " (SELECT list(m.article_id || ':' || m.idx ORDER BY m.article_id, m.idx)"
        "  FROM review_members m WHERE m.key = e.key) FROM review_events e ORDER BY e.key"
    ).fetchall()


def _records(store: Store, include_rejected: bool = False, **kw: Any) -> list[dict[str, Any]]:
    return list(EX.records(store.con, Q.EventFilter(include_rejected=include_rejected), **kw))


@pytest.fixture()
def store(tmp_path: Path) -> Any:
    with Store.open(tmp_path / "review.duckdb") as s:
        for a in _arts():
            assert s.add(a) == "stored"
        tables.rebuild(s)
        yield s


def _review_all(store: Store) -> dict[str, tuple[str, int]]:
    con = store.con
    protest = _report(store, "Peaceful protest")
    attack = _report(store, "Attack")
    abduction = _report(store, "Abduction/forced disappearance")
    tadmur = sorted(
        con.execute(
            "SELECT article_id, idx FROM events WHERE sub_event_type = ?",
            ["Government regains territory"],
        ).fetchall()
    )
    tadmur = [(a, int(i)) for a, i in tadmur]
    out = review.act(
        con,
        "correct",
        protest,
        who="ana",
        reason="police fired on the march",
        fields={
            "sub_event_type": "Violent demonstration",
            "event_date": "2023-07-05",
            "fatalities": 2,
            "notes": "<img src=x onerror=alert(1)>",
        },
    )
    assert out["status"] == "corrected" and out["event"]["event_type"] == "Riots"
    review.act(con, "accept", protest, who="ana")
    review.act(con, "reject", abduction, who="bo", reason="not in our scope")
    # the two Tadmur reports were merged by the machine: split the second off
    view = review.view(con, tadmur[0])
    assert view["event"]["n_sources"] == 2
    review.act(con, "split", tadmur[0], who="bo", others=[tadmur[1]], reason="two towns")
    assert review.view(con, tadmur[0])["event"]["n_sources"] == 1
    # and merge the attack into the first Tadmur event
    merged = review.act(con, "merge", tadmur[0], who="bo", others=[attack])
    assert merged["event"]["n_sources"] == 2
    return {"protest": protest, "attack": attack, "abduction": abduction, "tadmur1": tadmur[1]}


def test_actions_are_audited_and_exported(store: Store, tmp_path: Path) -> None:
    r = _review_all(store)
    log = store.con.execute(
        "SELECT who, action, field, before, after, reason FROM review_log ORDER BY id"
    ).fetchall()
    assert [(x[1], x[2]) for x in log] == [
        ("correct", "sub_event_type"),
        ("correct", "event_date"),
        ("correct", "fatalities"),
        ("correct", "notes"),
        ("accept", "status"),
        ("reject", "status"),
        ("split", "members"),
        ("merge", "members"),
    ]
    assert log[0][0] == "ana" and json.loads(log[0][3]) == "Peaceful protest"
    assert json.loads(log[1][3]) == "2023-07-04" and json.loads(log[1][4]) == "2023-07-05"
    assert log[0][5] == "police fired on the march"

    recs = _records(store)
    by_article = {a: rec for rec in recs for a in rec["article_ids"]}
    protest = by_article[r["protest"][0]]
    assert protest["reviewed"] is True and protest["review_status"] == "accepted"
    assert (protest["event_type"], protest["sub_event_type"]) == ("Riots", "Violent demonstration")
    assert protest["event_date"] == "2023-07-05" and protest["year"] == 2023
    assert protest["fatalities"] == 2 and protest["notes"] == "<img src=x onerror=alert(1)>"
    assert r["abduction"][0] not in by_article  # rejected: left out by default
    assert len(recs) == 3  # protest, Tadmur + attack (merged), Tadmur 2 (split off)
    assert by_article[r["attack"][0]] is by_article[_first_tadmur(store)]
    assert by_article[r["tadmur1"][0]]["n_sources"] == 1
    assert all(rec["reviewed"] for rec in recs)
    with_rejected = _records(store, include_rejected=True)
    assert len(with_rejected) == 4
    rej = next(x for x in with_rejected if r["abduction"][0] in x["article_ids"])
    assert rej["review_status"] == "rejected"
    per_report = _records(store, per_report=True)
    assert len(per_report) == 4
    pr = next(x for x in per_report if x["article_id"] == r["protest"][0])
    assert pr["sub_event_type"] == "Violent demonstration" and pr["fatalities"] == 2

    n_typing, n_spans = training.write(store.con, tmp_path / "train")
    with (tmp_path / "train" / training.TYPING_FILE).open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    assert rows[0] == ["id", "EventSnippet", "SubType"]
    assert [x[2] for x in rows[1:]] == ["VIOL_DEMONSTR"] and n_typing == 1  # CASE code
    assert "protesters marched" in rows[1][1]
    lines = [
        json.loads(x)
        for x in (tmp_path / "train" / training.SPANS_FILE).read_text("utf-8").splitlines()
    ]
    assert len(lines) == n_spans == 5
    p = next(x for x in lines if x["article_id"] == r["protest"][0])
    assert p["corrected"]["fatalities"] == 2 and p["machine"]["fatalities"] == 0
    start, end = p["evidence"]
    assert store.get_article(p["article_id"]).text[start:end] == p["text"]
    assert p["trigger"][2] == "marched"


def _first_tadmur(store: Store) -> str:
    rows = store.con.execute(
        "SELECT article_id FROM events WHERE sub_event_type = 'Government regains territory'"
        " ORDER BY article_id"
    ).fetchall()
    return str(rows[0][0])


def test_review_survives_recompute_and_reingest(store: Store) -> None:
    _review_all(store)
    before = _overlay(store)
    records = _records(store)
    assert len(before) == 4
    n_log = store.con.execute("SELECT count(*) FROM review_log").fetchall()[0][0]

    # a full recompute of the corpus tables (from nothing: the tables dropped first)
    for t in ("merged_events", "merged_event_sources", "story_clusters", "control_changes"):
        store.con.execute(f"DROP TABLE {t}")
    counts = tables.rebuild(store)
    assert counts["reviewed_events"] == 4
    assert _overlay(store) == before
    assert _records(store) == records

    # a re-ingest of the same pages: all duplicates, nothing lost
    for a in _arts():
        assert store.add(a) == "duplicate"
    tables.update(store, [a.id for a in _arts()])
    assert _overlay(store) == before

    # a new page joins the corpus (incremental update): the reviews are re-applied
    extra = sample_articles()[0].model_copy(deep=True)
    extra.id = "f" * 64
    extra.text = extra.text + " More fighting was reported later."
    assert store.add(extra) == "stored"
    counts = tables.update(store, [extra.id])
    assert counts.get("reviewed_events") == 4
    after = {row[0]: row[1:3] for row in _overlay(store)}
    assert after == {row[0]: row[1:3] for row in before}
    assert store.con.execute("SELECT count(*) FROM review_log").fetchall()[0][0] == n_log


def test_bad_actions_are_refused(store: Store) -> None:
    protest = _report(store, "Peaceful protest")
    attack = _report(store, "Attack")
    con = store.con
    with pytest.raises(InputError):
        review.act(con, "correct", protest, who="x", fields={"event_type": "Picnic"})
    with pytest.raises(InputError):
        review.act(con, "correct", protest, who="x", fields={"event_id": "m1"})
    with pytest.raises(InputError):
        review.act(con, "correct", protest, who="x", fields={"event_date": "5 July"})
    with pytest.raises(InputError):
        review.act(con, "split", protest, who="x", others=[attack])
    with pytest.raises(InputError):
        review.act(con, "split", protest, who="x", others=[protest])  # nothing would remain
    with pytest.raises(NotFound):
        review.act(con, "accept", ("nope", 0), who="x")
    assert con.execute("SELECT count(*) FROM review_log").fetchall()[0][0] == 0


def test_cli_export_training_and_rejected(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from dateline.cli.main import app

    path = tmp_path / "cli.duckdb"
    with Store.open(path) as s:
        for a in _arts():
            s.add(a)
        tables.rebuild(s)
        _review_all(s)
    runner = CliRunner()
    help_text = runner.invoke(app, ["export", "--help"], terminal_width=200).output
    assert "--include-rejected" in help_text and "left out" in help_text
    out = tmp_path / "train"
    r = runner.invoke(app, ["export", "--db", str(path), "--format", "training", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert (out / training.TYPING_FILE).exists() and (out / training.SPANS_FILE).exists()
    r = runner.invoke(app, ["export", "--db", str(path), "--format", "training"])
    assert r.exit_code != 0  # a directory is needed
    base = runner.invoke(app, ["export", "--db", str(path), "--format", "acled-csv"])
    full = runner.invoke(
        app, ["export", "--db", str(path), "--format", "acled-csv", "--include-rejected"]
    )
    assert base.exit_code == 0 and full.exit_code == 0
    assert "Abduction" not in base.stdout and "Abduction" in full.stdout
    assert "reviewed" in base.stdout.splitlines()[0]
    pq = tmp_path / "pq"
    r = runner.invoke(app, ["export", "--db", str(path), "--format", "parquet", "-o", str(pq)])
    assert r.exit_code == 0, r.output
    import duckdb

    con = duckdb.connect()
    log = con.execute(f"SELECT action FROM read_parquet('{pq / 'review_log.parquet'}')").fetchall()
    assert len(log) == 8
    st = con.execute(
        f"SELECT status FROM read_parquet('{pq / 'review_events.parquet'}')"
    ).fetchall()
    assert sorted(x[0] for x in st) == ["accepted", "corrected", "corrected", "rejected"]
