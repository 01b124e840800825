"""Exports analysts load directly (issue 19, part 1): GeoJSON, Parquet, ACLED CSV and JSONL.

The database holds the hand-built articles of the API tests plus a second report of the
Tadmur battle (merged with the first by the corpus tables), and an agency (AP) report of an
event the gazetteer could not place (no coordinates). No GIS reader (pyogrio, fiona, shapely,
geojson) is installed in the project's environment: the GeoJSON is checked against RFC 7946's
rules with json; Parquet is read back with DuckDB (and pandas where it is installed).
"""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from dateline.cli.main import app
from dateline.corpus import tables
from dateline.records import Article
from dateline.store import ACLED_COLUMNS, Store
from dateline.store import export as EX
from dateline.store import queries as Q
from test_api import _article, sample_articles

runner = CliRunner()

ACLED_REGIONS = {
    "Western Africa",
    "Middle Africa",
    "Eastern Africa",
    "Southern Africa",
    "Northern Africa",
    "South Asia",
    "Southeast Asia",
    "East Asia",
    "Central Asia",
    "Caucasus and Central Asia",
    "Middle East",
    "Europe",
    "North America",
    "Central America",
    "South America",
    "Caribbean",
    "Oceania",
}


def extra_articles() -> list[Article]:
    t = "Syrian troops recaptured Tadmur on Sunday from Islamic State fighters, a monitor said."
    second = _article(
        "battle-2",
        t,
        headline="Syrian troops recapture Tadmur",
        published="2016-03-28T12:00",
        place=("Tadmur", "Tadmur", 163808, "Syria", "SY", 34.5624, 38.284),
        event={
            "event_date": "2016-03-27",
            "event_type": "Battles",
            "sub_event_type": "Government regains territory",
            "actor1": "Military Forces of Syria",
            "actor2": "Islamic State",
            "fatalities": 7,
            "plover": "ASSAULT",
        },
        trigger="recaptured",
        actor_word="Syrian troops",
        time_word="Sunday",
    )
    second.source = "https://www.example-news.com/2016/03/tadmur"
    second.site = "Example News"
    t2 = "KABUL (AP) — Gunmen abducted two aid workers in Wardak on Friday, officials said."
    agency = _article(
        "ap",
        t2,
        headline="Aid workers abducted",
        published="2021-05-08T06:00",
        place=("Wardak", "Wardak", 1120000, "Afghanistan", "AF", 34.25, 68.0),
        event={
            "event_date": "2021-05-07",
            "event_type": "Violence against civilians",
            "sub_event_type": "Abduction/forced disappearance",
            "actor1": "Unidentified Armed Group (Afghanistan)",
            "actor2": "Civilians (Afghanistan)",
            "plover": "ASSAULT",
        },
        trigger="abducted",
        actor_word="Gunmen",
        time_word="Friday",
    )
    agency.source = "https://apnews.com/article/afghanistan-abc"
    agency.dateline = "KABUL (AP)"
    ev = agency.events[0]
    ev.latitude = ev.longitude = None  # not placed on the map
    ev.iso = None  # the region comes from the country's name
    return [second, agency]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, int]:
    path = tmp_path_factory.mktemp("export") / "export.duckdb"
    arts = sample_articles() + extra_articles()
    arts[1].events[0].confidence = 0.9  # the Nairobi protest
    arts[1].site = "Daily Nation"
    arts[1].source = "https://nation.africa/kenya/news/protest"
    before = int(time.time())
    with Store.open(path) as store:
        for a in arts:
            assert store.add(a) == "stored"
        counts = tables.rebuild(store)
    assert counts["merged_events"] == 4 and counts["events"] == 5
    return path, before, int(time.time()) + 1


def _export(db: Path, *args: str) -> tuple[str, str]:
    result = runner.invoke(app, ["export", "--db", str(db), *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout, result.stderr


def _by_location(features: list[dict]) -> dict[str, dict]:
    return {f["properties"]["location"]: f for f in features}


def test_country_table() -> None:
    by_num, by_name = EX.countries()
    assert len(by_num) > 240
    assert {c.region for c in by_num.values()} - {""} <= ACLED_REGIONS
    assert EX.country_of(760, None).region == "Middle East"  # Syria
    assert EX.country_of(None, "Kenya").numeric == 404
    assert EX.country_of(None, "Kenya").region == "Eastern Africa"
    assert EX.country_of(None, "mli").region == "Western Africa"
    assert EX.country_of(None, "Afghanistan").region == "South Asia"
    assert EX.country_of(None, "Mexico").region == "Central America"
    assert EX.country_of(None, "Kazakhstan").region == "Caucasus and Central Asia"
    assert EX.country_of(999, "Atlantis") is None


def test_geojson_follows_rfc7946(db: tuple[Path, int, int]) -> None:
    out, err = _export(db[0], "--format", "geojson")
    doc = json.loads(out)
    assert doc["type"] == "FeatureCollection" and "crs" not in doc  # RFC 7946 §4: no crs
    feats = doc["features"]
    assert len(feats) == 4  # 5 reports, the two of Tadmur merged
    for f in feats:
        assert f["type"] == "Feature" and isinstance(f["properties"], dict)
        assert isinstance(f["id"], str) and f["id"]
        g = f["geometry"]
        if g is None:
            continue
        assert g["type"] == "Point" and len(g["coordinates"]) == 2
        lon, lat = g["coordinates"]
        assert all(isinstance(x, float) for x in (lon, lat))
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert (lon, lat) == (f["properties"]["longitude"], f["properties"]["latitude"])
    by = _by_location(feats)
    # longitude first (RFC 7946 §3.1.1): Nairobi is at 36.8°E, 1.3°S
    assert by["Nairobi"]["geometry"]["coordinates"] == [36.8167, -1.2833]
    assert by["Gao"]["geometry"]["coordinates"] == [-0.0447, 16.2717]
    # the unplaced event is kept with a null geometry, and counted
    assert by["Wardak"]["geometry"] is None
    assert doc["dateline"] == {
        "unit": "merged event",
        "features": 4,
        "without_geometry": 1,
        "reports": 5,
    }
    assert "1 without coordinates" in err
    tadmur = by["Tadmur"]["properties"]
    assert tadmur["n_sources"] == 2 and tadmur["merged_id"] == by["Tadmur"]["id"]
    assert tadmur["fatalities"] == 5  # 5 and 7 reported 2 h apart: the lowest (merge rule)
    assert tadmur["source_urls"] == [
        "mem://battle.txt",
        "https://www.example-news.com/2016/03/tadmur",
    ]
    assert tadmur["source"] == "Example News"
    assert tadmur["region"] == "Middle East" and tadmur["iso"] == 760
    assert tadmur["plover_category"] == "ASSAULT" and tadmur["time_precision"] == 1
    assert tadmur["evidence_text"].startswith(("Government forces retook", "Syrian troops"))
    assert by["Nairobi"]["properties"]["confidence"] == 0.9
    assert by["Nairobi"]["properties"]["region"] == "Eastern Africa"
    assert list(by["Gao"]["properties"])[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)


def test_geojson_filters(db: tuple[Path, int, int]) -> None:
    def locations(*args: str) -> list[str]:
        out, _ = _export(db[0], "--format", "geojson", *args)
        return sorted(f["properties"]["location"] for f in json.loads(out)["features"])

    assert locations("--type", "Protests") == ["Nairobi"]
    assert locations("--min-confidence", "0.5") == ["Nairobi"]
    assert locations("--bbox", "30,-5,40,40") == ["Nairobi", "Tadmur"]
    assert locations("--since", "2019-01-01", "--until", "2021-01-01") == ["Gao"]
    assert locations("--place", "afghan") == ["Wardak"]
    assert locations("--actor", "Islamic State", "--sub-type", "Government regains territory") == [
        "Tadmur"
    ]
    # a filter matching one report of a merged event exports the merged event
    out, _ = _export(db[0], "--format", "geojson", "--actor", "Syrian troops")
    assert json.loads(out)["features"] == []
    out, _ = _export(db[0], "--format", "geojson", "--since", "2016-03-27", "--until", "2016-03-27")
    (f,) = json.loads(out)["features"]
    assert f["properties"]["n_sources"] == 2


def test_acled_csv(db: tuple[Path, int, int], tmp_path: Path) -> None:
    path = tmp_path / "acled.csv"
    _export(db[0], "--format", "acled-csv", "-o", str(path))
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert len(rows) == 4
    assert list(rows[0])[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    by = {r["location"]: r for r in rows}
    assert by["Tadmur"]["region"] == "Middle East" and by["Tadmur"]["iso"] == "760"
    assert by["Gao"]["region"] == "Western Africa" and by["Gao"]["iso"] == "466"
    assert by["Wardak"]["iso"] == "4" and by["Wardak"]["region"] == "South Asia"
    assert by["Wardak"]["latitude"] == "" and by["Wardak"]["source"] == "apnews.com"
    assert by["Wardak"]["source_scale"] == "International"  # agency copy
    assert by["Nairobi"]["source"] == "Daily Nation" and by["Nairobi"]["source_scale"] == ""
    assert by["Tadmur"]["source"] == "Example News" and by["Tadmur"]["n_sources"] == "2"
    assert by["Tadmur"]["latitude"] == "34.5624" and by["Tadmur"]["longitude"] == "38.2840"
    assert by["Tadmur"]["event_id_cnty"] == by["Tadmur"]["merged_id"]
    for r in rows:
        assert db[1] <= int(r["timestamp"]) <= db[2]  # when the record's articles were stored


def test_per_report_rows_are_those_of_dateline_events(db: tuple[Path, int, int]) -> None:
    events = runner.invoke(app, ["events", "--db", str(db[0]), "--json", "--limit", "100"])
    assert events.exit_code == 0, events.stderr
    listed = json.loads(events.stdout)
    out, _ = _export(db[0], "--format", "acled-csv", "--per-report")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == len(listed) == 5
    assert [r["event_id_cnty"] for r in rows] == [e["event_id"] for e in listed]
    assert [r["event_date"] for r in rows] == [e["event_date"] or "" for e in listed]
    assert [r["fatalities"] for r in rows] == [str(e["fatalities"]) for e in listed]
    out, _ = _export(db[0], "--format", "geojson", "--per-report", "--type", "Battles")
    feats = json.loads(out)["features"]
    assert sorted(f["properties"]["fatalities"] for f in feats) == [5, 7]
    assert all(f["properties"]["n_sources"] == 1 for f in feats)


def test_jsonl_articles_of_the_filter(db: tuple[Path, int, int]) -> None:
    out, _ = _export(db[0], "--format", "jsonl")
    assert len(out.splitlines()) == 5
    out, _ = _export(db[0], "--format", "jsonl", "--type", "Battles")
    heads = sorted(json.loads(x)["headline"] for x in out.splitlines())
    assert heads == ["Army retakes desert town", "Syrian troops recapture Tadmur"]


def test_parquet_tables(db: tuple[Path, int, int], tmp_path: Path) -> None:
    out = tmp_path / "pq"
    _, err = _export(db[0], "--format", "parquet", "-o", str(out))
    names = sorted(p.name for p in out.glob("*.parquet"))
    no_reviews = [t for t in EX.PARQUET_TABLES if not t.startswith("review_")]  # none made here
    assert names == sorted(f"{t}.parquet" for t in no_reviews)
    con = duckdb.connect()

    def read(table: str) -> tuple[list[dict], dict[str, str]]:
        cur = con.execute("SELECT * FROM read_parquet(?)", [str(out / f"{table}.parquet")])
        cols = [d[0] for d in cur.description]
        got = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
        types = {
            r[0]: r[1]
            for r in con.execute(
                "DESCRIBE SELECT * FROM read_parquet(?)", [str(out / f"{table}.parquet")]
            ).fetchall()
        }
        return got, types

    events, types = read("events")
    assert len(events) == 5 and types["event_date"] == "DATE"
    assert types["latitude"] == "DOUBLE" and types["fatalities"] == "INTEGER"
    assert types["plover_context"] == "VARCHAR[]" and "place_key" not in types
    with Store.open(db[0], read_only=True) as s:
        listed = s.events()
    assert sorted(str(e["event_date"]) for e in events) == sorted(e["event_date"] for e in listed)
    articles, atypes = read("articles")
    assert len(articles) == 5 and atypes["published_date"] == "DATE"
    assert "article_json" not in atypes and atypes["byline"] == "VARCHAR[]"
    sources, stypes = read("event_sources")
    assert len(sources) == 5 and stypes["event_date"] == "DATE"
    merged, _ = read("merged_events")
    assert len(merged) == 4
    quotes, qtypes = read("quotes")
    assert len(quotes) == 1 and qtypes["sentences"] == "INTEGER[]"
    places, _ = read("places")
    assert len(places) == 5
    changes, ctypes = read("control_changes")
    assert ctypes["merged_ids"] == "VARCHAR[]"
    assert "events 5" in err

    sub = tmp_path / "pq-protests"
    _export(db[0], "--format", "parquet", "-o", str(sub), "--type", "Protests")
    n = {
        p.stem: con.execute("SELECT count(*) FROM read_parquet(?)", [str(p)]).fetchone()[0]
        for p in sub.glob("*.parquet")
    }
    assert n == {
        "events": 1,
        "articles": 1,
        "quotes": 0,
        "places": 1,
        "merged_events": 1,
        "event_sources": 1,
        "control_changes": 0,
    }


def test_parquet_read_by_pandas(db: tuple[Path, int, int], tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    with Store.open(db[0], read_only=True) as s:
        EX.write_parquet(s.con, Q.EventFilter(), tmp_path)
    df = pd.read_parquet(tmp_path / "events.parquet")
    assert len(df) == 5 and str(df["latitude"].dtype) == "float64"


def test_parquet_needs_an_output_directory(db: tuple[Path, int, int]) -> None:
    result = runner.invoke(app, ["export", "--db", str(db[0]), "--format", "parquet"])
    assert result.exit_code != 0 and "DL101" in result.stderr


def test_records_stream_in_batches(db: tuple[Path, int, int]) -> None:
    with Store.open(db[0], read_only=True) as s:
        counts = EX.Counts()
        recs = list(EX.records(s.con, Q.EventFilter(), batch=2, counts=counts))
        assert counts.reports == 5 and counts.records == len(recs) == 4
        assert len({r["merged_id"] for r in recs}) == 4
        batches = list(Q.iter_events(s.con, Q.EventFilter(), batch=2))
        assert [len(b) for b in batches] == [2, 2, 1]
        assert [r["event_id"] for b in batches for r in b] == [e["event_id"] for e in s.events()]
