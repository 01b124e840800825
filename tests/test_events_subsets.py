"""A figure that counts part of the victims (dateline.events.subsets): never the toll when the
sentence gives the whole, marked as a subset otherwise, and left out by the corpus merge when
another report gives the full toll."""

from __future__ import annotations

from dateline.corpus.merge import build_merged, fatality_figure
from dateline.events import subsets
from event_pages import page_events
from test_merge import ev, se


def test_among_the_224_killed_is_the_toll() -> None:
    events = page_events(
        "Twelve Americans were among the 224 people killed in the bombing in Nairobi on Monday.",
        "May 3, 2016",
    )
    assert [(e.trigger_text, e.fatalities, subsets.is_subset(e)) for e in events] == [
        ("bombing", 224, False)
    ]


def test_foreign_nationals_killed_are_a_subset() -> None:
    events = page_events(
        "Twelve Americans were killed in the embassy bombing in Nairobi on Monday.", "May 3, 2016"
    )
    assert [(e.fatalities, subsets.is_subset(e)) for e in events] == [(12, True)]
    # the country's own nationals: all of the victims, not a subset
    events = page_events(
        "Twelve Kenyans were killed in the embassy bombing in Nairobi on Monday.", "May 3, 2016"
    )
    assert [(e.fatalities, subsets.is_subset(e)) for e in events] == [(12, False)]


def test_merge_prefers_a_full_toll_to_a_lower_subset() -> None:
    part = ev(fatalities=12)  # an event in Palmyra, Syria
    subsets.mark(part, ("nationality", "Americans"))
    whole = ev(fatalities=224)
    figure, _, rule = fatality_figure([se("a", part), se("b", whole)])
    assert subsets.is_subset(part) and figure == 224
    assert "subset" in rule
    merged = build_merged([se("a", part), se("b", whole)])
    assert merged.event.fatalities == 224 and not subsets.is_subset(merged.event)
    assert merged.fatalities_reported == [12, 224]  # the disagreement is kept
    # alone, the subset figure is all there is
    assert fatality_figure([se("a", part)])[0] == 12
