"""CASE 2021 task 2 (fine-grained event typing) and PLOVER category accuracy.

Mirrors the task's scorer (``sklearn.metrics`` as the CASE 2021 task 2 evaluation uses
it: ``accuracy_score``, ``f1_score(average="macro")`` and ``f1_score(average="weighted")``
with labels = the union of gold and predicted labels), reported on all rows and on the
rows whose gold label is one of ACLED's 25 sub-event types (``*_acled25``).

With ``cv`` ≥ 2 (default 5) no score comes from a row the model saw: the rows are split in
stratified folds (fixed seed) and each fold is typed by a model trained on the other
folds only.  With ``cv`` 0/None the shipped model types every row (it was trained on
these dev rows, so the figure is optimistic and flagged as such).  The baseline,
TF-IDF (word 1–2-grams) + linear SVM, is scored on the same folds.

``plover`` (``PLOVER_GSR_CAMEO.json``, a JSON list whose first record is a DOCUMENT header)
types every record's ``text`` with the shipped model and maps the predicted sub-type to
its PLOVER category; FIGHT (folded into ASSAULT by the PLOVER manual) counts as ASSAULT.
"""

from __future__ import annotations

import csv
import json
import logging
import time
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from dateline.errors import EvalDataError

log = logging.getLogger(__name__)

TASK = "events"
SEED = 0


def read_case2021(path: Path) -> list[tuple[str, str, str]]:
    """(id, snippet, label) rows of a CASE 2021 task 2 TSV (header ``id, EventSnippet, SubType``)."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = next(reader)
            rows = [tuple(r[:3]) for r in reader if len(r) >= 3]
    except OSError as e:
        raise EvalDataError(f"cannot read {path}: {e}") from e
    except StopIteration as e:
        raise EvalDataError(f"{path} is empty", code="DL401") from e
    if [h.strip() for h in header[:3]] != ["id", "EventSnippet", "SubType"]:
        raise EvalDataError(f"{path}: unexpected header {header}", code="DL401")
    return [(str(a), str(b), str(c).strip()) for a, b, c in rows]


def scores(gold: list[str], pred: list[str], acled_codes: set[str]) -> dict[str, float]:
    """accuracy, macro_f1, weighted_f1 (and the same on rows with an ACLED gold type)."""
    from sklearn.metrics import accuracy_score, f1_score

    def block(g: list[str], p: list[str], suffix: str) -> dict[str, float]:
        if not g:
            return {}
        labels = sorted(set(g) | set(p))
        return {
            f"accuracy{suffix}": float(accuracy_score(g, p)),
            f"macro_f1{suffix}": float(
                f1_score(g, p, labels=labels, average="macro", zero_division=0)
            ),
            f"weighted_f1{suffix}": float(
                f1_score(g, p, labels=labels, average="weighted", zero_division=0)
            ),
        }

    keep = [i for i, g in enumerate(gold) if g in acled_codes]
    out = block(gold, pred, "")
    out.update(block([gold[i] for i in keep], [pred[i] for i in keep], "_acled25"))
    return out


def confusion(gold: list[str], pred: list[str]) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {}
    for (g, p), n in sorted(Counter(zip(gold, pred, strict=True)).items()):
        table.setdefault(g, {})[p] = n
    return table


def folds(labels: list[str], k: int) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import StratifiedKFold

    counts = Counter(labels)
    if k < 2 or not counts or max(counts.values()) < k:
        raise EvalDataError(f"too few rows per label for {k}-fold cross-validation", code="DL401")
    skf = StratifiedKFold(n_splits=k, shuffle=True, random_state=SEED)
    with warnings.catch_warnings():  # labels rarer than k: some folds train without them
        warnings.simplefilter("ignore", UserWarning)
        return list(skf.split(np.zeros(len(labels)), labels))


def baseline_predict(
    texts: list[str], labels: list[str], splits: list[tuple[np.ndarray, np.ndarray]]
) -> list[str]:
    """TF-IDF (word 1–2-grams) + linear SVM, trained on the other folds."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    pred = [""] * len(texts)
    for tr, te in splits:
        vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
        x = vec.fit_transform([texts[i] for i in tr])
        svm = LinearSVC(C=1.0, random_state=SEED).fit(x, [labels[i] for i in tr])
        for i, p in zip(te, svm.predict(vec.transform([texts[i] for i in te])), strict=True):
            pred[i] = str(p)
    return pred


def cv_predict(
    texts: list[str],
    labels: list[str],
    splits: list[tuple[np.ndarray, np.ndarray]],
    emb: np.ndarray | None = None,
    weights: dict[str, float] | None = None,
    models: list[Any] | None = None,
) -> list[str]:
    """Each fold typed by an event typer trained on the other folds only (appended to
    ``models`` when given, in fold order)."""
    from dateline.events.typer.model import load_labels, train
    from dateline.language.embed import embed

    types = load_labels()
    proto = embed([t.prototype_text for t in types])
    if emb is None:
        emb = embed(texts)
    pred = [""] * len(texts)
    for tr, te in splits:
        model = train(
            [texts[i] for i in tr],
            [labels[i] for i in tr],
            emb[tr],
            proto,
            labels=types,
            weights=weights,
        )
        if models is not None:
            models.append(model)
        best = model.scores([texts[i] for i in te], emb[te]).argmax(axis=1)
        for i, k in zip(te, best, strict=True):
            pred[i] = types[int(k)].code
    return pred


def _calibration(
    texts: list[str],
    gold: list[str],
    splits: list[tuple[np.ndarray, np.ndarray]],
    models: list[Any],
    types: list[Any],
) -> dict[str, Any]:
    """The shipped confidence model on the events of the dev snippets (out-of-fold typer)."""
    from dateline.evaluation import confidence_eval

    names = {t.code: t.name for t in types}
    rows = confidence_eval.oof_signals(texts, [names[g] for g in gold], splits, models)
    return confidence_eval.shipped_scores(rows)


def run_plover(path: Path, limit: int | None = None) -> dict[str, Any]:
    """PLOVER category accuracy of the shipped typer (sub-type → category) on PLOVER GSR."""
    from dateline.events.typer import classify_codes, get_model

    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise EvalDataError(f"cannot read {path}: {e}") from e
    recs = [r for r in records if r.get("event") not in (None, "DOCUMENT") and r.get("text")]
    if limit:
        recs = recs[:limit]
    model = get_model()
    by_code = {t.code: t for t in model.labels}
    pred = [by_code[c].plover for c, _ in classify_codes([r["text"] for r in recs], model)]
    gold = [("ASSAULT" if r["event"] == "FIGHT" else r["event"]) for r in recs]
    reachable = {t.plover for t in model.labels if t.plover}
    hits = [p == g for p, g in zip(pred, gold, strict=True)]
    in_scope = [h for h, g in zip(hits, gold, strict=True) if g in reachable]
    return {
        "n": len(recs),
        "plover_accuracy": sum(hits) / len(hits) if hits else 0.0,
        "plover_accuracy_in_scope": sum(in_scope) / len(in_scope) if in_scope else 0.0,
        "n_in_scope": len(in_scope),
        "predictions": [
            {"id": r["id"], "label": p or "", "gold": g}
            for r, p, g in zip(recs, pred, gold, strict=True)
        ],
    }


def run(
    data: Path,
    *,
    predictions: Path | None = None,
    limit: int | None = None,
    cv: int | None = 5,
    plover: Path | None = None,
    confidence: bool = True,
    **_: Any,
) -> dict[str, Any]:
    """Score the event typer on a CASE 2021 task 2 TSV (and optionally PLOVER GSR).

    With cross-validation and ``confidence``, every snippet is also analysed by the events
    stage with its fold's typer, and the shipped confidence model's ECE and Brier score are
    reported under ``confidence`` (in-sample for the calibrator, which was fitted on these
    rows: ``scripts/train_confidence.py`` reports the held-out figures)."""
    from dateline.events.typer.model import load_labels

    t0 = time.perf_counter()
    rows = read_case2021(Path(data))
    if limit:
        rows = rows[:limit]
    if not rows:
        raise EvalDataError(f"no rows in {data}", code="DL401")
    ids = [r[0] for r in rows]
    texts = [r[1] for r in rows]
    gold = [r[2] for r in rows]
    types = load_labels()
    acled_codes = {t.code for t in types if t.acled}

    calibration: dict[str, Any] | None = None
    if cv and cv >= 2:
        splits = folds(gold, cv)
        models: list[Any] = []
        pred = cv_predict(texts, gold, splits, models=models)
        base_pred = baseline_predict(texts, gold, splits)
        protocol = f"{len(splits)}-fold stratified cross-validation (seed {SEED})"
        if confidence:
            calibration = _calibration(texts, gold, splits, models, types)
    else:
        from dateline.events.typer import classify_codes

        pred = [c for c, _ in classify_codes(texts)]
        splits = folds(gold, 5)
        base_pred = baseline_predict(texts, gold, splits)
        protocol = "shipped model (trained on the dev rows: optimistic)"

    result: dict[str, Any] = {
        "task": TASK,
        "n": len(rows),
        "protocol": protocol,
        "metrics": scores(gold, pred, acled_codes),
        "baseline": {
            "name": "TF-IDF word 1-2-grams + linear SVM (same folds)",
            **scores(gold, base_pred, acled_codes),
        },
        "confusion": confusion(gold, pred),
    }
    if calibration is not None:
        result["confidence"] = calibration
        result["metrics"]["confidence_ece_in_sample"] = calibration["ece"]
        result["metrics"]["confidence_brier_in_sample"] = calibration["brier"]
    if plover is not None:
        pl = run_plover(Path(plover), limit=limit)
        result["metrics"]["plover_accuracy"] = pl["plover_accuracy"]
        result["metrics"]["plover_accuracy_in_scope"] = pl["plover_accuracy_in_scope"]
        result["plover"] = {"n": pl["n"], "n_in_scope": pl["n_in_scope"]}
    if predictions is not None:
        with Path(predictions).open("w", encoding="utf-8") as fh:
            for i, p in zip(ids, pred, strict=True):
                fh.write(json.dumps({"id": i, "label": p}) + "\n")
    result["seconds"] = round(time.perf_counter() - t0, 2)
    log.info("events eval: %s", result["metrics"])
    return result
