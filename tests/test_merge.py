"""Events of different articles describing one real event merge into one, with every source."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.corpus import tables
from dateline.corpus.merge import (
    SourcedEvent,
    compatible,
    dates_compatible,
    fatality_figure,
    merge_events,
    places_compatible,
)
from dateline.events import acled
from dateline.records import Event, Span, content_hash
from dateline.store import Store

PALMYRA = {"location": "Palmyra", "admin1": "Homs", "country": "Syria"}
PALMYRA_XY = {"latitude": 34.5601, "longitude": 38.2680, "geo_precision": 1}


def ev(sub: str = "Armed clash", **kw: Any) -> Event:
    base: dict[str, Any] = {
        "event_id": "",
        "event_date": "2016-12-11",
        "time_precision": 1,
        "event_type": acled.SUB_EVENT_TYPES[sub],
        "sub_event_type": sub,
        "actor1": "Islamic State",
        "actor2": "Military Forces of Syria",
        **PALMYRA,
        **PALMYRA_XY,
        "evidence": Span(start=0, end=10),
        "evidence_text": "Militants attacked the city.",
        "sentence": 0,
    }
    base.update(kw)
    return Event(**base)


def se(article: str, e: Event, idx: int = 0, **kw: Any) -> SourcedEvent:
    e.event_id = f"{article}-{idx + 1}"
    return SourcedEvent(article_id=article, idx=idx, event=e, **kw)


def test_dates_compatible_with_precision() -> None:
    assert dates_compatible(ev(), ev())
    assert not dates_compatible(ev(), ev(event_date="2016-12-10"))
    assert dates_compatible(ev(), ev(event_date="2016-12-08", time_precision=2))  # that week
    assert not dates_compatible(ev(), ev(event_date="2016-12-01", time_precision=2))
    assert dates_compatible(ev(), ev(event_date="2016-12-15", time_precision=3))  # that month
    assert not dates_compatible(ev(), ev(event_date=None, time_precision=None))
    assert dates_compatible(ev(event_date=None), ev(event_date=None))


def test_places_compatible_town_area_country() -> None:
    assert places_compatible(ev(), ev())
    # a village 10 km away vs the town: near enough
    assert places_compatible(ev(), ev(location="Al-Amiriyah", latitude=34.62, longitude=38.33))
    far = ev(location="Aleppo", admin1="Aleppo", latitude=36.2, longitude=37.16)
    assert not places_compatible(ev(), far)
    province = ev(location="Homs", admin1="Homs", geo_precision=3, latitude=34.7, longitude=37.0)
    assert places_compatible(ev(), province)  # within its admin1
    assert not places_compatible(far, province)
    assert places_compatible(ev(), ev(location=None, admin1=None, latitude=None, longitude=None))
    # two coarse reports: the country holds the town placed only coarsely
    country = ev(location="Syria", admin1=None, geo_precision=3, latitude=35.0, longitude=38.0)
    assert places_compatible(country, ev(geo_precision=3))
    assert places_compatible(country, province) and places_compatible(province, country)
    assert not places_compatible(province, ev(**{**PALMYRA, "admin1": "Aleppo"}, geo_precision=3))
    assert not places_compatible(ev(), ev(country="Iraq"))


def test_compatible_needs_family_and_actors() -> None:
    a = se("a", ev())
    assert compatible(a, se("b", ev(actor1="Military Forces of Syria (2000-)", actor2=None)))
    assert not compatible(a, se("b", ev("Air/drone strike")))
    assert not compatible(a, se("b", ev(actor1="Hezbollah", actor2="Al Nusra Front")))
    assert not compatible(a, se("a", ev(), idx=1))  # two clashes of one article stay two
    # a demonstration that turned violent is one event: the article's march and riot of that
    # day in that place are one; another day, place or a background mention are not
    crowd = {"actor1": "Protesters (Syria)", "actor2": None}
    riot = se("a", ev("Violent demonstration", **crowd))
    march = ev("Peaceful protest", **crowd, time_precision=2)
    assert compatible(riot, se("a", march, idx=1))
    for other in ({"event_date": "2016-12-12"}, {"location": "Homs"}, {"background": True}):
        assert not compatible(riot, se("a", ev("Peaceful protest", **crowd, **other), idx=1))
    took = se("a", ev("Non-state actor overtakes territory"))
    retook = se("b", ev("Government regains territory", actor1="Military Forces of Syria"))
    assert not compatible(took, retook)  # another change of hands


def test_a_report_that_places_violence_nowhere_needs_something_specific() -> None:
    nowhere = {"location": None, "admin1": None, "latitude": None, "longitude": None}
    generic = {"actor1": "Unidentified Armed Group (Syria)", "actor2": "Civilians (Syria)"}
    town = se("a", ev("Attack", **generic))
    # the same kind of attack in the same country and week, nobody named: two shootings
    assert not compatible(town, se("b", ev("Attack", **generic, **nowhere)))
    # the same toll, or a named actor both give, says it is one attack
    two_dead = se("a", ev("Attack", **generic, fatalities=2))
    assert compatible(two_dead, se("b", ev("Attack", **generic, **nowhere, fatalities=2)))
    assert not compatible(
        se("a", ev("Attack", **generic, fatalities=3)),
        se("b", ev("Attack", **generic, **nowhere, fatalities=2)),
    )
    assert compatible(se("a", ev()), se("b", ev(**nowhere)))  # Islamic State in both
    # a strategic development keeps the looser rule
    deal = {"actor1": None, "actor2": None}
    assert compatible(se("a", ev("Agreement", **deal)), se("b", ev("Agreement", **deal, **nowhere)))


def test_merge_keeps_lowest_fatalities_and_records_disagreement() -> None:
    events = [
        se("a", ev(fatalities=20), published="2016-12-12T00:15", source="https://a.example/1"),
        se("b", ev(fatalities=12), published="2016-12-12T08:00", source="https://b.example/2"),
        se("c", ev(fatalities=0), published="2016-12-13T09:00", source="https://c.example/3"),
        se("d", ev(event_date="2016-12-09"), published="2016-12-12T01:00"),  # another day
    ]
    merged = merge_events(events)
    assert len(merged) == 2
    one = next(m for m in merged if m.n_sources == 3)
    assert one.event.fatalities == 12
    assert one.fatalities_reported == [12, 20]
    assert one.disagreement == {"fatalities": [0, 12, 20]}
    assert [s.article_id for s in one.sources] == ["a", "b", "c"]
    assert one.event.source == "https://a.example/1; https://b.example/2; https://c.example/3"
    assert one.event.event_id == one.merged_id


def test_two_events_of_one_article_stay_two() -> None:
    events = [
        se("a", ev(), 0),
        se("a", ev(event_date="2016-12-10", time_precision=2), 1),
        se("b", ev(), 0),
        se("b", ev(event_date="2016-12-10", time_precision=2), 1),
    ]
    merged = merge_events(events)
    assert sorted(m.n_sources for m in merged) == [2, 2]
    assert {m.event.event_date for m in merged} == {"2016-12-10", "2016-12-11"}


def _mixed() -> list[SourcedEvent]:
    out = []
    for i, art in enumerate("abcdef"):
        out.append(se(art, ev(fatalities=10 + i), 0, story="s1" if i < 3 else art))
        out.append(se(art, ev("Air/drone strike", actor1="Military Forces of Russia"), 1))
        out.append(
            se(
                art,
                ev(
                    "Peaceful protest",
                    actor1="Protesters (Syria)",
                    actor2=None,
                    event_date=f"2016-12-{10 + i % 3:02d}",
                    location="Homs",
                ),
                2,
            )
        )
    out.append(se("g", ev(event_date=None, time_precision=None), 0))
    return out


@settings(max_examples=25, deadline=None)
@given(st.permutations(_mixed()))
def test_merge_is_order_independent(shuffled: list[SourcedEvent]) -> None:
    expected = [m.model_dump() for m in merge_events(_mixed())]
    assert [m.model_dump() for m in merge_events(shuffled)] == expected


def test_republished_copy_merges_by_sentence_whatever_the_date() -> None:
    a = se("a", ev(), story="s")
    b = se("b", ev(event_date="2016-12-18"), story="s")  # "on Sunday" read a week later
    c = se("c", ev(event_date="2016-12-18"), story="other")
    assert compatible(a, b) and not compatible(a, c)


# --- ten syndicated copies of the seed page ------------------------------------------------


@pytest.fixture(scope="module")
def ten_copies(seed_path: Path) -> tuple[Any, list[Any]]:
    from dateline.pipeline import process_text

    text = seed_path.read_text(encoding="utf-8")
    stamp = "Monday | December 12, 2016 | 12:15 AM"
    assert stamp in text
    one = process_text(text, uri="https://wire.example/palmyra")
    variants = [
        "Monday | December 12, 2016 | 12:15 AM",
        "Monday | December 12, 2016 | 6:40 AM",
        "Monday | December 12, 2016 | 11:05 PM",
    ]
    copies = []
    for i in range(3):  # three real variants: another time stamp and a partner's footer
        page = text.replace(stamp, variants[i]) + f"\n\nDistributed by partner desk {i}.\n"
        copies.append(process_text(page, uri=f"https://paper{i}.example/news/{i}"))
    for i in range(3, 10):  # seven more copies of those, each with its own URL and date
        base = copies[i % 3]
        copies.append(
            base.model_copy(
                update={
                    "id": content_hash(f"{base.id}:{i}"),
                    "source": f"https://paper{i}.example/news/{i}",
                    "published": f"2016-12-12T{i + 1:02d}:30",
                }
            )
        )
    return one, copies


def _sig(e: Event) -> tuple[Any, ...]:
    return (
        e.event_date,
        e.time_precision,
        e.sub_event_type,
        e.actor1,
        e.actor2,
        e.location,
        e.fatalities,
    )


def test_ten_copies_one_story_same_events_ten_sources(ten_copies: tuple[Any, list[Any]]) -> None:
    one, copies = ten_copies
    assert len({a.id for a in copies}) == 10
    with Store.open(":memory:") as store:
        for a in copies:
            assert store.add(a) == "stored"
        counts = tables.rebuild(store)
        clusters = tables.story_clusters(store)
        merged = tables.merged_events(store)
    assert counts["story_clusters"] == 1
    assert list(clusters.values()) == [sorted(a.id for a in copies)]
    assert len(merged) == len(one.events) > 0
    assert sorted(map(_sig, (m.event for m in merged)), key=str) == sorted(
        map(_sig, one.events), key=str
    )
    for m in merged:
        assert m.n_sources == 10
        assert {s.article_id for s in m.sources} == {a.id for a in copies}
        assert len({s.source for s in m.sources}) == 10  # each copy keeps its own source
    assert counts["events"] == 10 * len(one.events)


def test_rebuild_is_idempotent(ten_copies: tuple[Any, list[Any]]) -> None:
    _, copies = ten_copies
    with Store.open(":memory:") as store:
        for a in copies[:4]:
            store.add(a)
        first = tables.rebuild(store)
        rows = [m.model_dump() for m in tables.merged_events(store)]
        assert tables.rebuild(store) == first
        assert [m.model_dump() for m in tables.merged_events(store)] == rows


# --- reports of one event across outlets ----------------------------------------------------


def test_reports_a_day_apart_merge_but_not_a_year_apart() -> None:
    bomb = "Remote explosive/landmine/IED"
    evening = se("a", ev(bomb, event_date="2016-12-11"), published="2016-12-11T22:00")
    morning = se("b", ev(bomb, event_date="2016-12-12"), published="2016-12-12T07:00")
    assert compatible(evening, morning)
    assert not dates_compatible(evening.event, morning.event)  # the strict reading stays
    two_days = se("c", ev(bomb, event_date="2016-12-13"), published="2016-12-13T07:00")
    assert not compatible(evening, two_days)
    year_later = se("d", ev(bomb, event_date="2017-12-11"), published="2017-12-11T22:00")
    assert not compatible(evening, year_later)
    assert len(merge_events([evening, morning, year_later])) == 2


def test_background_mention_never_joins_the_news_of_the_day() -> None:
    news = se("a", ev("Suicide bomb", event_date="2016-12-11"))
    recalled = se("b", ev("Suicide bomb", event_date="2016-12-11", background=True))
    assert not compatible(news, recalled)
    also_recalled = se("c", ev("Suicide bomb", event_date="2016-12-11", background=True))
    merged = merge_events([news, recalled, also_recalled])
    assert sorted((m.event.background, m.n_sources) for m in merged) == [(False, 1), (True, 2)]


def test_rising_toll_later_figures_supersede_early_ones() -> None:
    bomb = "Suicide bomb"
    reports = [
        se("a", ev(bomb, fatalities=3), published="2016-12-11T10:00"),
        se("b", ev(bomb, fatalities=15), published="2016-12-11T14:00"),
        se("c", ev(bomb, fatalities=44), published="2016-12-12T06:00"),
        se("d", ev(bomb, fatalities=42), published="2016-12-12T09:00"),
        se("e", ev(bomb, fatalities=0), published="2016-12-12T10:00"),  # no figure given
    ]
    figure, current, rule = fatality_figure(reports)
    assert (figure, current) == (42, [42, 44])
    assert "superseded" in rule
    (one,) = merge_events(reports)
    assert one.event.fatalities == 42
    assert one.fatalities_reported == [3, 15, 42, 44]
    assert "superseded" in one.event.notes
    untimed = [se("x", ev(bomb, fatalities=9)), se("y", ev(bomb, fatalities=7))]
    assert fatality_figure(untimed)[:2] == (7, [7, 9])  # no times: the lowest of all


def test_a_report_placing_it_near_a_town_may_name_a_farther_town() -> None:
    woodburn = ev(location="Woodburn", latitude=45.1437, longitude=-122.8554, geo_precision=1)
    portland = {"location": "Portland", "latitude": 45.5234, "longitude": -122.6762}
    assert not places_compatible(woodburn, ev(**portland, geo_precision=1))  # 45 km: two towns
    assert places_compatible(woodburn, ev(**portland, geo_precision=2))  # "south of Portland"
    seattle = {"location": "Seattle", "latitude": 47.6062, "longitude": -122.3321}
    assert not places_compatible(woodburn, ev(**seattle, geo_precision=2))  # 270 km


def test_undated_reports_join_only_copies_of_their_story() -> None:
    a = se("a", ev("Suicide bomb", event_date=None, time_precision=None), story="s")
    b = se("b", ev("Suicide bomb", event_date=None, time_precision=None), story="t")
    assert not compatible(a, b)  # nothing says they are one event
    copy = se("c", ev("Suicide bomb", event_date=None, time_precision=None), story="s")
    assert compatible(a, copy)  # the same sentence of the same story


def test_merged_event_takes_the_most_specific_place() -> None:
    # a report naming only the country ranks first (a finer date) but the town wins
    syria = {"location": "Syria", "admin1": None, "country": "Syria"}
    coarse = ev(**syria, latitude=35.0, longitude=38.0, geo_precision=3)
    town = ev(time_precision=2)
    (m,) = merge_events([se("a", coarse), se("b", town)])
    assert len(m.sources) == 2
    assert (m.event.location, m.event.geo_precision) == ("Palmyra", 1)
    assert m.event.time_precision == 1  # the rest from the first-ranked report


# --- issue 17: reports of one riot, and two events of one story a week apart ----------------


def test_a_riot_report_naming_only_the_police_joins_one_naming_only_the_crowd() -> None:
    crowd = se("a", ev("Violent demonstration", actor1="Rioters (Greece)", actor2=None, inter1=5))
    police = ev("Violent demonstration", actor1="Police Forces of Greece", actor2=None, inter1=1)
    assert compatible(crowd, se("b", police))  # the two sides of one riot
    army = ev("Armed clash", actor1="Police Forces of Greece", actor2=None, inter1=1)
    rebels = ev("Armed clash", actor1="Rebels", actor2=None, inter1=2)
    assert not compatible(se("a", army), se("b", rebels))  # elsewhere a named actor must agree
    other_group = ev("Violent demonstration", actor1="Hooligans", actor2=None, inter1=5)
    assert not compatible(se("c", other_group), se("b", police))  # not a crowd's generic name


def test_reports_dated_only_by_their_pages_a_week_apart_stay_apart() -> None:
    deal = {"actor1": None, "actor2": None, "time_precision": 2}
    first = se("a", ev("Agreement", event_date="2012-04-04", **deal), published="2012-04-04")
    next_day = se("b", ev("Agreement", event_date="2012-04-05", **deal), published="2012-04-05")
    week = se("c", ev("Agreement", event_date="2012-04-11", **deal), published="2012-04-11")
    assert compatible(first, next_day)
    assert not compatible(first, week)  # the weeks before each page do not meet
    assert compatible(next_day, week)  # they meet on the 5th
    merged = merge_events([first, next_day, week])
    assert sorted(m.n_sources for m in merged) == [1, 2]
    # a stated day still meets a page-dated week a day off (evening before / morning after)
    stated = se("d", ev("Agreement", event_date="2012-04-05", actor1=None, actor2=None))
    assert compatible(first, stated)


def test_two_unknown_actors_are_no_agreement_when_choosing_a_group() -> None:
    # a report naming the police joins the day's riot, not a crowd-less event of the day before
    # that the same article told of (before, the two unknown actors scored as agreeing)
    riot = ev(
        "Violent demonstration", actor1="Protesters (Greece)", actor2="Police Forces of Greece"
    )
    eve = ev("Violent demonstration", event_date="2016-12-10", actor1=None, actor2=None)
    later = ev(
        "Violent demonstration", actor1="Police Forces of Greece", actor2=None, time_precision=2
    )
    merged = merge_events([se("a", riot), se("a", eve, idx=1), se("c", later)])
    (with_c,) = [m for m in merged if any(s.article_id == "c" for s in m.sources)]
    assert {(s.article_id, s.idx) for s in with_c.sources} == {("a", 0), ("c", 0)}
