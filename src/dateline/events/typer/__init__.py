"""Event typing: ACLED sub-event types (plus the CASE 2021 extras) and PLOVER categories.

``classify(texts)`` returns, per text, ``(label, score, plover_category)``: the ACLED
``sub_event_type`` name (or dateline's name for the non-ACLED types "Organized crime",
"Natural disaster", "Man-made disaster", "Diplomatic event", "Attribution of
responsibility"), a confidence in [0, 1] (softmax of the fused scores) and the PLOVER
category of the type (``None`` for disasters).  The model (shipped weights + the MiniLM
ONNX embedder) loads lazily on first use and is cached per process.
"""

from __future__ import annotations

import threading

import numpy as np

from dateline.events.typer.model import TypeLabel, TyperModel, load_labels

__all__ = [
    "classify",
    "classify_codes",
    "classify_proba",
    "get_model",
    "load_labels",
    "TypeLabel",
    "TyperModel",
]

_lock = threading.Lock()
_MODEL: dict[str, TyperModel] = {}

# softmax temperature over the fused (sum of z-scores) scores
TEMPERATURE = 1.0


def get_model() -> TyperModel:
    """The shipped model, loaded once per process."""
    with _lock:
        if "m" not in _MODEL:
            _MODEL["m"] = TyperModel.load()
    return _MODEL["m"]


def _probabilities(scores: np.ndarray) -> np.ndarray:
    z = scores / TEMPERATURE
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def classify_proba(texts: list[str], model: TyperModel | None = None) -> np.ndarray:
    """The probability of every type (columns in ``model.labels`` order) per text."""
    from dateline.language.embed import embed

    model = model or get_model()
    if not texts:
        return np.zeros((0, len(model.labels)))
    return _probabilities(model.scores(texts, embed(texts)))


def classify_codes(texts: list[str], model: TyperModel | None = None) -> list[tuple[str, float]]:
    """(CASE 2021 code, confidence) per text."""
    if not texts:
        return []
    model = model or get_model()
    probs = classify_proba(texts, model)
    best = probs.argmax(axis=1)
    return [(model.labels[k].code, float(probs[i, k])) for i, k in enumerate(best)]


def classify(texts: list[str]) -> list[tuple[str, float, str | None]]:
    """(sub-event type name, confidence, PLOVER category) per text."""
    model = get_model()
    by_code = {lab.code: lab for lab in model.labels}
    out = []
    for code, p in classify_codes(texts, model):
        lab = by_code[code]
        out.append((lab.name, p, lab.plover))
    return out
