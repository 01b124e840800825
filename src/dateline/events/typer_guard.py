"""Which sub-event types the learned typer may give a sentence (issue 17).

The typer reads the whole sentence and may move an event to a sub-type whose means the
sentence never names: a man "fatally shot by police" typed Sexual violence, a riot typed
Chemical weapon.  A sub-type defined by its means needs a word for that means in the sentence;
the other sub-types are the typer's to give.
"""

from __future__ import annotations

import re

_MEANS = {
    "Sexual violence": re.compile(r"\b(?:rap(?:e|ed|es|ing|ist|ists)|sexual\w*|molest\w*)\b", re.I),
    "Chemical weapon": re.compile(
        r"\b(?:chemical|sarin|chlorine|mustard|nerve agent|toxic gas)\b", re.I
    ),
    "Air/drone strike": re.compile(
        r"\b(?:air\w*|aerial|drones?|warplanes?|jets?|helicopters?|aircraft|bombers?)\b", re.I
    ),
    # the explosive sub-types: a weapon fired or set off from afar, never a gun ("a deputy
    # was shot outside a building" is no shelling)
    "Shelling/artillery/missile attack": re.compile(
        r"\b(?:shell\w*|artillery|missiles?|rockets?|mortars?|howitzers?|cannon\w*|bombard\w*"
        r"|projectiles?|katyushas?|grads?)\b",
        re.I,
    ),
    "Remote explosive/landmine/IED": re.compile(
        r"\b(?:bomb\w*|explosi\w+|explod\w+|IEDs?|(?:land)?mines?|blasts?|detonat\w+|devices?)\b",
        re.I,
    ),
    "Grenade": re.compile(r"\bgrenades?\b", re.I),
    # a demonstration needs its crowd or its action named ("a police officer was shot" is no
    # excessive force against protesters)
    **dict.fromkeys(
        (
            "Peaceful protest",
            "Protest with intervention",
            "Excessive force against protesters",
            "Violent demonstration",
        ),
        re.compile(
            r"\b(?:protest\w*|demonstrat\w*|march\w*|rall(?:y|ies|ied|ying)|crowds?|riot\w*"
            r"|strik(?:e|es|ers?|ing)|sit-ins?|picket\w*|youths?|mobs?|unrest|vigils?|gather\w*"
            r"|petrol bombs?|molotov\w*|stormed|occup\w+|boycott\w*|activists?|tear ?gas"
            r"|clash\w*|loot\w*|rampag\w*|vandal\w*|barricad\w*|hurl\w*|stones|rocks|bottles)\b",
            re.I,
        ),
    ),
    "Suicide bomb": re.compile(r"\b(?:suicide|self-detonat\w*|blew (?:him|her|them)sel\w+)", re.I),
}
_IRRITANT = re.compile(r"\b(?:tear ?gas|pepper spray)\b", re.I)


def plausible(label: str, sentence: str) -> bool:
    """Whether the typer may give ``label`` to an event told in ``sentence``."""
    means = _MEANS.get(label)
    if means is None:
        return True
    if label == "Chemical weapon" and _IRRITANT.search(sentence):
        return False  # tear gas is crowd control ("chemical smoke" from tear gas)
    return bool(means.search(sentence))
