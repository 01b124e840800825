"""The rules of the quote stage: cue verbs with a clausal complement, "according to X",
quotation-mark runs with a cue outside them, continuations and dash signatures (see
the rules listed in :mod:`dateline.quotes.stage`)."""

from __future__ import annotations

import bisect
import logging
import re
from typing import Any

from dateline.quotes.cues import (
    _WORD,
    CLOSE_QUOTES,
    COMPLEMENT_DEPS,
    CUE_LEMMAS,
    DIRECT_SHARE,
    FIRST_PERSON,
    MIN_QUOTE_WORDS,
    OPEN_QUOTES,
    STRAIGHT,
    WEAK_LEMMAS,
    XCOMP_LEMMAS,
    Candidate,
    QuoteRun,
    _content_tokens,
    _subtree_span,
    _trim,
    _word_count,
    find_quote_runs,
)
from dateline.records import Article

log = logging.getLogger(__name__)


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
