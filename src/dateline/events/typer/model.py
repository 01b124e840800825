"""The event typer: ACLED sub-event types (+ CASE 2021 extras) from four fused signals.

For a text, each component gives one score per type; the scores are standardised per
text (z-scores over the 30 types) and summed with fixed weights (chosen by 5-fold
cross-validation on the CASE 2021 dev rows, see ``scripts/train_event_typer.py``):

* ``svm`` — TF-IDF (word 1–2-grams + character 2–5-grams) linear SVM; the type
  definitions are added as one extra training text each;
* ``emb`` — logistic regression on MiniLM sentence embeddings (definitions added too);
* ``cent`` — cosine to the class centroids of the training embeddings;
* ``proto`` — cosine to the embedded type definitions (ACLED codebook paraphrases);
* ``cue`` — general lexical cues per type (share of the type's regular expressions that
  match).

Weights ship as ``data/event_typer/model.npz`` (+ ``tfidf.json`` for the vocabularies);
``train`` rebuilds them from texts and labels (used by the cross-validated evaluation
and the training script).
"""

from __future__ import annotations

import json
import logging
import re
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from dateline.errors import DatelineError
from dateline.events import acled

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data" / "event_typer"
LABELS_PATH = DATA_DIR / "labels.json"
MODEL_PATH = DATA_DIR / "model.npz"
TFIDF_PATH = DATA_DIR / "tfidf.json"

DEFAULT_WEIGHTS = {"svm": 0.25, "emb": 1.0, "cent": 0.75, "proto": 0.5, "cue": 0.5}
SEED = 0


class ModelMissing(DatelineError):
    """The shipped event-typer weights are missing or unreadable."""


@dataclass(frozen=True)
class TypeLabel:
    code: str  # CASE 2021 label
    name: str  # ACLED sub_event_type (or dateline's name for the non-ACLED types)
    event_type: str
    plover: str | None
    plover_mode: str | None
    definition: str
    cues: tuple[re.Pattern[str], ...]

    @property
    def acled(self) -> bool:
        return self.event_type in acled.EVENT_TYPES

    @property
    def prototype_text(self) -> str:
        return f"{self.name}: {self.definition}"


def load_labels(path: Path = LABELS_PATH) -> list[TypeLabel]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ModelMissing(f"cannot read event type labels {path}: {e}") from e
    out = []
    for rec in raw["labels"]:
        cat, mode = rec["plover"]
        out.append(
            TypeLabel(
                code=rec["code"],
                name=rec["name"],
                event_type=rec["event_type"],
                plover=cat,
                plover_mode=mode,
                definition=rec["definition"],
                cues=tuple(re.compile(p, re.I) for p in rec["cues"]),
            )
        )
    return out


def cue_scores(texts: list[str], labels: list[TypeLabel]) -> np.ndarray:
    """Per text and type: the share of the type's cue patterns found in the text."""
    out = np.zeros((len(texts), len(labels)), dtype=np.float32)
    for i, t in enumerate(texts):
        for j, lab in enumerate(labels):
            if lab.cues:
                out[i, j] = sum(1 for p in lab.cues if p.search(t)) / len(lab.cues)
    return out


def _zscore(z: np.ndarray) -> np.ndarray:
    return (z - z.mean(axis=1, keepdims=True)) / (z.std(axis=1, keepdims=True) + 1e-9)


def _vectorizers() -> tuple[Any, Any]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, dtype=np.float32)
    char = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        sublinear_tf=True,
        min_df=2,
        max_features=20000,
        dtype=np.float32,
    )
    return word, char


@dataclass
class TyperModel:
    labels: list[TypeLabel]
    word_vocab: list[str]
    word_idf: np.ndarray
    char_vocab: list[str]
    char_idf: np.ndarray
    svm_coef: np.ndarray  # (types, word + char features)
    svm_intercept: np.ndarray
    emb_coef: np.ndarray  # (types, 384)
    emb_intercept: np.ndarray
    centroids: np.ndarray  # (types, 384), unit length
    prototypes: np.ndarray  # (types, 384), unit length
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))

    @cached_property
    def _tfidf(self) -> tuple[Any, Any]:
        word, char = _vectorizers()
        word.set_params(vocabulary={t: i for i, t in enumerate(self.word_vocab)})
        char.set_params(vocabulary={t: i for i, t in enumerate(self.char_vocab)}, max_features=None)
        word.fit(["x"])
        char.fit(["x"])
        word.idf_ = self.word_idf.astype(np.float64)
        char.idf_ = self.char_idf.astype(np.float64)
        return word, char

    def _features(self, texts: list[str]) -> Any:
        from scipy import sparse

        word, char = self._tfidf
        return sparse.hstack([word.transform(texts), char.transform(texts)]).tocsr()

    def component_scores(self, texts: list[str], emb: np.ndarray) -> dict[str, np.ndarray]:
        feats = self._features(texts)
        return {
            "svm": np.asarray(feats @ self.svm_coef.T.astype(np.float32)) + self.svm_intercept,
            "emb": emb @ self.emb_coef.T + self.emb_intercept,
            "cent": emb @ self.centroids.T,
            "proto": emb @ self.prototypes.T,
            "cue": cue_scores(texts, self.labels),
        }

    def scores(self, texts: list[str], emb: np.ndarray) -> np.ndarray:
        comps = self.component_scores(texts, emb)
        total = np.zeros((len(texts), len(self.labels)), dtype=np.float64)
        for name, w in self.weights.items():
            if w:
                total += w * _zscore(comps[name].astype(np.float64))
        return total

    # ------------------------------------------------------------------ persistence
    def save(self, model_path: Path = MODEL_PATH, tfidf_path: Path = TFIDF_PATH) -> None:
        np.savez_compressed(
            model_path,
            codes=np.array([lab.code for lab in self.labels]),
            word_idf=self.word_idf.astype(np.float32),
            char_idf=self.char_idf.astype(np.float32),
            svm_coef=self.svm_coef.astype(np.float16),
            svm_intercept=self.svm_intercept.astype(np.float32),
            emb_coef=self.emb_coef.astype(np.float32),
            emb_intercept=self.emb_intercept.astype(np.float32),
            centroids=self.centroids.astype(np.float32),
            prototypes=self.prototypes.astype(np.float32),
        )
        tfidf_path.write_text(
            json.dumps(
                {"weights": self.weights, "word": self.word_vocab, "char": self.char_vocab},
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )

    @classmethod
    def load(cls, model_path: Path = MODEL_PATH, tfidf_path: Path = TFIDF_PATH) -> TyperModel:
        labels = load_labels()
        try:
            arrays = np.load(model_path, allow_pickle=False)
            meta = json.loads(tfidf_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise ModelMissing(f"cannot read event typer weights {model_path}: {e}") from e
        codes = [str(c) for c in arrays["codes"]]
        if codes != [lab.code for lab in labels]:
            raise ModelMissing("event typer weights do not match labels.json: retrain them")
        return cls(
            labels=labels,
            word_vocab=meta["word"],
            word_idf=arrays["word_idf"],
            char_vocab=meta["char"],
            char_idf=arrays["char_idf"],
            svm_coef=arrays["svm_coef"].astype(np.float32),
            svm_intercept=arrays["svm_intercept"],
            emb_coef=arrays["emb_coef"],
            emb_intercept=arrays["emb_intercept"],
            centroids=arrays["centroids"],
            prototypes=arrays["prototypes"],
            weights={k: float(v) for k, v in meta["weights"].items()},
        )


def _unit(m: np.ndarray) -> np.ndarray:
    return m / np.clip(np.linalg.norm(m, axis=1, keepdims=True), 1e-12, None)


def train(
    texts: list[str],
    codes: list[str],
    emb: np.ndarray,
    proto_emb: np.ndarray,
    *,
    labels: list[TypeLabel] | None = None,
    weights: dict[str, float] | None = None,
) -> TyperModel:
    """Fit every component on ``texts`` (labels as CASE codes) with their embeddings.

    ``proto_emb`` are the embeddings of the type definitions (``TypeLabel.prototype_text``),
    which also join the training set once each.  Deterministic (fixed seeds).
    """
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    labels = labels or load_labels()
    index = {lab.code: i for i, lab in enumerate(labels)}
    unknown = sorted({c for c in codes if c not in index})
    if unknown:
        raise ValueError(f"unknown event type labels: {unknown}")
    y = np.array([index[c] for c in codes] + list(range(len(labels))))
    all_texts = list(texts) + [lab.prototype_text for lab in labels]
    all_emb = np.vstack([emb, proto_emb]).astype(np.float32)

    word, char = _vectorizers()
    feats = sparse.hstack([word.fit_transform(all_texts), char.fit_transform(all_texts)]).tocsr()
    with warnings.catch_warnings():  # tiny training sets: "more classes than half the rows"
        warnings.simplefilter("ignore", UserWarning)
        svm = LinearSVC(C=0.5, random_state=SEED).fit(feats, y)
        lr = LogisticRegression(C=10.0, max_iter=3000, random_state=SEED).fit(all_emb, y)

    centroids = np.zeros((len(labels), all_emb.shape[1]), dtype=np.float32)
    y_rows = y[: len(texts)]
    for k in range(len(labels)):
        rows = emb[y_rows == k]
        centroids[k] = rows.mean(axis=0) if len(rows) else proto_emb[k]
    return TyperModel(
        labels=labels,
        word_vocab=list(word.get_feature_names_out()),
        word_idf=word.idf_.astype(np.float32),
        char_vocab=list(char.get_feature_names_out()),
        char_idf=char.idf_.astype(np.float32),
        svm_coef=svm.coef_.astype(np.float32),
        svm_intercept=svm.intercept_.astype(np.float32),
        emb_coef=lr.coef_.astype(np.float32),
        emb_intercept=lr.intercept_.astype(np.float32),
        centroids=_unit(centroids),
        prototypes=_unit(proto_emb.astype(np.float32)),
        weights=dict(weights or DEFAULT_WEIGHTS),
    )
