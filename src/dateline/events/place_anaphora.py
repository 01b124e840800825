"""A place anaphor's named antecedent: "the village" after "the village of Klishchiivka".

A report introduces a small place by its kind and name ("recaptured the village of
Klishchiivka south of Bakhmut") and then refers back to it by the kind alone ("the village was
captured by Russian forces in January").  The anaphor refers to the last place the article
introduced with the *same* kind noun, not to the last town the gazetteer knows (which may be a
city named in between: "Russian forces shelled Kharkiv overnight").

:func:`named_antecedent` finds that introduction ("the <kind> of <Name>") in the text before
the anaphor's sentence.  When the gazetteer does not know the name (a village too small for
it), the event is placed where the introduction placed it: the first known town named right
after the name ("... of Klishchiivka south of Bakhmut": near Bakhmut, ACLED geo precision 2),
and its note names the antecedent (:data:`ANTECEDENT_NOTE`) so that later steps
(:func:`dateline.corpus.control.is_about`) know which place the event is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: the note an event placed through a named antecedent carries: "<anaphor> is the <kind> of <Name>"
ANTECEDENT_NOTE = "place anaphor:"

#: kind nouns a small place is introduced by and referred back to with
KINDS = (
    "village",
    "town",
    "city",
    "hamlet",
    "settlement",
    "district",
    "neighbourhood",
    "neighborhood",
)

#: a named introduction: "the village of Klishchiivka", "the town of Bakhmut"
_NAME = r"[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+){0,2}"
_INTRO = re.compile(
    r"\b(?:the|a)\s+(?:small\s+|tiny\s+|frontline\s+|front-line\s+|nearby\s+)?"
    r"(?P<kind>" + "|".join(KINDS) + r")\s+of\s+(?P<name>" + _NAME + ")",
)


@dataclass(frozen=True)
class Antecedent:
    kind: str
    name: str
    start: int  # offsets of the name in the text searched
    end: int


def kind_of(anaphor: str) -> str | None:
    """The kind noun of an anaphor ("the village" → "village"), None when not a place kind."""
    last = anaphor.split()[-1].lower() if anaphor.split() else ""
    return last if last in KINDS else None


def named_antecedent(text: str, kind: str) -> Antecedent | None:
    """The last named introduction of a place of ``kind`` in ``text`` (None when none)."""
    last: Antecedent | None = None
    for m in _INTRO.finditer(text):
        if m.group("kind").lower() == kind:
            last = Antecedent(kind, m.group("name"), m.start("name"), m.end("name"))
    return last


def note(anaphor: str, ante: Antecedent, near: str | None) -> str:
    """The note of an event placed through ``ante``."""
    where = f" near {near}" if near else ""
    return f"{ANTECEDENT_NOTE} {anaphor.lower()!r} is the {ante.kind} of {ante.name}{where}"


def antecedent_names(notes: str) -> list[str]:
    """The antecedent names an event's notes give (see :func:`note`)."""
    return re.findall(re.escape(ANTECEDENT_NOTE) + r" '[^']*' is the \w+ of (" + _NAME + ")", notes)
