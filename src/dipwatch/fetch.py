"""Fetching article pages: polite, bounded, never raising for a single page.

`fetch_pages` is synchronous; inside it runs an asyncio loop with one `httpx.AsyncClient`.
Every page gets: connect/read timeouts plus a total timeout per attempt, retries with
exponential backoff on timeouts, connection errors, 5xx and 429 (Retry-After honoured up to
`max_retry_after`), a global and a per-host concurrency limit, a streamed size cap, an HTML
content-type check, manual redirects (counted, http(s) only), robots.txt, and charset-aware
decoding. Each failure becomes a `Page(status="error", error=<one line>)` and one warning on
the "dipwatch.fetch" logger.

The retry policy helpers (`retry_delay`, `parse_retry_after`, `is_retryable_status`,
`check_status`, `http_timeout`) and `conditional_headers` are shared with feeds.py.
"""

from __future__ import annotations

import asyncio
import codecs
import datetime as dt
import email.utils
import logging
import mimetypes
import re
from collections.abc import AsyncIterator, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

import httpx

from dipwatch.config import Settings
from dipwatch.models import FeedEntry, Page
from dipwatch.robots import ROBOTS_TIMEOUT, RobotsCache

log = logging.getLogger("dipwatch.fetch")

HTML_TYPES = ("text/html", "application/xhtml+xml")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
SNIFF_BYTES = 4096  # where <meta charset> and <html are looked for

ProgressCallback = Callable[[int, int], None]
Known = Mapping[str, tuple[str | None, str | None]]


class PageError(Exception):
    """A final, one-line reason a page (or feed) could not be fetched: no retry."""

    def __init__(self, reason: str, http_status: int | None = None):
        super().__init__(reason)
        self.http_status = http_status


class RetryableError(Exception):
    """A failure worth retrying (timeout, connection error, 5xx, 429)."""

    def __init__(
        self, reason: str, retry_after: float | None = None, http_status: int | None = None
    ):
        super().__init__(reason)
        self.retry_after = retry_after
        self.http_status = http_status


# --- retry policy (shared with feeds.py) -----------------------------------------------------


def is_retryable_status(status: int) -> bool:
    """429 and every 5xx are retried; other 4xx are final."""
    return status == 429 or 500 <= status <= 599


def check_status(resp: httpx.Response) -> None:
    """Raise for a response that is neither 2xx nor 304: RetryableError (429, 5xx; with its
    Retry-After) or PageError (any other status)."""
    status = resp.status_code
    if status == 304 or 200 <= status <= 299:
        return
    if is_retryable_status(status):
        retry_after = parse_retry_after(resp.headers.get("retry-after"))
        raise RetryableError(f"HTTP {status}", retry_after, status)
    raise PageError(f"HTTP {status}", status)


def conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since for the validators stored from an earlier response."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date); None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))  # delta-seconds (fractions tolerated)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


def retry_delay(attempt: int, settings: Settings, retry_after: float | None = None) -> float:
    """Delay before retry number `attempt` (1-based): Retry-After (capped) or exponential backoff."""
    if retry_after is not None:
        return min(max(retry_after, 0.0), settings.max_retry_after)
    return settings.backoff * 2 ** (attempt - 1)


def http_timeout(settings: Settings) -> httpx.Timeout:
    """httpx timeouts from the settings (the total timeout is enforced separately)."""
    return httpx.Timeout(
        connect=settings.connect_timeout,
        read=settings.read_timeout_http,
        write=settings.read_timeout_http,
        pool=settings.connect_timeout,
    )


def one_line(text: str) -> str:
    """Whitespace (newlines included) collapsed to single spaces."""
    return " ".join(text.split())


def describe_transport_error(exc: Exception) -> str:
    """One line for an httpx timeout / connection error."""
    if isinstance(exc, httpx.TimeoutException):
        kind = {
            httpx.ConnectTimeout: "connect timeout",
            httpx.ReadTimeout: "read timeout",
            httpx.WriteTimeout: "write timeout",
            httpx.PoolTimeout: "pool timeout",
        }.get(type(exc), "timeout")
        return f"timed out ({kind})"
    detail = one_line(str(exc)) or type(exc).__name__
    if isinstance(exc, httpx.ConnectError):
        return f"connection failed: {detail}"
    return f"network error: {detail}"


# --- content type and decoding ----------------------------------------------------------------

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


def _error_page(entry: FeedEntry, error: str, http_status: int | None = None) -> Page:
    return Page(
        url=entry.link or "", status="error", http_status=http_status, error=error, entry=entry
    )


class _Fetcher:
    """One fetch_pages call: client, limits, robots cache, conditional-GET validators."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        settings: Settings,
        known: Known,
        robots: RobotsCache | None,
    ):
        self.client = client
        self.settings = settings
        self.known = known
        self.robots = robots
        self.global_slots = asyncio.Semaphore(max(1, settings.concurrency))
        self.host_slots: dict[str, asyncio.Semaphore] = {}

    @asynccontextmanager
    async def slot(self, url: str) -> AsyncIterator[None]:
        """Hold a per-host slot, then a global one (host first: waiting never blocks others)."""
        host = (urlsplit(url).hostname or "").lower()
        per_host = self.host_slots.setdefault(
            host, asyncio.Semaphore(max(1, self.settings.per_host))
        )
        async with per_host, self.global_slots:
            yield

    async def page(self, entry: FeedEntry) -> Page:
        """Fetch one entry's link; every failure becomes an error Page."""
        try:
            page = await self._page(entry)
        except PageError as exc:
            page = _error_page(entry, str(exc), exc.http_status)
        except Exception as exc:  # a bug must not sink the batch
            page = _error_page(entry, one_line(f"internal error: {type(exc).__name__}: {exc}"))
        if page.status == "error":
            log.warning("page %s: %s", page.url, page.error)
        else:
            log.debug("page %s: %s", page.url, page.status)
        return page

    async def _page(self, entry: FeedEntry) -> Page:
        url = entry.link
        if not url:
            raise PageError("entry has no link")
        try:
            scheme = urlsplit(url).scheme.lower()
        except ValueError as exc:
            raise PageError(one_line(f"invalid URL: {exc}")) from None
        if scheme == "file":
            return await asyncio.to_thread(read_local_page, entry, self.settings.max_page_bytes)
        if scheme not in ("http", "https"):
            raise PageError(f"unsupported URL scheme {scheme or '(none)'!r}")
        await self._check_robots(url)
        return await self._with_retries(entry)

    async def _check_robots(self, url: str) -> None:
        if self.robots is not None and not await self.robots.allowed(url):
            raise PageError("disallowed by robots.txt")

    async def _with_retries(self, entry: FeedEntry) -> Page:
        url = entry.link or ""
        attempts = max(0, self.settings.retries) + 1
        last = RetryableError("not attempted")
        for attempt in range(1, attempts + 1):
            try:
                async with self.slot(url):
                    return await asyncio.wait_for(self._attempt(entry), self.settings.total_timeout)
            except RetryableError as exc:
                last = exc
            except TimeoutError:
                last = RetryableError(f"timed out (total {self.settings.total_timeout:g} s)")
            except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                last = RetryableError(describe_transport_error(exc))
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise PageError(one_line(f"HTTP client error: {exc}")) from None
            if attempt < attempts:
                await asyncio.sleep(retry_delay(attempt, self.settings, last.retry_after))
        suffix = f" (after {attempts} attempts)" if attempts > 1 else ""
        raise PageError(f"{last}{suffix}", last.http_status)

    async def _attempt(self, entry: FeedEntry) -> Page:
        """One GET, following up to max_redirects redirects by hand."""
        url = entry.link or ""
        headers = conditional_headers(*(self.known.get(url) or (None, None)))
        current, seen = url, [url]
        for _ in range(self.settings.max_redirects + 1):
            async with self.client.stream("GET", current, headers=headers) as resp:
                if resp.status_code in REDIRECT_STATUSES and resp.headers.get("location"):
                    current = self._redirect_target(current, resp.headers["location"], seen)
                    seen.append(current)
                else:
                    return await self._read(entry, current, resp)
            await self._check_robots(current)
        raise PageError(f"too many redirects (more than {self.settings.max_redirects})")

    @staticmethod
    def _redirect_target(current: str, location: str, seen: list[str]) -> str:
        target = urljoin(current, location.strip())
        scheme = urlsplit(target).scheme.lower()
        if scheme not in ("http", "https"):
            raise PageError(f"redirect to unsupported URL scheme {scheme!r} refused ({target})")
        if target in seen:
            raise PageError(f"redirect loop ({current} -> {target})")
        return target

    async def _read(self, entry: FeedEntry, final_url: str, resp: httpx.Response) -> Page:
        """Turn a non-redirect response into a Page (or raise)."""
        check_status(resp)
        status = resp.status_code
        url = entry.link or ""
        etag, last_modified = resp.headers.get("etag"), resp.headers.get("last-modified")
        if status == 304:
            old_etag, old_lm = self.known.get(url) or (None, None)
            return Page(
                url=url,
                final_url=final_url,
                status="not_modified",
                http_status=304,
                etag=etag or old_etag,
                last_modified=last_modified or old_lm,
                entry=entry,
            )
        content_type = resp.headers.get("content-type")
        if content_type and not is_html_type(content_type):
            raise PageError(f"not an HTML page (content-type {media_type(content_type)})", status)
        body = await self._read_capped(resp)
        if not body.strip():
            raise PageError("empty page", status)
        if not content_type and not looks_like_html(body):
            raise PageError("not an HTML page (content-type missing, no <html> tag)", status)
        return Page(
            url=url,
            final_url=final_url,
            status="ok",
            http_status=status,
            content_type=content_type,
            html=decode_html(body, content_type),
            etag=etag,
            last_modified=last_modified,
            entry=entry,
        )

    async def _read_capped(self, resp: httpx.Response) -> bytes:
        """The (decoded-transfer) body, abandoning the stream once it exceeds max_page_bytes."""
        limit = self.settings.max_page_bytes
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise PageError(f"page exceeds {limit} bytes", resp.status_code)
        chunks: list[bytes] = []
        size = 0
        async for chunk in resp.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise PageError(f"page exceeds {limit} bytes", resp.status_code)
            chunks.append(chunk)
        return b"".join(chunks)


def _fetch_key(i: int, entry: FeedEntry) -> str:
    """Entries with the same key share one fetch (non-http links also depend on their feed)."""
    if not entry.link:
        return f"\0no-link-{i}"
    return entry.link if is_http_url(entry.link) else f"{entry.feed_url}\0{entry.link}"


def _unique_links(entries: list[FeedEntry]) -> dict[str, list[int]]:
    """fetch key -> indexes of the entries that share it (each link is fetched once)."""
    groups: dict[str, list[int]] = {}
    for i, entry in enumerate(entries):
        groups.setdefault(_fetch_key(i, entry), []).append(i)
    return groups


def _client(settings: Settings) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        headers={"User-Agent": settings.user_agent, "Accept": ACCEPT},
        timeout=http_timeout(settings),
        follow_redirects=False,
        max_redirects=max(0, settings.max_redirects),  # used by robots.txt requests only
        limits=httpx.Limits(max_connections=None, max_keepalive_connections=settings.concurrency),
    )


async def _fetch_all(
    entries: list[FeedEntry],
    settings: Settings,
    known: Known,
    robots: bool,
    on_progress: ProgressCallback | None,
) -> list[Page]:
    pages: list[Page | None] = [None] * len(entries)
    total, done = len(entries), 0
    async with _client(settings) as client:
        cache = (
            RobotsCache(client, settings.user_agent, min(ROBOTS_TIMEOUT, settings.total_timeout))
            if robots
            else None
        )
        fetcher = _Fetcher(client, settings, known, cache)

        async def run(indexes: list[int]) -> None:
            nonlocal done
            page = await fetcher.page(entries[indexes[0]])
            for i in indexes:
                pages[i] = replace(page, entry=entries[i])
            done += len(indexes)
            _report(on_progress, done, total)

        await asyncio.gather(*(run(ix) for ix in _unique_links(entries).values()))
    return [p for p in pages if p is not None]


def _report(on_progress: ProgressCallback | None, done: int, total: int) -> None:
    if on_progress is None:
        return
    try:
        on_progress(done, total)
    except Exception:  # a broken progress bar must not stop the fetch
        log.debug("progress callback failed", exc_info=True)


def fetch_pages(
    entries: list[FeedEntry],
    settings: Settings,
    known: Known | None = None,
    robots: bool = True,
    on_progress: ProgressCallback | None = None,
) -> list[Page]:
    """Fetch the pages the entries link to, one Page per entry in the same order; never raises.

    `known` maps a link to the (etag, last_modified) stored for it: a 304 gives status
    "not_modified". `on_progress(done, total)` is called after each page (from the fetch
    thread). Safe to call with or without an event loop running in the calling thread.
    """
    if not entries:
        return []

    def run() -> list[Page]:
        return asyncio.run(_fetch_all(list(entries), settings, known or {}, robots, on_progress))

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return run()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="dipwatch-fetch") as pool:
        return pool.submit(run).result()
