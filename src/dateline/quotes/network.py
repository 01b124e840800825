"""A neural attribution tagger: contextual MiniLM token vectors + parser features → BiLSTM.

The CRF of :mod:`dateline.quotes.crf` sees a window of five words; PolNeAR contents are
clauses of twenty, often with no quotation mark, whose boundaries depend on the whole
sentence.  This tagger reads, for every spaCy token,

* the contextual vector of all-MiniLM-L6-v2 (the int8 ONNX model the event typer already
  ships; wordpieces of one token are averaged), computed over the token's sentence, and
* the CRF's own categorical features (part of speech, dependency, the reporting-verb
  ancestor and the path to it, quotation marks, the rule stage's roles …) except the word
  forms, which the contextual vector carries,

and runs a one-layer bidirectional LSTM over each paragraph (or sentence: the unit the
model was trained on), all of an article's units in one padded batch.  Networks trained
from different seeds are averaged (:class:`NNEnsemble`); tags are decoded under the BIO
constraints (:func:`viterbi`).  When the networks or MiniLM are missing, the CRF tags alone.
Training needs PyTorch (``scripts/train_quotes_nn.py``); inference is NumPy and
onnxruntime only, from the shipped ``quotes_nn_*.npz`` files.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from dateline.errors import PipelineError

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).parent.parent / "data" / "quotes_model"
FAST_DIR = MODEL_DIR / "fast"
#: environment variable naming another network file (retraining experiments)
NN_ENV = "DATELINE_QUOTES_NN"
#: ``DATELINE_QUOTES_NN=fast``: two networks that read the parse's own token vectors
#: (``doc.tensor``) instead of MiniLM's, about 5x cheaper, PolNeAR dev content-overlap F1
#: 0.745 against the MiniLM pair's 0.755 (EVALUATION.md)
FAST = "fast"
UNIT_ENV = "DATELINE_QUOTES_NN_UNIT"
#: the tag set, in the network's output order
LABELS = ("O", "B-Content", "I-Content", "B-Source", "I-Source", "B-Cue", "I-Cue")
#: word-form features the contextual vector replaces (they would make the vocabulary huge)
_WORD_PREFIXES = ("w=", "l=", "-2w=", "-1w=", "1w=", "2w=")
MAX_PIECES = 254
#: padded tokens (rows × longest row) the BiLSTM reads at once: its gate pre-activations for
#: this many tokens are ~16 MiB; one array for all units of a 6 000-word page was ~600 MiB
UNIT_BUDGET = 8192


#: the token encoders a network may read: MiniLM's contextual vectors (computed here), or the
#: spaCy pipeline's own tok2vec output ``doc.tensor`` (96-d, computed by the parse: free)
ENCODERS = ("minilm", "tok2vec")
#: the word-form features a ``words`` network keeps (the current token's lower-case form)
_OWN_WORD = ("w=",)


def nn_features(feats: Sequence[str], words: bool = False) -> list[str]:
    """The categorical features the network reads (the CRF's minus word forms; with
    ``words``, the token's own lower-case form is kept)."""
    if words:
        return [f for f in feats if f.startswith(_OWN_WORD) or not f.startswith(_WORD_PREFIXES)]
    return [f for f in feats if not f.startswith(_WORD_PREFIXES)]


def tok2vec_vectors(doc: Any) -> np.ndarray:
    """One vector per token of ``doc``: the spaCy pipeline's tok2vec output (``doc.tensor``,
    set by the parse, one row per token; an empty parsed text has a [0, d] tensor)."""
    tensor = getattr(doc, "tensor", None)
    if tensor is None or tensor.ndim != 2 or tensor.shape[0] != len(doc):
        shape = None if tensor is None else tensor.shape
        raise PipelineError(
            f"the quote network needs the parse's tok2vec output: doc.tensor is {shape}"
            f" for {len(doc)} tokens"
        )
    return np.asarray(tensor, dtype=np.float32)


def encoder_vectors(doc: Any, spans: Sequence[tuple[int, int]] | None, encoder: str) -> np.ndarray:
    """Per token of ``doc``, the input vectors of ``encoder`` (see :data:`ENCODERS`)."""
    if encoder == "tok2vec":
        return tok2vec_vectors(doc)
    if encoder == "minilm":
        return token_vectors(doc, spans)
    raise PipelineError(f"unknown quote network encoder: {encoder!r}")


# --- contextual token vectors ------------------------------------------------------------------


@lru_cache(maxsize=100_000)
def _pieces(tok: Any, text: str) -> tuple[int, ...]:
    """A token's wordpieces (at most 16; ``[UNK]`` for none)."""
    from dateline.language.embed import basic_tokens

    pieces: list[int] = []
    for w in basic_tokens(text):
        pieces.extend(tok._word(w))
    return tuple(pieces[:16]) or (tok.unk,)


def _batches(lengths: Sequence[int], budget: int = 2048, slack: float = 1.25) -> list[list[int]]:
    """Indices of ``lengths`` grouped into encoder batches: sorted by length, a batch closes
    when its padded size would pass ``budget`` pieces or a row is ``slack`` times longer than
    its shortest (so little of a batch is padding).  Rows do not see each other (attention
    is masked), so the grouping changes the cost only, never a vector."""
    order = sorted(range(len(lengths)), key=lambda k: lengths[k])
    out: list[list[int]] = []
    for k in order:
        cur = out[-1] if out else None
        if (
            cur is None
            or (len(cur) + 1) * lengths[k] > budget
            or lengths[k] > slack * lengths[cur[0]] + 8
        ):
            out.append([k])
        else:
            cur.append(k)
    return out


def _windows(
    doc: Any, spans: Sequence[tuple[int, int]], tok: Any
) -> list[tuple[list[int], list[int]]]:
    """Wordpiece windows over ``spans``: (piece ids, the token each piece belongs to).  The
    sentences of a span are packed into windows of at most :data:`MAX_PIECES` pieces, cut
    between sentences; a longer sentence is cut between tokens."""
    sent_start = {s.start for s in doc.sents}
    windows: list[tuple[list[int], list[int]]] = []
    for start, end in spans:
        # the span's sentences as (ids, owners)
        sents: list[tuple[list[int], list[int]]] = []
        for i in range(start, end):
            t = doc[i]
            if i == start or i in sent_start:
                sents.append(([], []))
            if t.is_space:
                continue
            pieces = _pieces(tok, t.text)
            ids, owner = sents[-1]
            if len(ids) + len(pieces) > MAX_PIECES and ids:
                sents.append(([], []))
                ids, owner = sents[-1]
            ids.extend(pieces)
            owner.extend([i] * len(pieces))
        cur: tuple[list[int], list[int]] = ([], [])
        for ids, owner in sents:
            if cur[0] and len(cur[0]) + len(ids) > MAX_PIECES:
                windows.append(cur)
                cur = ([], [])
            cur[0].extend(ids)
            cur[1].extend(owner)
        if cur[0]:
            windows.append(cur)
    return windows


def token_vectors(doc: Any, spans: Sequence[tuple[int, int]] | None = None) -> np.ndarray:
    """One 384-d vector per token of ``doc``: MiniLM run over each span of tokens (default:
    each sentence; the sentences of a longer span are packed into windows the model can
    read), the wordpieces of a token averaged.  Whitespace tokens get zeros."""
    from dateline.language.embed import DIM, _load

    session, tok = _load()
    out = np.zeros((len(doc), DIM), dtype=np.float32)
    if spans is None:
        spans = [(s.start, s.end) for s in doc.sents]
    windows = _windows(doc, spans, tok)
    counts = np.zeros(len(doc), dtype=np.float32)
    # all windows of the article, in batches of similar length (little padding)
    for idx in _batches([len(w[0]) + 2 for w in windows]):
        width = max(len(windows[k][0]) for k in idx) + 2
        ids_arr = np.zeros((len(idx), width), dtype=np.int64)
        mask = np.zeros((len(idx), width), dtype=np.int64)
        for r, k in enumerate(idx):
            seq = [tok.cls, *windows[k][0], tok.sep]
            ids_arr[r, : len(seq)] = seq
            mask[r, : len(seq)] = 1
        hidden = session.run(
            None,
            {
                "input_ids": ids_arr,
                "attention_mask": mask,
                "token_type_ids": np.zeros_like(ids_arr),
            },
        )[0]
        for r, k in enumerate(idx):
            owner = np.asarray(windows[k][1], dtype=np.int64)
            np.add.at(out, owner, hidden[r, 1 : 1 + len(owner)])
            np.add.at(counts, owner, 1.0)
    nz = counts > 0
    out[nz] /= counts[nz, None]
    return out


# --- the network (NumPy inference) -------------------------------------------------------------


def _unit_groups(lengths: Sequence[int], budget: int | None = None) -> list[list[int]]:
    """Indices of the units, longest first, in groups whose padded size (rows × the longest
    row) stays within ``budget`` tokens (default :data:`UNIT_BUDGET`; a longer unit is a
    group of its own)."""
    budget = UNIT_BUDGET if budget is None else budget
    order = sorted(range(len(lengths)), key=lambda k: -lengths[k])
    out: list[list[int]] = []
    for k in order:
        if out and (len(out[-1]) + 1) * lengths[out[-1][0]] <= budget:
            out[-1].append(k)
        else:
            out.append([k])
    return out


def _sigmoid(x: np.ndarray) -> np.ndarray:
    out: np.ndarray = 0.5 * (1.0 + np.tanh(0.5 * x))
    return out


class NNTagger:
    """The BiLSTM tagger's weights and its forward pass (NumPy)."""

    def __init__(self, path: str | Path) -> None:
        try:
            z = np.load(path, allow_pickle=False)
        except (OSError, ValueError) as e:
            raise PipelineError(f"unreadable quote network: {path}") from e
        self.w = {k: z[k].astype(np.float32) for k in z.files if k not in ("vocab", "meta")}
        vocab = json.loads(str(z["vocab"]))
        self.vocab: dict[str, int] = {f: i for i, f in enumerate(vocab)}
        self.hidden = int(self.w["fw_hh"].shape[1])
        meta = json.loads(str(z["meta"])) if "meta" in z.files else {}
        #: the tagging unit it was trained on: "sentence" or "paragraph"
        self.unit = str(os.environ.get(UNIT_ENV) or meta.get("unit", "sentence"))
        #: what it reads per token (:data:`ENCODERS`; networks before the option read MiniLM)
        self.encoder = str(meta.get("encoder", "minilm"))
        if self.encoder not in ENCODERS:
            raise PipelineError(f"quote network {path}: unknown encoder {self.encoder!r}")
        #: the input vectors' width
        self.dim = int(self.w["proj_w"].shape[1])

    def inputs(self, feats: Sequence[Sequence[str]], vecs: np.ndarray) -> np.ndarray:
        emb = self.w["emb"]
        rows = np.zeros((len(feats), emb.shape[1]), dtype=np.float32)
        # the vocabulary holds no word forms (it was built from nn_features), so a lookup
        # drops them as nn_features would; each token's feature rows are summed in one pass
        get = self.vocab.get
        ids: list[int] = []
        starts: list[int] = []
        owners: list[int] = []
        for t, fs in enumerate(feats):
            n = len(ids)
            ids.extend(i for i in map(get, fs) if i is not None)
            if len(ids) > n:
                starts.append(n)
                owners.append(t)
        if ids:
            rows[owners] = np.add.reduceat(emb[ids], starts, axis=0)
        if vecs.shape[1] != self.dim:
            raise PipelineError(
                f"quote network ({self.encoder}) reads {self.dim}-d vectors, got {vecs.shape[1]}"
            )
        proj = np.maximum(vecs @ self.w["proj_w"].T + self.w["proj_b"], 0.0)
        out: np.ndarray = np.concatenate([np.tanh(rows), proj], axis=1)
        return out

    def _lstm(self, x: np.ndarray, lengths: np.ndarray, d: str) -> np.ndarray:
        """One direction over a padded batch ``x`` [B, T, in]; rows are read up to their
        length (the backward direction gets its rows already reversed)."""
        w_ih, w_hh, b = self.w[d + "_ih"], self.w[d + "_hh"], self.w[d + "_b"]
        h_n = self.hidden
        pre = x @ w_ih.T + b
        n, steps = x.shape[0], x.shape[1]
        h = np.zeros((n, h_n), dtype=np.float32)
        c = np.zeros((n, h_n), dtype=np.float32)
        out = np.zeros((n, steps, h_n), dtype=np.float32)
        w_hh_t = np.ascontiguousarray(w_hh.T)
        for t in range(steps):
            live = int(np.searchsorted(-lengths, -t, side="left"))  # rows with length > t
            g = pre[:live, t] + h[:live] @ w_hh_t
            i, f = _sigmoid(g[:, :h_n]), _sigmoid(g[:, h_n : 2 * h_n])
            gg, o = np.tanh(g[:, 2 * h_n : 3 * h_n]), _sigmoid(g[:, 3 * h_n :])
            c[:live] = f * c[:live] + i * gg
            h[:live] = o * np.tanh(c[:live])
            out[:live, t] = h[:live]
        return out

    def log_probs_batch(
        self, feats: Sequence[Sequence[Sequence[str]]], vecs: Sequence[np.ndarray]
    ) -> list[np.ndarray]:
        """Per unit, per token: log-probabilities over :data:`LABELS`.  The units are run in
        groups of similar length (:func:`_unit_groups`), so the padded arrays of a long
        article stay small; rows never see each other, so the grouping changes no value."""
        out: list[np.ndarray] = [np.zeros(0)] * len(feats)
        for group in _unit_groups([len(f) for f in feats]):
            probs = self._log_probs_group([feats[k] for k in group], [vecs[k] for k in group])
            for k, lp in zip(group, probs, strict=True):
                out[k] = lp
        return out

    def _log_probs_group(
        self, feats: Sequence[Sequence[Sequence[str]]], vecs: Sequence[np.ndarray]
    ) -> list[np.ndarray]:
        if not feats:
            return []
        lengths = np.array([len(f) for f in feats], dtype=np.int64)
        order = np.argsort(-lengths, kind="stable")  # longest first: live rows are a prefix
        steps = int(lengths.max())
        xs = [self.inputs(feats[k], vecs[k]) for k in order]
        dim = xs[0].shape[1]
        fwd = np.zeros((len(xs), steps, dim), dtype=np.float32)
        bwd = np.zeros_like(fwd)
        for r, x in enumerate(xs):
            fwd[r, : len(x)] = x
            bwd[r, : len(x)] = x[::-1]
        sl = lengths[order]
        hf = self._lstm(fwd, sl, "fw")
        hb = self._lstm(bwd, sl, "bw")
        out: list[np.ndarray] = [np.zeros(0)] * len(xs)
        for r, k in enumerate(order):
            n = int(sl[r])
            h = np.concatenate([hf[r, :n], hb[r, :n][::-1]], axis=1)
            logits = h @ self.w["out_w"].T + self.w["out_b"]
            logits -= logits.max(axis=1, keepdims=True)
            out[int(k)] = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        return out

    def log_probs(self, feats: Sequence[Sequence[str]], vecs: np.ndarray) -> np.ndarray:
        """Per token of one unit, log-probabilities over :data:`LABELS`."""
        if len(feats) == 0:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        return self.log_probs_batch([feats], [vecs])[0]


class NNEnsemble:
    """Networks trained alike from different seeds: their probabilities are averaged."""

    def __init__(self, paths: Sequence[str]) -> None:
        if not paths:
            raise PipelineError("no quote network given")
        for p in paths:
            if not Path(p).is_file():
                raise PipelineError(
                    f"quote network not found: {p} (run scripts/train_quotes_nn.py)"
                )
        self.members = [NNTagger(p) for p in paths]
        self.unit = self.members[0].unit
        if any(m.unit != self.unit for m in self.members):
            raise PipelineError("the quote networks were trained on different units")
        #: the encoders the members read (MiniLM is run only when one of them needs it)
        self.encoders = tuple(sorted({m.encoder for m in self.members}))

    def log_probs_batch(
        self,
        feats: Sequence[Sequence[Sequence[str]]],
        vecs: Sequence[np.ndarray] | Mapping[str, Sequence[np.ndarray]],
    ) -> list[np.ndarray]:
        """``vecs``: per unit, its token vectors; or, by encoder, such a list (a mixed
        ensemble)."""
        with one_blas_thread():
            runs = [
                m.log_probs_batch(feats, vecs[m.encoder] if isinstance(vecs, Mapping) else vecs)
                for m in self.members
            ]
        if len(runs) == 1:
            return runs[0]
        out: list[np.ndarray] = []
        for k in range(len(feats)):
            p = np.mean([np.exp(r[k]) for r in runs], axis=0)
            out.append(np.log(np.clip(p, 1e-12, None)))
        return out


@lru_cache(maxsize=1)
def _blas_controller() -> Any:
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # threadpoolctl comes with scikit-learn
        return None
    return ThreadpoolController()


def one_blas_thread() -> AbstractContextManager[Any]:
    """NumPy's BLAS on one thread.  The BiLSTM multiplies small matrices once per time step:
    a second BLAS thread gains nothing there, and its spin-waiting between the steps cost up
    to ten times the forward pass's CPU time on a loaded machine (BENCHMARKS.md)."""
    ctl = _blas_controller()
    if ctl is None:
        return nullcontext()
    return ctl.limit(limits=1, user_api="blas")  # type: ignore[no-any-return]


def nn_paths() -> tuple[str, ...]:
    """The network files: ``$DATELINE_QUOTES_NN`` (several joined by ``os.pathsep``, or
    ``fast`` for the shipped tok2vec networks, :data:`FAST_DIR`), else every
    ``quotes_nn*.npz`` shipped beside the CRF (the MiniLM networks)."""
    env = os.environ.get(NN_ENV)
    if env == FAST:
        return tuple(str(p) for p in sorted(FAST_DIR.glob("quotes_nn*.npz")))
    if env is not None:
        return tuple(p for p in env.split(os.pathsep) if p)
    return tuple(str(p) for p in sorted(MODEL_DIR.glob("quotes_nn*.npz")))


@lru_cache(maxsize=2)
def load_nn(paths: tuple[str, ...]) -> NNEnsemble:
    return NNEnsemble(paths)


def nn_available(paths: Sequence[str] | None = None) -> bool:
    """Are the networks here, and MiniLM when one of them reads it?"""
    paths = nn_paths() if paths is None else paths
    if not paths or not all(Path(p).is_file() for p in paths):
        return False
    if "minilm" not in load_nn(tuple(paths)).encoders:
        return True
    from dateline.language import embed

    return embed.available()


# --- decoding ----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _allowed() -> np.ndarray:
    """allowed[a, b]: may tag b follow tag a (I-X only after B-X or I-X)."""
    n = len(LABELS)
    ok = np.ones((n, n), dtype=bool)
    for b, lb in enumerate(LABELS):
        if lb.startswith("I-"):
            role = lb[2:]
            for a, la in enumerate(LABELS):
                ok[a, b] = la in ("B-" + role, "I-" + role)
    return ok


def viterbi(logp: np.ndarray) -> list[str]:
    """The best tag sequence under the BIO constraints (no sequence starts with I-)."""
    if len(logp) == 0:
        return []
    allowed = _allowed()
    trans = np.where(allowed, 0.0, -1e9).astype(np.float64)
    start_ok = np.array([0.0 if not lb.startswith("I-") else -1e9 for lb in LABELS])
    score = logp[0].astype(np.float64) + start_ok
    back = np.zeros((len(logp), len(LABELS)), dtype=np.int64)
    for t in range(1, len(logp)):
        cand = score[:, None] + trans
        back[t] = cand.argmax(axis=0)
        score = cand.max(axis=0) + logp[t]
    best = [int(score.argmax())]
    for t in range(len(logp) - 1, 0, -1):
        best.append(int(back[t, best[-1]]))
    return [LABELS[k] for k in reversed(best)]
