"""Golden pages written and hand-annotated by the developers (examples/ + tests/golden/).

Each gold item is matched against dateline's output: an event matches when every annotated
field is equal (or one of the listed values). Items we know dateline still gets wrong carry
``"known_gap": "why"`` and run as strict xfails, so fixing one forces the marker off.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.pipeline import process_text
from dateline.records import Article

ROOT = Path(__file__).resolve().parent.parent
# records-*.json are corpus gold files for `dateline eval records` (another schema), not page golds.
GOLDEN = sorted(
    p for p in (ROOT / "tests" / "golden").glob("*.json") if not p.name.startswith("records-")
)
_CACHE: dict[str, Article] = {}


def load(gold_path: Path) -> tuple[dict, Article]:
    gold = json.loads(gold_path.read_text())
    if gold["file"] not in _CACHE:
        page = ROOT / "examples" / gold["file"]
        _CACHE[gold["file"]] = process_text(page.read_text(), uri=str(page))
    return gold, _CACHE[gold["file"]]


def matches(obj: object, want: dict) -> bool:
    for key, val in want.items():
        if key in ("known_gap",):
            continue
        got = getattr(obj, key)
        if isinstance(val, list) and not isinstance(got, list):
            if got not in val:
                return False
        elif got != val:
            return False
    return True


def items(kind: str):
    for g in GOLDEN:
        gold = json.loads(g.read_text())
        for i, item in enumerate(gold.get(kind, [])):
            marks = (
                [pytest.mark.xfail(strict=True, reason=item["known_gap"])]
                if isinstance(item, dict) and "known_gap" in item
                else []
            )
            yield pytest.param(g, item, id=f"{g.stem}-{kind}-{i}", marks=marks)


@pytest.mark.parametrize("gold_path", GOLDEN, ids=[g.stem for g in GOLDEN])
def test_article_metadata(gold_path):
    gold, art = load(gold_path)
    assert art.rejection is None
    want = dict(gold["article"])
    captions = want.pop("captions", None)
    assert matches(art, want), {k: getattr(art, k) for k in want}
    if captions is not None:
        assert len(art.captions) == captions


@pytest.mark.parametrize("gold_path,item", list(items("events")))
def test_event(gold_path, item):
    _, art = load(gold_path)
    assert any(matches(e, item) for e in art.events), [
        {k: getattr(e, k) for k in item if k != "known_gap"} for e in art.events
    ]


@pytest.mark.parametrize("gold_path,item", list(items("no_events")))
def test_no_spurious_event(gold_path, item):
    _, art = load(gold_path)
    assert not any(matches(e, item) for e in art.events)


@pytest.mark.parametrize("gold_path,item", list(items("quotes")))
def test_quote(gold_path, item):
    _, art = load(gold_path)
    assert any(matches(q, item) for q in art.quotes), [
        (q.speaker_text, q.speaker_name, q.kind) for q in art.quotes
    ]


@pytest.mark.parametrize("gold_path,item", list(items("places")))
def test_place(gold_path, item):
    _, art = load(gold_path)
    assert any(matches(p, item) for p in art.places), [(p.text, p.country) for p in art.places]


@pytest.mark.parametrize("gold_path,item", list(items("times")))
def test_time(gold_path, item):
    _, art = load(gold_path)
    text, value = item
    assert any(t.text == text and t.value == value for t in art.times), [
        (t.text, t.value) for t in art.times
    ]
