"""A territory event told by a place anaphor ("the village was captured in January") is about
the named place the article introduced ("the village of Klishchiivka south of Bakhmut")."""

from __future__ import annotations

from dateline.corpus.control import control_timeline, is_about
from dateline.events import place_anaphora
from event_pages import page_events
from test_control import NSA, terr

GOV = "Government regains territory"
UKR, RUS = "Military Forces of Ukraine", "Military Forces of Russia"
NEAR_BAKHMUT = {"location": "Bakhmut", "latitude": 48.59, "longitude": 38.0, "geo_precision": 2}


def test_named_antecedent_is_the_last_introduction_of_that_kind() -> None:
    text = "Troops took the village of Klishchiivka south of Bakhmut. Shells hit the town of Izium."
    ante = place_anaphora.named_antecedent(text, "village")
    assert ante is not None and ante.name == "Klishchiivka"
    assert text[ante.start : ante.end] == "Klishchiivka"
    town = place_anaphora.named_antecedent(text, "town")
    assert town is not None and town.name == "Izium"
    assert place_anaphora.named_antecedent(text, "city") is None
    assert place_anaphora.kind_of("The village") == "village"
    assert place_anaphora.kind_of("the region") is None
    note = place_anaphora.note("The village", ante, "Bakhmut")
    assert place_anaphora.antecedent_names(f"On 2023-01-15: x. [{note}] [2 sources]") == [
        "Klishchiivka"
    ]
    assert place_anaphora.antecedent_names("On 2023-01-15: the village of Klishchiivka.") == []


def test_anaphor_event_is_about_its_antecedent_and_gives_the_first_period() -> None:
    ante = place_anaphora.named_antecedent("the village of Klishchiivka", "village")
    assert ante is not None
    back = terr(
        NSA,
        "2023-01-15",
        RUS,
        None,
        "The village was captured by Russian forces in January.",
        time_precision=3,
        background=True,
        notes="On 2023-01-15: The village was captured by Russian forces in January. ["
        + place_anaphora.note("The village", ante, "Bakhmut")
        + "]",
        **NEAR_BAKHMUT,
    )
    news = terr(
        GOV,
        "2023-09-17",
        UKR,
        None,
        "Ukrainian troops recaptured the village of Klishchiivka south of Bakhmut on Sunday.",
        **NEAR_BAKHMUT,
    )
    assert is_about(back, "Klishchiivka") and not is_about(back, "Bakhmut Oblast")
    # without the note, a sentence that does not name the village is not about it
    assert not is_about(back.model_copy(update={"notes": ""}), "Klishchiivka")
    t = control_timeline([news, back], "Klishchiivka")
    assert [(p.holder, p.since, p.until) for p in t.periods] == [
        (RUS, "2023-01-15", "2023-09-17"),
        (UKR, "2023-09-17", None),
    ]


def test_event_stage_places_the_anaphor_at_its_antecedent_not_the_last_city() -> None:
    events = page_events(
        "Ukrainian troops recaptured the village of Klishchiivka south of Bakhmut on Sunday, "
        "the military said.\n\nRussian forces shelled Kharkiv overnight, killing three "
        "civilians, the regional governor said.\n\nThe village was captured by Russian forces "
        "in January.",
        "2023-09-18",
    )
    taken = [e for e in events if e.sub_event_type == NSA]
    assert len(taken) == 1
    e = taken[0]
    assert e.location == "Bakhmut" and e.geo_precision == 2
    assert is_about(e, "Klishchiivka")
