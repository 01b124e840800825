"""An event's date and place probabilities (``Event.date_confidence``,
``Event.place_confidence``).

Where the event takes its date from a time expression of its own sentence, its date
confidence is that expression's calibrated probability (``TimeExpr.probability``,
:mod:`dateline.time.confidence`); where it takes its place from a place of its own sentence,
its place confidence is that place's (``Place.probability``, :mod:`dateline.places.confidence`).

Where the date or place is inferred — the narrative date, the publication date, the date of
the event a definite mention refers back to, a date shifted from another clause, a stated date
after the article's; the narrative place, the paragraph's or the article's main place, a town
from the article inside the region named — the field stays None: no number is invented.  The
record golds that could measure such cases (``tests/golden/records-*-dev.json``) hold too few
found events with an inferred date or place to fit or check a probability (EVALUATION.md,
"Calibrated confidence").
"""

from __future__ import annotations

from collections.abc import Sequence

from dateline.events.anaphora import REFERS_BACK
from dateline.records import Event, Place, TimeExpr

#: notes that say the event's date is not its own sentence's time expression's value
DATE_INFERRED: tuple[str, ...] = (
    "date from the narrative context",
    "date from the publication date",
    "the sentence's main event",
    REFERS_BACK,
    "no dated antecedent",
    "dates another clause",
    "is after the article's date",
)
#: notes that say the event's place is not a place of its own sentence
PLACE_INFERRED: tuple[str, ...] = (
    "place from the narrative context",
    "place from the paragraph",
    "place from the article's",
    "town from the article",
    "the article's town",
)


def assign(events: Sequence[Event], times: Sequence[TimeExpr], places: Sequence[Place]) -> None:
    """Set each event's ``date_confidence`` and ``place_confidence`` (None where inferred)."""
    for ev in events:
        ev.date_confidence = None
        ev.place_confidence = None
        notes = ev.notes
        if (
            ev.time_expr is not None
            and ev.event_date
            and 0 <= ev.time_expr < len(times)
            and times[ev.time_expr].sentence in (None, ev.sentence)
            and not any(m in notes for m in DATE_INFERRED)
        ):
            ev.date_confidence = times[ev.time_expr].probability
        if (
            ev.place is not None
            and 0 <= ev.place < len(places)
            and places[ev.place].sentence in (None, ev.sentence)
            and not any(m in notes for m in PLACE_INFERRED)
        ):
            ev.place_confidence = places[ev.place].probability
