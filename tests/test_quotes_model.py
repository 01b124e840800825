"""The CRF quote tagger: BIO tags from gold, features, chunking, linking, the shipped model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dateline.evaluation.quote_eval import Attribution, build_article
from dateline.language import nlp
from dateline.language.parse import Parse
from dateline.quotes import crf as quotes_model
from dateline.quotes.crf import chunks, gold_tags, link, sentence_features
from dateline.quotes.stage import Quotes

pytest.importorskip("pycrfsuite")

TEXT = "The economy is weak, the senator said, and it will not recover soon."


def parse(text: str) -> Any:
    return nlp.load()(text)


def span(text: str, piece: str) -> tuple[int, int]:
    s = text.index(piece)
    return s, s + len(piece)


def test_gold_tags_bio_per_attribution() -> None:
    doc = parse(TEXT)
    att = Attribution(
        content=[span(TEXT, "The economy is weak"), span(TEXT, "it will not recover soon")],
        source=[span(TEXT, "the senator")],
        cue=[span(TEXT, "said")],
    )
    tags = gold_tags(doc, [att])
    by_word = {t.text: tag for t, tag in zip(doc, tags, strict=True)}
    assert [tags[i] for i in range(4)] == ["B-Content", "I-Content", "I-Content", "I-Content"]
    assert by_word["senator"] == "I-Source"
    assert tags[[t.text for t in doc].index("the")] == "B-Source"
    assert by_word["said"] == "B-Cue"
    assert by_word["and"] == "O"
    assert tags[[t.text for t in doc].index("it")] == "B-Content"
    assert by_word["."] == "O"


def test_link_joins_contents_around_one_cue() -> None:
    doc = parse(TEXT)
    att = Attribution(
        content=[span(TEXT, "The economy is weak"), span(TEXT, "it will not recover soon")],
        source=[span(TEXT, "the senator")],
        cue=[span(TEXT, "said")],
    )
    tags = gold_tags(doc, [att])
    assert [c.role for c in chunks(doc, tags)] == ["Content", "Source", "Cue", "Content"]
    (a,) = link(doc, tags)
    assert [TEXT[s:e] for s, e in a.content] == ["The economy is weak", "it will not recover soon"]
    assert a.cue is not None and TEXT[a.cue[0] : a.cue[1]] == "said"
    assert a.source is not None and TEXT[a.source[0] : a.source[1]] == "the senator"


def test_link_content_without_cue_has_no_cue() -> None:
    text = "Taxes will rise. Nobody knows."
    doc = parse(text)
    tags = ["B-Content", "I-Content", "I-Content", "O"] + ["O"] * (len(doc) - 4)
    (a,) = link(doc, tags)
    assert a.cue is None and a.source is None
    assert text[a.content[0][0] : a.content[0][1]] == "Taxes will rise"


def test_features_one_list_per_token_with_rule_roles() -> None:
    doc = parse(TEXT)
    feats = sentence_features(doc, TEXT, [("Cue", span(TEXT, "said"))])
    assert sum(len(f) for _, f in feats) == len(doc)
    said = [t.i for t in doc if t.text == "said"][0]
    flat = [f for _, fs in feats for f in fs]
    assert "r=Cue" in flat[said]
    assert "r=O" in flat[0]
    # in a "that" clause, "weak" hangs (through "is") under the cue verb "said"
    text = "The senator said that the economy is weak."
    doc = parse(text)
    flat = [f for _, fs in sentence_features(doc, text) for f in fs]
    weak = [t.i for t in doc if t.text == "weak"][0]
    assert "acl=say" in flat[weak] and "ac=ccomp" in flat[weak]
    assert "ac=nsubj" in flat[1]  # "senator": the subject of the cue


def test_train_and_tag_roundtrip(tmp_path: Path) -> None:
    texts = [
        "Officials said that the bridge would reopen.",
        "The mayor said that taxes would rise.",
        "Analysts said that prices would fall.",
    ]
    seqs = []
    for t in texts:
        doc = parse(t)
        content = span(t, t.split("that ")[1].rstrip("."))
        att = Attribution(content=[content], source=[(0, t.index(" said"))], cue=[span(t, "said")])
        tags = gold_tags(doc, [att])
        for sent, feats in sentence_features(doc, t):
            seqs.append((feats, tags[sent.start : sent.end]))
    path = tmp_path / "m.crfsuite"
    quotes_model.train(seqs * 3, path, max_iterations=30, min_freq=1)
    assert path.is_file()
    text = "Doctors said that the clinic would close."
    doc = parse(text)
    tags = quotes_model.tag_doc(doc, text, path=str(path))
    assert tags[[t.text for t in doc].index("said")] == "B-Cue"
    (a,) = quotes_model.predict(doc, text, path=str(path))
    assert a.source is not None and text[a.source[0] : a.source[1]] == "Doctors"


@pytest.mark.skipif(not quotes_model.MODEL_FILE.is_file(), reason="no shipped quote model")
def test_shipped_model_tags_indirect_speech() -> None:
    text = "The governor believes the new law will reduce crime in the state."
    doc = parse(text)
    atts = quotes_model.predict(doc, text, path=str(quotes_model.MODEL_FILE))
    assert len(atts) == 1
    (a,) = atts
    assert a.source is not None and text[a.source[0] : a.source[1]] == "The governor"
    s, e = a.content[0]
    assert "reduce crime" in text[s:e]


def _article(text: str) -> Any:
    art = build_article(text, "t")
    return Parse()(art)


@pytest.mark.skipif(not quotes_model.MODEL_FILE.is_file(), reason="no shipped quote model")
def test_combined_finds_belief_rules_miss() -> None:
    text = "Republicans in Congress remain deeply skeptical of the deal with Iran."
    rules = Quotes(mode="rules")(_article(text)).quotes
    combined = Quotes()(_article(text)).quotes
    assert len(combined) >= len(rules)


def test_unknown_mode_rejected() -> None:
    with pytest.raises(ValueError):
        Quotes(mode="neural")
    with pytest.raises(ValueError):
        Quotes(prefer="both")


def test_rules_mode_needs_no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(quotes_model.MODEL_ENV, "/nonexistent/model.crfsuite")
    text = '"We will win," said Mayor John Smith.'
    (q,) = Quotes(mode="combined")(_article(text)).quotes  # falls back to the rules
    assert q.speaker_name == "John Smith"
    assert q.kind == "direct"


def test_paragraph_of_sentences_breaks_at_line_breaks() -> None:
    text = "He said it was over. She agreed.\n\nThe rain fell. It stopped."
    doc = parse(text)
    paras = quotes_model.paragraph_of_sentences(doc)
    assert len(paras) == len(list(doc.sents))
    assert paras[0] == 0 and paras[-1] == 1
    assert paras == sorted(paras)


def test_group_sequences_joins_sentences_of_a_paragraph() -> None:
    sents = [(0, 2, 0, [["a"], ["b"]]), (2, 3, 0, [["c"]]), (3, 5, 1, [["d"], ["e"]])]
    assert quotes_model.group_sequences(sents, "sentence") == [
        (0, 2, [["a"], ["b"]]),
        (2, 3, [["c"]]),
        (3, 5, [["d"], ["e"]]),
    ]
    units = quotes_model.group_sequences(sents, "paragraph")
    assert [(s, e) for s, e, _ in units] == [(0, 3), (3, 5)]
    first = units[0][2]
    assert len(first) == 3 and "sb" in first[2] and "sb" not in first[0]
    with pytest.raises(ValueError):
        quotes_model.group_sequences(sents, "page")


def test_model_unit_read_from_sidecar(tmp_path: Path) -> None:
    path = tmp_path / "m.crfsuite"
    assert quotes_model.model_unit(str(path)) == "sentence"
    path.with_suffix(".json").write_text('{"unit": "paragraph"}', encoding="utf-8")
    assert quotes_model.model_unit(str(path)) == "paragraph"


def test_verb_ancestor_feature_names_any_governing_verb() -> None:
    text = "The group backed the new candidate."
    doc = parse(text)
    flat = [f for _, fs in sentence_features(doc, text) for f in fs]
    cand = [t.i for t in doc if t.text == "candidate"][0]
    assert "av=back" in flat[cand] and "avd=back/dobj" in flat[cand]


def test_min_content_words_drops_short_contents() -> None:
    text = '"We will win," said Mayor John Smith.'
    assert len(Quotes(mode="rules")(_article(text)).quotes) == 1
    assert Quotes(mode="rules", min_content_words=4)(_article(text)).quotes == []
