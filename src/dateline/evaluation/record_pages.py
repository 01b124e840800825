"""The documents of ``dateline eval records``: pages and CAT XML, each with its document name.

Files ``dateline ingest`` reads (txt, html, jsonl, warc) go through its readers; CAT XML
documents (ECB+) become text pages (:func:`dateline.evaluation.clustering_eval.page_text`);
TimeML ``.tml`` documents (TimeBank, AQUAINT) become text pages of their ``<TEXT>`` (tags
stripped, the markup's line and paragraph breaks kept; :func:`dateline.evaluation.time_eval.read_tml`)
whose publication-date hint (``Article.published``, as the JSONL reader's ``"published"``) is
the document creation time (the TIMEX3 with ``functionInDocument="CREATION_TIME"``).
A document's name is its file name (ECB+: the ``doc_name``, e.g. ``8_1ecb.xml``; TimeML:
e.g. ``APW19980807.0261.tml``), a URL as it is, and for a JSONL line without ``"url"`` the
line's ``"id"``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dateline.errors import EvalDataError
from dateline.evaluation import clustering_eval as ecb
from dateline.evaluation.time_eval import read_tml
from dateline.pages import readers
from dateline.records import Article


@dataclass
class Pages:
    """The documents read from PATHS, with each article's document name(s)."""

    items: list[readers.Item] = field(default_factory=list)
    names: dict[str, list[str]] = field(default_factory=dict)  # article id -> document names

    def add(self, item: readers.Item, name: str) -> None:
        self.items.append(item)
        if isinstance(item, Article):
            names = self.names.setdefault(item.id, [])
            if name not in names:
                names.append(name)

    @property
    def doc_names(self) -> set[str]:
        return {n for names in self.names.values() for n in names}


def _jsonl_ids(path: Path) -> dict[int, str]:
    """``{line number: "id"}`` of a JSONL file's objects without a ``"url"``."""
    out: dict[int, str] = {}
    opener = readers._open_maybe_gzip(path)  # noqa: SLF001 (the reader's own opener)
    with opener as fh:
        for i, raw in enumerate(fh, 1):
            try:
                obj = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
                continue
            if isinstance(obj, dict) and not obj.get("url") and obj.get("id") is not None:
                out[i] = str(obj["id"])
    return out


def _name_of(item: readers.Item, path: Path, ids: Mapping[int, str]) -> str:
    uri = item.uri if isinstance(item, readers.Rejected) else (item.source or "")
    prefix = f"{path}:"
    if uri.startswith(prefix) and uri[len(prefix) :].isdigit():  # a JSONL line without url
        return ids.get(int(uri[len(prefix) :]), uri)
    return uri if "://" in uri else Path(uri).name


def _tml_item(f: Path) -> readers.Item:
    """A TimeML document as a text page with its DCT as the publication-date hint."""
    try:
        doc = read_tml(f)
    except EvalDataError as e:  # not well-formed, or no <TEXT>
        return readers._reject(f, "DL101", str(e))  # noqa: SLF001
    if not doc.text.strip():
        return readers._reject(f, "DL102", "the document has no tokens")  # noqa: SLF001
    published = doc.dct.isoformat() if doc.dct is not None else None
    return Article.from_raw(doc.text.strip("\n"), fmt="text", uri=str(f), published=published)


def read_pages(
    paths: Iterable[Path],
    *,
    topics: set[str] | None = None,
    names: set[str] | None = None,
    limit: int | None = None,
) -> Pages:
    """Every document under ``paths``: CAT XML as text pages (ECB+: only ``topics`` when
    given), TimeML as text pages dated by their DCT (from a folder, only the files whose
    name is in ``names`` when given), other files through ``dateline ingest``'s readers;
    at most ``limit``."""
    pages = Pages()
    cat: list[Path] = []
    tml: list[Path] = []
    other: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(p.rglob("*.tml"))
            tml += [f for f in found if names is None or f.name in names]
        elif p.suffix.lower() == ".tml":
            tml.append(p)
            continue
        xml = sorted(p.rglob("*.xml")) if p.is_dir() else [p] if p.suffix == ".xml" else []
        xml = [f for f in xml if ecb.is_cat_xml(f)]
        cat += xml
        if p.is_dir():
            other += readers.discover([p])
        elif not xml:
            other += readers.discover([p])  # raises InputError (DL100) when missing
    if topics:
        cat = [f for f in cat if ecb.topic_of(f.name) in topics or ecb.topic_of(f.name) is None]
    cat.sort(key=lambda f: (ecb._topic_key(f.parent.name), f.name))  # noqa: SLF001
    for f in cat:
        if limit is not None and len(pages.items) >= limit:
            return pages
        text = ecb.page_text(f)
        if text.strip():
            pages.add(Article.from_raw(text, fmt="text", uri=str(f)), f.name)
        else:
            pages.add(readers._reject(f, "DL102", "the document has no tokens"), f.name)  # noqa: SLF001
    for f in tml:
        if limit is not None and len(pages.items) >= limit:
            return pages
        pages.add(_tml_item(f), f.name)
    for f in other:
        ids = _jsonl_ids(f) if ".jsonl" in f.name.lower() else {}
        for item in readers.read_file(f):
            if limit is not None and len(pages.items) >= limit:
                return pages
            pages.add(item, _name_of(item, f, ids))
    return pages
