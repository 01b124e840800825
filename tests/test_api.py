"""The REST API over a database of hand-built articles (no model is loaded)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from dateline.api import create_app
from dateline.records import (
    Article,
    Entity,
    Event,
    Mention,
    Place,
    Plover,
    Quote,
    Sentence,
    Span,
    TimeExpr,
)
from dateline.store import ACLED_COLUMNS, Store

XSS_ACTOR = '<img src=x onerror="window.__pwned=1">Militia'
XSS_TEXT = (
    "<script>window.__pwned=2</script> Gunmen attacked the market in Gao on Monday. "
    f"{XSS_ACTOR} fighters said <b>nothing</b>."
)


def _at(text: str, sub: str, start: int = 0) -> Span:
    i = text.index(sub, start)
    return Span(start=i, end=i + len(sub))


def _article(
    key: str,
    text: str,
    *,
    headline: str,
    published: str,
    place: tuple[str, str, int, str, str, float, float],
    event: dict,
    trigger: str,
    actor_word: str,
    quote: tuple[str, str] | None = None,
    time_word: str | None = None,
) -> Article:
    a = Article.from_raw(f"raw {key}\n{text}", uri=f"mem://{key}.txt")
    a.headline = headline
    a.published = published
    a.published_date = published[:10]
    a.text = text
    a.sentences = [Sentence(start=0, end=len(text), paragraph=0)]
    word, name, gid, country, cc, lat, lon = place
    ps = _at(text, word)
    a.places = [
        Place(
            start=ps.start,
            end=ps.end,
            text=word,
            name=name,
            geonameid=gid,
            feature="city",
            country=country,
            country_code=cc,
            latitude=lat,
            longitude=lon,
            sentence=0,
        )
    ]
    ms = _at(text, actor_word)
    a.mentions = [
        Mention(start=ms.start, end=ms.end, text=actor_word, label="GROUP", sentence=0, entity=0)
    ]
    a.entities = [
        Entity(id=0, canonical=event["actor1"], label="GROUP", kind="armed_group", mentions=[0])
    ]
    if time_word:
        ts = _at(text, time_word)
        a.times = [
            TimeExpr(
                start=ts.start,
                end=ts.end,
                text=time_word,
                type="DATE",
                value=event["event_date"],
                precision="day",
                sentence=0,
            )
        ]
    if quote:
        content, speaker = quote
        a.quotes = [
            Quote(
                kind="direct",
                content=_at(text, content),
                content_text=content,
                speaker=_at(text, speaker),
                speaker_text=speaker,
                speaker_name=speaker,
                speaker_kind="person",
                sentence=0,
                sentences=[0],
            )
        ]
    a.events = [
        Event(
            event_id=f"{a.id}-1",
            year=int(event["event_date"][:4]),
            time_precision=1,
            latitude=lat,
            longitude=lon,
            location=name,
            country=country,
            evidence=Span(start=0, end=len(text)),
            evidence_text=text,
            trigger=_at(text, trigger),
            trigger_text=trigger,
            sentence=0,
            place=0,
            time_expr=0 if time_word else None,
            plover=Plover(category=event.pop("plover", "ASSAULT")),
            **event,
        )
    ]
    a.stages = ["hand-built"]
    return a


def sample_articles() -> list[Article]:
    t1 = (
        "Government forces retook the town of Tadmur on Sunday after heavy fighting, "
        '"We control the city," said General Ali Hassan.'
    )
    t2 = "Thousands of protesters marched in Nairobi on Tuesday against new taxes."
    return [
        _article(
            "battle",
            t1,
            headline="Army retakes desert town",
            published="2016-03-28T10:00",
            place=("Tadmur", "Tadmur", 163808, "Syria", "SY", 34.5624, 38.284),
            event={
                "event_date": "2016-03-27",
                "event_type": "Battles",
                "sub_event_type": "Government regains territory",
                "actor1": "Military Forces of Syria",
                "actor2": "Islamic State",
                "fatalities": 5,
                "plover": "ASSAULT",
                "date_confidence": 0.91,  # the field probabilities (the type's stays unset)
                "place_confidence": 0.97,
            },
            trigger="retook",
            actor_word="Government forces",
            quote=("We control the city,", "General Ali Hassan"),
            time_word="Sunday",
        ),
        _article(
            "protest",
            t2,
            headline="Protesters march against taxes",
            published="2023-07-06T09:00",
            place=("Nairobi", "Nairobi", 184745, "Kenya", "KE", -1.2833, 36.8167),
            event={
                "event_date": "2023-07-04",
                "event_type": "Protests",
                "sub_event_type": "Peaceful protest",
                "actor1": "Protesters (Kenya)",
                "plover": "PROTEST",
            },
            trigger="marched",
            actor_word="protesters",
            time_word="Tuesday",
        ),
        _article(
            "xss",
            XSS_TEXT,
            headline='<script>window.__pwned=3</script>Market attack <img src=x onerror="window.__pwned=4">',
            published="2020-01-14T08:00",
            place=("Gao", "Gao", 2457163, "Mali", "ML", 16.2717, -0.0447),
            event={
                "event_date": "2020-01-13",
                "event_type": "Violence against civilians",
                "sub_event_type": "Attack",
                "actor1": XSS_ACTOR,
                "actor2": "Civilians (Mali)",
                "fatalities": 2,
            },
            trigger="attacked",
            actor_word="Gunmen",
            time_word="Monday",
        ),
    ]


def build_db(path: Path) -> list[Article]:
    articles = sample_articles()
    with Store.open(path) as store:
        for a in articles:
            assert store.add(a) == "stored"
    return articles


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Article]]:
    path = tmp_path_factory.mktemp("api") / "api.duckdb"
    return path, build_db(path)


@pytest.fixture(scope="module")
def client(db: tuple[Path, list[Article]]):
    app = create_app(db[0])
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def test_health_and_openapi(client: TestClient) -> None:
    assert client.get("/api/health").json()["articles"] == 3
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/articles/{article_id}", "/api/places", "/api/quotes"):
        assert path in spec["paths"]
    assert "/api/ingest" not in spec["paths"]  # read-only without a token


def test_events_filters_and_pagination(client: TestClient) -> None:
    page = client.get("/api/events", params={"limit": 2}).json()
    assert page["total"] == 3 and len(page["items"]) == 2
    assert [e["event_date"] for e in page["items"]] == ["2016-03-27", "2020-01-13"]
    rest = client.get("/api/events", params={"limit": 2, "offset": 2}).json()["items"]
    assert [e["event_date"] for e in rest] == ["2023-07-04"]

    def dates(**params: object) -> list[str]:
        r = client.get("/api/events", params=params)
        assert r.status_code == 200, r.text
        return [e["event_date"] for e in r.json()["items"]]

    assert dates(type="protests") == ["2023-07-04"]
    assert dates(type="PROTEST") == ["2023-07-04"]  # PLOVER category
    assert dates(sub_type="Attack") == ["2020-01-13"]
    assert dates(actor="islamic state") == ["2016-03-27"]
    assert dates(place="kenya") == ["2023-07-04"]
    assert dates(geonameid=163808) == ["2016-03-27"]
    assert dates(bbox="30,30,40,40") == ["2016-03-27"]
    assert dates(bbox="-10,-5,40,20") == ["2020-01-13", "2023-07-04"]
    assert dates(bbox="170,-90,-0.01,90") == ["2020-01-13"]  # crosses 180°
    assert dates(since="2017-01-01", until="2021-01-01") == ["2020-01-13"]
    assert dates(actor="'; DROP TABLE events; --") == []
    assert client.get("/api/events").json()["total"] == 3
    ev = client.get("/api/events", params={"type": "Battles"}).json()["items"][0]
    assert ev["trigger_text"] == "retook" and ev["place_geonameid"] == 163808
    assert ev["article_headline"] == "Army retakes desert town"


@pytest.mark.parametrize(
    "params",
    [
        {"since": "2016-13-01"},
        {"bbox": "1,2,3"},
        {"bbox": "a,b,c,d"},
        {"bbox": "0,80,10,95"},
        {"limit": -1},
        {"limit": 100000},
        {"offset": -1},
        {"actor": "x" * 201},
    ],
)
def test_bad_parameters_are_client_errors(client: TestClient, params: dict) -> None:
    r = client.get("/api/events", params=params)
    assert r.status_code in (400, 422), r.text


def test_histogram_and_facets(client: TestClient) -> None:
    hist = client.get("/api/events/histogram").json()
    assert [(d["date"], d["n"]) for d in hist] == [
        ("2016-03-27", 1),
        ("2020-01-13", 1),
        ("2023-07-04", 1),
    ]
    assert len(client.get("/api/events/histogram", params={"type": "Battles"}).json()) == 1
    facets = client.get("/api/events/facets").json()
    assert {t["value"] for t in facets["types"]} == {
        "Battles",
        "Protests",
        "Violence against civilians",
    }
    assert XSS_ACTOR in {a["value"] for a in facets["actors"]}
    assert facets["first"] == "2016-03-27" and facets["last"] == "2023-07-04"


def test_articles_search_and_one(client: TestClient, db: tuple[Path, list[Article]]) -> None:
    page = client.get("/api/articles", params={"q": "NAIROBI"}).json()
    assert page["total"] == 1 and page["items"][0]["headline"] == "Protesters march against taxes"
    assert page["items"][0]["n_events"] == 1
    assert client.get("/api/articles").json()["total"] == 3
    battle = db[1][0]
    one = client.get(f"/api/articles/{battle.id}").json()
    assert one["text"] == battle.text and "raw" not in one
    e = one["events"][0]
    assert one["text"][e["trigger"]["start"] : e["trigger"]["end"]] == "retook"
    assert client.get(f"/api/articles/{battle.id}", params={"raw": True}).json()["raw"]
    assert client.get(f"/api/articles/{battle.id[:6]}").json()["id"] == battle.id
    r = client.get("/api/articles/ffffffffffffffff")
    assert r.status_code == 404 and r.json()["code"] == "DL301"


def test_places_and_place_page(client: TestClient) -> None:
    page = client.get("/api/places").json()
    assert page["total"] == 3
    assert client.get("/api/places", params={"country": "KE"}).json()["items"][0]["name"] == (
        "Nairobi"
    )
    p = client.get("/api/places/163808").json()
    assert p["name"] == "Tadmur" and p["n_mentions"] == 1
    assert [e["event_type"] for e in p["events"]] == ["Battles"]
    assert p["control"] == [] and p["control_available"] is False
    assert client.get("/api/places/1").status_code == 404


def test_quotes_by_speaker(client: TestClient) -> None:
    page = client.get("/api/quotes", params={"speaker": "hassan"}).json()
    assert page["total"] == 1 and page["items"][0]["content_text"] == "We control the city,"
    assert client.get("/api/quotes", params={"speaker": "nobody"}).json()["total"] == 0
    assert client.get("/api/speakers").json()[0]["speaker"] == "General Ali Hassan"


def test_absent_corpus_tables_give_empty_lists(client: TestClient) -> None:
    for path in ("/api/control", "/api/clusters"):
        body = client.get(path).json()
        assert body["available"] is False and body["items"] == [] and body["total"] == 0


def test_corpus_tables_are_read_when_present(tmp_path: Path) -> None:
    path = tmp_path / "c.duckdb"
    build_db(path)
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE control_timeline (geonameid BIGINT, place VARCHAR, actor VARCHAR,"
        " start_date VARCHAR, end_date VARCHAR)"
    )
    con.execute(
        "INSERT INTO control_timeline VALUES (163808, 'Tadmur', 'Islamic State', '2015-05-21',"
        " '2016-03-27'), (163808, 'Tadmur', 'Military Forces of Syria', '2016-03-27', NULL)"
    )
    con.close()
    with TestClient(create_app(path), base_url="http://127.0.0.1") as c:
        body = c.get("/api/control", params={"place": "tadmur"}).json()
        assert body["available"] and body["total"] == 2
        assert [r["actor"] for r in body["items"]] == ["Islamic State", "Military Forces of Syria"]
        assert len(c.get("/api/places/163808").json()["control"]) == 2
        assert c.get("/api/clusters").json()["available"] is False


def test_exports(client: TestClient, db: tuple[Path, list[Article]]) -> None:
    r = client.get("/api/export", params={"format": "acled-csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "dateline-events.csv" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 3 and rows[0]["latitude"] == "34.5624"
    assert list(rows[0])[:31] == list(ACLED_COLUMNS)
    assert {r["country"]: (r["iso"], r["region"]) for r in rows} == {
        "Syria": ("760", "Middle East"),
        "Kenya": ("404", "Eastern Africa"),
        "Mali": ("466", "Western Africa"),
    }
    geo = client.get("/api/export", params={"format": "geojson", "type": "Protests"})
    assert geo.headers["content-type"].startswith("application/geo+json")
    doc = geo.json()
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 1
    assert doc["features"][0]["geometry"]["coordinates"] == [36.8167, -1.2833]
    assert doc["dateline"]["without_geometry"] == 0
    box = client.get("/api/export", params={"format": "geojson", "bbox": "-5,10,5,20"}).json()
    assert [f["properties"]["location"] for f in box["features"]] == ["Gao"]
    none = client.get("/api/export", params={"format": "geojson", "min_confidence": 0.1}).json()
    assert none["features"] == []  # no stored event has a confidence
    lines = client.get("/api/export", params={"format": "jsonl"}).text.strip().splitlines()
    assert {json.loads(x)["id"] for x in lines} == {a.id for a in db[1]}
    one = client.get("/api/export", params={"format": "jsonl", "place": "nairobi"}).text
    assert [json.loads(x)["headline"] for x in one.splitlines()] == [
        "Protesters march against taxes"
    ]
    pq = client.get("/api/export", params={"format": "parquet", "since": "2017-01-01"})
    assert pq.status_code == 200 and pq.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(pq.content)) as z:
        assert {"events.parquet", "articles.parquet", "quotes.parquet"} <= set(z.namelist())
        out = db[0].parent / "events.parquet"
        out.write_bytes(z.read("events.parquet"))
    con = duckdb.connect()
    got = con.execute("SELECT event_date FROM read_parquet(?)", [str(out)]).fetchall()
    assert sorted(x[0].isoformat() for x in got) == ["2020-01-13", "2023-07-04"]
    assert client.get("/api/export", params={"format": "xml"}).status_code == 422
    assert client.get("/api/export").status_code == 422
    bad = client.get("/api/export", params={"format": "geojson", "min_confidence": 2})
    assert bad.status_code == 422
    assert client.get("/api/export", params={"format": "csv", "since": "x"}).status_code in (
        400,
        422,
    )


def test_page_and_security_headers(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and "<title>dateline</title>" in r.text
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    for asset in ("app.js", "app.css", "leaflet.js", "countries.geojson"):
        assert client.get(f"/static/{asset}").status_code == 200, asset
    # no request for anything outside this server
    assert "http://" not in r.text and "https://" not in r.text


def test_foreign_host_header_refused(db: tuple[Path, list[Article]]) -> None:
    with TestClient(create_app(db[0]), base_url="http://evil.example") as c:
        assert c.get("/api/health").status_code == 400


def test_ingest_needs_a_token(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    build_db(path)
    seen: list[str] = []

    def fake_pipeline(a: Article) -> Article:
        seen.append(a.id)
        a.text = a.raw.content if a.raw else ""
        a.stages = ["fake"]
        return a

    with TestClient(create_app(path), base_url="http://127.0.0.1") as c:
        assert c.post("/api/ingest", json={"documents": [{"content": "x"}]}).status_code in (
            404,
            405,
        )
    app = create_app(path, token="s3cret", pipeline_for=lambda a: fake_pipeline, max_body=10_000)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        body = {"documents": [{"content": "A new page.\n\nIt has text.", "uri": "mem://new"}]}
        assert c.post("/api/ingest", json=body).status_code == 401
        bad = {"Authorization": "Bearer wrong"}
        assert c.post("/api/ingest", json=body, headers=bad).status_code == 401
        ok = {"Authorization": "Bearer s3cret"}
        r = c.post("/api/ingest", json=body, headers=ok)
        assert r.status_code == 200, r.text
        assert r.json()["results"][0]["outcome"] == "stored" and len(seen) == 1
        again = c.post("/api/ingest", json=body, headers=ok).json()
        assert again["results"][0]["outcome"] == "duplicate" and len(seen) == 1
        assert c.get("/api/health").json()["articles"] == 4
        big = {"documents": [{"content": "y" * 20_000}]}
        assert c.post("/api/ingest", json=big, headers=ok).status_code == 413
        assert c.post("/api/ingest", json={"documents": []}, headers=ok).status_code == 422


def test_missing_database_is_an_error(tmp_path: Path) -> None:
    from dateline.errors import StoreError

    with pytest.raises(StoreError):
        create_app(tmp_path / "absent.duckdb")
