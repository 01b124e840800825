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

import bisect
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from dateline.language.parse import ensure_doc
from dateline.records import Article, Quote, Span
from dateline.registry import register

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


# --- the stage ----------------------------------------------------------------------------


@register(
    "dateline.quotes.v1",
    requires=("text", "sentences", "doc", "entities"),
    assigns=("quotes",),
)
class Quotes:
    """Attribute direct, indirect and mixed quotes to their speakers.

    ``mode``: ``"rules"`` (dependency rules only), ``"model"`` (the CRF tagger of
    :mod:`dateline.quotes_model`, fed the rules' spans as features) or ``"combined"`` (the
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
        rules = rule_candidates(article, doc, min_quote_words=self.min_quote_words)
        cands = rules
        if self.mode != "rules":
            from dateline import quotes_model

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
    from dateline import quotes_nn

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
    from dateline import quotes_model

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
    from dateline import quotes_nn

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


def _sentence_lookup(article: Article) -> Any:
    sent_starts = [s.start for s in article.sentences]

    def sentence_of(offset: int) -> int:
        i = bisect.bisect_right(sent_starts, offset) - 1
        return max(i, 0)

    return sentence_of


def rule_candidates(
    article: Article, doc: Any, *, min_quote_words: int = MIN_QUOTE_WORDS
) -> list[Candidate]:
    """The attributions the rules find, in text order (before speaker resolution)."""
    text = article.text
    runs = find_quote_runs(text)
    run_starts = [r.start for r in runs]
    sent_starts = [s.start for s in article.sentences]

    def sentence_of(offset: int) -> int:
        i = bisect.bisect_right(sent_starts, offset) - 1
        return max(i, 0)

    def runs_in(start: int, end: int) -> list[QuoteRun]:
        lo = bisect.bisect_left(run_starts, start - 1)
        lo = max(lo - 1, 0)
        return [r for r in runs[lo:] if r.start < end and r.end > start][:50]

    candidates: list[Candidate] = []
    for sent in doc.sents:
        s_start = sent.start_char
        if not sent.text.strip():
            continue
        si = sentence_of(s_start) if article.sentences else 0
        for tok in sent:
            cand = _cue_candidate(tok, text, si)
            if cand is not None:
                candidates.append(cand)
            if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                cand = _according_candidate(tok, doc[tok.i + 1], sent, text, si)
                if cand is not None:
                    candidates.append(cand)

    # snap contents to quotation runs: direct / mixed
    for cand in candidates:
        _snap(cand, text, runs_in(*cand.content))

    # drop nested attributions (a cue inside the content of another one) and duplicates
    candidates.sort(key=lambda c: (c.content[0], -(c.content[1] - c.content[0])))
    kept: list[Candidate] = []
    for cand in candidates:
        anchor = cand.cue or cand.speaker or cand.content
        nested = any(
            o is not cand
            and o.content[0] <= anchor[0]
            and anchor[1] <= o.content[1]
            and (o.content[1] - o.content[0]) > (cand.content[1] - cand.content[0])
            for o in candidates
        )
        dup = any(
            k.content == cand.content or (k.cue is not None and k.cue == cand.cue) for k in kept
        )
        if not nested and not dup:
            kept.append(cand)
    for cand in kept:
        for r in cand.runs:
            r.used = True

    # quotation runs with no cue yet: a cue outside the marks nearby, else a continuation
    kept.sort(key=lambda c: c.content[0])
    for run in runs:
        if run.used or any(k.content[0] <= run.inner_start < k.content[1] for k in kept):
            continue
        if _word_count(text[run.inner_start : run.inner_end]) < min_quote_words:
            continue
        cand = _dash_signature(run, doc, text, sentence_of)
        if cand is None:
            cand = _cue_for_run(run, doc, text, sentence_of, kept)
        if cand is None:
            cand = _continuation(run, text, article, sentence_of, kept)
        if cand is not None:
            run.used = True
            kept.append(cand)
            kept.sort(key=lambda c: c.content[0])

    kept = [
        k
        for k in kept
        if not any(
            o is not k
            and k.cue is not None
            and o.content[0] <= k.cue[0] < o.content[1]
            and (o.content[1] - o.content[0]) > (k.content[1] - k.content[0])
            for o in kept
        )
    ]
    kept.sort(key=lambda c: c.content[0])
    return kept


def _cue_tokens(tok: Any) -> tuple[int, int]:
    """The cue span: the verb with its auxiliaries, negation and particle ("has said")."""
    parts = [tok]
    for c in tok.children:
        if c.dep_ in ("aux", "auxpass", "neg") and c.i < tok.i and tok.i - c.i <= 3:
            parts.append(c)
        elif c.dep_ == "prt" and c.i == tok.i + 1:
            parts.append(c)
    start, end = _subtree_span(parts)
    return start, end


def _subjects(tok: Any) -> list[Any]:
    subs = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subs:
        return subs
    # participles and coordinated verbs: "…, saying …", "and added that …"
    if tok.dep_ in ("advcl", "conj", "xcomp") and tok.tag_ in ("VBG", "VBD", "VBZ", "VBP", "VB"):
        if tok.dep_ == "advcl" and tok.tag_ != "VBG":
            return []
        head = tok.head
        if head.pos_ in ("VERB", "AUX"):
            return [c for c in head.children if c.dep_ == "nsubj"]
    return []


def _np_span(subjects: list[Any]) -> tuple[int, int]:
    toks = [t for s in subjects for t in s.subtree]
    return _subtree_span(toks)


def _cue_candidate(tok: Any, text: str, si: int) -> Candidate | None:
    if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in CUE_LEMMAS:
        return None
    lemma = tok.lemma_.lower()
    if lemma in FINAL_CUE_LEMMAS:
        final = _final_attribution(tok, text, si)
        if final is not None:
            return final
    comps = [c for c in tok.children if c.dep_ in COMPLEMENT_DEPS]
    if not comps and lemma in XCOMP_LEMMAS:
        comps = [c for c in tok.children if c.dep_ == "xcomp" and c.i > tok.i]
    subjects = _subjects(tok)
    content: tuple[int, int] | None = None
    if comps:
        comp = comps[0]
        if lemma in WEAK_LEMMAS and not any(c.dep_ == "mark" for c in comp.children):
            # "found/knew it was …" is often not an attribution; keep only "that"-clauses
            # or quoted complements (decided in _snap)
            if not _has_quote_char(text, comp):
                return None
        if comp.i > tok.i:
            toks = _content_tokens(comp)
            # PolNeAR contents run to the end of the sentence: take the words the parser
            # hung elsewhere, unless another cue or a subject of the cue stands there
            last = max(t.i for t in toks)
            tail = [t for t in tok.sent if t.i > last and not t.is_space]
            while tail and tail[-1].is_punct:
                tail.pop()
            if tail and not any(
                (t.lemma_.lower() in CUE_LEMMAS and t.pos_ in ("VERB", "AUX"))
                or t.lower_ == "according"
                or t.dep_ in ("nsubj", "nsubjpass")
                and t.head.i == tok.i
                for t in tail
            ):
                toks = toks + tail
            content = _subtree_span(toks)
        else:
            # complement before the cue: "…, officials said."
            # (extending "A, he said, B" to the hull A…B was measured: it lowers F1)
            toks = _content_tokens(comp)
            content = _subtree_span(toks)
    elif tok.dep_ in ("parataxis", "ccomp", "advcl") and tok.head.i > tok.i and subjects:
        # "The attack, he said, was desperate": the head clause minus the cue clause
        head = tok.head
        sub = set(t.i for t in tok.subtree)
        toks = [t for t in head.subtree if t.i not in sub]
        if not toks:
            return None
        content = _subtree_span(toks)
    elif tok.dep_ in ("parataxis",) and tok.head.i < tok.i and subjects:
        # "Content …, he said." with the cue hanging off the content's root
        head = tok.head
        sub = set(t.i for t in tok.subtree)
        toks = [t for t in head.subtree if t.i not in sub and t.i < min(sub)]
        if not toks:
            return None
        content = _subtree_span(toks)
    if content is None and subjects:
        content = _object_content(tok)
    if content is None:
        return None
    if lemma in ("think", "know", "feel", "believe", "want", "hope") and subjects:
        if subjects[0].lower_ in FIRST_PERSON and not _has_quote_char(text, tok.sent):
            return None  # "I think …" in running text is usually the writer
    if not subjects and lemma not in ("say", "tell", "report", "announce", "claim", "add"):
        return None
    cs, ce = _trim(text, *content)
    if ce - cs < 3:
        return None
    speaker = _np_span(subjects) if subjects else None
    if speaker and cs <= speaker[0] and speaker[1] <= ce:
        return None  # parse confusion: the speaker inside its own content
    return Candidate(
        kind="indirect",
        content=(cs, ce),
        cue=_cue_tokens(tok),
        speaker_tokens=subjects,
        speaker=speaker,
        sentence=si,
        cue_token=tok,
    )


#: cues that close a sentence attributing all of it: "…, officials said."
FINAL_CUE_LEMMAS = frozenset(
    """
    say add tell write note warn claim explain argue insist report announce declare acknowledge
    confirm contend assert allege maintain stress emphasize observe recall reply respond counter
    complain concede reveal predict estimate tweet post caution remark comment joke continue
    """.split()
)

_TRAILING_OK = frozenset({"prep", "pobj", "npadvmod", "advmod", "punct", "det", "amod", "compound"})


def _final_attribution(tok: Any, text: str, si: int) -> Candidate | None:
    """'Content, a government official and the group said [on Sunday].' (parse-independent).

    The cue ends its sentence (only modifiers such as "in a statement on Monday" follow),
    a comma precedes its subject noun phrase, and no other verb stands in between.
    """
    sent = tok.sent
    after = [t for t in sent if t.i > tok.i and not t.is_space]
    if any(t.dep_ not in _TRAILING_OK or t.pos_ in ("VERB", "AUX") for t in after):
        return None
    if any(t.text in OPEN_QUOTES + CLOSE_QUOTES + STRAIGHT for t in after if t.dep_ != "punct"):
        return None
    comma = None
    for i in range(tok.i - 1, sent.start - 1, -1):
        t = tok.doc[i]
        if t.text in (",", "—", "–"):
            comma = t
            break
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass", "amod"):
            return None
        if t.text in OPEN_QUOTES + CLOSE_QUOTES + STRAIGHT and t.i < tok.i - 1:
            return None
    if comma is None or comma.i < sent.start + 3:
        return None
    between = [
        t
        for t in tok.doc[comma.i + 1 : tok.i]
        if t.dep_ not in ("aux", "auxpass", "neg", "advmod", "punct") or t.pos_ in ("NOUN", "PROPN")
    ]
    if not between or len(between) > 15:
        return None
    if not any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in between):
        return None
    idx = {t.i for t in between}
    heads = [t for t in between if t.head.i not in idx]
    start, end = _subtree_span(between)
    content = _trim(text, sent.start_char, comma.idx)
    if content[1] - content[0] < 3:
        return None
    return Candidate(
        kind="indirect",
        content=content,
        cue=_cue_tokens(tok),
        speaker_tokens=heads,
        speaker=(start, end),
        sentence=si,
        cue_token=tok,
    )


#: verbs whose object noun phrase is an attributed content ("called for X", "cited X")
OBJECT_LEMMAS: frozenset[str] = frozenset(
    """
    call cite criticize criticise attack praise condemn blast slam support oppose propose want
    desire demand urge articulate highlight characterize characterise describe accuse question
    reject dismiss endorse back applaud welcome deny acknowledge announce predict estimate show
    find report reveal recommend favor favour fear blame defend challenge echo emphasize stress
    mock tout promise pledge vow embrace denounce decry lament hail dispute refute rebuke
    """.split()
)
#: particles or prepositions introducing the content after a verb ("called for", "warned of")
OBJECT_PREPS = {"for", "on", "about", "of", "against"}
_OBJECT_PREP_LEMMAS = frozenset("call warn complain talk speak argue push rail caution".split())


def _object_content(tok: Any) -> tuple[int, int] | None:
    """The object NP (with a following predicate) of an evaluative or reporting verb."""
    lemma = tok.lemma_.lower()
    parts: list[Any] = []
    if lemma in OBJECT_LEMMAS:
        objs = [c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i]
        if objs and objs[0].pos_ not in ("PRON",):
            parts = list(objs[0].subtree)
            parts += [t for c in tok.children if c.dep_ in ("oprd", "xcomp") for t in c.subtree]
    if not parts and lemma in _OBJECT_PREP_LEMMAS:
        for c in tok.children:
            if c.dep_ in ("prep", "prt") and c.lower_ in OBJECT_PREPS and c.i > tok.i:
                pobj = [x for x in c.children if x.dep_ in ("pobj", "pcomp")]
                if pobj:
                    parts = list(pobj[0].subtree)
                    parts += [t for x in tok.children if x.dep_ == "xcomp" for t in x.subtree]
                    break
    if not parts:
        return None
    return _subtree_span(parts)


def _has_quote_char(text: str, span: Any) -> bool:
    if hasattr(span, "subtree"):
        s, e = _subtree_span(span.subtree)
    else:
        s, e = span.start_char, span.end_char
    frag = text[s:e]
    return any(c in frag for c in OPEN_QUOTES + CLOSE_QUOTES + STRAIGHT)


def _according_candidate(tok: Any, to: Any, sent: Any, text: str, si: int) -> Candidate | None:
    objs = [c for c in to.children if c.dep_ == "pobj"]
    if not objs:
        return None
    src = _subtree_span(objs[0].subtree)
    cue = (tok.idx, to.idx + len(to.text))
    s_start, s_end = sent.start_char, sent.end_char
    if cue[0] - s_start <= 2:
        content = _trim(text, src[1], s_end)
    elif s_end - src[1] <= 3:
        content = _trim(text, s_start, cue[0])
    else:
        content = _trim(text, s_start, s_end)
    content = _strip_final_period(text, *content)
    if content[1] - content[0] < 3:
        return None
    return Candidate(
        kind="indirect",
        content=content,
        cue=cue,
        speaker_tokens=[objs[0]],
        speaker=src,
        sentence=si,
        cue_token=tok,
    )


def _strip_final_period(text: str, start: int, end: int) -> tuple[int, int]:
    if end > start and text[end - 1] in ".!?":
        end -= 1
    return start, end


def _quoted_chars(text: str, runs: list[QuoteRun], start: int, end: int) -> int:
    n = 0
    for r in runs:
        s, e = max(r.inner_start, start), min(r.inner_end, end)
        if e > s:
            n += sum(1 for c in text[s:e] if not c.isspace())
    return n


def _snap(cand: Candidate, text: str, runs: list[QuoteRun]) -> None:
    """Turn a content that is (mostly) quoted text into a direct quote; flag mixed ones."""
    if not runs:
        return
    cs, ce = cand.content
    letters = sum(1 for c in text[cs:ce] if not c.isspace())
    quoted = _quoted_chars(text, runs, cs, ce)
    cue = cand.cue or (cs, cs)
    cue_inside = any(r.start <= cue[0] < r.end for r in runs)
    if cue_inside:
        return  # the cue is itself quoted: a quote inside a quote, leave as is
    if letters and quoted >= DIRECT_SHARE * letters:
        # direct: the quotation runs overlapping the content, plus runs adjacent on the
        # other side of the cue in the same sentence ('“A,” he said, “B.”')
        chosen = [r for r in runs if r.inner_end > cs and r.inner_start < ce]
        start = min(r.inner_start for r in chosen)
        end = max(r.inner_end for r in chosen)
        end = _drop_trailing_punct(text, start, end)
        cand.content = (start, end)
        cand.kind = "direct"
        cand.runs = chosen
    else:
        inside = [r for r in runs if cs <= r.start and r.end <= ce + 1]
        if inside:
            cand.kind = "mixed"
            cand.runs = inside
            # a content ending inside the closing mark: include it
            last = max(r.end for r in inside)
            if last > ce:
                cand.content = (cs, last)


def _drop_trailing_punct(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in ",;:":
        end -= 1
    return end


_DASH_NAME = re.compile(
    r"[\s\u00a0]*([―—–])[\s\u00a0]*([A-Z][^\n.,;:!?“”\"]{1,60}?)[\s\u00a0.]*(?:\n|$)"
)


def _dash_signature(run: QuoteRun, doc: Any, text: str, sentence_of: Any) -> Candidate | None:
    """'“…” ― Name' (an epigraph or vox-pop signature): the dash is the cue."""
    m = _DASH_NAME.match(text, run.end)
    if not m:
        return None
    name = doc.char_span(m.start(2), m.end(2), alignment_mode="expand")
    if name is None:
        return None
    idx = {t.i for t in name}
    heads = [t for t in name if t.head.i not in idx] or [name.root]
    end = _drop_trailing_punct(text, run.inner_start, run.inner_end)
    return Candidate(
        kind="direct",
        content=(run.inner_start, end),
        cue=(m.start(1), m.end(1)),
        speaker_tokens=heads[:1],
        speaker=(m.start(2), m.end(2)),
        sentence=sentence_of(run.inner_start),
        runs=[run],
    )


def _cue_for_run(
    run: QuoteRun, doc: Any, text: str, sentence_of: Any, kept: list[Candidate]
) -> Candidate | None:
    """A reporting verb outside the marks in the run's sentence ('“…” he said.', 'X said: “…”')."""
    span = doc.char_span(run.start, run.end, alignment_mode="expand")
    if span is None:
        return None
    first_sent = span[0].sent
    sents = [first_sent]
    prev_tok_i = first_sent.start - 1
    if prev_tok_i >= 0:
        prev_sent = doc[prev_tok_i].sent
        if prev_sent.text.rstrip().endswith(":"):
            sents.append(prev_sent)
    used_cues = {k.cue for k in kept}
    best: tuple[int, Any] | None = None
    for sent in sents:
        for tok in sent:
            if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in CUE_LEMMAS:
                continue
            if run.start <= tok.idx < run.end:
                continue
            if tok.lemma_.lower() in WEAK_LEMMAS:
                continue
            subjects = _subjects(tok)
            if not subjects:
                continue
            cue = _cue_tokens(tok)
            if cue in used_cues:
                continue
            if any(run.start <= s.idx < run.end for s in subjects):
                continue
            dist = min(abs(tok.idx - run.end), abs(run.start - tok.idx))
            if best is None or dist < best[0]:
                best = (dist, tok)
    if best is None or best[0] > 80:
        return None
    tok = best[1]
    subjects = _subjects(tok)
    end = _drop_trailing_punct(text, run.inner_start, run.inner_end)
    return Candidate(
        kind="direct",
        content=(run.inner_start, end),
        cue=_cue_tokens(tok),
        speaker_tokens=subjects,
        speaker=_np_span(subjects),
        sentence=sentence_of(run.inner_start),
        cue_token=tok,
        runs=[run],
    )


def _continuation(
    run: QuoteRun, text: str, article: Article, sentence_of: Any, kept: list[Candidate]
) -> Candidate | None:
    """A quotation filling its sentence right after a direct quote: the same speaker."""
    before = [k for k in kept if k.content[1] <= run.start and k.kind in ("direct", "mixed")]
    if not before:
        return None
    prev = before[-1]
    si = sentence_of(run.inner_start)
    prev_last = sentence_of(max(prev.content[1] - 1, prev.content[0]))
    if si - prev_last > 2:
        return None
    # nothing attributed in between
    if any(prev.content[1] <= k.content[0] < run.start for k in kept if k is not prev):
        return None
    # '“A,” he said, “B.”': B continues A across the cue clause
    edge = max(
        prev.content[1], prev.cue[1] if prev.cue else 0, prev.speaker[1] if prev.speaker else 0
    )
    adjacent = edge <= run.start and not _WORD.search(text[edge : run.start])
    # otherwise the run must fill (most of) its sentence: not a fragment inside narration
    if article.sentences and not adjacent:
        s = article.sentences[si]
        last = article.sentences[sentence_of(max(run.inner_end - 1, run.inner_start))]
        stext = text[s.start : max(last.end, run.end)]
        letters = sum(1 for c in stext if c.isalnum())
        inner = sum(1 for c in text[run.inner_start : run.inner_end] if c.isalnum())
        if letters and inner < 0.8 * letters:
            return None
    end = _drop_trailing_punct(text, run.inner_start, run.inner_end)
    return Candidate(
        kind="direct",
        content=(run.inner_start, end),
        cue=None,
        speaker_tokens=prev.speaker_tokens,
        speaker=None,
        sentence=si,
        runs=[run],
    )


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
