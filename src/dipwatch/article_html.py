"""Page parsing (the way trafilatura parses) and the text helpers every article reader shares."""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

log = logging.getLogger("dipwatch.article")


_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I
)


def _decode(data: bytes) -> str:
    """Text of an undecoded page: BOM, then valid UTF-8, then its <meta> charset, then cp1252.
    (The pipeline decodes pages when fetching them; this is for callers that did not.)"""
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(data[:4096])
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return data.decode("cp1252", errors="replace")


def _load_html(html: str) -> etree._Element | None:
    try:
        from trafilatura.utils import load_html
    except ImportError:  # moved in some trafilatura release: parse the same way ourselves
        parser = lxml.html.HTMLParser(
            collect_ids=False,
            default_doctype=False,
            encoding="utf-8",
            remove_comments=True,
            remove_pis=True,
        )
        return lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    return load_html(html)


def parse_html(html: str | bytes | None) -> HtmlElement | None:
    """Parse a page into an lxml tree the way trafilatura does; None for nothing usable."""
    if isinstance(html, bytes | bytearray):
        html = _decode(bytes(html))
    if not isinstance(html, str) or not html.strip():
        return None
    try:
        tree = _load_html(html)
    except Exception:  # lxml raises a variety of errors on hostile input
        log.debug("unparseable page", exc_info=True)
        return None
    if tree is None or not isinstance(tree, etree._Element):
        return None
    return tree  # type: ignore[return-value]


# --------------------------------------------------------------------------- text helpers


def _norm_space(text: str | None) -> str:
    return " ".join((text or "").split())


_STRING = etree.XPath("string()")  # what HtmlElement.text_content() runs, for any element


def _text(el: HtmlElement) -> str:
    try:
        return _norm_space(str(_STRING(el)))
    except (ValueError, etree.XPathError):
        return ""


_WORD = re.compile(r"\w+")


def _host(url: str | None) -> str:
    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host
