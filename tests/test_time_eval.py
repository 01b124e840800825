"""TempEval-3 task A scorer and the TBAQ regression gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.errors import EvalDataError
from dateline.evaluation import time_eval
from dateline.evaluation.time_eval import Timex, match, read_tml, score

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>X1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2016-12-12" functionInDocument="CREATION_TIME">2016-12-12</TIMEX3></DCT>
<TEXT>
Militants took the city on <TIMEX3 tid="t1" type="DATE" value="2016-12-11">Sunday</TIMEX3>, &amp; left <TIMEX3 tid="t2" type="DATE" value="2016-03">nine months ago</TIMEX3>. They spent <TIMEX3 tid="t3" type="DURATION" value="P10M">10 months</TIMEX3> there.
</TEXT>
</TimeML>
"""


def _tml(tmp_path: Path) -> Path:
    d = tmp_path / "tml"
    d.mkdir()
    (d / "x1.tml").write_text(TML, encoding="utf-8")
    return d


def test_read_tml_offsets(tmp_path: Path) -> None:
    doc = read_tml(_tml(tmp_path) / "x1.tml")
    assert str(doc.dct) == "2016-12-12"
    assert [doc.text[g.start : g.end] for g in doc.gold] == [
        "Sunday",
        "nine months ago",
        "10 months",
    ]
    assert "&" in doc.text  # entities unescaped, as itertext() gives them


def test_matching_rules() -> None:
    gold = [Timex(0, 10, "DATE", "a"), Timex(20, 30, "DATE", "b")]
    # one-to-one: exact first, then leftmost unmatched overlapping system timex
    system = [Timex(5, 25, "DATE", "a"), Timex(20, 30, "DATE", "b"), Timex(40, 45, "DATE", "c")]
    strict, pairs = match(gold, system)
    assert strict == 1
    assert [(g.value, s.value) for g, s in pairs] == [("a", "a"), ("b", "b")]
    m = score([(gold, system)])
    assert m["strict_precision"] == pytest.approx(1 / 3)
    assert m["recall"] == pytest.approx(1.0)
    assert m["precision"] == pytest.approx(2 / 3)
    assert m["value_accuracy"] == pytest.approx(1.0)
    assert m["value_f1"] == pytest.approx(m["f1"])


def test_value_f1_is_accuracy_times_f1() -> None:
    gold = [Timex(0, 5, "DATE", "2016"), Timex(10, 15, "DURATION", "P1Y")]
    system = [Timex(0, 5, "DATE", "2015"), Timex(10, 15, "DATE", "P1Y")]
    m = score([(gold, system)])
    assert m["f1"] == 1.0
    assert m["value_accuracy"] == 0.5
    assert m["type_accuracy"] == 0.5
    assert m["value_f1"] == 0.5


def test_run_on_hand_built_file(tmp_path: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    res = time_eval.run(_tml(tmp_path), predictions=pred)
    assert res["task"] == "time" and res["n"] == 1
    assert res["metrics"]["value_f1"] == pytest.approx(1.0)
    row = json.loads(pred.read_text().splitlines()[0])
    assert row["doc"] == "x1.tml"
    assert {t["value"] for t in row["timexes"]} == {"2016-12-11", "2016-03", "P10M"}


def test_missing_data(tmp_path: Path) -> None:
    with pytest.raises(EvalDataError):
        time_eval.run(tmp_path / "nope")


def test_unknown_baseline_is_reported(tmp_path: Path) -> None:
    res = time_eval.run(_tml(tmp_path), baseline="nonesuch")
    assert res["baseline"] == {}
    assert "nonesuch" in res["baseline_error"]


# Measured on the first 10 TBAQ files (AQUAINT, sorted): value_f1 0.811, relaxed f1 0.973.
FLOOR_VALUE_F1 = 0.78


def test_tbaq_subset_regression(eval_data: Path) -> None:
    data = eval_data / "time" / "tbaq"
    if not data.exists():
        pytest.skip("TBAQ data not present")
    res = time_eval.run(data, limit=10)
    m = res["metrics"]
    assert res["n"] == 10
    for k in (
        "strict_precision",
        "strict_recall",
        "strict_f1",
        "precision",
        "recall",
        "f1",
        "type_accuracy",
        "value_accuracy",
        "value_f1",
    ):
        assert 0.0 <= m[k] <= 1.0, k
    assert m["strict_f1"] <= m["f1"]
    assert m["value_f1"] <= m["f1"]
    assert m["value_f1"] >= FLOOR_VALUE_F1
    assert m["docs_per_second"] > 0


# Measured on all 256 TBAQ documents (value F1 0.8165, relaxed F1 0.949);
# the whole set takes about 5 s.
FLOOR_FULL_VALUE_F1 = 0.81
FLOOR_FULL_F1 = 0.94


def test_tbaq_full_regression(eval_data: Path) -> None:
    data = eval_data / "time" / "tbaq"
    if not data.exists():
        pytest.skip("TBAQ data not present")
    res = time_eval.run(data)
    m = res["metrics"]
    assert res["n"] == 256
    assert m["value_f1"] >= FLOOR_FULL_VALUE_F1
    assert m["f1"] >= FLOOR_FULL_F1
