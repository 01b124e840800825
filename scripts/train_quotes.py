"""Retrain the quote-attribution CRF (dateline/data/quotes_model/quotes.crfsuite) on PolNeAR train.

Usage::

    .venv/bin/python scripts/train_quotes.py [--data ../shared/data/eval/quotes/polnear/train]
        [--out src/dateline/data/quotes_model/quotes.crfsuite] [--cache /tmp/dl_quotes_cache]
        [--unit sentence|paragraph] [--c1 0.5] [--c2 0.01] [--iterations 150]

Reads PolNeAR *train* only (one annotator file per article: the one agreeing best with the
others; only 16 of the 840 train articles have more than one), parses it with the pipeline's
spaCy model, runs the rule stage to get its features, and trains the CRF with fixed
parameters.  crfsuite's L-BFGS training is deterministic, and documents are processed in
file-name order, so a rerun gives the same model.  ``<out>.json`` records the sequence unit
and parameters (the tagger reads the unit from it).

Measured on a held-out part of train (first 300 articles for training, the last 140 for
scoring): paragraph-long sequences and other c1/c2 values (0.1/0.1, 0.2/0.01) did not beat
sentences with c1=0.5, c2=0.01 (content-overlap F1 within ±0.01), so those stay the defaults.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import time
from pathlib import Path
from typing import Any

from dateline.evaluation import quote_eval as qe
from dateline.quotes.crf import (
    MODEL_FILE,
    gold_tags,
    group_sequences,
    paragraph_of_sentences,
    sentence_features,
    train,
)

log = logging.getLogger("train_quotes")
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "eval" / "quotes" / "polnear" / "train"
SEED = 13


def rule_spans(art: Any, doc: Any) -> list[tuple[str, tuple[int, int]]]:
    from dateline.quotes.rules import rule_candidates

    spans: list[tuple[str, tuple[int, int]]] = []
    for c in rule_candidates(art, doc):
        spans.append(("Content", c.content))
        if c.cue:
            spans.append(("Cue", c.cue))
        if c.speaker:
            spans.append(("Source", c.speaker))
    return spans


def parsed(docs: list[qe.GoldDoc], cache: Path | None) -> list[Any]:
    """spaCy Docs for the gold texts (cached as a DocBin when ``cache`` is given)."""
    from spacy.tokens import DocBin

    from dateline.language import nlp

    model = nlp.load()
    if cache is not None and cache.is_file():
        out = list(DocBin().from_disk(cache).get_docs(model.vocab))
        if len(out) == len(docs) and all(d.text == g.text for d, g in zip(out, docs, strict=True)):
            return out
    out = list(model.pipe((d.text for d in docs), batch_size=16))
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=False, docs=out).to_disk(cache)
    return out


def build_sequences(
    docs: list[qe.GoldDoc], spacy_docs: list[Any], unit: str = "sentence"
) -> list[tuple[list[list[str]], list[str]]]:
    from dateline.language.parse import Parse

    parse = Parse()
    seqs: list[tuple[list[list[str]], list[str]]] = []
    for g, doc in zip(docs, spacy_docs, strict=True):
        art = qe.build_article(g.text, g.name)
        art.doc = doc
        art = parse(art)
        tags = gold_tags(doc, g.attributions)
        sf = sentence_features(doc, g.text, rule_spans(art, doc))
        paras = paragraph_of_sentences(doc)
        sents = [(sent.start, sent.end, p, f) for (sent, f), p in zip(sf, paras, strict=True)]
        for start, end, feats in group_sequences(sents, unit):
            seqs.append((feats, tags[start:end]))
    return seqs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=MODEL_FILE)
    ap.add_argument("--cache", type=Path, default=None, help="DocBin cache of the parses")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--c1", type=float, default=0.5)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--unit", choices=("sentence", "paragraph"), default="sentence")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    random.seed(SEED)
    os.environ.setdefault("PYTHONHASHSEED", str(SEED))
    if args.data.name != "train":
        log.warning("training data folder is not named 'train': %s", args.data)
    t0 = time.perf_counter()
    docs = qe.load_gold(args.data, limit=args.limit)
    spacy_docs = parsed(docs, args.cache)
    log.info("parsed %d docs in %.0fs", len(docs), time.perf_counter() - t0)
    seqs = build_sequences(docs, spacy_docs, args.unit)
    log.info("built %d %s sequences in %.0fs", len(seqs), args.unit, time.perf_counter() - t0)
    train(seqs, args.out, c1=args.c1, c2=args.c2, max_iterations=args.iterations)
    meta = {"unit": args.unit, "c1": args.c1, "c2": args.c2, "iterations": args.iterations}
    args.out.with_suffix(".json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    log.info(
        "wrote %s (%.1f MB) in %.0fs",
        args.out,
        args.out.stat().st_size / 1e6,
        time.perf_counter() - t0,
    )


if __name__ == "__main__":
    main()
