"""Fetching article pages: polite, bounded, never raising for a single page.

`fetch_pages` is synchronous; inside it runs an asyncio loop with one `httpx.AsyncClient`.
Every page gets: connect/read timeouts plus a total timeout per attempt, retries with
exponential backoff on timeouts, connection errors, 5xx and 429 (Retry-After honoured up to
`max_retry_after`), a global and a per-host concurrency limit, a streamed size cap, an HTML
content-type check, manual redirects (counted, http(s) only), robots.txt, and charset-aware
decoding. Each failure becomes a `Page(status="error", error=<one line>)` and one warning on
the "dipwatch.ingest.pages" logger.

The retry policy helpers (`retry_delay`, `parse_retry_after`, `is_retryable_status`,
`check_status`, `http_timeout`) and `conditional_headers` live in `http.py`, shared with `feeds.py`;
charset decoding is `decoding.py`, file: links of local feeds `local.py`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import replace
from urllib.parse import urljoin, urlsplit

import httpx

from dipwatch.config import Settings
from dipwatch.ingest.decoding import decode_html, is_html_type, looks_like_html, media_type
from dipwatch.ingest.http import (
    Known,
    PageError,
    ProgressCallback,
    RetryableError,
    check_status,
    conditional_headers,
    describe_transport_error,
    http_timeout,
    one_line,
    retry_delay,
)
from dipwatch.ingest.local import is_http_url, read_local_page
from dipwatch.ingest.robots import ROBOTS_TIMEOUT, RobotsCache
from dipwatch.models import FeedEntry, Page

log = logging.getLogger("dipwatch.ingest.pages")

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"


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
