"""Pages: reading files (text, HTML, WARC, JSONL) into Articles, and the page stages that clean
them (site chrome, headline, byline, publication date)."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dateline.pages.htmlpage import HtmlPage
    from dateline.pages.textpage import TextPage

__all__ = ["HtmlPage", "TextPage"]

_STAGES = {"HtmlPage": "dateline.pages.htmlpage", "TextPage": "dateline.pages.textpage"}


def __getattr__(name: str) -> Any:
    """The stages, imported on first use (importing one module of the package stays light)."""
    if name in _STAGES:
        return getattr(import_module(_STAGES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
