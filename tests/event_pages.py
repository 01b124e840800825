"""Hand-written news pages for the event tests: a headline, a publication line, the body and
a closing paragraph, run through the real pipeline (spaCy, gazetteer, typer)."""

from __future__ import annotations

from dateline.pipeline import process_text
from dateline.records import Article, Event

PAGE = (
    "Headline\n\nPublished: {published}\n\n{body}\n\nMore details were expected later, and "
    "a spokesman said that the investigation was continuing in the area.\n"
)


def page(body: str, published: str) -> Article:
    """The analysed page around ``body``, published on ``published`` (never rejected)."""
    article = process_text(PAGE.format(published=published, body=body))
    assert article.rejection is None
    return article


def page_events(body: str, published: str) -> list[Event]:
    return page(body, published).events
