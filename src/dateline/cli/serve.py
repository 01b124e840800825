"""``dateline serve``: the REST API and the web page over a database (uvicorn).

Mount in ``dateline.cli.main`` with::

    from dateline.cli.serve import serve
    app.command()(serve)
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Annotated

import typer

log = logging.getLogger(__name__)

WILDCARD_HOSTS = ("0.0.0.0", "::", "")


def allowed_hosts_for(host: str) -> list[str]:
    """Host header values to accept when bound to ``host`` (any, when bound to all interfaces)."""
    if host in WILDCARD_HOSTS:
        return ["*"]
    local = ["127.0.0.1", "localhost", "[::1]", "::1"]
    return local if host in local else [*local, host]


def serve(
    db: Annotated[
        Path, typer.Option("--db", help="DuckDB database to serve.", envvar="DATELINE_DB")
    ] = Path("dateline.duckdb"),
    host: Annotated[
        str, typer.Option("--host", help="Interface to bind (default: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535)] = 8765,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            help="Enable POST /api/ingest for clients sending 'Authorization: Bearer TOKEN'"
            " (or set DATELINE_TOKEN). Opens the database for writing.",
            envvar="DATELINE_TOKEN",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the REST API (OpenAPI at /openapi.json) and the web page (map, timeline) at /."""
    import uvicorn

    from dateline.api import create_app
    from dateline.errors import DatelineError

    try:
        api = create_app(db, token=token or None, allowed_hosts=allowed_hosts_for(host))
    except DatelineError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from e
    if host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("serving on %s: reachable from other machines", host)
    typer.echo(
        f"dateline: serving {db} at http://{host}:{port}/ (OpenAPI at /openapi.json)"
        + (", ingest enabled" if token else ", read-only"),
        err=True,
    )
    uvicorn.run(
        api,
        host=host,
        port=port,
        log_level=os.environ.get("DATELINE_LOG_LEVEL", "warning").lower(),
        access_log=False,
    )


if __name__ == "__main__":  # python -m dateline.cli.serve
    typer.run(serve)
