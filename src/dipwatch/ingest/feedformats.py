"""Feed documents before and beside feedparser: JSON Feed, and invalid characters repaired.

feedparser reads RSS and Atom; JSON Feed (1.0 and 1.1, https://jsonfeed.org/version/1.1) is
read here into the same shape (`entries` with link/title/summary/id/published_parsed, `feed`
with title). Invalid characters never cost a feed: a character reference to a code point XML
forbids (`&#xD800;`, `&#0;`, beyond U+10FFFF, which crash feedparser), control bytes, and
invalid UTF-8 in a UTF-8 document are replaced with U+FFFD before parsing, and every text
taken from a feed is cleaned of what is left (lone surrogates, XML-invalid characters).
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from typing import Any

import feedparser

from dipwatch.ingest.http import one_line

JSON_TYPES = ("application/feed+json", "application/json")
REPLACEMENT = "\ufffd"

_INVALID_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)""")
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


def clean_text(text: str) -> str:
    """Text with lone surrogates and XML-invalid characters replaced by U+FFFD."""
    return _INVALID_TEXT.sub(REPLACEMENT, text)


def _valid_code_point(n: int) -> bool:
    return (
        n in (0x9, 0xA, 0xD)
        or 0x20 <= n <= 0xD7FF
        or 0xE000 <= n <= 0xFFFD
        or 0x10000 <= n <= 0x10FFFF
    )


def _ref(match: re.Match[bytes]) -> bytes:
    hexa, dec = match.groups()
    n = int(hexa, 16) if hexa else int(dec)
    return match.group(0) if _valid_code_point(n) else b"&#xFFFD;"


def repair_xml(data: bytes, content_type: str | None = None) -> bytes:
    """Feed bytes with invalid character references, control bytes and bad UTF-8 replaced.

    Documents in UTF-16/32 are left as they are (their bytes cannot be scanned like this).
    """
    if data.startswith(_WIDE_BOMS) or data[:2] in (b"\x00<", b"<\x00"):
        return data
    data = _CHAR_REF.sub(_ref, data)
    data = _CONTROL_BYTES.sub("\ufffd".encode() if _is_utf8(data, content_type) else b"?", data)
    if _is_utf8(data, content_type):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            data = data.decode("utf-8", errors="replace").encode("utf-8")
    return data


def _is_utf8(data: bytes, content_type: str | None) -> bool:
    """True when the document is (declared or assumed) UTF-8."""
    declared = None
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            declared = value.strip().strip("\"'")
    if declared is None:
        match = _XML_ENCODING.match(data.removeprefix(codecs.BOM_UTF8))
        declared = match.group(1).decode("ascii") if match else "utf-8"
    try:
        return codecs.lookup(declared).name == "utf-8"
    except LookupError:
        return False


# --- JSON Feed -------------------------------------------------------------------------------


def looks_like_json(data: bytes, content_type: str | None) -> bool:
    """True for a JSON body (by content type, or a body that opens with `{`)."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return media in JSON_TYPES or data.removeprefix(codecs.BOM_UTF8).lstrip()[:1] == b"{"


class JSONFeedError(ValueError):
    """A JSON body that is not a JSON Feed (one line)."""


def _time_tuple(value: Any) -> Any:
    """An RFC 3339 date as feedparser's UTC struct_time; None if absent or unreadable."""
    if not isinstance(value, str):
        return None
    try:
        when = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).timetuple()


def _string(value: Any) -> str | None:
    return clean_text(value) if isinstance(value, str) else None


def parse_json_feed(data: bytes) -> feedparser.FeedParserDict:
    """A JSON Feed in feedparser's shape; JSONFeedError when it is not one."""
    try:
        doc = json.loads(data.decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError) as exc:
        raise JSONFeedError(one_line(f"malformed JSON feed: {exc}")) from None
    if not isinstance(doc, dict) or "jsonfeed.org/version/" not in str(doc.get("version", "")):
        raise JSONFeedError("not a JSON Feed (no https://jsonfeed.org/version/ version)")
    items = doc.get("items")
    if not isinstance(items, list):
        raise JSONFeedError("malformed JSON feed: items is not a list")
    entries = []
    for item in items:
        if not isinstance(item, dict):
            continue
        entries.append(
            feedparser.FeedParserDict(
                link=_string(item.get("url")) or _string(item.get("external_url")),
                title=_string(item.get("title")),
                summary=_string(item.get("summary")) or _string(item.get("content_text")),
                id=clean_text(str(item["id"])) if item.get("id") is not None else None,
                published_parsed=_time_tuple(item.get("date_published")),
                updated_parsed=_time_tuple(item.get("date_modified")),
            )
        )
    version = "json1" + ("1" if str(doc.get("version")).endswith("1.1") else "0")
    return feedparser.FeedParserDict(
        version=version,
        bozo=False,
        entries=entries,
        feed=feedparser.FeedParserDict(title=_string(doc.get("title"))),
    )
