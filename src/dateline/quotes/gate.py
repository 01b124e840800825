"""Which tagging units the neural quote tagger reads: those that may hold an attribution.

The network (:mod:`dateline.quotes.network`) costs a MiniLM pass and a BiLSTM over every unit
it reads, and most news paragraphs hold no attribution.  A unit (a paragraph, or a sentence
for a sentence-unit model) is read only when it has

* a word of the tagger's cue lexicon (a reporting verb such as *say*, an intention verb, a
  cue noun such as *statement* or *according*: the words the tagger's ``cue=`` feature marks),
* a quotation mark, or
* a span the rules (:mod:`dateline.quotes.rules`) gave a role (content, cue or source);

every other unit is tagged ``O`` without running the network.

The gate is **off by default**: on PolNeAR dev it lowers content-overlap F1 from 0.755 to
0.745 (recall 0.723 → 0.695) while skipping only 14 % of the tokens — PolNeAR counts the
objects of evaluative verbs outside any cue lexicon ("endorsed Hillary Clinton", "approved a
bill", "cited problems in the Middle East") as attributions, and the network finds them.
``DATELINE_QUOTES_NN_GATE=1`` turns it on where speed matters more (BENCHMARKS.md).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from dateline.quotes.cues import CLOSE_QUOTES, OPEN_QUOTES, STRAIGHT

GATE_ENV = "DATELINE_QUOTES_NN_GATE"
QUOTE_MARKS = OPEN_QUOTES + CLOSE_QUOTES + STRAIGHT
#: two apostrophes or backticks stand for a double quote (``cues._normalise_marks``)
QUOTE_PAIRS = ("''", "``")


def enabled() -> bool:
    """Is the gate on (``DATELINE_QUOTES_NN_GATE=1``; off by default)?"""
    return os.environ.get(GATE_ENV, "0").strip().lower() in ("1", "true", "yes", "on")


def has_quote_mark(text: str) -> bool:
    return any(ch in text for ch in QUOTE_MARKS) or any(p in text for p in QUOTE_PAIRS)


def may_hold_quote(
    doc: Any,
    start: int,
    end: int,
    lexicon: frozenset[str],
    rule_spans: Sequence[tuple[str, tuple[int, int]]] = (),
) -> bool:
    """Does the unit of tokens ``doc[start:end]`` have a cue word, a quotation mark or a
    span the rules gave a role?"""
    if end <= start:
        return False
    first, last = doc[start], doc[end - 1]
    lo, hi = first.idx, last.idx + len(last.text)
    if has_quote_mark(doc.text[lo:hi]):
        return True
    if any(s < hi and e > lo for _, (s, e) in rule_spans):
        return True
    return any(doc[i].lemma_.lower() in lexicon for i in range(start, end))


def kept_sentences(
    doc: Any,
    rule_spans: Sequence[tuple[str, tuple[int, int]]],
    unit: str,
    lexicon: frozenset[str],
    paragraphs: Sequence[int] = (),
) -> list[bool]:
    """Per sentence of ``doc``: does the unit it belongs to (its paragraph, or itself for
    ``unit="sentence"``) pass :func:`may_hold_quote`?  ``paragraphs``: the paragraph index
    of each sentence (:func:`dateline.quotes.crf.paragraph_of_sentences`)."""
    sents = list(doc.sents)
    if unit == "sentence":
        groups = [[k] for k in range(len(sents))]
    else:
        if len(paragraphs) != len(sents):
            raise ValueError("one paragraph index per sentence is needed for paragraph units")
        groups = []
        prev: int | None = None
        for k, para in enumerate(paragraphs):
            if para != prev or not groups:
                groups.append([])
                prev = para
            groups[-1].append(k)
    out = [False] * len(sents)
    for g in groups:
        keep = may_hold_quote(doc, sents[g[0]].start, sents[g[-1]].end, lexicon, rule_spans)
        for k in g:
            out[k] = keep
    return out
