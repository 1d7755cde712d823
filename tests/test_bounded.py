"""Bounded work per URL: decompression bombs refused in bounded pieces, one deadline per URL."""

from __future__ import annotations

import gzip
import zlib

import brotli
import pytest

from dipwatch.config import FeedSpec, Settings
from dipwatch.ingest.compression import PIECE, BoundedDecoder, Capped, read_capped
from dipwatch.ingest.feeds import poll_feed
from dipwatch.ingest.http import PageError
from dipwatch.ingest.pages import fetch_pages
from dipwatch.models import FeedEntry
from localserver import LocalServer, Reply, local_server_fixture  # noqa: F401

FAST = Settings(
    retries=3,
    backoff=0.01,
    connect_timeout=2.0,
    read_timeout_http=5.0,
    total_timeout=1.0,
    max_page_bytes=1_000_000,
    respect_robots=False,
)
HTML = b"<!doctype html><html><head><title>t</title></head><body><p>Hello there</p></body></html>"
BOMB_SIZE = 200_000_000  # decoded bytes; compressed they are a few hundred KB at most


def _deflate_raw(data: bytes) -> bytes:
    c = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return c.compress(data) + c.flush()


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    """200 MB of zeros, compressed each way (made in 1 MB pieces)."""
    gz, zl, br = zlib.compressobj(9, wbits=31), zlib.compressobj(9), brotli.Compressor(quality=5)
    zero = bytes(1_000_000)
    out = {"gzip": [], "deflate": [], "br": []}
    for _ in range(BOMB_SIZE // len(zero)):
        out["gzip"].append(gz.compress(zero))
        out["deflate"].append(zl.compress(zero))
        out["br"].append(br.process(zero))
    out["gzip"].append(gz.flush())
    out["deflate"].append(zl.flush())
    out["br"].append(br.finish())
    return {name: b"".join(parts) for name, parts in out.items()}


@pytest.mark.parametrize(
    "encoding, encode",
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", _deflate_raw),  # raw deflate, as some servers send
        ("br", brotli.compress),
        ("gzip, br", lambda b: brotli.compress(gzip.compress(b))),
        ("identity", lambda b: b),
    ],
)
def test_each_encoding_decodes_in_bounded_pieces(encoding: str, encode) -> None:
    data = b"dipwatch " * 200_000
    raw = encode(data)
    decoder = BoundedDecoder(encoding)
    pieces = [*decoder.feed(raw[:10]), *decoder.feed(raw[10:]), *decoder.flush()]
    assert b"".join(pieces) == data
    if encoding != "identity":  # identity passes network chunks through, bounded as read
        assert max(len(p) for p in pieces) <= 2 * PIECE


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
def test_a_bomb_is_refused_after_at_most_the_cap(bombs: dict[str, bytes], encoding: str) -> None:
    capped = Capped(encoding, 1_000_000, "page", 200)
    with pytest.raises(PageError, match="page exceeds 1000000 bytes"):
        read_capped([bombs[encoding]], capped)
    assert len(capped.body) <= 1_000_000 + 2 * PIECE


def test_corrupt_and_unknown_encodings_are_one_line() -> None:
    with pytest.raises(PageError, match="^corrupt gzip content: "):
        read_capped([b"not gzip at all"], Capped("gzip", 100, "page", 200))
    with pytest.raises(PageError, match="^unsupported content-encoding 'zstd'$"):
        Capped("zstd", 100, "page", 200)


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_a_bomb_page_is_refused(
    local_server: LocalServer, bombs: dict[str, bytes], encoding: str
) -> None:
    url = local_server.route(
        "/bomb.html", Reply(body=bombs[encoding], headers={"Content-Encoding": encoding})
    )
    (page,) = fetch_pages([FeedEntry(local_server.url("/feed.xml"), url)], FAST)
    assert page.status == "error" and page.error == "page exceeds 1000000 bytes"


def test_a_gzip_page_decodes(local_server: LocalServer) -> None:
    url = local_server.route(
        "/gz.html", Reply(body=gzip.compress(HTML), headers={"Content-Encoding": "gzip"})
    )
    (page,) = fetch_pages([FeedEntry(local_server.url("/feed.xml"), url)], FAST)
    assert page.status == "ok" and page.html == HTML.decode()
    assert local_server.requests[0].header("accept-encoding") == "gzip, deflate, br"


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_a_bomb_feed_is_refused(
    local_server: LocalServer, bombs: dict[str, bytes], encoding: str
) -> None:
    url = local_server.route(
        "/bomb.xml",
        Reply.xml(bombs[encoding], headers={"Content-Encoding": encoding}),
    )
    result = poll_feed(FeedSpec(url), None, FAST)
    assert result.status == "error" and result.error == "feed exceeds 1000000 bytes"


def test_a_bomb_robots_txt_allows_all(local_server: LocalServer, bombs: dict[str, bytes]) -> None:
    local_server.route(
        "/robots.txt",
        Reply(body=bombs["gzip"], content_type="text/plain", headers={"Content-Encoding": "gzip"}),
    )
    url = local_server.route("/a.html", Reply.html(HTML.decode()))
    robots = FAST.model_copy(update=dict(respect_robots=True))
    (page,) = fetch_pages([FeedEntry(local_server.url("/feed.xml"), url)], robots, robots=True)
    assert page.status == "ok"


# --- one deadline per URL, over all its attempts -------------------------------------------------

DRIP = Reply(body=b"<html><body>" + b"x" * 100, chunk_size=10, chunk_delay=0.3, chunked=True)


def test_a_dripping_page_gets_one_deadline_not_one_per_attempt(local_server: LocalServer) -> None:
    url = local_server.route("/drip.html", DRIP)
    (page,) = fetch_pages([FeedEntry(local_server.url("/feed.xml"), url)], FAST)
    assert page.status == "error" and page.error == "timed out (total 1 s)"
    assert local_server.hits("/drip.html") == 1  # the deadline left no time for retries


def test_a_dripping_feed_gets_one_deadline(local_server: LocalServer) -> None:
    url = local_server.route("/drip.xml", DRIP)
    result = poll_feed(FeedSpec(url), None, FAST)
    assert result.status == "error" and result.error.startswith("timed out")
    assert local_server.hits("/drip.xml") == 1


def test_a_feed_whose_headers_never_come_is_cut_at_the_deadline(local_server: LocalServer) -> None:
    url = local_server.route("/late.xml", Reply(delay=3.0))  # read timeout is 5 s
    result = poll_feed(FeedSpec(url), None, FAST)
    assert result.status == "error" and result.error.startswith("timed out")
    assert local_server.hits("/late.xml") == 1


def test_retries_stop_when_the_deadline_is_near(local_server: LocalServer) -> None:
    url = local_server.route("/down.html", Reply(status=500))
    slow_backoff = FAST.model_copy(update=dict(backoff=0.7))  # 0.7 s, then 1.4 s: past 1 s
    (page,) = fetch_pages([FeedEntry(local_server.url("/feed.xml"), url)], slow_backoff)
    assert page.error == "HTTP 500 (after 2 attempts)"
    assert local_server.hits("/down.html") == 2


def test_a_feed_answering_429_with_a_long_retry_after_is_deferred(
    local_server: LocalServer,
) -> None:
    url = local_server.route("/busy.xml", Reply(status=429, headers={"Retry-After": "7200"}))
    result = poll_feed(FeedSpec(url), None, FAST.model_copy(update=dict(max_retry_after=5)))
    assert result.status == "error"
    assert result.error.startswith("deferred: HTTP 429, the host asks to wait 7200 s")
    assert local_server.hits("/busy.xml") == 1
