"""Polling RSS/Atom/JSON feeds: conditional GET (or a content hash for local files), then parsing.

feedparser only ever sees bytes we fetched or read ourselves (wrapped in BytesIO, so it can
never open a URL or a path), repaired of invalid characters first; JSON Feed is read by
`feedformats.py`. Entry links are resolved and vetted here: only http(s) links are returned to
fetch; relative links of a *local* feed file become file:// URIs of files inside that file's
directory; anything else is reported in `FeedResult.rejected`. At most `max_feed_entries`
entries are taken from a feed per refresh. Requests go through the address policy
(`addresses.py`), with one deadline per feed over all its attempts and a size cap on the
decoded body. Failed pages of a feed that are due again ride along as `FeedResult.retries`;
those not due are marked `held`.
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
from contextlib import ExitStack, contextmanager
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

import feedparser
import httpx

from dipwatch.config import FeedSpec, Settings
from dipwatch.ingest.addresses import AddressPolicy, deadline, guarded_transport
from dipwatch.ingest.compression import ACCEPT_ENCODING, Capped
from dipwatch.ingest.decoding import is_html_type, looks_like_html
from dipwatch.ingest.feedformats import (
    JSONFeedError,
    clean_text,
    looks_like_json,
    parse_json_feed,
    repair_xml,
)
from dipwatch.ingest.http import (
    DEFERRED,
    Deferred,
    PageError,
    RetryableError,
    check_status,
    conditional_headers,
    deferral,
    describe_transport_error,
    http_timeout,
    one_line,
    retry_delay,
)
from dipwatch.ingest.local import feed_directory, is_http_url, local_feed_path
from dipwatch.models import FeedEntry, FeedResult, FeedState

log = logging.getLogger("dipwatch.ingest.feeds")

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"
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
    return clean_text(value.strip()) or None if isinstance(value, str) else None


def entries_from(parsed: Any, feed_url: str) -> tuple[list[FeedEntry], list[tuple[str, str]]]:
    """FeedEntry records (deduplicated by link) and (link, reason) rejects of a parsed feed."""
    entries: list[FeedEntry] = []
    rejected: list[tuple[str, str]] = []
    seen: set[str] = set()
    for item in parsed.entries:
        raw = clean_text(item.get("link") or "")
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


def _parsed(data: bytes, content_type: str | None) -> Any:
    """feedparser's result, or JSON Feed's in the same shape (JSONFeedError if not one)."""
    if looks_like_json(data, content_type):
        return parse_json_feed(data)
    headers = {"content-type": content_type} if content_type and "charset" in content_type else {}
    return feedparser.parse(io.BytesIO(repair_xml(data, content_type)), response_headers=headers)


def parse_feed(
    data: bytes, feed_url: str, content_type: str | None = None, max_entries: int | None = None
) -> FeedResult:
    """A FeedResult ("ok" or "error") from feed bytes; validators are left for the caller.

    With `max_entries`, entries past the first `max_entries` are dropped with one rejection.
    """
    try:
        parsed = _parsed(data, content_type)
    except JSONFeedError as exc:
        return FeedResult(feed_url, "error", error=str(exc))
    entries, rejected = entries_from(parsed, feed_url)
    if max_entries is not None and len(entries) > max_entries:
        rejected.append((f"{feed_url}#entries-over-cap", _over_cap(len(entries), max_entries)))
        entries = entries[:max_entries]
    bozo = _bozo_message(parsed)
    if not parsed.entries:
        if is_html_type(content_type) or looks_like_html(data):
            return FeedResult(feed_url, "error", error=HTML_NOT_FEED)
        if not parsed.get("version"):
            return FeedResult(feed_url, "error", error=bozo or "not an RSS/Atom feed")
    title = _text(parsed.feed.get("title"))
    return FeedResult(feed_url, "ok", entries=entries, title=title, error=bozo, rejected=rejected)


def _over_cap(found: int, cap: int) -> str:
    return (
        f"feed has {found} entries; only its first {cap} are taken this refresh "
        f"(max_feed_entries), {found - cap} skipped"
    )


# --- local files ------------------------------------------------------------------------------


def content_digest(data: bytes) -> str:
    """The pseudo-ETag of a local feed file: sha256 of its bytes."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _poll_local(spec: FeedSpec, state: FeedState | None, settings: Settings) -> FeedResult:
    path = local_feed_path(spec.url)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return FeedResult(spec.url, "error", error=f"feed file not found: {path}")
    except OSError as exc:
        return FeedResult(spec.url, "error", error=one_line(f"feed file unreadable: {exc}"))
    if len(data) > settings.max_page_bytes:
        return FeedResult(spec.url, "error", error=f"feed exceeds {settings.max_page_bytes} bytes")
    digest = content_digest(data)
    if state is not None and state.etag == digest:
        return FeedResult(spec.url, "not_modified", etag=digest)
    result = parse_feed(data, spec.url, max_entries=settings.max_feed_entries)
    result.etag = digest
    return result


# --- remote feeds -----------------------------------------------------------------------------


def make_client(settings: Settings, policy: AddressPolicy | None = None) -> httpx.Client:
    """The synchronous client feeds are polled with (redirects followed, http(s) only).

    It connects only where `policy` allows (default: the `allow_private_hosts` setting's).
    """
    policy = policy or AddressPolicy.from_setting(settings.allow_private_hosts)
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=settings.concurrency)
    return httpx.Client(
        headers={
            "User-Agent": settings.user_agent,
            "Accept": FEED_ACCEPT,
            "Accept-Encoding": ACCEPT_ENCODING,
        },
        timeout=http_timeout(settings),
        follow_redirects=True,
        max_redirects=max(0, settings.max_redirects),
        transport=guarded_transport(policy, limits),
    )


def _request_headers(
    etag: str | None, last_modified: str | None, settings: Settings
) -> dict[str, str]:
    # User-Agent and Accept again: poll_feed may be given a caller's client without them
    headers = {"User-Agent": settings.user_agent, "Accept": FEED_ACCEPT}
    return headers | conditional_headers(etag, last_modified)


def _timed_out(settings: Settings) -> RetryableError:
    return RetryableError(f"timed out (total {settings.total_timeout:g} s)")


def _read_body(resp: httpx.Response, settings: Settings, end: float) -> bytes:
    """The decoded body, stopping at max_page_bytes (decoded) and at the deadline."""
    declared = resp.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.max_page_bytes:
        raise PageError(f"feed exceeds {settings.max_page_bytes} bytes", resp.status_code)
    encoding = resp.headers.get("content-encoding")
    capped = Capped(encoding, settings.max_page_bytes, "feed", resp.status_code)
    for chunk in resp.iter_raw():
        capped.feed(chunk)
        if time.monotonic() > end:
            raise _timed_out(settings)
    return capped.finish()


def _get_once(
    client: httpx.Client, url: str, headers: dict[str, str], settings: Settings, end: float
) -> tuple[httpx.Response, bytes]:
    """One GET: (response, body) for 2xx/304, RetryableError for 5xx/429, PageError otherwise."""
    with client.stream("GET", url, headers=headers) as resp:
        check_status(resp)
        if resp.status_code == 304:
            return resp, b""
        return resp, _read_body(resp, settings, end)


def _get(
    client: httpx.Client, url: str, headers: dict[str, str], settings: Settings
) -> tuple[httpx.Response, bytes]:
    """_get_once with the retry policy, all attempts within one deadline (total_timeout)."""
    with deadline(settings.total_timeout):
        return _get_within(
            client, url, headers, settings, time.monotonic() + settings.total_timeout
        )


def _get_within(
    client: httpx.Client, url: str, headers: dict[str, str], settings: Settings, end: float
) -> tuple[httpx.Response, bytes]:
    attempts = max(0, settings.retries) + 1
    last = RetryableError("not attempted")
    for attempt in range(1, attempts + 1):
        try:
            return _get_once(client, url, headers, settings, end)
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
        later = deferral(last, settings)
        if later is not None:
            raise later
        if time.monotonic() >= end:
            last, attempts = _timed_out(settings), attempt
            break
        delay = retry_delay(attempt, settings, last.retry_after)
        if attempt == attempts or time.monotonic() + delay >= end:
            attempts = attempt
            break
        time.sleep(delay)
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
            retry_at=exc.retry_at if isinstance(exc, Deferred) else None,
        )
    etag = resp.headers.get("etag") or old_etag
    last_modified = resp.headers.get("last-modified") or old_lm
    if resp.status_code == 304:
        return FeedResult(
            spec.url, "not_modified", etag=etag, last_modified=last_modified, http_status=304
        )
    content_type = resp.headers.get("content-type")
    result = parse_feed(data, spec.url, content_type, max_entries=settings.max_feed_entries)
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
    for local files); "error" results carry the previous ones back unchanged. A caller's
    `client` is used as it is (its transport decides where it may connect).
    """
    try:
        waiting = _deferred(spec, state)
        if waiting is not None:
            result = waiting
        elif not is_http_url(spec.url):
            result = _poll_local(spec, state, settings)
        elif client is not None:
            result = _poll_remote(spec, state, settings, client)
        else:
            policy = AddressPolicy.from_setting(settings.allow_private_hosts).for_feed(spec.url)
            with make_client(settings, policy) as own:
                result = _poll_remote(spec, state, settings, own)
        if result.retry_at is None:  # a host that asked us to wait gets no page retries either
            with_pending(result, state, settings)
    except Exception as exc:  # a bug must not sink the other feeds
        result = FeedResult(
            spec.url, "error", error=one_line(f"internal error: {type(exc).__name__}: {exc}")
        )
    _log(result)
    return result


def _deferred(spec: FeedSpec, state: FeedState | None) -> FeedResult | None:
    """An error result, without a request, for a feed whose host asked us to wait longer."""
    until = state.next_try_at if state else None
    if until is None:
        return None
    until = until if until.tzinfo else until.replace(tzinfo=dt.UTC)
    if until <= dt.datetime.now(dt.UTC):
        return None
    return FeedResult(
        spec.url,
        "error",
        etag=state.etag if state else None,
        last_modified=state.last_modified if state else None,
        error=f"{DEFERRED}the host asked us to wait until {until:%Y-%m-%d %H:%M} UTC "
        "(Retry-After); not polled",
        retry_at=until,
    )


def _due(pending: tuple[int, dt.datetime | None], settings: Settings, now: dt.datetime) -> bool:
    attempts, next_try = pending
    if next_try is None or attempts > settings.page_retries:
        return False
    return (next_try if next_try.tzinfo else next_try.replace(tzinfo=dt.UTC)) <= now


def with_pending(
    result: FeedResult, state: FeedState | None, settings: Settings, now: dt.datetime | None = None
) -> FeedResult:
    """Mark entries whose fetch failed before (attempts; `held` while not due) and add the
    failed pages of this feed that are due again but not among its entries as `retries`."""
    if state is None or not state.pending:
        return result
    now = now or dt.datetime.now(dt.UTC)
    in_feed = set()
    for entry in result.entries:
        pending = state.pending.get(entry.link or "")
        if pending is not None:
            in_feed.add(entry.link)
            entry.attempts = pending[0]
            entry.held = not _due(pending, settings, now)
    for link, pending in state.pending.items():
        if link not in in_feed and _due(pending, settings, now):
            result.retries.append(FeedEntry(feed_url=result.url, link=link, attempts=pending[0]))
    del result.retries[settings.max_feed_entries :]
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
    """Poll several feeds concurrently (concurrency / per_host limits), one result per spec.

    Feeds share a client per address policy (a feed on a private address has its own).
    """
    if not specs:
        return []
    states = states or {}
    slots = _HostSlots(settings.per_host)
    base = AddressPolicy.from_setting(settings.allow_private_hosts)
    clients: dict[AddressPolicy, httpx.Client] = {}
    lock = threading.Lock()

    def client_for(spec: FeedSpec) -> httpx.Client | None:
        if not is_http_url(spec.url):
            return None
        policy = base.for_feed(spec.url)
        with lock:
            if policy not in clients:
                clients[policy] = stack.enter_context(make_client(settings, policy))
            return clients[policy]

    def one(spec: FeedSpec) -> FeedResult:
        with slots.hold(spec.url):
            return poll_feed(spec, states.get(spec.url), settings, client_for(spec))

    with (
        ExitStack() as stack,
        ThreadPoolExecutor(
            max_workers=max(1, min(settings.concurrency, len(specs))),
            thread_name_prefix="dipwatch-feeds",
        ) as pool,
    ):
        return list(pool.map(one, specs))
