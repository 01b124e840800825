"""Page sniffing and decoding: which bytes are a page, in which charset, and whether it is HTML.

Shared by the readers (:mod:`dateline.pages.readers`, :mod:`dateline.pages.warc`) and the HTML
page stage. HTML is decoded by :func:`decode_html`: a byte-order mark wins, then UTF-16/UTF-32
without a mark (NUL-byte patterns, :func:`sniff_wide`), then valid UTF-8, then the declared
charset (HTTP header or ``<meta charset>``) when the bytes decode with it, then
``charset-normalizer``.
"""

from __future__ import annotations

import codecs
import logging
import re

log = logging.getLogger(__name__)


def decode(data: bytes) -> str:
    """Decode a page: UTF-8 (with or without BOM), else Windows-1252 when it decodes cleanly."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252")  # raises UnicodeDecodeError on the five undefined bytes
    log.debug("decoded as cp1252 (not valid UTF-8)")
    return text


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)|"""
    rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""",
    re.I,
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:\-]+)", re.I)
#: four or more non-ASCII letters in a row: mojibake when read as Windows-1252
_MOJIBAKE = re.compile(r"[^\x00-\x7f\W\d_]{4,}")


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset a page declares: HTTP ``Content-Type`` first, else ``<meta>`` / XML decl."""
    if content_type:
        m = _HEADER_CHARSET.search(content_type)
        if m and _codec(m.group(1)):
            return _codec(m.group(1))
    m2 = _META_CHARSET.search(data[:8192])
    if m2:
        name = (m2.group(1) or m2.group(2) or b"").decode("ascii", "replace")
        return _codec(name)
    return None


_WIDE = ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be")


def sniff_wide(data: bytes) -> str | None:
    """UTF-16 or UTF-32 (LE/BE) without a byte-order mark, by the pattern of NUL bytes.

    Markup is mostly ASCII: in UTF-32LE three bytes of every four are NUL after the
    character, in UTF-16BE one of two before it, and so on. The pattern is read on the
    first 4 KiB; the guess must decode and read as markup. When the pattern is unclear
    (much non-Latin text) ``charset-normalizer`` is asked, when installed.
    """
    head = data[:4096]
    head = head[: len(head) - len(head) % 4]
    if len(head) < 8 or b"\x00" not in head:
        return None
    n = len(head) // 4
    zeros = [sum(1 for i in range(k, len(head), 4) if head[i] == 0) / n for k in range(4)]
    guesses: list[str] = []
    if zeros[1] > 0.6 and zeros[2] > 0.6 and zeros[3] > 0.6 and zeros[0] < 0.4:
        guesses.append("utf-32-le")
    if zeros[0] > 0.6 and zeros[1] > 0.6 and zeros[2] > 0.6 and zeros[3] < 0.4:
        guesses.append("utf-32-be")
    odd, even = (zeros[1] + zeros[3]) / 2, (zeros[0] + zeros[2]) / 2
    if odd > 0.4 and even < 0.2:
        guesses.append("utf-16-le")
    if even > 0.4 and odd < 0.2:
        guesses.append("utf-16-be")
    for enc in guesses:
        if _reads_as_markup(data, enc):
            return enc
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a dependency of the project's readers
        return None
    best = from_bytes(data[:65536]).best()
    enc = (_codec(best.encoding) or "") if best is not None else ""
    if enc.startswith(("utf-16", "utf-32")):
        for wide in _WIDE:
            if wide.startswith(enc[:6]) and _reads_as_markup(data, wide):
                return wide
    return None


def _reads_as_markup(data: bytes, enc: str) -> bool:
    unit = 4 if "32" in enc else 2
    try:
        text = data[: len(data) - len(data) % unit].decode(enc)
    except UnicodeDecodeError:
        return False
    return "\x00" not in text[:4096] and looks_like_html(text)


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode an HTML page whose declared charset may be wrong; returns (text, encoding).

    Order: byte-order mark; UTF-16/UTF-32 without a mark (:func:`sniff_wide`); valid
    UTF-8 (a page that decodes as UTF-8 is UTF-8 whatever it says); the declared charset
    when the bytes decode with it; Windows-1252 when that reads as Western text; else the
    best guess of ``charset-normalizer``.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", "")
            except UnicodeDecodeError:
                break
    wide = sniff_wide(data) if b"\x00" in data[:4096] else None
    if wide is not None:
        unit = 4 if "32" in wide else 2
        return data[: len(data) - len(data) % unit].decode(wide), wide
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data, content_type)
    if declared and declared not in ("utf-8", "ascii"):
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            log.debug("declared charset %s does not decode the page", declared)
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if text and not _MOJIBAKE.search(text):
        return text, "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return str(best), _codec(best.encoding) or best.encoding
    return data.decode("utf-8", errors="replace"), "utf-8"


def looks_like_html(content: str) -> bool:
    """True when ``content`` is markup (a tag of a page's structure near its start)."""
    head = content[:4096].lower()
    return bool(
        re.search(r"<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title>", head)
        or len(re.findall(r"</?(?:p|div|br|span|a|article|section|h[1-6])[\s/>]", head)) >= 3
    )
