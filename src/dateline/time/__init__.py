"""Time: TIMEX3 tagging and normalisation of temporal expressions against the reference date,
and the times stage."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dateline.time.stage import Times

__all__ = ["Times"]

_STAGES = {"Times": "dateline.time.stage"}


def __getattr__(name: str) -> Any:
    """The stages, imported on first use (importing one module of the package stays light)."""
    if name in _STAGES:
        return getattr(import_module(_STAGES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
