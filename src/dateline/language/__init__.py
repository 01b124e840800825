"""Language: the shared spaCy pipeline, the parse stage, named entities with canonical names and
titles, actor names in ACLED's style, the lexicons and the sentence encoder they share."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dateline.language.entities import Entities
    from dateline.language.parse import Parse

__all__ = ["Parse", "Entities"]

_STAGES = {"Parse": "dateline.language.parse", "Entities": "dateline.language.entities"}


def __getattr__(name: str) -> Any:
    """The stages, imported on first use (importing one module of the package stays light)."""
    if name in _STAGES:
        return getattr(import_module(_STAGES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
