"""Content types and charsets: is a response HTML, and how to decode its bytes."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable

HTML_TYPES = ("text/html", "application/xhtml+xml")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
SNIFF_BYTES = 4096  # where <meta charset> and <html are looked for

ProgressCallback = Callable[[int, int], None]


_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_SNIFF = re.compile(rb"<html[\s>]|<!doctype\s+html", re.I)
_WINDOWS_1252_ALIASES = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii"}


def media_type(content_type: str | None) -> str:
    """'text/html; charset=x' -> 'text/html'."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def is_html_type(content_type: str | None) -> bool:
    """True for text/html and application/xhtml+xml."""
    return media_type(content_type) in HTML_TYPES


def looks_like_html(body: bytes) -> bool:
    """True when the first bytes contain an <html> tag or an HTML doctype."""
    return bool(_HTML_SNIFF.search(body[:SNIFF_BYTES]))


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def meta_charset(body: bytes) -> str | None:
    """The charset of a <meta charset> or <meta http-equiv content-type> in the first bytes."""
    match = _META_CHARSET.search(body[:SNIFF_BYTES])
    return match.group(1).decode("ascii") if match else None


def python_codec(label: str | None) -> str | None:
    """A Python codec name for a web charset label (WHATWG: latin-1/ascii mean windows-1252)."""
    if not label:
        return None
    label = label.strip().lower()
    if label in _WINDOWS_1252_ALIASES:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _bom_codec(body: bytes) -> str | None:
    if body.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _guess_codec(body: bytes) -> str:
    """charset_normalizer's best guess when installed, else windows-1252."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - optional
        return "cp1252"
    best = from_bytes(body[:65536]).best()
    return python_codec(best.encoding) if best is not None else "cp1252"


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Text of an HTML body: BOM, HTTP charset, <meta> charset, UTF-8, then a guess."""
    bom = _bom_codec(body)
    if bom:
        return body.decode(bom, errors="replace")
    declared = [
        python_codec(charset_from_content_type(content_type)),
        python_codec(meta_charset(body)),
    ]
    for codec in declared:
        if codec is None:
            continue
        if codec.startswith("utf-16"):  # an ASCII-readable <meta> cannot be UTF-16
            codec = "utf-8"
        try:
            return body.decode(codec)
        except UnicodeDecodeError:
            if codec != "utf-8":  # a wrong UTF-8 label is common; anything else is trusted
                return body.decode(codec, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode(_guess_codec(body) or "cp1252", errors="replace")


# --- local files --------------------------------------------------------------------------------
