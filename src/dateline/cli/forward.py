"""``dateline ingest`` into a database that ``dateline serve`` holds: through the server.

DuckDB allows one writer per database file.  When the database is held by another process
and that process is a dateline server (its discovery file ``<db>.server.json`` exists, see
:mod:`dateline.api.discovery`), the pages read here by the usual readers are sent to the
server's ``POST /api/ingest`` in batches, raw, and the server analyses and stores them as
``dateline ingest`` would; the counts printed are the same.  Without a server the lock is
reported as one coded line (``DL302``).
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from dateline.api import discovery
from dateline.api.ingest import MAX_DOCUMENTS
from dateline.cli.common import _clip, _err, _out, _t
from dateline.errors import DatabaseLocked, StoreError
from dateline.pages.readers import Item, Rejected

log = logging.getLogger(__name__)

#: documents per request, and the most JSON bytes per request (the server takes 6 MB)
BATCH_DOCS = 16
BATCH_BYTES = 5_000_000
#: seconds to wait on the server (it analyses the whole batch before it answers)
TIMEOUT = 3600.0


def wire(item: Item) -> dict[str, Any]:
    """One reader item as a document of ``POST /api/ingest`` (raw content, never analysed)."""
    if isinstance(item, Rejected):
        return {
            "uri": item.uri,
            "rejected": {"code": item.rejection.code, "reason": item.rejection.reason},
            "content_hash": item.content_hash,
        }
    raw = item.raw
    assert raw is not None, "a reader's Article carries its raw content"
    # "text" is normalised (line ends) by the server as by the reader; anything else is kept
    field = "text" if raw.format == "text" else "html"
    return {
        "uri": item.source,
        field: raw.content,
        "format": raw.format,
        "published": item.published,
        "fetched_at": raw.fetched_at,
        "encoding": raw.encoding,
    }


def batches(items: Iterable[Item]) -> Iterator[list[bytes]]:
    """The items as JSON documents, in batches under the server's request limits; a page too
    large to send is sent as its rejection (``DL104``)."""
    batch: list[bytes] = []
    size = 0
    for item in items:
        doc = json.dumps(wire(item), ensure_ascii=False).encode("utf-8")
        if len(doc) > BATCH_BYTES - 1000:
            uri = item.uri if isinstance(item, Rejected) else item.source
            reason = f"{len(doc)} bytes as JSON: too large to send to the server"
            doc = json.dumps(
                {"uri": uri, "rejected": {"code": "DL104", "reason": reason}},
                ensure_ascii=False,
            ).encode("utf-8")
        if batch and (
            len(batch) >= min(BATCH_DOCS, MAX_DOCUMENTS) or size + len(doc) > BATCH_BYTES
        ):
            yield batch
            batch, size = [], 0
        batch.append(doc)
        size += len(doc) + 1
    if batch:
        yield batch


class Server:
    """The running server of a database, as its discovery file names it."""

    def __init__(self, url: str, token: str) -> None:
        self.url = url.rstrip("/")
        self.token = token
        # never through a proxy: the token goes to the server on this machine only
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def ingest(self, docs: list[bytes], *, timezone: str | None, paths: list[str]) -> Any:
        head = json.dumps({"timezone": timezone, "paths": paths[:100]}, ensure_ascii=False)
        body = head[:-1].encode("utf-8") + b', "documents": [' + b",".join(docs) + b"]}"
        req = urllib.request.Request(
            self.url + "/api/ingest",
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.token}",
            },
        )
        with self.opener.open(req, timeout=TIMEOUT) as resp:
            return json.loads(resp.read())


def ingest_via_server(
    locked: DatabaseLocked,
    db: Path,
    items: Iterable[Item],
    *,
    timezone: str | None,
    paths: list[str],
) -> None:
    """Send ``items`` to the server holding ``db`` and print the counts as ``dateline ingest``
    does; re-raises ``locked`` (one coded line) when no server holds the database."""
    info = discovery.read(db)
    if info is None:
        raise locked
    server = Server(info["url"], info["token"])
    err = _err()
    err.print(_t(f"{db} is held by `dateline serve` at {server.url}: sending the pages to it"))
    counts: Counter[str] = Counter()
    rejections: list[tuple[str, str, str]] = []
    runs: list[int] = []
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        TextColumn("{task.completed} documents"),
        TimeElapsedColumn(),
        console=err,
    )
    with progress:
        task = progress.add_task("ingest via server", total=None)
        for batch in batches(items):
            answer = _send(server, batch, db, locked, timezone=timezone, paths=paths)
            for key in ("stored", "duplicate", "rejected"):
                counts[key] += int(answer.get(key, 0))
            rejections += [(r["uri"], r["code"], r["reason"]) for r in answer["rejections"]]
            runs.append(int(answer["run_id"]))
            progress.update(task, advance=len(batch))
    for uri, code, reason in rejections[:20]:
        err.print(_t(f"rejected [{code}] {uri}: {_clip(reason, 120)}", "yellow"))
    if len(rejections) > 20:
        err.print(_t(f"… and {len(rejections) - 20} more rejections", "yellow"))
    where = f"run {runs[0]}" if len(runs) == 1 else f"runs {runs[0]}-{runs[-1]}" if runs else ""
    _out().print(
        _t(
            f"stored {counts['stored']}, duplicate {counts['duplicate']},"
            f" rejected {counts['rejected']}  ({where} via {server.url}, {db})",
            "bold",
        )
    )


def _send(
    server: Server,
    batch: list[bytes],
    db: Path,
    locked: DatabaseLocked,
    *,
    timezone: str | None,
    paths: list[str],
) -> Any:
    try:
        return server.ingest(batch, timezone=timezone, paths=paths)
    except urllib.error.HTTPError as e:
        detail = _clip(e.read().decode("utf-8", "replace"), 300)
        if e.code == 401:
            raise DatabaseLocked(
                f"{db}: the server at {server.url} refused the token of"
                f" {discovery.SUFFIX} (restarted? try again)"
            ) from e
        raise StoreError(f"the server at {server.url} answered {e.code}: {detail}") from e
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", None) or e
        raise DatabaseLocked(
            f"{locked.args[0]}; its server at {server.url} did not answer ({reason})"
        ) from e
