"""Peak memory while dipwatch refuses 3 GB decompression bombs (a page and a feed, gzip and br).

    python bench/bombs.py [--gigabytes 3] [--httpx]

Serves each bomb from tests/localserver.py on 127.0.0.1 and fetches it in a fresh child
process with the default settings (`max_page_bytes` 5 MB), which prints its peak RSS
(ru_maxrss) and the error it recorded. The issue's bar: refused, with a peak of 600 MB or less.
`--httpx` measures, for comparison, httpx's own decoding with the same cap (what dipwatch did
before): it expands whole network chunks, so keep --gigabytes small with it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import zlib
from pathlib import Path

import brotli

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from localserver import LocalServer, Reply  # noqa: E402

CHILD = """
import resource, sys
from dipwatch.config import FeedSpec, Settings
from dipwatch.ingest.feeds import poll_feed
from dipwatch.ingest.pages import fetch_pages
from dipwatch.models import FeedEntry
kind, url, feed = sys.argv[1:4]
settings = Settings(respect_robots=False, total_timeout=600, read_timeout_http=60)
if kind == "httpx":
    import httpx
    size, error = 0, None
    with httpx.stream("GET", url) as resp:
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > settings.max_page_bytes:
                error = f"page exceeds {settings.max_page_bytes} bytes (httpx decoding)"
                break
elif kind == "page":
    (page,) = fetch_pages([FeedEntry(feed, url)], settings)
    error = page.error
else:
    error = poll_feed(FeedSpec(url), None, settings).error
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, error)
"""


def bomb(encoding: str, gigabytes: float) -> bytes:
    """`gigabytes` of zeros, compressed in 1 MB pieces (nothing is built whole)."""
    zero = bytes(1 << 20)
    pieces = int(gigabytes * 1024)
    if encoding == "gzip":
        z = zlib.compressobj(9, wbits=31)
        return b"".join(z.compress(zero) for _ in range(pieces)) + z.flush()
    c = brotli.Compressor(quality=5)
    return b"".join(c.process(zero) for _ in range(pieces)) + c.finish()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gigabytes", type=float, default=3.0)
    parser.add_argument("--httpx", action="store_true", help="httpx's decoding, for comparison")
    args = parser.parse_args()
    kinds = ("httpx",) if args.httpx else ("page", "feed")
    print(
        f"| bomb ({args.gigabytes:g} GB decoded) | compressed | peak RSS | time | recorded error |"
    )
    print("|---|---:|---:|---:|---|")
    with LocalServer() as srv:
        for encoding in ("gzip", "br"):
            body = bomb(encoding, args.gigabytes)
            for kind in kinds:
                path = f"/{kind}-{encoding}"
                ctype = "application/rss+xml" if kind == "feed" else "text/html"
                srv.route(
                    path,
                    Reply(body=body, content_type=ctype, headers={"Content-Encoding": encoding}),
                )
                started = time.monotonic()
                out = subprocess.run(
                    [sys.executable, "-c", CHILD, kind, srv.url(path), srv.url("/feed.xml")],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.strip()
                peak, _, error = out.partition(" ")
                took = time.monotonic() - started
                print(
                    f"| {kind}, {encoding} | {len(body) / 1e3:,.0f} KB | {peak} MB | {took:.1f} s "
                    f"| {error} |"
                )


if __name__ == "__main__":
    main()
