"""``POST /api/ingest``: pages sent to a running server, analysed and stored by it.

DuckDB allows one writer per database file, so while ``dateline serve`` holds a database
the server is its writer: ``dateline ingest`` into the same file sends its pages here
(:mod:`dateline.cli.forward`).  The endpoint is a thin layer over what ``dateline ingest``
runs itself: the documents become reader items (:func:`dateline.pages.readers.document_item`,
the fields of the JSONL reader), :func:`dateline.store.ingest.ingest` analyses and stores
them with the same routing (:class:`dateline.pages.readers.Pipelines`), and the corpus tables
are updated for the stored articles (:func:`dateline.corpus.tables.update`).  Writes are
serialised by the app's write lock; read requests go on meanwhile on their own cursors.

Every request needs ``Authorization: Bearer TOKEN`` (compared in constant time) and a JSON
body (:mod:`dateline.api.auth`).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Literal

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel, Field, model_validator

from dateline.api.auth import bearer, json_body
from dateline.errors import CATALOGUE, InputError
from dateline.records import Article, Rejection
from dateline.store import Store
from dateline.store.ingest import PipelineFor

#: most documents in one request (a client sends larger sets in batches)
MAX_DOCUMENTS = 100


class ReaderRejection(BaseModel):
    """A document the client's reader could not read (it is recorded, not analysed)."""

    code: str = Field(pattern=r"^DL\d{3}$")
    reason: str = Field(max_length=2000)


class IngestDoc(BaseModel):
    """One page, with the fields of the JSONL reader (``uri``, ``text`` or ``html``,
    ``published``), optionally the reader's ``format``/``fetched_at``/``encoding``, or the
    reader's ``rejected`` record.  ``content`` is plain text (the older form of ``text``)."""

    uri: str | None = Field(default=None, max_length=2000)
    text: str | None = None
    html: str | None = None
    content: str | None = Field(default=None, description="plain text (format 'text')")
    published: str | None = Field(default=None, max_length=100)
    format: Literal["text", "html", "warc", "jsonl"] | None = None
    fetched_at: str | None = Field(default=None, max_length=100)
    encoding: str | None = Field(default=None, max_length=64)
    rejected: ReaderRejection | None = None
    content_hash: str | None = Field(default=None, max_length=64)

    @model_validator(mode="after")
    def one_body(self) -> IngestDoc:
        given = [k for k in ("text", "html", "content", "rejected") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError('give exactly one of "text", "html", "content" or "rejected"')
        return self


class IngestRequest(BaseModel):
    documents: list[IngestDoc] = Field(min_length=1, max_length=MAX_DOCUMENTS)
    timezone: str | None = Field(default=None, max_length=64)
    paths: list[str] = Field(
        default_factory=list, max_length=100, description="what the client read (for the run)"
    )


def item_of(doc: IngestDoc, where: str) -> Any:
    """The reader item (Article or Rejected) of one request document."""
    from dateline.pages import readers

    if doc.rejected is not None:
        code = doc.rejected.code if doc.rejected.code in CATALOGUE else "DL101"
        return readers.Rejected(
            uri=doc.uri or where,
            rejection=Rejection(code=code, reason=doc.rejected.reason, stage=readers.STAGE),
            content_hash=doc.content_hash,
        )
    fields: dict[str, Any] = {"url": doc.uri, "published": doc.published}
    if doc.content is not None:
        fields["text"], fmt = doc.content, doc.format or "text"
    else:
        fields |= {"text": doc.text, "html": doc.html}
        fmt = doc.format or "jsonl"
    return readers.document_item(fields, where, doc.fetched_at, fmt=fmt, encoding=doc.encoding)


def add_ingest(
    app: FastAPI,
    store: Store,
    token: str,
    write_lock: threading.Lock,
    pipeline_for: PipelineFor | None = None,
) -> None:
    """Mount ``POST /api/ingest`` on ``app`` (writing through ``store`` under ``write_lock``).

    ``pipeline_for`` picks a page's pipeline (default: the routing of ``dateline ingest``,
    with the site time zones of the settings, or every page in the request's time zone).
    """
    routings: dict[str | None, PipelineFor] = {}
    authorised = bearer(token)

    def routing(zone: str | None) -> PipelineFor:
        if pipeline_for is not None:
            return pipeline_for
        if zone not in routings:
            from dateline.config import load_settings
            from dateline.pages.readers import Pipelines

            routings[zone] = Pipelines(load_settings(db_path=Path(store.path)), zone)
        return routings[zone]

    @app.post(
        "/api/ingest", tags=["ingest"], dependencies=[Depends(authorised), Depends(json_body)]
    )
    def ingest(body: IngestRequest) -> dict[str, Any]:
        """Analyse and store pages as ``dateline ingest`` does (a page already stored is left
        as it is), then update the corpus tables; returns the counts and each page's outcome."""
        from dateline.config import valid_timezone
        from dateline.corpus import tables
        from dateline.pages.readers import MAX_BYTES, Rejected
        from dateline.pipeline import DEFAULT_STAGES
        from dateline.store.ingest import ingest as run_ingest

        if body.timezone is not None and not valid_timezone(body.timezone):
            raise InputError(f"unknown time zone {body.timezone!r}")
        for doc in body.documents:
            body_text = doc.text or doc.html or doc.content or ""
            if len(body_text.encode("utf-8")) > MAX_BYTES:
                raise HTTPException(413, f"a document is larger than {MAX_BYTES} bytes")
        items = [item_of(doc, f"document {i}") for i, doc in enumerate(body.documents)]
        outcomes: list[dict[str, Any]] = []

        def seen(item: Article | Rejected, outcome: str) -> None:
            rej: Rejection | None = item.rejection
            uri: str | None
            aid: str | None
            if isinstance(item, Rejected):
                uri, aid = item.uri, item.content_hash
            else:
                uri, aid = item.source, item.id
            outcomes.append(
                {
                    "id": aid,
                    "uri": uri,
                    "outcome": outcome,
                    "rejection": rej.model_dump() if rej is not None else None,
                }
            )

        with write_lock:
            result = run_ingest(
                store,
                items,
                routing(body.timezone),
                paths=body.paths or ["POST /api/ingest"],
                stages=DEFAULT_STAGES,
                on_result=seen,
            )
            corpus = tables.update(store, result.stored_ids) if result.stored else {}
        return {
            "run_id": result.run_id,
            "stored": result.stored,
            "duplicate": result.duplicate,
            "rejected": result.rejected,
            "rejections": [
                {"uri": uri, "code": code, "reason": reason}
                for uri, code, reason in result.rejections
            ],
            "results": outcomes,
            "corpus": corpus,
        }
