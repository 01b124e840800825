"""Events: ACLED events mapped to PLOVER — the trigger lexicon, the rules for triggers, actors,
dates, places, fatalities and claims, the ACLED/PLOVER schema, the learned typer, and the events stage."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dateline.events.stage import Events

__all__ = ["Events"]

_STAGES = {"Events": "dateline.events.stage"}


def __getattr__(name: str) -> Any:
    """The stages, imported on first use (importing one module of the package stays light)."""
    if name in _STAGES:
        return getattr(import_module(_STAGES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
