"""The per-request DuckDB cursor every endpoint reads through (the read and review routers)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Request

from dateline.store import Store


def get_con(request: Request) -> Iterator[Any]:
    """A DuckDB cursor of the app's store for one request (cursors may run in parallel)."""
    store: Store = request.app.state.store
    cur = store.con.cursor()
    try:
        yield cur
    finally:
        cur.close()


Con = Annotated[Any, Depends(get_con)]
