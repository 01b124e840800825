"""`dateline eval records` on TimeML documents: the .tml reader (text of <TEXT>, DCT as the
publication-date hint), wrong merges between two events one wire story tells of, and a gate
on the hand-written TBAQ dev gold (tests/golden/records-tbaq-dev.json)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.corpus.merge import EventSource, MergedEvent
from dateline.evaluation import records_eval as re_
from dateline.pages.items import Rejected
from dateline.records import Article, Event, Span

DATA = Path(__file__).parent / "data"
FIXTURE = DATA / "records" / "XIE19980808.9999.tml"
TBAQ_GOLD = Path(__file__).parent / "golden" / "records-tbaq-dev.json"

#: gate floors on the TBAQ dev gold, at the figures measured in EVALUATION.md ("Whole records —
#: TBAQ dev reports"; the run is deterministic); a score may rise, lowering a floor needs a reason
TBAQ_FLOORS: dict[str, float] = {
    # 0.9286: 13 of 14 ACLED events; the Afghanistan strike is placed at the country's point,
    # 367 km from Khost, outside the gold's 300 km (see EVALUATION.md)
    "found": 0.928,
    "found_dateable": 0.928,  # every TBAQ document has a DCT
    "sub_type_accuracy": 1.0,  # 13 of 13
    "fatalities_in_range": 0.923,  # 0.9231: 12 of 13 (Slepian "was shot": no toll of 1)
    "dated_share": 1.0,  # each page has a DCT hint
    "placed_share": 1.0,  # but many points are country-level (see EVALUATION.md)
}
#: gate ceilings (counts) on the TBAQ dev gold
TBAQ_CEILINGS: dict[str, int] = {
    "unmerged_duplicates": 0,  # 0 measured (a wire lead and its dated account are one event)
    "wrong_merges": 0,  # 0 measured
    "wrong_merges_within_topic": 0,  # the two embassy bombings, the two US strikes: never
    "spurious": 0,  # 0 measured on the three non-ACLED controls
}


def test_tml_becomes_a_text_page_dated_by_its_dct(tmp_path: Path) -> None:
    pages = re_.read_pages([FIXTURE])
    assert pages.doc_names == {FIXTURE.name}
    (art,) = pages.items
    assert isinstance(art, Article)
    assert art.published == "1998-08-08"  # the DCT, as the JSONL reader's "published" hint
    text = art.raw.content
    assert text.startswith("NAIROBI, August 8 (Xinhua) --\n\nPolice fired tear gas")
    assert "Friday, witnesses said.\n\nAbout 200 students & lecturers" in text  # paragraphs
    assert "<" not in text and "EVENT" not in text and "Made-up" not in text  # TEXT only
    # from a folder: only the .tml files named, and a broken one is a coded rejection
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / FIXTURE.name).write_bytes(FIXTURE.read_bytes())
    (tmp_path / "a" / "other.tml").write_bytes(FIXTURE.read_bytes())
    (tmp_path / "bad.tml").write_text("<TimeML><TEXT>unclosed", encoding="utf-8")
    named = re_.read_pages([tmp_path], names={FIXTURE.name, "bad.tml"})
    assert named.doc_names == {FIXTURE.name}  # the names of the pages read
    art, bad = sorted(named.items, key=lambda i: type(i).__name__)
    assert isinstance(bad, Rejected) and bad.uri.endswith("bad.tml")
    assert bad.rejection.code == "DL101" and "not well-formed" in bad.rejection.reason
    assert len(re_.read_pages([tmp_path]).items) == 3


NAIROBI, DAR = (-1.2864, 36.8172), (-6.7924, 39.2083)


def _bombing(mid: str, places: dict[str, str]) -> MergedEvent:
    e = Event(
        event_id="x",
        event_date="1998-08-07",
        time_precision=1,
        event_type="Explosions/Remote violence",
        sub_event_type="Remote explosive/landmine/IED",
        location="Nairobi",
        latitude=NAIROBI[0],
        longitude=NAIROBI[1],
        geo_precision=1,
        evidence=Span(start=0, end=1),
        evidence_text="x",
        sentence=0,
    )
    sources = [
        EventSource(
            article_id=a,
            idx=0,
            event_id=f"{a}:0",
            sub_event_type=e.sub_event_type,
            event_date="1998-08-07",
            location=place,
        )
        for a, place in places.items()
    ]
    return MergedEvent(merged_id=mid, event=e, sources=sources)


def _two_bombings() -> dict[str, object]:
    def ev(gid: str, loc: str, point: tuple[float, float], docs: list[str]) -> dict[str, object]:
        return {
            "id": gid,
            "docs": docs,
            "topic": "embassies",
            "event_date": "1998-08-07",
            "date_tolerance_days": 1,
            "location": loc,
            "latitude": point[0],
            "longitude": point[1],
            "radius_km": 25,
            "sub_event_type": "Remote explosive/landmine/IED",
        }

    return {
        "version": 1,
        "events": [
            ev("nairobi", "Nairobi", NAIROBI, ["w1.tml", "w2.tml"]),
            ev("dar", "Dar es Salaam", DAR, ["w1.tml", "w2.tml", "d1.tml"]),
        ],
    }


def test_wrong_merge_of_two_events_one_wire_story_tells() -> None:
    gold = re_.parse_gold(_two_bombings())
    names = {"w1": ["w1.tml"], "w2": ["w2.tml"], "d1": ["d1.tml"]}

    def metrics(m: MergedEvent) -> dict:
        return re_.score(gold, [m], {}, names)["metrics"]

    # both wire stories tell of both bombings: their Nairobi sentences are one event
    assert metrics(_bombing("m1", {"w1": "Nairobi", "w2": "Nairobi"}))["wrong_merges"] == 0
    # a wire story's Dar-es-Salaam sentence merged into the Nairobi event: a wrong merge
    m = metrics(_bombing("m2", {"w1": "Nairobi", "w2": "Dar-es-Salaam"}))
    assert m["wrong_merges"] == m["wrong_merges_within_topic"] == 1
    # as is a source from the Dar es Salaam event's own page
    assert metrics(_bombing("m3", {"w1": "Nairobi", "d1": "Kenya"}))["wrong_merges"] == 1
    # a source without a place name from a shared page joins nothing
    assert metrics(_bombing("m4", {"w1": "Nairobi", "w2": ""}))["wrong_merges"] == 0


def test_tbaq_dev_gold_gate(eval_data: Path) -> None:
    """The TBAQ dev gold end to end (45 TimeML reports; a few minutes on one worker)."""
    data = eval_data / "time" / "tbaq"
    if not data.is_dir():
        pytest.skip(f"TBAQ TimeML dev data absent at {data} (set DATELINE_EVAL_DATA)")
    out = re_.run([data], gold=TBAQ_GOLD)
    m = out["metrics"]
    assert m["gold_docs_missing"] == 0 and m["rejected"] == 0, out["missing_docs"]
    for key, floor in TBAQ_FLOORS.items():
        assert m[key] >= floor, (key, m[key])
    for key, ceiling in TBAQ_CEILINGS.items():
        assert m[key] <= ceiling, (key, m[key])
