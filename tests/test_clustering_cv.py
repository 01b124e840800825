"""Leave-topics-out cross-validation of the ECB+ story clustering (issue 18)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli.main import app
from dateline.corpus import clusters as cl
from dateline.evaluation import clustering_cv as cv
from dateline.evaluation import clustering_eval as ce

#: four topics, each with two stories of the same kind told with other specifics
STORIES = {
    ("1", "ecb"): "Tara Reid checked into Promises Treatment Center in Malibu , her rep Jack Ketsoyan said .",
    ("1", "ecbplus"): "Lindsay Lohan checked into the Betty Ford Center on May 3 , 2013 , her lawyer Shawn Holley said .",
    ("2", "ecb"): "A magnitude 6.1 earthquake struck Aceh province in 2008 and buildings collapsed in Banda Aceh .",
    ("2", "ecbplus"): "A magnitude 7.0 earthquake struck Papua province on April 6 , 2013 and buildings collapsed in Jayapura .",
    ("3", "ecb"): "Police in Detroit arrested John Carter after the bank robbery on Gratiot Avenue in 2009 .",
    ("3", "ecbplus"): "Police in Phoenix arrested Maria Lopez after the bank robbery on Camelback Road in 2012 .",
    ("4", "ecb"): "Apple unveiled the iPhone at Moscone Center in San Francisco , Steve Jobs said in 2007 .",
    ("4", "ecbplus"): "Samsung unveiled the Galaxy phone at Mobile World Congress in Barcelona , JK Shin said in 2013 .",
}  # fmt: skip


def _xml(name: str, sentence: str) -> str:
    toks = "".join(
        f'<token t_id="{i + 1}" sentence="0" number="{i}">{w}</token>'
        for i, w in enumerate(sentence.split())
    )
    return f'<Document doc_name="{name}" doc_id="x">{toks}<Markables/></Document>'


@pytest.fixture()
def tiny_ecb(tmp_path: Path) -> Path:
    for (topic, sub), sentence in STORIES.items():
        (tmp_path / topic).mkdir(exist_ok=True)
        for n in (1, 2, 3):
            name = f"{topic}_{n}{sub}.xml"
            words = sentence.replace(" .", f" , report {n} .")
            (tmp_path / topic / name).write_text(_xml(name, words), encoding="utf-8")
    return tmp_path


def test_folds_are_whole_disjoint_topics_and_deterministic() -> None:
    topics = [str(t) for t in range(1, 23) if t not in (15, 17)] * 3  # one entry per document
    for k in (2, 3, 5, 20, 50):
        folds = cv.topic_folds(topics, k)
        flat = [t for f in folds for t in f]
        assert len(flat) == len(set(flat)) == 20  # no topic in two folds, none left out
        assert all(folds) and len(folds) == min(k, 20)
        assert cv.topic_folds(list(reversed(topics)), k) == folds  # order of input irrelevant
    assert cv.topic_folds(topics, 5)[0] == ["1", "6", "11", "18"]


def test_cross_validation_on_a_tiny_corpus(tiny_ecb: Path) -> None:
    docs = ce.load(tiny_ecb)
    items = [cv.Item(d.topic, d.subtopic) for d in docs]
    out = cv.cross_validate(
        [d.text for d in docs], items, k=2, default=(cl.SPECIFICS, cl.SPECIFICS_CUT)
    )
    assert out["folds"] == 2 and len(out["per_fold"]) == 2
    held = [set(f["topics"]) for f in out["per_fold"]]
    assert held[0].isdisjoint(held[1]) and held[0] | held[1] == {"1", "2", "3", "4"}
    assert sum(f["n"] for f in out["per_fold"]) == len(docs) == 24
    for f in out["per_fold"]:
        assert f["names"] in cv.NAMES_GRID and f["dates"] in cv.DATES_GRID and f["cut"] in cv.CUTS
        assert 0.0 <= f["fitted_b3_f1"] <= 1.0
    # the specifics separate the two stories of every held-out topic
    assert out["pooled_b3_f1"] == 1.0
    assert 0.0 < out["mean_b3_f1"] <= 1.0
    # one topic cannot be split into folds
    one = [cv.Item("1", "1/ecb")] * 2
    assert "error" in cv.cross_validate(["a b", "a c"], one, k=3, default=(cl.BASELINE, 0.8))


def test_cv_folds_option_in_json(tiny_ecb: Path) -> None:
    result = CliRunner().invoke(
        app, ["eval", "clustering", "--ecbplus", str(tiny_ecb), "--cv-folds", "2", "--json"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["metrics"]["cv_folds"] == 2
    assert 0.0 <= out["metrics"]["cv_pooled_b3_f1"] <= 1.0
    assert out["baseline"]["cv_folds"] == 2
    assert [f["topics"] for f in out["cv"]["system"]["per_fold"]] == [["1", "3"], ["2", "4"]]
