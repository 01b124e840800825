"""A figure that counts part of the victims is no event's toll: "Twelve Americans were killed
in the Kenya embassy bombing", "Twelve Americans were among the 224 people killed", "the blast
killed 224 people, including 12 Americans".

ACLED's fatality figure counts all the dead of an event; a report that counts only some of
them (its own nationals, a group it cares about) gives a subset. Read from the parse of the
number and the noun it counts:

* the noun is said to be *among* others ("Twelve Americans were among the 224 killed") or is
  what "including"/"among" picks from a whole ("224 people, including 12 Americans");
* the noun is a nationality ("Americans", "British tourists") of another country than the
  event's (:func:`foreign`): foreign victims of an event abroad are some of its victims.

When the sentence also gives the whole ("among the 224 people killed"), the whole is the toll
(:func:`choose`). Otherwise the subset figure stays the event's figure, marked in its notes
(:data:`NOTE`), so that the corpus merge prefers a report's full toll to it
(:func:`is_subset`, :func:`dateline.corpus.merge.fatality_figure`).
"""

from __future__ import annotations

from typing import Any

from dateline.events import acled, death_count
from dateline.places import gazetteer
from dateline.records import Event

#: the mark a subset figure leaves in an event's notes
NOTE = "[the fatality figure counts a subset of the victims"
#: words that pick a part out of a whole
_PART_OF = frozenset({"among", "including"})
#: nouns that name the dead themselves
_DEAD = frozenset({"dead", "victim", "fatality"})


def _noun(num: Any) -> Any:
    return num.head if num.dep_ == "nummod" else num


def _nationality(noun: Any) -> str | None:
    if noun.ent_type_ == "NORP":
        return str(noun.text)
    for c in noun.children:
        if c.dep_ in ("amod", "compound") and c.ent_type_ == "NORP":
            return str(c.text)
    return None


def _of_verb(prep: Any) -> bool:
    """``prep`` ("among") tells where its verb's subject belongs ("were among the dead"): its
    object is the whole, not the part ("the dead, among them two children")."""
    return (
        prep.lower_ == "among"
        and prep.head.pos_ in ("VERB", "AUX")
        # "killed, among them two children": a pronoun's "among" introduces the part
        and not any(c.dep_ == "pobj" and c.tag_ in ("PRP", "WP") for c in prep.children)
    )


def subset_kind(num: Any) -> tuple[str, str] | None:
    """How number ``num`` counts part of the victims: ("part", word) for a part said to be among
    others, ("nationality", demonym) for victims of one nationality; None for a plain count."""
    noun = _noun(num)
    if noun.dep_ == "pobj" and noun.head.lower_ in _PART_OF and not _of_verb(noun.head):
        return ("part", noun.head.lower_)  # "224 people, including 12 Americans"
    if noun.dep_ in ("nsubj", "nsubjpass"):
        # "Twelve Americans were among the 224 people killed"
        if any(c.dep_ == "prep" and _of_verb(c) for c in noun.head.children):
            return ("part", "among")
    nat = _nationality(noun)
    return ("nationality", nat) if nat else None


def _the_dead(noun: Any) -> bool:
    """Whether ``noun`` names the dead: "the dead", "the victims", "people killed"."""
    if noun.lemma_.lower() in _DEAD:
        return True
    return any(c.dep_ in ("acl", "relcl") and death_count.deadly(c) for c in noun.children)


def wholes(span: Any) -> list[int]:
    """The wholes a sentence names its victims among: "among the 224 people killed" -> 224."""
    found = []
    for tok in span:
        if tok.dep_ != "prep" or not _of_verb(tok):
            continue
        for obj in (c for c in tok.children if c.dep_ == "pobj"):
            num = (
                obj
                if obj.pos_ == "NUM"
                else next((c for c in obj.children if c.dep_ == "nummod"), None)
            )
            if num is None or not _the_dead(obj):
                continue
            n = acled.parse_quantity(num.text)
            if n:
                found.append(n)
    return found


def choose(figures: list[tuple[int, Any | None]], span: Any) -> tuple[int, tuple[str, str] | None]:
    """The sentence's toll from its figures (each with its number token, where the parse has
    it) and how it is a subset, if it is one (module doc)."""
    whole = wholes(span)
    if whole:
        return min(whole), None
    kinds = [(n, subset_kind(t) if t is not None else None) for n, t in figures]
    full = [n for n, k in kinds if k is None]
    if full:
        return min(full), None
    if not kinds:
        return 0, None
    return min(kinds, key=lambda nk: nk[0])


def foreign(demonym: str, ev: Event) -> bool:
    """Whether nationality ``demonym`` is another country's than event ``ev``'s (both known)."""
    if not ev.country:
        return False
    gz = gazetteer.load()
    code = gz.demonym(demonym)
    info = gz.countries.get(code) if code else None
    return info is not None and info.name != ev.country and info.iso_numeric != ev.iso


def mark(ev: Event, kind: tuple[str, str] | None) -> None:
    """Note on ``ev`` that its fatality figure counts a subset of its victims, when it does."""
    if kind is None or not ev.fatalities:
        return
    how, word = kind
    if how == "nationality" and not foreign(word, ev):
        return  # "Twelve Americans were killed" in the United States: all of them
    what = f"only the {word} among the dead" if how == "nationality" else f"a part ('{word}')"
    ev.notes += f" {NOTE}: {what}]"


def is_subset(ev: Event) -> bool:
    """Whether ``ev``'s fatality figure counts only a subset of its victims (:func:`mark`)."""
    return NOTE in ev.notes


def unmark(notes: str) -> str:
    """``notes`` without the subset mark (:func:`mark`), for a figure that is a full toll."""
    at = notes.find(" " + NOTE)
    if at < 0:
        return notes
    end = notes.find("]", at)
    return notes[:at] + (notes[end + 1 :] if end >= 0 else "")
