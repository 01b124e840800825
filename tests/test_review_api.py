"""The review endpoints (issue 19 part 3): token and JSON body required on every write, every
action audited, the export using the corrections, read-only without a token."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dateline.api import create_app
from dateline.corpus import tables
from dateline.store import Store
from test_api import sample_articles
from test_export import extra_articles

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def build_review_db(path: Path) -> None:
    with Store.open(path) as store:
        for a in sample_articles() + extra_articles():
            assert store.add(a) == "stored"
        tables.rebuild(store)


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "review.duckdb"
    build_review_db(path)
    return path


@pytest.fixture()
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db, token=TOKEN), base_url="http://127.0.0.1") as c:
        yield c


def _ref(c: TestClient, sub_type: str) -> dict[str, Any]:
    items = c.get("/api/events", params={"sub_type": sub_type}).json()["items"]
    return {"article_id": items[0]["article_id"], "idx": items[0]["idx"]}


def test_write_endpoints_need_the_token_and_json(client: TestClient) -> None:
    ref = _ref(client, "Peaceful protest")
    for action, extra in [
        ("accept", {}),
        ("reject", {}),
        ("correct", {"fields": {"fatalities": 3}}),
        ("merge", {"others": [ref]}),
        ("split", {"others": [ref]}),
    ]:
        url = f"/api/review/{action}"
        body = {**ref, **extra}
        assert client.post(url, json=body).status_code == 401
        wrong = {"Authorization": "Bearer " + TOKEN[:-1] + "x"}
        assert client.post(url, json=body, headers=wrong).status_code == 401
        assert client.post(url, json=body, headers={"Cookie": f"token={TOKEN}"}).status_code == 401
        # a form post (what a cross-site page can send) is refused even with the token
        r = client.post(url, data={"article_id": ref["article_id"], "idx": "0"}, headers=AUTH)
        assert r.status_code == 415
        r = client.post(
            url, content=b"{}", headers={**AUTH, "Content-Type": "text/plain;charset=UTF-8"}
        )
        assert r.status_code == 415
    assert client.get("/api/review/log").json() == []


def test_actions_audited_and_exported(client: TestClient) -> None:
    protest = _ref(client, "Peaceful protest")
    attack = _ref(client, "Attack")
    abduction = _ref(client, "Abduction/forced disappearance")
    fields = {"sub_event_type": "Violent demonstration", "event_date": "2023-07-05"}
    fields |= {"fatalities": 2, "notes": "<script>window.pwned=1</script>"}
    r = client.post(
        "/api/review/correct",
        json={**protest, "fields": fields, "analyst": "ana", "reason": "police fired"},
        headers=AUTH,
    )
    assert r.status_code == 200, r.text
    ev = r.json()
    assert ev["reviewed"] and ev["status"] == "corrected"
    assert ev["event"]["event_type"] == "Riots" and ev["event"]["notes"] == fields["notes"]
    assert [h["field"] for h in ev["history"]] == list(fields)
    assert ev["history"][0]["before"] == "Peaceful protest" and ev["history"][0]["who"] == "ana"

    assert client.post("/api/review/accept", json=protest, headers=AUTH).json()["status"] == (
        "accepted"
    )
    assert client.post("/api/review/reject", json=abduction, headers=AUTH).status_code == 200
    merged = client.post(
        "/api/review/merge", json={**protest, "others": [attack]}, headers=AUTH
    ).json()
    assert merged["event"]["n_sources"] == 2
    split = client.post(
        "/api/review/split", json={**protest, "others": [attack]}, headers=AUTH
    ).json()
    assert split["event"]["n_sources"] == 1
    log = client.get("/api/review/log").json()
    assert [x["action"] for x in log][:4] == ["split", "merge", "reject", "accept"]
    assert len(log) == 8

    # bad input: 400 with a code, nothing recorded
    bad = client.post(
        "/api/review/correct", json={**protest, "fields": {"event_type": "Picnic"}}, headers=AUTH
    )
    assert bad.status_code == 400 and bad.json()["code"] == "DL101"
    missing = {"article_id": "0" * 64, "idx": 0}
    assert client.post("/api/review/accept", json=missing, headers=AUTH).status_code == 404
    assert len(client.get("/api/review/log").json()) == 8

    items = client.get("/api/events", params={"include_rejected": True}).json()["items"]
    status = {(i["article_id"], i["idx"]): i["review_status"] for i in items}
    assert status[(protest["article_id"], protest["idx"])] == "accepted"
    assert status[(abduction["article_id"], abduction["idx"])] == "rejected"
    assert sum(v is None for v in status.values()) == 2  # the two Tadmur reports
    shown = {(i["article_id"], i["idx"]) for i in client.get("/api/events").json()["items"]}
    assert shown == set(status) - {(abduction["article_id"], abduction["idx"])}
    csv_text = client.get("/api/export", params={"format": "acled-csv"}).text
    assert "Violent demonstration" in csv_text and "Abduction" not in csv_text
    geo = client.get("/api/export", params={"format": "geojson"}).json()
    props = [f["properties"] for f in geo["features"]]
    riot = next(p for p in props if p["sub_event_type"] == "Violent demonstration")
    assert riot["reviewed"] is True and riot["review_status"] == "accepted"
    assert riot["fatalities"] == 2 and riot["event_date"] == "2023-07-05"
    attack_rec = next(p for p in props if p["sub_event_type"] == "Attack")
    assert attack_rec["reviewed"] is True and attack_rec["review_status"] == "corrected"
    tadmur = next(p for p in props if p["location"] == "Tadmur")
    assert tadmur["reviewed"] is False and tadmur["review_status"] is None
    with_rej = client.get("/api/export", params={"format": "geojson", "include_rejected": True})
    assert len(with_rej.json()["features"]) == len(props) + 1


def test_read_only_without_a_token(db: Path) -> None:
    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        assert c.get("/api/health").json()["review"] is False
        ref = _ref(c, "Peaceful protest")
        view = c.get("/api/review/event", params=ref).json()
        assert view["reviewed"] is False and view["event"]["sub_event_type"] == "Peaceful protest"
        for action in ("accept", "reject", "correct", "merge", "split"):
            r = c.post(f"/api/review/{action}", json=ref, headers=AUTH)
            assert r.status_code in (404, 405)
        paths = c.get("/openapi.json").json()["paths"]
        assert "/api/review/event" in paths and "/api/review/accept" not in paths
