"""A wire report's lead names its event without a date ("Terrorist bombings at U.S. embassies in
Kenya and Tanzania blew apart buildings"), dated by the rules at the publication date with a
week's precision; a later sentence dates it ("The car bombings occurred ... on Friday").

Within one article, an event dated only by the publication date is the same day as an event of
the same kind and place stated on a day of the week before (ACLED: one event, the stated date);
:func:`same_day` lets the article's merge join them, and :func:`take_stated_date` gives the
merged event the stated date.
"""

from __future__ import annotations

from datetime import date

from dateline.records import Event

PUBLICATION_DATED = "date from the publication date"


def _pub_dated(e: Event) -> bool:
    return PUBLICATION_DATED in e.notes and (e.time_precision or 0) >= 2


def same_day(a: Event, b: Event) -> bool:
    """Whether ``a`` and ``b`` may be one day's event: the same date, or one dated only by the
    publication date and the other stated on one of the seven days before it."""
    if a.event_date == b.event_date:
        return True
    if not a.event_date or not b.event_date or _pub_dated(a) == _pub_dated(b):
        return False
    pub, stated = (a, b) if _pub_dated(a) else (b, a)
    days = (
        date.fromisoformat(pub.event_date or "") - date.fromisoformat(stated.event_date or "")
    ).days
    return 0 <= days <= 7


def take_stated_date(keep: Event, other: Event) -> None:
    """``keep`` takes ``other``'s date when only ``keep``'s came from the publication date."""
    if _pub_dated(keep) and not _pub_dated(other) and other.event_date:
        keep.event_date, keep.time_precision, keep.year = (
            other.event_date,
            other.time_precision,
            other.year,
        )
