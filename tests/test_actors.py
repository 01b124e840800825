"""One actor name per real actor: the actor table, in-article resolution, export and merge."""

from __future__ import annotations

import pytest

from dateline.corpus.merge import SourcedEvent, actors_compatible, compatible
from dateline.events import acled
from dateline.language import actors
from dateline.language.entities import Entities
from dateline.language.parse import Parse
from dateline.pages.textpage import TextPage
from dateline.pipeline import process_text
from dateline.places.stage import Places
from dateline.records import Article, Event, Span

# --- the table -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "surface",
    [
        "IS",
        "ISIS",
        "ISIL",
        "Daesh",
        "Islamic State",
        "the Islamic State group",
        "Islamic State of Iraq and Syria",
        "Islamic State of Iraq and the Levant",
        "Islamic State militants",
        "Islamic State extremists",
        "Islamic State (IS) militants",
        "IS fighters",
        "ISIS jihadists",
    ],
)
def test_islamic_state_aliases(surface: str) -> None:
    hit = actors.lookup(surface)
    assert hit is not None and hit.name == "Islamic State" and hit.inter == 2


@pytest.mark.parametrize(
    "surface,name",
    [
        ("al-Shabab", "Al Shabaab"),
        ("Al-Shabaab fighters", "Al Shabaab"),
        ("Boko Haram", "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"),
        ("Houthi rebels", "Ansar Allah"),
        ("Houthis", "Ansar Allah"),
        ("Hizbollah", "Hezbollah"),
        ("Taliban", "Taliban"),
        ("Pakistani Taliban", "TTP: Tehreek-i-Taliban Pakistan"),
        ("Syrian Democratic Forces", "QSD: Syrian Democratic Forces"),
        ("Nusra Front", "Jabhat Fateh al Sham"),
        ("Hayat Tahrir al-Sham", "HTS: Hayat Tahrir al Sham"),
        ("Kurdistan Workers' Party", "PKK: Kurdistan Workers Party"),
        ("Islamic State West Africa Province", "Islamic State (West Africa)"),
    ],
)
def test_known_groups(surface: str, name: str) -> None:
    hit = actors.lookup(surface)
    assert hit is not None and hit.name == name


@pytest.mark.parametrize("surface", ["is", "Is", "militants", "the group", "State", "Islamic"])
def test_not_a_known_group(surface: str) -> None:
    assert actors.lookup(surface) is None


# --- export names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,kind,country,want",
    [
        ("Islamic State militants", "armed_group", "Syria", "Islamic State"),
        ("Jihadi fighters", "armed_group", "Mali", "Unidentified Armed Group (Mali)"),
        ("gunmen", "group", "Nigeria", "Unidentified Armed Group (Nigeria)"),
        ("troops", "group", "Syria", "Military Forces of Syria"),
        ("soldiers", None, "United States", "Military Forces of the United States"),
        ("police", "group", "Kenya", "Police Forces of Kenya"),
        ("residents", "group", "France", "Civilians (France)"),
        ("protesters", "group", "China", "Protesters (China)"),
        ("rioters", "group", "Greece", "Rioters (Greece)"),
        ("unknown", None, "Syria", None),
        ("militants", "armed_group", None, None),
        ("Palmyra opposition activists", "group", "Syria", None),
        ("40,000 fighters", "group", None, None),
        ("Military Forces of Syria", "state_forces", "Russia", "Military Forces of Syria"),
        ("Protesters (Kenya)", "protesters", "Kenya", "Protesters (Kenya)"),
        (
            "Syrian Observatory for Human Rights",
            "organization",
            "Syria",
            "Syrian Observatory for Human Rights",
        ),
    ],
)
def test_export_name(name: str, kind: str | None, country: str | None, want: str | None) -> None:
    assert actors.export_name(name, kind, country) == want


def test_generic_words_never_names() -> None:
    for w in ("unknown", "militants", "the militants", "fighters", "troops", "the government"):
        assert actors.is_generic(w) and not actors.is_name(w)
    for n in ("Islamic State", "Al Shabaab", "Military Forces of Syria", "Civilians (France)"):
        assert actors.is_name(n)


# --- cross-article comparison --------------------------------------------------------------


def test_same_actor_stricter_and_more_complete() -> None:
    # more complete: every spelling of one group is the group
    assert actors.same_actor("ISIL", "Islamic State")
    assert actors.same_actor("Daesh", "Islamic State of Iraq and Syria")
    assert actors.same_actor("Military Forces of Syria", "Military Forces of Syria (2000-)")
    # stricter: a known group does not "contain" another name
    assert not actors.same_actor("Islamic State", "Islamic State (West Africa)")
    assert not actors.same_actor("Islamic State", "Islamic State Sinai Province")
    assert not actors.same_actor("Taliban", "TTP: Tehreek-i-Taliban Pakistan")
    assert not actors.same_actor("Hamas Movement", "Military Forces of Israel")


def _ev(sub: str, actor1: str, actor2: str | None = None) -> Event:
    return Event(
        event_id="",
        event_date="2016-12-11",
        time_precision=1,
        event_type=acled.SUB_EVENT_TYPES[sub],
        sub_event_type=sub,
        actor1=actor1,
        actor2=actor2,
        location="Palmyra",
        admin1="Homs",
        country="Syria",
        latitude=34.5601,
        longitude=38.2680,
        geo_precision=1,
        evidence=Span(start=0, end=10),
        evidence_text="Militants attacked the city.",
        sentence=0,
    )


def test_merge_compares_canonical_names() -> None:
    take = "Non-state actor overtakes territory"
    a = _ev(take, "Islamic State", "Military Forces of Syria")
    b = _ev(take, "Islamic State (West Africa)", "Military Forces of Syria")
    c = _ev(take, "Islamic State", "Military Forces of Syria (2000-)")
    assert not actors_compatible(a, b)  # another group gained the place
    assert actors_compatible(a, c)
    sa = SourcedEvent(article_id="a", idx=0, event=a)
    sc = SourcedEvent(article_id="c", idx=0, event=c)
    assert compatible(sa, sc)


# --- in-article resolution -----------------------------------------------------------------


def _entities(text: str) -> Article:
    art = TextPage(min_body_words=3)(Article.from_raw(text))
    return Entities()(Places()(Parse()(art)))


def _canon(art: Article, surface: str) -> str:
    m = next(m for m in art.mentions if m.text == surface)
    return art.entities[m.entity].canonical


def test_aliases_become_one_actor() -> None:
    art = _entities(
        "Fighters of the Islamic State of Iraq and the Levant (ISIL) seized the town of Hit in "
        "Iraq on Monday. Daesh had besieged the town for weeks, and ISIL commanders said more "
        "attacks would follow."
    )
    names = {e.canonical for e in art.entities if e.kind == "armed_group"}
    assert names == {"Islamic State"}, names
    assert _canon(art, "Daesh") == "Islamic State"


def test_generic_mentions_resolve_to_named_actor_or_generic_form() -> None:
    art = _entities(
        "Gunmen killed five villagers near Maiduguri in Nigeria on Tuesday, police said. "
        "Boko Haram later attacked an army base in the area. Militants burned the base and "
        "troops withdrew."
    )
    assert _canon(art, "Gunmen") == "Unidentified Armed Group (Nigeria)"
    assert _canon(art, "Militants") == "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"
    assert _canon(art, "troops") == "Military Forces of Nigeria"
    assert any(e.canonical == "Civilians (Nigeria)" for e in art.entities)


def test_possessive_troops_refer_to_the_state_last_named() -> None:
    art = _entities(
        "Ukrainian troops recaptured a village near Bakhmut in Ukraine on Sunday. Russian forces "
        "shelled Kharkiv overnight. Moscow said its troops had repelled several attacks."
    )
    assert _canon(art, "troops") == "Military Forces of Russia"  # "its troops"
    assert _canon(art, "Ukrainian troops") == "Military Forces of Ukraine"


# --- export: no generic word is an actor ------------------------------------------------------


def test_event_actors_are_canonical() -> None:
    art = process_text(
        "Islamic State extremists seize town in Syria\n\n"
        "BEIRUT (AP) — Islamic State extremists seized the Syrian town of Qaryatain on Sunday, "
        "taking it from government troops after days of fighting, activists said. The jihadists "
        "killed 12 soldiers in the assault, according to the Syrian Observatory for Human "
        "Rights. ISIS fighters also shelled the nearby town of Mahin on Sunday.\n",
        uri="synthetic.txt",
    )
    assert art.events
    for e in art.events:
        names = [e.actor1, e.actor2]
        for assoc in (e.assoc_actor_1, e.assoc_actor_2):
            names += assoc.split("; ") if assoc else []
        for n in names:
            assert n is None or actors.is_name(n), (n, e.sub_event_type)
            assert n is None or not actors.is_generic(n)
    takes = [e for e in art.events if e.sub_event_type == "Non-state actor overtakes territory"]
    assert takes and takes[0].actor1 == "Islamic State"
    assert all(
        e.actor1 != "Military Forces of Syria" or e.actor2 != "Military Forces of Syria"
        for e in art.events
    )


def test_a_count_of_fighters_is_not_called_unidentified() -> None:
    # whose fighters the sentence says: the count keeps its own words, as on the seed page
    art = _entities(
        "The government and its allies have reportedly mobilised some 40,000 fighters for "
        "Aleppo in Syria, officials said on Monday."
    )
    m = next(m for m in art.mentions if "40,000 fighters" in m.text)
    assert art.entities[m.entity].canonical == "40,000 fighters"
