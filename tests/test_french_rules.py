"""The French quote and event rules on sentences written for these tests, and the French gold
set's figures (tests/golden/french, scored by dateline.evaluation.french_eval) held to floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.evaluation import french_eval
from dateline.events import french as fr_events
from dateline.language import nlp
from dateline.pipeline import process_text

GOLD = Path(__file__).parent / "golden" / "french"


@pytest.mark.parametrize(
    ("sentence", "dead"),
    [
        ("L'explosion a fait trois morts et dix blessés.", 3),
        ("Au moins 12 personnes ont été tuées dans la nuit.", 12),
        ("Les rebelles ont tué 16 civils et trois militaires.", 19),
        ("Une frappe a tué une vingtaine de personnes.", 20),
        ("Vingt-deux soldats sont morts.", 22),
        ("Un policier a été tué.", 1),
        ("Deux hommes ont tué le maire, 64 ans.", 1),
        ("Le bilan fait état de 40 blessés.", 0),
        ("Les assaillants n'ont tué personne.", 0),
    ],
)
def test_french_fatalities(sentence: str, dead: int) -> None:
    doc = nlp.load(nlp.FRENCH_MODEL)(sentence)
    assert max(fr_events.fatalities(sentence), fr_events.parsed_fatalities(doc[:])) == dead


def test_french_numbers() -> None:
    assert fr_events.number("806 000") == 806000
    assert fr_events.number("vingt-deux") == 22
    assert fr_events.number("une dizaine") == 10
    assert fr_events.number("des dizaines") == 12
    assert fr_events.number("quelques") is None


PAGE = """\
Nigeria : affrontements meurtriers dans l'État de Borno

Publié le 3 mars 2017

MAIDUGURI — Des soldats nigérians et des combattants de Boko Haram se sont affrontés jeudi \
près de Maiduguri. Huit soldats ont été tués, a indiqué l'armée dans un communiqué.

« Nos troupes ont repoussé l'assaut », a déclaré le porte-parole de l'armée, Sani Usman. Il a \
ajouté que les opérations se poursuivraient.

Samedi, des centaines d'habitants ont manifesté à Maiduguri. La police a dispersé la foule à \
coups de gaz lacrymogènes. Aucun mort n'a été signalé. L'armée n'a pas bombardé la ville.
"""


@pytest.fixture(scope="module")
def page():
    return process_text(PAGE, uri="borno-fr.txt")


def test_french_rules_on_an_unseen_page(page) -> None:
    assert page.language == "fr"
    subs = [(e.sub_event_type, e.event_date, e.background) for e in page.events]
    assert ("Armed clash", "2017-03-02", False) in subs
    clash = next(e for e in page.events if e.sub_event_type == "Armed clash")
    assert clash.fatalities == 8
    # the dispersed demonstration is a protest with intervention, with no fatalities
    protest = next(e for e in page.events if e.event_type == "Protests")
    assert protest.sub_event_type == "Protest with intervention"
    assert protest.event_date == "2017-02-25" and protest.fatalities == 0
    # a negated strike is no event
    assert not any(e.sub_event_type == "Air/drone strike" for e in page.events)


def test_french_quotes_on_an_unseen_page(page) -> None:
    by_cue = {q.cue_text: q for q in page.quotes}
    assert by_cue["déclaré"].content_text == "Nos troupes ont repoussé l'assaut"
    assert by_cue["déclaré"].speaker_name == "Sani Usman"
    assert by_cue["déclaré"].speaker_title == "porte-parole de l'armée"
    assert by_cue["ajouté"].content_text == "les opérations se poursuivraient"
    assert by_cue["ajouté"].speaker_name == "Sani Usman"  # « Il » is the last person speaker
    assert by_cue["indiqué"].content_text == "Huit soldats ont été tués"


def test_gold_file_is_consistent() -> None:
    gold = french_eval.load_gold(GOLD / "gold.json")
    assert len(gold["pages"]) >= 20
    for p in gold["pages"]:
        text = (GOLD / p["file"]).read_text(encoding="utf-8")
        assert "Publié le" in text
        assert all(q["text"] in text for q in p["quotes"])
        assert p["event"]["sub_event_type"] in fr_events.acled.SUB_EVENT_TYPES


@pytest.fixture(scope="module")
def scored():
    return french_eval.run(GOLD)


def test_french_gold_floors(scored, tmp_path_factory) -> None:
    """Floors a little under the figures in EVALUATION.md (French section)."""
    m = scored["metrics"]
    assert m["pages"] >= 20
    assert m["time_value"]["f1"] >= 0.9
    assert m["time_value_accuracy"] >= 0.9
    assert m["quote_content"]["f1"] >= 0.9
    assert m["quote_full"]["f1"] >= 0.9
    assert m["event_found"] >= 0.95
    assert m["event_sub_type_accuracy"] >= 0.85
    assert m["event_date_accuracy"] >= 0.9
    assert m["event_place_accuracy"] >= 0.7
    assert m["event_fatalities_accuracy"] >= 0.85
    assert json.dumps(scored)  # serialisable for --json


def test_french_heldout_floors() -> None:
    """The held-out pages (written after the rules were frozen) keep their measured figures."""
    m = french_eval.run(GOLD / "heldout")["metrics"]
    assert m["pages"] == 10
    assert m["time_value"]["f1"] >= 0.85
    assert m["quote_content"]["f1"] >= 0.9
    assert m["quote_full"]["f1"] >= 0.85
    assert m["event_found"] >= 0.9
    assert m["event_sub_type_accuracy"] >= 0.7
    assert m["event_date_accuracy"] >= 0.9
    assert m["event_place_accuracy"] >= 0.8
    assert m["event_fatalities_accuracy"] >= 0.7


def test_eval_french_command(tmp_path) -> None:
    from typer.testing import CliRunner

    from dateline.cli.main import app

    preds = tmp_path / "fr.jsonl"
    args = ["eval", "french", str(GOLD), "--limit", "2", "--json", "--predictions", str(preds)]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["task"] == "french" and out["n"] == 2
    assert {"time_value", "quote_full", "event_sub_type_accuracy"} <= set(out["metrics"])
    rows = [json.loads(line) for line in preds.read_text().splitlines()]
    assert [r["language"] for r in rows] == ["fr", "fr"]
    missing = CliRunner().invoke(app, ["eval", "french", str(tmp_path / "none")])
    assert missing.exit_code != 0
