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
  :mod:`dateline.warcread`), a file that is not a WARC with ``DL121``; request/metadata/warcinfo records are not
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

import codecs
import gzip
import io
import json
import logging
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dateline.errors import InputError
from dateline.records import Article, RawInput, Rejection, content_hash

log = logging.getLogger(__name__)

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


# --- decoding ------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """Decode a page: UTF-8 (with or without BOM), else Windows-1252 when it decodes cleanly."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252")  # raises UnicodeDecodeError on the five undefined bytes
    log.debug("decoded as cp1252 (not valid UTF-8)")
    return text


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)|"""
    rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""",
    re.I,
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:\-]+)", re.I)
#: four or more non-ASCII letters in a row: mojibake when read as Windows-1252
_MOJIBAKE = re.compile(r"[^\x00-\x7f\W\d_]{4,}")


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset a page declares: HTTP ``Content-Type`` first, else ``<meta>`` / XML decl."""
    if content_type:
        m = _HEADER_CHARSET.search(content_type)
        if m and _codec(m.group(1)):
            return _codec(m.group(1))
    m2 = _META_CHARSET.search(data[:8192])
    if m2:
        name = (m2.group(1) or m2.group(2) or b"").decode("ascii", "replace")
        return _codec(name)
    return None


_WIDE = ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be")


def sniff_wide(data: bytes) -> str | None:
    """UTF-16 or UTF-32 (LE/BE) without a byte-order mark, by the pattern of NUL bytes.

    Markup is mostly ASCII: in UTF-32LE three bytes of every four are NUL after the
    character, in UTF-16BE one of two before it, and so on. The pattern is read on the
    first 4 KiB; the guess must decode and read as markup. When the pattern is unclear
    (much non-Latin text) ``charset-normalizer`` is asked, when installed.
    """
    head = data[:4096]
    head = head[: len(head) - len(head) % 4]
    if len(head) < 8 or b"\x00" not in head:
        return None
    n = len(head) // 4
    zeros = [sum(1 for i in range(k, len(head), 4) if head[i] == 0) / n for k in range(4)]
    guesses: list[str] = []
    if zeros[1] > 0.6 and zeros[2] > 0.6 and zeros[3] > 0.6 and zeros[0] < 0.4:
        guesses.append("utf-32-le")
    if zeros[0] > 0.6 and zeros[1] > 0.6 and zeros[2] > 0.6 and zeros[3] < 0.4:
        guesses.append("utf-32-be")
    odd, even = (zeros[1] + zeros[3]) / 2, (zeros[0] + zeros[2]) / 2
    if odd > 0.4 and even < 0.2:
        guesses.append("utf-16-le")
    if even > 0.4 and odd < 0.2:
        guesses.append("utf-16-be")
    for enc in guesses:
        if _reads_as_markup(data, enc):
            return enc
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a dependency of the project's readers
        return None
    best = from_bytes(data[:65536]).best()
    enc = (_codec(best.encoding) or "") if best is not None else ""
    if enc.startswith(("utf-16", "utf-32")):
        for wide in _WIDE:
            if wide.startswith(enc[:6]) and _reads_as_markup(data, wide):
                return wide
    return None


def _reads_as_markup(data: bytes, enc: str) -> bool:
    unit = 4 if "32" in enc else 2
    try:
        text = data[: len(data) - len(data) % unit].decode(enc)
    except UnicodeDecodeError:
        return False
    return "\x00" not in text[:4096] and looks_like_html(text)


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode an HTML page whose declared charset may be wrong; returns (text, encoding).

    Order: byte-order mark; UTF-16/UTF-32 without a mark (:func:`sniff_wide`); valid
    UTF-8 (a page that decodes as UTF-8 is UTF-8 whatever it says); the declared charset
    when the bytes decode with it; Windows-1252 when that reads as Western text; else the
    best guess of ``charset-normalizer``.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", "")
            except UnicodeDecodeError:
                break
    wide = sniff_wide(data) if b"\x00" in data[:4096] else None
    if wide is not None:
        unit = 4 if "32" in wide else 2
        return data[: len(data) - len(data) % unit].decode(wide), wide
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data, content_type)
    if declared and declared not in ("utf-8", "ascii"):
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            log.debug("declared charset %s does not decode the page", declared)
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if text and not _MOJIBAKE.search(text):
        return text, "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return str(best), _codec(best.encoding) or best.encoding
    return data.decode("utf-8", errors="replace"), "utf-8"


def looks_like_html(content: str) -> bool:
    """True when ``content`` is markup (a tag of a page's structure near its start)."""
    head = content[:4096].lower()
    return bool(
        re.search(r"<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title>", head)
        or len(re.findall(r"</?(?:p|div|br|span|a|article|section|h[1-6])[\s/>]", head)) >= 3
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
) -> Article:
    raw = RawInput(
        content=content,
        format=fmt,  # type: ignore[arg-type]
        uri=uri,
        fetched_at=fetched_at,
        encoding=encoding,
    )
    art = Article(id=content_hash(content), source=uri, site=site_of(uri), raw=raw)
    if published:
        art.published = published  # a hint from the source; the page stage reads it first
    return art


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


def _html_item(
    data: bytes,
    *,
    uri: str,
    fmt: str,
    fetched_at: str | None = None,
    content_type: str | None = None,
    published: str | None = None,
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
        content, fmt=fmt, uri=uri, fetched_at=fetched_at, encoding=encoding, published=published
    )


# --- WARC ----------------------------------------------------------------------------------


def read_warc(
    path: Path, *, max_bytes: int = MAX_BYTES, stats: Counter[str] | None = None
) -> Iterator[Item]:
    """Every HTML response record of a WARC file (see :func:`dateline.warcread.read_warc`)."""
    from dateline.warcread import read_warc as _read_warc

    return _read_warc(path, max_bytes=max_bytes, stats=stats)


def _limits() -> Any:
    from dateline import limits

    return limits.current()


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
    url = obj.get("url")
    uri = url if isinstance(url, str) and url else where
    published = obj.get("published")
    published = published if isinstance(published, str) and published.strip() else None
    html, text = obj.get("html"), obj.get("text")
    if isinstance(html, str) and html.strip():
        return _article(html, fmt="jsonl", uri=uri, fetched_at=fetched, published=published)
    if isinstance(text, str) and text.strip():
        content = text.replace("\r\n", "\n").replace("\r", "\n")
        return _article(content, fmt="jsonl", uri=uri, fetched_at=fetched, published=published)
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
    import dateline.stages.htmlpage  # noqa: F401  (registers dateline.htmlpage.v1)
    from dateline.pipeline import Pipeline

    names = stages_for(article)
    key = (names, timezone)
    if key not in _PIPELINES:
        config = {TEXTPAGE: {"timezone": timezone}, HTMLPAGE: {"timezone": timezone}}
        _PIPELINES[key] = Pipeline(
            stage_names=names, config={k: v for k, v in config.items() if k in names}
        )
    return _PIPELINES[key]  # type: ignore[no-any-return]
