"""robots.txt checks for page fetching: one fetch per origin per run, cached, never blocking long.

Policy (RFC 9309, relaxed where the brief asks): a missing robots.txt (any 4xx) allows
everything; a 5xx, a timeout, a connection error, an address the address policy refuses (a
redirect into a private range) or an oversized/undecodable file also allow everything (logged
at debug level) so an unhealthy robots.txt never stops or stalls a run. Its body is decoded
in bounded pieces like a page's.
"""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from dipwatch.ingest.compression import Capped, aread_capped
from dipwatch.ingest.http import PageError

log = logging.getLogger("dipwatch.ingest.robots")

ROBOTS_MAX_BYTES = 512_000  # Google's limit: anything beyond 500 KiB is ignored
ROBOTS_TIMEOUT = 10.0  # seconds, whole robots.txt request; never more than total_timeout


def origin_of(url: str) -> str:
    """scheme://host[:port] of an http(s) URL, lower-cased."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _allow_all() -> RobotFileParser:
    parser = RobotFileParser()
    parser.allow_all = True
    return parser


def parse_robots(text: str) -> RobotFileParser:
    """A RobotFileParser loaded from robots.txt text."""
    parser = RobotFileParser()
    parser.parse(text.splitlines())
    return parser


class RobotsCache:
    """Per-origin robots.txt rules fetched through the caller's AsyncClient, cached for its life."""

    def __init__(self, client: httpx.AsyncClient, user_agent: str, timeout: float = ROBOTS_TIMEOUT):
        self._client = client
        self._user_agent = user_agent
        self._timeout = timeout
        self._rules: dict[str, RobotFileParser] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def allowed(self, url: str) -> bool:
        """True when robots.txt of the URL's origin lets our user agent fetch it."""
        rules = await self.rules_for(origin_of(url))
        return rules.can_fetch(self._user_agent, url)

    async def rules_for(self, origin: str) -> RobotFileParser:
        """The (cached) rules of one origin; concurrent callers share one fetch."""
        if origin in self._rules:
            return self._rules[origin]
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._rules:
                self._rules[origin] = await self._load(origin)
        return self._rules[origin]

    async def _load(self, origin: str) -> RobotFileParser:
        url = origin + "/robots.txt"
        try:
            status, body = await asyncio.wait_for(self._get(url), self._timeout)
        except (httpx.HTTPError, TimeoutError, OSError, PageError) as exc:  # refused address too
            log.debug("robots.txt %s unavailable (%s): allowing all", url, _describe(exc))
            return _allow_all()
        if status >= 400 or body is None:
            log.debug("robots.txt %s: HTTP %s, allowing all", url, status)
            return _allow_all()
        return parse_robots(body.decode("utf-8", errors="replace"))

    async def _get(self, url: str) -> tuple[int, bytes | None]:
        """(status, body) of robots.txt; body None when over ROBOTS_MAX_BYTES."""
        async with self._client.stream("GET", url, follow_redirects=True) as resp:
            if resp.status_code >= 400:
                return resp.status_code, b""
            encoding = resp.headers.get("content-encoding")
            capped = Capped(encoding, ROBOTS_MAX_BYTES, "robots.txt", resp.status_code)
            try:
                return resp.status_code, await aread_capped(resp.aiter_raw(), capped)
            except PageError:  # too large, or undecodable
                return resp.status_code, None


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
