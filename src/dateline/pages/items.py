"""What every reader yields: an :class:`~dateline.records.Article` or a coded :class:`Rejected`.

The shared pieces of the readers (:mod:`dateline.pages.readers`, :mod:`dateline.pages.warc`):
the size limit, the rejection record, and the building of an Article from decoded content.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dateline.pages.sniff import decode_html, sniff_wide
from dateline.records import Article, RawInput, Rejection, content_hash

#: pages larger than this are rejected (DL104) rather than analysed
MAX_BYTES = 5_000_000

STAGE = "read"

TEXTPAGE = "dateline.textpage.v1"
HTMLPAGE = "dateline.htmlpage.v1"


@dataclass(frozen=True)
class Rejected:
    """A document (or a path) that could not be turned into an Article."""

    uri: str
    rejection: Rejection
    content_hash: str | None = None


Item = Article | Rejected
Reader = Callable[[Path], Iterator[Item]]


def _reject(path: Path | str, code: str, reason: str, digest: str | None = None) -> Rejected:
    return Rejected(
        uri=str(path),
        rejection=Rejection(code=code, reason=reason, stage=STAGE),
        content_hash=digest,
    )


def site_of(uri: str | None) -> str | None:
    """The host of a URL, lower case, without ``www.`` (None for a file path)."""
    if not uri or "://" not in uri:
        return None
    host = (urlsplit(uri).hostname or "").lower()
    return host.removeprefix("www.") or None


def _mtime_iso(path: Path) -> str | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).isoformat(timespec="seconds")
    except OSError:
        return None


def _article(
    content: str,
    *,
    fmt: str,
    uri: str,
    fetched_at: str | None = None,
    encoding: str | None = None,
    published: str | None = None,
    last_modified: str | None = None,
) -> Article:
    raw = RawInput(
        content=content,
        format=fmt,  # type: ignore[arg-type]
        uri=uri,
        fetched_at=fetched_at,
        last_modified=last_modified,
        encoding=encoding,
    )
    art = Article(id=content_hash(content), source=uri, site=site_of(uri), raw=raw)
    if published:
        art.published = published  # a hint from the source; the page stage reads it first
    return art


def _html_item(
    data: bytes,
    *,
    uri: str,
    fmt: str,
    fetched_at: str | None = None,
    content_type: str | None = None,
    published: str | None = None,
    last_modified: str | None = None,
) -> Iterator[Item]:
    if not data.strip():
        yield _reject(uri, "DL102", "the page is empty")
        return
    if (
        b"\x00" in data[:4096]
        and not data.startswith(
            (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
        )
        and sniff_wide(data) is None
    ):
        yield _reject(uri, "DL101", "binary content (NUL bytes), not an HTML page")
        return
    content, encoding = decode_html(data, content_type)
    if not content.strip():
        yield _reject(uri, "DL102", "the page is empty")
        return
    yield _article(
        content,
        fmt=fmt,
        uri=uri,
        fetched_at=fetched_at,
        encoding=encoding,
        published=published,
        last_modified=last_modified,
    )


def _limits() -> Any:
    from dateline import limits

    return limits.current()
