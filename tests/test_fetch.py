"""fetch_pages against tests/localserver.py: every failure mode becomes an error Page."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from pathlib import Path

import pytest

from dipwatch.config import Settings
from dipwatch.ingest.decoding import decode_html
from dipwatch.ingest.http import parse_retry_after, retry_delay
from dipwatch.ingest.pages import fetch_pages
from dipwatch.models import FeedEntry, Page
from localserver import LocalServer, Reply, local_server_fixture, refused_url  # noqa: F401

UA = "dipwatch-test/1.0 (+https://example.invalid/tests)"
FAST = Settings(
    user_agent=UA,
    backoff=0.01,
    retries=2,
    connect_timeout=2.0,
    read_timeout_http=2.0,
    total_timeout=5.0,
    max_retry_after=1.0,
    concurrency=8,
    per_host=4,
    max_page_bytes=200_000,
    max_redirects=3,
    allow_private_hosts="127.0.0.1",  # the pages' feed is public-looking; the test server is not
)
HTML = "<!doctype html><html><head><title>t</title></head><body><p>Hello</p></body></html>"
FEED = "https://news.example.org/feed.xml"


def entry(url: str | None, feed_url: str = FEED) -> FeedEntry:
    return FeedEntry(feed_url=feed_url, link=url, title="t")


def fetch_one(url: str | None, settings: Settings = FAST, **kw: object) -> Page:
    (page,) = fetch_pages([entry(url)], settings, **kw)  # type: ignore[arg-type]
    return page


# --- success, headers, conditional GET -----------------------------------------------------------


def test_ok_page_fields_and_user_agent(local_server: LocalServer) -> None:
    url = local_server.route(
        "/a.html", Reply.html(HTML, etag='"v1"', last_modified="Mon, 01 Jan 2024 00:00:00 GMT")
    )
    page = fetch_one(url)
    assert page.status == "ok" and page.error is None
    assert page.html == HTML and page.final_url == url and page.http_status == 200
    assert page.content_type == "text/html; charset=utf-8"
    assert page.etag == '"v1"' and page.last_modified == "Mon, 01 Jan 2024 00:00:00 GMT"
    assert page.entry is not None and page.entry.link == url
    (req,) = local_server.requests_to("/a.html")
    assert req.header("user-agent") == UA
    assert "text/html" in (req.header("accept") or "")


def test_default_user_agent_is_dipwatch(local_server: LocalServer) -> None:
    url = local_server.route("/a.html", Reply.html(HTML))
    fetch_one(url, FAST.model_copy(update=dict(user_agent=Settings().user_agent)))
    assert (local_server.requests_to("/a.html")[0].header("user-agent") or "").startswith(
        "dipwatch/"
    )


def test_conditional_get_etag_gives_not_modified(local_server: LocalServer) -> None:
    url = local_server.route("/a.html", Reply.html(HTML, etag='"v1"'))
    page = fetch_one(url, known={url: ('"v1"', None)})
    assert page.status == "not_modified" and page.http_status == 304 and page.html is None
    assert page.etag == '"v1"'
    assert local_server.requests_to("/a.html")[0].header("if-none-match") == '"v1"'


def test_conditional_get_last_modified_gives_not_modified(local_server: LocalServer) -> None:
    stamp = "Tue, 02 Jan 2024 10:00:00 GMT"
    url = local_server.route("/a.html", Reply.html(HTML, last_modified=stamp))
    page = fetch_one(url, known={url: (None, stamp)})
    assert page.status == "not_modified" and page.last_modified == stamp
    changed = fetch_one(url, known={url: (None, "Mon, 01 Jan 2024 00:00:00 GMT")})
    assert changed.status == "ok" and changed.html == HTML


def test_one_page_per_entry_in_order_duplicates_fetched_once(local_server: LocalServer) -> None:
    a = local_server.route("/a.html", Reply.html(HTML))
    b = local_server.route("/b.html", Reply(status=404))
    entries = [entry(a), entry(b), FeedEntry(feed_url="other", link=a)]
    pages = fetch_pages(entries, FAST, robots=False)
    assert [p.url for p in pages] == [a, b, a]
    assert [p.status for p in pages] == ["ok", "error", "ok"]
    assert pages[2].entry is entries[2]
    assert local_server.hits("/a.html") == 1


def test_progress_callback(local_server: LocalServer) -> None:
    urls = [local_server.route(f"/p{i}.html", Reply.html(HTML)) for i in range(3)]
    seen: list[tuple[int, int]] = []
    fetch_pages([entry(u) for u in urls], FAST, on_progress=lambda d, t: seen.append((d, t)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_works_inside_a_running_event_loop(local_server: LocalServer) -> None:
    url = local_server.route("/a.html", Reply.html(HTML))

    async def caller() -> Page:
        return fetch_one(url)

    assert asyncio.run(caller()).status == "ok"


def test_empty_list() -> None:
    assert fetch_pages([], FAST) == []


# --- HTTP errors and retries ---------------------------------------------------------------------


def test_404_is_an_error_without_retry(local_server: LocalServer) -> None:
    page = fetch_one(local_server.url("/missing.html"))
    assert page.status == "error" and page.error == "HTTP 404" and page.http_status == 404
    assert local_server.hits("/missing.html") == 1


def test_503_then_200_is_retried(local_server: LocalServer) -> None:
    url = local_server.route("/flaky.html", Reply(status=503), Reply.html(HTML))
    page = fetch_one(url)
    assert page.status == "ok" and page.html == HTML
    assert local_server.hits("/flaky.html") == 2


def test_persistent_503_gives_up_after_retries(local_server: LocalServer) -> None:
    url = local_server.route("/down.html", Reply(status=503))
    page = fetch_one(url)
    assert page.status == "error" and page.error == "HTTP 503 (after 3 attempts)"
    assert page.http_status == 503
    assert local_server.hits("/down.html") == FAST.retries + 1


def test_backoff_grows_exponentially(local_server: LocalServer) -> None:
    url = local_server.route("/down.html", Reply(status=500))
    fetch_one(url, FAST.model_copy(update=dict(backoff=0.1, retries=2)))
    t = [r.started for r in local_server.requests_to("/down.html")]
    assert t[1] - t[0] >= 0.09 and t[2] - t[1] >= 0.19


def test_429_retry_after_seconds_is_honoured(local_server: LocalServer) -> None:
    url = local_server.route(
        "/busy.html", Reply(status=429, headers={"Retry-After": "0.3"}), Reply.html(HTML)
    )
    assert fetch_one(url).status == "ok"
    first, second = local_server.requests_to("/busy.html")
    assert second.started - first.started >= 0.28


def test_429_with_a_long_retry_after_defers_the_page_and_its_host(
    local_server: LocalServer,
) -> None:
    busy = Reply(status=429, headers={"Retry-After": "3600"})
    urls = [local_server.route(f"/busy{i}.html", busy, Reply.html(HTML)) for i in range(2)]
    started = time.monotonic()
    settings = FAST.model_copy(update=dict(max_retry_after=0.2, per_host=1))
    pages = fetch_pages([entry(u) for u in urls], settings)
    assert time.monotonic() - started < 2.0  # nobody waited for the hour
    assert all(p.status == "error" and p.error.startswith("deferred: ") for p in pages)
    assert "asks to wait 3600 s (Retry-After)" in " ".join(p.error for p in pages)
    assert sum(local_server.hits(f"/busy{i}.html") for i in range(2)) == 1  # host left alone
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=3500)
    assert all(p.retry_at is not None and p.retry_at > soon for p in pages)


def test_retry_after_parsing() -> None:
    now = dt.datetime(2024, 1, 1, 12, 0, 0, tzinfo=dt.UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Mon, 01 Jan 2024 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Mon, 01 Jan 2024 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None
    settings = Settings(backoff=1.0, max_retry_after=60.0)
    assert [retry_delay(n, settings) for n in (1, 2, 3)] == [1.0, 2.0, 4.0]
    assert retry_delay(1, settings, 3600.0) == 60.0


def test_other_4xx_not_retried(local_server: LocalServer) -> None:
    url = local_server.route("/gone.html", Reply(status=410))
    assert fetch_one(url).error == "HTTP 410"
    assert local_server.hits("/gone.html") == 1


# --- timeouts and connection errors -------------------------------------------------------------


def test_read_timeout_is_retried_then_reported(local_server: LocalServer) -> None:
    url = local_server.route("/slow.html", Reply.html(HTML, delay=1.0))
    started = time.monotonic()
    page = fetch_one(url, FAST.model_copy(update=dict(read_timeout_http=0.15, retries=1)))
    assert page.status == "error" and page.error == "timed out (read timeout) (after 2 attempts)"
    assert local_server.hits("/slow.html") == 2
    assert time.monotonic() - started < 1.5


def test_total_timeout_cuts_a_slow_drip(local_server: LocalServer) -> None:
    body = "<html><body>" + "x" * 400 + "</body></html>"
    url = local_server.route("/drip.html", Reply.html(body, chunk_size=10, chunk_delay=0.05))
    started = time.monotonic()
    page = fetch_one(url, FAST.model_copy(update=dict(total_timeout=0.3, retries=0)))
    assert page.status == "error" and page.error == "timed out (total 0.3 s)"
    assert time.monotonic() - started < 1.5


def test_timeout_then_success(local_server: LocalServer) -> None:
    url = local_server.route("/slow.html", Reply.html(HTML, delay=1.0), Reply.html(HTML))
    page = fetch_one(url, FAST.model_copy(update=dict(read_timeout_http=0.15)))
    assert page.status == "ok" and local_server.hits("/slow.html") == 2


def test_dropped_connection_is_retried(local_server: LocalServer) -> None:
    url = local_server.route("/drop.html", Reply(drop=True), Reply.html(HTML))
    assert fetch_one(url).status == "ok"
    assert local_server.hits("/drop.html") == 2


def test_connection_refused() -> None:
    page = fetch_one(refused_url("/a.html"), FAST.model_copy(update=dict(retries=1)))
    assert page.status == "error"
    assert page.error is not None and page.error.startswith("connection failed")
    assert page.error.endswith("(after 2 attempts)")


# --- concurrency ---------------------------------------------------------------------------------


def test_per_host_limit_is_never_exceeded(local_server: LocalServer) -> None:
    urls = [local_server.route(f"/p{i}.html", Reply.html(HTML, delay=0.1)) for i in range(8)]
    pages = fetch_pages(
        [entry(u) for u in urls], FAST.model_copy(update=dict(per_host=2, concurrency=8))
    )
    assert all(p.status == "ok" for p in pages)
    assert local_server.peak_concurrency("/p") == 2


def test_global_limit_is_never_exceeded(local_server: LocalServer) -> None:
    urls = [local_server.route(f"/p{i}.html", Reply.html(HTML, delay=0.1)) for i in range(8)]
    fetch_pages([entry(u) for u in urls], FAST.model_copy(update=dict(per_host=10, concurrency=3)))
    assert local_server.peak_concurrency("/p") == 3


# --- body checks ---------------------------------------------------------------------------------


def test_size_cap_stops_a_huge_chunked_body(local_server: LocalServer) -> None:
    chunk = b"<html><body>" + b"x" * 65_524
    url = local_server.route("/huge.html", Reply(body=chunk, chunked=True, repeat=2_000))  # 128 MiB
    started = time.monotonic()
    page = fetch_one(url)
    assert page.status == "error" and page.error == f"page exceeds {FAST.max_page_bytes} bytes"
    (req,) = local_server.wait_finished("/huge.html")
    assert req.aborted and req.bytes_sent < len(chunk) * 2_000
    assert time.monotonic() - started < 5


def test_size_cap_on_declared_content_length(local_server: LocalServer) -> None:
    url = local_server.route("/big.html", Reply.html("<html>" + "x" * 300_000))
    assert fetch_one(url).error == f"page exceeds {FAST.max_page_bytes} bytes"


def test_not_html_content_type(local_server: LocalServer) -> None:
    url = local_server.route(
        "/doc.pdf", Reply(body=b"%PDF-1.7 ...", content_type="application/pdf")
    )
    assert fetch_one(url).error == "not an HTML page (content-type application/pdf)"


def test_xhtml_is_accepted(local_server: LocalServer) -> None:
    url = local_server.route("/a.xhtml", Reply(body=HTML, content_type="application/xhtml+xml"))
    assert fetch_one(url).status == "ok"


def test_missing_content_type_is_sniffed(local_server: LocalServer) -> None:
    ok = local_server.route("/a", Reply(body=HTML, content_type=None))
    bad = local_server.route("/b", Reply(body=b"\x00\x01binary", content_type=None))
    page_ok, page_bad = fetch_pages([entry(ok), entry(bad)], FAST)
    assert page_ok.status == "ok" and page_ok.html == HTML
    assert page_bad.error is not None and page_bad.error.startswith("not an HTML page")


def test_empty_page(local_server: LocalServer) -> None:
    url = local_server.route("/empty.html", Reply.html(""))
    assert fetch_one(url).error == "empty page"


# --- redirects -----------------------------------------------------------------------------------


def test_redirects_are_followed_and_final_url_kept(local_server: LocalServer) -> None:
    local_server.route("/old", Reply.redirect("/older", status=301))
    local_server.route("/older", Reply.redirect(local_server.url("/new.html"), status=307))
    local_server.route("/new.html", Reply.html(HTML))
    page = fetch_one(local_server.url("/old"))
    assert page.status == "ok" and page.url == local_server.url("/old")
    assert page.final_url == local_server.url("/new.html")


def test_redirect_loop(local_server: LocalServer) -> None:
    local_server.route("/a", Reply.redirect("/b"))
    local_server.route("/b", Reply.redirect("/a"))
    page = fetch_one(local_server.url("/a"))
    assert page.status == "error" and page.error is not None
    assert page.error.startswith("redirect loop")


def test_too_many_redirects(local_server: LocalServer) -> None:
    for i in range(6):
        local_server.route(f"/r{i}", Reply.redirect(f"/r{i + 1}"))
    page = fetch_one(local_server.url("/r0"))
    assert page.error == f"too many redirects (more than {FAST.max_redirects})"
    assert local_server.hits("/r4") == 0


def test_redirect_to_file_scheme_is_refused(local_server: LocalServer) -> None:
    local_server.route("/evil", Reply.redirect("file:///etc/passwd"))
    page = fetch_one(local_server.url("/evil"))
    assert page.status == "error" and page.error is not None
    assert page.error.startswith("redirect to unsupported URL scheme 'file'")


# --- robots.txt ----------------------------------------------------------------------------------


def test_robots_disallow(local_server: LocalServer) -> None:
    local_server.route("/robots.txt", Reply.text("User-agent: *\nDisallow: /private/\n"))
    private = local_server.route("/private/a.html", Reply.html(HTML))
    public = local_server.route("/public/a.html", Reply.html(HTML))
    p1, p2 = fetch_pages([entry(private), entry(public)], FAST)
    assert p1.status == "error" and p1.error == "disallowed by robots.txt"
    assert p2.status == "ok"
    assert local_server.hits("/private/a.html") == 0
    assert local_server.hits("/robots.txt") == 1  # cached per call


def test_robots_agent_specific_rules(local_server: LocalServer) -> None:
    local_server.route(
        "/robots.txt", Reply.text("User-agent: dipwatch\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    )
    url = local_server.route("/a.html", Reply.html(HTML))
    settings = FAST.model_copy(update=dict(user_agent=Settings().user_agent))
    assert fetch_one(url, settings).error == "disallowed by robots.txt"


def test_robots_ignored_when_disabled(local_server: LocalServer) -> None:
    local_server.route("/robots.txt", Reply.text("User-agent: *\nDisallow: /\n"))
    url = local_server.route("/a.html", Reply.html(HTML))
    assert fetch_one(url, robots=False).status == "ok"
    assert local_server.hits("/robots.txt") == 0


@pytest.mark.parametrize(
    "reply", [Reply(status=404), Reply(status=503), Reply(status=500, drop=True)]
)
def test_unavailable_robots_allows(local_server: LocalServer, reply: Reply) -> None:
    local_server.route("/robots.txt", reply)
    url = local_server.route("/a.html", Reply.html(HTML))
    assert fetch_one(url).status == "ok"


def test_slow_robots_does_not_hang(local_server: LocalServer) -> None:
    local_server.route("/robots.txt", Reply.text("User-agent: *\nDisallow: /\n", delay=3.0))
    url = local_server.route("/a.html", Reply.html(HTML))
    started = time.monotonic()
    page = fetch_one(url, FAST.model_copy(update=dict(read_timeout_http=0.2)))
    assert page.status == "ok" and time.monotonic() - started < 1.5


# --- decoding ------------------------------------------------------------------------------------

FRENCH = "<html><body>Café « déjà » – “quoted” naïve €</body></html>"
RUSSIAN = "<html><body>Министр иностранных дел России встретился с послом</body></html>"
JAPANESE = '<html><head><meta charset="Shift_JIS"></head><body>外務大臣は会談した</body></html>'


def test_windows_1252_from_http_charset(local_server: LocalServer) -> None:
    url = local_server.route("/fr.html", Reply.html(FRENCH, charset="windows-1252"))
    assert fetch_one(url).html == FRENCH


def test_windows_1252_from_meta_http_equiv(local_server: LocalServer) -> None:
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        "</head><body>Café “quoted”</body></html>"
    )
    url = local_server.route("/fr.html", Reply.html(html, charset="cp1252", declare=False))
    assert fetch_one(url).html == html


def test_shift_jis_from_meta_charset(local_server: LocalServer) -> None:
    url = local_server.route("/ja.html", Reply.html(JAPANESE, charset="shift_jis", declare=False))
    assert fetch_one(url).html == JAPANESE


def test_koi8_r_from_http_charset(local_server: LocalServer) -> None:
    url = local_server.route("/ru.html", Reply.html(RUSSIAN, charset="koi8-r"))
    assert fetch_one(url).html == RUSSIAN


def test_undeclared_non_utf8_falls_back(local_server: LocalServer) -> None:
    url = local_server.route("/fr.html", Reply.html(FRENCH, charset="cp1252", declare=False))
    page = fetch_one(url)
    assert (
        page.status == "ok"
        and page.html is not None
        and "Café" in page.html
        and "déjà" in page.html
    )


def test_decode_html_rules() -> None:
    assert decode_html("é".encode(), None) == "é"
    assert decode_html(b"\xef\xbb\xbf<html>\xc3\xa9", "text/html; charset=iso-8859-1") == "<html>é"
    assert decode_html("“x”".encode("cp1252"), "text/html; charset=ISO-8859-1") == "“x”"
    # a wrong utf-8 label falls back instead of producing replacement characters
    assert (
        decode_html("<html>Café</html>".encode("cp1252"), "text/html; charset=utf-8")
        == "<html>Café</html>"
    )
    assert (
        decode_html(b"<html>caf\xe9</html>", "text/html; charset=no-such-charset")
        == "<html>café</html>"
    )


# --- schemes and local files ---------------------------------------------------------------------


def test_entry_without_link() -> None:
    assert fetch_one(None).error == "entry has no link"


@pytest.mark.parametrize(
    "url", ["ftp://example.org/a.html", "data:text/html,<html>hi</html>", "javascript:alert(1)"]
)
def test_other_schemes_refused(url: str) -> None:
    page = fetch_one(url)
    assert page.status == "error" and page.error is not None
    assert page.error.startswith("unsupported URL scheme")


def test_invalid_url_does_not_raise() -> None:
    page = fetch_one("http://[::1/broken")
    assert page.status == "error" and page.error


def _local_feed(tmp_path: Path) -> tuple[Path, Path]:
    feed = tmp_path / "feeds" / "sample.xml"
    (feed.parent / "pages").mkdir(parents=True)
    feed.write_text("<rss/>")
    page = feed.parent / "pages" / "a.html"
    page.write_text(HTML, encoding="utf-8")
    return feed, page


def test_file_page_of_a_local_feed(tmp_path: Path) -> None:
    feed, page_path = _local_feed(tmp_path)
    (page,) = fetch_pages([entry(page_path.as_uri(), feed_url=str(feed))], FAST)
    assert page.status == "ok" and page.html == HTML and page.final_url == page_path.as_uri()


def test_file_page_with_escaped_name_and_non_html(tmp_path: Path) -> None:
    feed, page_path = _local_feed(tmp_path)
    spaced = page_path.with_name("b c.html")
    spaced.write_text(HTML, encoding="utf-8")
    pdf = page_path.with_name("doc.pdf")
    pdf.write_bytes(b"%PDF-1.7")
    ok, bad = fetch_pages([entry(spaced.as_uri(), str(feed)), entry(pdf.as_uri(), str(feed))], FAST)
    assert "%20" in spaced.as_uri() and ok.status == "ok" and ok.html == HTML
    assert bad.error == "not an HTML page (content-type application/pdf)"


def test_file_page_outside_feed_directory_refused(tmp_path: Path) -> None:
    feed, _ = _local_feed(tmp_path)
    outside = tmp_path / "secret.html"
    outside.write_text(HTML)
    (page,) = fetch_pages([entry(outside.as_uri(), feed_url=str(feed))], FAST)
    assert (
        page.status == "error"
        and page.error == "file: URL outside the feed file's directory refused"
    )
    sneaky = (feed.parent / "pages" / ".." / ".." / "secret.html").as_posix()
    (page,) = fetch_pages([entry("file://" + sneaky, feed_url=str(feed))], FAST)
    assert page.status == "error"


def test_file_page_from_remote_feed_refused(tmp_path: Path) -> None:
    _, page_path = _local_feed(tmp_path)
    page = fetch_one(page_path.as_uri())  # feed_url is https://...
    assert (
        page.status == "error"
        and page.error is not None
        and page.error.startswith("file: URL refused")
    )


# --- logging -------------------------------------------------------------------------------------


def test_one_warning_per_failure_none_on_success(
    local_server: LocalServer, caplog: pytest.LogCaptureFixture
) -> None:
    ok = local_server.route("/a.html", Reply.html(HTML))
    bad = local_server.url("/missing.html")
    with caplog.at_level(logging.DEBUG, logger="dipwatch.ingest.pages"):
        fetch_pages([entry(ok), entry(bad)], FAST)
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "missing.html" in warnings[0].getMessage()
    assert "HTTP 404" in warnings[0].getMessage()
