"""Sub-event types on real pages (issue 17): what the weapon says, read from the parse; each
rule on a sentence of its own wording run through the real pipeline (spaCy, gazetteer, typer)."""

from __future__ import annotations

from dateline.pipeline import process_text

PAGE = (
    "Headline\n\nPublished: {published}\n\n{body}\n\nMore details were expected later, and "
    "a spokesman said that the investigation was continuing in the area.\n"
)


def _subs(body: str) -> list[str]:
    article = process_text(PAGE.format(published="May 5, 2013", body=body))
    assert article.rejection is None
    return [e.sub_event_type for e in article.events]


def test_a_thrown_petrol_bomb_is_a_riot_not_an_ied() -> None:
    subs = _subs(
        "Two shop assistants died in Lisbon when their store caught fire after a rioter threw "
        "a petrol bomb inside."
    )
    assert "Violent demonstration" in subs
    assert "Remote explosive/landmine/IED" not in subs


def test_tear_gas_is_no_chemical_weapon() -> None:
    subs = _subs(
        "Strikers pelted the guards with stones in Lisbon, and the guards replied with tear gas, "
        "filling the avenue with chemical smoke."
    )
    assert "Chemical weapon" not in subs


def test_a_bomb_aboard_an_airliner_is_no_air_strike() -> None:
    subs = _subs(
        "Two men were charged on Thursday over the 1994 bombing of an airliner that killed 80 "
        "people on the plane over Lisbon."
    )
    assert "Air/drone strike" not in subs
    assert "Remote explosive/landmine/IED" in subs
    # an aircraft that attacks stays an air strike
    assert "Air/drone strike" in _subs("Warplanes bombed a fuel depot near Lisbon on Thursday.")
