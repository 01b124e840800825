"""ECB+ document clustering: scorers, reader, the run and a frozen gate on the dev topics."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from dateline.corpus.clusters import (
    Weights,
    cluster_documents,
    date_features,
    density_corrected,
    name_features,
    similarity,
)
from dateline.errors import EvalDataError
from dateline.evaluation import clustering_eval as ce


def test_b_cubed_and_pairwise() -> None:
    gold = ["a", "a", "a", "b", "b"]
    assert ce.b_cubed(gold, gold) == (1.0, 1.0, 1.0)
    p, r, f = ce.b_cubed(["x"] * 5, gold)
    assert p == pytest.approx((3 * 3 / 5 + 2 * 2 / 5) / 5) and r == 1.0
    p, r, _ = ce.b_cubed(["1", "2", "3", "4", "5"], gold)
    assert p == 1.0 and r == pytest.approx((3 * 1 / 3 + 2 * 1 / 2) / 5)
    p, r, f = ce.pairwise(["x", "x", "y", "y", "y"], gold)
    # system pairs: 1 + 3 = 4, correct: (0,1) and (3,4) = 2; gold pairs: 3 + 1 = 4
    assert (p, r, f) == (0.5, 0.5, 0.5)


def _xml(name: str, sentences: list[str]) -> str:
    toks, tid = [], 1
    for s, sent in enumerate(sentences):
        for n, w in enumerate(sent.split()):
            toks.append(f'<token t_id="{tid}" sentence="{s}" number="{n}">{w}</token>')
            tid += 1
    return f'<Document doc_name="{name}" doc_id="x">{"".join(toks)}<Markables/></Document>'


STORIES = {
    ("1", "ecb"): [
        "Tara Reid checked into Promises Treatment Center in Malibu .",
        "The actress entered rehab on Tuesday , her rep Jack Ketsoyan said .",
    ],
    ("1", "ecbplus"): [
        "Lindsay Lohan checked into the Betty Ford Center on May 3 , 2013 .",
        "The actress entered rehab under a court order , her lawyer said .",
    ],
    ("2", "ecb"): [
        "A magnitude 6.1 earthquake struck Indonesia 's Aceh province in 2008 .",
        "Buildings collapsed in Banda Aceh and villagers fled to higher ground .",
    ],
    ("2", "ecbplus"): [
        "A magnitude 7.0 earthquake struck Papua province on April 6 , 2013 .",
        "Buildings collapsed in Jayapura and villagers fled to higher ground .",
    ],
}


@pytest.fixture()
def tiny_ecb(tmp_path: Path) -> Path:
    for (topic, sub), sents in STORIES.items():
        (tmp_path / topic).mkdir(exist_ok=True)
        for n in (1, 2, 3):
            name = f"{topic}_{n}{sub}.xml"
            words = [s.replace(" .", f" report{n} .") for s in sents]
            (tmp_path / topic / name).write_text(_xml(name, words), encoding="utf-8")
    return tmp_path


def test_read_doc_one_sentence_a_line(tiny_ecb: Path) -> None:
    text = ce.read_doc(tiny_ecb / "1" / "1_1ecb.xml")
    assert text.splitlines()[0].startswith("Tara Reid checked into Promises")
    assert len(text.splitlines()) == 2


def test_run_scores_and_writes_predictions(tiny_ecb: Path, tmp_path: Path) -> None:
    pred = tmp_path / "out" / "pred.jsonl"
    result = ce.run(tiny_ecb, predictions=pred, tune=True)
    assert result["task"] == "clustering" and result["n"] == 12
    m = result["metrics"]
    for level in ("topic_", "subtopic_", ""):
        for k in ("b3_f1", "b3_precision", "b3_recall", "pairwise_f1"):
            assert 0.0 <= m[level + k] <= 1.0
    assert m["b3_f1"] == m["subtopic_b3_f1"] == 1.0  # the specifics separate the sub-topics
    assert "b3_f1" in result["baseline"]
    rows = [json.loads(x) for x in pred.read_text().splitlines()]
    assert len(rows) == 12 and set(rows[0]) == {"doc", "cluster"}
    by_doc = {r["doc"]: r["cluster"] for r in rows}
    assert by_doc["1_1ecb.xml"] == by_doc["1_3ecb.xml"] != by_doc["1_1ecbplus.xml"]


def test_missing_data_is_an_eval_error(tmp_path: Path) -> None:
    with pytest.raises(EvalDataError):
        ce.run(tmp_path / "nowhere")


def test_specific_features() -> None:
    names = name_features("Officials said Lindsay Lohan entered the Betty Ford Center.")
    assert names["lindsay_lohan"] == 1 and names["betty_ford_center"] == 1
    assert "officials" not in names  # sentence-initial, alone
    dates = date_features("On May 3, 2013 a 6.1 magnitude quake hit.")
    assert dates["y:2013"] == 1 and dates["ym:2013-5"] == 2 and dates["n:6.1:mag"] == 1


def test_cluster_documents_ids_are_smallest_member() -> None:
    texts = {f"{k}": " ".join(v) for k, v in zip("dcba", STORIES.values(), strict=True)}
    texts["e"] = texts["d"] + " More ."
    out = cluster_documents(texts)
    assert out["e"] == out["d"] == "d"


def test_density_correction_raises_the_bar_in_dense_neighbourhoods() -> None:
    # a tight group of three (a story told three times) and three loosely related documents
    sim = np.full((6, 6), 0.1)
    sim[:3, :3] = 0.6
    sim[3:, 3:] = 0.3
    np.fill_diagonal(sim, 1.0)
    out = density_corrected(sim, 0.5, k=2)
    assert np.allclose(out, out.T) and np.allclose(np.diag(out), 1.0)
    med = 0.45  # median of the documents' mean similarity to their 2 nearest (0.6 / 0.3)
    assert out[0, 1] == pytest.approx(0.6 - 0.5 * (0.6 - med))  # dense pair: lowered
    assert out[4, 5] == pytest.approx(0.3 - 0.5 * (0.3 - med))  # sparse pair: raised
    assert out[0, 1] < 0.6 and out[4, 5] > 0.3
    assert density_corrected(sim, 0.0) is sim  # weight 0: plain similarities
    assert similarity(["a b c", "a b d"], Weights(1.0, 0.0, 0.0, density=0.5)).shape == (2, 2)


def test_frozen_gate_on_dev_topics(eval_data: Path) -> None:
    """All dev topics (5 s): dateline's specifics beat the TF-IDF baseline, B³ F1 ≥ 0.95."""
    data = eval_data / "clustering" / "ecbplus"
    if not data.is_dir():
        pytest.skip("ECB+ dev data absent")
    result = ce.run(data)
    assert result["n"] == 462
    # measured 0.9589 (names 2.0, dates 0.5, density 0.5, cut 0.83); 0.9476 without density
    assert result["metrics"]["b3_f1"] >= 0.95
    assert result["metrics"]["b3_f1"] > result["baseline"]["b3_f1"] + 0.03
