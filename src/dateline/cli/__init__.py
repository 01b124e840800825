"""The ``dateline`` command line; the Typer app is ``dateline.cli.main:app``."""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "app":
        from dateline.cli.main import app

        return app
    raise AttributeError(name)
