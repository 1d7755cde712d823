"""poll_feed / poll_feeds against tests/localserver.py and local feed files."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import httpx
import pytest

from dipwatch.config import FeedSpec, Settings
from dipwatch.ingest.feeds import (
    HTML_NOT_FEED,
    LinkRejected,
    content_digest,
    poll_feed,
    poll_feeds,
    resolve_link,
)
from dipwatch.models import FeedState
from localserver import LocalServer, Reply, local_server_fixture, refused_url  # noqa: F401

UA = "dipwatch-test/1.0 (+https://example.invalid/tests)"
FAST = Settings(
    user_agent=UA,
    backoff=0.01,
    retries=2,
    connect_timeout=2.0,
    read_timeout_http=2.0,
    total_timeout=5.0,
    max_retry_after=0.5,
)

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Foreign News</title><link>https://news.example.org/</link>
<item><title>Talks in Geneva</title><link>https://news.example.org/a.html</link>
  <guid>urn:a</guid><description>Ministers met.</description>
  <pubDate>Mon, 01 Jan 2024 10:00:00 +0200</pubDate></item>
<item><title>Relative link</title><link>/world/b.html</link><guid>urn:b</guid></item>
<item><title>Duplicate</title><link>https://news.example.org/a.html</link></item>
<item><title>No link</title><description>orphan</description></item>
<item><title>File link</title><link>file:///etc/passwd</link></item>
<item><title>FTP link</title><link>ftp://news.example.org/c.html</link></item>
<item><title>Data link</title><link>data:text/html,&lt;b&gt;hi&lt;/b&gt;</link></item>
<item><title>JS link</title><link>javascript:alert(1)</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title><id>urn:feed</id>
<updated>2024-03-05T12:00:00Z</updated>
<entry><title>Summit</title><id>urn:e1</id><link rel="alternate" href="https://atom.example.org/e1"/>
  <updated>2024-03-05T12:00:00Z</updated><summary>Leaders met.</summary></entry>
<entry><title>Undated</title><id>urn:e2</id><link href="https://atom.example.org/e2"/></entry>
</feed>"""

MALFORMED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title>
<item><title>First</title><link>https://news.example.org/1</link></item>
<item><title>Second & third</title><link>https://news.example.org/2</link></item>
<item><title>Cut"""

HTML_PAGE = (
    "<!DOCTYPE html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>"
)


def spec(url: str) -> FeedSpec:
    return FeedSpec(url=url)


# --- remote feeds --------------------------------------------------------------------------------


def test_rss_feed_entries(local_server: LocalServer) -> None:
    url = local_server.route("/feed.xml", Reply.xml(RSS))
    result = poll_feed(spec(url), None, FAST)
    assert result.status == "ok" and result.error is None and result.http_status == 200
    assert result.title == "Foreign News"
    links = [e.link for e in result.entries]
    assert links == ["https://news.example.org/a.html", local_server.url("/world/b.html")]
    first = result.entries[0]
    assert first.title == "Talks in Geneva" and first.guid == "urn:a"
    assert first.summary == "Ministers met." and first.feed_url == url
    assert first.published == dt.datetime(2024, 1, 1, 8, 0, tzinfo=dt.UTC)
    assert result.entries[1].published is None
    req = local_server.requests_to("/feed.xml")[0]
    assert req.header("user-agent") == UA


def test_refused_links_are_reported(local_server: LocalServer) -> None:
    url = local_server.route("/feed.xml", Reply.xml(RSS))
    result = poll_feed(spec(url), None, FAST)
    reasons = dict(result.rejected)
    assert reasons == {
        "": "entry has no link",
        "file://etc/passwd": "unsupported URL scheme 'file'",  # as feedparser normalises it
        "ftp://news.example.org/c.html": "unsupported URL scheme 'ftp'",
        "data:text/html,<b>hi</b>": "unsupported URL scheme 'data'",
        "javascript:alert(1)": "unsupported URL scheme 'javascript'",
    }


def test_atom_feed(local_server: LocalServer) -> None:
    url = local_server.route("/atom.xml", Reply.xml(ATOM, content_type="application/atom+xml"))
    result = poll_feed(spec(url), None, FAST)
    assert result.status == "ok" and result.title == "Atom News"
    e1, e2 = result.entries
    assert (e1.link, e1.guid, e1.summary) == (
        "https://atom.example.org/e1",
        "urn:e1",
        "Leaders met.",
    )
    assert e1.published == dt.datetime(2024, 3, 5, 12, 0, tzinfo=dt.UTC)
    assert e2.link == "https://atom.example.org/e2" and e2.published is None


def test_conditional_get_with_etag(local_server: LocalServer) -> None:
    url = local_server.route("/feed.xml", Reply.xml(RSS, etag='"abc"'))
    first = poll_feed(spec(url), None, FAST)
    assert first.status == "ok" and first.etag == '"abc"'
    second = poll_feed(spec(url), FeedState(url, etag=first.etag), FAST)
    assert second.status == "not_modified" and second.http_status == 304
    assert second.etag == '"abc"' and second.entries == []
    assert local_server.requests_to("/feed.xml")[1].header("if-none-match") == '"abc"'


def test_conditional_get_with_last_modified(local_server: LocalServer) -> None:
    stamp = "Wed, 06 Mar 2024 08:00:00 GMT"
    url = local_server.route("/feed.xml", Reply.xml(RSS, last_modified=stamp))
    first = poll_feed(spec(url), None, FAST)
    assert first.last_modified == stamp and first.etag is None
    second = poll_feed(spec(url), FeedState(url, last_modified=stamp), FAST)
    assert second.status == "not_modified" and second.last_modified == stamp
    assert local_server.requests_to("/feed.xml")[1].header("if-modified-since") == stamp


def test_feed_404(local_server: LocalServer) -> None:
    state = FeedState("x", etag='"old"')
    result = poll_feed(spec(local_server.url("/gone.xml")), state, FAST)
    assert result.status == "error" and result.error == "HTTP 404" and result.http_status == 404
    assert result.etag == '"old"'  # validators kept so the caller can store them blindly
    assert local_server.hits("/gone.xml") == 1


def test_feed_timeout(local_server: LocalServer) -> None:
    url = local_server.route("/slow.xml", Reply.xml(RSS, delay=1.0))
    started = time.monotonic()
    result = poll_feed(
        spec(url), None, FAST.model_copy(update=dict(read_timeout_http=0.15, retries=1))
    )
    assert (
        result.status == "error" and result.error == "timed out (read timeout) (after 2 attempts)"
    )
    assert local_server.hits("/slow.xml") == 2 and time.monotonic() - started < 1.5


def test_feed_connection_refused() -> None:
    result = poll_feed(
        spec(refused_url("/feed.xml")), None, FAST.model_copy(update=dict(retries=0))
    )
    assert result.status == "error" and result.error is not None
    assert result.error.startswith("connection failed")


def test_feed_503_then_ok(local_server: LocalServer) -> None:
    url = local_server.route(
        "/feed.xml", Reply(status=503, headers={"Retry-After": "0"}), Reply.xml(RSS)
    )
    assert poll_feed(spec(url), None, FAST).status == "ok"
    assert local_server.hits("/feed.xml") == 2


def test_feed_redirect_followed(local_server: LocalServer) -> None:
    local_server.route("/old.xml", Reply.redirect("/feed.xml", status=301))
    local_server.route("/feed.xml", Reply.xml(RSS))
    result = poll_feed(spec(local_server.url("/old.xml")), None, FAST)
    assert result.status == "ok" and len(result.entries) == 2


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "application/xml"])
def test_html_instead_of_feed(local_server: LocalServer, content_type: str) -> None:
    url = local_server.route("/feed", Reply(body=HTML_PAGE, content_type=content_type))
    result = poll_feed(spec(url), None, FAST)
    assert result.status == "error" and result.error == HTML_NOT_FEED == (
        "feed returned an HTML page, not RSS/Atom"
    )


def test_not_a_feed_at_all(local_server: LocalServer) -> None:
    url = local_server.route("/feed", Reply.text("just some text"))
    result = poll_feed(spec(url), None, FAST)
    assert result.status == "error" and result.error


def test_malformed_feed_keeps_parsed_entries(local_server: LocalServer) -> None:
    url = local_server.route("/broken.xml", Reply.xml(MALFORMED))
    result = poll_feed(spec(url), None, FAST)
    assert result.status == "ok"
    assert [e.link for e in result.entries][:2] == [
        "https://news.example.org/1",
        "https://news.example.org/2",
    ]
    assert result.error is not None and result.error.startswith("malformed feed:")
    assert "\n" not in result.error


def test_feedparser_never_fetches_by_itself(local_server: LocalServer) -> None:
    other = local_server.route("/other.xml", Reply.xml(RSS))
    url = local_server.route("/feed", Reply.text(other))  # a body that is itself a URL
    poll_feed(spec(url), None, FAST)
    assert local_server.hits("/other.xml") == 0


def test_caller_supplied_client(local_server: LocalServer) -> None:
    url = local_server.route("/feed.xml", Reply.xml(RSS))
    with httpx.Client() as client:
        result = poll_feed(spec(url), None, FAST, client=client)
    assert result.status == "ok"
    assert local_server.requests_to("/feed.xml")[0].header("user-agent") == UA


def test_poll_feeds_isolates_failures(local_server: LocalServer, tmp_path: Path) -> None:
    ok = local_server.route("/feed.xml", Reply.xml(RSS))
    atom = local_server.route("/atom.xml", Reply.xml(ATOM))
    specs = [
        spec(ok),
        spec(local_server.url("/404.xml")),
        spec(str(tmp_path / "missing.xml")),
        spec(atom),
    ]
    results = poll_feeds(specs, {ok: FeedState(ok)}, FAST)
    assert [r.url for r in results] == [s.url for s in specs]
    assert [r.status for r in results] == ["ok", "error", "error", "ok"]
    assert results[2].error == f"feed file not found: {tmp_path / 'missing.xml'}"


# --- local feed files ----------------------------------------------------------------------------

LOCAL = """<?xml version="1.0"?><rss version="2.0"><channel><title>Sample</title>
<item><title>A</title><link>pages/a.html</link><pubDate>Tue, 05 Mar 2024 09:30:00 GMT</pubDate></item>
<item><title>B</title><link>pages/b%20c.html?x=1#top</link></item>
<item><title>Escape</title><link>../secret.html</link></item>
<item><title>Deep escape</title><link>pages/../../../etc/passwd</link></item>
<item><title>Absolute path</title><link>/etc/passwd</link></item>
<item><title>Remote</title><link>https://news.example.org/r.html</link></item>
<item><title>File</title><link>file:///etc/passwd</link></item>
</channel></rss>"""


@pytest.fixture
def local_feed(tmp_path: Path) -> Path:
    feed = tmp_path / "seeds" / "sample.xml"
    feed.parent.mkdir()
    feed.write_text(LOCAL, encoding="utf-8")
    return feed


def test_local_feed_relative_links_become_file_uris(local_feed: Path) -> None:
    result = poll_feed(spec(str(local_feed)), None, FAST)
    assert result.status == "ok" and result.title == "Sample"
    pages = local_feed.parent / "pages"
    assert [e.link for e in result.entries] == [
        (pages / "a.html").as_uri(),
        (pages / "b c.html").as_uri(),
        "https://news.example.org/r.html",
    ]
    assert result.entries[0].published == dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC)
    assert result.entries[0].feed_url == str(local_feed)


def test_local_feed_escapes_refused(local_feed: Path) -> None:
    reasons = dict(poll_feed(spec(str(local_feed)), None, FAST).rejected)
    assert reasons == {
        "../secret.html": "link escapes the feed file's directory",
        "pages/../../../etc/passwd": "link escapes the feed file's directory",
        "/etc/passwd": "link escapes the feed file's directory",
        "file://etc/passwd": "unsupported URL scheme 'file'",
    }


def test_local_feed_hash_etag_and_not_modified(local_feed: Path) -> None:
    first = poll_feed(spec(str(local_feed)), None, FAST)
    assert first.etag == content_digest(local_feed.read_bytes()) and first.etag.startswith(
        "sha256:"
    )
    same = poll_feed(spec(str(local_feed)), FeedState(str(local_feed), etag=first.etag), FAST)
    assert same.status == "not_modified" and same.etag == first.etag
    local_feed.write_text(LOCAL.replace("Sample", "Changed"), encoding="utf-8")
    changed = poll_feed(spec(str(local_feed)), FeedState(str(local_feed), etag=first.etag), FAST)
    assert changed.status == "ok" and changed.etag != first.etag and changed.title == "Changed"


def test_local_feed_given_as_file_uri(local_feed: Path) -> None:
    result = poll_feed(spec(local_feed.as_uri()), None, FAST)
    assert result.status == "ok" and len(result.entries) == 3


def test_invalid_link_rejected_not_fatal(local_server: LocalServer) -> None:
    rss = RSS.replace("/world/b.html", "http://[::1/broken")
    result = poll_feed(spec(local_server.route("/feed.xml", Reply.xml(rss))), None, FAST)
    assert result.status == "ok" and len(result.entries) == 1
    assert dict(result.rejected)["http://[::1/broken"] == "invalid URL: Invalid IPv6 URL"


def test_resolve_link_rules() -> None:
    feed = "https://news.example.org/rss/world.xml"
    assert resolve_link("a.html", feed) == "https://news.example.org/rss/a.html"
    assert resolve_link("//cdn.example.org/x", feed) == "https://cdn.example.org/x"
    assert resolve_link(" HTTPS://news.example.org/x ", feed) == "HTTPS://news.example.org/x"
    for bad in ("mailto:a@b.c", "JavaScript:alert(1)", "java\tscript:alert(1)", ""):
        with pytest.raises(LinkRejected):
            resolve_link(bad, feed)
