"""Language: the shared spaCy pipeline, the parse stage, named entities with canonical names and
titles, actor names in ACLED's style, the lexicons and the sentence encoder they share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.registry import lazy_exports

if TYPE_CHECKING:
    from dateline.language.entities import Entities
    from dateline.language.parse import Parse

__all__ = ["Parse", "Entities"]
__getattr__ = lazy_exports(
    __name__, {"Parse": "dateline.language.parse", "Entities": "dateline.language.entities"}
)
