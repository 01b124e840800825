"""Control timelines: who held a place when, from territory events, with evidence."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dateline.corpus import tables
from dateline.corpus.control import PlaceNames, control_timeline, is_about
from dateline.corpus.merge import SourcedEvent, merge_events
from dateline.events import place_anaphora
from dateline.records import Event, Span
from dateline.store import Store
from test_merge import ev

CORPUS = Path(__file__).parent / "data" / "control"
GOV = "Government regains territory"
NSA = "Non-state actor overtakes territory"
IS, SYR = "Islamic State", "Military Forces of Syria"


def terr(sub: str, when: str, gainer: str, loser: str | None, text: str = "", **kw: Any) -> Event:
    return ev(
        sub,
        event_date=when,
        actor1=gainer,
        actor2=loser,
        evidence_text=text or f"{gainer} took the town on {when}.",
        **kw,
    )


def test_timeline_orders_changes_and_builds_periods() -> None:
    events = [
        terr(GOV, "2016-03-27", SYR, IS),
        terr(NSA, "2015-05-20", IS, SYR),
        terr(NSA, "2016-12-11", IS, SYR),
        ev("Armed clash", event_date="2016-12-10"),  # not a territory event
        terr(NSA, "2016-06-01", IS, SYR, location="Raqqa"),  # another place
    ]
    t = control_timeline(events, "palmyra")
    assert [(c.event_date, c.holder_before, c.holder_after) for c in t.changes] == [
        ("2015-05-20", SYR, IS),
        ("2016-03-27", IS, SYR),
        ("2016-12-11", SYR, IS),
    ]
    assert [(p.holder, p.since, p.until) for p in t.periods] == [
        (SYR, None, "2015-05-20"),
        (IS, "2015-05-20", "2016-03-27"),
        (SYR, "2016-03-27", "2016-12-11"),
        (IS, "2016-12-11", None),
    ]
    assert t.holder_on("2016-01-01") == IS and t.holder_on("2016-05-01") == SYR
    assert t.current_holder == IS
    assert t.changes[0].evidence[0].evidence_text.startswith(IS)


def test_repeat_report_is_evidence_and_misreads_are_ignored() -> None:
    events = [
        terr(NSA, "2016-12-11", IS, SYR),
        terr(NSA, "2016-12-14", "Islamic State fighters", None, "IS holds the town."),
        terr(NSA, "2016-12-12", IS, IS, "Odd."),  # gainer = loser
        terr(GOV, "2017-03-02", SYR, IS, "Troops recaptured the town after IS had seized it."),
        ev(
            NSA,
            event_date="2017-03-02",
            actor1=IS,
            actor2=None,
            evidence_text="Troops recaptured the town after IS had seized it.",
            trigger=Span(start=40, end=46),
        ),
        terr(NSA, "2017-05-01", IS, "Hezbollah"),
    ]
    events[3].trigger = Span(start=7, end=17)
    t = control_timeline(events, "Palmyra")
    assert [c.holder_after for c in t.changes] == [IS, SYR, IS]
    assert len(t.changes[0].evidence) == 2 and t.changes[0].n_sources == 2
    assert len(t.ignored) == 2
    assert t.changes[2].notes  # reported loser (Hezbollah) is not the holder the timeline had


def test_place_matching() -> None:
    assert is_about(ev(NSA), "PALMYRA")
    no_town = ev(NSA, location=None, geo_precision=None, evidence_text="IS seized Tal Hawsa.")
    assert is_about(no_town, "Tal Hawsa") and not is_about(no_town, "Hawsa Tal")
    assert not is_about(ev(NSA, location="Homs"), "Palmyra")
    # placed only near a town (geo_precision 2), the village its sentence names is the place
    near = ev(
        NSA,
        location="Bakhmut",
        geo_precision=2,
        evidence_text="Troops recaptured the village of Klishchiivka south of Bakhmut.",
    )
    assert is_about(near, "Klishchiivka") and is_about(near, "Bakhmut")
    assert not is_about(near, "Andriivka")
    at_town = ev(NSA, location="Homs", geo_precision=1, evidence_text="IS took Homs, not Palmyra.")
    assert not is_about(at_town, "Palmyra")  # an event at a town of its own is about that town


_PLACES = ["Palmyra", "PALMYRA", "Tal Hawsa", "Hawsa", "Hawsa Tal", "Homs", "Al-Qaryatain",
           "Deir ez-Zor", "Klishchiivka", "Zor", "Élancourt", "elancourt"]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([None, "Palmyra", "Homs", "Tal Hawsa", "homs"]),
    st.sampled_from([None, 1, 2, 3]),
    st.lists(st.sampled_from([*_PLACES, "took", "the", "village", "of", ",", "-"]), max_size=12),
    st.one_of(st.just(""), st.sampled_from(_PLACES)),
)
def test_place_names_find_every_place_an_event_is_about(
    location: str | None, precision: int | None, words: list[str], antecedent: str
) -> None:
    """``PlaceNames.about`` gives exactly the places ``is_about`` accepts."""
    notes = ""
    if antecedent:
        ante = place_anaphora.Antecedent("village", antecedent, 0, len(antecedent))
        notes = place_anaphora.note("the village", ante, None)
    e = ev(NSA, location=location, geo_precision=precision, evidence_text=" ".join(words),
           notes=notes)  # fmt: skip
    known = PlaceNames(_PLACES)
    assert known.about(e) == {p for p in _PLACES if is_about(e, p)}


def test_merged_events_keep_their_sources() -> None:
    items = [
        SourcedEvent(f"a{i}", 0, terr(NSA, "2016-12-11", IS, SYR), source=f"https://p{i}.example")
        for i in range(3)
    ]
    t = control_timeline(merge_events(items), "Palmyra")
    assert len(t.changes) == 1
    assert t.changes[0].n_sources == 3
    assert t.changes[0].evidence[0].sources == [f"https://p{i}.example" for i in range(3)]


# --- the dated corpus: a town changing hands, run through the whole pipeline -----------------


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from dateline.pipeline import process_text

    db = tmp_path_factory.mktemp("control") / "control.duckdb"
    with Store.open(db) as store:
        for page in sorted(CORPUS.glob("*.txt")):
            article = process_text(page.read_text(encoding="utf-8"), uri=page.name)
            assert store.add(article) == "stored"
        counts = tables.rebuild(store, control_places=["Tal Hawsa"])
    assert counts["story_clusters"] == 5  # 6 pages, one syndicated copy
    return db


def test_corpus_timeline(corpus_db: Path) -> None:
    with Store.open(corpus_db, read_only=True) as store:
        merged = tables.merged_events(store)
        stored = tables.control_changes(store, "tal hawsa")
    t = control_timeline(merged, "Tal Hawsa")
    changes = [(c.event_date, c.holder_after) for c in t.changes]
    assert changes == [
        ("2014-06-03", IS),
        ("2015-02-17", SYR),
        ("2015-09-08", IS),
        ("2016-04-10", SYR),
    ]
    last = t.changes[-1]
    sources = {s for e in last.evidence for s in e.sources}
    assert {
        "04-2016-04-11-army-retakes-wire.txt",
        "06-2016-04-13-army-retakes-syndicated.txt",
    } <= sources
    assert t.holder_on("2015-06-01") == SYR and t.current_holder == SYR
    assert [r["holder_after"] for r in stored] == [c.holder_after for c in t.changes]


def test_control_command(corpus_db: Path, tmp_path: Path) -> None:
    import typer

    from dateline.cli import corpus as corpus_cli

    app = typer.Typer()
    app.command("control")(corpus_cli.control)
    app.command("merge")(corpus_cli.merge)
    runner = CliRunner()
    res = runner.invoke(app, ["control", "Tal Hawsa", "--db", str(corpus_db), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert [c["holder_after"] for c in data["changes"]] == [IS, SYR, IS, SYR]
    out = tmp_path / "tal-hawsa.csv"
    res = runner.invoke(app, ["control", "Tal Hawsa", "--db", str(corpus_db), "--export", str(out)])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["event_date"] for r in rows][-1] == "2016-04-10" and rows[0]["evidence"]
    res = runner.invoke(app, ["control", "Nowhere", "--db", str(corpus_db)])
    assert res.exit_code == 0 and "no change of control" in res.stdout
    res = runner.invoke(app, ["control", "X", "--db", str(tmp_path / "missing.duckdb")])
    assert res.exit_code == 1 and "DL300" in res.output


# --- consensus --------------------------------------------------------------------------------


def test_reports_of_one_change_agree_on_its_date() -> None:
    events = [
        terr(NSA, "2016-12-11", IS, SYR, "IS retook Palmyra on Sunday.", source="a"),
        terr(NSA, "2016-12-11", IS, SYR, "IS seized Palmyra on Sunday.", source="b"),
        terr(NSA, "2016-12-12", IS, None, "IS took Palmyra overnight.", source="c"),
        terr(NSA, "2016-12-12", IS, SYR, "Militants took the town.", time_precision=2),
    ]
    t = control_timeline(events, "Palmyra")
    assert [(c.event_date, c.time_precision, c.holder_after) for c in t.changes] == [
        ("2016-12-11", 1, IS)
    ]
    assert t.changes[0].n_sources == 4
    assert [(p.holder, p.since, p.n_sources) for p in t.periods] == [
        (SYR, None, 0),
        (IS, "2016-12-11", 4),
    ]


def test_contradicting_report_is_a_dissent_not_a_period() -> None:
    events = [terr(NSA, "2016-12-11", IS, SYR, f"IS retook Palmyra ({i}).") for i in range(3)] + [
        terr(GOV, "2016-12-12", SYR, IS, "Troops took Palmyra back.")
    ]
    t = control_timeline(events, "Palmyra")
    assert [c.holder_after for c in t.changes] == [IS]
    assert any("dissenting" in n and SYR in n for n in t.changes[0].notes)
    assert [p.holder for p in t.periods] == [SYR, IS]


def test_background_mentions_count_less_and_keep_their_own_date() -> None:
    events = [
        terr(NSA, "2016-12-11", IS, SYR, "IS retook Palmyra on Sunday."),
        # "which the group had taken in May 2015": background, a date of its own
        terr(
            NSA,
            "2015-05-15",
            IS,
            SYR,
            "IS had taken it in May 2015.",
            time_precision=3,
            background=True,
        ),
        terr(
            GOV,
            "2016-03-15",
            SYR,
            IS,
            "Troops had recaptured it in March.",
            time_precision=3,
            background=True,
        ),
        # a single background mention a day off the news does not outvote it
        terr(GOV, "2016-12-10", SYR, IS, "the town the army had held", background=True),
    ]
    t = control_timeline(events, "Palmyra")
    assert [(c.event_date, c.holder_after) for c in t.changes] == [
        ("2015-05-15", IS),
        ("2016-03-15", SYR),
        ("2016-12-11", IS),
    ]
    dates = [c.event_date for c in t.changes]
    assert dates == sorted(dates)  # never backwards
