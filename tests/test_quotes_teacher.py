"""The distillation helpers of scripts/train_quotes_nn.py (scripts/quotes_teacher.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import quotes_teacher as qt  # noqa: E402


def _probs() -> qt.Probs:
    rng = np.random.default_rng(0)
    out: qt.Probs = []
    for n_units in (2, 0, 3):
        doc = []
        for n in range(n_units):
            p = rng.random((n + 4, 7)).astype(np.float32)
            doc.append(p / p.sum(axis=1, keepdims=True))
        out.append(doc)
    return out


def test_teacher_cache_round_trips(tmp_path: Path) -> None:
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    a.write_bytes(b"net a")
    b.write_bytes(b"net b")
    key = qt.teacher_key([a, b], "paragraph", ["x.txt", "y.txt", "z.txt"])
    cache = tmp_path / "sub" / "teacher.pkl"
    assert qt.load_cache(cache, key) is None
    probs = _probs()
    qt.save_cache(cache, key, probs)
    back = qt.load_cache(cache, key)
    assert back is not None
    assert [len(d) for d in back] == [2, 0, 3]
    for d0, d1 in zip(probs, back, strict=True):
        for p0, p1 in zip(d0, d1, strict=True):
            assert p1.dtype == np.float32
            np.testing.assert_array_equal(p0, p1)
    # another teacher file, unit or article list: the cache is not used
    b.write_bytes(b"net b, retrained")
    assert qt.load_cache(cache, qt.teacher_key([a, b], "paragraph", ["x.txt"])) is None
    assert qt.teacher_key([a], "paragraph", ["x.txt"]) != qt.teacher_key([a], "sentence", ["x.txt"])


def test_distil_loss_mixes_gold_and_teacher() -> None:
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    logits = torch.randn(2, 5, 7)
    ys = torch.tensor([[0, 1, 2, -1, -1], [3, 4, 0, 5, 6]])
    hard = torch.nn.CrossEntropyLoss(ignore_index=-1)(logits.reshape(-1, 7), ys.reshape(-1))
    soft = torch.from_numpy(qt.soft_batch([np.eye(7)[[0, 1, 2]], np.eye(7)[[3, 4, 0, 5, 6]]], 5, 7))
    assert soft.shape == (2, 5, 7) and float(soft[0, 3:].sum()) == 0.0
    # a teacher that is the gold one-hot gives the gold cross-entropy, whatever alpha
    for alpha in (0.0, 0.5, 1.0):
        got = qt.distil_loss(logits, ys, soft, hard, alpha)
        assert torch.allclose(got, hard, atol=1e-6)
    # a uniform teacher: alpha=1 is the mean cross-entropy against 1/7 over the real tokens
    uniform = torch.full((2, 5, 7), 1 / 7)
    mask = ys >= 0
    want = -(torch.log_softmax(logits, -1).mean(-1))[mask].mean()
    assert torch.allclose(qt.distil_loss(logits, ys, uniform, hard, 1.0), want, atol=1e-6)
    half = qt.distil_loss(logits, ys, uniform, hard, 0.5)
    assert torch.allclose(half, 0.5 * hard + 0.5 * want, atol=1e-6)
    assert not torch.allclose(half, hard)
