"""Text keys the page modules compare by: whitespace-cleaned text and a lower-case comparison key."""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")


def clean(text: str | None) -> str:
    """Whitespace collapsed, NFC, stripped."""
    if not text:
        return ""
    return _WS.sub(" ", unicodedata.normalize("NFC", text).replace("\u00a0", " ")).strip()


def norm_key(text: str | None) -> str:
    """A comparison key: lower case, letters and digits only, single spaces."""
    t = unicodedata.normalize("NFKC", text or "").lower()
    t = re.sub(r"[^\w\s]|_", " ", t)
    return _WS.sub(" ", t).strip()
