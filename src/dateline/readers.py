"""Readers: turn files and folders into a stream of :class:`Article` (or :class:`Rejected`).

Every reader is a generator ``reader(path) -> Iterator[Article | Rejected]`` so that
container formats (a WARC file, a JSONL dump) can stream many documents from one path
without loading it whole. Only plain-text pages are read now; a reader for another
format is added by writing the generator and registering its suffixes in ``READERS``.

A document that cannot be read (undecodable, empty, too large, unsupported format)
is not an exception: it is yielded as :class:`Rejected`, carrying a
:class:`~dateline.records.Rejection` with an error code from :mod:`dateline.errors`,
so that a bulk ingest records it and carries on. A path given by the user that does
not exist *is* an error (:class:`~dateline.errors.InputError`, ``DL100``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dateline.errors import InputError
from dateline.records import Article, Rejection, content_hash

log = logging.getLogger(__name__)

#: pages larger than this are rejected (DL104) rather than analysed
MAX_BYTES = 5_000_000

STAGE = "read"


@dataclass(frozen=True)
class Rejected:
    """A document (or a path) that could not be turned into an Article."""

    uri: str
    rejection: Rejection
    content_hash: str | None = None


Item = Article | Rejected
Reader = Callable[[Path], Iterator[Item]]


def _reject(path: Path, code: str, reason: str, digest: str | None = None) -> Rejected:
    return Rejected(
        uri=str(path),
        rejection=Rejection(code=code, reason=reason, stage=STAGE),
        content_hash=digest,
    )


def decode(data: bytes) -> str:
    """Decode a page: UTF-8 (with or without BOM), else Windows-1252 when it decodes cleanly."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252")  # raises UnicodeDecodeError on the five undefined bytes
    log.debug("decoded as cp1252 (not valid UTF-8)")
    return text


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


def _unsupported(path: Path) -> Iterator[Item]:
    yield _reject(path, "DL103", f"format of {path.name!r} is not supported yet")


#: readers by file suffix (lower case; the longest matching suffix wins)
READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".text": read_text_file,
    ".html": _unsupported,
    ".htm": _unsupported,
    ".warc": _unsupported,
    ".warc.gz": _unsupported,
    ".jsonl": _unsupported,
    ".jsonl.gz": _unsupported,
}

#: suffixes picked up when a folder is read (files given by name are always tried)
FOLDER_SUFFIXES: tuple[str, ...] = (".txt",)


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
    """Every document in one file."""
    p = Path(path)
    yield from reader_for(p)(p)


def read_paths(paths: Iterable[str | Path]) -> Iterator[Item]:
    """Every document under ``paths`` (files and folders), streamed in a stable order."""
    for f in discover(paths):
        yield from read_file(f)


def read_one(path: str | Path) -> Article:
    """The single document in ``path``; a missing, unreadable or empty file raises InputError."""
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
