"""Quotes: who said what — the cue lexicon, the attribution rules, the CRF and network taggers, speakers,
and the quotes stage that combines them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.registry import lazy_exports

if TYPE_CHECKING:
    from dateline.quotes.stage import Quotes

__all__ = ["Quotes"]
__getattr__ = lazy_exports(__name__, {"Quotes": "dateline.quotes.stage"})
