"""Page parsing (the way trafilatura parses) and the text helpers every article reader shares."""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement
from trafilatura.utils import load_html

log = logging.getLogger("dipwatch.articles.extract")


def parse_html(html: str | bytes | None) -> HtmlElement | None:
    """Parse a page into an lxml tree the way trafilatura does; None for nothing usable."""
    if isinstance(html, bytes | bytearray):
        # undecoded bytes (the pipeline decodes pages when fetching them): the fetcher's rules
        from dipwatch.ingest.decoding import decode_html

        html = decode_html(bytes(html))
    if not isinstance(html, str) or not html.strip():
        return None
    try:
        tree = load_html(html)
    except Exception:  # lxml raises a variety of errors on hostile input
        log.debug("unparseable page", exc_info=True)
        return None
    if tree is None or not isinstance(tree, etree._Element):
        return None
    return tree  # type: ignore[return-value]


# --------------------------------------------------------------------------- text helpers


def norm_space(text: str | None) -> str:
    return " ".join((text or "").split())


_STRING = etree.XPath("string()")  # what HtmlElement.text_content() runs, for any element


def node_text(el: HtmlElement) -> str:
    try:
        return norm_space(str(_STRING(el)))
    except (ValueError, etree.XPathError):
        return ""


WORD = re.compile(r"\w+")


def host_of(url: str | None) -> str:
    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host
