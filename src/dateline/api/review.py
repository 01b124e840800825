"""The review endpoints: an analyst accepts, rejects, corrects, merges or splits merged events.

``GET /api/review/event`` (the event of one report, its status, reports and audit history) and
``GET /api/review/log`` are always there (read-only).  The write endpoints
``POST /api/review/{accept,reject,correct,merge,split}`` exist only when the server has a
token, and every request needs ``Authorization: Bearer TOKEN`` and a JSON body
(:mod:`dateline.api.auth`).  An action names an event by one of its reports (``article_id``,
``idx``); see :mod:`dateline.store.review` for the audit table, the stable keys and how the
reviews are re-applied after a recompute.  Writes are serialised by the app's write lock.
"""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from dateline.api.auth import bearer, json_body
from dateline.api.connection import Con
from dateline.events import acled
from dateline.store import Store
from dateline.store import review as R

MAX_OTHERS = 100


class ReportRef(BaseModel):
    article_id: str = Field(min_length=1, max_length=64)
    idx: int = Field(ge=0, le=100_000)


class Action(ReportRef):
    """One review action on the event of report (``article_id``, ``idx``)."""

    analyst: str = Field(default="analyst", min_length=1, max_length=100)
    reason: str | None = Field(default=None, max_length=R.MAX_TEXT)


class Correction(Action):
    fields: dict[str, Any] = Field(
        description="corrected values: " + ", ".join(R.FIELDS), min_length=1, max_length=20
    )


class Regroup(Action):
    others: list[ReportRef] = Field(
        min_length=1,
        max_length=MAX_OTHERS,
        description="merge: reports of the events joined to this one; split: reports taken out",
    )


def read_router() -> APIRouter:
    """The read-only review endpoints."""
    router = APIRouter(prefix="/api/review", tags=["review"])

    @router.get("/event")
    def review_event(
        c: Con,
        article_id: Annotated[str, Query(max_length=64)],
        idx: Annotated[int, Query(ge=0)],
    ) -> dict[str, Any]:
        """The event report (``article_id``, ``idx``) belongs to, as reviewed: its values, the
        corrected fields, status, reports and audit history."""
        return R.view(c, (article_id, idx))

    @router.get("/fields")
    def review_fields() -> dict[str, Any]:
        """What the correction form offers: the correctable fields and ACLED's sub-event types
        with their event types."""
        return {"fields": list(R.FIELDS), "sub_event_types": dict(acled.SUB_EVENT_TYPES)}

    @router.get("/log")
    def review_log(
        c: Con, limit: Annotated[int, Query(ge=1, le=5000)] = 200
    ) -> list[dict[str, Any]]:
        """The latest audit rows (newest first): who, when, action, field, before, after, reason."""
        return R.history(c, None, limit=limit)[::-1]

    return router


def write_router(store: Store, token: str, write_lock: threading.Lock) -> APIRouter:
    """The review actions (only mounted with a token)."""
    router = APIRouter(
        prefix="/api/review",
        tags=["review"],
        dependencies=[Depends(bearer(token)), Depends(json_body)],
    )
    with write_lock:
        R.ensure_tables(store.con)

    def run(action: str, body: Action, **kw: Any) -> dict[str, Any]:
        with write_lock:
            cur = store.con.cursor()
            try:
                return R.act(
                    cur,
                    action,
                    (body.article_id, body.idx),
                    who=body.analyst,
                    reason=body.reason,
                    **kw,
                )
            finally:
                cur.close()

    @router.post("/accept")
    def accept(body: Action) -> dict[str, Any]:
        """Mark the event right as it stands."""
        return run("accept", body)

    @router.post("/reject")
    def reject(body: Action) -> dict[str, Any]:
        """Mark the event wrong: exports leave it out (unless asked for rejected events)."""
        return run("reject", body)

    @router.post("/correct")
    def correct(body: Correction) -> dict[str, Any]:
        """Correct fields of the event (one audit row per changed field)."""
        return run("correct", body, fields=body.fields)

    @router.post("/merge")
    def merge(body: Regroup) -> dict[str, Any]:
        """Join the events of ``others`` to this event."""
        return run("merge", body, others=[(o.article_id, o.idx) for o in body.others])

    @router.post("/split")
    def split(body: Regroup) -> dict[str, Any]:
        """Take the reports ``others`` out of this event into an event of their own."""
        return run("split", body, others=[(o.article_id, o.idx) for o in body.others])

    return router
