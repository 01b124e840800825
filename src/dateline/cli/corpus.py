"""Corpus commands: ``dateline dedup``, ``dateline merge`` and ``dateline control PLACE``.

Plain functions with Typer annotations, mounted on the main app with::

    from dateline.cli import corpus as corpus_cli
    app.command("dedup")(corpus_cli.dedup)
    app.command("merge")(corpus_cli.merge)
    app.command("control")(corpus_cli.control)

``dedup`` and ``merge`` (re)build the corpus tables (story clusters, merged events and their
sources, control changes) from the stored articles; ``control`` prints the control timeline
of a place from the stored merged events (computed on the fly when the tables are not built),
``--json`` as JSON and ``--export FILE`` to a CSV (one row per change) or JSON file.
"""

from __future__ import annotations

import csv
import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from dateline.config import load_settings
from dateline.errors import DatelineError

P = ParamSpec("P")
R = TypeVar("R")

DB_HELP = "DuckDB database file (env DATELINE_DB; default ./dateline.duckdb)"


def _fail(message: str) -> NoReturn:
    typer.echo("dateline: error " + " ".join(message.split()), err=True)
    raise typer.Exit(1)


def _errors(fn: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except DatelineError as e:
            _fail(str(e))
        except OSError as e:
            code = "DL100" if isinstance(e, FileNotFoundError) else "DL101"
            _fail(f"[{code}] {e.strerror or e}: {e.filename or ''}")

    return wrapper


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, default=str)


def _db(db: Path | None) -> Path:
    return Path(load_settings(db_path=db).db_path)


def _t(value: Any) -> Text:
    return Text("" if value is None else str(value))


@_errors
def dedup(
    db: Annotated[Path | None, typer.Option("--db", help=DB_HELP)] = None,
    threshold: Annotated[
        float, typer.Option("--threshold", min=0.0, max=1.0, help="MinHash Jaccard to join.")
    ] = 0.7,
    as_json: Annotated[bool, typer.Option("--json", help="Print the clusters as JSON.")] = False,
) -> None:
    """Find syndicated copies / near-duplicates (MinHash LSH) and store the story clusters."""
    from dateline.corpus import tables
    from dateline.store import Store

    with Store.open(_db(db)) as store:
        counts = tables.rebuild(store, threshold=threshold)
        clusters = tables.story_clusters(store)
    multi = {cid: ids for cid, ids in clusters.items() if len(ids) > 1}
    if as_json:
        typer.echo(_dump({"counts": counts, "clusters": multi}))
        return
    t = Table(
        title=f"{counts['articles']} articles in {counts['story_clusters']} story clusters",
        title_justify="left",
    )
    t.add_column("cluster")
    t.add_column("size", justify="right")
    t.add_column("articles", overflow="fold")
    for cid, ids in sorted(multi.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        t.add_row(_t(cid), _t(len(ids)), _t(", ".join(ids)))
    Console(highlight=False).print(t)


@_errors
def merge(
    db: Annotated[Path | None, typer.Option("--db", help=DB_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print merged events as JSON.")] = False,
    limit: Annotated[int, typer.Option("--limit", min=0, help="Show at most this many.")] = 50,
) -> None:
    """Merge events reported by several articles into real events (with all their sources)."""
    from dateline.corpus import tables
    from dateline.store import Store

    with Store.open(_db(db)) as store:
        counts = tables.rebuild(store)
        merged = tables.merged_events(store)
    if as_json:
        typer.echo(
            _dump(
                {
                    "counts": counts,
                    "merged_events": [m.model_dump(mode="json") for m in merged[:limit]],
                }
            )
        )
        return
    t = Table(
        title=f"{counts['events']} events merged into {counts['merged_events']}",
        title_justify="left",
        expand=True,
    )
    for col in ("date", "type", "actors", "location", "dead", "sources", "disagreement"):
        t.add_column(col, overflow="fold")
    for m in merged[:limit]:
        e = m.event
        t.add_row(
            _t(e.event_date or "?"),
            _t(e.sub_event_type),
            _t(" / ".join(a for a in (e.actor1, e.actor2) if a)),
            _t(", ".join(x for x in (e.location, e.country) if x)),
            _t(e.fatalities),
            _t(m.n_sources),
            _t("; ".join(f"{k}: {v}" for k, v in m.disagreement.items())),
        )
    Console(highlight=False).print(t)


_PRECISION = {1: "day", 2: "week", 3: "month"}


def _when(day: str, precision: int | None) -> str:
    """A date with its ACLED precision in words ("2016-12-11 (day)")."""
    return f"{day} ({_PRECISION.get(precision or 0, 'approx.')})"


@_errors
def control(
    place: Annotated[str, typer.Argument(help="The place (a town's name).")],
    db: Annotated[Path | None, typer.Option("--db", help=DB_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the timeline as JSON.")] = False,
    export: Annotated[
        Path | None,
        typer.Option(
            "--export", help="Write the timeline: .json (all) or .csv (one row a change)."
        ),
    ] = None,
) -> None:
    """Who held PLACE when, from territory events, with the evidence for each change."""
    from dateline.corpus import tables
    from dateline.corpus.control import control_timeline, timeline_rows
    from dateline.store import Store

    with Store.open(_db(db), read_only=True) as store:
        merged = tables.merged_events(store) if tables.has_tables(store) else []
        if not merged:
            merged = tables.compute(store)[1]
    timeline = control_timeline(merged, place)
    if export is not None:
        if export.suffix.lower() == ".csv":
            rows = timeline_rows(timeline)
            with export.open("w", encoding="utf-8", newline="") as fh:
                fields = list(rows[0]) if rows else ["place"]
                writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
                writer.writeheader()
                writer.writerows(rows)
        else:
            export.write_text(_dump(timeline.model_dump(mode="json")) + "\n", encoding="utf-8")
        Console(stderr=True, highlight=False).print(
            _t(f"exported {len(timeline.changes)} changes to {export}")
        )
    if as_json:
        typer.echo(_dump(timeline.model_dump(mode="json")))
        return
    if export is not None and not sys.stdout.isatty():
        return
    out = Console(highlight=False)
    if not timeline.changes:
        out.print(_t(f"no change of control recorded for {place}"))
        return
    periods = Table(title=f"Control of {place}", title_justify="left", expand=True)
    for col in ("holder", "from", "until", "sources", "evidence"):
        periods.add_column(col, overflow="fold")
    for p in timeline.periods:
        periods.add_row(
            _t(p.holder or "unknown"),
            _t(_when(p.since, p.since_precision) if p.since else "…"),
            _t(_when(p.until, p.until_precision) if p.until else "now"),
            _t(p.n_sources or ""),
            _t(p.evidence or ""),
        )
    out.print(periods)
    changes = Table(title="Changes and evidence", title_justify="left", expand=True)
    for col in ("date", "from → to", "type", "sources", "evidence"):
        changes.add_column(col, overflow="fold")
    for ch in timeline.changes:
        changes.add_row(
            _t(ch.event_date),
            _t(f"{ch.holder_before or '?'} → {ch.holder_after or '?'}"),
            _t(ch.sub_event_type),
            _t(ch.n_sources),
            _t(" | ".join(ev.evidence_text for ev in ch.evidence[:3])),
        )
    out.print(changes)
