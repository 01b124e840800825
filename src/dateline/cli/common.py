"""What every ``dateline`` command shares: the error boundary (coded errors as one line on stderr),
consoles, settings and small formatting helpers."""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from dateline.config import Settings, load_settings, valid_timezone
from dateline.errors import CATALOGUE, DatelineError
from dateline.records import Article

log = logging.getLogger("dateline.cli")

P = ParamSpec("P")
R = TypeVar("R")


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


DB_HELP = "DuckDB database file (env DATELINE_DB; default ./dateline.duckdb)"
WORKERS_HELP = (
    "Worker processes for the analysis (default: the usable cores, at most 8; more than one"
    " runs on the multiprocessing executor)."
)
