"""Later mentions of an event (dateline.events.references): references, not new events."""

from __future__ import annotations

from typing import Any

from dateline.events import references
from dateline.language.parse import ensure_doc
from dateline.pipeline import process_text

PAGE = (
    "Headline\n\nPublished: November 11, 2011\n\n{body}\n\nMore details were expected later, and"
    " a spokesman said that the work was continuing in the area.\n"
)


def _article(body: str) -> Any:
    article = process_text(PAGE.format(body=body))
    assert article.rejection is None
    return article


def _head(article: Any, word: str) -> str | None:
    tok = next(t for t in ensure_doc(article) if t.text == word)
    return references.reference_head(tok)


def test_what_makes_an_event_noun_a_reference() -> None:
    art = _article(
        "Forensic teams went to Kirkuk to investigate the bombing at the depot.\n\n"
        "Mourners paid tribute on Friday to the shooting victims at a service.\n\n"
        "Investigators offered a large reward for information leading to the arrest and"
        " conviction of the man or men responsible for the explosion.\n\n"
        "Dozens of people were killed in the blasts at the market in Kirkuk on Monday."
    )
    assert _head(art, "bombing") == "investigate"
    assert _head(art, "shooting") == "victims"
    assert _head(art, "explosion") == "reward"
    assert _head(art, "blasts") is None  # the event told in a clause of its own


def test_references_fold_into_the_event_they_refer_to() -> None:
    art = _article(
        "A car bomb exploded outside the police headquarters in Kirkuk on Monday, killing 14"
        " people, officials said.\n\n"
        "The government sent forensic teams to the city to investigate the bombing on Wednesday.\n\n"
        "Hundreds of mourners paid tribute on Wednesday to the bombing victims at a service in a"
        " mosque.\n\n"
        "The police offered a reward for information about the explosion."
    )
    violent = [e for e in art.events if e.event_type == "Explosions/Remote violence"]
    assert len(violent) == 1, [(e.event_date, e.evidence_text) for e in violent]
    assert violent[0].event_date == "2011-11-07" and violent[0].fatalities == 14


def test_an_event_known_only_by_references_is_counted_once() -> None:
    art = _article(
        "The government sent forensic teams to Kirkuk to investigate the bombing at the police"
        " headquarters.\n\n"
        "Hundreds of mourners paid tribute on Wednesday to the bombing victims at a service in a"
        " mosque.\n\n"
        "The police offered a reward for information about the explosion."
    )
    violent = [e for e in art.events if e.event_type == "Explosions/Remote violence"]
    assert len(violent) == 1, [(e.event_date, e.evidence_text) for e in violent]
    assert violent[0].sentence == 0  # the first reference stands for the event
