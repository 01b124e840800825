"""dateline's REST API (FastAPI) and the web page it serves at ``/``.

Read-only unless a token is configured: then ``POST /api/ingest`` accepts pages and
``POST /api/review/*`` an analyst's reviews from a client that sends ``Authorization: Bearer
TOKEN`` (compared in constant time) with a JSON body (:mod:`dateline.api.auth`). The database is opened
once (read-only without a token, so other processes may read it too); each request gets its
own DuckDB cursor, and writes are serialised by a lock. All SQL takes values as parameters.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import zipfile
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dateline import __version__
from dateline.api import review as review_api
from dateline.api.connection import Con
from dateline.api.ingest import add_ingest
from dateline.errors import DatelineError, InputError, NotFound
from dateline.store import Store, browse
from dateline.store import export as EX
from dateline.store import queries as Q
from dateline.store.ingest import PipelineFor

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"
MAX_LIMIT = 5000
#: largest request body accepted (bytes); pages above the reader's limit are refused anyway
MAX_BODY = 6_000_000
LOCAL_HOSTS = ["127.0.0.1", "localhost", "[::1]", "::1"]

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


class BodyLimit:
    """Refuse request bodies larger than ``max_body`` bytes (413), declared or streamed."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for k, v in scope.get("headers", []):
            if k == b"content-length":
                try:
                    declared = int(v)
                except ValueError:
                    declared = self.max_body + 1
                if declared > self.max_body:
                    await _too_large(send, self.max_body)
                    return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.max_body:
                    raise _BodyTooLarge
            return msg

        try:
            await self.app(scope, limited, send)
        except _BodyTooLarge:
            await _too_large(send, self.max_body)


class _BodyTooLarge(BaseException):  # noqa: N818
    """Raised from ``receive``; a BaseException so that the body parser of FastAPI (which
    turns any Exception into a 400) lets it through to :class:`BodyLimit` (413)."""


async def _too_large(send: Send, limit: int) -> None:
    resp = JSONResponse({"detail": f"request body larger than {limit} bytes"}, status_code=413)
    await resp({"type": "http"}, _noop_receive, send)


async def _noop_receive() -> Message:
    return {"type": "http.disconnect"}


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")

        async def wrapped(msg: Message) -> None:
            if msg["type"] == "http.response.start":
                headers = list(msg.get("headers", []))
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                # the interactive docs load their own inline script; everything else is strict
                if not path.startswith(("/docs", "/redoc")):
                    headers.append((b"content-security-policy", CSP.encode()))
                msg["headers"] = headers
            await send(msg)

        await self.app(scope, receive, wrapped)


class Page(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]


class Optional(BaseModel):
    available: bool = Field(description="whether the table exists in this database")
    table: str | None = None
    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]


Limit = Annotated[int, Query(ge=0, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0)]
Text = Annotated[str | None, Query(max_length=200)]


def event_filter(
    place: Text = None,
    geonameid: int | None = None,
    bbox: Annotated[
        str | None, Query(max_length=100, description="min_lon,min_lat,max_lon,max_lat")
    ] = None,
    actor: Text = None,
    type: Annotated[
        str | None, Query(max_length=100, description="event type or PLOVER category")
    ] = None,
    sub_type: Annotated[str | None, Query(max_length=100)] = None,
    since: Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD")] = None,
    until: Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD")] = None,
    article_id: Annotated[str | None, Query(max_length=64)] = None,
    background: bool | None = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    include_rejected: Annotated[
        bool, Query(description="keep the events an analyst rejected (left out by default)")
    ] = False,
) -> Q.EventFilter:
    return Q.EventFilter(
        place=place,
        geonameid=geonameid,
        bbox=Q.parse_bbox(bbox),
        actor=actor,
        type=type,
        sub_type=sub_type,
        since=Q.check_date(since),
        until=Q.check_date(until),
        article_id=article_id,
        background=background,
        min_confidence=min_confidence,
        include_rejected=include_rejected,
    )


Filter = Annotated[Q.EventFilter, Depends(event_filter)]


def create_app(
    db_path: str | Path,
    *,
    token: str | None = None,
    allowed_hosts: list[str] | None = None,
    max_body: int = MAX_BODY,
    pipeline_for: PipelineFor | None = None,
) -> FastAPI:
    """The API over the database at ``db_path``, with the web page at ``/``.

    ``token`` enables ``POST /api/ingest`` (and opens the database for writing);
    ``allowed_hosts`` are the Host header values accepted (default: local names only, which
    also guards against DNS rebinding; ``["*"]`` accepts any); ``pipeline_for`` picks the
    pipeline for an ingested page (default: the routing of ``dateline ingest``).
    """
    writable = bool(token)
    store = Store.open(db_path, read_only=not writable)
    write_lock = threading.Lock()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="dateline",
        version=__version__,
        description="Events, places, quotes and articles recovered from news pages.",
        lifespan=lifespan,
        # Swagger UI / ReDoc load their scripts from a CDN: off, as the page must work offline
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store

    @app.exception_handler(DatelineError)
    async def dateline_error(_: Request, exc: DatelineError) -> JSONResponse:
        status = 404 if isinstance(exc, NotFound) else 400 if isinstance(exc, InputError) else 500
        if status == 500:
            log.error("%s", exc)
        return JSONResponse({"detail": str(exc), "code": exc.code}, status_code=status)

    # --- meta ---------------------------------------------------------------------------
    @app.get("/api/health", tags=["meta"])
    def health(c: Con) -> dict[str, Any]:
        return {
            "status": "ok",
            "version": __version__,
            "articles": int(Q.one(c, "SELECT count(*) FROM articles")),
            "ingest": writable,
            "review": writable,
        }

    @app.get("/api/stats", tags=["meta"])
    def stats(c: Con) -> dict[str, Any]:
        out = Store(c, store.path, read_only=True).stats()
        out.pop("path", None)
        return out

    # --- articles -----------------------------------------------------------------------
    @app.get("/api/articles", response_model=Page, tags=["articles"])
    def list_articles(c: Con, q: Text = None, limit: Limit = 50, offset: Offset = 0) -> Page:
        """Stored articles, newest first; ``q`` searches headline and text (substring)."""
        total, items = browse.articles(c, q, limit=limit, offset=offset)
        return Page(total=total, limit=limit, offset=offset, items=items)

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def get_article(
        c: Con,
        article_id: str,
        raw: bool = False,
    ) -> dict[str, Any]:
        """One article with its clean text and every span (mentions, quotes, times, places, events)."""
        article = Store(c, store.path, read_only=True).get_article(article_id)
        out = article.to_json_dict()
        if not raw:
            out.pop("raw", None)
        return out

    # --- events -------------------------------------------------------------------------
    @app.get("/api/events", response_model=Page, tags=["events"])
    def list_events(c: Con, f: Filter, limit: Limit = 100, offset: Offset = 0) -> Page:
        """Events in ACLED's columns with their evidence, filtered, oldest first, with the total.
        A report of an event the analysts reviewed carries the corrected values, ``reviewed``
        true and ``review_status`` (their verdict); the filters match the corrected values;
        rejected events are left out unless ``include_rejected``."""
        total, items = Q.events(c, f, limit=limit, offset=offset)
        return Page(total=total, limit=limit, offset=offset, items=items)

    @app.get("/api/events/histogram", tags=["events"])
    def events_histogram(c: Con, f: Filter) -> list[dict[str, Any]]:
        """Number of events per event date (for the timeline), of the events ``/api/events``
        lists with the same filters."""
        return Q.event_histogram(c, f)

    @app.get("/api/events/facets", tags=["events"])
    def events_facets(
        c: Con, top: Annotated[int, Query(ge=1, le=1000)] = 100, include_rejected: bool = False
    ) -> dict[str, Any]:
        """Event types, sub-types and the most frequent actors, with counts; the date span (of
        the events as reviewed, rejected ones only with ``include_rejected``)."""
        return Q.event_facets(c, top=top, include_rejected=include_rejected)

    # --- places, quotes -----------------------------------------------------------------
    @app.get("/api/places", response_model=Page, tags=["places"])
    def list_places(
        c: Con, q: Text = None, country: Text = None, limit: Limit = 100, offset: Offset = 0
    ) -> Page:
        """Geocoded places with their number of mentions, articles and events."""
        total, items = browse.places(c, q=q, country=country, limit=limit, offset=offset)
        return Page(total=total, limit=limit, offset=offset, items=items)

    @app.get("/api/places/{geonameid}", tags=["places"])
    def get_place(c: Con, geonameid: int) -> dict[str, Any]:
        """One place: where it is, the articles that name it, its events and control timeline."""
        info = browse.place(c, geonameid)
        if info is None:
            raise NotFound(f"no place with geonameid {geonameid}")
        _, info["events"] = Q.events(
            c, Q.EventFilter(geonameid=geonameid), limit=MAX_LIMIT, offset=0
        )
        table, total, items = Q.control_timeline(
            c, place=None, geonameid=geonameid, actor=None, limit=MAX_LIMIT, offset=0
        )
        if table is not None and total == 0 and info.get("name"):
            table, total, items = Q.control_timeline(
                c, place=info["name"], geonameid=None, actor=None, limit=MAX_LIMIT, offset=0
            )
        info["control"] = items
        info["control_available"] = table is not None
        return info

    @app.get("/api/quotes", response_model=Page, tags=["quotes"])
    def list_quotes(
        c: Con,
        speaker: Text = None,
        article_id: Annotated[str | None, Query(max_length=64)] = None,
        q: Text = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Page:
        """Quotes, by speaker (substring of the resolved name or the speaker's words)."""
        total, items = browse.quotes(
            c, speaker=speaker, article_id=article_id, q=q, limit=limit, offset=offset
        )
        return Page(total=total, limit=limit, offset=offset, items=items)

    @app.get("/api/speakers", tags=["quotes"])
    def list_speakers(c: Con, limit: Limit = 100) -> list[dict[str, Any]]:
        return browse.speakers(c, limit=limit)

    # --- corpus tables (optional) -------------------------------------------------------
    @app.get("/api/control", response_model=Optional, tags=["corpus"])
    def control(
        c: Con,
        place: Text = None,
        geonameid: int | None = None,
        actor: Text = None,
        limit: Limit = 500,
        offset: Offset = 0,
    ) -> Optional:
        """Who controlled a place when; empty (``available: false``) when not computed."""
        table, total, items = Q.control_timeline(
            c, place=place, geonameid=geonameid, actor=actor, limit=limit, offset=offset
        )
        return Optional(
            available=table is not None,
            table=table,
            total=total,
            limit=limit,
            offset=offset,
            items=items,
        )

    @app.get("/api/clusters", response_model=Optional, tags=["corpus"])
    def story_clusters(
        c: Con,
        article_id: Annotated[str | None, Query(max_length=64)] = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Optional:
        """Story clusters (articles telling the same story); empty when not computed."""
        table, total, items = Q.clusters(c, article_id=article_id, limit=limit, offset=offset)
        return Optional(
            available=table is not None,
            table=table,
            total=total,
            limit=limit,
            offset=offset,
            items=items,
        )

    # --- exports ------------------------------------------------------------------------
    @app.get("/api/export", tags=["export"])
    def export_events(
        f: Filter,
        format: Literal["geojson", "parquet", "acled-csv", "jsonl"],
        per_report: bool = False,
    ) -> Response:
        """The events matching the filters as ``geojson`` or ``acled-csv`` (one record per
        merged event, or per report with ``per_report``), ``jsonl`` (their articles) or
        ``parquet`` (a zip of one Parquet file per table); see :mod:`dateline.store.export`.
        Reviewed events carry their corrected values; rejected ones are left out unless
        ``include_rejected``."""
        name = EX.FILE_NAMES[format]
        if format == "parquet":
            return _parquet_zip(store, f, name)
        cur = store.con.cursor()
        try:  # errors before the first piece (jsonl: its query) are still an error response
            pieces = EX.text_chunks(
                cur,
                format,
                f,
                EX.Counts(),
                per_report=per_report,
            )
            first = next(pieces, "")
        except BaseException:
            cur.close()
            raise

        def stream() -> Iterator[bytes]:
            try:
                yield first.encode("utf-8")
                for piece in pieces:
                    yield piece.encode("utf-8")
            finally:
                cur.close()

        return StreamingResponse(
            stream(),
            media_type=EX.MEDIA_TYPES[format],
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    # --- ingest and review actions (only with a token; see dateline.api.ingest, .review) -
    app.include_router(review_api.read_router())
    if token:
        add_ingest(app, store, token, write_lock, pipeline_for)
        app.include_router(review_api.write_router(store, token, write_lock))

    # --- the page -----------------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    hosts = allowed_hosts if allowed_hosts is not None else LOCAL_HOSTS
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_body=max_body)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)
    return app


def _parquet_zip(store: Store, f: Q.EventFilter, name: str) -> FileResponse:
    """The Parquet files of the export in a zip (a temporary file, removed once sent)."""
    tmp = Path(tempfile.mkdtemp(prefix="dateline-export-"))
    try:
        cur = store.con.cursor()
        try:
            EX.write_parquet(cur, f, tmp / "parquet")
        finally:
            cur.close()
        archive = tmp / name
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
            for p in sorted((tmp / "parquet").glob("*.parquet")):
                z.write(p, p.name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return FileResponse(
        archive,
        media_type=EX.MEDIA_TYPES["parquet"],
        filename=name,
        background=BackgroundTask(shutil.rmtree, tmp, ignore_errors=True),
    )
