"""Non-temporal readings of calendar words, for :mod:`dateline.time.timex`.

Some calendar words have a second, non-temporal reading that news uses often: "fall" is a
noun ("the fall of Aleppo", "the fall in oil prices"), "March" a noun or verb ("the March
on Washington", "thousands march on the capital"), "May" a modal verb or a name ("May they
rest in peace", "Theresa May"), and a weekday may be part of a name ("the Sunday Times") or
a quoted title.  The checks here tell the readings apart by the syntax around the word:

* on the raw text, with cheap patterns over closed-class words (prepositions, determiners,
  auxiliaries): a calendar word is a date when it is the object of a temporal preposition
  or a temporal modifier of a noun ("the March accession"); it is a noun when it heads a
  noun phrase of its own: a determiner before it and a prepositional complement or a verb
  after it ("the fall of the town", "The March was peaceful");
* with the spaCy parse (when the caller has one), from the token's part of speech (a modal
  or verb is no date), its entity (inside a person or organisation name) and its
  dependents (a determiner and a non-temporal prepositional complement).

Each function answers "not a date here" (True) or "no objection" (False); the tagger
keeps its own decision otherwise.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

# The object of one of these (or a list of dates joined by "and"/"or"/",") is a date.
_TEMPORAL_BEFORE = re.compile(
    r"(?:^|\W)(?:in|of|since|until|till|through|throughout|by|during|from|to|and|or|before"
    r"|after|between|over|into|for|around|about|at|on|past|beyond|as\s+of|early|late|mid)"
    r"\s*$|[,(]\s*$",
    re.I,
)
_PREPOSITION = (
    r"(?:of|on|to|through|for|against|across|toward|towards|into|from|in|at|past|around|with"
    r"|along|down|up|onto|by|over)"
)
# prepositions of motion and purpose: their complement makes "march" the verb or noun
# ("Thousands March on the capital", "March for Life"); after a date they would start a
# range ("June through September"), which _TEMPORAL_OBJECT tells apart
_MOTION_PP = re.compile(
    r"\s+(?:on|to|toward|towards|through|into|across|against|along|down|up|onto|for|of)\b",
    re.I,
)
_MONTH_OR_DAY = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday)"
)
# a preposition whose object is itself temporal: a number or year (digits or spoken), a
# month or weekday ("June through September"), or a noun phrase headed by a time unit
# ("the fall of last year", "the spring of your junior year")
_TEMPORAL_OBJECT = re.compile(
    r"\s+\w+\s+(?:(?:the\s+)?(?:early|late|mid|end\s+of|the\s+end\s+of)[\s-]+)?"
    rf"(?:\d|'\d\d|(?:nineteen|twenty|two\s+thousand)\b|{_MONTH_OR_DAY}"
    r"|(?:[\w'-]+\s+){0,3}(?:year|month|week|day|decade|century|semester|term|season)s?\b)",
    re.I,
)
_FOLLOWED_BY_PP = re.compile(rf"\s+{_PREPOSITION}\b", re.I)
# a noun phrase ends here: punctuation, a clause boundary, or a finite auxiliary/copula
_NP_END = re.compile(
    r"\s*(?:[.,;:!?)\]\"'`]|$)|\s+(?:is|was|were|are|has|had|have|will|would|could|can|may"
    r"|might|should|must|did|does|do|that|which|who)\b",
    re.I,
)
# a determiner, maybe with a year or "annual" between it and the word, or a possessive with
# one ("it's March" is no possessive):
# "the March", "the 1963 March", "King's 1963 March", "the annual March"
_DETERMINER_BEFORE = re.compile(
    r"(?:(?:^|\W)(?:the|a|an)(?:\s+(?:\d{4}|annual))?|\w['’]s\s+(?:\d{4}|annual))"
    r"\s*(?:``|\"|“)?\s*$",
    re.I,
)
_QUOTE_OPEN = ('"', "“", "‘", "'", "`")
_QUOTE_CLOSE = ('"', "”", "’", "'")

# spaCy entity labels of names (a calendar word inside one is part of the name)
_NAME_LABELS = frozenset(
    {"PERSON", "ORG", "NORP", "FAC", "GPE", "LOC", "PRODUCT", "WORK_OF_ART", "LAW"}
)


def _before(text: str, start: int, n: int = 24) -> str:
    return text[max(0, start - n) : start]


def temporal_object(text: str, start: int) -> bool:
    """The expression starting at ``start`` follows a temporal preposition, a list comma
    or a conjunction ("in the fall", "since May", "January and March")."""
    return bool(_TEMPORAL_BEFORE.search(_before(text, start)))


def season_is_noun(text: str, start: int, end: int, doc: Any = None) -> bool:
    """ "the <season>" (bare determiner) at ``start:end`` reads as an event noun.

    "the fall of the town", "after the fall of Aleppo", "The fall in oil prices": the
    season word heads a noun phrase with a non-temporal prepositional complement.  "in the
    fall", "the fall of 2015", "the winter of nineteen ninety-four" stay dates.
    """
    after = text[end : end + 60]
    if _TEMPORAL_OBJECT.match(after):
        return False  # "the fall of 2015", "the spring of your junior year"
    if re.match(r"\s+of\b", after, re.I):
        return True
    if not temporal_object(text, start) and _FOLLOWED_BY_PP.match(after):
        return True
    return doc is not None and _doc_not_temporal(doc, end - 1)


def month_is_noun(text: str, start: int, end: int, doc: Any = None) -> bool:
    """A bare month name (no day, year or modifier) at ``start:end`` is not the month.

    Without a temporal preposition before it, a month name that heads a prepositional
    complement ("The March on Washington", "Thousands March on the capital", "the March
    for Life") or a determiner-led noun phrase of its own ("The March was peaceful") is the
    noun/verb; a month modifying a noun ("the March accession") stays a date.
    """
    if doc is not None and _doc_not_temporal(doc, start):
        return True
    if temporal_object(text, start):
        return False
    after = text[end : end + 60]
    if _TEMPORAL_OBJECT.match(after):
        return False  # "June through September", "March of last year"
    if _DETERMINER_BEFORE.search(_before(text, start)):
        return bool(_FOLLOWED_BY_PP.match(after) or _NP_END.match(after))
    return bool(_MOTION_PP.match(after))


def weekday_is_name(text: str, start: int, end: int, doc: Any = None) -> bool:
    """A weekday name at ``start:end`` is (part of) a name, not a day.

    A weekday quoted on its own (``"Friday"``: a title or code name), or, with the parse,
    one inside a name entity ("the Sunday Times") or with a name before it as a compound.
    """
    if start > 0 and end < len(text) and text[start - 1] in _QUOTE_OPEN:
        if text[end] in _QUOTE_CLOSE and not text[end : end + 2] == "'s":
            return True
    return doc is not None and _doc_not_temporal(doc, start)


def _token_at(doc: Any, offset: int) -> Any:
    """The token whose text covers character ``offset`` (None in whitespace or past the end).

    A binary search over the tokens' start offsets (they increase strictly), so a long
    article's many calendar words cost log(tokens) each, not a walk from the first token.
    """
    i = bisect.bisect_right(range(len(doc)), offset, key=lambda k: doc[k].idx) - 1
    if i < 0:
        return None
    t = doc[i]
    return t if offset < t.idx + len(t.text) else None


def _doc_not_temporal(doc: Any, offset: int) -> bool:
    """The parse reads the calendar word at ``offset`` as a non-date.

    * a verb or modal ("May they rest", "Officials May announce");
    * inside a name entity, or after a proper-noun compound that is not itself a date
      ("the Sunday Times", "Theresa May");
    * the head of a noun phrase with a determiner and a prepositional complement whose
      object is not a date ("The fall of the town", "The March on Washington").
    """
    tok = _token_at(doc, offset)
    if tok is None:
        return False
    if tok.pos_ in ("VERB", "AUX") or tok.tag_ == "MD":
        return True
    if tok.ent_type_ in _NAME_LABELS:
        return True
    for c in tok.children:
        if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < tok.i and c.ent_type_ != "DATE":
            return True
    has_det = any(c.dep_ == "det" and c.lower_ in ("the", "a", "an") for c in tok.children)
    if has_det:
        for c in tok.children:
            if c.dep_ != "prep" or c.i < tok.i:
                continue
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if objs and not any(g.ent_type_ == "DATE" or g.like_num for g in objs):
                return True
    return False
