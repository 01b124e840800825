"""General-purpose word lists shared by the stages (no document-specific entries)."""

from __future__ import annotations

import re
from typing import Any

# demonym / adjective -> country name (GeoNames short names)
_DEMONYM_PAIRS = """
Afghan:Afghanistan; Albanian:Albania; Algerian:Algeria; American:United States; Angolan:Angola;
Argentine:Argentina; Argentinian:Argentina; Armenian:Armenia; Australian:Australia;
Austrian:Austria; Azerbaijani:Azerbaijan; Azeri:Azerbaijan; Bahraini:Bahrain;
Bangladeshi:Bangladesh; Belarusian:Belarus; Belgian:Belgium; Beninese:Benin; Bolivian:Bolivia;
Bosnian:Bosnia and Herzegovina; Brazilian:Brazil; British:United Kingdom; Bulgarian:Bulgaria;
Burkinabe:Burkina Faso; Burmese:Myanmar; Burundian:Burundi; Cambodian:Cambodia;
Cameroonian:Cameroon; Canadian:Canada; Chadian:Chad; Chilean:Chile; Chinese:China;
Colombian:Colombia; Congolese:Democratic Republic of the Congo; Croatian:Croatia; Cuban:Cuba;
Cypriot:Cyprus; Czech:Czechia; Danish:Denmark; Djiboutian:Djibouti; Dutch:Netherlands;
Ecuadorian:Ecuador; Egyptian:Egypt; Emirati:United Arab Emirates; Eritrean:Eritrea;
Estonian:Estonia; Ethiopian:Ethiopia; Filipino:Philippines; Finnish:Finland; French:France;
Gabonese:Gabon; Gambian:Gambia; Georgian:Georgia; German:Germany; Ghanaian:Ghana; Greek:Greece;
Guatemalan:Guatemala; Guinean:Guinea; Haitian:Haiti; Honduran:Honduras; Hungarian:Hungary;
Indian:India; Indonesian:Indonesia; Iranian:Iran; Iraqi:Iraq; Irish:Ireland; Israeli:Israel;
Italian:Italy; Ivorian:Ivory Coast; Jamaican:Jamaica; Japanese:Japan; Jordanian:Jordan;
Kazakh:Kazakhstan; Kenyan:Kenya; Kosovar:Kosovo; Kurdish:Iraq; Kuwaiti:Kuwait;
Kyrgyz:Kyrgyzstan; Lao:Laos; Latvian:Latvia; Lebanese:Lebanon; Liberian:Liberia; Libyan:Libya;
Lithuanian:Lithuania; Malagasy:Madagascar; Malawian:Malawi; Malaysian:Malaysia; Malian:Mali;
Mauritanian:Mauritania; Mexican:Mexico; Moldovan:Moldova; Mongolian:Mongolia;
Montenegrin:Montenegro; Moroccan:Morocco; Mozambican:Mozambique; Namibian:Namibia;
Nepalese:Nepal; Nepali:Nepal; Nicaraguan:Nicaragua; Nigerian:Nigeria; Nigerien:Niger;
North Korean:North Korea; Norwegian:Norway; Omani:Oman; Pakistani:Pakistan;
Palestinian:Palestinian Territory; Panamanian:Panama; Paraguayan:Paraguay; Peruvian:Peru;
Polish:Poland; Portuguese:Portugal; Qatari:Qatar; Romanian:Romania; Russian:Russia;
Rwandan:Rwanda; Salvadoran:El Salvador; Saudi:Saudi Arabia; Senegalese:Senegal;
Serbian:Serbia Sierra; Leonean:Sierra Leone; Singaporean:Singapore; Slovak:Slovakia;
Slovenian:Slovenia; Somali:Somalia South; African:South Africa South; Korean:South Korea;
South Sudanese:South Sudan; Spanish:Spain Sri; Lankan:Sri Lanka; Sudanese:Sudan;
Swedish:Sweden; Swiss:Switzerland; Syrian:Syria; Taiwanese:Taiwan; Tajik:Tajikistan;
Tanzanian:Tanzania; Thai:Thailand; Togolese:Togo; Tunisian:Tunisia; Turkish:Turkey;
Turkmen:Turkmenistan; Ugandan:Uganda; Ukrainian:Ukraine; Uruguayan:Uruguay; Uzbek:Uzbekistan;
Venezuelan:Venezuela; Vietnamese:Vietnam; Yemeni:Yemen; Zambian:Zambia; Zimbabwean:Zimbabwe;
"""
DEMONYMS: dict[str, str] = {
    d.strip(): c.strip()
    for d, c in (p.split(":") for p in re.split(r";\s*", _DEMONYM_PAIRS.strip()) if ":" in p)
}

# heads of noun phrases that denote collective actors
ARMED_GROUP_NOUNS = frozenset(
    """militant militants fighter fighters rebel rebels insurgent insurgents jihadist jihadists
    extremist extremists gunman gunmen militia militias militiaman militiamen terrorist terrorists
    guerrilla guerrillas""".split()
)
STATE_FORCE_NOUNS = frozenset(
    """troop troops soldier soldiers force forces army military police policeman policemen
    officer officers guard guards navy airforce""".split()
)
GROUP_HEADS = (
    ARMED_GROUP_NOUNS
    | STATE_FORCE_NOUNS
    | frozenset(
        """group activist activists protester protesters demonstrator demonstrators marcher marchers
    rioter rioters policeman official officials
    government regime resident residents civilian civilians villager villagers student students
    worker workers opposition coalition alliance authority authorities ministry""".split()
    )
)
# collective actors named the ACLED way: "Protesters (Kenya)", "Police Forces of Kenya"
COLLECTIVE_ACTORS = {
    "protester": "Protesters",
    "demonstrator": "Protesters",
    "marcher": "Protesters",
    "rioter": "Rioters",
    "civilian": "Civilians",
    "villager": "Civilians",
    "police": "Police Forces",
    "policeman": "Police Forces",
    "officer": "Police Forces",
}
# adjectives that keep "the <adj> group" an anaphor of an armed group
ARMED_ADJECTIVES = frozenset(
    """extremist militant jihadist terrorist armed insurgent rebel radical islamist sunni shiite
    shia hardline ultraconservative extremists""".split()
)
# well-known armed group name fragments (lower case)
ARMED_GROUP_HINTS = (
    "islamic state",
    "isis",
    "isil",
    "daesh",
    "al-qaida",
    "al-qaeda",
    "al qaeda",
    "taliban",
    "boko haram",
    "al-shabab",
    "al-shabaab",
    "hezbollah",
    "hamas",
    "houthi",
    "nusra",
    "jabhat",
    "ahrar al-sham",
    "front",
    "brigade",
    "militia",
    "liberation army",
    "rebels",
    "free syrian army",
    "pkk",
    "ypg",
    "farc",
    "eln",
    "wagner",
    "janjaweed",
    "rapid support forces",
    "al-qassam",
    "jihad",
    "mujahideen",
    "lord's resistance",
)
# words that make a pre-modifier a title
TITLE_WORDS = frozenset(
    """president governor minister secretary spokesman spokeswoman spokesperson chief commander
    general colonel major captain lieutenant sergeant ambassador envoy mayor senator
    representative rep. sen. gov. gen. col. lt. sgt. capt. prime premier king queen prince
    emir sheikh director chairman chairwoman head leader official deputy judge prosecutor
    attorney sheriff inspector superintendent chancellor foreign defence defense interior
    justice health army police""".split()
)

# cardinal number words (zero … twenty, then the tens)
NUMBER_WORDS: dict[str, int] = {
    **{
        w: i
        for i, w in enumerate(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
        )
    },
    **{
        w: 10 * (i + 3)
        for i, w in enumerate("thirty forty fifty sixty seventy eighty ninety".split())
    },
}


#: modifiers of "officer" that make it a company's or an office's, not a police officer
_OFFICE = frozenset(
    "chief executive operating financial information technology marketing medical press public"
    " compliance loan commanding".split()
)


def office_holder(head: Any) -> bool:
    """Whether "officer" (the token ``head``) names an office ("chief executive officer",
    "press officer"), not the police: one of its modifiers is an office's word."""
    return any(c.lower_ in _OFFICE for c in head.children if c.dep_ in ("compound", "amod"))
