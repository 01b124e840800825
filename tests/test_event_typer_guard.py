"""The typer's guard (issue 17): a sub-type defined by its means needs that means named."""

from __future__ import annotations

from dateline.events import typer_guard
from dateline.pipeline import process_text

PAGE = (
    "Headline\n\nPublished: May 5, 2013\n\n{body}\n\nMore details were expected later, and "
    "a spokesman said that the investigation was continuing in the area.\n"
)


def _subs(body: str) -> list[str]:
    return [e.sub_event_type for e in process_text(PAGE.format(body=body)).events]


def test_the_typer_gives_no_sub_type_whose_means_the_sentence_never_names() -> None:
    shot = "The wife of a driver fatally shot by deputies filmed the encounter in Lisbon."
    assert not typer_guard.plausible("Sexual violence", shot)
    assert typer_guard.plausible("Attack", shot)
    assert typer_guard.plausible("Sexual violence", "Soldiers raped two women in the village.")
    assert not typer_guard.plausible("Chemical weapon", "Police fired tear gas and chemical spray.")
    assert "Sexual violence" not in _subs(shot)


def test_the_explosive_sub_types_need_their_weapon_named() -> None:
    shot = (
        'Deputy Luis Gerardo "Jerry" Ortiz, 35, was shot outside an apartment building while'
        " investigating a man in connection with another shooting."
    )
    for label in (
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
        "Suicide bomb",
    ):
        assert not typer_guard.plausible(label, shot), label
    assert typer_guard.plausible("Shelling/artillery/missile attack", "Rebels fired mortars.")
    assert typer_guard.plausible("Remote explosive/landmine/IED", "A roadside blast hit a bus.")
    assert typer_guard.plausible("Grenade", "A grenade was thrown into the bar.")
    assert typer_guard.plausible("Suicide bomb", "A bomber blew himself up at the gate.")


def test_a_demonstration_needs_its_crowd_or_its_action_named() -> None:
    shot = "A police officer was shot dead in Compton on Friday night."
    for label in ("Peaceful protest", "Excessive force against protesters"):
        assert not typer_guard.plausible(label, shot), label
    assert typer_guard.plausible("Peaceful protest", "Thousands marched through the capital.")
    assert typer_guard.plausible("Violent demonstration", "Hooded youths hurled petrol bombs.")
