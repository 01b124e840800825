"""``dateline eval``: score dateline on the development benchmarks, each task with its own data
option and the options every evaluation shares (``--data``, ``--limit``, ``--predictions``,
``--json``)."""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import (
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from dateline.cli.common import (
    WORKERS_HELP,
    _clip,
    _dump,
    _err,
    _out,
    _settings,
    _t,
    cli_errors,
    log,
)
from dateline.config import Settings
from dateline.errors import DatelineError, EvalDataError
from dateline.pages import readers

eval_app = typer.Typer(
    help="Score dateline on the development benchmarks.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

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


@dataclass(frozen=True)
class EvalOptions:
    """The options every ``dateline eval`` command shares."""

    data: Path | None = None
    limit: int | None = None
    predictions: Path | None = None
    as_json: bool = False


DATA_HELP = "Evaluation data: the task's file/folder or the eval folder (env DATELINE_EVAL_DATA)."
PRED_HELP = "Write dateline's predictions (JSONL) to this file."
_SHARED = [
    inspect.Parameter(
        "data",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[Path | None, typer.Option("--data", help=DATA_HELP)],
    ),
    inspect.Parameter(
        "limit",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            int | None, typer.Option("--limit", min=1, help="Only the first N documents.")
        ],
    ),
    inspect.Parameter(
        "predictions",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[Path | None, typer.Option("--predictions", help=PRED_HELP)],
    ),
    inspect.Parameter(
        "as_json",
        inspect.Parameter.KEYWORD_ONLY,
        default=False,
        annotation=Annotated[
            bool, typer.Option("--json", help="Print the result as one JSON object.")
        ],
    ),
]


def eval_command(name: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register ``fn`` as ``dateline eval NAME`` with its own options followed by the shared
    ones (:class:`EvalOptions`), which it receives together as its ``shared`` argument."""

    def deco(fn: Callable[..., None]) -> Callable[..., None]:
        own = [
            p.replace(kind=inspect.Parameter.KEYWORD_ONLY)
            for p in inspect.signature(fn, eval_str=True).parameters.values()
            if p.name != "shared"
        ]
        params = own + _SHARED

        @functools.wraps(fn)
        def command(**kwargs: Any) -> None:
            shared = EvalOptions(**{p.name: kwargs.pop(p.name) for p in _SHARED})
            fn(**kwargs, shared=shared)

        del command.__wrapped__  # Typer reads the signature below, not fn's
        command.__signature__ = inspect.Signature(params, return_annotation=None)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in params} | {"return": None}
        return eval_app.command(name)(cli_errors(command))

    return deco


def run_eval(
    task: str,
    shared: EvalOptions,
    *,
    specific: Path | None = None,
    options: dict[str, Any] | None = None,
) -> None:
    """Run ``task``'s evaluation module on its data and print (or ``--json``) the result."""
    predictions = shared.predictions
    path = eval_data_path(task, shared.data, specific, _settings())
    module = _eval_module(task)
    opts = {k: v for k, v in (options or {}).items() if v is not None}
    log.debug("eval %s on %s with %s", task, path, opts)
    result = module.run(path, predictions=predictions, limit=shared.limit, **opts)
    if shared.as_json:
        typer.echo(_dump(result))
    else:
        _out().print(render_eval(result))
        for key, value in result.items():
            if key.endswith("_error") and value:
                _err().print(_t(f"{key}: {value}", "yellow"))
        if predictions is not None:
            _err().print(_t(f"predictions written to {predictions}"))


class TimeBaseline(StrEnum):
    heideltime = "heideltime"
    dateparser = "dateparser"


@eval_command("time")
def eval_time(
    timeml: Annotated[
        Path | None, typer.Option("--timeml", help="Folder of TimeML .tml files.")
    ] = None,
    baseline: Annotated[
        TimeBaseline | None, typer.Option("--baseline", help="Baseline to run beside.")
    ] = None,
    *,
    shared: EvalOptions,
) -> None:
    """Time expressions: TempEval-3 task A on TimeML."""
    run_eval(
        "time",
        shared,
        specific=timeml,
        options={"baseline": baseline.value if baseline else None},
    )


@eval_command("geo")
def eval_geo(
    gritta: Annotated[
        Path | None, typer.Option("--gritta", help="A Gritta et al. XML file.")
    ] = None,
    gold_toponyms: Annotated[
        bool,
        typer.Option("--gold-toponyms", help="Geocode the gold toponym spans (resolution only)."),
    ] = False,
    *,
    shared: EvalOptions,
) -> None:
    """Toponym recognition and geocoding (Gritta et al.)."""
    run_eval(
        "geo",
        shared,
        specific=gritta,
        options={"gold_toponyms": gold_toponyms},
    )


@eval_command("quotes")
def eval_quotes(
    polnear: Annotated[
        Path | None,
        typer.Option("--polnear", help="A PolNeAR split folder (text/, attributions/)."),
    ] = None,
    *,
    shared: EvalOptions,
) -> None:
    """Quote attribution on PolNeAR."""
    run_eval(
        "quotes",
        shared,
        specific=polnear,
    )


@eval_command("extraction")
def eval_extraction(
    wcxb: Annotated[
        Path | None,
        typer.Option("--wcxb", help="A WCXB-layout folder (html/NNNN.html.gz, ground-truth/)."),
    ] = None,
    *,
    shared: EvalOptions,
) -> None:
    """Article extraction on WCXB: main text, title, date, author; trafilatura beside it."""
    run_eval(
        "extraction",
        shared,
        specific=wcxb,
    )


@eval_command("events")
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
    *,
    shared: EvalOptions,
) -> None:
    """Event typing on CASE 2021 task 2 (30 types; ACLED's 25) and PLOVER categories."""
    run_eval(
        "events",
        shared,
        specific=case2021,
        options={"cv": cv, "plover": plover, "confidence": confidence},
    )


@eval_command("clustering")
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
    *,
    shared: EvalOptions,
) -> None:
    """Event-based document clustering on ECB+ (all documents together, no gold topics)."""
    run_eval(
        "clustering",
        shared,
        specific=ecbplus,
        options={"tune": tune, "cv": cv, "cv_folds": cv_folds},
    )


@eval_command("french")
def eval_french(
    folder: Annotated[Path, typer.Argument(help="Folder of the French gold pages.")],
    gold: Annotated[
        Path | None, typer.Option("--gold", help="Gold JSON (default: FOLDER/gold.json).")
    ] = None,
    *,
    shared: EvalOptions,
) -> None:
    """French pages against a hand-written gold: time values, quotes with speakers and the
    main event (sub-event type, date, place, fatalities)."""
    from dateline.evaluation import french_eval

    if not folder.is_dir():
        raise EvalDataError(f"French gold folder not found: {folder}")
    result = french_eval.run(folder, gold=gold, predictions=shared.predictions, limit=shared.limit)
    if shared.as_json:
        typer.echo(_dump(result))
        return
    _out().print(render_eval(result))


@eval_command("records")
def eval_records(
    gold: Annotated[Path, typer.Option("--gold", help="Gold record file (JSON, schema v1).")],
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Pages (any format ingest reads), CAT XML (ECB+) and TimeML (.tml) folders."
        ),
    ] = None,
    db: Annotated[
        Path | None, typer.Option("--db", help="Keep the database here (default: temporary).")
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", "-j", min=1, help=WORKERS_HELP)
    ] = None,
    *,
    shared: EvalOptions,
) -> None:
    """The whole record end to end: ingest the pages as `dateline ingest` does, then score the
    merged events and control timelines against a gold file (default pages: ECB+ dev)."""
    from dateline.evaluation import records_eval
    from dateline.executors import make_executor

    settings = _settings()
    if not gold.exists():
        raise EvalDataError(f"gold file not found: {gold}")
    where = paths or [eval_data_path("records", shared.data, None, settings)]
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
                predictions=shared.predictions,
                limit=shared.limit,
                db=db,
                pipeline_for=readers.Pipelines(settings, None),
                executor=runner,
                on_result=lambda item, outcome: progress.update(task, advance=1),
            )
        finally:
            runner.close()
    if shared.as_json:
        typer.echo(_dump(result))
        return
    _out().print(render_eval(result))
    _out().print(records_eval.per_event_table(result))
    for r in result["rejections"][:20]:
        _err().print(_t(f"rejected [{r['code']}] {r['uri']}: {_clip(r['reason'], 120)}", "yellow"))
    if result["missing_docs"]:
        _err().print(_t(f"{len(result['missing_docs'])} gold documents not among the pages"))
    if shared.predictions is not None:
        _err().print(_t(f"predictions written to {shared.predictions}"))
