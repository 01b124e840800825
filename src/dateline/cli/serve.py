"""``dateline serve``: the REST API and the web page over a database (uvicorn).

Mount in ``dateline.cli.main`` with::

    from dateline.cli.serve import serve
    app.command()(serve)
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import signal
import socket
import sys
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
            help="Token for POST /api/ingest and the web page's review actions"
            " ('Authorization: Bearer TOKEN'; default: a new random one, in <db>.server.json)"
            " (or set DATELINE_TOKEN).",
            envvar="DATELINE_TOKEN",
            show_default=False,
        ),
    ] = None,
    read_only: Annotated[
        bool,
        typer.Option(
            "--read-only",
            help="Open the database read-only: no ingest and no review, but other processes"
            " may read it too.",
        ),
    ] = False,
) -> None:
    """Serve the REST API (OpenAPI at /openapi.json) and the web page (map, timeline) at /.

    The server holds the database's one writer: `dateline ingest` into the same database
    sends its pages to the server (found through <db>.server.json, removed on exit).
    """
    import uvicorn

    from dateline.api import create_app, discovery
    from dateline.errors import DatelineError

    if not db.exists():
        typer.echo(f"error: [DL300] no database at {db} (run `dateline ingest` first)", err=True)
        raise typer.Exit(1)
    ingest_token = None if read_only else (token or secrets.token_urlsafe(32))
    try:
        api = create_app(db, token=ingest_token, allowed_hosts=allowed_hosts_for(host))
    except DatelineError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from e
    try:
        sock = _bind(host, port)
    except OSError as e:
        api.state.store.close()
        typer.echo(f"error: cannot listen on {host}:{port}: {e.strerror or e}", err=True)
        raise typer.Exit(1) from e
    url = discovery.connect_url(host, sock.getsockname()[1])
    if host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("serving on %s: reachable from other machines", host)
    config = uvicorn.Config(
        api,
        host=host,
        port=sock.getsockname()[1],
        log_level=os.environ.get("DATELINE_LOG_LEVEL", "warning").lower(),
        access_log=False,
    )
    found = discovery.write(db, url, ingest_token) if ingest_token else None
    typer.echo(
        f"dateline: serving {db} at {url}/ (OpenAPI at /openapi.json)"
        + (f", ingest and review enabled (token in {found})" if found else ", read-only"),
        err=True,
    )
    with contextlib.suppress(ValueError):  # not the main thread: uvicorn handles no signals
        # uvicorn re-raises SIGTERM after its shutdown: exit through `finally` instead
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
        if ingest_token:
            discovery.remove(db, ingest_token)


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: a free one), as uvicorn binds."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family=family)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


if __name__ == "__main__":  # python -m dateline.cli.serve
    typer.run(serve)
