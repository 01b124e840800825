"""docs/schema.md documents every field of the Article record (it cannot silently fall behind)."""

from __future__ import annotations

from pathlib import Path

from dateline.records import Article, Event

DOC = Path(__file__).resolve().parent.parent / "docs" / "schema.md"


def test_every_field_documented():
    text = DOC.read_text()
    missing = [f for f in Article.model_fields if f != "doc" and f"`{f}`" not in text]
    missing += [f for f in Event.model_fields if f"`{f}`" not in text]
    assert not missing, f"fields missing from docs/schema.md: {missing}"
