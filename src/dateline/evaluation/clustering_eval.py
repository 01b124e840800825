"""Document clustering on ECB+: all documents clustered together, scored at topic and sub-topic level.

Layout: ``<data>/<topic>/<topic>_<n>ecb.xml`` and ``…ecbplus.xml``, tokenised CAT XML
(``<token t_id sentence number>`` elements).  A document's text is its tokens joined by spaces,
one sentence per line.  Gold: the topic (folder) and the sub-topic (topic + ``ecb`` /
``ecbplus``: two similar stories of one topic).  No gold topic is given to the system.

Metrics (documents are the items): B³ precision / recall / F1 as in the reference
coreference scorer's ``B3`` (conll ``reference-coreference-scorers``, ``CorScorer.pm``; Bagga
& Baldwin 1998: per-item |system ∩ gold| / |system| and / |gold|, averaged over items) and
pairwise P/R/F1 over document pairs put together, at sub-topic level (plain ``b3_f1``,
``pairwise_f1``, … and ``subtopic_*``) and at topic level (``topic_*``).

System: :func:`dateline.corpus.clusters.cluster_documents` with the specifics (TF-IDF of
words + proper names + dates, average linkage).  Baseline in the same run: TF-IDF cosine
of the words, average linkage, cut found on the dev topics.
``tune=True`` re-scans the cut on the given data; ``cv=True`` also reports a two-fold
estimate (cut tuned on the odd topics, scored on the even ones, and back); ``cv_folds=K``
a K-fold leave-topics-out estimate that also fits the weights (:mod:`clustering_cv`).

Predictions JSONL: ``{"doc": "<file name>", "cluster": "<cluster id>"}``.
"""

from __future__ import annotations

import json
import logging
import re
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from dateline.corpus import clusters as cl
from dateline.errors import EvalDataError
from dateline.evaluation import clustering_cv

log = logging.getLogger(__name__)

TASK = "clustering"
DEFAULT_SUBDIR = Path("clustering") / "ecbplus"
_CUTS = [round(x, 3) for x in np.arange(0.5, 0.99, 0.01)]


@dataclass
class Doc:
    name: str
    topic: str
    subtopic: str
    text: str


def read_sentences(path: Path) -> list[tuple[int, list[str]]]:
    """The sentences of a CAT XML document in order: ``(sentence number, tokens)``."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as e:
        raise EvalDataError(f"cannot read {path}: {e}", code="DL401") from e
    out: list[tuple[int, list[str]]] = []
    last: str | None = None
    for tok in root.iter("token"):
        sent = tok.get("sentence")
        if sent != last or not out:
            num = int(sent) if sent is not None and sent.isdigit() else len(out)
            out.append((num, []))
            last = sent
        if tok.text:
            out[-1][1].append(tok.text)
    return out


def read_doc(path: Path) -> str:
    """The text of a CAT XML document: tokens joined by spaces, one sentence per line."""
    return "\n".join(" ".join(words) for _, words in read_sentences(path))


#: tokens written without a space before / after them when a CAT document becomes a page
_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", "'", "''", ")", "]", "}", "%"})
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "``", "$"})
_CLITIC = re.compile(r"^(?:n't|'s|'re|'ve|'ll|'d|'m)$", re.I)


def detokenise(words: Sequence[str]) -> str:
    """Tokens back to text: no space before punctuation and clitics (``n't``, ``'s``), none
    after opening brackets; PTB quotes (`` '') become straight double quotes; ``:`` ``/``
    ``.`` between two numbers join them (``23 : 37`` -> ``23:37``, ``5 / 5 / 2010``)."""
    out = ""
    glue = True  # no space before the next token
    for i, w in enumerate(words):
        between_numbers = (
            w in (":", "/", ".")
            and 0 < i < len(words) - 1
            and words[i - 1][-1:].isdigit()
            and words[i + 1][:1].isdigit()
        )
        tight = w in _NO_SPACE_BEFORE or _CLITIC.match(w) is not None or between_numbers
        text = '"' if w in ("``", "''") else w
        out += text if (glue or tight) else " " + text
        glue = w in _NO_SPACE_AFTER or between_numbers
    return out


def page_text(path: Path) -> str:
    """A CAT XML document as a plain-text news page, for the ``dateline ingest`` pipeline.

    Sentences keep their order; CAT XML marks no paragraphs (its sentence numbers run on
    without gaps), so each sentence is its own paragraph (blank lines between).  ECB+ ``…ecbplus.xml`` documents begin with their source URL tokenised
    with spaces: it is rebuilt without spaces as the first line.
    """
    sentences = read_sentences(path)
    lines: list[str] = []
    if sentences and sentences[0][1] and re.match(r"^(?:https?|www)$", sentences[0][1][0], re.I):
        lines.append("".join(sentences[0][1]))
        sentences = sentences[1:]
    lines += [detokenise(words) for _, words in sentences if words]
    return "\n\n".join(lines) + "\n"


def is_cat_xml(path: Path) -> bool:
    """Whether ``path`` is a CAT XML document (``<Document doc_name=…>`` with tokens)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(512).lstrip()
    except OSError:
        return False
    if head.startswith(b"<?xml"):
        head = head[head.find(b"?>") + 2 :].lstrip()
    return head.startswith(b"<Document") and b"doc_name" in head


_ECB_NAME = re.compile(r"^(\d+)_\d+(ecbplus|ecb)\.xml$")


def topic_of(doc_name: str) -> str | None:
    """The ECB+ topic of a document name (``"8_1ecb.xml"`` -> ``"8"``), else None."""
    m = _ECB_NAME.match(doc_name)
    return m.group(1) if m else None


def load(data: Path, limit: int | None = None) -> list[Doc]:
    data = Path(data)
    if (data / DEFAULT_SUBDIR).is_dir():
        data = data / DEFAULT_SUBDIR
    if not data.is_dir():
        raise EvalDataError(f"ECB+ folder not found: {data}")
    files = sorted(data.glob("*/*.xml"), key=lambda p: (_topic_key(p.parent.name), p.name))
    if not files:
        raise EvalDataError(f"no ECB+ documents (<topic>/*.xml) under {data}")
    docs: list[Doc] = []
    for f in files:
        m = _ECB_NAME.match(f.name)
        if not m:
            continue
        topic = f.parent.name
        docs.append(Doc(f.name, topic, f"{topic}/{m.group(2)}", read_doc(f)))
    if limit is not None:
        docs = docs[:limit]
    return docs


def _topic_key(name: str) -> tuple[int, str]:
    return (int(name), name) if name.isdigit() else (10**9, name)


# --- scoring -----------------------------------------------------------------------------


def _prf(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def b_cubed(system: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    """B³ precision, recall, F1 over items (each item's cluster labels)."""
    n = len(gold)
    if n == 0:
        return 0.0, 0.0, 0.0
    both = Counter(zip(system, gold, strict=True))
    sys_size = Counter(system)
    gold_size = Counter(gold)
    p = sum(both[(s, g)] / sys_size[s] for s, g in zip(system, gold, strict=True)) / n
    r = sum(both[(s, g)] / gold_size[g] for s, g in zip(system, gold, strict=True)) / n
    return p, r, _prf(p, r)


def pairwise(system: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    """Pairwise precision, recall, F1 over pairs of items put in one cluster."""

    def pairs(counts: Counter[Any]) -> int:
        return sum(c * (c - 1) // 2 for c in counts.values())

    both = pairs(Counter(zip(system, gold, strict=True)))
    sys_pairs = pairs(Counter(system))
    gold_pairs = pairs(Counter(gold))
    p = both / sys_pairs if sys_pairs else 0.0
    r = both / gold_pairs if gold_pairs else 0.0
    return p, r, _prf(p, r)


def score(system: Sequence[str], docs: Sequence[Doc]) -> dict[str, float]:
    out: dict[str, float] = {}
    for level, gold in (
        ("subtopic", [d.subtopic for d in docs]),
        ("topic", [d.topic for d in docs]),
    ):
        bp, br, bf = b_cubed(system, gold)
        pp, pr, pf = pairwise(system, gold)
        out.update(
            {
                f"{level}_b3_precision": round(bp, 4),
                f"{level}_b3_recall": round(br, 4),
                f"{level}_b3_f1": round(bf, 4),
                f"{level}_pairwise_precision": round(pp, 4),
                f"{level}_pairwise_recall": round(pr, 4),
                f"{level}_pairwise_f1": round(pf, 4),
            }
        )
    for k in ("b3_precision", "b3_recall", "b3_f1", "pairwise_precision", "pairwise_recall"):
        out[k] = out[f"subtopic_{k}"]
    out["pairwise_f1"] = out["subtopic_pairwise_f1"]
    out["n_clusters"] = len(set(system))
    return out


# --- running ------------------------------------------------------------------------------


def _labels(sim: np.ndarray, cut: float) -> list[str]:
    return [str(x) for x in cl.cut_tree(sim, cut)]


def _best_cut(sim: np.ndarray, docs: Sequence[Doc]) -> tuple[float, float]:
    best = (0.0, -1.0)
    for cut in _CUTS:
        f = b_cubed(_labels(sim, cut), [d.subtopic for d in docs])[2]
        if f > best[1] + 1e-9:
            best = (cut, f)
    return best


def _two_fold(sim: np.ndarray, docs: Sequence[Doc]) -> float:
    """Sub-topic B³ F1 with the cut tuned on the other half of the topics (mean of 2 folds)."""
    topics = sorted({d.topic for d in docs}, key=_topic_key)
    halves = [set(topics[0::2]), set(topics[1::2])]
    scores = []
    for k in (0, 1):
        tune = [i for i, d in enumerate(docs) if d.topic in halves[k]]
        test = [i for i, d in enumerate(docs) if d.topic in halves[1 - k]]
        if not tune or not test:
            continue
        cut, _ = _best_cut(sim[np.ix_(tune, tune)], [docs[i] for i in tune])
        labels = _labels(sim[np.ix_(test, test)], cut)
        scores.append(b_cubed(labels, [docs[i].subtopic for i in test])[2])
    return round(float(np.mean(scores)), 4) if scores else 0.0


def run(
    data: Path,
    *,
    predictions: Path | None = None,
    limit: int | None = None,
    tune: bool = False,
    cv: bool = False,
    cut: float | None = None,
    cv_folds: int | None = None,
    **_: Any,
) -> dict[str, Any]:
    """Cluster every ECB+ document of ``data`` together and score against topics/sub-topics.

    ``cv_folds=K`` adds leave-topics-out cross-validation (:mod:`clustering_cv`): the cut and
    the names/dates weights fitted on K - 1 folds of whole topics, scored on the other.
    """
    t0 = time.perf_counter()
    docs = load(Path(data), limit)
    texts = [d.text for d in docs]
    scores: dict[str, dict[str, Any]] = {}
    labels_of: dict[str, list[str]] = {}
    cv_of: dict[str, dict[str, Any]] = {}
    used: float
    for name, weights, default_cut in (
        ("system", cl.SPECIFICS, cl.SPECIFICS_CUT),
        ("baseline", cl.BASELINE, cl.BASELINE_CUT),
    ):
        sim = cl.similarity(texts, weights)
        used = cut if (cut is not None and name == "system") else default_cut
        extra: dict[str, Any] = {}
        if tune:
            used = _best_cut(sim, docs)[0]
            extra["tuned"] = True
        if cv:
            extra["two_fold_b3_f1"] = _two_fold(sim, docs)
        if cv_folds:
            cv_of[name] = clustering_cv.cross_validate(
                texts,
                [clustering_cv.Item(d.topic, d.subtopic) for d in docs],
                k=cv_folds,
                default=(weights, used),
                fit_weights=name == "system",
            )
            extra.update(_cv_metrics(cv_of[name]))
        labels_of[name] = _labels(sim, used)
        scores[name] = {**score(labels_of[name], docs), "cut": used, **extra}
    metrics = scores["system"]
    metrics["seconds"] = round(time.perf_counter() - t0, 2)
    if predictions is not None:
        write_predictions(Path(predictions), docs, labels_of["system"])
    result: dict[str, Any] = {
        "task": TASK,
        "n": len(docs),
        "data": str(data),
        "metrics": metrics,
        "baseline": {
            "name": "TF-IDF cosine, average linkage",
            **scores["baseline"],
        },
    }
    if cv_of:
        result["cv"] = cv_of
    return result


def _cv_metrics(cv: dict[str, Any]) -> dict[str, Any]:
    """The headline CV figures as flat metrics (the folds' detail stays under ``cv``)."""
    keys = ("pooled_b3_f1", "mean_b3_f1", "default_pooled_b3_f1", "default_mean_b3_f1")
    out: dict[str, Any] = {"cv_folds": cv.get("folds")}
    out.update({f"cv_{k}": cv[k] for k in keys if k in cv})
    return out


def write_predictions(path: Path, docs: Sequence[Doc], labels: Sequence[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    first: dict[str, str] = {}
    for d, lab in zip(docs, labels, strict=True):
        first.setdefault(lab, d.name)
    with path.open("w", encoding="utf-8") as fh:
        for d, lab in zip(docs, labels, strict=True):
            fh.write(json.dumps({"doc": d.name, "cluster": first[lab]}) + "\n")
