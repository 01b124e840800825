"""Speakers of quotes: the speaker noun phrase, its head, kind, title and name, the entity it
refers to, and pronouns resolved to the previous compatible speaker."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from dateline.quotes.cues import (
    GROUP_NOUNS,
    GROUP_PRONOUNS,
    ORG_NOUNS,
    ORG_PRONOUNS,
    PERSON_PRONOUNS,
    TITLE_NOUNS,
    Candidate,
)
from dateline.quotes.rules import _np_span
from dateline.records import Article, Quote, Span

log = logging.getLogger(__name__)

# --- speakers -----------------------------------------------------------------------------


def _mention_entity(article: Article, start: int, end: int) -> int | None:
    for m in article.mentions:
        if m.start < end and start < m.end and m.entity is not None:
            return m.entity
    return None


def _speaker_head(tokens: list[Any]) -> Any | None:
    return tokens[0] if tokens else None


def _kind_of(tokens: list[Any]) -> str:
    if not tokens:
        return "unknown"
    if len(tokens) > 1:
        return "group"
    head = tokens[0]
    low = head.lower_
    if low in PERSON_PRONOUNS or low in ("i", "who"):
        return "person"
    if low in GROUP_PRONOUNS or low == "we":
        return "group"
    if any(c.dep_ == "conj" for c in head.children):
        return "group"
    ent = head.ent_type_
    if ent == "PERSON":
        return "person"
    if ent in ("ORG", "GPE", "NORP") and head.tag_ not in ("NNS", "NNPS"):
        return "organization"
    if head.tag_ in ("NNS", "NNPS") or low in GROUP_NOUNS:
        return "group"
    if low in ORG_NOUNS:
        return "organization"
    if low in TITLE_NOUNS or head.pos_ == "PROPN":
        return "person"
    return "unknown"


def _title_and_name(head: Any, np: tuple[int, int], text: str) -> tuple[str | None, str]:
    """The title pre-modifier or apposition of a person NP and the bare name."""
    toks = [t for t in head.subtree]
    ent = None
    for e in head.doc.ents:
        if e.label_ == "PERSON" and e.start <= head.i < e.end:
            ent = e
            break
    appos = [c for c in head.children if c.dep_ == "appos" and c.i > head.i]
    core = [t for t in toks if not any(t in a.subtree for a in appos)]
    core = [t for t in core if t.dep_ not in ("relcl", "punct") and not _in_relcl(t, head)]
    title: str | None = None
    if ent is not None:
        name = ent.text
        pre = [t for t in core if t.i < ent.start and t.dep_ not in ("det", "poss", "case")]
        if pre:
            title = text[pre[0].idx : pre[-1].idx + len(pre[-1].text)].strip(" ,")
    else:
        name = " ".join(t.text for t in core if t.dep_ != "det").strip()
    if title is None and appos:
        a = appos[0]
        atoks = [t for t in a.subtree if t.dep_ != "punct" or t.i < max(x.i for x in a.subtree)]
        words = [t for t in atoks]
        if words and words[0].dep_ == "det":
            words = words[1:]
        if words and a.ent_type_ != "PERSON":
            title = text[words[0].idx : words[-1].idx + len(words[-1].text)].strip(" ,")
    return title or None, name


def _in_relcl(tok: Any, head: Any) -> bool:
    t = tok
    while t.i != head.i and t.head.i != t.i:
        if t.dep_ in ("relcl", "acl"):
            return True
        t = t.head
    return False


@dataclass
class _Resolved:
    name: str | None
    title: str | None
    kind: str
    entity: int | None


def _to_quotes(article: Article, doc: Any, cands: list[Candidate], sentence_of: Any) -> list[Quote]:
    text = article.text
    quotes: list[Quote] = []
    resolved_by_quote: list[_Resolved] = []
    for cand in cands:
        head = _speaker_head(cand.speaker_tokens)
        res = _resolve(article, doc, cand, head, quotes, resolved_by_quote)
        cs, ce = cand.content
        si_first = sentence_of(cs)
        si_last = sentence_of(max(ce - 1, cs))
        speaker_span = cand.speaker
        if cand.cue is None and cand.speaker is None and quotes:
            # a continuation: carry the previous speaker span over for reference
            prev = quotes[-1]
            speaker_span = (prev.speaker.start, prev.speaker.end) if prev.speaker else None
        quotes.append(
            Quote(
                kind=cand.kind,  # type: ignore[arg-type]
                content=Span(start=cs, end=ce),
                content_text=text[cs:ce],
                cue=Span(start=cand.cue[0], end=cand.cue[1]) if cand.cue else None,
                cue_text=text[cand.cue[0] : cand.cue[1]] if cand.cue else None,
                speaker=Span(start=speaker_span[0], end=speaker_span[1]) if speaker_span else None,
                speaker_text=text[speaker_span[0] : speaker_span[1]] if speaker_span else None,
                speaker_entity=res.entity,
                speaker_name=res.name,
                speaker_kind=res.kind,  # type: ignore[arg-type]
                speaker_title=res.title,
                sentence=si_first if cand.cue is None else sentence_of(cand.cue[0]),
                sentences=list(range(si_first, si_last + 1)),
            )
        )
        resolved_by_quote.append(res)
    return quotes


def _resolve(
    article: Article,
    doc: Any,
    cand: Candidate,
    head: Any | None,
    quotes: list[Quote],
    previous: list[_Resolved],
) -> _Resolved:
    text = article.text
    if cand.cue is None and cand.speaker is None:
        # continuation of the previous quote's speaker
        if previous:
            return previous[-1]
        return _Resolved(None, None, "unknown", None)
    if head is None:
        return _Resolved(None, None, "unknown", None)
    low = head.lower_
    if low in PERSON_PRONOUNS:
        for q, r in zip(reversed(quotes), reversed(previous), strict=True):
            if r.kind == "person" and r.name and q.content.start < cand.content[0] + 1:
                return r
        person = _recent_person_subject(doc, head)
        if person is not None:
            title, name = _title_and_name(person, _np_span([person]), text)
            ent = _mention_entity(article, person.idx, person.idx + len(person.text))
            return _Resolved(_canonical(article, ent) or name, title, "person", ent)
        return _Resolved(None, None, "person", None)
    if low in GROUP_PRONOUNS or low in ORG_PRONOUNS:
        want = ("group", "organization")
        for r in reversed(previous):
            if r.kind in want and r.name:
                return r
        return _Resolved(None, None, "group" if low in GROUP_PRONOUNS else "organization", None)
    if low in ("who", "which", "that") and head.head.dep_ == "relcl":
        noun = head.head.head
        return _describe(article, [noun], text)
    return _describe(article, cand.speaker_tokens, text)


def _describe(article: Article, tokens: list[Any], text: str) -> _Resolved:
    head = tokens[0]
    kind = _kind_of(tokens)
    np = _np_span(tokens)
    ent = _mention_entity(article, head.idx, head.idx + len(head.text))
    if kind == "person" and len(tokens) == 1:
        title, name = _title_and_name(head, np, text)
    else:
        title = None
        s, e = np
        name = text[s:e]
        # a bare group NP: drop a leading determiner
        name = re.sub(r"^(the|a|an)\s+", "", name, flags=re.I)
    return _Resolved(_canonical(article, ent) or name, title, kind, ent)


def _canonical(article: Article, ent: int | None) -> str | None:
    if ent is None or ent >= len(article.entities):
        return None
    return article.entities[ent].canonical


def _recent_person_subject(doc: Any, before: Any) -> Any | None:
    """The most recent PERSON-named subject before ``before`` (a pronoun token)."""
    for i in range(before.i - 1, -1, -1):
        t = doc[i]
        if t.dep_ in ("nsubj", "nsubjpass") and t.ent_type_ == "PERSON" and t.pos_ == "PROPN":
            return t
    for i in range(before.i - 1, -1, -1):
        t = doc[i]
        if t.ent_type_ == "PERSON" and t.pos_ == "PROPN" and t.ent_iob_ in ("B", "I"):
            # the last token of the name is its head
            if i + 1 >= len(doc) or doc[i + 1].ent_iob_ != "I":
                return t
    return None
