"""Building WARC files for tests and benchmarks, as Common Crawl's CC-NEWS writes them.

Each capture is a `request` and a `response` record (plus a `metadata` record now and then),
every record its own gzip member, after one `warcinfo` record.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pages import page  # the same news-page boilerplate as the other tests


@dataclass(frozen=True, slots=True)
class Capture:
    """One HTTP response to archive."""

    url: str
    body: bytes
    content_type: str | None = "text/html; charset=utf-8"
    status: str = "200 OK"
    captured: dt.datetime = dt.datetime(2024, 3, 5, 12, 0, tzinfo=dt.UTC)


class WarcBuilder:
    """Appends captures to an open binary file as CC-NEWS-style records."""

    def __init__(self, fh: BinaryIO, gzip: bool = True) -> None:
        self.writer = WARCWriter(fh, gzip=gzip)
        info = self.writer.create_warcinfo_record(
            "test.warc.gz", {"software": "dipwatch tests", "format": "WARC File Format 1.1"}
        )
        self.writer.write_record(info)
        self.count = 0

    def add(self, cap: Capture) -> None:
        """Write the request, the response and, for every 10th, a metadata record."""
        date = cap.captured.strftime("%Y-%m-%dT%H:%M:%SZ")
        req_headers = StatusAndHeaders(
            "GET / HTTP/1.1", [("Host", "x"), ("User-Agent", "CCBot/2.0")], is_http_request=True
        )
        req = self.writer.create_warc_record(
            cap.url, "request", http_headers=req_headers, warc_headers_dict={"WARC-Date": date}
        )
        self.writer.write_record(req)
        headers = [("Content-Length", str(len(cap.body)))]
        if cap.content_type:
            headers.append(("Content-Type", cap.content_type))
        http = StatusAndHeaders(cap.status, headers, protocol="HTTP/1.1")
        resp = self.writer.create_warc_record(
            cap.url,
            "response",
            payload=io.BytesIO(cap.body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": date},
        )
        self.writer.write_record(resp)
        self.count += 1
        if self.count % 10 == 0:
            meta = self.writer.create_warc_record(
                cap.url,
                "metadata",
                payload=io.BytesIO(b"fetchTimeMs: 120\n"),
                warc_content_type="application/warc-fields",
            )
            self.writer.write_record(meta)


def write_warc(path: Path, captures: Iterable[Capture], gzip: bool = True) -> Path:
    """A WARC file of these captures."""
    with path.open("wb") as fh:
        builder = WarcBuilder(fh, gzip=gzip)
        for cap in captures:
            builder.add(cap)
    return path


# ---------------------------------------------------------------- news pages to archive

PAIRS = [
    ("Russia", "Moscow", "President Vladimir Putin", "China", "Beijing", "President Xi Jinping"),
    ("Japan", "Tokyo", "Prime Minister Fumio Kishida", "India", "New Delhi", "Narendra Modi"),
    ("France", "Paris", "President Emmanuel Macron", "Egypt", "Cairo", "Abdel Fattah el-Sisi"),
    ("Turkey", "Ankara", "Recep Tayyip Erdogan", "Brazil", "Brasilia", "Luiz Inacio Lula da Silva"),
]
TEMPLATES = [
    "{l1} arrived in {c2} on Monday for talks with {l2}, officials said.",
    "{n1} imposed sanctions on {n2} on Tuesday over its support for armed groups.",
    "{n1} agreed on Wednesday to lend {n2} $2 billion to build a railway, the finance ministry said.",
]


def news_pages(n: int, host: str = "wire.example", start: int = 0) -> list[Capture]:
    """`n` distinct wire stories (each its own dated event) as captures of `host`."""
    out = []
    for i in range(start, start + n):
        n1, c1, l1, n2, c2, l2 = PAIRS[i % len(PAIRS)]
        event = TEMPLATES[i % len(TEMPLATES)].format(n1=n1, c2=c2, l1=l1, n2=n2, l2=l2)
        day = dt.date(2024, 1, 1) + dt.timedelta(days=i % 300)
        paras = [
            f"{c1.upper()} (Reuters) - {event}",
            f"The visit was the {i + 1}th such contact this year, according to a statement "
            f"published by the foreign ministry in {c1} on story number {i}.",
            "Analysts said the move reflected a broader effort to diversify partnerships.",
        ]
        html = page(f"Story {i}: {event[:60]}", paras, published=f"{day.isoformat()}T09:00:00Z")
        captured = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
        out.append(
            Capture(f"https://{host}/world/story-{i}.html", html.encode(), captured=captured)
        )
    return out
