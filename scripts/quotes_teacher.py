"""Teacher probabilities for distilling the quote networks (``train_quotes_nn.py --teacher``).

A teacher is an ensemble of shipped networks (e.g. the MiniLM pair
``src/dateline/data/quotes_model/quotes_nn_{13,3}.npz``).  For every training article and every
tagging unit, in the order :func:`train_quotes_nn.build` gives them, this computes the teacher's
averaged tag probabilities with the stage's own NumPy inference: the same units
(:func:`dateline.quotes.crf.doc_sequences` over the rule stage's spans), the same encoder
vectors (:func:`dateline.quotes.network.encoder_vectors`, float32) and the same forward pass
(:meth:`dateline.quotes.network.NNEnsemble.log_probs_batch`), as
:func:`dateline.quotes.crf.tag_doc` runs them.  The result is cached on disk (a pickle keyed by
the teacher files' contents, the unit and the articles), so it is computed once.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger("quotes_teacher")

#: per article, per unit: the teacher's probabilities over the labels, [tokens, labels] float32
Probs = list[list[np.ndarray]]


def teacher_key(paths: Sequence[str | Path], unit: str, names: Sequence[str]) -> str:
    """What the cached probabilities depend on: the teacher files' bytes, the unit, the articles."""
    h = hashlib.sha256()
    for p in paths:
        h.update(Path(p).read_bytes())
    h.update(unit.encode())
    for n in names:
        h.update(n.encode() + b"\0")
    return h.hexdigest()


def save_cache(path: Path, key: str, probs: Probs) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("wb") as fh:
        pickle.dump({"key": key, "probs": probs}, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)


def load_cache(path: Path, key: str) -> Probs | None:
    """The cached probabilities, or None when absent or computed for something else."""
    if not path.is_file():
        return None
    with path.open("rb") as fh:
        blob = pickle.load(fh)
    if not isinstance(blob, dict) or blob.get("key") != key:
        log.info("teacher cache %s is for another teacher or data: recomputed", path)
        return None
    probs: Probs = blob["probs"]
    return probs


def compute(
    gold: Sequence[Any], spacy_docs: Sequence[Any], paths: Sequence[str], unit: str
) -> Probs:
    """Per article of ``gold`` (parsed as ``spacy_docs``), per unit: the teacher's probabilities."""
    from train_quotes import rule_spans

    from dateline.evaluation import quote_eval as qe
    from dateline.language.parse import Parse
    from dateline.quotes.crf import doc_sequences
    from dateline.quotes.network import NNEnsemble

    net = NNEnsemble(paths)
    if net.unit != unit:
        raise SystemExit(f"the teacher was trained on {net.unit} units, not {unit}")
    parse = Parse()
    out: Probs = []
    t0 = time.perf_counter()
    for k, (g, doc) in enumerate(zip(gold, spacy_docs, strict=True)):
        art = qe.build_article(g.text, g.name)
        art.doc = doc
        art = parse(art)
        seqs = doc_sequences(doc, g.text, rule_spans(art, doc), unit)
        spans = [(s, e) for s, e, _ in seqs]
        out.append(unit_probs(net, doc, seqs, spans))
        if (k + 1) % 50 == 0:
            log.info("teacher: %d/%d articles (%.0fs)", k + 1, len(gold), time.perf_counter() - t0)
    return out


def unit_probs(net: Any, doc: Any, seqs: Sequence[Any], spans: Sequence[tuple[int, int]]) -> list:
    """The ensemble's probabilities per unit, as :func:`dateline.quotes.crf.tag_doc` gets them."""
    from dateline.quotes.network import encoder_vectors

    vecs = {enc: encoder_vectors(doc, spans, enc) for enc in net.encoders}
    by_enc = {enc: [v[s:e] for s, e in spans] for enc, v in vecs.items()}
    logps = net.log_probs_batch([f for _, _, f in seqs], by_enc)
    return [np.exp(lp).astype(np.float32) for lp in logps]


def teacher_probs(
    gold: Sequence[Any],
    spacy_docs: Sequence[Any],
    paths: Sequence[str],
    unit: str,
    cache: Path,
) -> Probs:
    """:func:`compute`, cached in ``cache``."""
    key = teacher_key(paths, unit, [g.name for g in gold])
    probs = load_cache(cache, key)
    if probs is None:
        probs = compute(gold, spacy_docs, paths, unit)
        save_cache(cache, key, probs)
    return probs


def soft_batch(probs: Sequence[np.ndarray], steps: int, labels: int) -> np.ndarray:
    """The teacher's probabilities of a batch, padded to ``steps`` tokens (zeros)."""
    out = np.zeros((len(probs), steps, labels), dtype=np.float32)
    for r, p in enumerate(probs):
        out[r, : len(p)] = p
    return out


def distil_loss(
    logits: Any, ys: Any, soft: Any, hard_loss: Any, alpha: float, temperature: float = 1.0
) -> Any:
    """``(1 - alpha) * hard_loss + alpha * T^2 * CE(teacher, student)`` over the real tokens
    (``ys >= 0``); with ``T != 1`` both distributions are softened by ``T`` (the teacher's
    probabilities renormalised after ``p ** (1 / T)``)."""
    import torch

    mask = ys >= 0
    q = soft
    if temperature != 1.0:
        q = torch.softmax(torch.log(soft.clamp_min(1e-12)) / temperature, dim=-1)
    logp = torch.log_softmax(logits / temperature, dim=-1)
    ce = -(q * logp).sum(dim=-1)
    soft_loss = ce[mask].mean() * temperature**2
    return (1.0 - alpha) * hard_loss + alpha * soft_loss
