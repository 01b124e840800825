"""Every reader shows the reviewed view (issue 19 part 3): ``/api/events``, its histogram and
facets, the place page, ``dateline events`` and the exports show the analysts' corrected values,
filter on them, leave rejected events out unless asked, count what they list, and keep doing
so after a full recompute of the corpus tables."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dateline.api import create_app
from dateline.cli.main import app as cli
from dateline.corpus import tables
from dateline.store import Store, review
from dateline.store import export as EX
from dateline.store import queries as Q
from test_api import sample_articles
from test_export import extra_articles

NAIROBI = 184745  # the geonameid the machine gave the protest's place
FIX = {
    "sub_event_type": "Violent demonstration",
    "event_date": "2023-07-09",
    "location": "Mombasa",
    "latitude": -4.05,
    "longitude": 39.67,
}


def _report(con: Any, sub: str) -> tuple[str, int]:
    found = con.execute(
        "SELECT article_id, idx FROM events WHERE sub_event_type = ? ORDER BY article_id", [sub]
    ).fetchall()
    return found[0][0], int(found[0][1])


def _review(store: Store) -> dict[str, tuple[str, int]]:
    """Correct the protest (sub-type, date, place), reject the abduction, correct the toll of
    the Tadmur event the machine merged from two reports."""
    con = store.con
    protest = _report(con, "Peaceful protest")
    abduction = _report(con, "Abduction/forced disappearance")
    tadmur = _report(con, "Government regains territory")
    review.act(con, "correct", protest, who="ana", fields=FIX)
    review.act(con, "reject", abduction, who="bo")
    review.act(con, "correct", tadmur, who="bo", fields={"fatalities": 9})
    return {"protest": protest, "abduction": abduction, "tadmur": tadmur}


@pytest.fixture()
def db(tmp_path: Path) -> tuple[Path, dict[str, tuple[str, int]]]:
    path = tmp_path / "view.duckdb"
    with Store.open(path) as store:
        for a in sample_articles() + extra_articles():
            assert store.add(a) == "stored"
        tables.rebuild(store)
        refs = _review(store)
    return path, refs


@pytest.fixture()
def client(db: tuple[Path, Any]) -> Iterator[TestClient]:
    with TestClient(create_app(db[0]), base_url="http://127.0.0.1") as c:
        yield c


def _key(item: dict[str, Any]) -> tuple[str, int]:
    return item["article_id"], int(item["idx"])


def _events(c: TestClient, **params: Any) -> dict[str, Any]:
    r = c.get("/api/events", params={"limit": 100, **params})
    assert r.status_code == 200, r.text
    page: dict[str, Any] = r.json()
    assert page["total"] == len(page["items"])  # every match fits on one page here
    return page


def test_api_lists_and_filters_the_corrected_values(client: TestClient, db: Any) -> None:
    refs = db[1]
    page = _events(client, sub_type="Violent demonstration")
    assert [_key(i) for i in page["items"]] == [refs["protest"]]
    ev = page["items"][0]
    assert (ev["event_type"], ev["sub_event_type"]) == ("Riots", "Violent demonstration")
    assert ev["event_date"] == "2023-07-09" and ev["year"] == 2023
    assert (ev["location"], ev["latitude"], ev["longitude"]) == ("Mombasa", -4.05, 39.67)
    assert ev["place_geonameid"] is None  # no longer the gazetteer's Nairobi
    assert ev["reviewed"] is True and ev["review_status"] == "corrected"
    assert ev["article_headline"]  # the article's columns are still joined
    # the machine's old values find nothing; the corrected ones find the event
    for params in (
        {"sub_type": "Peaceful protest"},
        {"type": "Protests"},
        {"place": "Nairobi"},
        {"since": "2023-07-04", "until": "2023-07-08"},
        {"bbox": "36,-2,37,-1"},
        {"geonameid": NAIROBI},
    ):
        assert _events(client, **params)["total"] == 0, params
    for params in (
        {"type": "riots"},
        {"place": "mombasa"},
        {"since": "2023-07-09", "until": "2023-07-09"},
        {"bbox": "39,-5,40,-4"},
    ):
        assert [_key(i) for i in _events(client, **params)["items"]] == [refs["protest"]], params
    # a correction of the merged Tadmur event shows on both its reports
    tadmur = _events(client, place="Tadmur")["items"]
    assert len(tadmur) == 2 and {i["fatalities"] for i in tadmur} == {9}
    assert {i["review_status"] for i in tadmur} == {"corrected"}
    # an event nobody reviewed is the machine's
    attack = _events(client, sub_type="Attack")["items"]
    assert len(attack) == 1 and attack[0]["reviewed"] is False
    assert attack[0]["review_status"] is None


def test_rejected_hidden_unless_asked_and_totals_agree(client: TestClient, db: Any) -> None:
    refs = db[1]
    shown = _events(client)
    everything = _events(client, include_rejected=True)
    assert everything["total"] == shown["total"] + 1 == 5
    assert refs["abduction"] not in {_key(i) for i in shown["items"]}
    rejected = [i for i in everything["items"] if _key(i) == refs["abduction"]]
    assert len(rejected) == 1 and rejected[0]["review_status"] == "rejected"
    assert _events(client, sub_type="Abduction/forced disappearance")["total"] == 0
    assert (
        _events(client, sub_type="Abduction/forced disappearance", include_rejected=True)["total"]
        == 1
    )
    # pages put together are the whole list, in the same order
    for params in ({}, {"include_rejected": True}):
        whole = _events(client, **params)["items"]
        paged = []
        for offset in range(0, len(whole) + 2, 2):
            r = client.get("/api/events", params={"limit": 2, "offset": offset, **params}).json()
            assert r["total"] == len(whole)
            paged += r["items"]
        assert paged == whole
        # the timeline counts the events the list shows
        hist = client.get("/api/events/histogram", params=params).json()
        dated = [i["event_date"] for i in whole if i["event_date"]]
        assert {h["date"]: h["n"] for h in hist} == {d: dated.count(d) for d in set(dated)}
        facets = client.get("/api/events/facets", params=params).json()
        subs = {(x["event_type"], x["value"]): x["n"] for x in facets["sub_types"]}
        want: dict[tuple[str, str], int] = {}
        for i in whole:
            k = (i["event_type"], i["sub_event_type"])
            want[k] = want.get(k, 0) + 1
        assert subs == want
        assert sum(x["n"] for x in facets["types"]) == len(whole)
        assert facets["last"] == max(dated)
    facets = client.get("/api/events/facets").json()
    assert ("Protests", "Peaceful protest") not in {
        (x["event_type"], x["value"]) for x in facets["sub_types"]
    }
    # the place page lists the events there as reviewed: the protest moved away
    assert client.get(f"/api/places/{NAIROBI}").json()["events"] == []
    nairobi = client.get("/api/places", params={"q": "Nairobi"}).json()["items"]
    assert nairobi and all(p["n_events"] == 0 for p in nairobi)


def test_cli_events_shows_the_reviewed_view(db: Any) -> None:
    path, refs = db
    runner = CliRunner()

    def run(*args: str) -> list[dict[str, Any]]:
        r = runner.invoke(cli, ["events", "--db", str(path), "--json", *args])
        assert r.exit_code == 0, r.output
        out: list[dict[str, Any]] = json.loads(r.stdout)
        return out

    found = run("--sub-type", "Violent demonstration")
    assert [_key(i) for i in found] == [refs["protest"]]
    assert found[0]["event_date"] == "2023-07-09" and found[0]["location"] == "Mombasa"
    assert found[0]["reviewed"] is True and found[0]["review_status"] == "corrected"
    assert run("--sub-type", "Peaceful protest") == []
    assert run("--place", "Mombasa") and not run("--place", "Nairobi")
    assert len(run()) == 4 and len(run("--include-rejected")) == 5
    table = runner.invoke(
        cli, ["events", "--db", str(path), "--include-rejected"], env={"COLUMNS": "250"}
    )
    assert table.exit_code == 0 and "[rejected]" in table.stdout
    assert "--include-rejected" in runner.invoke(cli, ["events", "--help"]).output


def test_exports_and_list_share_the_reports(client: TestClient, db: Any) -> None:
    """Per report, the export's records are the rows the API lists (one query serves both)."""
    path = db[0]
    items = _events(client, include_rejected=True)["items"]
    with Store.open(path, read_only=True) as store:
        recs = list(EX.records(store.con, Q.EventFilter(include_rejected=True), per_report=True))
    assert [(r["article_id"]) for r in recs] == [i["article_id"] for i in items]
    for r, i in zip(recs, items, strict=True):
        for name in ("event_type", "sub_event_type", "event_date", "location", "fatalities"):
            assert r[name] == i[name], name
        assert (r["reviewed"], r["review_status"]) == (i["reviewed"], i["review_status"])
    # merged: a filter on the corrected sub-type exports the reviewed event, the old one nothing
    geo = client.get(
        "/api/export", params={"format": "geojson", "sub_type": "Violent demonstration"}
    ).json()
    assert [f["properties"]["location"] for f in geo["features"]] == ["Mombasa"]
    old = client.get("/api/export", params={"format": "geojson", "sub_type": "Peaceful protest"})
    assert old.json()["features"] == []


def _snapshot(con: Any) -> tuple[Any, ...]:
    every = Q.EventFilter(include_rejected=True)
    return (
        Q.events(con, Q.EventFilter(), limit=100, offset=0),
        Q.events(con, every, limit=100, offset=0),
        Q.event_histogram(con, Q.EventFilter()),
        Q._event_facets(con, 100),
        Q.events(con, Q.EventFilter(sub_type="Violent demonstration"), limit=10, offset=0),
    )


def test_view_survives_a_full_recompute(db: Any) -> None:
    path, refs = db
    with Store.open(path) as store:
        before = _snapshot(store.con)
        assert before[4][0] == 1
        for t in ("merged_events", "merged_event_sources", "story_clusters", "control_changes"):
            store.con.execute(f"DROP TABLE {t}")
        store.con.execute("DELETE FROM review_reports")  # the view is rebuilt from the log
        assert (
            Q.events(store.con, Q.EventFilter(sub_type="Violent demonstration"), limit=9, offset=0)[
                0
            ]
            == 0
        )
        tables.rebuild(store)
        assert _snapshot(store.con) == before
        # a re-ingest of the same pages changes nothing either
        for a in sample_articles() + extra_articles():
            assert store.add(a) == "duplicate"
        tables.update(store, [a.id for a in sample_articles() + extra_articles()])
        assert _snapshot(store.con) == before


def test_cached_facets_follow_a_review(db: Any) -> None:
    path, refs = db
    with Store.open(path) as store:
        con = store.con
        first = Q.event_facets(con)  # cached for this state of the database
        assert "Attack" in {x["value"] for x in first["sub_types"]}
        review.act(con, "reject", _report(con, "Attack"), who="ana")
        after = Q.event_facets(con)
        assert "Attack" not in {x["value"] for x in after["sub_types"]}
        assert after == Q._event_facets(con, 100)
        review.act(con, "accept", _report(con, "Attack"), who="ana")
        assert Q.event_facets(con) == first
