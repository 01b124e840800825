"""Places: the offline gazetteer (name tables, build, lookup) and the places stage that finds,
geocodes and disambiguates the toponyms of an article."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.registry import lazy_exports

if TYPE_CHECKING:
    from dateline.places.stage import Places

__all__ = ["Places"]
__getattr__ = lazy_exports(__name__, {"Places": "dateline.places.stage"})
