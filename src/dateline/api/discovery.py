"""The discovery file of a running server: ``<db>.server.json`` next to the database.

``dateline serve`` holds its database's one DuckDB writer; it writes this file (mode 0600:
only its user can read the token) with the URL it listens on and the ingest token, and
removes it on exit.  ``dateline ingest`` into a database another process holds reads it and
sends the pages to that server (:mod:`dateline.cli.forward`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SUFFIX = ".server.json"


def path_for(db: str | Path) -> Path:
    return Path(str(db) + SUFFIX)


def connect_url(host: str, port: int) -> str:
    """The URL a client on this machine uses for a server bound to ``host``."""
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def write(db: str | Path, url: str, token: str) -> Path:
    """Write the discovery file atomically, readable by this user only (a stale one from a
    server that was killed is replaced: this process holds the database now)."""
    target = path_for(db)
    fd, tmp = tempfile.mkstemp(prefix=target.name + ".", dir=target.parent)  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"url": url, "token": token, "pid": os.getpid(), "db": str(db)}, fh)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target


def read(db: str | Path) -> dict[str, Any] | None:
    """The server's ``{"url", "token", "pid", "db"}``, or None without a (readable) file."""
    try:
        info = json.loads(path_for(db).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        log.debug("no server discovery file for %s: %s", db, e)
        return None
    ok = isinstance(info, dict) and all(isinstance(info.get(k), str) for k in ("url", "token"))
    return info if ok else None


def remove(db: str | Path, token: str) -> None:
    """Remove the discovery file if it is still this server's."""
    info = read(db)
    if info is not None and info.get("token") == token:
        with contextlib.suppress(OSError):
            path_for(db).unlink()
