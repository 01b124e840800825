"""Time: TIMEX3 tagging and normalisation of temporal expressions against the reference date,
and the times stage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.registry import lazy_exports

if TYPE_CHECKING:
    from dateline.time.stage import Times

__all__ = ["Times"]
__getattr__ = lazy_exports(__name__, {"Times": "dateline.time.stage"})
