"""One sense per list (places/lists.py): members listed with a recognised place are places."""

from __future__ import annotations

from dateline.language.parse import Parse
from dateline.places.stage import recognise
from dateline.records import Article


def _spans(text: str) -> list[str]:
    return [t.text for t in recognise(Parse()(Article(text=text)))]


def test_a_name_listed_with_a_place_is_a_place() -> None:
    # spaCy labels "Almelo" PERSON: listed after Hilversum, the gazetteer's Dutch town
    text = "The trip from Amsterdam to Berlin includes stops in Hilversum and Almelo, it says."
    assert "Almelo" in _spans(text)


def test_a_list_of_people_with_one_place_is_not_read_as_places() -> None:
    text = "Survivors include his daughters Clarence, Irene, Marie and London, police said."
    spans = _spans(text)
    assert "Irene" not in spans and "Marie" not in spans
    # acronyms beside a place stay out ("TPP" is not a town's code)
    assert "TPP" not in _spans("Trade deals with Canada and TPP members were discussed.")
