"""The ``dateline`` command: a thin layer over the library (Typer + rich).

Errors a user can cause (missing or unreadable input, a bad database path, an unknown
article id, missing evaluation data) are reported as one line on stderr carrying an
error code from :mod:`dateline.errors`, with a non-zero exit code; anything else is a bug
and keeps its traceback.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Group
from rich.panel import Panel
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from dateline.cli import corpus as corpus_cli
from dateline.cli import evaluate
from dateline.cli.common import (
    DB_HELP,
    WORKERS_HELP,
    _check_tz,
    _clip,
    _dump,
    _err,
    _out,
    _rejection_error,
    _settings,
    _t,
    cli_errors,
)
from dateline.cli.serve import serve
from dateline.errors import DatabaseLocked, InputError, StoreError
from dateline.pages import readers
from dateline.records import Article

app = typer.Typer(
    name="dateline",
    help="Recover sourced, dated, geocoded events from raw news pages.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(evaluate.eval_app, name="eval")


# --- rendering ----------------------------------------------------------------------------


def render_article(article: Article) -> Group:
    """A readable summary: metadata, events, quotes, places, time expressions."""
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="bold")
    meta.add_column()
    published = article.published or "unknown"
    if article.published:
        published += f"  ({article.timezone or 'zone unknown'})"
    for label, value in (
        ("published", published),
        ("dateline", article.dateline),
        ("byline", ", ".join(article.byline) or None),
        ("source", article.source),
        ("id", article.id),
    ):
        if value:
            meta.add_row(label, _t(value))
    counts = (
        f"{len(article.sentences)} sentences · {len(article.entities)} entities · "
        f"{len(article.quotes)} quotes · {len(article.times)} times · "
        f"{len(article.places)} places · {len(article.events)} events"
    )
    meta.add_row("found", _t(counts))
    parts: list[Any] = [
        Panel(meta, title=_t(article.headline or "(no headline)", "bold"), title_align="left")
    ]
    if article.rejection:
        rej = article.rejection
        parts.append(_t(f"rejected [{rej.code}] at {rej.stage}: {rej.reason}", "bold red"))

    if article.events:
        t = Table(title="Events", title_justify="left", expand=True)
        t.add_column("#", justify="right")
        for col in ("date", "event", "actors", "where", "dead"):
            t.add_column(col, overflow="fold")
        evidence = Table.grid(padding=(0, 1))
        evidence.add_column(justify="right", style="dim")
        evidence.add_column()
        for i, e in enumerate(article.events, 1):
            kind = e.sub_event_type
            if e.plover:
                kind += f" [{e.plover.category}{'/' + e.plover.mode if e.plover.mode else ''}]"
            date = e.event_date or "?"
            if e.background:
                date += " (past)"
            t.add_row(
                _t(i),
                _t(date),
                _t(kind),
                _t(" / ".join(a for a in (e.actor1, e.actor2) if a)),
                _t(", ".join(dict.fromkeys(x for x in (e.location, e.country) if x))),
                _t(e.fatalities),
            )
            evidence.add_row(_t(i), _t(_clip(e.evidence_text, 220), "italic"))
        parts += [t, evidence]

    if article.quotes:
        t = Table(title="Quotes", title_justify="left", expand=True)
        t.add_column("speaker", overflow="fold")
        t.add_column("kind")
        t.add_column("content", overflow="fold")
        for q in article.quotes:
            speaker = q.speaker_name or q.speaker_text or "?"
            if q.speaker_title:
                speaker += f", {q.speaker_title}"
            t.add_row(_t(speaker), _t(q.kind), _t(_clip(q.content_text, 200)))
        parts.append(t)

    if article.places:
        t = Table(title="Places", title_justify="left")
        for col in ("text", "place", "feature", "country", "lat", "lon"):
            t.add_column(col)
        seen: set[tuple[str, int | None]] = set()
        for p in article.places:
            if (p.text, p.geonameid) in seen:
                continue
            seen.add((p.text, p.geonameid))
            t.add_row(
                _t(p.text),
                _t(p.name),
                _t(p.feature),
                _t(p.country),
                _t(f"{p.latitude:.4f}" if p.latitude is not None else ""),
                _t(f"{p.longitude:.4f}" if p.longitude is not None else ""),
            )
        parts.append(t)

    if article.times:
        t = Table(title="Time expressions", title_justify="left")
        for col in ("text", "type", "value"):
            t.add_column(col)
        for x in article.times:
            t.add_row(_t(x.text), _t(x.type), _t(x.value))
        parts.append(t)

    for w in article.warnings:
        parts.append(_t(f"warning: {w}", "yellow"))
    return Group(*parts)


# --- commands -----------------------------------------------------------------------------


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is when a record is emitted."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


#: suffixes of files that hold exactly one document (the others: WARC and JSONL, many)
_ONE_DOC_SUFFIXES = (".txt", ".html", ".htm", ".html.gz", ".htm.gz")


def _n_documents(files: list[Path]) -> int | None:
    """How many documents ``files`` hold, when known without reading them (None: a WARC or
    JSONL file holds an unknown number)."""
    if all(f.name.lower().endswith(_ONE_DOC_SUFFIXES) for f in files):
        return len(files)
    return None


@app.callback()
def main(
    verbose: Annotated[
        bool, typer.Option("-v", "--verbose", help="Debug logging on stderr.")
    ] = False,
) -> None:
    """Recover sourced, dated, geocoded events from raw news pages."""
    logger = logging.getLogger("dateline")
    for h in [h for h in logger.handlers if isinstance(h, _StderrHandler)]:
        logger.removeHandler(h)
    handler = _StderrHandler()
    handler.setLevel(logging.DEBUG if verbose else logging.WARNING)
    handler.setFormatter(logging.Formatter("dateline: %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    if verbose:
        logger.setLevel(logging.DEBUG)


@app.command()
@cli_errors
def process(
    file: Annotated[Path, typer.Argument(help="A plain-text news page.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the Article as JSON.")] = False,
    tz: Annotated[
        str | None,
        typer.Option("--tz", help="The site's time zone (IANA name or offset), for undated times."),
    ] = None,
) -> None:
    """Analyse one page and print the result (nothing is stored)."""
    _check_tz(tz)
    article = readers.read_one(file)
    pipelines = readers.Pipelines(_settings(), tz)
    article = pipelines(article)(article)
    if article.rejection is not None:
        raise _rejection_error(article)
    if as_json:
        typer.echo(_dump(article.to_json_dict()))
    else:
        _out().print(render_article(article))


@app.command()
@cli_errors
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Pages (.txt) and folders of pages.")],
    db: Annotated[Path | None, typer.Option("--db", help=DB_HELP)] = None,
    tz: Annotated[str | None, typer.Option("--tz", help="Time zone for every page's site.")] = None,
    executor: Annotated[
        str | None,
        typer.Option(
            "--executor",
            help="Where stages run: inprocess, multiprocessing or dask (default:"
            " multiprocessing with more than one worker, else in process).",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", "-j", min=1, help=WORKERS_HELP),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler address (default: a local cluster)."),
    ] = None,
) -> None:
    """Analyse pages and store them; pages already stored are skipped (so a rerun resumes)."""
    from dateline.executors import make_executor
    from dateline.pipeline import DEFAULT_STAGES
    from dateline.store import Store
    from dateline.store import ingest as run_ingest

    _check_tz(tz)
    settings = _settings(db)
    files = readers.discover(paths)
    if not files:
        suffixes = "/".join(readers.FOLDER_SUFFIXES)
        raise InputError(f"no {suffixes} pages found in {', '.join(map(str, paths))}", code="DL102")
    pipelines = readers.Pipelines(settings, tz)
    err = _err()

    def items() -> Iterator[readers.Item]:
        for f in files:
            yield from readers.read_file(f)

    try:
        store = Store.open(settings.db_path)
    except DatabaseLocked as locked:  # `dateline serve` holds it: the pages go through it
        from dateline.cli.forward import ingest_via_server

        paths_run = [str(p) for p in paths]
        ingest_via_server(locked, settings.db_path, items(), timezone=tz, paths=paths_run)
        return
    with store:
        progress = Progress(
            SpinnerColumn(),
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[last]}"),
            console=err,
            transient=False,
        )
        with progress:
            # a WARC or JSONL file holds many documents: the total is unknown up front
            task = progress.add_task("ingest", total=None, last="", rate="")

            def step(item: readers.Item, outcome: str) -> None:
                name = Path(
                    item.uri if isinstance(item, readers.Rejected) else item.source or ""
                ).name
                progress.update(task, advance=1, last=f"{outcome}: {_clip(name, 40)}")
                done = progress.tasks[task].completed
                elapsed = progress.tasks[task].elapsed or 0.0
                if elapsed > 0:
                    progress.update(task, rate=f"{done / elapsed:.1f} docs/s")

            runner = make_executor(
                executor, workers=workers, scheduler=scheduler, documents=_n_documents(files)
            )
            try:
                result = run_ingest(
                    store,
                    items(),
                    pipelines,
                    paths=[str(p) for p in paths],
                    stages=DEFAULT_STAGES,
                    on_result=step,
                    executor=runner,
                )
            finally:
                runner.close()
            if result.stored:
                from dateline.corpus import tables

                tables.update(store, result.stored_ids)  # clusters, merged events, control
    for uri, code, reason in result.rejections[:20]:
        err.print(_t(f"rejected [{code}] {uri}: {_clip(reason, 120)}", "yellow"))
    if len(result.rejections) > 20:
        err.print(_t(f"… and {len(result.rejections) - 20} more rejections", "yellow"))
    _out().print(
        _t(
            f"stored {result.stored}, duplicate {result.duplicate}, rejected {result.rejected}"
            f"  (run {result.run_id}, {settings.db_path})",
            "bold",
        )
    )


@app.command()
@cli_errors
def show(
    article_id: Annotated[
        str, typer.Argument(metavar="ID", help="Article id (or a unique prefix).")
    ],
    db: Annotated[Path | None, typer.Option("--db", help=DB_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the Article as JSON.")] = False,
) -> None:
    """Show one stored article."""
    from dateline.store import Store

    with Store.open(_settings(db).db_path, read_only=True) as store:
        article = store.get_article(article_id)
    if as_json:
        typer.echo(_dump(article.to_json_dict()))
    else:
        _out().print(render_article(article))


PlaceOpt = Annotated[
    str | None, typer.Option("--place", help="Location, admin1 or country contains.")
]
ActorOpt = Annotated[str | None, typer.Option("--actor", help="An actor's name contains.")]
TypeOpt = Annotated[str | None, typer.Option("--type", help="Event type or PLOVER category.")]
SubTypeOpt = Annotated[str | None, typer.Option("--sub-type", help="Sub-event type.")]
SinceOpt = Annotated[str | None, typer.Option("--since", help="From this date (YYYY-MM-DD).")]
UntilOpt = Annotated[str | None, typer.Option("--until", help="Up to this date (YYYY-MM-DD).")]
BboxOpt = Annotated[
    str | None, typer.Option("--bbox", help="min_lon,min_lat,max_lon,max_lat (degrees).")
]
MinConfOpt = Annotated[
    float | None,
    typer.Option("--min-confidence", min=0.0, max=1.0, help="Events at least this sure."),
]
RejectedOpt = Annotated[
    bool,
    typer.Option(
        "--include-rejected",
        help="Keep events an analyst rejected (left out by default); reviewed events"
        " always carry their corrected values and reviewed=true.",
    ),
]


@app.command()
@cli_errors
def events(
    place: PlaceOpt = None,
    actor: ActorOpt = None,
    type_: TypeOpt = None,
    sub_type: SubTypeOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    bbox: BboxOpt = None,
    min_confidence: MinConfOpt = None,
    include_rejected: RejectedOpt = False,
    limit: Annotated[int, typer.Option("--limit", min=0, help="At most this many events.")] = 50,
    offset: Annotated[int, typer.Option("--offset", min=0)] = 0,
    db: Annotated[Path | None, typer.Option("--db", help=DB_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """List stored events, with the analysts' corrections (see ``dateline export``)."""
    from dateline.store import Store, queries

    with Store.open(_settings(db).db_path, read_only=True) as store:
        rows = store.events(
            place=place,
            actor=actor,
            type=type_,
            sub_type=sub_type,
            since=since,
            until=until,
            bbox=queries.parse_bbox(bbox),
            min_confidence=min_confidence,
            include_rejected=include_rejected,
            limit=limit,
            offset=offset,
        )
    if as_json:
        typer.echo(_dump(rows))
        return
    t = Table(title=f"{len(rows)} events", title_justify="left", expand=True)
    for col in ("date", "type", "actors", "location", "dead", "article", "evidence"):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(
            _t(r["event_date"] or "?"),
            _t(f"{r['event_type']}: {r['sub_event_type']}" + _review_mark(r)),
            _t(" / ".join(a for a in (r["actor1"], r["actor2"]) if a)),
            _t(", ".join(x for x in (r["location"], r["country"]) if x)),
            _t(r["fatalities"]),
            _t(r["article_id"]),
            _t(_clip(r["evidence_text"], 100)),
        )
    _out().print(t)


def _review_mark(r: dict[str, Any]) -> str:
    return f" [{r['review_status']}]" if r.get("review_status") else ""


class ExportFormat(StrEnum):
    geojson = "geojson"
    parquet = "parquet"
    acled_csv = "acled-csv"
    jsonl = "jsonl"
    training = "training"


@app.command()
@cli_errors
def export(
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="geojson / acled-csv (merged events), parquet (one file per table, into a"
            " directory), jsonl (articles), training (the analysts' reviews as labelled rows:"
            " typing.tsv and corrections.jsonl, into a directory).",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File (a directory for parquet); default stdout."),
    ] = None,
    place: PlaceOpt = None,
    actor: ActorOpt = None,
    type_: TypeOpt = None,
    sub_type: SubTypeOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    bbox: BboxOpt = None,
    min_confidence: MinConfOpt = None,
    per_report: Annotated[
        bool, typer.Option("--per-report", help="One record per report, not per merged event.")
    ] = False,
    include_rejected: RejectedOpt = False,
    db: Annotated[Path | None, typer.Option("--db", help=DB_HELP)] = None,
) -> None:
    """Export the stored events matching the filters of ``dateline events``, written as read.

    Events an analyst reviewed in the web page are exported with the corrected values and
    marked reviewed; rejected events are left out unless --include-rejected."""
    from dateline.store import Store, export, queries, training

    f = queries.EventFilter(
        place=place,
        actor=actor,
        type=type_,
        sub_type=sub_type,
        since=queries.check_date(since),
        until=queries.check_date(until),
        bbox=queries.parse_bbox(bbox),
        min_confidence=min_confidence,
        include_rejected=include_rejected,
    )
    counts = export.Counts()
    with Store.open(_settings(db).db_path, read_only=True) as store:
        if fmt is ExportFormat.training:
            if output is None:
                raise InputError("the training export needs --output DIRECTORY")
            n_typing, n_spans = training.write(store.con, output)
            _err().print(_t(f"exported {n_typing} typing rows, {n_spans} span rows to {output}"))
            return
        if fmt is ExportFormat.parquet:
            if output is None:
                raise InputError("the parquet export needs --output DIRECTORY")
            export.write_parquet(store.con, f, output, counts)
            done = ", ".join(f"{t} {n}" for t, n in counts.tables.items())
            _err().print(_t(f"exported to {output}: {done}"))
            return
        pieces = export.text_chunks(
            store.con,
            fmt.value,
            f,
            counts,
            per_report=per_report,
        )
        if output is None:
            for piece in pieces:
                sys.stdout.write(piece)
            sys.stdout.flush()
        else:
            with output.open("w", encoding="utf-8", newline="") as fh:
                for piece in pieces:
                    fh.write(piece)
    what = "articles" if fmt is ExportFormat.jsonl else "records"
    where = f" to {output}" if output else ""
    extra = f" ({counts.reports} reports)" if fmt is not ExportFormat.jsonl else ""
    if fmt is ExportFormat.geojson:
        extra += f"; {counts.without_geometry} without coordinates (geometry null)"
    _err().print(_t(f"exported {counts.records} {what}{extra}{where}"))


@app.command()
@cli_errors
def stats(
    db: Annotated[Path | None, typer.Option("--db", help=DB_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Counts of stored articles, records, rejections and runs."""
    from dateline.store import Store

    with Store.open(_settings(db).db_path, read_only=True) as store:
        st = store.stats()
    if as_json:
        typer.echo(_dump(st))
        return
    t = Table(title=str(st["path"]), title_justify="left")
    t.add_column("what")
    t.add_column("count", justify="right")
    for key, value in st.items():
        if isinstance(value, dict):
            for k, v in value.items():
                t.add_row(_t(f"{key.split('_by_')[0]}: {k}"), _t(v))
        elif key != "path":
            t.add_row(_t(key), _t(value))
    _out().print(t)


@app.command()
@cli_errors
def optimize(db: Annotated[Path | None, typer.Option("--db", help=DB_HELP)] = None) -> None:
    """Upgrade a database written by an older dateline in place, and store its events in
    query order (run after large ingests: the API then reads pages faster)."""
    from dateline.store import Store
    from dateline.store.duckdb_store import STORE_SCHEMA

    path = _settings(db).db_path
    if not path.exists():
        raise StoreError(f"no database at {path} (run `dateline ingest` first)")
    with Store.open(path) as store:
        store.optimize()
    typer.echo(f"{path}: store schema {STORE_SCHEMA}")


@app.command()
@cli_errors
def stages(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List the registered analysis stages (default order first)."""
    from dateline import registry
    from dateline.pipeline import DEFAULT_STAGES

    names = registry.names()
    order = {n: i for i, n in enumerate(DEFAULT_STAGES)}
    names.sort(key=lambda n: (order.get(n, len(order)), n))
    specs = [registry.get(n) for n in names]
    if as_json:
        typer.echo(
            _dump(
                [
                    {
                        "name": s.name,
                        "default_position": order.get(s.name),
                        "requires": list(s.requires),
                        "assigns": list(s.assigns),
                        "description": s.description,
                    }
                    for s in specs
                ]
            )
        )
        return
    t = Table(title="Stages", title_justify="left")
    t.add_column("#", justify="right")
    t.add_column("name", no_wrap=True)
    for col in ("requires", "assigns", "description"):
        t.add_column(col, overflow="fold")
    for s in specs:
        pos = order.get(s.name)
        t.add_row(
            _t("-" if pos is None else pos + 1),
            _t(s.name, "bold"),
            _t(", ".join(s.requires)),
            _t(", ".join(s.assigns)),
            _t(s.description),
        )
    _out().print(t)


# corpus-level steps (src/dateline/corpus) and the web page / REST API (src/dateline/api)
app.command("dedup")(corpus_cli.dedup)
app.command("merge")(corpus_cli.merge)
app.command("control")(corpus_cli.control)
app.command()(serve)

if __name__ == "__main__":  # pragma: no cover
    app()
