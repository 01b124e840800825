"""Train the neural attribution tagger (dateline/data/quotes_model/quotes_nn_*.npz) on PolNeAR train.

Usage::

    .venv/bin/pip install torch==2.13.0        # training only; inference is NumPy
    .venv/bin/python scripts/train_quotes_nn.py [--data ../shared/data/eval/quotes/polnear/train]
        [--out src/dateline/data/quotes_model/quotes_nn_13.npz] [--seed 13]
        [--cache /tmp/dl_quotes_nn/train.docbin] [--limit N] [--epochs 8]
        [--unit paragraph] [--workers 2] [--threads 2]
        [--teacher a.npz:b.npz --alpha 0.5 --temperature 1 --teacher-cache /tmp/qdistil/teacher.pkl]

Reads PolNeAR *train* only (one annotator file per article, as the CRF's script), parses it
with the pipeline's spaCy model, runs the rule stage for its features, computes MiniLM token
vectors (:func:`dateline.quotes.network.token_vectors`) and trains a one-layer BiLSTM over them and
the CRF's categorical features (:mod:`dateline.quotes.network`).  Seeds are fixed and PyTorch runs
deterministic algorithms, so a rerun with the same ``--seed`` and ``--threads`` on the same
machine gives the same weights.  ``--limit N`` trains on the first N articles and reports,
after each epoch, the content-token F1 on the rest (the held-out part used to choose the
settings; dev is never read here).  The shipped model is several such networks from
different seeds (``quotes_nn_<seed>.npz``); the stage averages their probabilities.

``--teacher`` distils: the given networks' averaged tag probabilities (the stage's own NumPy
inference, :mod:`quotes_teacher`, computed once and cached) are soft targets, the loss being
``(1 - alpha) * CE(gold) + alpha * CE(teacher)``.
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing as mp
import pickle
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quotes_teacher import distil_loss, soft_batch, teacher_probs  # noqa: E402
from train_quotes import DEFAULT_DATA, parsed, rule_spans  # noqa: E402

from dateline.evaluation import quote_eval as qe  # noqa: E402
from dateline.quotes.crf import doc_sequences, gold_tags  # noqa: E402
from dateline.quotes.network import (  # noqa: E402
    ENCODERS,
    LABELS,
    MODEL_DIR,
    encoder_vectors,
    nn_features,
)

log = logging.getLogger("train_quotes_nn")
SEED = 13

Sentence = tuple[list[list[str]], list[str], np.ndarray]


def _examples(args: tuple[Path, list[int], str, str]) -> list[tuple[int, list[Sentence]]]:
    """Worker: (doc index, sentences) for some documents of a DocBin cache."""
    cache, wanted, unit, encoder = args
    from spacy.tokens import DocBin

    from dateline.language import nlp
    from dateline.language.parse import Parse

    model = nlp.load()
    docs = list(DocBin().from_disk(cache).get_docs(model.vocab))
    gold = _GOLD
    parse = Parse()
    # a DocBin keeps no doc.tensor: the pipeline's tok2vec (its first component, which reads
    # the tokens only) is run again on each cached Doc, giving the parse's own output
    tok2vec = model.get_pipe("tok2vec") if encoder == "tok2vec" else None
    out: list[tuple[int, list[Sentence]]] = []
    for k in wanted:
        g, doc = gold[k], docs[k]
        art = qe.build_article(g.text, g.name)
        if tok2vec is not None:
            doc = tok2vec(doc)
        art.doc = doc
        art = parse(art)
        tags = gold_tags(doc, g.attributions)
        seqs = doc_sequences(doc, g.text, rule_spans(art, doc), unit)
        vecs = encoder_vectors(doc, [(s, e) for s, e, _ in seqs], encoder)
        sents = [
            ([nn_features(f, words=True) for f in feats], tags[s:e], vecs[s:e].astype(np.float16))
            for s, e, feats in seqs
        ]
        out.append((k, sents))
    return out


_GOLD: list[qe.GoldDoc] = []


def build(
    data: Path,
    cache: Path,
    limit: int | None,
    workers: int,
    unit: str = "sentence",
    encoder: str = "minilm",
) -> list[list[Sentence]]:
    """Per document, its sentences as (features with the token's own word form, gold tags,
    token vectors of ``encoder``); cached."""
    global _GOLD
    docs = qe.load_gold(data, limit=limit)
    pkl = cache.with_suffix(f".{len(docs)}.{unit}.{encoder}.w.examples.pkl")
    if pkl.is_file():
        with pkl.open("rb") as fh:
            cached: list[list[Sentence]] = pickle.load(fh)
        if len(cached) == len(docs):
            return cached
    parsed(docs, cache)
    _GOLD = docs
    parts = [(cache, list(range(w, len(docs), workers)), unit, encoder) for w in range(workers)]
    ctx = mp.get_context("fork")
    with ctx.Pool(workers) as pool:
        results = pool.map(_examples, parts)
    by_doc: dict[int, list[Sentence]] = {}
    for part in results:
        by_doc.update(dict(part))
    out = [by_doc[k] for k in range(len(docs))]
    with pkl.open("wb") as fh:
        pickle.dump(out, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return out


def train(
    docs: list[list[Sentence]],
    *,
    epochs: int,
    emb_dim: int = 48,
    proj_dim: int = 128,
    hidden: int = 128,
    min_count: int = 3,
    dropout: float = 0.3,
    lr: float = 2e-3,
    batch: int = 32,
    held_out: list[list[Sentence]] | None = None,
    seed: int = SEED,
    threads: int = 2,
    words: bool = False,
    on_epoch: Any = None,
    soft: list[list[np.ndarray]] | None = None,
    alpha: float = 0.5,
    temperature: float = 1.0,
) -> dict[str, Any]:
    """The trained weights (fp16).  ``on_epoch(k, weights)`` is called after each epoch k (the
    learning-rate schedule does not depend on ``epochs``, so the weights after epoch k are
    those of a ``k``-epoch run).  ``soft``: per document, per unit, a teacher's probabilities
    (:mod:`quotes_teacher`), mixed into the loss with weight ``alpha``."""
    import torch
    from torch import nn

    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(threads)
    rng = random.Random(seed)
    if not words:  # the examples keep the token's own word form: drop it
        docs = [[([nn_features(f) for f in feats], t, v) for feats, t, v in d] for d in docs]
        if held_out:
            held_out = [
                [([nn_features(f) for f in feats], t, v) for feats, t, v in d] for d in held_out
            ]
    dim = int(next(s[2].shape[1] for d in docs for s in d if len(s[1]) > 0))
    counts: Counter[str] = Counter()
    for d in docs:
        for feats, _, _ in d:
            for fs in feats:
                counts.update(fs)
    vocab = sorted(f for f, c in counts.items() if c >= min_count)
    index = {f: i + 1 for i, f in enumerate(vocab)}  # 0 = padding
    label_id = {lb: i for i, lb in enumerate(LABELS)}
    sents = [s for d in docs for s in d if len(s[1]) > 0]
    soft_data = None
    if soft is not None:
        soft_data = [
            p for d, ps in zip(docs, soft, strict=True) for s, p in zip(d, ps, strict=True) if s[1]
        ]
    log.info("%d sentences, %d features in the vocabulary", len(sents), len(vocab))

    def encode(s: Sentence) -> tuple[list[list[int]], np.ndarray, list[int]]:
        feats, tags, vecs = s
        return (
            [[index[f] for f in fs if f in index] or [0] for fs in feats],
            vecs.astype(np.float32),
            [label_id.get(t, 0) for t in tags],
        )

    data = [encode(s) for s in sents]

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.emb = nn.EmbeddingBag(len(vocab) + 1, emb_dim, mode="sum", padding_idx=0)
            self.proj = nn.Linear(dim, proj_dim)
            self.drop = nn.Dropout(dropout)
            self.lstm = nn.LSTM(emb_dim + proj_dim, hidden, batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * hidden, len(LABELS))

        def forward(self, ids: Any, offsets: Any, vecs: Any, lengths: Any) -> Any:
            b, t = vecs.shape[:2]
            e = torch.tanh(self.emb(ids, offsets)).view(b, t, -1)
            x = torch.cat([e, torch.relu(self.proj(vecs))], dim=2)
            x = self.drop(x)
            packed = nn.utils.rnn.pack_padded_sequence(
                x, lengths, batch_first=True, enforce_sorted=False
            )
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=t)
            return self.out(self.drop(h))

    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss(ignore_index=-1)

    def make_batch(items: list[tuple[list[list[int]], np.ndarray, list[int]]]) -> tuple[Any, ...]:
        t = max(len(it[2]) for it in items)
        flat: list[int] = []
        offsets: list[int] = []
        vecs = np.zeros((len(items), t, dim), dtype=np.float32)
        ys = np.full((len(items), t), -1, dtype=np.int64)
        for r, (ids, v, y) in enumerate(items):
            for j in range(t):
                offsets.append(len(flat))
                flat.extend(ids[j] if j < len(ids) else [0])
            vecs[r, : len(y)] = v
            ys[r, : len(y)] = y
        return (
            torch.tensor(flat),
            torch.tensor(offsets),
            torch.from_numpy(vecs),
            torch.tensor([len(it[2]) for it in items]),
            torch.from_numpy(ys),
        )

    def export() -> dict[str, Any]:
        sd = {k: v.detach().numpy() for k, v in net.state_dict().items()}
        return {
            "vocab": np.array(json.dumps(["<pad>", *vocab])),
            "emb": sd["emb.weight"].astype(np.float16),
            "proj_w": sd["proj.weight"].astype(np.float16),
            "proj_b": sd["proj.bias"].astype(np.float16),
            "fw_ih": sd["lstm.weight_ih_l0"].astype(np.float16),
            "fw_hh": sd["lstm.weight_hh_l0"].astype(np.float16),
            "fw_b": (sd["lstm.bias_ih_l0"] + sd["lstm.bias_hh_l0"]).astype(np.float16),
            "bw_ih": sd["lstm.weight_ih_l0_reverse"].astype(np.float16),
            "bw_hh": sd["lstm.weight_hh_l0_reverse"].astype(np.float16),
            "bw_b": (sd["lstm.bias_ih_l0_reverse"] + sd["lstm.bias_hh_l0_reverse"]).astype(
                np.float16
            ),
            "out_w": sd["out.weight"].astype(np.float16),
            "out_b": sd["out.bias"].astype(np.float16),
        }

    for epoch in range(epochs):
        t0 = time.perf_counter()
        net.train()
        order = list(range(len(data)))
        rng.shuffle(order)
        # batches of similar length
        order.sort(key=lambda k: len(data[k][2]) // 8 + rng.random())
        batches = [order[i : i + batch] for i in range(0, len(order), batch)]
        rng.shuffle(batches)
        total = 0.0
        for bidx in batches:
            ids, offsets, vecs, lengths, ys = make_batch([data[k] for k in bidx])
            opt.zero_grad()
            logits = net(ids, offsets, vecs, lengths)
            loss = loss_fn(logits.reshape(-1, len(LABELS)), ys.reshape(-1))
            if soft_data is not None:
                q = soft_batch([soft_data[k] for k in bidx], ys.shape[1], len(LABELS))
                loss = distil_loss(logits, ys, torch.from_numpy(q), loss, alpha, temperature)
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            total += float(loss.detach()) * len(bidx)
        for g in opt.param_groups:
            g["lr"] *= 0.8
        log.info(
            "epoch %d: loss %.4f (%.0fs)", epoch + 1, total / len(data), time.perf_counter() - t0
        )
        if held_out:
            log.info("  held out: %s", _token_scores(net, make_batch, encode, held_out))
        if on_epoch is not None:
            on_epoch(epoch + 1, export())
    return export()


def _token_scores(net: Any, make_batch: Any, encode: Any, docs: list[list[Sentence]]) -> str:
    """Token-level F1 of the Content tags (B or I) on held-out documents."""
    import torch

    net.eval()
    tp = fp = fn = 0
    items = [encode(s) for d in docs for s in d if len(s[1]) > 0]
    with torch.no_grad():
        for i in range(0, len(items), 64):
            part = items[i : i + 64]
            ids, offsets, vecs, lengths, ys = make_batch(part)
            pred = net(ids, offsets, vecs, lengths).argmax(dim=2)
            mask = ys >= 0
            gold_c = ((ys == 1) | (ys == 2)) & mask
            pred_c = ((pred == 1) | (pred == 2)) & mask
            tp += int((gold_c & pred_c).sum())
            fp += int((~gold_c & pred_c).sum())
            fn += int((gold_c & ~pred_c).sum())
    net.train()
    p = tp / max(1, tp + fp)
    r = tp / max(1, tp + fn)
    return f"content tokens P {p:.3f} R {r:.3f} F1 {2 * p * r / max(1e-9, p + r):.3f}"


def _teacher(args: argparse.Namespace, docs: list[list[Sentence]]) -> list[list[np.ndarray]]:
    """The teacher's probabilities for every unit of ``docs`` (all articles, cached)."""
    t0 = time.perf_counter()
    gold = qe.load_gold(args.data)
    paths = [p for p in args.teacher.split(":") if p]
    probs = teacher_probs(gold, parsed(gold, args.cache), paths, args.unit, args.teacher_cache)
    for d, ps in zip(docs, probs, strict=True):
        if [len(s[1]) for s in d] != [len(p) for p in ps]:
            raise SystemExit("the teacher's units differ from the examples' (stale cache?)")
    log.info("teacher probabilities for %d docs in %.0fs", len(probs), time.perf_counter() - t0)
    return probs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=None, help="default: quotes_nn_<seed>.npz")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/dl_quotes_nn/train.docbin"))
    ap.add_argument("--limit", type=int, default=None, help="train on the first N articles")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--unit", choices=("sentence", "paragraph"), default="paragraph")
    ap.add_argument("--encoder", choices=ENCODERS, default="minilm", help="token vectors read")
    ap.add_argument("--words", action="store_true", help="also the token's lower-case form")
    ap.add_argument("--checkpoints", action="store_true", help="also <out>.epoch<k>.npz")
    ap.add_argument("--proj", type=int, default=128, help="the token vectors' projection")
    ap.add_argument("--teacher", default=None, help="networks (a.npz:b.npz) to distil from")
    ap.add_argument("--alpha", type=float, default=0.5, help="weight of the teacher's loss")
    ap.add_argument("--temperature", type=float, default=1.0)
    ap.add_argument("--teacher-cache", type=Path, default=Path("/tmp/qdistil/teacher.pkl"))
    args = ap.parse_args()
    if args.out is None:
        args.out = MODEL_DIR / f"quotes_nn_{args.seed}.npz"
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    random.seed(SEED)
    np.random.seed(SEED)
    t0 = time.perf_counter()
    args.cache.parent.mkdir(parents=True, exist_ok=True)
    docs = build(args.data, args.cache, None, args.workers, args.unit, args.encoder)
    held_out = None
    soft = None
    if args.teacher:
        soft = _teacher(args, docs)
    if args.limit:
        docs, held_out = docs[: args.limit], docs[args.limit :]
        soft = soft[: args.limit] if soft is not None else None
    log.info("examples for %d docs in %.0fs", len(docs), time.perf_counter() - t0)
    meta = {
        "unit": args.unit,
        "epochs": args.epochs,
        "docs": len(docs),
        "seed": args.seed,
        "encoder": args.encoder,
        "words": args.words,
    }
    if args.teacher:
        meta.update(
            teacher=[Path(p).name for p in args.teacher.split(":")],
            alpha=args.alpha,
            temperature=args.temperature,
        )

    def save(path: Path, weights: dict[str, Any], epochs: int) -> None:
        weights["meta"] = np.array(json.dumps({**meta, "epochs": epochs}))
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            np.savez_compressed(fh, **weights)

    def checkpoint(k: int, weights: dict[str, Any]) -> None:
        if args.checkpoints and k < args.epochs:
            save(args.out.with_suffix(f".epoch{k}.npz"), weights, k)

    weights = train(
        docs,
        on_epoch=checkpoint,
        epochs=args.epochs,
        hidden=args.hidden,
        proj_dim=args.proj,
        words=args.words,
        held_out=held_out,
        seed=args.seed,
        threads=args.threads,
        soft=soft,
        alpha=args.alpha,
        temperature=args.temperature,
    )
    save(args.out, weights, args.epochs)
    log.info(
        "wrote %s (%.1f MB) in %.0fs",
        args.out,
        args.out.stat().st_size / 1e6,
        time.perf_counter() - t0,
    )


if __name__ == "__main__":
    main()
