"""The event lexicons: trigger words by ACLED sub-event family, actor kinds, and the patterns for
negation, fatalities, claims and places that the event rules read."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

TERRITORY_GAIN = {
    "reoccupy",
    "occupy",
    "retake",
    "recapture",
    "capture",
    "seize",
    "overrun",
    "liberate",
    "regain",
    "conquer",
    "takeover",
    "fall",
    "control",
}
EXPEL = {"expel", "oust", "drive", "push", "dislodge", "evict", "rout", "repel", "repulse"}
WEAK_EXPEL = {"drive", "push", "rout", "repel", "repulse"}
CLASH = {
    "fight",
    "fighting",
    "clash",
    "battle",
    "attack",
    "assault",
    "offensive",
    "ambush",
    "combat",
    "skirmish",
    "firefight",
    "gunfight",
    "raid",
    "enter",
    "re-enter",
    "reenter",
    "advance",
    "storm",
    "besiege",
    "siege",
    "counteroffensive",
    "counterattack",
    "push",
}
AIR = {
    "airstrike",
    "air-strike",
    "warplane",
    "bombard",
    "bombardment",
    "bombing",
    "bomb",
    "drone",
    "strike",
    "sortie",
}
SHELL = {"shell", "shelling", "artillery", "mortar", "rocket", "missile", "barrage"}
IED = {"ied", "landmine", "mine", "explosion", "blast", "explode", "detonate"}
GRENADE = {"grenade"}
CHEM = {"chemical", "sarin", "chlorine", "mustard"}
KILL = {"kill", "massacre", "execute", "behead", "shoot", "murder", "slaughter", "stab", "lynch"}
ABDUCT = {"kidnap", "abduct", "abduction", "kidnapping", "hostage"}
SEXUAL = {"rape"}
PROTEST = {"protest", "demonstrate", "demonstration", "rally", "march", "sit-in", "picket"}
RIOT = {"riot", "rampage", "torch", "loot"}
ARREST = {"arrest", "detain", "detention", "apprehend"}
AGREE = {"agreement", "ceasefire", "truce", "accord", "deal", "treaty", "agree"}
MOBILIZE = {"mobilise", "mobilize", "deploy", "amass", "reinforce", "dispatch"}
DESTROY = {"dynamite", "destroy", "demolish", "raze", "burn", "blow", "vandalize", "vandalise"}
DISRUPT = {"defuse", "intercept", "dismantle"}
TRANSFER = {"handover", "cede", "withdraw", "hand"}

#: spells of time an ongoing event fills ("the second day of an offensive", "a night of clashes")
SPELLS = frozenset({"day", "night", "week", "hour", "morning", "afternoon", "evening"})

ALL_TRIGGERS = (
    TERRITORY_GAIN
    | EXPEL
    | CLASH
    | AIR
    | SHELL
    | IED
    | GRENADE
    | CHEM
    | KILL
    | ABDUCT
    | SEXUAL
    | PROTEST
    | RIOT
    | ARREST
    | AGREE
    | MOBILIZE
    | DESTROY
    | DISRUPT
    | TRANSFER
)
ACTOR_KINDS = (
    "armed_group",
    "state_forces",
    "government",
    "police",
    "protesters",
    "rioters",
    "civilians",
    "group",
)
_MODALS = {"would", "could", "might", "may", "should", "must", "can", "will", "shall"}
_NEG_GOVERNORS = {
    "unlikely",
    "no",
    "not",
    "never",
    "deny",
    "refuse",
    "fail",
    "avoid",
    "prevent",
    "thwart",
    "foil",
    "plan",
    "threaten",
    "vow",
    "want",
    "intend",
    "seek",
    "try",
    "aim",
    "hope",
    "risk",
    "call",
    "urge",
    "demand",
    "warn",
    "fear",
    "prepare",
}
_CITY_ANAPHORA = re.compile(
    r"\b(?:the|this|that)\s+(?:\w+\s+){0,3}(?:city|town|village|area|district|neighbourhood|neighborhood|province|region)\b",
    re.I,
)
_FIRE_VERBS = {"fire", "lob", "launch", "rain", "shoot", "hurl", "drop", "aim", "direct"}
_GROUND = re.compile(
    r"\b(?:city|cities|town|towns|village|villages|area|areas|district|districts|province|"
    r"region|territory|territories|neighbou?rhoods?|base|bases|camp|camps|post|posts|"
    r"positions?|checkpoints?|outposts?|airport|airbase|barracks|headquarters|hill|hills|"
    r"road|roads|highway|bridge|border|crossing|port|island|oil ?fields?|valley|front|"
    r"suburbs?|outskirts|quarter|stronghold|enclave|pocket|garrison|building|buildings|"
    r"compound|station|facility|plant|dam|mine|mines|parliament|palace|square)\b",
    re.I,
)
_NEAR_PREPS = {"around", "near", "outside", "close", "nearby", "outskirts"}
_CIVILIAN = re.compile(
    r"\b(civilians?|residents?|villagers?|people|children|women|men|worshippers|students|passengers|farmers|journalists?|family|families|"
    r"(?:co-?)?workers?|employees?|colleagues?|staff|shoppers|customers|pupils|teachers?|patients|doctors?|nurses?|bystanders?|teenagers?|teens?|boys?|girls?)\b",
    re.I,
)
_ARMED_VICTIM = re.compile(
    r"\b(troops|soldiers?|militants?|fighters?|rebels?|policem[ae]n|police officers?|officers|insurgents|forces|guards?|jihadists|gunmen|members"
    r"|sheriff(?:\s*['’]\s*s)?\s+deput(?:y|ies)|deputy sheriffs?|state troopers?)\b",
    re.I,
)
_FATALITY = re.compile(
    r"(?P<num>\b(?:at least |more than |over |nearly |almost |about |around |some |up to |an estimated )?"
    r"(?:\d[\d,]*|a dozen|dozens|scores|tens|hundreds|thousands|several|many|numerous|a few|a handful|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred))"
    r"\b(?P<what>(?:\s+(?:of\s+)?[\w'-]+){0,4}?)\s+(?:\w+\s+){0,3}?(?:were|was|have been|has been|had been|are|being)?\s*"
    r"(?:\w+\s+)?(?P<verb>killed|dead|died|slain|executed|massacred|beheaded|lost their lives|perished)\b",
    re.I,
)
_FATALITY_AFTER = re.compile(
    r"\b(?:killing|killed|kill|kills|leaving|left)\s+(?P<num>(?:at least |more than |over |nearly |about |some )?"
    r"(?:\d[\d,]*|a dozen|dozens|scores|tens|hundreds|several|many|a few|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred))\b(?:\s+(?:people|dead))?",
    re.I,
)
_TERRITORY_SUBS = frozenset(
    {
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Non-violent transfer of territory",
    }
)
_DEATH_VERBS = {"kill", "die", "slay", "murder", "assassinate"}
_CLAIM_TAIL = re.compile(
    r",\s*(?P<src>(?:[\w'’\-]+\s+){0,12}?[\w'’\-]+)\s+(?:said|say|says|reported|reports|claimed|claims|told|announced|confirmed)\b[^,.;]*[.!?]?[\"”]?$"
)
_ACCORDING = re.compile(r"\baccording to\s+(?P<src>[^,.;]+)", re.I)


@dataclass
class _Trigger:
    token: Any
    sub: str
    lemma: str
    agent: list[int] = field(default_factory=list)  # entity ids
    patient: list[int] = field(default_factory=list)
    inferred: list[str] = field(default_factory=list)


_IRREGULAR = {
    "retook": "retake",
    "retaken": "retake",
    "overran": "overrun",
    "took": "take",
    "taken": "take",
    "fell": "fall",
    "fallen": "fall",
    "fought": "fight",
    "shot": "shoot",
    "blew": "blow",
    "blown": "blow",
    "drove": "drive",
    "driven": "drive",
    "struck": "strike",
    "stricken": "strike",
    "besieged": "besiege",
    "stormed": "storm",
    "withdrew": "withdraw",
    "withdrawn": "withdraw",
    "slew": "slay",
    "slain": "kill",
    "handed": "hand",
    "rode": "ride",
    "burnt": "burn",
}


def _lemma(tok: Any) -> str:
    """The token's lemma, repaired where the lookup lemmatiser fails on rarer verbs."""
    low = tok.lower_
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    lem = tok.lemma_.lower()
    if lem in ALL_TRIGGERS:
        return lem
    cands = [lem[:-2] + "y" if lem.endswith("ie") else lem]
    for suf, rep in (
        ("ied", "y"),
        ("ies", "y"),
        ("ing", ""),
        ("ing", "e"),
        ("ed", ""),
        ("ed", "e"),
        ("d", ""),
        ("s", ""),
    ):
        if low.endswith(suf) and len(low) - len(suf) >= 3:
            cands.append(low[: len(low) - len(suf)] + rep)
    for c in cands:
        if c in ALL_TRIGGERS:
            return c
    return lem


def fired(tok: Any) -> bool:
    """Whether a munition noun is used as fired ("shells hit the town", "rained shells",
    "pounded with shells") rather than held or sold (the object of any other verb)."""
    if tok.dep_ in ("nsubj", "nsubjpass"):
        return True
    head = tok.head
    while tok.dep_ == "conj" and head.pos_ == "NOUN":
        tok, head = head, head.head
    if tok.dep_ == "pobj":
        return head.lower_ in ("with", "by", "of") and head.head.pos_ == "VERB"
    if tok.dep_ == "dobj":
        return head.lemma_ in _FIRE_VERBS
    return False
