"""dateline.quotes.v1 — who said what: rule-based quote attribution over the dependency parse.

For every reporting cue (a speech, belief or intention verb with a clausal complement,
"according to X", a quotation mark run next to such a verb) the stage records a
:class:`~dateline.records.Quote`: the content (the reported clause, or the quoted text
without its quotation marks), the cue, the speaker (the full subject noun phrase, as
written), the speaker's title, kind, entity and canonical name.

Kinds: ``direct`` (the content is quoted text), ``mixed`` (a reported clause carrying a
quoted fragment), ``indirect`` (reported speech, beliefs, intentions, "according to").

Rules, in order, per sentence:

1. cue verbs (lemma lexicon) with a clausal complement (``ccomp``; ``xcomp`` for
   intention verbs such as *urge*, *promise*, *want*), or a complement before them
   ("…, officials said" parsed as ``parataxis``); participles without a subject
   ("…, saying …", "and added that …") take the subject of the verb they hang from;
2. "according to X" — the rest of the sentence is the content;
3. quotation-mark runs not yet covered: a cue verb outside the marks in the same sentence
   (or the sentence before, when it ends with a colon); otherwise a *continuation* of the
   previous direct quote's speaker when the run fills its sentence and follows closely.

A content that is mostly quoted text is snapped to the quotation (kind ``direct``, which
may span several sentences); a clause carrying a short quoted fragment is ``mixed``.
Nested attributions (a cue inside another quote's content) are dropped, as in PolNeAR
(one attribution per token).  Pronoun speakers take the name of the previous compatible
quote speaker, else of the most recent PERSON subject; "who" takes the noun it modifies.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from dateline.language import detect
from dateline.language.parse import ensure_doc
from dateline.quotes import french
from dateline.quotes.cues import (
    MIN_CONTENT_WORDS,
    MIN_QUOTE_WORDS,
    Candidate,
    _trim,
    _word_count,
    find_quote_runs,
)
from dateline.quotes.rules import _sentence_lookup, _snap, rule_candidates
from dateline.quotes.speakers import _to_quotes
from dateline.records import Article, Quote
from dateline.registry import register

log = logging.getLogger(__name__)

# --- the stage ----------------------------------------------------------------------------


@register(
    "dateline.quotes.v1",
    requires=("text", "sentences", "doc", "entities"),
    assigns=("quotes",),
)
class Quotes:
    """Attribute direct, indirect and mixed quotes to their speakers.

    ``mode``: ``"rules"`` (dependency rules only), ``"model"`` (the CRF tagger of
    :mod:`dateline.quotes.crf`, fed the rules' spans as features) or ``"combined"`` (the
    default: the rules' direct quotes and the tagger's attributions, see
    :func:`combine`).  Without python-crfsuite or the shipped model the stage falls back
    to the rules.
    """

    def __init__(
        self,
        model: str | None = None,
        min_quote_words: int = MIN_QUOTE_WORDS,
        mode: str = "combined",
        prefer: str | None = None,
        min_content_words: int = MIN_CONTENT_WORDS,
    ) -> None:
        if mode not in ("rules", "model", "combined"):
            raise ValueError(f"unknown quotes mode {mode!r}")
        if prefer not in (None, "rules", "model"):
            raise ValueError(f"unknown quotes preference {prefer!r}")
        self.model = model
        self.min_quote_words = min_quote_words
        self.mode = mode
        self.prefer = prefer
        self.min_content_words = min_content_words

    def __call__(self, article: Article) -> Article:
        doc = ensure_doc(article, self.model)
        if detect.primary(article.language) == "fr":
            # the cues, rules and tagger are English: French has its own rules
            article.quotes = french.extract(article, doc, min_quote_words=self.min_quote_words)
            return article
        rules = rule_candidates(article, doc, min_quote_words=self.min_quote_words)
        cands = rules
        if self.mode != "rules":
            from dateline.quotes import crf as quotes_model

            if quotes_model.model_available():
                tagged = model_candidates(article, doc, rules)
                prefer = self.prefer or _default_preference()
                cands = tagged if self.mode == "model" else combine(rules, tagged, prefer)
            else:
                log.warning("quote model unavailable: rules only")
        if self.min_content_words > 1:
            cands = [c for c in cands if _content_words(article.text, c) >= self.min_content_words]
        article.quotes = _to_quotes(article, doc, cands, _sentence_lookup(article))
        return article


def _default_preference() -> str:
    """Where rules and tagger overlap: the network-backed tagger wins (held-out train:
    content-overlap F1 0.758 against 0.730 when the rules win); the CRF alone does not
    (it turned the seed page's first quote into a noun phrase), so then the rules win."""
    from dateline.quotes import network as quotes_nn

    return "model" if quotes_nn.nn_available() else "rules"


def _content_words(text: str, cand: Candidate) -> int:
    return _word_count(text[cand.content[0] : cand.content[1]])


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def combine(
    rules: list[Candidate], tagged: list[Candidate], prefer: str = "model"
) -> list[Candidate]:
    """Rules and tagger together: the rules' direct quotes win (quotation marks make them
    precise); otherwise the preferred side wins where contents overlap, and attributions
    only one side found are kept.  A tagged attribution takes its source from the rules
    where they read the same cue and a source that covers the tagger's (same span, or a
    coordination the tagger cut to one conjunct)."""
    first, second = (tagged, rules) if prefer == "model" else (rules, tagged)
    direct = [r for r in rules if r.kind == "direct"]
    out: list[Candidate] = list(direct)

    def clashes(c: Candidate) -> bool:
        return any(_overlap(c.content, o.content) > 0 for o in out)

    def swallows_rule_speaker(c: Candidate) -> bool:
        # "A, an official and the group said": a tagged content running into the speaker the
        # rules found before the cue has taken in part of the attribution: the rules win
        return any(
            _overlap(c.content, r.content) > 0
            and r.speaker is not None
            and r.cue is not None
            and r.cue[0] >= c.content[1]
            and _overlap(c.content, r.speaker) > 0
            for r in rules
        )

    def rule_source(c: Candidate) -> Candidate:
        # where the rules read the same cue and a source that covers the tagger's, their subject
        # heads are kept (a coordination's heads make it a group); and "…, a government official
        # and the group said": the tagger may keep one conjunct of a coordinated source, the
        # rules' coordination is then the source
        if c.speaker is None or c.cue is None:
            return c
        for r in rules:
            if (
                r.speaker is not None
                and r.cue is not None
                and _overlap(c.cue, r.cue) > 0
                and r.speaker[0] <= c.speaker[0]
                and c.speaker[1] <= r.speaker[1]
                and (
                    r.speaker == c.speaker
                    or any(h.dep_ == "cc" or h.conjuncts for h in r.speaker_tokens)
                )
            ):
                return replace(c, speaker=r.speaker, speaker_tokens=list(r.speaker_tokens))
        return c

    for pool in (first, second):
        for c in pool:
            if c in direct or clashes(c):
                continue
            if pool is tagged:
                if swallows_rule_speaker(c):
                    continue
                c = rule_source(c)
            out.append(c)
    out.sort(key=lambda c: c.content[0])
    return out


def model_candidates(article: Article, doc: Any, rules: list[Candidate]) -> list[Candidate]:
    """The tagger's attributions as candidates (speaker head = the source's root)."""
    from dateline.quotes import crf as quotes_model

    text = article.text
    spans: list[tuple[str, tuple[int, int]]] = []
    for c in rules:
        spans.append(("Content", c.content))
        if c.cue:
            spans.append(("Cue", c.cue))
        if c.speaker:
            spans.append(("Source", c.speaker))
    sentence_of = _sentence_lookup(article)
    runs = find_quote_runs(text)
    out: list[Candidate] = []
    # the network's cue-less contents are mostly quotes continuing an earlier speaker (61 %
    # of them match a gold content on held-out train); the CRF's are not (titles, captions)
    from dateline.quotes import network as quotes_nn

    keep_cueless = quotes_nn.nn_available()
    for a in quotes_model.predict(doc, text, spans):
        start = min(s for s, _ in a.content)
        end = max(e for _, e in a.content)
        if a.cue is None:
            # only as a continuation: someone was attributed before it
            if not keep_cueless or not any(
                c.cue is not None and c.content[0] < start for c in (*rules, *out)
            ):
                continue
        start, end = _trim(text, start, end)
        if end - start < 2:
            continue
        speaker_tokens: list[Any] = []
        if a.source_tokens:
            idx = set(a.source_tokens)
            heads = [doc[i] for i in a.source_tokens if doc[i].head.i not in idx]
            speaker_tokens = heads[:1] or [doc[a.source_tokens[-1]]]
        cue_token = None
        if a.cue_tokens:
            idx = set(a.cue_tokens)
            roots = [doc[i] for i in a.cue_tokens if doc[i].head.i not in idx]
            cue_token = roots[0] if roots else doc[a.cue_tokens[0]]
        anchor = a.cue[0] if a.cue else start
        cand = Candidate(
            kind="indirect",
            content=(start, end),
            cue=a.cue,
            speaker_tokens=speaker_tokens,
            speaker=a.source,
            sentence=sentence_of(anchor),
            cue_token=cue_token,
        )
        _snap(cand, text, [r for r in runs if r.start < end and r.end > start])
        out.append(cand)
    return out


def extract_quotes(
    article: Article, doc: Any, *, min_quote_words: int = MIN_QUOTE_WORDS
) -> list[Quote]:
    """The rule-based quotes of a parsed article."""
    kept = rule_candidates(article, doc, min_quote_words=min_quote_words)
    return _to_quotes(article, doc, kept, _sentence_lookup(article))
