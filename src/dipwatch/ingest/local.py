"""Feeds and pages read from disk: local feed files and the file: links they may contain."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from dipwatch.ingest.decoding import decode_html, is_html_type, looks_like_html
from dipwatch.ingest.http import PageError
from dipwatch.models import FeedEntry, Page

HTML_TYPES = ("text/html", "application/xhtml+xml")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
SNIFF_BYTES = 4096  # where <meta charset> and <html are looked for

ProgressCallback = Callable[[int, int], None]


def url_scheme(url: str) -> str:
    """The lower-cased scheme of a URL ("" when it has none or cannot be parsed)."""
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:  # e.g. "http://[::1/broken": invalid IPv6 literal
        return ""


def is_http_url(url: str | None) -> bool:
    """True for http:// and https:// URLs."""
    return bool(url) and url_scheme(url or "") in ("http", "https")


def local_feed_path(feed_url: str) -> Path:
    """The path of a local feed given as a path or a file:// URI."""
    if feed_url.startswith("file://"):
        return Path(url2pathname(urlsplit(feed_url).path))
    return Path(feed_url)


def feed_directory(feed_url: str) -> Path:
    """The directory of a local feed file (feed_url is a path or a file:// URI)."""
    return local_feed_path(feed_url).resolve().parent


def local_page_path(url: str, feed_url: str | None) -> Path:
    """The file a file:// page URL names, if a local feed may read it; else PageError."""
    if not feed_url or is_http_url(feed_url):
        raise PageError("file: URL refused (only links of a local feed file may be read from disk)")
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise PageError(f"file: URL with a host refused ({parts.netloc})")
    path = Path(url2pathname(parts.path)).resolve()
    if not path.is_relative_to(feed_directory(feed_url)):
        raise PageError("file: URL outside the feed file's directory refused")
    if not path.is_file():
        raise PageError(f"file not found: {path}")
    return path


def read_local_page(entry: FeedEntry, max_bytes: int) -> Page:
    """A Page from a file:// link of a local feed (same checks as HTTP pages)."""
    url = entry.link or ""
    path = local_page_path(url, entry.feed_url)
    if path.stat().st_size > max_bytes:
        raise PageError(f"page exceeds {max_bytes} bytes")
    body = path.read_bytes()
    if not body.strip():
        raise PageError("empty page")
    content_type = mimetypes.guess_type(path.name)[0]
    html_like = is_html_type(content_type) if content_type else looks_like_html(body)
    if not html_like:
        raise PageError(f"not an HTML page (content-type {content_type or 'unknown'})")
    return Page(
        url=url,
        final_url=url,
        status="ok",
        content_type=content_type,
        html=decode_html(body),
        entry=entry,
    )


# --- the fetcher --------------------------------------------------------------------------------
