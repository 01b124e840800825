"""DuckDB store: round trip, idempotence, rejections, filters and exports (hand-built Articles)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pytest

from dateline.errors import InputError, NotFound, StoreError
from dateline.pages.readers import Rejected, read_paths
from dateline.records import (
    Article,
    Entity,
    Event,
    Mention,
    Paragraph,
    Place,
    Plover,
    Quote,
    Rejection,
    Role,
    Section,
    Sentence,
    Span,
    TimeExpr,
)
from dateline.store import ACLED_COLUMNS, EXTRA_COLUMNS, Store, ingest
from dateline.store.schema import COLUMNS, EVENT_SEARCH_COLUMNS

TEXT = (
    "Rebels seized the town of Idlib on Sunday, the army said.\n\n"
    '"We will take it back," said General Ali Hassan, a military spokesman.'
)


def _span(text: str, sub: str) -> tuple[int, int]:
    start = text.index(sub)
    return start, start + len(sub)


def make_article(
    raw: str = "raw page one", *, location: str = "Idlib", date: str = "2016-12-11"
) -> Article:
    a = Article.from_raw(raw, uri=f"pages/{location.lower()}.txt")
    t = TEXT.replace("Idlib", location)
    a.text = t
    a.headline = f"Rebels seize {location}"
    a.published = "2016-12-12T00:15:00"
    a.published_date = "2016-12-12"
    a.timezone = "America/Jamaica"
    body_end = len(t)
    a.sections = [Section(start=0, end=body_end, kind="body")]
    p2 = t.index('"We')
    a.paragraphs = [Paragraph(start=0, end=p2 - 2), Paragraph(start=p2, end=body_end)]
    a.sentences = [
        Sentence(start=0, end=p2 - 2, paragraph=0),
        Sentence(start=p2, end=body_end, paragraph=1),
    ]
    s, e = _span(t, "Ali Hassan")
    a.mentions = [Mention(start=s, end=e, text="Ali Hassan", label="PERSON", sentence=1, entity=0)]
    a.entities = [
        Entity(
            id=0,
            canonical="Ali Hassan",
            label="PERSON",
            kind="person",
            aliases=["Hassan"],
            roles=[Role(title="military spokesman", source="apposition")],
            mentions=[0],
        )
    ]
    cs, ce = _span(t, '"We will take it back,"')
    qs, qe = _span(t, "said")
    q2 = t.index("said", p2)
    a.quotes = [
        Quote(
            kind="direct",
            content=Span(start=cs, end=ce),
            content_text=t[cs:ce],
            cue=Span(start=q2, end=q2 + 4),
            cue_text="said",
            speaker=Span(start=s, end=e),
            speaker_text="Ali Hassan",
            speaker_entity=0,
            speaker_name="Ali Hassan",
            speaker_kind="person",
            speaker_title="General",
            sentence=1,
            sentences=[1],
        )
    ]
    ts, te = _span(t, "Sunday")
    a.times = [
        TimeExpr(
            start=ts, end=te, text="Sunday", type="DATE", value=date, precision="day", sentence=0
        )
    ]
    ps, pe = _span(t, location)
    a.places = [
        Place(
            start=ps,
            end=pe,
            text=location,
            name=location,
            geonameid=170063,
            feature="city",
            country="Syria",
            country_code="SY",
            iso_numeric=760,
            admin1="Idlib Governorate",
            latitude=35.930359,
            longitude=36.63393,
            population=128840,
            score=0.9,
            sentence=0,
        )
    ]
    es, ee = a.sentences[0].start, a.sentences[0].end
    a.events = [
        Event(
            event_id="SYR1",
            event_date=date,
            year=int(date[:4]),
            time_precision=1,
            disorder_type="Political violence",
            event_type="Battles",
            sub_event_type="Non-state actor overtakes territory",
            actor1="Rebels",
            inter1=2,
            actor2="Military Forces of Syria",
            inter2=1,
            interaction=12,
            iso=760,
            region="Middle East",
            country="Syria",
            admin1="Idlib Governorate",
            location=location,
            latitude=35.930359,
            longitude=36.63393,
            geo_precision=1,
            source="AP",
            fatalities=3,
            notes=f"Rebels seized {location}.",
            plover=Plover(category="ASSAULT", mode="heavy-weapons", size=None, dead=3),
            claimed_by="the army",
            trigger=Span(start=t.index("seized"), end=t.index("seized") + 6),
            trigger_text="seized",
            evidence=Span(start=es, end=ee),
            evidence_text=t[es:ee],
            sentence=0,
            time_expr=0,
            place=0,
            confidence=0.8,
        )
    ]
    a.stages = ["hand"]
    return a


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "t.duckdb")
    yield s
    s.close()


def test_round_trip_keeps_every_record(store: Store) -> None:
    a = make_article()
    assert store.add(a) == "stored"
    back = store.get_article(a.id)
    assert back.to_json_dict() == a.to_json_dict()
    assert back.quotes[0].speaker_name == "Ali Hassan"
    assert back.text[back.events[0].evidence.start : back.events[0].evidence.end] == (
        a.events[0].evidence_text
    )
    st = store.stats()
    for table in ("articles", "entities", "mentions", "quotes", "times", "places", "events"):
        assert st[table] == 1, table
    row = store.con.execute(
        "SELECT headline, published_date, timezone FROM articles WHERE id = ?", [a.id]
    ).fetchone()
    assert row is not None
    assert (
        row[0] == "Rebels seize Idlib"
        and str(row[1]) == "2016-12-12"
        and row[2] == "America/Jamaica"
    )
    q = store.con.execute("SELECT speaker_name, cue_text FROM quotes").fetchone()
    assert q == ("Ali Hassan", "said")


def test_prefix_lookup_and_not_found(store: Store) -> None:
    a = make_article()
    store.add(a)
    assert store.get_article(a.id[:6]).id == a.id
    with pytest.raises(NotFound) as e:
        store.get_article("ffffffffffffffff")
    assert e.value.code == "DL301"


def test_reingest_changes_nothing(store: Store) -> None:
    a = make_article()
    assert store.add(a) == "stored"
    before = store.stats()
    assert store.add(make_article()) == "duplicate"
    assert store.stats() == before


def test_failed_write_leaves_no_rows(store: Store) -> None:
    a = make_article()
    # the events rows are written last: make them violate a constraint
    cols = ", ".join(f"{n} {t}" for n, t in COLUMNS["events"] + EVENT_SEARCH_COLUMNS)
    store.con.execute("DROP TABLE events")
    store.con.execute(f"CREATE TABLE events ({cols}, CHECK (idx < 0))")
    with pytest.raises(StoreError, match="CHECK constraint") as e:
        store.add(a)
    assert e.value.code == "DL300"
    for table in ("articles", "quotes", "places", "times", "entities", "mentions", "events"):
        assert store.con.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
    assert not store.has(a.id)


def test_every_event_field_has_a_column() -> None:
    cols = {n for n, _ in COLUMNS["events"]}
    for name in Event.model_fields:
        if name in {"plover", "trigger", "evidence"}:
            continue
        assert name in cols, name
    for extra in ("plover_category", "plover_mode", "plover_size", "claimed_by", "evidence_start"):
        assert extra in cols


def test_rejection_stored_once(store: Store) -> None:
    rej = Rejection(code="DL111", reason="story too short", stage="dateline.textpage.v1")
    assert store.add_rejection("a.txt", rej, content_hash="abc") == "rejected"
    assert store.add_rejection("a.txt", rej, content_hash="abc") == "rejected"
    store.add_rejection("b.txt", Rejection(code="DL101", reason="bad bytes", stage="read"))
    store.add_rejection("b.txt", Rejection(code="DL101", reason="bad bytes", stage="read"))
    rows = store.rejections()
    assert [(r["uri"], r["code"]) for r in rows] == [("a.txt", "DL111"), ("b.txt", "DL101")]
    assert store.stats()["rejections_by_code"] == {"DL101": 1, "DL111": 1}


def test_rejected_article_then_fixed(store: Store) -> None:
    a = make_article()
    a.rejection = Rejection(code="DL110", reason="no story", stage="dateline.textpage.v1")
    assert store.add(a) == "rejected"
    assert store.add(a) == "rejected"
    assert len(store.rejections()) == 1
    assert store.stats()["articles"] == 0
    b = make_article()  # same content, analysed successfully later
    assert store.add(b) == "stored"
    assert store.rejections() == []


def test_event_filters(store: Store) -> None:
    store.add(make_article("one", location="Idlib", date="2016-12-11"))
    store.add(make_article("two", location="Aleppo", date="2016-12-20"))
    assert len(store.events()) == 2
    assert [e["location"] for e in store.events(place="aleppo")] == ["Aleppo"]
    assert len(store.events(place="syria")) == 2
    assert len(store.events(actor="military forces")) == 2
    assert store.events(actor="police") == []
    assert len(store.events(type="battles")) == 2
    assert len(store.events(type="ASSAULT")) == 2
    assert store.events(type="Protests") == []
    assert [e["location"] for e in store.events(since="2016-12-12")] == ["Aleppo"]
    assert [e["location"] for e in store.events(until="2016-12-11")] == ["Idlib"]
    assert [e["location"] for e in store.events(limit=1, offset=1)] == ["Aleppo"]
    assert store.events(place="x' OR '1'='1") == []  # values are parameters, never SQL
    with pytest.raises(InputError):
        store.events(since="last week")


def test_export_jsonl(store: Store) -> None:
    a = make_article()
    store.add(a)
    fh = io.StringIO()
    assert store.export_jsonl(fh) == 1
    lines = fh.getvalue().splitlines()
    assert len(lines) == 1
    assert Article.model_validate(json.loads(lines[0])).id == a.id


def test_export_acled_csv(store: Store) -> None:
    store.add(make_article())
    fh = io.StringIO()
    assert store.export_acled_csv(fh) == 1
    rows = list(csv.reader(io.StringIO(fh.getvalue())))
    header = rows[0]
    assert header[:31] == list(ACLED_COLUMNS)
    assert header[:5] == ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type"]
    assert header[-len(EXTRA_COLUMNS) :] == list(EXTRA_COLUMNS)
    rec = dict(zip(header, rows[1], strict=True))
    assert rec["latitude"] == "35.9304" and rec["longitude"] == "36.6339"
    assert rec["event_id_cnty"] == "SYR1" and rec["fatalities"] == "3"
    assert rec["admin2"] == "" and rec["plover_category"] == "ASSAULT"
    assert int(rec["timestamp"]) > 1_600_000_000


def test_open_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        Store.open(tmp_path / "missing" / "x.duckdb")
    with pytest.raises(StoreError):
        Store.open(tmp_path)
    bad = tmp_path / "bad.duckdb"
    bad.write_text("not a database" * 100)
    with pytest.raises(StoreError):
        Store.open(bad)
    with pytest.raises(StoreError):
        Store.open(tmp_path / "absent.duckdb", read_only=True)
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE foo (x INTEGER)")
    con.close()
    with pytest.raises(StoreError):
        Store.open(other, read_only=True)


def test_ingest_counts_and_runs(tmp_path: Path, store: Store) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text("First page.\nSome story text.", encoding="utf-8")
    (pages / "b.txt").write_text("Second page.\nMore story.", encoding="utf-8")
    (pages / "empty.txt").write_text("  \n", encoding="utf-8")
    (pages / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (pages / "notes.md").write_text("ignored", encoding="utf-8")

    def analyse(a: Article) -> Article:
        a.text = a.raw.content if a.raw else ""
        return a

    first = ingest(store, read_paths([pages]), lambda a: analyse, paths=[str(pages)])
    assert (first.stored, first.duplicate, first.rejected) == (2, 0, 2)
    second = ingest(store, read_paths([pages]), lambda a: analyse, paths=[str(pages)])
    assert (second.stored, second.duplicate, second.rejected) == (0, 2, 2)
    assert store.stats()["rejections"] == 2
    runs = store.runs()
    assert [(r["stored"], r["duplicate"], r["rejected"]) for r in runs] == [(2, 0, 2), (0, 2, 2)]
    assert all(r["finished_at"] is not None for r in runs)
    codes = sorted(r.rejection.code for r in read_paths([pages]) if isinstance(r, Rejected))
    assert codes == ["DL101", "DL102"]
