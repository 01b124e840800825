"""Quotes: who said what — the cue lexicon, the attribution rules, the CRF and network taggers, speakers,
and the quotes stage that combines them."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dateline.quotes.stage import Quotes

__all__ = ["Quotes"]

_STAGES = {"Quotes": "dateline.quotes.stage"}


def __getattr__(name: str) -> Any:
    """The stages, imported on first use (importing one module of the package stays light)."""
    if name in _STAGES:
        return getattr(import_module(_STAGES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
