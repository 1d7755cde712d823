"""JSON Feed, Atom and RSS alike; invalid characters replaced, never fatal."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dipwatch.config import FeedSpec, Settings
from dipwatch.ingest.feedformats import clean_text, repair_xml
from dipwatch.ingest.feeds import parse_feed, poll_feed
from localserver import LocalServer, Reply, local_server_fixture  # noqa: F401

FEED = "https://news.example.org/feed"
JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "JSON News",
    "items": [
        {
            "id": "1",
            "url": "https://news.example.org/a.html",
            "title": "Talks in Geneva",
            "summary": "Ministers met.",
            "date_published": "2024-03-05T10:00:00+02:00",
        },
        {"id": 2, "url": "/b.html", "content_text": "Relative link", "date_modified": "bad"},
        {"id": "3", "external_url": "https://elsewhere.example.org/c"},
        {"id": "4", "url": "file:///etc/passwd"},
        "not an item",
    ],
}


def _rss(title: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        f"<item><title>{title}</title><link>https://x.example/1</link></item>"
        "<item><title>two</title><link>https://x.example/2</link></item></channel></rss>"
    ).encode("utf-8", "surrogatepass")


def test_json_feed_entries() -> None:
    result = parse_feed(json.dumps(JSON_FEED).encode(), FEED, "application/feed+json")
    assert result.status == "ok" and result.title == "JSON News" and result.error is None
    first, second, third = result.entries
    assert (first.link, first.title, first.summary, first.guid) == (
        "https://news.example.org/a.html",
        "Talks in Geneva",
        "Ministers met.",
        "1",
    )
    assert first.published == dt.datetime(2024, 3, 5, 8, 0, tzinfo=dt.UTC)
    assert (second.link, second.summary, second.guid, second.published) == (
        "https://news.example.org/b.html",
        "Relative link",
        "2",
        None,
    )
    assert third.link == "https://elsewhere.example.org/c"
    assert result.rejected == [("file:///etc/passwd", "unsupported URL scheme 'file'")]


def test_json_feed_is_recognised_without_its_content_type() -> None:
    result = parse_feed(b"\xef\xbb\xbf  " + json.dumps(JSON_FEED).encode(), FEED, "text/plain")
    assert result.status == "ok" and len(result.entries) == 3


@pytest.mark.parametrize(
    "body, error",
    [
        (b"{not json", "malformed JSON feed: "),
        (b'{"items": []}', "not a JSON Feed (no https://jsonfeed.org/version/ version)"),
        (b'{"version": "https://jsonfeed.org/version/1", "items": {}}', "malformed JSON feed: "),
    ],
)
def test_bad_json_is_one_error(body: bytes, error: str) -> None:
    result = parse_feed(body, FEED, "application/json")
    assert result.status == "error" and result.error.startswith(error)


def test_json_feed_over_http(local_server: LocalServer) -> None:
    url = local_server.route(
        "/feed.json", Reply(body=json.dumps(JSON_FEED), content_type="application/feed+json")
    )
    result = poll_feed(FeedSpec(url), None, Settings())
    assert result.status == "ok" and len(result.entries) == 3
    assert "application/feed+json" in local_server.requests[0].header("accept")


@pytest.mark.parametrize(
    "title, expected",
    [
        ("ok &#xD800; bad", "ok \ufffd bad"),  # a surrogate reference: crashed feedparser
        ("ok &#0; bad", "ok \ufffd bad"),
        ("ok &#x110000; bad", "ok \ufffd bad"),
        ("ok \x0b bad", "ok \ufffd bad"),  # a control byte
        ("ok \ud800 bad", "ok \ufffd\ufffd\ufffd bad"),  # encoded: 3 invalid UTF-8 bytes
        ("ok &#xE9; fine", "ok é fine"),
    ],
)
def test_one_invalid_character_does_not_lose_the_feed(title: str, expected: str) -> None:
    result = parse_feed(_rss(title), FEED, "application/rss+xml; charset=utf-8")
    assert result.status == "ok" and [e.title for e in result.entries] == [expected, "two"]
    assert result.error is None  # repaired before parsing: not even malformed


def test_latin1_feeds_keep_their_characters() -> None:
    data = '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>T</title><item><title>café \x01</title><link>https://x.example/1</link></item></channel></rss>'
    result = parse_feed(data.encode("latin-1"), FEED)
    assert [e.title for e in result.entries] == ["café ?"]


def test_utf16_feeds_are_left_alone() -> None:
    data = _rss("two").decode().replace('encoding="utf-8"', 'encoding="utf-16"')
    raw = data.encode("utf-16")
    assert repair_xml(raw) == raw
    assert len(parse_feed(raw, FEED).entries) == 2


def test_clean_text() -> None:
    assert clean_text("a\ud800b\x00c\tok\n") == "a\ufffdb\ufffdc\tok\n"
