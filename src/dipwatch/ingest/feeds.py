"""Polling RSS/Atom feeds: conditional GET (or a content hash for local files), then feedparser.

feedparser only ever sees bytes we fetched or read ourselves (wrapped in BytesIO, so it can
never open a URL or a path). Entry links are resolved and vetted here: only http(s) links are
returned to fetch; relative links of a *local* feed file become file:// URIs of files inside
that file's directory; anything else is reported in `FeedResult.rejected`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import io
import logging
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

import feedparser
import httpx

from dipwatch.config import FeedSpec, Settings
from dipwatch.ingest.decoding import is_html_type, looks_like_html
from dipwatch.ingest.http import (
    PageError,
    RetryableError,
    check_status,
    conditional_headers,
    describe_transport_error,
    http_timeout,
    one_line,
    retry_delay,
)
from dipwatch.ingest.local import feed_directory, is_http_url, local_feed_path
from dipwatch.models import FeedEntry, FeedResult, FeedState

log = logging.getLogger("dipwatch.ingest.feeds")

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"
)
HTML_NOT_FEED = "feed returned an HTML page, not RSS/Atom"
# feedparser complains when the HTTP charset and the XML declaration disagree; not malformed.
_BENIGN_BOZO = ("CharacterEncodingOverride",)


class LinkRejected(Exception):
    """An entry link that must not be fetched, with the reason."""


# --- links and entries ----------------------------------------------------------------------------


def resolve_link(link: str | None, feed_url: str) -> str:
    """The absolute URL to fetch for an entry link, or LinkRejected with the reason."""
    link = (link or "").strip()
    if not link:
        raise LinkRejected("entry has no link")
    try:
        return _resolve(link, feed_url)
    except ValueError as exc:  # urllib: e.g. an invalid IPv6 literal
        raise LinkRejected(one_line(f"invalid URL: {exc}")) from None


def _resolve(link: str, feed_url: str) -> str:
    parts = urlsplit(link)
    scheme = parts.scheme.lower()
    if scheme:
        if scheme in ("http", "https"):
            return link
        raise LinkRejected(f"unsupported URL scheme {scheme!r}")
    if is_http_url(feed_url):
        return urljoin(feed_url, link)
    return _local_link(link, feed_url)


def _local_link(link: str, feed_url: str) -> str:
    """A relative link of a local feed file -> file:// URI inside the feed file's directory."""
    parts = urlsplit(link)
    if parts.netloc:
        raise LinkRejected("link with a host but no scheme in a local feed")
    base = feed_directory(feed_url)
    target = (base / url2pathname(parts.path)).resolve()
    if not target.is_relative_to(base):
        raise LinkRejected("link escapes the feed file's directory")
    return target.as_uri()


def _published(item: Mapping[str, Any]) -> dt.datetime | None:
    """Aware UTC datetime from published_parsed, else updated_parsed; None if neither is usable."""
    for key in ("published_parsed", "updated_parsed"):
        parsed = item.get(key)
        if not parsed:
            continue
        try:
            return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC)
        except (OverflowError, ValueError, TypeError, OSError):
            continue
    return None


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def entries_from(parsed: Any, feed_url: str) -> tuple[list[FeedEntry], list[tuple[str, str]]]:
    """FeedEntry records (deduplicated by link) and (link, reason) rejects of a parsed feed."""
    entries: list[FeedEntry] = []
    rejected: list[tuple[str, str]] = []
    seen: set[str] = set()
    for item in parsed.entries:
        raw = item.get("link") or ""
        try:
            link = resolve_link(raw, feed_url)
        except LinkRejected as exc:
            rejected.append((raw, str(exc)))
            continue
        if link in seen:
            continue
        seen.add(link)
        entries.append(
            FeedEntry(
                feed_url=feed_url,
                link=link,
                title=_text(item.get("title")),
                published=_published(item),
                summary=_text(item.get("summary")),
                guid=_text(item.get("id")),
            )
        )
    return entries, rejected


# --- parsing ----------------------------------------------------------------------------------


def _bozo_message(parsed: Any) -> str | None:
    """One line describing why feedparser found the feed malformed; None if it did not."""
    exc = parsed.get("bozo_exception")
    if not parsed.get("bozo") or exc is None or type(exc).__name__ in _BENIGN_BOZO:
        return None
    return one_line(f"malformed feed: {type(exc).__name__}: {exc}")


def parse_feed(data: bytes, feed_url: str, content_type: str | None = None) -> FeedResult:
    """A FeedResult ("ok" or "error") from feed bytes; validators are left for the caller."""
    headers = {"content-type": content_type} if content_type and "charset" in content_type else {}
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    entries, rejected = entries_from(parsed, feed_url)
    bozo = _bozo_message(parsed)
    if not parsed.entries:
        if is_html_type(content_type) or looks_like_html(data):
            return FeedResult(feed_url, "error", error=HTML_NOT_FEED)
        if not parsed.get("version"):
            return FeedResult(feed_url, "error", error=bozo or "not an RSS/Atom feed")
    title = _text(parsed.feed.get("title"))
    return FeedResult(feed_url, "ok", entries=entries, title=title, error=bozo, rejected=rejected)


# --- local files ------------------------------------------------------------------------------


def content_digest(data: bytes) -> str:
    """The pseudo-ETag of a local feed file: sha256 of its bytes."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _poll_local(spec: FeedSpec, state: FeedState | None) -> FeedResult:
    path = local_feed_path(spec.url)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return FeedResult(spec.url, "error", error=f"feed file not found: {path}")
    except OSError as exc:
        return FeedResult(spec.url, "error", error=one_line(f"feed file unreadable: {exc}"))
    digest = content_digest(data)
    if state is not None and state.etag == digest:
        return FeedResult(spec.url, "not_modified", etag=digest)
    result = parse_feed(data, spec.url)
    result.etag = digest
    return result


# --- remote feeds -----------------------------------------------------------------------------


def make_client(settings: Settings) -> httpx.Client:
    """The synchronous client feeds are polled with (redirects followed, http(s) only)."""
    return httpx.Client(
        headers={"User-Agent": settings.user_agent, "Accept": FEED_ACCEPT},
        timeout=http_timeout(settings),
        follow_redirects=True,
        max_redirects=max(0, settings.max_redirects),
    )


def _request_headers(
    etag: str | None, last_modified: str | None, settings: Settings
) -> dict[str, str]:
    # User-Agent and Accept again: poll_feed may be given a caller's client without them
    headers = {"User-Agent": settings.user_agent, "Accept": FEED_ACCEPT}
    return headers | conditional_headers(etag, last_modified)


def _read_body(resp: httpx.Response, settings: Settings, deadline: float) -> bytes:
    """The body, stopping at max_page_bytes and at the total-timeout deadline."""
    limit = settings.max_page_bytes
    chunks: list[bytes] = []
    size = 0
    for chunk in resp.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise PageError(f"feed exceeds {limit} bytes", resp.status_code)
        if time.monotonic() > deadline:
            raise RetryableError(f"timed out (total {settings.total_timeout:g} s)")
        chunks.append(chunk)
    return b"".join(chunks)


def _get_once(
    client: httpx.Client, url: str, headers: dict[str, str], settings: Settings
) -> tuple[httpx.Response, bytes]:
    """One GET: (response, body) for 2xx/304, RetryableError for 5xx/429, PageError otherwise."""
    deadline = time.monotonic() + settings.total_timeout
    with client.stream("GET", url, headers=headers) as resp:
        check_status(resp)
        if resp.status_code == 304:
            return resp, b""
        return resp, _read_body(resp, settings, deadline)


def _get(
    client: httpx.Client, url: str, headers: dict[str, str], settings: Settings
) -> tuple[httpx.Response, bytes]:
    """_get_once with the page retry policy (timeouts, connection errors, 5xx, 429)."""
    attempts = max(0, settings.retries) + 1
    last = RetryableError("not attempted")
    for attempt in range(1, attempts + 1):
        try:
            return _get_once(client, url, headers, settings)
        except RetryableError as exc:
            last = exc
        except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            last = RetryableError(describe_transport_error(exc))
        except httpx.TooManyRedirects:
            raise PageError(f"too many redirects (more than {settings.max_redirects})") from None
        except httpx.UnsupportedProtocol as exc:
            raise PageError(
                one_line(f"redirect to unsupported URL scheme refused: {exc}")
            ) from None
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise PageError(one_line(f"HTTP client error: {exc}")) from None
        if attempt < attempts:
            time.sleep(retry_delay(attempt, settings, last.retry_after))
    suffix = f" (after {attempts} attempts)" if attempts > 1 else ""
    raise PageError(f"{last}{suffix}", last.http_status)


def _poll_remote(
    spec: FeedSpec, state: FeedState | None, settings: Settings, client: httpx.Client
) -> FeedResult:
    old_etag = state.etag if state else None
    old_lm = state.last_modified if state else None
    try:
        resp, data = _get(client, spec.url, _request_headers(old_etag, old_lm, settings), settings)
    except PageError as exc:
        return FeedResult(
            spec.url,
            "error",
            etag=old_etag,
            last_modified=old_lm,
            http_status=exc.http_status,
            error=str(exc),
        )
    etag = resp.headers.get("etag") or old_etag
    last_modified = resp.headers.get("last-modified") or old_lm
    if resp.status_code == 304:
        return FeedResult(
            spec.url, "not_modified", etag=etag, last_modified=last_modified, http_status=304
        )
    result = parse_feed(data, spec.url, resp.headers.get("content-type"))
    result.http_status = resp.status_code
    if result.status == "error":
        result.etag, result.last_modified = old_etag, old_lm  # refetch it next time
    else:
        result.etag, result.last_modified = (
            resp.headers.get("etag"),
            resp.headers.get("last-modified"),
        )
    return result


# --- public API -------------------------------------------------------------------------------


def poll_feed(
    spec: FeedSpec, state: FeedState | None, settings: Settings, client: httpx.Client | None = None
) -> FeedResult:
    """Poll one feed (http(s) URL or local file path); never raises.

    "ok" results carry the validators to store (etag/last_modified; a content sha256 as etag
    for local files); "error" results carry the previous ones back unchanged.
    """
    try:
        if not is_http_url(spec.url):
            result = _poll_local(spec, state)
        elif client is not None:
            result = _poll_remote(spec, state, settings, client)
        else:
            with make_client(settings) as own:
                result = _poll_remote(spec, state, settings, own)
    except Exception as exc:  # a bug must not sink the other feeds
        result = FeedResult(
            spec.url, "error", error=one_line(f"internal error: {type(exc).__name__}: {exc}")
        )
    _log(result)
    return result


def _log(result: FeedResult) -> None:
    if result.status == "error":
        log.warning("feed %s: %s", result.url, result.error)
    elif result.error:
        log.warning(
            "feed %s: %d entries despite: %s", result.url, len(result.entries), result.error
        )
    else:
        log.debug("feed %s: %s, %d entries", result.url, result.status, len(result.entries))


class _HostSlots:
    """Per-host semaphores for polling feeds from threads."""

    def __init__(self, per_host: int):
        self._per_host = max(1, per_host)
        self._slots: dict[str, threading.Semaphore] = {}
        self._lock = threading.Lock()

    @contextmanager
    def hold(self, url: str) -> Iterator[None]:
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            slot = self._slots.setdefault(host, threading.Semaphore(self._per_host))
        with slot:
            yield


def poll_feeds(
    specs: Sequence[FeedSpec], states: Mapping[str, FeedState] | None, settings: Settings
) -> list[FeedResult]:
    """Poll several feeds concurrently (concurrency / per_host limits), one result per spec."""
    if not specs:
        return []
    states = states or {}
    slots = _HostSlots(settings.per_host)

    def one(spec: FeedSpec) -> FeedResult:
        with slots.hold(spec.url):
            return poll_feed(spec, states.get(spec.url), settings, client)

    with (
        make_client(settings) as client,
        ThreadPoolExecutor(
            max_workers=max(1, min(settings.concurrency, len(specs))),
            thread_name_prefix="dipwatch-feeds",
        ) as pool,
    ):
        return list(pool.map(one, specs))
