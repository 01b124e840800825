"""Gold spans of the locations layout aligned to their <name> before scoring (issue 18)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dateline.cli.main import app
from dateline.evaluation import geo_eval
from dateline.evaluation.span_align import align_spans

FIXTURE = Path(__file__).parent / "data" / "geo" / "locations-shifted.xml"


def test_align_spans_window_drift_case_and_taken() -> None:
    text = "Troops left Aleppo for Homs; later ALEPPO and Aleppo again."
    a1, a2 = text.index("ALEPPO"), text.index("Aleppo again")
    got = align_spans(
        text,
        [
            (13, 19, "Aleppo"),  # one character late
            (a1 + 2, a1 + 8, "Aleppo"),  # two late, other case
            (a2 + 2, a2 + 8, "Aleppo"),  # must take the third mention, not the second
            (23, 27, "Homs"),  # as given
            (-5, -1, "Homs"),  # negative offsets: nothing there
            (0, 6, "Raqqa"),  # not in the text
        ],
    )
    assert [(a.start, a.status) for a in got] == [
        (12, "realigned"),
        (a1, "realigned"),
        (a2, "realigned"),
        (23, "as_given"),
        (None, "unaligned"),
        (None, "unaligned"),
    ]
    # a window too small for the shift leaves the span unaligned rather than guessing
    assert align_spans(text, [(a2 + 9, a2 + 15, "Aleppo")], window=5)[0].status == "unaligned"


def test_align_spans_follows_a_growing_shift() -> None:
    text = "".join(f"Paragraph {i} about Town{i}. " + "x" * 30 + "\n" for i in range(6))
    spans = []
    for i in range(6):
        true = text.index(f"Town{i}")
        spans.append((true - 31 * i, true - 31 * i + 5, f"Town{i}"))  # 31 more per paragraph
    got = align_spans(text, spans, window=50)
    assert all(a.status == "realigned" or i == 0 for i, a in enumerate(got))
    assert [text[a.start : a.end] for a in got if a.start is not None] == [
        f"Town{i}" for i in range(6)
    ]


def test_load_aligns_the_shifted_fixture() -> None:
    docs = geo_eval.load(FIXTURE)
    assert len(docs) == 3
    for d in docs:
        for g in d.gold:
            # every kept span is a whole mention of its place name
            assert g.text.lower() in {
                "manila", "quezon city", "cebu", "nairobi", "mombasa", "kisumu", "nakuru",
                "aleppo", "homs", "damascus", "beirut",
            }  # fmt: skip
    assert [g.text for g in docs[0].gold] == ["Manila", "Quezon City", "Cebu", "MANILA", "Manila"]
    assert [g.text for g in docs[1].gold] == ["Nairobi", "Mombasa", "Kisumu", "Nakuru", "Nairobi"]
    summary = geo_eval.alignment_summary(docs)
    assert summary["realigned"] == 5 + 4 + 2
    assert summary["as_given"] == 1 + 2
    assert summary["unaligned"] == 3
    assert sorted(u["label"] for u in summary["unaligned_examples"]) == [
        "Aleppo",
        "Idlib",
        "Timbuktu",
    ]


def test_gold_toponyms_score_the_places_not_the_offsets(tmp_path: Path) -> None:
    res = geo_eval.run(FIXTURE, gold_toponyms=True)
    m = res["metrics"]
    assert m["n_gold"] == 14 and m["n_gold_unaligned"] == 3 and m["n_gold_realigned"] == 11
    # the shifted spans geocode as the places they name (as given they are "anila " etc.)
    assert m["acc_161km"] == 1.0
    assert res["alignment"]["window"] == 50


def test_cli_reports_unaligned_spans() -> None:
    result = CliRunner().invoke(
        app, ["eval", "geo", "--gritta", str(FIXTURE), "--gold-toponyms", "--json"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["metrics"]["n_gold_unaligned"] == 3
    assert out["alignment"]["unaligned"] == 3
    table = CliRunner().invoke(app, ["eval", "geo", "--gritta", str(FIXTURE), "--gold-toponyms"])
    assert table.exit_code == 0 and "n_gold_unaligned" in table.stdout.replace("\n", "")
