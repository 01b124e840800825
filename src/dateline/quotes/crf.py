"""A CRF sequence tagger for attributions (Source / Cue / Content, BIO tags) and its linker.

The tagger reads the spaCy parse the pipeline already made and tags each sentence: token
features are the word, lemma, part of speech, dependency label, the head's lemma, the
nearest reporting-verb ancestor and the dependency path to it, the nearest verb ancestor
of any kind (so verbs outside the lexicon that take a content object are learnt), the
distance to the nearest cue-lexicon word, whether the token sits inside quotation marks,
its position in the sentence, and which role (if any) the rule stage
(:mod:`dateline.quotes.stage`) gave it — the rules are features, so the model learns when
to trust them.  Tags follow PolNeAR's univocal annotation (each token has at most one role in
at most one attribution).  A model is tagged sentence by sentence, or paragraph by paragraph
when its ``.json`` sidecar says ``"unit": "paragraph"``.

:func:`link` turns the tag sequence into attributions: every Content chunk takes the
nearest Cue chunk in its sentence (a content with no cue there stays cue-less), every Cue
the nearest Source chunk next to it; content chunks on both sides of one cue ("A, he said,
B") form one attribution.

The model is trained by ``scripts/train_quotes.py`` on PolNeAR train only and shipped in
``dateline/data/quotes_model/``; it is loaded lazily, once per process, from that file.
"""

from __future__ import annotations

import bisect
import json
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from dateline.errors import PipelineError

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).parent.parent / "data" / "quotes_model"
MODEL_FILE = MODEL_DIR / "quotes.crfsuite"
#: environment variable naming another model file (retraining experiments)
MODEL_ENV = "DATELINE_QUOTES_MODEL"
ROLES = ("Content", "Source", "Cue")

Span2 = tuple[int, int]


@dataclass
class Chunk:
    """A run of tokens with one role: token indices [start, end) and char offsets."""

    role: str
    start: int
    end: int
    char_start: int
    char_end: int
    sent: int
    #: the sentence of its last token (a chunk tagged over a paragraph may span sentences)
    sent_last: int

    def sent_gap(self, other: Chunk) -> int:
        """Sentences between the two chunks (0 when they share one)."""
        return max(0, other.sent - self.sent_last, self.sent - other.sent_last)


@dataclass
class ModelAttribution:
    """A linked attribution: content pieces, the cue and source (char offsets)."""

    content: list[Span2]
    cue: Span2 | None = None
    source: Span2 | None = None
    cue_tokens: list[int] = field(default_factory=list)
    source_tokens: list[int] = field(default_factory=list)


# --- features ------------------------------------------------------------------------------


def _cue_lexicon() -> frozenset[str]:
    from dateline.quotes.cues import CUE_LEMMAS, XCOMP_LEMMAS

    return CUE_LEMMAS | XCOMP_LEMMAS | NOUN_CUES


#: nouns and other words that cue an attribution ("according to", "claims that", "in a statement")
NOUN_CUES: frozenset[str] = frozenset(
    """
    according statement claim claims belief view views argument warning promise plan pledge
    report reports comment comments remark remarks interview testimony speech tweet post
    announcement assertion allegation allegations suggestion proposal demand call criticism
    concern concerns fear fears hope hopes position message letter email memo accusation
    reportedly allegedly apparently
    """.split()
)


def _bucket(n: int) -> str:
    a = abs(n)
    b = "0" if a == 0 else "1" if a == 1 else "2" if a == 2 else "3-4" if a <= 4 else "5-8"
    if a > 8:
        b = "9-15" if a <= 15 else "16+"
    return ("-" if n < 0 else "+") + b


def _quote_mask(text: str, doc: Any) -> list[bool]:
    from dateline.quotes.cues import find_quote_runs

    runs = find_quote_runs(text)
    starts = [r.start for r in runs]
    mask: list[bool] = []
    for tok in doc:
        i = bisect.bisect_right(starts, tok.idx) - 1
        mask.append(i >= 0 and runs[i].start <= tok.idx < runs[i].end)
    return mask


def _rule_roles(doc: Any, rule_spans: Sequence[tuple[str, Span2]]) -> list[str]:
    roles = ["O"] * len(doc)
    for role, (s, e) in rule_spans:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None:
            continue
        for t in span:
            if roles[t.i] == "O" or role != "Content":
                roles[t.i] = role
    return roles


def _verb_ancestor(t: Any) -> list[str]:
    """The nearest verb above the token (any verb, not only the cue lexicon) and the
    dependency under it: lets the CRF learn which verbs take a content object from the
    data ("backed X", "condemned X") rather than from the lexicon."""
    child, anc, depth = t, t.head, 1
    while anc.i != child.i and depth <= 6:
        if anc.pos_ == "VERB":
            lem = anc.lemma_.lower()
            return ["av=" + lem, "avd=" + lem + "/" + child.dep_, "avk=" + _bucket(depth)]
        child, anc, depth = anc, anc.head, depth + 1
    return ["av=none"]


def sentence_features(
    doc: Any,
    text: str,
    rule_spans: Sequence[tuple[str, Span2]] = (),
    keep: Sequence[bool] | None = None,
) -> list[tuple[Any, list[list[str]]]]:
    """Per sentence: (the spaCy Span, one feature list per token); with ``keep`` (one flag
    per sentence), only the kept sentences."""
    lex = _cue_lexicon()
    qmask = _quote_mask(text, doc)
    rroles = _rule_roles(doc, rule_spans)
    is_cue = [t.lemma_.lower() in lex for t in doc]
    out: list[tuple[Any, list[list[str]]]] = []
    sents = list(doc.sents)
    if keep is not None:
        sents = [s for s, k in zip(sents, keep, strict=True) if k]
    base: dict[int, list[str]] = {}
    for t in (t for sent in sents for t in sent):
        lem = t.lemma_.lower()
        f = [
            "b",
            "w=" + t.lower_,
            "l=" + lem,
            "p=" + t.tag_,
            "d=" + t.dep_,
            "hl=" + t.head.lemma_.lower(),
            "hp=" + t.head.pos_,
            "dd=" + t.dep_ + "/" + t.head.pos_,
            "sh=" + t.shape_[:4],
            "q=" + str(qmask[t.i]),
            "r=" + rroles[t.i],
            "e=" + t.ent_type_,
        ]
        if is_cue[t.i]:
            f.append("cue=" + t.pos_)
        # nearest cue-lexicon ancestor and the dependency below it on the path
        child, anc, depth = t, t.head, 1
        found = False
        while anc.i != child.i and depth <= 8:
            if is_cue[anc.i] and anc.pos_ in ("VERB", "NOUN", "AUX"):
                f.append("ac=" + child.dep_)
                f.append("acl=" + anc.lemma_.lower())
                f.append("acd=" + _bucket(depth))
                f.append("acs=" + ("L" if t.i < anc.i else "R"))
                found = True
                break
            child, anc, depth = anc, anc.head, depth + 1
        if not found:
            f.append("ac=none")
        f.extend(_verb_ancestor(t))
        base[t.i] = f
    for sent in sents:
        cues = [i for i in range(sent.start, sent.end) if is_cue[i] and doc[i].pos_ == "VERB"]
        has_q = any(qmask[sent.start : sent.end])
        feats: list[list[str]] = []
        n = sent.end - sent.start
        for i in range(sent.start, sent.end):
            f = list(base[i])
            pos = i - sent.start
            f.append("sp=" + _bucket(pos))
            f.append("se=" + _bucket(sent.end - 1 - i))
            f.append("sq=" + str(has_q))
            if cues:
                near = min(cues, key=lambda c: abs(c - i))  # noqa: B023
                f.append("nc=" + _bucket(i - near))
            else:
                f.append("nc=none")
            for off in (-2, -1, 1, 2):
                j = i + off
                if sent.start <= j < sent.end:
                    tj = doc[j]
                    f.append(f"{off}w=" + tj.lower_)
                    f.append(f"{off}p=" + tj.tag_)
                    f.append(f"{off}d=" + tj.dep_)
                    f.append(f"{off}r=" + rroles[j])
                    f.append(f"{off}q=" + str(qmask[j]))
                else:
                    f.append(f"{off}=pad")
            if n <= 3:
                f.append("short")
            feats.append(f)
        out.append((sent, feats))
    return out


def paragraph_of_sentences(doc: Any) -> list[int]:
    """Per sentence of ``doc``: the index of its paragraph (a line break between two
    sentences starts a new paragraph)."""
    out: list[int] = []
    para = 0
    prev_end: int | None = None
    text = doc.text
    for sent in doc.sents:
        words = [t for t in sent if not t.is_space]
        if not words:
            out.append(para)
            continue
        if prev_end is not None and "\n" in text[prev_end : words[0].idx]:
            para += 1
        out.append(para)
        prev_end = words[-1].idx + len(words[-1].text)
    return out


def gold_tags(doc: Any, attributions: Iterable[Any]) -> list[str]:
    """BIO tags for the doc's tokens from gold attributions (objects with .content/.source/.cue
    lists of (start, end) pieces)."""
    owner = [-1] * len(doc)
    role = ["O"] * len(doc)
    starts = [t.idx for t in doc]
    for k, a in enumerate(attributions):
        for rname, pieces in (("Content", a.content), ("Source", a.source), ("Cue", a.cue)):
            for s, e in pieces or []:
                lo = bisect.bisect_left(starts, s)
                for i in range(lo, len(doc)):
                    t = doc[i]
                    if t.idx >= e:
                        break
                    if t.is_space:
                        continue
                    role[i] = rname
                    owner[i] = k
    tags: list[str] = []
    prev = (-2, "O")
    for i in range(len(doc)):
        if role[i] == "O":
            tags.append("O")
            prev = (-2, "O")
            continue
        cur = (owner[i], role[i])
        tags.append(("I-" if cur == prev else "B-") + role[i])
        prev = cur
    return tags


# --- decoding and linking ----------------------------------------------------------------------


def chunks(doc: Any, tags: Sequence[str]) -> list[Chunk]:
    """Token runs of one role (a B- tag or a role change starts a new run; spaces are skipped)."""
    sent_of = [0] * len(doc)
    for k, s in enumerate(doc.sents):
        for i in range(s.start, s.end):
            sent_of[i] = k
    out: list[Chunk] = []
    cur: Chunk | None = None
    for i, tag in enumerate(tags):
        tok = doc[i]
        if tok.is_space and cur is not None:
            continue
        if tag == "O":
            cur = None
            continue
        bio, _, r = tag.partition("-")
        if cur is None or bio == "B" or cur.role != r:
            cur = Chunk(r, i, i + 1, tok.idx, tok.idx + len(tok.text), sent_of[i], sent_of[i])
            out.append(cur)
        else:
            cur.end = i + 1
            cur.char_end = tok.idx + len(tok.text)
            cur.sent_last = sent_of[i]
    return [c for c in out if not all(doc[i].is_punct for i in range(c.start, c.end))]


def link(doc: Any, tags: Sequence[str], *, max_sent_gap: int = 0) -> list[ModelAttribution]:
    """Group tagged chunks into attributions (content → nearest cue within ``max_sent_gap``
    sentences → the nearest source in the cue's sentence)."""
    cs = chunks(doc, tags)
    contents = [c for c in cs if c.role == "Content"]
    cues = [c for c in cs if c.role == "Cue"]
    sources = [c for c in cs if c.role == "Source"]

    def tok_dist(a: Chunk, b: Chunk) -> int:
        if a.end <= b.start:
            return b.start - a.end
        if b.end <= a.start:
            return a.start - b.end
        return 0

    def nearest(target: Chunk, pool: list[Chunk], max_gap: int = max_sent_gap) -> Chunk | None:
        best: tuple[tuple[int, int], Chunk] | None = None
        for c in pool:
            gap = target.sent_gap(c)
            if gap > max_gap:
                continue
            key = (gap, tok_dist(target, c))
            if best is None or key < best[0]:
                best = (key, c)
        return best[1] if best else None

    by_cue: dict[int, list[Chunk]] = {}
    no_cue: list[Chunk] = []
    for c in contents:
        cue = nearest(c, cues)
        if cue is None:
            no_cue.append(c)
        else:
            by_cue.setdefault(id(cue), []).append(c)
    cue_by_id = {id(c): c for c in cues}
    out: list[ModelAttribution] = []
    for cid, conts in by_cue.items():
        cue = cue_by_id[cid]
        src = nearest(cue, sources, 0)
        conts.sort(key=lambda c: c.start)
        out.append(
            ModelAttribution(
                content=[(c.char_start, c.char_end) for c in conts],
                cue=(cue.char_start, cue.char_end),
                source=(src.char_start, src.char_end) if src else None,
                cue_tokens=list(range(cue.start, cue.end)),
                source_tokens=list(range(src.start, src.end)) if src else [],
            )
        )
    for c in no_cue:
        src = nearest(c, sources, 0)
        out.append(
            ModelAttribution(
                content=[(c.char_start, c.char_end)],
                source=(src.char_start, src.char_end) if src else None,
                source_tokens=list(range(src.start, src.end)) if src else [],
            )
        )
    out.sort(key=lambda a: a.content[0])
    return out


# --- the model ----------------------------------------------------------------------------------


def model_path() -> str:
    """The model file: ``$DATELINE_QUOTES_MODEL`` when set, else the shipped one."""
    return os.environ.get(MODEL_ENV) or str(MODEL_FILE)


@lru_cache(maxsize=2)
def load_tagger(path: str) -> Any:
    """The shipped CRF tagger (python-crfsuite), opened once per process."""
    try:
        import pycrfsuite
    except ImportError as e:
        raise PipelineError("python-crfsuite is not installed (pip install python-crfsuite)") from e
    if not Path(path).is_file():
        raise PipelineError(f"quote model not found: {path} (run scripts/train_quotes.py)")
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return tagger


def model_available(path: str | None = None) -> bool:
    path = path or model_path()
    try:
        import pycrfsuite  # noqa: F401
    except ImportError:
        return False
    return Path(path).is_file()


def group_sequences(
    sents: Sequence[tuple[int, int, int, list[list[str]]]], unit: str = "sentence"
) -> list[tuple[int, int, list[list[str]]]]:
    """Tagging units from per-sentence features ``(start, end, paragraph, feats)``: each
    sentence, or (``unit="paragraph"``) the sentences of one paragraph joined, with the
    sentence's place in its paragraph as a feature so the CRF can carry a content across
    sentence boundaries."""
    if unit == "sentence":
        return [(s, e, f) for s, e, _, f in sents]
    if unit != "paragraph":
        raise ValueError(f"unknown sequence unit {unit!r}")
    out: list[tuple[int, int, list[list[str]]]] = []
    cur_para: int | None = None
    k = 0
    for s, e, para, feats in sents:
        if para != cur_para or not out:
            out.append((s, e, []))
            cur_para, k = para, 0
        start, _, joined = out[-1]
        kb = "ps=" + _bucket(k)
        for j, f in enumerate(feats):
            joined.append([*f, kb, "sb"] if j == 0 and k > 0 else [*f, kb])
        out[-1] = (start, e, joined)
        k += 1
    return out


def doc_sequences(
    doc: Any,
    text: str,
    rule_spans: Sequence[tuple[str, Span2]] = (),
    unit: str = "sentence",
    keep: Sequence[bool] | None = None,
) -> list[tuple[int, int, list[list[str]]]]:
    """The tagging units of a parsed text: ``(first token, end token, features)``; with
    ``keep`` (one flag per sentence, whole units kept or not), only the kept units."""
    sf = sentence_features(doc, text, rule_spans, keep)
    paras = paragraph_of_sentences(doc)
    if keep is not None:
        paras = [p for p, k in zip(paras, keep, strict=True) if k]
    sents = [(sent.start, sent.end, p, f) for (sent, f), p in zip(sf, paras, strict=True)]
    return group_sequences(sents, unit)


def model_unit(path: str) -> str:
    """The sequence unit a model was trained on (``<model>.json`` beside it, else sentence)."""
    meta = Path(path).with_suffix(".json")
    if meta.is_file():
        try:
            return str(json.loads(meta.read_text(encoding="utf-8")).get("unit", "sentence"))
        except (OSError, ValueError) as e:
            raise PipelineError(f"unreadable quote model metadata: {meta}") from e
    return "sentence"


def tag_doc(
    doc: Any,
    text: str,
    rule_spans: Sequence[tuple[str, Span2]] = (),
    *,
    path: str | None = None,
) -> list[str]:
    """BIO tags for every token of ``doc``: from the network (:mod:`dateline.quotes.network`) when it
    and MiniLM are installed, else from the CRF at ``path``."""
    from dateline.quotes import gate as quote_gate
    from dateline.quotes import network as quotes_nn

    path = path or model_path()
    tags = ["O"] * len(doc)
    net = quotes_nn.load_nn(quotes_nn.nn_paths()) if quotes_nn.nn_available() else None
    if net is None:
        tagger = load_tagger(path)
        for start, end, feats in doc_sequences(doc, text, rule_spans, _unit(path)):
            for i, tag in zip(range(start, end), tagger.tag(feats), strict=True):
                tags[i] = tag
        return tags
    # with the gate on (opt-in): only the units with a cue word, a quotation mark or a rule role
    keep = (
        quote_gate.kept_sentences(
            doc, rule_spans, net.unit, _cue_lexicon(), paragraph_of_sentences(doc)
        )
        if quote_gate.enabled()
        else None
    )
    seqs = doc_sequences(doc, text, rule_spans, net.unit, keep)
    spans = [(s, e) for s, e, _ in seqs]
    vecs = {enc: quotes_nn.encoder_vectors(doc, spans, enc) for enc in net.encoders}
    by_enc = {enc: [v[s:e] for s, e in spans] for enc, v in vecs.items()}
    logps = net.log_probs_batch([f for _, _, f in seqs], by_enc)
    for (start, end, _), logp in zip(seqs, logps, strict=True):
        for i, tag in zip(range(start, end), quotes_nn.viterbi(logp), strict=True):
            tags[i] = tag
    return tags


@lru_cache(maxsize=4)
def _unit(path: str) -> str:
    return model_unit(path)


def predict(
    doc: Any,
    text: str,
    rule_spans: Sequence[tuple[str, Span2]] = (),
    *,
    path: str | None = None,
) -> list[ModelAttribution]:
    """Tag and link: the model's attributions for one parsed text."""
    return link(doc, tag_doc(doc, text, rule_spans, path=path))


def train(
    sequences: Iterable[tuple[list[list[str]], list[str]]],
    path: Path,
    *,
    c1: float = 0.5,
    c2: float = 0.01,
    max_iterations: int = 150,
    min_freq: int = 2,
) -> None:
    """Train the CRF (L-BFGS with elastic net; crfsuite is deterministic) and save it."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    n = 0
    for feats, tags in sequences:
        trainer.append(feats, tags)
        n += 1
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iterations,
            "feature.minfreq": min_freq,
            "feature.possible_transitions": True,
        }
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    log.info("training the quote CRF on %d sequences", n)
    trainer.train(str(path))
