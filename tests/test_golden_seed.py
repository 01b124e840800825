"""Golden test: the founding example page, end to end through the default pipeline."""

from __future__ import annotations

import pytest

from dateline.pipeline import process_text
from dateline.records import Article


@pytest.fixture(scope="module")
def art(seed_path) -> Article:
    a = process_text(seed_path.read_text(), uri=str(seed_path))
    assert a.rejection is None, a.rejection
    return a


def find(events, **kw):
    return [e for e in events if all(getattr(e, k) == v for k, v in kw.items())]


def test_metadata(art):
    assert art.published == "2016-12-12T00:15"
    assert art.timezone_known is False and art.timezone is None
    assert art.headline != "Dottin powers Heat to exciting victory"
    assert "Dottin" not in art.body


def test_caption(art):
    assert len(art.captions) == 1
    cap = next(s for s in art.sections if s.kind == "caption")
    in_cap = [t for t in art.times if cap.start <= t.start < cap.end]
    assert any(t.text == "last Monday" and t.value == "2016-12-05" for t in in_cap)
    assert any(
        p.text == "Aleppo" and p.country == "Syria"
        for p in art.places
        if cap.start <= p.start < cap.end
    )
    # a caption is not a source of events
    assert not [e for e in art.events if cap.start <= e.evidence.start < cap.end]


def test_times(art):
    values = {(t.text, t.value) for t in art.times}
    assert ("Sunday", "2016-12-11") in values
    assert ("Saturday", "2016-12-10") in values
    assert ("nine months ago", "2016-03") in values
    assert ("10 months", "P10M") in values
    eom = next(t for t in art.times if "end of the month" in t.text)
    assert eom.value == "2016-12-31" and eom.bound == "before"


def test_palmyra_geocoded(art):
    pal = [p for p in art.places if p.text == "Palmyra"]
    assert pal and all(p.country == "Syria" for p in pal)
    assert abs(pal[0].latitude - 34.56) < 0.2 and abs(pal[0].longitude - 38.27) < 0.2


def test_takeover_event(art):
    ev = find(
        art.events, sub_event_type="Non-state actor overtakes territory", event_date="2016-12-11"
    )
    assert len(ev) == 1
    e = ev[0]
    assert e.event_type == "Battles" and e.disorder_type == "Political violence"
    assert e.actor1 == "Islamic State" and e.inter1 == 2
    assert e.actor2 == "Military Forces of Syria" and e.interaction == 12
    assert e.location == "Palmyra" and e.time_precision == 1 and e.geo_precision == 1
    assert abs(e.latitude - 34.56) < 0.2 and abs(e.longitude - 38.27) < 0.2
    assert e.admin1 == "Homs" and e.country == "Syria"
    assert e.claimed_by == "a Syrian government official and the group"
    assert art.text[e.evidence.start : e.evidence.end] == e.evidence_text
    assert e.evidence.start <= e.trigger.start < e.evidence.end
    assert e.plover is not None and e.plover.category == "ASSAULT"


def test_reentry_and_background_expulsion(art):
    reentry = find(art.events, event_date="2016-12-10", time_precision=1)
    assert reentry and reentry[0].actor1 == "Islamic State" and reentry[0].location == "Palmyra"
    regain = find(art.events, sub_event_type="Government regains territory")
    assert len(regain) == 1
    r = regain[0]
    assert r.event_date.startswith("2016-03") and r.time_precision == 3 and r.background
    assert r.actor1 == "Military Forces of Syria"


def test_air_raids_fighting_offensive_mobilisation(art):
    air = find(art.events, sub_event_type="Air/drone strike")
    assert air and air[0].actor1 == "Military Forces of Russia" and air[0].inter1 == 8
    killed = [e for e in art.events if e.fatalities >= 10]
    assert killed and killed[0].sub_event_type == "Armed clash" and killed[0].fatalities == 20
    aleppo = find(art.events, location="Aleppo", event_type="Battles")
    assert aleppo and aleppo[0].actor1 == "Military Forces of Syria"
    mob = [e for e in art.events if e.plover and e.plover.category == "MOBILIZE"]
    assert mob and mob[0].plover.size == 40000
    assert mob[0].event_type == "Strategic developments" and mob[0].sub_event_type == "Other"


def test_quotes(art):
    by = {}
    for q in art.quotes:
        by.setdefault(q.speaker_name, []).append(q)
    barazi = by.get("Talal Barazi", [])
    assert len(barazi) == 2 and {q.speaker_title for q in barazi} == {"Homs Province Governor"}
    assert any(q.speaker_text == "He" for q in barazi)
    rami = by.get("Rami Abdurrahman", [])
    assert len(rami) == 2 and all(q.kind == "direct" for q in rami)
    assert all("Syrian Observatory for Human Rights" in (q.speaker_title or "") for q in rami)
    activists = [q for q in art.quotes if q.speaker_text == "Palmyra opposition activists"]
    assert len(activists) == 1 and activists[0].speaker_kind == "group"


def test_every_span_inside_the_text(art):
    n = len(art.text)
    spans = [*art.mentions, *art.times, *art.places]
    spans += [q.content for q in art.quotes] + [e.evidence for e in art.events]
    for s in spans:
        assert 0 <= s.start < s.end <= n
    for m in art.mentions:
        assert art.text[m.start : m.end] == m.text
    for t in art.times:
        assert art.text[t.start : t.end] == t.text
