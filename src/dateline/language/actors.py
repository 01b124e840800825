"""Canonical actor names, the ACLED way: one name per real actor, across articles.

* **Known groups** (``data/actors/actors.json``): well-known armed groups with the names,
  abbreviations and spellings reports use ("IS", "ISIL", "Daesh", "Islamic State of Iraq and
  the Levant" → "Islamic State"; "al-Shabab" → "Al Shabaab"; "Houthis" → "Ansar Allah").  A
  name followed by a group noun ("Islamic State militants", "Houthi rebels") is the group.
* **Generic forms** for actors a report does not name: "Military Forces of Syria",
  "Police Forces of Kenya", "Unidentified Armed Group (Nigeria)", "Civilians (France)",
  "Protesters (Hong Kong)", "Rioters (Greece)".
* **Export names**: :func:`export_name` turns an entity's canonical name into the name an
  event carries: a known or proper name as it is, a generic word ("militants", "troops",
  "unknown") into the generic form of its kind in the event's country, else ``None`` — a
  generic word never becomes an actor name.
* :func:`same_actor` compares two exported names for the cross-article merge.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from dateline.errors import PipelineError

__all__ = [
    "KnownActor",
    "civilians",
    "export_name",
    "generic_kind",
    "is_generic",
    "is_name",
    "known",
    "lookup",
    "military_forces",
    "police_forces",
    "protesters",
    "rioters",
    "same_actor",
    "unidentified_armed_group",
]


@dataclass(frozen=True)
class KnownActor:
    name: str
    inter: int
    kind: str = "armed_group"


@dataclass(frozen=True)
class _Table:
    by_alias: dict[str, KnownActor]  # normalised alias -> actor
    exact: dict[str, KnownActor]  # case-sensitive short acronyms ("IS", "ADF")
    names: frozenset[str]
    suffixes: tuple[str, ...]
    generic: frozenset[str]


def _key(s: str) -> str:
    """Case-, diacritic-, hyphen- and apostrophe-insensitive form of a name."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[’'`ʼ‘]", "", s.casefold())
    s = re.sub(r"[^\w]+", " ", s)
    return re.sub(r"^(?:the|a|an) ", "", s.strip())


def _is_acronym(alias: str) -> bool:
    return len(alias) <= 5 and " " not in alias and any(c.isupper() for c in alias[1:])


@lru_cache(maxsize=1)
def _table() -> _Table:
    try:
        raw = resources.files("dateline").joinpath("data/actors/actors.json").read_text("utf-8")
        data = json.loads(raw)
    except (OSError, ValueError) as e:
        raise PipelineError(f"cannot read the actor table: {e}") from e
    by_alias: dict[str, KnownActor] = {}
    exact: dict[str, KnownActor] = {}
    for g in data["groups"]:
        actor = KnownActor(name=g["name"], inter=int(g["inter"]), kind=g.get("kind", "armed_group"))
        for alias in [g["name"], *g["aliases"]]:
            if _is_acronym(alias):
                exact[alias] = actor  # "IS" is the group, "is" is a verb
            else:
                by_alias[_key(alias)] = actor
    suffixes = tuple(sorted((_key(s) for s in data["group_suffixes"]), key=len, reverse=True))
    return _Table(
        by_alias=by_alias,
        exact=exact,
        names=frozenset(a.name for a in by_alias.values()) | {a.name for a in exact.values()},
        suffixes=suffixes,
        generic=frozenset(_key(w) for w in data["generic"]),
    )


def lookup(name: str) -> KnownActor | None:
    """The known group a name denotes ("ISIL", "Islamic State fighters", "al-Shabab")."""
    t = _table()
    name = re.sub(r"^(?:the|The)\s+", "", name.strip())
    name = re.sub(r"[’']s$", "", name)
    if name in t.exact:
        return t.exact[name]
    if _key(name) in t.by_alias:  # "Islamic State (West Africa)"
        return t.by_alias[_key(name)]
    name = re.sub(r"\s*\([^()]*\)", "", name)  # "Islamic State (IS) militants"
    k = _key(name)
    if k in t.by_alias:
        return t.by_alias[k]
    # "Islamic State militants", "IS fighters", "Houthi rebels": the name before a group noun
    for suf in t.suffixes:
        if k.endswith(" " + suf):
            head = name.strip()[: -len(suf)].strip()
            words = head.split()
            while words and _key(words[-1]) in t.suffixes:
                words.pop()
            head = " ".join(words)
            if head in t.exact:
                return t.exact[head]
            if _key(head) in t.by_alias:
                return t.by_alias[_key(head)]
            break
    return None


def known(name: str) -> bool:
    """Is ``name`` the canonical name of a known group?"""
    return name in _table().names


# --- generic forms -------------------------------------------------------------------------

# countries whose English name takes "the" after "of" ("Military Forces of the United States")
_WITH_THE = frozenset(
    {
        "United States",
        "United Kingdom",
        "Netherlands",
        "Philippines",
        "Democratic Republic of the Congo",
        "Republic of the Congo",
        "Central African Republic",
        "United Arab Emirates",
        "Gambia",
        "Bahamas",
        "Maldives",
        "Comoros",
        "Seychelles",
        "Solomon Islands",
        "Marshall Islands",
        "Czech Republic",
        "Dominican Republic",
    }
)
# ACLED's country names where the gazetteer's differ
_ACLED_COUNTRY = {
    "Palestinian Territory": "Palestine",
    "Democratic Republic of the Congo": "Democratic Republic of Congo",
    "Republic of the Congo": "Republic of Congo",
}


def _country(country: str) -> str:
    return _ACLED_COUNTRY.get(country, country)


def _of(country: str) -> str:
    c = _country(country)
    return f"the {c}" if country in _WITH_THE and not c.startswith("Democratic") else c


def military_forces(country: str) -> str:
    return f"Military Forces of {_of(country)}"


def police_forces(country: str) -> str:
    return f"Police Forces of {_of(country)}"


def unidentified_armed_group(country: str) -> str:
    return f"Unidentified Armed Group ({_country(country)})"


def civilians(country: str) -> str:
    return f"Civilians ({_country(country)})"


def protesters(country: str) -> str:
    return f"Protesters ({_country(country)})"


def rioters(country: str) -> str:
    return f"Rioters ({_country(country)})"


_GENERIC_FORMS = {
    "armed_group": unidentified_armed_group,
    "state_forces": military_forces,
    "police": police_forces,
    "civilians": civilians,
    "protesters": protesters,
    "rioters": rioters,
}
# head nouns of unnamed actors -> the kind of actor they denote
_HEAD_KIND: dict[str, str] = {
    **dict.fromkeys(
        """militant militants fighter fighters jihadist jihadists extremist extremists insurgent
        insurgents rebel rebels gunman gunmen attacker attackers assailant assailants terrorist
        terrorists militia militias militiaman militiamen guerrilla guerrillas""".split(),
        "armed_group",
    ),
    **dict.fromkeys(
        "troop troops soldier soldiers army military navy airforce".split(), "state_forces"
    ),
    **dict.fromkeys("police policeman policemen".split(), "police"),
    **dict.fromkeys(
        """civilian civilians villager villagers resident residents people""".split(), "civilians"
    ),
    **dict.fromkeys("protester protesters demonstrator demonstrators".split(), "protesters"),
    **dict.fromkeys("rioter rioters mob".split(), "rioters"),
}
_ACLED_FORM = re.compile(
    r"^(?:(?:Military|Police) Forces of .+|Government of .+|"
    r"(?:Unidentified Armed Group|Civilians|Protesters|Rioters|Opposition Rebels) \(.+\))$"
)


def is_generic(name: str) -> bool:
    """A word or description that names no actor ("militants", "the group", "unknown")."""
    k = _key(name)
    if not k or k in _table().generic:
        return True
    words = k.split()
    # "40,000 fighters", "some gunmen", "our soldiers": quantity or determiner + generic noun
    return words[-1] in _table().generic and not any(w[:1].isupper() for w in name.split()[:-1])


def generic_kind(name: str) -> str | None:
    """The kind of actor a generic description denotes by its head noun ("Jihadi fighters")."""
    words = _key(name).split()
    return _HEAD_KIND.get(words[-1]) if words else None


def is_name(name: str) -> bool:
    """A canonical actor name: a known group, an ACLED form or a proper name (not a description)."""
    if known(name) or _ACLED_FORM.match(name):
        return True
    words = re.findall(r"[\w’'\-]+", name)
    if not words or is_generic(name):
        return False
    # a proper name ends in a capitalised word ("Syrian Observatory for Human Rights");
    # a description ends in a common noun ("Jihadi fighters", "Palmyra opposition activists")
    return words[-1][:1].isupper() and not any(ch.isdigit() for ch in name)


def export_name(name: str | None, kind: str | None, country: str | None) -> str | None:
    """The actor name an event carries: canonical, or the generic form of its kind, or None."""
    if not name:
        return None
    hit = lookup(name)
    if hit is not None:
        return hit.name
    if is_name(name):
        return name
    k = generic_kind(name) if kind in (None, "group", "organization") else kind
    k = {"government": "state_forces"}.get(k or "", k)
    form = _GENERIC_FORMS.get(k or "")
    if form is None or not country:
        return None
    return form(country)


_CROWD = re.compile(r"^(?:Protesters|Rioters)(?: \(.+\))?$")


def is_crowd(name: str | None) -> bool:
    """Whether an exported name is ACLED's generic crowd ("Protesters (Greece)", "Rioters")."""
    return bool(name and _CROWD.match(name))


def crowd_name(name: str | None) -> str | None:
    """One name for a day's crowd: the protesters of a demonstration that turned violent are
    its rioters ("Protesters (Greece)" → "Rioters (Greece)"); other names unchanged."""
    if name and is_crowd(name) and name.startswith("Protesters"):
        return "Rioters" + name[len("Protesters") :]
    return name


def same_actor(a: str, b: str) -> bool:
    """Whether two exported actor names can denote one actor (for the cross-article merge).

    Two known groups are the same only when their canonical names are equal ("Islamic State"
    is not "Islamic State (West Africa)"); otherwise names are compared after normalisation, one
    contained in the other ("Military Forces of Syria" / "Military Forces of Syria (2000-)").
    """
    ka, kb = lookup(a), lookup(b)
    if ka is not None or kb is not None:
        return ka is not None and kb is not None and ka.name == kb.name
    na, nb = _key(a), _key(b)
    return bool(na and nb) and (na == nb or f" {na} " in f" {nb} " or f" {nb} " in f" {na} ")
