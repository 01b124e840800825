"""Reading WARC files record by record (``warcio``), for :mod:`dateline.pages.readers`.

A bad record — no ``WARC-Target-URI``, a header that does not parse, a payload cut
short — is one Rejected ``DL122`` with its byte offset in the reason, and reading goes on
at the next record found (the next gzip member, or the next ``WARC/1.x`` line).
"""

from __future__ import annotations

import email.utils
import logging
import re
import zlib
from collections import Counter
from collections.abc import Generator, Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

from dateline.pages.items import (
    MAX_BYTES,
    Item,
    Rejected,
    _html_item,
    _limits,
    _reject,
)
from dateline.pages.sniff import looks_like_html

log = logging.getLogger(__name__)


_HTML_TYPES = ("text/html", "application/xhtml+xml")
_SKIPPED_RECORD_TYPES = frozenset(
    {"warcinfo", "request", "metadata", "revisit", "conversion", "continuation"}
)


def read_warc(
    path: Path, *, max_bytes: int = MAX_BYTES, stats: Counter[str] | None = None
) -> Iterator[Item]:
    """Every HTML response record of a WARC file (``.warc`` or ``.warc.gz``), streamed.

    A non-HTML response is a Rejected ``DL120``. A bad record — no ``WARC-Target-URI``,
    a header that does not parse, a payload cut short — is one Rejected ``DL122`` with the
    record's byte offset in its reason, and reading goes on at the next record found (the
    next gzip member, or the next ``WARC/1.x`` line). A file that is not a WARC at all is
    one ``DL121``. Records that are not documents (request, metadata, warcinfo, revisit)
    are counted in ``stats`` (``skipped_<type>``) and not yielded.
    """
    counts: Counter[str] = stats if stats is not None else Counter()
    try:
        fh = path.open("rb")
    except OSError as e:
        yield _reject(path, "DL101", f"could not read: {e.strerror or e}")
        return
    gzipped = fh.read(2) == b"\x1f\x8b"
    state = {"n": 0}
    with fh:
        start: int | None = 0
        while start is not None:
            start = yield from _warc_run(path, fh, start, gzipped, max_bytes, counts, state)
    log.debug("%s: %d records, %s", path, state["n"], dict(counts))


def _warc_run(
    path: Path,
    fh: Any,
    start: int,
    gzipped: bool,
    max_bytes: int,
    counts: Counter[str],
    state: dict[str, int],
) -> Generator[Item, None, int | None]:
    """Records from ``start`` on; returns where to go on after a broken record (or None)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    fh.seek(start)
    archive = ArchiveIterator(fh)
    it = iter(archive)
    # warcio raises AttributeError/TypeError on some broken headers (e.g. no target URI)
    broken = (
        ArchiveLoadFailed,
        OSError,
        EOFError,
        zlib.error,
        ValueError,
        KeyError,
        IndexError,
        AttributeError,
        TypeError,
    )
    while True:
        where = f"{path}#record{state['n'] + 1}"
        try:
            record = next(it)
            offset = int(archive.offset)  # set by warcio once the previous record is read
        except StopIteration:
            trailing = _trailing_bytes(path, archive.offset)
            if trailing:
                # a gzip member cut short decompresses to nothing: warcio sees an end
                counts["malformed"] += 1
                yield _reject(
                    where,
                    "DL122",
                    f"record at offset {archive.offset}: {trailing} bytes could not be read"
                    " (truncated or malformed record)",
                )
            return None
        except broken as e:
            offset = int(archive.offset)
            nxt = _resync(fh, offset + 1, gzipped)
            counts["malformed"] += 1
            if state["n"] == 0 and nxt is None:
                yield _reject(where, "DL121", f"not a WARC file: {e}"[:300])
                return None
            what = _header_fault(fh, offset, gzipped) or f"broken record header ({e})"
            yield _reject(where, "DL122", f"record at offset {offset}: {what}"[:300])
            return nxt
        state["n"] += 1
        fault = _record_fault(record)
        if fault:
            counts["malformed"] += 1
            yield _reject(where, "DL122", f"record at offset {offset}: {fault}")
            continue
        declared = _declared_length(record)
        if gzipped and declared > max(max_bytes, _limits().max_decompressed_bytes) * 2:
            # skipping a compressed record means inflating it: a bomb is not read on
            counts["malformed"] += 1
            yield _reject(
                where,
                "DL104",
                f"record declares {declared} bytes (more than twice the limit of"
                f" {max_bytes}); the rest of the file is not read",
            )
            return None
        if record.format not in ("warc", "arc2warc"):
            counts["malformed"] += 1
            yield _reject(where, "DL121", f"not a WARC record (read as {record.format!r})")
            return None
        try:
            item = _warc_item(record, where, max_bytes, offset)
        except broken as e:
            counts["malformed"] += 1
            yield _reject(where, "DL122", f"record at offset {offset} could not be read: {e}"[:300])
            nxt = _resync(fh, offset + 1, gzipped)
            return nxt
        if item is None:
            counts[f"skipped_{record.rec_type}"] += 1
            continue
        if isinstance(item, Rejected) and item.rejection.code == "DL122":
            counts["malformed"] += 1
        else:
            counts["rejected" if isinstance(item, Rejected) else "html"] += 1
        yield item


def _record_fault(record: Any) -> str | None:
    """What is wrong with a record header warcio read without complaint (None when sound)."""
    headers = record.rec_headers
    length = headers.get_header("Content-Length")
    if not record.rec_type:
        return "broken record header (no WARC-Type)"
    if length is not None and not str(length).strip().isdigit():
        return f"broken record header (Content-Length {length!r})"
    return None


def _header_fault(fh: Any, offset: int, gzipped: bool) -> str | None:
    """Why warcio could not parse the record header at ``offset``, read from the raw bytes."""
    try:
        fh.seek(offset)
        data = fh.read(65536)
        if gzipped:
            data = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, 65536)
    except (OSError, zlib.error):
        return None
    head = data.split(b"\r\n\r\n", 1)[0].lower()
    if not head.startswith(b"warc/"):
        return None
    rec_type = re.search(rb"^warc-type:\s*(\S+)", head, re.M)
    if (
        rec_type
        and rec_type.group(1) in (b"response", b"resource")
        and not re.search(rb"^warc-target-uri:\s*\S", head, re.M)
    ):
        return f"{rec_type.group(1).decode()} record without a WARC-Target-URI"
    return None


#: bytes scanned at a time when looking for the next record after a broken one
_RESYNC_CHUNK = 1 << 20


def _resync(fh: Any, pos: int, gzipped: bool) -> int | None:
    """The offset of the next record start at or after ``pos`` (None at the end of the file).

    A compressed WARC has one gzip member a record: the next gzip header. An uncompressed
    one: the next ``WARC/1.`` version line at the start of a line.
    """
    marker = b"\x1f\x8b\x08" if gzipped else b"\nWARC/1."
    skip = 0 if gzipped else 1
    try:
        fh.seek(max(pos - skip, 0))
        base = fh.tell()
        carry = b""
        while True:
            chunk = fh.read(_RESYNC_CHUNK)
            if not chunk:
                return None
            buf = carry + chunk
            i = buf.find(marker)
            if i >= 0:
                return base - len(carry) + i + skip
            carry = buf[-(len(marker) - 1) :]
            base += len(chunk)
    except OSError:
        return None


def _declared_length(record: Any) -> int:
    try:
        return int(record.rec_headers.get_header("Content-Length") or 0)
    except (TypeError, ValueError):
        return 0


def _trailing_bytes(path: Path, offset: int) -> int:
    """Bytes of the file after ``offset`` that are not blank (0 when the archive ended cleanly)."""
    try:
        size = path.stat().st_size
        if size <= offset:
            return 0
        with path.open("rb") as fh:
            fh.seek(offset)
            rest = fh.read(4096)
    except OSError:
        return 0
    return size - offset if rest.strip(b"\r\n\x00 ") else 0


def _warc_item(record: Any, where: str, max_bytes: int, offset: int = 0) -> Item | None:
    rec_type = record.rec_type
    if rec_type in _SKIPPED_RECORD_TYPES or rec_type not in ("response", "resource"):
        return None
    headers = record.rec_headers
    uri = (headers.get_header("WARC-Target-URI") or "").strip()
    if not uri:
        return _reject(
            where, "DL122", f"record at offset {offset}: {rec_type} without a WARC-Target-URI"
        )
    fetched_at = headers.get_header("WARC-Date")
    content_type = ""
    last_modified = None
    if record.http_headers is not None:
        content_type = record.http_headers.get_header("Content-Type") or ""
        last_modified = http_date(record.http_headers.get_header("Last-Modified"))
        status = record.http_headers.get_statuscode()
        if status and not status.startswith("2"):
            return _reject(uri, "DL120", f"HTTP status {status}, not a page")
    elif rec_type == "resource":
        content_type = headers.get_header("Content-Type") or ""
    if rec_type == "response" and record.http_headers is None:
        return _reject(uri, "DL121", "response record without HTTP headers")
    stream = record.content_stream()
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        return _reject(uri, "DL104", f"record payload is more than {max_bytes} bytes")
    remaining = getattr(record.raw_stream, "limit", 0)
    if remaining and remaining > 0:
        return _reject(
            uri,
            "DL122",
            f"record at offset {offset}: payload truncated ({remaining} bytes missing)",
        )
    mime = content_type.split(";")[0].strip().lower()
    if mime and mime not in _HTML_TYPES:
        return _reject(uri, "DL120", f"content type {mime!r} is not HTML")
    if not mime:
        text_head = data[:2048].decode("latin-1")
        if not looks_like_html(text_head):
            return _reject(uri, "DL120", "no content type and the payload is not HTML")
    return next(
        _html_item(
            data,
            uri=uri,
            fmt="warc",
            fetched_at=fetched_at,
            content_type=content_type,
            last_modified=last_modified,
        )
    )


def http_date(value: str | None) -> str | None:
    """An HTTP date (RFC 9110: ``Sun, 11 Dec 2016 08:30:00 GMT``) as ISO 8601 UTC, or None
    when it is missing or malformed (a bad header is not a reason to reject the page)."""
    if not value:
        return None
    try:
        dt = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).isoformat(timespec="seconds")
