"""HTTP rules shared by feeds and pages: errors, the retry policy, timeouts, conditional GET."""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
from collections.abc import Callable, Mapping

import httpx

from dipwatch.config import Settings

log = logging.getLogger("dipwatch.ingest")

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


class PermanentError(PageError):
    """A failure no later refresh can change (a refused address or URL): never tried again."""


class Deferred(PageError):
    """The host asked us to come back later (429/503): tried again on a later refresh."""

    def __init__(self, reason: str, retry_at: dt.datetime, http_status: int | None = None):
        super().__init__(reason, http_status)
        self.retry_at = retry_at


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


BUSY_STATUSES = frozenset({429, 503})
DEFERRED = "deferred: "  # how every deferral's error line starts (the host asked us to wait)


def is_deferral(error: str | None) -> bool:
    """Whether an error line says the host asked us to wait (not a failure of the page or feed)."""
    return (error or "").startswith(DEFERRED)


def deferral(exc: RetryableError, settings: Settings) -> Deferred | None:
    """A 429/503 whose Retry-After is longer than we wait within a run: come back later."""
    wait = exc.retry_after
    if exc.http_status not in BUSY_STATUSES or wait is None or wait <= settings.max_retry_after:
        return None
    retry_at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=min(wait, 366 * 86400))
    return Deferred(
        f"{DEFERRED}HTTP {exc.http_status}, the host asks to wait {wait:g} s (Retry-After); "
        f"tried again on a refresh after {retry_at:%Y-%m-%d %H:%M} UTC",
        retry_at,
        exc.http_status,
    )


def next_try(attempts: int, settings: Settings) -> dt.datetime:
    """When a page that has now failed `attempts + 1` times may be tried again."""
    delay = settings.page_retry_backoff * 2 ** min(attempts, 30)
    return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=min(delay, 366 * 86400))


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
