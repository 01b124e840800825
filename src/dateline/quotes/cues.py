"""The shared cue lexicon of the quote stage and its models: reporting-verb lemmas, pronoun and
noun classes, quotation-mark runs, and the candidate record."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

# --- lexicons ---------------------------------------------------------------------------

#: reporting verbs (lemmas) that take a clausal complement as their content
CUE_LEMMAS: frozenset[str] = frozenset(
    """
    say tell add warn claim deny state explain note argue insist suggest report announce declare
    write tweet post ask acknowledge admit confirm contend assert allege maintain stress emphasize
    emphasise observe recall reply respond retort counter complain concede reveal disclose testify
    predict estimate promise vow pledge threaten urge caution remark comment joke quip boast brag
    mention indicate signal conclude charge agree believe think expect hope fear worry know feel
    doubt suspect want plan show find reiterate repeat assure inform remind hint imply speculate
    wonder demand propose recommend learn hear understand guess assume point continue accuse
    lament acknowledge proclaim reckon muse shout yell scream cry chant whisper intend insist
    decide decline refuse seek vow wish prefer anticipate forecast project calculate determine
    conclude declare
    """.split()
)

#: verbs whose infinitival complement (xcomp) is a content: intentions, requests, promises
XCOMP_LEMMAS: frozenset[str] = frozenset(
    """
    want plan promise vow pledge threaten urge refuse decline agree hope expect intend ask tell
    call seek wish prefer demand propose vote
    """.split()
)

#: lemmas too vague to be a cue without quotation marks or a "that" clause
WEAK_LEMMAS: frozenset[str] = frozenset(
    "know feel find show hear understand learn see continue point decide determine".split()
)

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"they", "them"})
ORG_PRONOUNS = frozenset({"it"})
FIRST_PERSON = frozenset({"i", "we", "me", "us", "you"})

#: head nouns naming a collective of people (speaker_kind "group" when plural or generic)
GROUP_NOUNS = frozenset(
    """
    activists residents officials sources witnesses people protesters rebels militants analysts
    experts critics supporters observers researchers members leaders lawmakers voters diplomats
    fighters soldiers troops police authorities doctors scientists economists insurgents
    republicans democrats aides advisers advisors staffers organizers organisers investigators
    prosecutors officers workers locals villagers refugees students lawyers
    """.split()
)

#: head nouns naming an organization
ORG_NOUNS = frozenset(
    """
    group government ministry agency army military committee campaign party council commission
    department office company firm organization organisation observatory coalition alliance
    administration court police service network channel newspaper paper poll survey study report
    union association institute center centre bank board foundation team agency station
    """.split()
)

#: nouns that are titles or roles of a person
TITLE_NOUNS = frozenset(
    """
    president governor minister spokesman spokeswoman spokesperson official mayor senator
    secretary chairman chairwoman chair director head chief commander general colonel leader
    ambassador envoy king queen prince premier chancellor representative rep sen gov congressman
    congresswoman manager adviser advisor analyst expert professor dr mr mrs ms judge attorney
    lawyer sheriff captain lieutenant sergeant officer deputy aide strategist founder ceo
    candidate nominee activist researcher economist correspondent reporter editor author
    """.split()
)

SUBJ_DEPS = ("nsubj", "nsubjpass", "csubj", "expl")
COMPLEMENT_DEPS = ("ccomp",)
OPEN_QUOTES = "“„«"
CLOSE_QUOTES = "”»"
STRAIGHT = '"'
_WORD = re.compile(r"\w")

DIRECT_SHARE = 0.75  # a content this much quoted is a direct quote, less is mixed
MIN_QUOTE_WORDS = 4  # a shorter unclaimed quotation run is a scare quote or a title
#: contents shorter than this many words ("it", "what", a bare name) are dropped: on PolNeAR
#: train and dev fewer than one in three of them is a real attribution's content
MIN_CONTENT_WORDS = 2


# --- helpers ------------------------------------------------------------------------------


@dataclass
class QuoteRun:
    """A run of text between quotation marks: ``start``/``end`` include the marks."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    used: bool = False


def find_quote_runs(text: str) -> list[QuoteRun]:
    """Pair quotation marks (“curly” and "straight") paragraph by paragraph.

    A run left open at the end of a paragraph is closed there (news style: a quotation
    continuing into the next paragraph has no closing mark).
    """
    text = _normalise_marks(text)
    runs: list[QuoteRun] = []
    open_at: int | None = None
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch == "\n" and i + 1 < n and text[i + 1] == "\n" or (ch == "\n" and i == n - 1):
            if open_at is not None:
                _add_run(runs, text, open_at, i)
                open_at = None
        elif ch in OPEN_QUOTES:
            if open_at is not None and i - open_at > 1:
                _add_run(runs, text, open_at, i)  # unclosed: a new one opens
            open_at = i
        elif ch in CLOSE_QUOTES and open_at is None and i + 1 < n and text[i + 1].isalnum():
            open_at = i  # a closing mark used as an opening one ('”Fear. …”')
        elif ch in CLOSE_QUOTES:
            if open_at is not None:
                _add_run(runs, text, open_at, i + 1)
                open_at = None
        elif ch == STRAIGHT:
            prev = text[i - 1] if i > 0 else " "
            nxt = text[i + 1] if i + 1 < n else " "
            if open_at is None:
                if not prev.isalnum() or nxt.isalnum():
                    open_at = i
            else:
                _add_run(runs, text, open_at, i + 1)
                open_at = None
        i += 1
    if open_at is not None:
        _add_run(runs, text, open_at, n)
    return runs


def _normalise_marks(text: str) -> str:
    """Same-length copy where two apostrophes or backticks ('' ``) are a double quote."""
    if "''" not in text and "``" not in text:
        return text
    return text.replace("''", ' "').replace("``", ' "')


def _add_run(runs: list[QuoteRun], text: str, start: int, end: int) -> None:
    inner_start = start + 1
    inner_end = end - 1 if end > start + 1 and text[end - 1] in CLOSE_QUOTES + STRAIGHT else end
    while inner_start < inner_end and text[inner_start].isspace():
        inner_start += 1
    while inner_end > inner_start and text[inner_end - 1].isspace():
        inner_end -= 1
    # keep the trailing comma out of the content of '“…,” said X'
    while inner_end > inner_start and text[inner_end - 1] in ",;:":
        inner_end -= 1
    if inner_end > inner_start:
        runs.append(QuoteRun(start, end, inner_start, inner_end))


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


@dataclass
class Candidate:
    kind: str
    content: tuple[int, int]
    cue: tuple[int, int] | None
    speaker_tokens: list[Any]  # the subject head tokens (spaCy Tokens)
    speaker: tuple[int, int] | None
    sentence: int
    cue_token: Any = None
    runs: list[QuoteRun] = field(default_factory=list)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    return start, end


def _subtree_span(tokens: Iterable[Any]) -> tuple[int, int]:
    toks = list(tokens)
    return min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)


def _content_tokens(head: Any) -> list[Any]:
    return list(head.subtree)
