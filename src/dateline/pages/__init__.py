"""Pages: reading files (text, HTML, WARC, JSONL) into Articles, and the page stages that clean
them (site chrome, headline, byline, publication date)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.registry import lazy_exports

if TYPE_CHECKING:
    from dateline.pages.htmlpage import HtmlPage
    from dateline.pages.textpage import TextPage

__all__ = ["HtmlPage", "TextPage"]
__getattr__ = lazy_exports(
    __name__, {"HtmlPage": "dateline.pages.htmlpage", "TextPage": "dateline.pages.textpage"}
)
