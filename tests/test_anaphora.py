"""Definite mentions of an event (dateline.events.anaphora): dated by the event they refer to."""

from __future__ import annotations

from typing import Any

from dateline.events import anaphora
from dateline.language.parse import ensure_doc
from dateline.pipeline import process_text


def _page(body: str, published: str = "August 12, 1998") -> Any:
    filler = (
        "The investigation is continuing, a police spokesman said, and more details were expected."
    )
    article = process_text(
        f"Headline\n\nPublished: {published}\n\n{body}\n\n{filler}\n\n{filler}\n"
    )
    assert article.rejection is None
    return article


def _token(article: Any, word: str) -> Any:
    doc = ensure_doc(article)
    return next(t for t in doc if t.text == word)


def _times(article: Any, word: str, when: str) -> bool:
    tok = _token(article, word)
    texpr = next(t for t in article.times if when in t.text)
    return anaphora.own_time(tok, ensure_doc(article), texpr)


def test_a_definite_mention_and_the_time_it_owns() -> None:
    art = _page("Iran on Tuesday condemned the bombing of the embassy.")
    assert anaphora.definite(_token(art, "bombing"))
    assert not _times(art, "bombing", "Tuesday")  # Tuesday dates the condemnation
    art = _page("The bombing happened on Friday, police said.")
    assert _times(art, "bombing", "Friday")  # the mention is the dated clause's subject
    art = _page("Dozens of people were killed in the blasts on Friday.")
    assert _times(art, "blasts", "Friday")  # an event verb governs the mention
    art = _page(
        "More than 100 people have been killed and more than 1,000 others wounded in the blasts"
        " next to the embassies in Kenya and Tanzania on Friday."
    )
    assert _times(art, "blasts", "Friday")  # so does a verb of the harm the event did
    art = _page("A bomb exploded outside the embassy on Friday.")
    assert not anaphora.definite(_token(art, "bomb"))  # an indefinite noun introduces its event
    art = _page("Friday's attack on the embassy killed 12 people in the city centre.")
    assert anaphora.definite(_token(art, "attack"))


def test_a_follow_up_report_dates_the_bombing_by_its_stated_date() -> None:
    art = _page(
        "The Aug. 7 bombings of the U.S. embassies in Nairobi and Dar es Salaam killed 257"
        " people.\n\nFBI agents pressed their investigation on Tuesday.\n\n"
        "Iran on Tuesday condemned the bombings and offered condolences to the victims."
    )
    violent = [e for e in art.events if e.event_type == "Explosions/Remote violence"]
    assert violent
    assert all(e.event_date == "1998-08-07" for e in violent), [
        (e.event_date, e.notes) for e in violent
    ]


def test_a_definite_mention_without_a_dated_antecedent_is_not_the_report_day() -> None:
    art = _page("Iran on Tuesday condemned the bombings at the U.S. embassy in Nairobi.")
    violent = [e for e in art.events if e.event_type == "Explosions/Remote violence"]
    assert violent
    assert all(not (e.event_date == "1998-08-11" and e.time_precision == 1) for e in violent)


def test_nairobi_is_no_air_strike() -> None:
    art = _page("A bomb exploded at the U.S. embassy in Nairobi on Friday, killing 12 people.")
    subs = [e.sub_event_type for e in art.events]
    assert subs and "Air/drone strike" not in subs


def test_a_mention_that_refers_back_is_the_event_it_refers_to() -> None:
    story = (
        "A man who was fired last week walked into his former office in Troy, Michigan, with a"
        " shotgun on Monday and shot three people, killing one, police said."
    )
    art = _page(
        f"{story}\n\nOfficers and witnesses described a chaotic scene after the shooting as"
        " workers barricaded themselves in their offices.",
        published="April 10, 2007",
    )
    attacks = [e for e in art.events if e.event_type == "Violence against civilians"]
    assert len(attacks) == 1, [(e.sentence, e.actor1, e.notes) for e in attacks]
    assert attacks[0].event_date == "2007-04-09" and attacks[0].fatalities == 1
    # a different event of another day is not folded in
    art = _page(
        f"{story}\n\nIn a separate case, a gunman shot two people dead at a bar in Detroit on"
        " Saturday.",
        published="April 10, 2007",
    )
    attacks = [e for e in art.events if e.event_type == "Violence against civilians"]
    assert len(attacks) == 2, [(e.event_date, e.location) for e in attacks]


def test_a_full_date_before_the_noun_or_beside_a_present_clause_dates_the_mention() -> None:
    # written out with its year, right before the noun (parsed as an apposition of the date)
    art = _page("Relatives remembered the March 3, 2009, bombings of two markets in Kirkuk.")
    assert _times(art, "bombings", "March 3")
    # a calendar day of the past cannot date the present-tense clause it hangs from
    art = _page(
        "Garcia now heads the inquiry into the bombings that killed 31 shoppers, including two"
        " guards, on March 3, 2009.",
        published="May 5, 2010",
    )
    assert _times(art, "bombings", "March 3")
    violent = [e for e in art.events if e.event_type == "Explosions/Remote violence"]
    assert violent and all(e.event_date == "2009-03-03" for e in violent)
    # a past clause keeps its own date: the condemnation was on that day, not the bombing
    art = _page("The minister condemned the bombing at the market on March 3, 2009.")
    assert not _times(art, "bombing", "March 3")


def test_a_mention_of_an_older_event_dated_to_its_day_is_that_event() -> None:
    art = _page(
        "Garcia heads a panel that studies the bombings which killed 31 shoppers in Kirkuk,"
        " including two guards, on March 3, 2009.\n\n"
        "The bombs went off minutes apart near the market.",
        published="May 5, 2010",
    )
    assert art.events
    # the follow-up sentence is the older event (its day), not a new one of the report's week
    assert all(e.event_date == "2009-03-03" for e in art.events), [
        (e.event_date, e.evidence_text) for e in art.events
    ]


def test_an_event_retold_in_the_past_perfect_at_its_place_is_that_event() -> None:
    art = _page(
        "An explosion tore through a crowded street in Kirkuk on Saturday night, wounding 29"
        " people.\n\nBefore officials spoke, a senator said that a bomb had gone off in Kirkuk.",
        published="May 5, 2010",
    )
    violent = [e for e in art.events if e.event_type == "Explosions/Remote violence"]
    assert len(violent) == 1 and not violent[0].background, [
        (e.event_date, e.evidence_text) for e in violent
    ]
