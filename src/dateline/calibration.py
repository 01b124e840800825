"""A small calibrated logistic model over named signals, shipped as JSON weights.

The field probabilities (a place's coordinates, a time expression's value: see
:mod:`dateline.places.confidence` and :mod:`dateline.time.confidence`) are each one such model:
standardised features, an L2 logistic regression fitted by ``scripts/train_field_confidence.py``
(scikit-learn, a dependency, only when fitting), the weights read at run time with numpy alone.
The events' type confidence (:mod:`dateline.events.confidence`) is the same model with a Platt
step and strict rows (a subclass).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Self, TypeVar

import numpy as np

from dateline.errors import DatelineError

log = logging.getLogger(__name__)


class CalibrationModelMissing(DatelineError):
    """Shipped calibration weights are missing, unreadable or do not match their signals."""


L = TypeVar("L", bound="Logistic")


@dataclass(frozen=True)
class Logistic:
    """Standardised features → logistic regression (→ optional Platt step) → probability."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    meta: dict[str, Any]
    #: optional Platt step on the regression's logit: p = sigmoid(a * z + b)
    platt: tuple[float, float] | None = None
    #: every row must hold every feature (else a missing signal counts as 0)
    strict: ClassVar[bool] = False

    @classmethod
    def _matrix(cls, rows: Sequence[dict[str, float]], features: Sequence[str]) -> np.ndarray:
        if cls.strict:
            table = [[r[n] for n in features] for r in rows]
        else:
            table = [[r.get(n, 0.0) for n in features] for r in rows]
        return np.array(table, dtype=np.float64).reshape(len(rows), len(features))

    def matrix(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        return self._matrix(rows, self.features)

    def logit(self, x: np.ndarray) -> np.ndarray:
        """The regression's log-odds (before any Platt step)."""
        return np.asarray(((x - self.mean) / self.scale) @ self.coef + self.intercept)

    def predict(self, x: np.ndarray) -> np.ndarray:
        z = self.logit(x)
        if self.platt is not None:
            z = self.platt[0] * z + self.platt[1]
        return np.asarray(1.0 / (1.0 + np.exp(-z)))

    def predict_rows(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        return self.predict(self.matrix(rows))

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "coef": [round(float(v), 6) for v in self.coef],
            "intercept": round(float(self.intercept), 6),
            **({"platt": [round(v, 6) for v in self.platt]} if self.platt else {}),
            **self.meta,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Self:
        meta = {
            k: v
            for k, v in raw.items()
            if k not in ("features", "mean", "scale", "coef", "intercept", "platt")
        }
        platt = raw.get("platt")
        return cls(
            features=tuple(raw["features"]),
            mean=np.asarray(raw["mean"], dtype=np.float64),
            scale=np.asarray(raw["scale"], dtype=np.float64),
            coef=np.asarray(raw["coef"], dtype=np.float64),
            intercept=float(raw["intercept"]),
            meta=meta,
            platt=(float(platt[0]), float(platt[1])) if platt else None,
        )

    @classmethod
    def load(cls, path: Path, known: Sequence[str]) -> Self:
        """The weights at ``path``; every feature must be one of ``known``."""
        try:
            model = cls.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise CalibrationModelMissing(f"cannot read calibration weights {path}: {e}") from e
        unknown = [n for n in model.features if n not in known]
        sizes = {len(model.features), len(model.mean), len(model.scale), len(model.coef)}
        if unknown or len(sizes) != 1:
            raise CalibrationModelMissing(f"{path} does not match its signals: {unknown}")
        return model


def fit(
    rows: Sequence[dict[str, float]],
    right: Sequence[bool],
    features: Sequence[str],
    *,
    c: float = 1.0,
    model: type[L] = Logistic,  # type: ignore[assignment]
    **meta: Any,
) -> L:
    """Fit the L2 logistic regression (``C=c``, lbfgs: deterministic) on feature rows, as a
    ``model`` (:class:`Logistic` or a subclass)."""
    from sklearn.linear_model import LogisticRegression

    feats = tuple(features)
    x = model._matrix(rows, feats)
    y = np.asarray(right, dtype=int)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    lr = LogisticRegression(C=c, max_iter=5000).fit((x - mean) / scale, y)
    return model(feats, mean, scale, lr.coef_[0], float(lr.intercept_[0]), dict(meta))


class Shipped:
    """The model at ``path``, loaded once per process (thread-safe); None when missing."""

    def __init__(self, path: Path, known: Sequence[str]) -> None:
        self.path = path
        self.known = tuple(known)
        self._lock = threading.Lock()
        self._model: Logistic | None = None
        self._tried = False

    def get(self) -> Logistic | None:
        with self._lock:
            if not self._tried:
                self._tried = True
                try:
                    self._model = Logistic.load(self.path, self.known)
                except CalibrationModelMissing as e:
                    log.warning("%s: probabilities left out", e)
        return self._model
