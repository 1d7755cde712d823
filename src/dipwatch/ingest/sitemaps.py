"""News sitemaps: the article URLs (and dates) a site lists, for backfills.

    urls, errors = list_sitemap("https://news.example/sitemap.xml", settings)

Reads sitemaps and sitemap indexes (sitemaps.org 0.9, with Google News' `news:publication_date`;
gzip-compressed ones too), following an index's children breadth-first, one request at a time,
through the feeds' HTTP client (the same User-Agent, timeouts, redirect limit and retries) and,
with `robots`, only where the site's robots.txt lets this User-Agent read. A sitemap that
fails is one error line; the others are still read. The article pages themselves are fetched
by `ingest.pages.fetch_pages`, with its robots checks and per-host politeness.
"""

from __future__ import annotations

import datetime as dt
import gzip
import logging
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.robotparser import RobotFileParser

import httpx
from lxml import etree

from dipwatch.config import Settings
from dipwatch.ingest.addresses import AddressPolicy
from dipwatch.ingest.feeds import make_client
from dipwatch.ingest.http import (
    PageError,
    RetryableError,
    check_status,
    describe_transport_error,
    one_line,
    retry_delay,
)
from dipwatch.ingest.local import is_http_url
from dipwatch.ingest.robots import origin_of, parse_robots

log = logging.getLogger("dipwatch.ingest.sitemaps")

MAX_SITEMAP_BYTES = 50_000_000  # the sitemaps.org limit (uncompressed)
MAX_SITEMAPS = 1_000  # children of indexes followed at most


@dataclass(frozen=True, slots=True)
class SitemapUrl:
    """One article URL a sitemap lists, with its date when the sitemap gives one."""

    url: str
    published: dt.datetime | None = None
    sitemap: str | None = None


class SitemapError(Exception):
    """One sitemap could not be read (the message is one line)."""


def _date(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    text = text.strip()
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _inflate(data: bytes) -> bytes:
    """A gzip body decompressed, at most MAX_SITEMAP_BYTES."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = d.decompress(data, MAX_SITEMAP_BYTES + 1)
    if len(out) > MAX_SITEMAP_BYTES:
        raise SitemapError(f"sitemap exceeds {MAX_SITEMAP_BYTES} bytes uncompressed")
    return out


def parse_sitemap(data: bytes, base: str) -> tuple[list[SitemapUrl], list[str]]:
    """(article URLs, child sitemaps) of one sitemap or sitemap index; raises SitemapError."""
    try:
        body = _inflate(data)
    except (OSError, zlib.error, gzip.BadGzipFile) as exc:
        raise SitemapError(f"not a gzip file: {exc}") from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise SitemapError(one_line(f"not XML: {exc}")) from None
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise SitemapError(f"not a sitemap (root element <{kind}>)")
    urls: list[SitemapUrl] = []
    children: list[str] = []
    for item in root:
        name = _local(item.tag)
        if name not in ("url", "sitemap"):
            continue
        fields: dict[str, str] = {}
        for el in item.iter():
            key = _local(el.tag)
            if key in ("loc", "lastmod", "publication_date") and el.text:
                fields.setdefault(key, el.text.strip())
        loc = fields.get("loc")
        if not loc or not is_http_url(loc):
            continue
        if name == "sitemap":
            children.append(loc)
        else:
            when = _date(fields.get("publication_date")) or _date(fields.get("lastmod"))
            urls.append(SitemapUrl(loc, when, base))
    return urls, children


class _Robots:
    """robots.txt rules per origin, read through the same client, cached."""

    def __init__(self, client: httpx.Client, user_agent: str) -> None:
        self.client = client
        self.user_agent = user_agent
        self.rules: dict[str, RobotFileParser | None] = {}

    def allowed(self, url: str) -> bool:
        origin = origin_of(url)
        if origin not in self.rules:
            try:
                resp = self.client.get(origin + "/robots.txt")
                ok = resp.status_code < 400
                self.rules[origin] = parse_robots(resp.text) if ok else None
            except httpx.HTTPError:
                self.rules[origin] = None  # unreachable robots.txt: allowed, as for pages
        rules = self.rules[origin]
        return rules is None or rules.can_fetch(self.user_agent, url)


def _get(client: httpx.Client, url: str, settings: Settings) -> bytes:
    """The body of one sitemap, with the retry policy of feeds; raises SitemapError."""
    attempts = max(0, settings.retries) + 1
    last = "not attempted"
    for attempt in range(1, attempts + 1):
        retry_after = None
        try:
            with client.stream("GET", url) as resp:
                check_status(resp)
                chunks, size = [], 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > MAX_SITEMAP_BYTES:
                        raise SitemapError(f"sitemap exceeds {MAX_SITEMAP_BYTES} bytes")
                    chunks.append(chunk)
                return b"".join(chunks)
        except RetryableError as exc:
            last, retry_after = str(exc), exc.retry_after
        except PageError as exc:
            raise SitemapError(str(exc)) from None
        except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            last = describe_transport_error(exc)
        except httpx.HTTPError as exc:
            raise SitemapError(one_line(f"HTTP client error: {exc}")) from None
        if attempt < attempts:
            time.sleep(retry_delay(attempt, settings, retry_after))
    raise SitemapError(last + (f" (after {attempts} attempts)" if attempts > 1 else ""))


def _read(location: str, client: httpx.Client, settings: Settings) -> bytes:
    if is_http_url(location):
        return _get(client, location, settings)
    try:
        return Path(location).read_bytes()
    except OSError as exc:
        raise SitemapError(one_line(str(exc))) from None


def list_sitemap(
    location: str, settings: Settings, robots: bool = True
) -> tuple[list[SitemapUrl], list[str]]:
    """Every article URL of a sitemap (following indexes), each once; and one error line each."""
    urls: dict[str, SitemapUrl] = {}
    errors: list[str] = []
    # like a feed, a sitemap on a non-public address may read from that address (and only that)
    policy = AddressPolicy.from_setting(settings.allow_private_hosts).for_feed(location)
    with make_client(settings, policy) as client:
        rules = _Robots(client, settings.user_agent) if robots else None
        queue, seen = [location], {location}
        while queue:
            current = queue.pop(0)
            if rules is not None and is_http_url(current) and not rules.allowed(current):
                errors.append(f"sitemap {current}: disallowed by robots.txt")
                continue
            try:
                found, children = parse_sitemap(_read(current, client, settings), current)
            except SitemapError as exc:
                errors.append(f"sitemap {current}: {exc}")
                continue
            for item in found:
                urls.setdefault(item.url, item)
            for child in children:
                if child not in seen and len(seen) < MAX_SITEMAPS:
                    seen.add(child)
                    queue.append(child)
    for line in errors:
        log.warning(line)
    return list(urls.values()), errors
