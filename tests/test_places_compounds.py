"""Places and nationalities inside hyphenated compounds (places/compounds.py), benchmark mode."""

from __future__ import annotations

from dateline.language.parse import Parse
from dateline.places.stage import recognise
from dateline.records import Article


def _spans(text: str) -> dict[str, str]:
    art = Parse()(Article(text=text))
    return {t.text: t.source for t in recognise(art, demonyms=True, embedded=True)}


def test_parts_of_hyphenated_compounds_are_toponyms() -> None:
    spans = _spans(
        "Turkey fired on towns along the Syrian-Turkish border. A 12-year-old German-Iraqi "
        "boy was held. The U.S.-led coalition met."
    )
    assert spans.get("Syrian") == "demonym" and spans.get("Turkish") == "demonym"
    assert "German" in spans and "Iraqi" in spans and "U.S." in spans


def test_compounds_inside_longer_names_or_known_whole_are_left_alone() -> None:
    spans = _spans(
        "Donna Kennedy-Glans left the race. The Los Angeles-based firm grew. Fighting in "
        "Nagorno-Karabakh resumed."
    )
    assert "Kennedy" not in spans and "Angeles" not in spans and "Karabakh" not in spans
    # not in the production reading (no embedded places)
    art = Parse()(Article(text="Turkey fired on towns along the Syrian-Turkish border."))
    assert "Turkish" not in {t.text for t in recognise(art)}
