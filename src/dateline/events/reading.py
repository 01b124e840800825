"""The per-article state the event rules share (set by :class:`dateline.events.stage.Events` on a
copy of the registered stage, so the stage object itself stays pure)."""

from __future__ import annotations

from datetime import date
from typing import Any

from dateline.records import Article


class EventReading:
    """What the rules of one article read: the article, its parse, reference date and mentions."""

    typer: bool
    typer_threshold: float
    article: Article
    doc: Any
    anchor: date | None
    mention_at: list[tuple[int, int, int]]
    country: str | None
    _thread_actor: str | None
    _trigger_ids: set[int]
