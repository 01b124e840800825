"""Readers: turn files and folders into a stream of :class:`Article` (or :class:`Rejected`).

Every reader is a generator ``reader(path) -> Iterator[Article | Rejected]`` so that
container formats (a WARC file, a JSONL dump) stream many documents from one path
without loading it whole: a WARC is read record by record through ``warcio``, a JSONL
file line by line, and no document larger than :data:`MAX_BYTES` is ever held.

Formats (by suffix; ``.gz`` variants are decompressed on the fly):

* ``.txt`` / ``.text`` — one plain-text page (``raw.format == "text"``);
* ``.html`` / ``.htm`` / ``.html.gz`` — one saved HTML page (``"html"``);
* ``.warc`` / ``.warc.gz`` — the ``response`` (and ``resource``) records that carry HTML
  (``"warc"``; ``raw.uri`` is ``WARC-Target-URI``, ``raw.fetched_at`` is ``WARC-Date``);
  records with another content type are rejected with ``DL120`` (skipped, counted),
  a record without a target URI, with a broken header or a truncated payload with
  ``DL122`` (its offset in the reason; the rest of the file is read, see
  :mod:`dateline.pages.warc`), a file that is not a WARC with ``DL121``; request/metadata/warcinfo records are not
  documents and are only counted in the optional ``stats`` counter;
* ``.jsonl`` / ``.jsonl.gz`` — one object a line, ``{"url", "html"}`` or ``{"url", "text"}``
  with an optional ``"published"`` (``"jsonl"``); a broken line is rejected (``DL121``)
  and the rest go on.

A document that cannot be read (undecodable, empty, too large, unsupported format)
is not an exception: it is yielded as :class:`Rejected`, carrying a
:class:`~dateline.records.Rejection` with an error code from :mod:`dateline.errors`,
so that a bulk ingest records it and carries on. A path given by the user that does
not exist *is* an error (:class:`~dateline.errors.InputError`, ``DL100``).

HTML is decoded by :func:`decode_html`: a byte-order mark wins, then UTF-16/UTF-32
without a mark (NUL-byte patterns, :func:`sniff_wide`), then valid UTF-8, then
the declared charset (HTTP header or ``<meta charset>``) when the bytes decode with it,
then ``charset-normalizer`` — so pages that lie about their charset are read correctly.

:func:`stages_for` / :func:`pipeline_for` pick the analysis for an Article by its format:
HTML-bearing inputs go through ``dateline.htmlpage.v1`` instead of ``dateline.textpage.v1``.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateline.errors import InputError
from dateline.pages import warc
from dateline.pages.items import (
    HTMLPAGE as HTMLPAGE,
)
from dateline.pages.items import (  # re-exported: the names callers know the readers by
    MAX_BYTES as MAX_BYTES,
)
from dateline.pages.items import (
    STAGE as STAGE,
)
from dateline.pages.items import (
    TEXTPAGE as TEXTPAGE,
)
from dateline.pages.items import (
    Item as Item,
)
from dateline.pages.items import (
    Reader as Reader,
)
from dateline.pages.items import (
    Rejected as Rejected,
)
from dateline.pages.items import (
    _article,
    _html_item,
    _limits,
    _mtime_iso,
    _reject,
)
from dateline.pages.items import (
    site_of as site_of,
)
from dateline.pages.sniff import (
    decode as decode,
)
from dateline.pages.sniff import (
    decode_html as decode_html,
)
from dateline.pages.sniff import (
    looks_like_html as looks_like_html,
)
from dateline.records import Article, content_hash

if TYPE_CHECKING:
    from dateline.config import Settings

log = logging.getLogger(__name__)


# --- plain text ----------------------------------------------------------------------------


def read_text_file(path: Path, *, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """One plain-text page -> one Article (``raw.format == "text"``), or a Rejected."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield _reject(path, "DL104", f"{size} bytes is more than the limit of {max_bytes}")
            return
        data = path.read_bytes()
    except OSError as e:
        yield _reject(path, "DL101", f"could not read: {e.strerror or e}")
        return
    if b"\x00" in data[:8192]:
        yield _reject(path, "DL101", "binary file (NUL bytes), not a text page")
        return
    try:
        content = decode(data)
    except UnicodeDecodeError as e:
        yield _reject(path, "DL101", f"could not decode as UTF-8 or Windows-1252: {e.reason}")
        return
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    if not content.strip():
        yield _reject(
            path, "DL102", "the page is empty", content_hash(content) if content else None
        )
        return
    yield Article.from_raw(content, fmt="text", uri=str(path))


# --- HTML files ----------------------------------------------------------------------------


def _open_maybe_gzip(path: Path) -> io.BufferedIOBase:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return path.open("rb")


def _read_limited(fh: io.BufferedIOBase, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes (one more tells that the limit was passed)."""
    return fh.read(max_bytes + 1)


def read_html_file(path: Path, *, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """One saved HTML page (``.html``, ``.htm``, ``.html.gz``) -> one Article or a Rejected.

    The file's size on disk and (for ``.gz``) its inflated size are both bounded by
    ``max_bytes``: a zip bomb is inflated only up to ``max_bytes + 1`` bytes.
    """
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield _reject(path, "DL104", f"{size} bytes is more than the limit of {max_bytes}")
            return
        with _open_maybe_gzip(path) as fh:
            data = _read_limited(fh, max_bytes)
    except (OSError, EOFError, zlib.error) as e:
        yield _reject(path, "DL101", f"could not read: {getattr(e, 'strerror', None) or e}")
        return
    if len(data) > max_bytes:
        yield _reject(path, "DL104", f"more than the limit of {max_bytes} bytes (decompressed)")
        return
    yield from _html_item(data, uri=str(path), fmt="html", fetched_at=_mtime_iso(path))


# --- WARC ----------------------------------------------------------------------------------


def read_warc(
    path: Path, *, max_bytes: int = MAX_BYTES, stats: Counter[str] | None = None
) -> Iterator[Item]:
    """Every HTML response record of a WARC file (see :func:`dateline.pages.warc.read_warc`)."""
    return warc.read_warc(path, max_bytes=max_bytes, stats=stats)


# --- JSONL ---------------------------------------------------------------------------------


def read_jsonl(path: Path, *, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """One Article per line of ``{"url", "html"}`` or ``{"url", "text"}`` (+ ``"published"``).

    A line that is not a JSON object with ``html`` or ``text`` is a Rejected ``DL121``
    (its uri is ``<file>:<line>``); the following lines are read on.
    """
    try:
        fh = _open_maybe_gzip(path)
    except OSError as e:
        yield _reject(path, "DL101", f"could not read: {e.strerror or e}")
        return
    fetched = _mtime_iso(path)
    lim = _limits()
    raw_fh = fh.fileobj if isinstance(fh, gzip.GzipFile) else None
    with fh:
        lineno = 0
        stream = fh
        inflated = 0
        checked = 0
        while True:
            if raw_fh is not None and inflated - checked >= _BOMB_CHECK:
                checked = inflated
                if _bomb(inflated, raw_fh, lim):
                    yield _reject(f"{path}:{lineno + 1}", "DL104", _bomb_reason(inflated, lim))
                    return
            try:
                raw_line = stream.readline(max_bytes + 1)
            except (OSError, EOFError, zlib.error) as e:
                yield _reject(f"{path}:{lineno + 1}", "DL121", f"file broken: {e}"[:300])
                return
            if not raw_line:
                break
            lineno += 1
            inflated += len(raw_line)
            where = f"{path}:{lineno}"
            if len(raw_line) > max_bytes:
                # skip the rest of an over-long line without holding it (and not for ever)
                skipped = len(raw_line)
                try:
                    while raw_line and not raw_line.endswith(b"\n"):
                        if skipped > lim.max_skip_bytes or (
                            raw_fh is not None and _bomb(inflated + skipped, raw_fh, lim)
                        ):
                            yield _reject(
                                where,
                                "DL104",
                                f"line longer than {skipped} bytes; the rest of the file is"
                                " not read",
                            )
                            return
                        raw_line = stream.readline(1 << 20)
                        skipped += len(raw_line)
                except (OSError, EOFError, zlib.error) as e:
                    yield _reject(where, "DL121", f"file broken: {e}"[:300])
                    return
                inflated += skipped
                yield _reject(where, "DL104", f"line longer than {max_bytes} bytes")
                continue
            if not raw_line.strip():
                # skip a run of blank lines in one read (a bomb of newlines would otherwise
                # cost one call per byte)
                try:
                    peek = getattr(stream, "peek", None)
                    ahead = peek(1 << 16)[: 1 << 16] if peek is not None else b""
                    n_blank = len(ahead) - len(ahead.lstrip(b"\r\n\t "))
                    if n_blank:
                        lineno += ahead[:n_blank].count(b"\n")
                        inflated += len(stream.read(n_blank))
                except (OSError, EOFError, zlib.error) as e:
                    yield _reject(where, "DL121", f"file broken: {e}"[:300])
                    return
                continue
            item = _jsonl_item(raw_line, where, fetched)
            yield item


#: inflated bytes between two zip-bomb checks of a compressed JSONL file
_BOMB_CHECK = 256 * 1024
#: a compressed file is not suspected below this many inflated bytes
_BOMB_MIN = 1_000_000


def _bomb(inflated: int, raw_fh: Any, lim: Any) -> bool:
    """A compressed file inflating at a ratio no text reaches (``lim.max_ratio``)."""
    if inflated < _BOMB_MIN:
        return False
    try:
        consumed = max(int(raw_fh.tell()), 1)
    except (OSError, ValueError):
        return False
    return bool(inflated > lim.max_ratio * consumed)


def _bomb_reason(inflated: int, lim: Any) -> str:
    return (
        f"inflated to {inflated} bytes at a ratio above {lim.max_ratio} (a zip bomb?);"
        " the rest of the file is not read"
    )


def _jsonl_item(raw_line: bytes, where: str, fetched: str | None) -> Item:
    try:
        obj = json.loads(raw_line)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        return _reject(where, "DL121", f"not valid JSON: {e}"[:300])
    except RecursionError:
        return _reject(where, "DL121", "JSON nested too deeply")
    if not isinstance(obj, dict):
        return _reject(where, "DL121", "line is not a JSON object")
    return document_item(obj, where, fetched)


def document_item(
    obj: dict[str, Any],
    where: str,
    fetched: str | None = None,
    *,
    fmt: str = "jsonl",
    encoding: str | None = None,
) -> Item:
    """One document from the fields of a JSONL line (``url``, ``html`` or ``text``, optional
    ``published``): an Article of format ``fmt``, or a Rejected when it holds no page.

    Also the reader of ``POST /api/ingest``, whose documents carry the same fields.
    """
    url = obj.get("url")
    uri = url if isinstance(url, str) and url else where
    published = obj.get("published")
    published = published if isinstance(published, str) and published.strip() else None
    html, text = obj.get("html"), obj.get("text")
    meta: dict[str, Any] = {"fmt": fmt, "uri": uri, "fetched_at": fetched, "published": published}
    if isinstance(html, str) and html.strip():
        return _article(html, encoding=encoding, **meta)
    if isinstance(text, str) and text.strip():
        content = text.replace("\r\n", "\n").replace("\r", "\n")
        return _article(content, encoding=encoding, **meta)
    if html is None and text is None:
        return _reject(uri, "DL121", 'object has neither "html" nor "text"')
    return _reject(uri, "DL102", "the page is empty")


def _unsupported(path: Path) -> Iterator[Item]:
    yield _reject(path, "DL103", f"format of {path.name!r} is not supported")


#: readers by file suffix (lower case; the longest matching suffix wins)
READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".text": read_text_file,
    ".html": read_html_file,
    ".htm": read_html_file,
    ".xhtml": read_html_file,
    ".html.gz": read_html_file,
    ".htm.gz": read_html_file,
    ".warc": read_warc,
    ".warc.gz": read_warc,
    ".jsonl": read_jsonl,
    ".jsonl.gz": read_jsonl,
}

#: suffixes picked up when a folder is read (files given by name are always tried)
FOLDER_SUFFIXES: tuple[str, ...] = (
    ".txt",
    ".html",
    ".htm",
    ".html.gz",
    ".htm.gz",
    ".warc",
    ".warc.gz",
    ".jsonl",
    ".jsonl.gz",
)


def reader_for(path: Path) -> Reader:
    name = path.name.lower()
    for suffix in sorted(READERS, key=len, reverse=True):
        if name.endswith(suffix):
            return READERS[suffix]
    return read_text_file  # a file named explicitly, e.g. without suffix: try it as text


def discover(
    paths: Iterable[str | Path], *, suffixes: tuple[str, ...] = FOLDER_SUFFIXES
) -> list[Path]:
    """Files named by ``paths``: files as given, folders searched recursively (sorted).

    Raises InputError (DL100) when a path does not exist.
    """
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file() and not f.name.startswith(".") and f.name.lower().endswith(suffixes)
            )
            if not found:
                log.info("no %s files under %s", "/".join(suffixes), p)
            files.extend(found)
        elif p.exists():
            files.append(p)
        else:
            raise InputError(f"input not found: {p}", code="DL100")
    return files


def read_file(path: str | Path) -> Iterator[Item]:
    """Every document in one file; a file always yields at least one item.

    A reader that fails unexpectedly (a bug, a library choking on hostile bytes) ends its
    file with a Rejected ``DL101`` instead of ending the run; a file in which no document
    was found (e.g. a WARC of request records only) yields a Rejected ``DL102``.
    """
    p = Path(path)
    n = 0
    try:
        for item in reader_for(p)(p):
            n += 1
            yield item
    except (RecursionError, MemoryError, Exception) as e:  # noqa: B014 (explicit on purpose)
        log.exception("reader failed on %s", p)
        n += 1
        yield _reject(p, "DL101", f"reader failed: {type(e).__name__}: {e}"[:300])
    if n == 0:
        yield _reject(p, "DL102", "no document found in the file")


def read_paths(paths: Iterable[str | Path]) -> Iterator[Item]:
    """Every document under ``paths`` (files and folders), streamed in a stable order."""
    for f in discover(paths):
        yield from read_file(f)


def read_one(path: str | Path) -> Article:
    """The first document in ``path``; a missing, unreadable or empty file raises InputError."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"input file not found: {p}", code="DL100")
    if p.is_dir():
        raise InputError(f"{p} is a folder; give one file", code="DL103")
    for item in read_file(p):
        if isinstance(item, Rejected):
            raise InputError(f"{p}: {item.rejection.reason}", code=item.rejection.code)
        return item
    raise InputError(f"{p}: no document found", code="DL102")


# --- routing -------------------------------------------------------------------------------


def is_html(article: Article) -> bool:
    """Whether the Article's raw content is HTML (by format; JSONL records are sniffed)."""
    raw = article.raw
    if raw is None:
        return False
    if raw.format in ("html", "warc"):
        return True
    if raw.format == "jsonl":
        return looks_like_html(raw.content)
    return False


def stages_for(article: Article, stages: Iterable[str] | None = None) -> tuple[str, ...]:
    """The stage list for this Article: the page stage swapped by format.

    ``stages`` defaults to :data:`dateline.pipeline.DEFAULT_STAGES`; for HTML content
    ``dateline.textpage.v1`` is replaced by ``dateline.htmlpage.v1`` (and back for text).
    """
    if stages is None:
        from dateline.pipeline import DEFAULT_STAGES

        stages = DEFAULT_STAGES
    want, other = (HTMLPAGE, TEXTPAGE) if is_html(article) else (TEXTPAGE, HTMLPAGE)
    return tuple(want if s == other else s for s in stages)


_PIPELINES: dict[tuple[tuple[str, ...], str | None], Any] = {}


def pipeline_for(article: Article, *, timezone: str | None = None) -> Callable[[Article], Article]:
    """A (cached) default pipeline fit for this Article's format, optionally with a site zone.

    Usable directly as ``ingest(store, items, pipeline_for)``.
    """
    import dateline.pages.htmlpage  # noqa: F401  (registers dateline.htmlpage.v1)
    from dateline.pipeline import Pipeline

    names = stages_for(article)
    key = (names, timezone)
    if key not in _PIPELINES:
        config = {TEXTPAGE: {"timezone": timezone}, HTMLPAGE: {"timezone": timezone}}
        _PIPELINES[key] = Pipeline(
            stage_names=names, config={k: v for k, v in config.items() if k in names}
        )
    return _PIPELINES[key]  # type: ignore[no-any-return]


class Pipelines:
    """The routing of `dateline ingest`: HTML-bearing pages to the HTML stage, text pages to one
    pipeline per site time zone (built on first use)."""

    def __init__(self, settings: Settings, tz: str | None) -> None:
        self.settings = settings
        self.tz = tz
        self._cache: dict[str | None, Callable[[Article], Article]] = {}

    def zone_for(self, article: Article) -> str | None:
        return self.tz or self.settings.timezone_for(article.source)

    def __call__(self, article: Article) -> Callable[[Article], Article]:
        zone = self.zone_for(article)
        if is_html(article):
            # HTML (also from WARC and JSONL) goes through the HTML stage
            return pipeline_for(article, timezone=zone)
        if zone not in self._cache:
            self._cache[zone] = build_pipeline(zone)
        return self._cache[zone]


def build_pipeline(timezone: str | None = None) -> Callable[[Article], Article]:
    """The default pipeline; with ``timezone``, the text-page stage reads times in that zone."""
    from dateline.pipeline import Pipeline, default_pipeline

    if timezone is None:
        return default_pipeline()
    return Pipeline(config={TEXTPAGE: {"timezone": timezone}})
