"""The ``dateline`` command: a thin layer over the library (Typer + rich).

Errors a user can cause (missing or unreadable input, a bad database path, an unknown
article id, missing evaluation data) are reported as one line on stderr carrying an
error code from :mod:`dateline.errors`, with a non-zero exit code; anything else is a bug
and keeps its traceback.
"""

from __future__ import annotations

import functools
import importlib
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, ParamSpec, TypeVar

import typer
from rich.console import Console, Group
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
from rich.text import Text

from dateline.config import Settings, load_settings, valid_timezone
from dateline.errors import CATALOGUE, DatelineError, EvalDataError, InputError, StoreError
from dateline.pages import readers
from dateline.records import Article

log = logging.getLogger("dateline.cli")

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="dateline",
    help="Recover sourced, dated, geocoded events from raw news pages.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(
    help="Score dateline on the development benchmarks.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(eval_app, name="eval")

TEXTPAGE = "dateline.textpage.v1"


def _out() -> Console:
    return Console(highlight=False)


def _err() -> Console:
    return Console(stderr=True, highlight=False)


# --- error boundary -----------------------------------------------------------------------


def _fail(message: str, exit_code: int = 1) -> NoReturn:
    typer.echo("dateline: error " + " ".join(message.split()), err=True)
    raise typer.Exit(exit_code)


def _os_error(e: OSError) -> str:
    code = "DL100" if isinstance(e, FileNotFoundError) else "DL101"
    where = f": {e.filename}" if e.filename else ""
    return f"[{code}] {e.strerror or e}{where}"


def cli_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn DatelineError and OSError into one line on stderr and exit code 1."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except DatelineError as e:
            _fail(str(e))
        except BrokenPipeError:
            # the reader of our output went away (e.g. `| head`): stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None
        except OSError as e:
            _fail(_os_error(e))

    return wrapper


# --- shared helpers -----------------------------------------------------------------------


def _settings(db: Path | None = None) -> Settings:
    return load_settings(db_path=db)


def _check_tz(zone: str | None) -> str | None:
    if zone is not None and not valid_timezone(zone):
        raise typer.BadParameter(
            f"unknown time zone {zone!r} (use an IANA name like America/Jamaica, or -05:00)",
            param_hint="--tz",
        )
    return zone


def _rejection_error(article: Article) -> DatelineError:
    rej = article.rejection
    assert rej is not None
    code = rej.code if rej.code in CATALOGUE else "DL201"
    where = f" (stage {rej.stage})" if rej.stage else ""
    return DatelineError(f"{article.source}: {rej.reason}{where}", code=code)


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)


def _t(value: Any, style: str = "") -> Text:
    """Data as rich Text: never interpreted as markup."""
    return Text("" if value is None else str(value), style=style)


def _clip(s: str | None, n: int = 160) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


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


DB_HELP = "DuckDB database file (env DATELINE_DB; default ./dateline.duckdb)"
WORKERS_HELP = (
    "Worker processes for the analysis (default: the usable cores, at most 8; more than one"
    " runs on the multiprocessing executor)."
)

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

    with Store.open(settings.db_path) as store:
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

                tables.rebuild(store)  # story clusters, merged events, control timelines
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
    limit: Annotated[int, typer.Option("--limit", min=0, help="At most this many events.")] = 50,
    offset: Annotated[int, typer.Option("--offset", min=0)] = 0,
    db: Annotated[Path | None, typer.Option("--db", help=DB_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """List stored events."""
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
            _t(f"{r['event_type']}: {r['sub_event_type']}"),
            _t(" / ".join(a for a in (r["actor1"], r["actor2"]) if a)),
            _t(", ".join(x for x in (r["location"], r["country"]) if x)),
            _t(r["fatalities"]),
            _t(r["article_id"]),
            _t(_clip(r["evidence_text"], 100)),
        )
    _out().print(t)


class ExportFormat(StrEnum):
    geojson = "geojson"
    parquet = "parquet"
    acled_csv = "acled-csv"
    jsonl = "jsonl"


@app.command()
@cli_errors
def export(
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="geojson / acled-csv (merged events), parquet (one file per table, into a"
            " directory), jsonl (articles).",
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
    db: Annotated[Path | None, typer.Option("--db", help=DB_HELP)] = None,
) -> None:
    """Export the stored events matching the filters of ``dateline events``, written as read."""
    from dateline.store import Store, export, queries

    f = queries.EventFilter(
        place=place,
        actor=actor,
        type=type_,
        sub_type=sub_type,
        since=queries.check_date(since),
        until=queries.check_date(until),
        bbox=queries.parse_bbox(bbox),
        min_confidence=min_confidence,
    )
    counts = export.Counts()
    with Store.open(_settings(db).db_path, read_only=True) as store:
        if fmt is ExportFormat.parquet:
            if output is None:
                raise InputError("the parquet export needs --output DIRECTORY")
            export.write_parquet(store.con, f, output, counts)
            done = ", ".join(f"{t} {n}" for t, n in counts.tables.items())
            _err().print(_t(f"exported to {output}: {done}"))
            return
        pieces = export.text_chunks(store.con, fmt.value, f, counts, per_report=per_report)
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


# --- evaluation ---------------------------------------------------------------------------

#: where each task's dev data lives under the evaluation data folder
EVAL_DATA = {
    "time": "time/tbaq",
    "geo": "geo/GeoWebNews.xml",
    "quotes": "quotes/polnear/dev",
    "events": "events/case2021-task2-dev.tsv",
    "extraction": "extraction/wcxb-dev",
    "clustering": "clustering/ecbplus",
    "records": "clustering/ecbplus",
}
#: candidate module names under dateline.evaluation, first found wins
EVAL_MODULES = {
    "time": ("time_eval",),
    "geo": ("geo_eval",),
    "quotes": ("quote_eval", "quotes_eval"),
    "events": ("events_eval", "event_eval"),
    "extraction": ("extraction_eval",),
    "clustering": ("clustering_eval",),
    "records": ("records_eval",),
}


def eval_data_path(task: str, data: Path | None, specific: Path | None, settings: Settings) -> Path:
    """The task's data: its own option, else ``--data`` (a task path or the eval folder)."""
    if specific is not None:
        path = specific
    else:
        root = data if data is not None else settings.eval_data
        sub = root / EVAL_DATA[task]
        path = sub if data is None or sub.exists() else root
    if not path.exists():
        raise EvalDataError(
            f"evaluation data for {task} not found at {path} (set DATELINE_EVAL_DATA or --data)"
        )
    return path


def _eval_module(task: str) -> Any:
    for name in EVAL_MODULES[task]:
        full = f"dateline.evaluation.{name}"
        try:
            return importlib.import_module(full)
        except ModuleNotFoundError as e:
            if e.name not in (full, "dateline.evaluation"):
                raise  # the module exists but one of its own imports is missing
    raise DatelineError(f"no evaluation for {task} is installed (dateline.evaluation.{name})")


def _flatten(d: Any, prefix: str = "") -> dict[str, Any]:
    if not isinstance(d, dict):
        return {prefix or "value": d}
    out: dict[str, Any] = {}
    for k, v in d.items():
        key = f"{prefix}.{k}" if prefix else str(k)
        out.update(_flatten(v, key) if isinstance(v, dict) else {key: v})
    return out


def _baseline_columns(baseline: Any) -> dict[str, dict[str, Any]]:
    """Baselines as {column name: flat metrics}, from the shapes eval modules return."""
    if not isinstance(baseline, dict) or not baseline:
        return {}
    if isinstance(baseline.get("metrics"), dict):
        return {str(baseline.get("name", "baseline")): _flatten(baseline["metrics"])}
    if all(isinstance(v, dict) for v in baseline.values()):
        cols: dict[str, dict[str, Any]] = {}
        for name, v in baseline.items():
            inner = v.get("metrics") if isinstance(v.get("metrics"), dict) else v
            cols[str(name)] = _flatten(inner)
        return cols
    flat = _flatten(baseline)
    name = flat.pop("name", None)
    return {str(name) if isinstance(name, str) and name else "baseline": flat}


def _fmt_metric(v: Any) -> str:
    if isinstance(v, bool) or v is None:
        return "" if v is None else str(v)
    if isinstance(v, float):
        return f"{v:.3f}" if abs(v) < 1000 else f"{v:,.0f}"
    return str(v)


def render_eval(result: dict[str, Any]) -> Table:
    metrics = _flatten(result.get("metrics", {}))
    baselines = _baseline_columns(result.get("baseline"))
    t = Table(
        title=f"{result.get('task', '?')}  (n = {result.get('n', '?')})", title_justify="left"
    )
    t.add_column("metric")
    t.add_column("dateline", justify="right", style="bold")
    for name in baselines:
        t.add_column(name, justify="right")
    keys = list(metrics) + [k for b in baselines.values() for k in b if k not in metrics]
    for k in dict.fromkeys(keys):
        t.add_row(
            _t(k),
            _t(_fmt_metric(metrics.get(k))),
            *(_t(_fmt_metric(b.get(k))) for b in baselines.values()),
        )
    return t


def run_eval(
    task: str,
    *,
    data: Path | None,
    specific: Path | None = None,
    predictions: Path | None,
    limit: int | None,
    as_json: bool,
    options: dict[str, Any] | None = None,
) -> None:
    path = eval_data_path(task, data, specific, _settings())
    module = _eval_module(task)
    opts = {k: v for k, v in (options or {}).items() if v is not None and v is not False}
    log.debug("eval %s on %s with %s", task, path, opts)
    result = module.run(path, predictions=predictions, limit=limit, **opts)
    if as_json:
        typer.echo(_dump(result))
    else:
        _out().print(render_eval(result))
        for key, value in result.items():
            if key.endswith("_error") and value:
                _err().print(_t(f"{key}: {value}", "yellow"))
        if predictions is not None:
            _err().print(_t(f"predictions written to {predictions}"))


DATA_HELP = "Evaluation data: the task's file/folder or the eval folder (env DATELINE_EVAL_DATA)."
PRED_HELP = "Write dateline's predictions (JSONL) to this file."
# the options every `dateline eval` command shares
DataOpt = Annotated[Path | None, typer.Option("--data", help=DATA_HELP)]
LimitOpt = Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N documents.")]
PredOpt = Annotated[Path | None, typer.Option("--predictions", help=PRED_HELP)]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as one JSON object.")]


class TimeBaseline(StrEnum):
    heideltime = "heideltime"
    dateparser = "dateparser"


@eval_app.command("time")
@cli_errors
def eval_time(
    timeml: Annotated[
        Path | None, typer.Option("--timeml", help="Folder of TimeML .tml files.")
    ] = None,
    baseline: Annotated[
        TimeBaseline | None, typer.Option("--baseline", help="Baseline to run beside.")
    ] = None,
    data: DataOpt = None,
    limit: LimitOpt = None,
    predictions: PredOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Time expressions: TempEval-3 task A on TimeML."""
    run_eval(
        "time",
        data=data,
        specific=timeml,
        predictions=predictions,
        limit=limit,
        as_json=as_json,
        options={"baseline": baseline.value if baseline else None},
    )


@eval_app.command("geo")
@cli_errors
def eval_geo(
    gritta: Annotated[
        Path | None, typer.Option("--gritta", help="A Gritta et al. XML file.")
    ] = None,
    gold_toponyms: Annotated[
        bool,
        typer.Option("--gold-toponyms", help="Geocode the gold toponym spans (resolution only)."),
    ] = False,
    data: DataOpt = None,
    limit: LimitOpt = None,
    predictions: PredOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Toponym recognition and geocoding (Gritta et al.)."""
    run_eval(
        "geo",
        data=data,
        specific=gritta,
        predictions=predictions,
        limit=limit,
        as_json=as_json,
        options={"gold_toponyms": gold_toponyms},
    )


@eval_app.command("quotes")
@cli_errors
def eval_quotes(
    polnear: Annotated[
        Path | None,
        typer.Option("--polnear", help="A PolNeAR split folder (text/, attributions/)."),
    ] = None,
    data: DataOpt = None,
    limit: LimitOpt = None,
    predictions: PredOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Quote attribution on PolNeAR."""
    run_eval(
        "quotes",
        data=data,
        specific=polnear,
        predictions=predictions,
        limit=limit,
        as_json=as_json,
    )


@eval_app.command("extraction")
@cli_errors
def eval_extraction(
    wcxb: Annotated[
        Path | None,
        typer.Option("--wcxb", help="A WCXB-layout folder (html/NNNN.html.gz, ground-truth/)."),
    ] = None,
    data: DataOpt = None,
    limit: LimitOpt = None,
    predictions: PredOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Article extraction on WCXB: main text, title, date, author; trafilatura beside it."""
    run_eval(
        "extraction",
        data=data,
        specific=wcxb,
        predictions=predictions,
        limit=limit,
        as_json=as_json,
    )


@eval_app.command("events")
@cli_errors
def eval_events(
    case2021: Annotated[
        Path | None,
        typer.Option("--case2021", help="CASE 2021 task 2 TSV (id, EventSnippet, SubType)."),
    ] = None,
    cv: Annotated[
        int, typer.Option("--cv", min=0, help="Cross-validation folds (0: the shipped model).")
    ] = 5,
    plover: Annotated[
        Path | None, typer.Option("--plover", help="PLOVER_GSR_CAMEO.json: category accuracy.")
    ] = None,
    confidence: Annotated[
        bool,
        typer.Option(
            "--confidence/--no-confidence",
            help="Also the confidence's ECE/Brier (runs the events stage per fold, minutes).",
        ),
    ] = True,
    data: DataOpt = None,
    limit: LimitOpt = None,
    predictions: PredOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Event typing on CASE 2021 task 2 (30 types; ACLED's 25) and PLOVER categories."""
    run_eval(
        "events",
        data=data,
        specific=case2021,
        predictions=predictions,
        limit=limit,
        as_json=as_json,
        options={"cv": cv, "plover": plover, "confidence": confidence},
    )


@eval_app.command("clustering")
@cli_errors
def eval_clustering(
    ecbplus: Annotated[
        Path | None, typer.Option("--ecbplus", help="The ECB+ folder (<topic>/<file>.xml).")
    ] = None,
    tune: Annotated[bool, typer.Option("--tune", help="Re-scan the cut on this data.")] = False,
    cv: Annotated[
        bool, typer.Option("--cv", help="Also a two-fold estimate across topics.")
    ] = False,
    cv_folds: Annotated[
        int | None,
        typer.Option(
            "--cv-folds",
            min=2,
            help="Leave-topics-out CV: cut and weights fitted on K-1 folds of topics.",
        ),
    ] = None,
    data: DataOpt = None,
    limit: LimitOpt = None,
    predictions: PredOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Event-based document clustering on ECB+ (all documents together, no gold topics)."""
    run_eval(
        "clustering",
        data=data,
        specific=ecbplus,
        predictions=predictions,
        limit=limit,
        as_json=as_json,
        options={"tune": tune, "cv": cv, "cv_folds": cv_folds},
    )


@eval_app.command("records")
@cli_errors
def eval_records(
    gold: Annotated[Path, typer.Option("--gold", help="Gold record file (JSON, schema v1).")],
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Pages (any format ingest reads) and CAT XML (ECB+) folders."),
    ] = None,
    db: Annotated[
        Path | None, typer.Option("--db", help="Keep the database here (default: temporary).")
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", "-j", min=1, help=WORKERS_HELP)
    ] = None,
    data: DataOpt = None,
    limit: LimitOpt = None,
    predictions: PredOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The whole record end to end: ingest the pages as `dateline ingest` does, then score the
    merged events and control timelines against a gold file (default pages: ECB+ dev)."""
    from dateline.evaluation import records_eval
    from dateline.executors import make_executor

    settings = _settings()
    if not gold.exists():
        raise EvalDataError(f"gold file not found: {gold}")
    where = paths or [eval_data_path("records", data, None, settings)]
    runner = make_executor(None, workers=workers)
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), MofNCompleteColumn(),
        TimeElapsedColumn(), console=_err(), transient=True,
    ) as progress:  # fmt: skip
        task = progress.add_task("records: ingest", total=None)
        try:
            result = records_eval.run(
                where,
                gold=gold,
                predictions=predictions,
                limit=limit,
                db=db,
                pipeline_for=readers.Pipelines(settings, None),
                executor=runner,
                on_result=lambda item, outcome: progress.update(task, advance=1),
            )
        finally:
            runner.close()
    if as_json:
        typer.echo(_dump(result))
        return
    _out().print(render_eval(result))
    _out().print(records_eval.per_event_table(result))
    for r in result["rejections"][:20]:
        _err().print(_t(f"rejected [{r['code']}] {r['uri']}: {_clip(r['reason'], 120)}", "yellow"))
    if result["missing_docs"]:
        _err().print(_t(f"{len(result['missing_docs'])} gold documents not among the pages"))
    if predictions is not None:
        _err().print(_t(f"predictions written to {predictions}"))


# corpus-level steps (src/dateline/corpus) and the web page / REST API (src/dateline/api)
from dateline.cli import corpus as corpus_cli  # noqa: E402
from dateline.cli.serve import serve  # noqa: E402

app.command("dedup")(corpus_cli.dedup)
app.command("merge")(corpus_cli.merge)
app.command("control")(corpus_cli.control)
app.command()(serve)

if __name__ == "__main__":  # pragma: no cover
    app()
