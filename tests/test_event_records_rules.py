"""Whole-record rules for real pages (issue 17): when, where and what of simple events, on
hand-built pages run through the real pipeline (spaCy, gazetteer, typer)."""

from __future__ import annotations

from event_pages import page_events


def _events(body: str, published: str = "November 11, 2011") -> list:
    return page_events(body, published)


def test_a_clause_takes_the_time_of_the_clause_it_depends_on_not_a_since() -> None:
    evs = _events(
        "The navy patrolling the Gulf of Aden on Thursday thwarted an attack on merchant "
        "vessels, apprehending 26 Somali pirates and confiscating arms, in the fifth "
        "operation since September."
    )
    assert [e.sub_event_type for e in evs] == ["Arrests"]  # the attack was thwarted
    ev = evs[0]
    assert ev.event_date == "2011-11-10"  # Thursday, not "since September"
    assert ev.sub_event_type == "Arrests"  # the typer may not make an arrest a weapons seizure
    assert not ev.background


def test_a_country_only_sentence_takes_the_articles_town_there() -> None:
    evs = _events(
        "Fresh riots by protesters were reported in Greece on Saturday.\n\n"
        "Violent clashes broke out in the capital, Athens, after the vigils.",
        published="December 13, 2008",
    )
    riot = next(e for e in evs if e.sub_event_type == "Violent demonstration")
    assert (riot.location, riot.country, riot.geo_precision) == ("Athens", "Greece", 3)
    assert riot.actor1 == "Protesters (Greece)"


def test_an_event_near_a_city_is_in_the_articles_town_beside_it() -> None:
    evs = _events(
        "There is breaking news out of Troy, Michigan, a suburb of Detroit.\n\n"
        "A gunman shot three people at a suburban Detroit office building Monday morning.",
        published="April 9, 2007",
    )
    (ev,) = [e for e in evs if e.sub_event_type == "Attack"]
    assert (ev.location, ev.geo_precision) == ("Troy", 2)


def test_an_unnamed_attacker_who_shot_people_is_an_attack() -> None:
    evs = _events(
        "A man who was fired last week walked into his former office in Troy, Michigan, with a "
        "shotgun on Monday and shot three people, killing one.",
        published="April 10, 2007",
    )
    (ev,) = evs
    assert ev.sub_event_type == "Attack"
    assert (ev.actor1, ev.actor2) == (
        "Unidentified Armed Group (United States)",
        "Civilians (United States)",
    )
    assert ev.fatalities == 1
    # a passive death without an attacker, or a death by no person, stays no attack
    assert _events("Two people were killed in a car crash on Monday.") == []
    evs = _events("A powerful earthquake killed six people in Troy, Michigan on Monday.")
    assert "Attack" not in [e.sub_event_type for e in evs]


def test_a_crime_named_in_a_charge_is_no_event_of_that_kind() -> None:
    evs = _events(
        "The woman who allegedly shot three co-workers, killing two, at the plant on Thursday "
        "night has been charged with murder, attempted murder and aggravated assault.",
        published="September 10, 2010",
    )
    assert [e.sub_event_type for e in evs] == ["Attack"]  # no "assault" armed clash
    assert evs[0].fatalities == 2


def test_a_fire_set_or_charged_as_arson_is_property_destruction() -> None:
    (ev,) = _events("A man has been charged with arson after a fire at a supermarket.")
    assert ev.sub_event_type == "Looting/property destruction"
    (ev,) = _events("Youths set fire to three banks in the city centre on Friday.")
    assert ev.sub_event_type == "Looting/property destruction"
    # arson as a word alone is no event
    assert _events("Arson investigators and the fire service were at the scene on Friday.") == []
    assert _events("A man has denied arson at a court hearing on Friday.") == []


def test_in_protest_at_is_the_motive_not_a_second_protest() -> None:
    evs = _events(
        "Riots broke out in Athens on Saturday in protest at the killing of a teenager.",
        published="December 13, 2008",
    )
    assert "Peaceful protest" not in [e.sub_event_type for e in evs]


def test_a_place_moved_toward_is_not_where_it_happened() -> None:
    evs = _events(
        "Gunmen stormed an army camp in Mopti, Mali on Tuesday.\n\n"
        "The attackers set fire to vehicles before withdrawing toward the border with "
        "Burkina Faso.",
        published="March 4, 2020",
    )
    assert all(e.country == "Mali" for e in evs), [(e.sub_event_type, e.country) for e in evs]


def test_the_second_day_of_an_offensive_is_the_offensive_going_on() -> None:
    evs = _events(
        "Heavy gunfire was heard again in the north of the province. It was the second day of "
        "an offensive by government troops against rebel-held villages near Goma, residents "
        "said."
    )
    (ev,) = [e for e in evs if e.event_type == "Battles"]
    assert ev.sub_event_type == "Armed clash"
    assert ev.actor1 and ev.actor1.startswith("Military Forces of")
    # a reference to an offensive is still no report of it
    assert not [
        e
        for e in _events(
            "Analysts in the capital debated the gains of the offensive against the rebels "
            "at length, and the minister declined to comment on them."
        )
        if e.event_type == "Battles"
    ]


def test_the_region_refers_to_the_last_region_named_not_the_last_town() -> None:
    evs = _events(
        "Hundreds of Kurds marched on Sunday in Berlin to demand aid for Syria's Idlib "
        "province. A smaller crowd gathered in Hamburg, police said.\n\n"
        "At least 40 people were reported killed in clashes between government troops and "
        "rebels in the troubled region on Saturday.",
        published="March 4, 2012",
    )
    (clash,) = [e for e in evs if e.sub_event_type == "Armed clash"]
    assert clash.country == "Syria" and clash.location != "Hamburg"
    assert clash.geo_precision == 3


def test_a_bombing_that_killed_people_stays_an_explosion() -> None:
    # the learned typer reads this sentence as an attack on civilians; ACLED codes explosives
    # used on civilians as Explosions/Remote violence
    evs = _events("The hotel bombing, on Friday, killed 40 people in Mombasa.")
    types = {e.event_type for e in evs}
    assert "Explosions/Remote violence" in types
    assert "Violence against civilians" not in types


def test_a_sheriffs_deputy_shot_dead_is_an_event_on_the_stated_day() -> None:
    # a sheriff's deputy is law enforcement (an armed victim); "fatally shot Friday" in a
    # Saturday page is the Friday before
    evs = _events(
        "A Los Angeles County sheriff's deputy interviewing a woman and a man outside a "
        "Hawaiian Gardens apartment was fatally shot Friday when a gunman burst out of the "
        "residence, put a handgun to the officer's face and fired, authorities said.",
        published="June 25, 2005",
    )
    (ev,) = evs
    assert ev.event_date == "2005-06-24"
    assert ev.fatalities == 1  # "a ... deputy ... was fatally shot"
    assert ev.sub_event_type in ("Armed clash", "Attack")


def test_a_bare_time_of_day_is_on_the_day_the_story_named() -> None:
    body = (
        "A man has denied arson following a fire at a Somerset supermarket early on Sunday.\n\n"
        "Robert Pitman, 24, is accused of setting fire to the Waitrose store in Wellington "
        "shortly after 06:00 BST."
    )
    (ev,) = _events(body, published="July 23, 2013")
    assert (ev.event_date, ev.time_precision) == ("2013-07-21", 1)  # Sunday, not the page's day
    # with no day named before it, the time of day is on the page's day, as before
    (ev,) = _events(body.split("\n\n")[1], published="July 23, 2013")
    assert ev.event_date == "2013-07-23"


def test_an_event_placed_at_a_county_is_located_there_with_precision_two() -> None:
    # the gazetteer has no Wellington in Somerset: the event is coded to the county (ACLED's
    # geo_precision 2, a small part of a region), named as the county, not as England
    evs = _events(
        "A fire destroyed a supermarket in Wellington, Somerset, early on Sunday, and a man "
        "was charged with arson on Monday, police said."
    )
    (fire,) = [e for e in evs if e.sub_event_type == "Looting/property destruction"]
    assert (fire.location, fire.admin1, fire.geo_precision) == ("Somerset", "England", 2)
