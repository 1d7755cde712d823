"""Reading WARC files (Common Crawl's CC-NEWS format) as article pages, streamed and resumable.

    for rec in read_warc("CC-NEWS-20240301.warc.gz", start=offset, keep=WarcFilter(...)):
        rec.offset       # where this record starts in the file (compressed bytes)
        rec.page         # a Page for a kept HTML response, else None (skipped: rec.skipped)

A local path or an http(s) URL (read with a Range request from `start`). Records are read one
at a time with warcio, so memory stays flat whatever the file's size; `offset` is the byte
offset of each record, so a reader killed midway resumes at the first record it had not
committed (gzip files must be compressed per record, as Common Crawl's are).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import httpx
from warcio.archiveiterator import ArchiveIterator

from dipwatch.config import Settings
from dipwatch.ingest.decoding import decode_html, is_html_type, looks_like_html
from dipwatch.ingest.http import http_timeout
from dipwatch.ingest.local import is_http_url
from dipwatch.models import FeedEntry, Page


@dataclass(frozen=True, slots=True)
class WarcFilter:
    """Which responses to keep: HTML, status 200, of these hosts, captured in [since, until]."""

    hosts: tuple[str, ...] = ()  # "reuters.com" keeps reuters.com and www.reuters.com; none: all
    since: dt.date | None = None
    until: dt.date | None = None
    max_bytes: int = 5_000_000

    def host_ok(self, url: str) -> bool:
        """True when the URL's host is one of `hosts` or below one (no hosts: every host)."""
        if not self.hosts:
            return True
        host = (urlsplit(url).hostname or "").lower()
        return any(host == h or host.endswith("." + h) for h in self.hosts)

    def date_ok(self, when: dt.datetime | None) -> bool:
        """True when the capture date is within [since, until] (an unknown date passes)."""
        if when is None:
            return True
        day = when.date()
        return (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until
        )


@dataclass(slots=True)
class WarcRecord:
    """One record of the file: its offset, and the page it gave (None: skipped, and why)."""

    offset: int
    page: Page | None = None
    skipped: str | None = None  # not-response | not-html | status | host | date | too-large


@dataclass(slots=True)
class WarcStats:
    """Counts of what was read (for progress and the summary)."""

    records: int = 0
    kept: int = 0
    skipped: dict[str, int] = field(default_factory=dict)


class _Tellable:
    """A forward-only byte stream that knows its position (HTTP bodies), starting at `start`."""

    def __init__(self, chunks: Iterator[bytes], start: int) -> None:
        self._chunks = chunks
        self._buf = b""
        self._pos = start

    def tell(self) -> int:
        return self._pos

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buf) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buf += chunk
        if size < 0:
            out, self._buf = self._buf, b""
        else:
            out, self._buf = self._buf[:size], self._buf[size:]
        self._pos += len(out)
        return out


def _capture_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def source_size(source: str) -> int | None:
    """Bytes in a local WARC file (None for a URL: its size comes with the response)."""
    if is_http_url(source):
        return None
    try:
        return os.path.getsize(source)
    except OSError:
        return None


def _record(it: ArchiveIterator, record, source: str, keep: WarcFilter) -> WarcRecord:
    """The page of one record, or why it was skipped (the record's body is consumed)."""
    if record.rec_type != "response" or record.http_headers is None:
        return WarcRecord(0, skipped="not-response")
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    if not is_http_url(url):
        return WarcRecord(0, skipped="not-response")
    if not keep.host_ok(url):
        return WarcRecord(0, skipped="host")
    captured = _capture_date(record.rec_headers.get_header("WARC-Date"))
    if not keep.date_ok(captured):
        return WarcRecord(0, skipped="date")
    status = record.http_headers.get_statuscode()
    if status != "200":
        return WarcRecord(0, skipped="status")
    ctype = record.http_headers.get_header("Content-Type")
    if ctype and not is_html_type(ctype):
        return WarcRecord(0, skipped="not-html")
    body = record.content_stream().read(keep.max_bytes + 1)
    if len(body) > keep.max_bytes:
        return WarcRecord(0, skipped="too-large")
    if not ctype and not looks_like_html(body):
        return WarcRecord(0, skipped="not-html")
    entry = FeedEntry(feed_url=source, link=url, published=captured)
    page = Page(url=url, final_url=url, http_status=200, content_type=ctype, entry=entry)
    page.html = decode_html(body, ctype)
    return WarcRecord(0, page=page)


def _records(fh: BinaryIO, source: str, keep: WarcFilter) -> Iterator[WarcRecord]:
    it = ArchiveIterator(fh)
    for record in it:
        out = _record(it, record, source, keep)
        out.offset = it.get_record_offset()
        yield out


def read_warc(
    source: str,
    start: int = 0,
    keep: WarcFilter | None = None,
    client: httpx.Client | None = None,
) -> Iterator[WarcRecord]:
    """Every record of a WARC file or URL from byte offset `start`, in order (see module doc)."""
    keep = keep or WarcFilter()
    if not is_http_url(source):
        with Path(source).open("rb") as fh:
            fh.seek(start)
            yield from _records(fh, source, keep)
        return
    own = client is None
    client = client or warc_client()
    headers = {"Range": f"bytes={start}-"} if start else {}
    try:
        with client.stream("GET", source, headers=headers) as resp:
            if start and resp.status_code == 200:
                raise OSError(f"{source}: the server cannot resume (no Range support)")
            if resp.status_code not in (200, 206):
                raise OSError(f"{source}: HTTP {resp.status_code}")
            stream = _Tellable(resp.iter_raw(), start)
            yield from _records(stream, source, keep)  # type: ignore[arg-type]
    finally:
        if own:
            client.close()


def warc_client(settings: Settings | None = None) -> httpx.Client:
    """The client WARC URLs are read with (the settings' User-Agent and timeouts)."""
    if settings is None:
        return httpx.Client(timeout=httpx.Timeout(60.0), follow_redirects=True)
    return httpx.Client(
        headers={"User-Agent": settings.user_agent},
        timeout=http_timeout(settings),
        follow_redirects=True,
        max_redirects=settings.max_redirects,
    )
