"""Entity mentions, alias merging and roles."""

from __future__ import annotations

import pytest

from dateline.language.entities import Entities
from dateline.language.parse import Parse
from dateline.pages.textpage import TextPage
from dateline.records import Article


def analyse(text: str) -> Article:
    return Entities()(Parse()(TextPage(min_body_words=3)(Article.from_raw(text))))


def by_name(a: Article, name: str):
    return next((e for e in a.entities if e.canonical == name), None)


@pytest.fixture(scope="module")
def seed(seed_path):
    return analyse(seed_path.read_text())


def test_armed_group_aliases_merged(seed):
    ent = by_name(seed, "Islamic State")
    assert ent is not None and ent.kind == "armed_group"
    assert "IS" in ent.aliases
    assert {"extremist group", "Islamic State militants"} <= set(ent.aliases)
    # every mention of the entity points back to it and lies inside the text
    for mi in ent.mentions:
        m = seed.mentions[mi]
        assert m.entity == ent.id and seed.text[m.start : m.end] == m.text


def test_titles_from_premodifier_and_apposition(seed):
    gov = next(e for e in seed.entities if e.canonical.endswith("Barazi"))
    assert gov.roles[0].title == "Homs Province Governor"
    head = next(e for e in seed.entities if e.canonical.endswith("Abdurrahman"))
    assert head.roles[0].title.startswith("head of")
    assert head.roles[0].organization == "Syrian Observatory for Human Rights"


def test_state_forces_named_by_country(seed):
    forces = by_name(seed, "Military Forces of Syria")
    assert forces is not None
    assert "government troops" in forces.aliases
    assert by_name(seed, "Military Forces of Russia") is not None


def test_monitoring_group_is_not_the_armed_group(seed):
    ent = by_name(seed, "Islamic State")
    assert "opposition monitoring group" not in ent.aliases


def test_person_surname_merged_and_acronym_defined_later():
    a = analyse(
        "Police Chief Maria Lopez said the Revolutionary Armed Forces of Colombia (FARC) attacked a "
        "patrol. Lopez said FARC fighters fled into the jungle near the river."
    )
    lopez = [e for e in a.entities if e.label == "PERSON"]
    assert len(lopez) == 1 and len(lopez[0].mentions) == 2
    farc = next(e for e in a.entities if "FARC" in e.aliases)
    # a known group takes its ACLED name (the actor table), whatever the article calls it
    assert farc.canonical == "FARC: Revolutionary Armed Forces of Colombia"


def test_a_city_police_are_the_police_of_its_country() -> None:
    """ACLED names a city's police by the country ("Police Forces of the United States"),
    never by the city ("Police Forces of Woodburn")."""
    from event_pages import page

    a = page(
        "Woodburn police arrested two men in Woodburn, Oregon, on Monday. Vancouver police shot"
        " a man in Vancouver, British Columbia, on Tuesday.",
        "May 3, 2016",
    )
    names = {e.canonical for e in a.entities if e.kind == "police"}
    assert names == {"Police Forces of the United States", "Police Forces of Canada"}


def test_a_police_department_is_named_by_its_country() -> None:
    """ "NYPD", "the Staunton Police Department": ACLED's "Police Forces of <country>"."""
    from event_pages import page

    a = page(
        "NYPD officers arrested 12 protesters in Brooklyn on Monday. The Staunton Police"
        " Department arrested a man in Staunton, Virginia, on Tuesday.",
        "May 3, 2016",
    )
    police = [e for e in a.entities if e.kind == "police"]
    assert [e.canonical for e in police] == ["Police Forces of the United States"]
    texts = {m.text for m in a.mentions if m.entity == police[0].id}
    assert "Staunton Police Department" in texts
    assert any(t.startswith("NYPD") for t in texts), texts


def test_a_company_officer_is_no_police() -> None:
    from event_pages import page

    a = page(
        "A fired employee crashed the office party in Vancouver on Monday and shot the chief"
        " executive officer. Two police officers arrived minutes later.",
        "May 3, 2016",
    )
    police = [m.text for m in a.mentions if m.label == "GROUP" and "officer" in m.text]
    assert [m.split()[-2:] for m in police] == [["police", "officers"]], police
