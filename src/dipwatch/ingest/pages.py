"""Fetching article pages: polite, bounded, never raising for a single page.

`fetch_pages` is synchronous; inside it runs an asyncio loop with httpx.AsyncClients (one per
address policy: the policy of a feed on a private address lets its pages come from there).
Every page gets: the address policy on every connection (`addresses.py`), connect/read
timeouts and one deadline (`total_timeout`) over all its attempts, retries with exponential
backoff on timeouts, connection errors, 5xx and 429 (a Retry-After longer than
`max_retry_after` defers the page, and the rest of its host, to a later refresh), a global and
a per-host concurrency limit, a size cap on the decoded body (`compression.py`), an HTML
content-type check, manual redirects (counted, http(s) only), robots.txt, and charset-aware
decoding. Each failure becomes a `Page(status="error", error=<one line>, retry_at=<when a
later refresh may try again>)` and one warning on the "dipwatch.ingest.pages" logger.

The retry policy helpers (`retry_delay`, `parse_retry_after`, `is_retryable_status`,
`check_status`, `http_timeout`) and `conditional_headers` live in `http.py`, shared with `feeds.py`;
charset decoding is `decoding.py`, file: links of local feeds `local.py`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, replace
from urllib.parse import urljoin, urlsplit

import httpx

from dipwatch.config import Settings
from dipwatch.ingest.addresses import AddressPolicy, async_guarded_transport
from dipwatch.ingest.compression import ACCEPT_ENCODING, Capped, aread_capped
from dipwatch.ingest.decoding import decode_html, is_html_type, looks_like_html, media_type
from dipwatch.ingest.http import (
    BUSY_STATUSES,
    DEFERRED,
    Deferred,
    Known,
    PageError,
    PermanentError,
    ProgressCallback,
    RetryableError,
    check_status,
    conditional_headers,
    deferral,
    describe_transport_error,
    http_timeout,
    next_try,
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


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


@dataclass(slots=True)
class _Lane:
    """The client (and robots cache) of one address policy."""

    client: httpx.AsyncClient
    robots: RobotsCache | None


class _Fetcher:
    """One fetch_pages call: clients per policy, limits, robots, conditional-GET validators."""

    def __init__(self, stack: AsyncExitStack, settings: Settings, known: Known, robots: bool):
        self.stack = stack
        self.settings = settings
        self.known = known
        self.robots = robots
        self.base = AddressPolicy.from_setting(settings.allow_private_hosts)
        self.policies: dict[str, AddressPolicy] = {}
        self.lanes: dict[AddressPolicy, _Lane] = {}
        self.busy: dict[str, Deferred] = {}  # host -> why it is deferred for the rest of the run
        self.global_slots = asyncio.Semaphore(max(1, settings.concurrency))
        self.host_slots: dict[str, asyncio.Semaphore] = {}

    async def lane(self, feed_url: str) -> _Lane:
        """The client for pages of this feed (its policy: the feed's own addresses allowed)."""
        if feed_url not in self.policies:
            self.policies[feed_url] = await asyncio.to_thread(self.base.for_feed, feed_url)
        policy = self.policies[feed_url]
        if policy not in self.lanes:  # no await until it is registered: one client per policy
            client = _client(self.settings, policy)
            self.stack.push_async_callback(client.aclose)
            timeout = min(ROBOTS_TIMEOUT, self.settings.total_timeout)
            cache = RobotsCache(client, self.settings.user_agent, timeout) if self.robots else None
            self.lanes[policy] = _Lane(client, cache)
        return self.lanes[policy]

    @asynccontextmanager
    async def slot(self, url: str) -> AsyncIterator[None]:
        """Hold a per-host slot, then a global one (host first: waiting never blocks others)."""
        per_host = self.host_slots.setdefault(
            _host(url), asyncio.Semaphore(max(1, self.settings.per_host))
        )
        async with per_host, self.global_slots:
            yield

    async def page(self, entry: FeedEntry) -> Page:
        """Fetch one entry's link; every failure becomes an error Page."""
        try:
            page = await self._page(entry)
        except Deferred as exc:
            page = _error_page(entry, str(exc), exc.http_status)
            page.retry_at = exc.retry_at
        except PermanentError as exc:
            page = _error_page(entry, str(exc), exc.http_status)
        except PageError as exc:
            page = _error_page(entry, str(exc), exc.http_status)
            page.retry_at = next_try(entry.attempts, self.settings)
        except Exception as exc:  # a bug must not sink the batch
            page = _error_page(entry, one_line(f"internal error: {type(exc).__name__}: {exc}"))
            page.retry_at = next_try(entry.attempts, self.settings)
        if page.status == "error":
            log.warning("page %s: %s", page.url, page.error)
        else:
            log.debug("page %s: %s", page.url, page.status)
        return page

    async def _page(self, entry: FeedEntry) -> Page:
        url = entry.link
        if not url:
            raise PermanentError("entry has no link")
        try:
            scheme = urlsplit(url).scheme.lower()
        except ValueError as exc:
            raise PermanentError(one_line(f"invalid URL: {exc}")) from None
        if scheme == "file":
            return await asyncio.to_thread(read_local_page, entry, self.settings.max_page_bytes)
        if scheme not in ("http", "https"):
            raise PermanentError(f"unsupported URL scheme {scheme or '(none)'!r}")
        lane = await self.lane(entry.feed_url)
        await self._check_robots(lane, url)
        return await self._with_retries(entry, lane)

    async def _check_robots(self, lane: _Lane, url: str) -> None:
        if lane.robots is not None and not await lane.robots.allowed(url):
            raise PageError("disallowed by robots.txt")

    def _check_busy(self, url: str) -> None:
        busy = self.busy.get(_host(url))
        if busy is not None:
            raise Deferred(
                f"{DEFERRED}{_host(url)} answered HTTP {busy.http_status} in this run; "
                "tried again on a later refresh",
                busy.retry_at,
                busy.http_status,
            )

    async def _with_retries(self, entry: FeedEntry, lane: _Lane) -> Page:
        """The attempts at one page, all within one deadline (total_timeout) that starts when
        the first attempt gets its slot (waiting for a slot behind other pages is not counted)."""
        url = entry.link or ""
        loop = asyncio.get_running_loop()
        total = self.settings.total_timeout
        attempts = max(0, self.settings.retries) + 1
        last = RetryableError("not attempted")
        end: float | None = None
        for attempt in range(1, attempts + 1):
            try:
                async with self.slot(url):
                    self._check_busy(url)  # after the wait: the host may have refused meanwhile
                    now = loop.time()
                    end = now + total if end is None else end
                    if now >= end:
                        raise TimeoutError
                    return await asyncio.wait_for(self._attempt(entry, lane), end - now)
            except TimeoutError:
                last, attempts = RetryableError(f"timed out (total {total:g} s)"), attempt
                break
            except RetryableError as exc:
                last = exc
            except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                last = RetryableError(describe_transport_error(exc))
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise PageError(one_line(f"HTTP client error: {exc}")) from None
            later = deferral(last, self.settings)
            if later is not None:
                self.busy.setdefault(_host(url), later)
                raise later
            delay = retry_delay(attempt, self.settings, last.retry_after)
            if attempt == attempts or loop.time() + delay >= (end or 0.0):
                attempts = attempt
                break
            await asyncio.sleep(delay)
        if last.http_status in BUSY_STATUSES:  # still busy after our retries: leave it alone
            self.busy.setdefault(
                _host(url), Deferred(str(last), next_try(0, self.settings), last.http_status)
            )
        suffix = f" (after {attempts} attempts)" if attempts > 1 else ""
        raise PageError(f"{last}{suffix}", last.http_status)

    async def _attempt(self, entry: FeedEntry, lane: _Lane) -> Page:
        """One GET, following up to max_redirects redirects by hand."""
        url = entry.link or ""
        headers = conditional_headers(*(self.known.get(url) or (None, None)))
        current, seen = url, [url]
        for _ in range(self.settings.max_redirects + 1):
            async with lane.client.stream("GET", current, headers=headers) as resp:
                if resp.status_code in REDIRECT_STATUSES and resp.headers.get("location"):
                    current = self._redirect_target(current, resp.headers["location"], seen)
                    seen.append(current)
                else:
                    return await self._read(entry, current, resp)
            await self._check_robots(lane, current)
        raise PageError(f"too many redirects (more than {self.settings.max_redirects})")

    @staticmethod
    def _redirect_target(current: str, location: str, seen: list[str]) -> str:
        target = urljoin(current, location.strip())
        scheme = urlsplit(target).scheme.lower()
        if scheme not in ("http", "https"):
            raise PermanentError(
                f"redirect to unsupported URL scheme {scheme!r} refused ({target})"
            )
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
        """The decoded body, abandoned once its decoded bytes exceed max_page_bytes."""
        limit = self.settings.max_page_bytes
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise PageError(f"page exceeds {limit} bytes", resp.status_code)
        encoding = resp.headers.get("content-encoding")
        capped = Capped(encoding, limit, "page", resp.status_code)
        return await aread_capped(resp.aiter_raw(), capped)


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


def _client(settings: Settings, policy: AddressPolicy) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=settings.concurrency)
    return httpx.AsyncClient(
        headers={
            "User-Agent": settings.user_agent,
            "Accept": ACCEPT,
            "Accept-Encoding": ACCEPT_ENCODING,
        },
        timeout=http_timeout(settings),
        follow_redirects=False,
        max_redirects=max(0, settings.max_redirects),  # used by robots.txt requests only
        transport=async_guarded_transport(policy, limits),
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
    async with AsyncExitStack() as stack:
        fetcher = _Fetcher(stack, settings, known, robots)

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
