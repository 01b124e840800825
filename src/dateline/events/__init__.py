"""Events: ACLED events mapped to PLOVER — the trigger lexicon, the rules for triggers, actors,
dates, places, fatalities and claims, the ACLED/PLOVER schema, the learned typer, and the events stage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.registry import lazy_exports

if TYPE_CHECKING:
    from dateline.events.stage import Events

__all__ = ["Events"]
__getattr__ = lazy_exports(__name__, {"Events": "dateline.events.stage"})
