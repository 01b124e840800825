"""Places: the offline gazetteer (name tables, build, lookup) and the places stage that finds,
geocodes and disambiguates the toponyms of an article."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dateline.places.stage import Places

__all__ = ["Places"]

_STAGES = {"Places": "dateline.places.stage"}


def __getattr__(name: str) -> Any:
    """The stages, imported on first use (importing one module of the package stays light)."""
    if name in _STAGES:
        return getattr(import_module(_STAGES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
