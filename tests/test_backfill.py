"""Backfill from WARC files and news sitemaps: streamed, deduplicated, resumable after kill -9."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cluster_pages import ROOT, rows
from dipwatch.backfill import Window, backfill_sitemap, backfill_warc
from dipwatch.config import load_settings
from dipwatch.ingest.sitemaps import list_sitemap, parse_sitemap
from dipwatch.ingest.warc import WarcFilter, read_warc
from localserver import LocalServer, Reply
from warcs import Capture, news_pages, write_warc

SEED_PAGES = sorted((ROOT / "seeds" / "pages").glob("*.html"))
UTC = dt.UTC


def _settings(db: str, **kw):
    return load_settings({"db": db, "respect_robots": True, **kw}, read_feeds=False, environ={})


def _seed_captures() -> list[Capture]:
    return [Capture(f"https://wire.example/{p.name}", p.read_bytes()) for p in SEED_PAGES]


@pytest.fixture
def mixed_warc(tmp_path) -> Path:
    """Seed pages among what a crawl also holds: an image, a 404, a redirect, another host."""
    caps = _seed_captures()
    caps[3:3] = [
        Capture("https://wire.example/logo.png", b"\x89PNG....", "image/png"),
        Capture("https://wire.example/gone.html", b"<html>gone</html>", status="404 Not Found"),
        Capture("https://wire.example/old.html", b"", None, status="301 Moved Permanently"),
        Capture("https://sports.example/a.html", SEED_PAGES[0].read_bytes()),
        Capture(
            "https://wire.example/2005.html",
            SEED_PAGES[1].read_bytes(),
            captured=dt.datetime(2005, 5, 1, tzinfo=UTC),
        ),
    ]
    return write_warc(tmp_path / "crawl.warc.gz", caps)


@pytest.mark.parametrize("gz", [True, False])
def test_records_are_read_in_order_and_resume_at_any_offset(tmp_path, gz):
    path = write_warc(tmp_path / ("a.warc.gz" if gz else "a.warc"), news_pages(6), gzip=gz)
    records = list(read_warc(str(path)))
    kept = [r for r in records if r.page]
    assert [r.page.url for r in kept] == [
        f"https://wire.example/world/story-{i}.html" for i in range(6)
    ]
    assert kept[0].page.entry.published == dt.datetime(2024, 1, 1, 12, tzinfo=UTC)
    assert "Story 0" in kept[0].page.html
    for r in kept:  # restarting at a record's offset reads it and what follows
        again = [x.page.url for x in read_warc(str(path), r.offset) if x.page]
        assert again == [k.page.url for k in kept if k.offset >= r.offset]


def test_only_html_responses_of_the_hosts_and_dates_are_kept(mixed_warc):
    keep = WarcFilter(hosts=("wire.example",), since=dt.date(2010, 1, 1), max_bytes=100_000)
    records = list(read_warc(str(mixed_warc), keep=keep))
    skipped: dict[str, int] = {}
    for r in records:
        if r.skipped:
            skipped[r.skipped] = skipped.get(r.skipped, 0) + 1
    assert sum(r.page is not None for r in records) == len(SEED_PAGES)
    assert {k: skipped[k] for k in ("not-html", "status", "host", "date")} == {
        "not-html": 1,
        "status": 2,
        "host": 1,
        "date": 1,
    }
    small = list(read_warc(str(mixed_warc), keep=WarcFilter(max_bytes=1_000)))
    assert all(r.page is None for r in small) and any(r.skipped == "too-large" for r in small)


def test_a_warc_url_is_streamed_and_resumed_with_a_range_request(tmp_path):
    path = write_warc(tmp_path / "a.warc.gz", news_pages(4))
    data = path.read_bytes()

    def ranged(req):
        spec = req.header("range")
        if not spec:
            return Reply(body=data, content_type="application/warc")
        start = int(spec.split("=")[1].rstrip("-"))
        return Reply(
            status=206,
            body=data[start:],
            content_type="application/warc",
            headers={"Content-Range": f"bytes {start}-{len(data) - 1}/{len(data)}"},
        )

    with LocalServer() as srv:
        url = srv.route("/cc-news/a.warc.gz", ranged)
        kept = [r for r in read_warc(url) if r.page]
        assert len(kept) == 4
        rest = [r.page.url for r in read_warc(url, kept[2].offset) if r.page]
        assert rest == [kept[2].page.url, kept[3].page.url]
        assert srv.requests[-1].header("range") == f"bytes={kept[2].offset}-"


def test_a_backfill_loads_like_a_refresh_and_a_second_adds_nothing(tmp_path, mixed_warc):
    db = str(tmp_path / "wh.duckdb")
    settings = _settings(db, batch_size=4)
    keep = WarcFilter(hosts=("wire.example",), since=dt.date(2010, 1, 1))
    first = backfill_warc(str(mixed_warc), settings, "bf1", keep)
    assert first.progress.status == "done" and first.added["articles_new"] == len(SEED_PAGES)
    assert first.added["events_loaded"] > 20
    counts = rows(
        db, "select (select count(*) from raw.articles), (select count(*) from raw.events)"
    )
    assert counts == [(len(SEED_PAGES), first.added["events_loaded"])]
    assert rows(db, "select count(*) from clusters")[0][0] > 0  # marts brought up to date
    # the same WARC again: skipped; read again from the start: every page is known
    second = backfill_warc(str(mixed_warc), settings, "bf2", keep)
    assert second.skipped and second.added["articles_new"] == 0
    again = backfill_warc(str(mixed_warc), settings, "bf3", keep, restart=True)
    assert again.added["articles_new"] == 0 and again.added["duplicates"] == len(SEED_PAGES)
    # another archive with the same stories under other URLs: aliases, no new article
    copy = write_warc(
        tmp_path / "mirror.warc.gz",
        [
            Capture(c.url.replace("wire.example", "mirror.example"), c.body)
            for c in _seed_captures()
        ],
    )
    mirror = backfill_warc(str(copy), settings, "bf4", WarcFilter())
    assert mirror.added["articles_new"] == 0 and mirror.added["duplicates"] == len(SEED_PAGES)
    assert (
        rows(db, "select (select count(*) from raw.articles), (select count(*) from raw.events)")
        == counts
    )


def test_the_publication_window_keeps_undated_and_inside_articles():
    window = Window(dt.date(2024, 1, 1), dt.date(2024, 1, 31))
    assert window.keeps(None) and window.keeps(dt.datetime(2024, 1, 31, 23, tzinfo=UTC))
    assert not window.keeps(dt.datetime(2024, 2, 1, tzinfo=UTC))


_CHILD = """
import sys
from dipwatch.backfill import backfill_warc
from dipwatch.config import load_settings
from dipwatch.ingest.warc import WarcFilter
settings = load_settings({"db": sys.argv[2], "batch_size": 2}, read_feeds=False, environ={})
backfill_warc(sys.argv[1], settings, "child", WarcFilter())
"""


@pytest.mark.slow
def test_a_backfill_killed_midway_resumes_and_loads_each_article_once(tmp_path):
    n = 40
    path = write_warc(tmp_path / "big.warc.gz", news_pages(n))
    db = str(tmp_path / "wh.duckdb")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(path), db], env=env)
    try:
        deadline = time.monotonic() + 120
        loaded = 0
        while time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.3)
            try:
                loaded = rows(db, "select articles_new from raw.backfill_progress")[0][0]
            except Exception:  # not created yet, or the child holds the write lock
                continue
            if loaded >= 6:
                break
        assert child.poll() is None, "the child finished before it could be killed"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    [(status, offset, done)] = rows(
        db, "select status, next_offset, articles_new from raw.backfill_progress"
    )
    assert status == "running" and 0 < offset < path.stat().st_size and 6 <= done < n
    assert rows(db, "select count(*) from raw.articles")[0][0] == done  # progress = what landed

    settings = _settings(db, batch_size=4, extract_workers=2)  # two worker processes
    resumed = backfill_warc(str(path), settings, "resume", WarcFilter())
    assert resumed.progress.status == "done"
    assert resumed.added["articles_new"] == n - done  # nothing read twice
    assert rows(db, "select count(*), count(distinct url) from raw.articles") == [(n, n)]
    # the same events as one uninterrupted backfill
    clean_db = str(tmp_path / "clean.duckdb")
    backfill_warc(str(path), _settings(clean_db, batch_size=8), "clean", WarcFilter())
    ids = "select event_id from raw.events order by 1"
    assert rows(db, ids) == rows(clean_db, ids) and len(rows(db, ids)) >= n
    assert backfill_warc(str(path), settings, "again", WarcFilter()).skipped


def _sitemap(urls: list[tuple[str, str | None]], news: bool = True) -> bytes:
    items = []
    for loc, day in urls:
        extra = ""
        if day and news:
            extra = (
                "<news:news><news:publication><news:name>Wire</news:name>"
                "<news:language>en</news:language></news:publication>"
                f"<news:publication_date>{day}</news:publication_date></news:news>"
            )
        elif day:
            extra = f"<lastmod>{day}</lastmod>"
        items.append(f"<url><loc>{loc}</loc>{extra}</url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        + "".join(items)
        + "</urlset>"
    ).encode()


def test_sitemaps_and_indexes_are_parsed():
    urls, children = parse_sitemap(
        _sitemap([("https://a.example/1.html", "2024-03-04T10:00:00+00:00"), ("file:///x", None)]),
        "s",
    )
    assert urls[0].url == "https://a.example/1.html" and urls[0].published.day == 4
    assert len(urls) == 1 and children == []  # a file: URL is never taken
    index = (
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://a.example/s1.xml</loc></sitemap></sitemapindex>"
    )
    assert parse_sitemap(gzip.compress(index), "i") == ([], ["https://a.example/s1.xml"])
    with pytest.raises(Exception, match="not XML"):
        parse_sitemap(b"<html><body>", "x")
    with pytest.raises(Exception, match="not a sitemap"):
        parse_sitemap(b"<rss/>", "x")


def test_a_sitemap_backfill_obeys_robots_and_a_rerun_fetches_nothing(tmp_path):
    stories = news_pages(6)
    with LocalServer() as srv:
        srv.route("/robots.txt", Reply.text("User-agent: *\nDisallow: /private/\n"))
        listed = []
        for i, cap in enumerate(stories):
            path = f"/world/story-{i}.html" if i != 5 else "/private/story-5.html"
            srv.route(path, Reply.html(cap.body.decode()))
            listed.append((srv.url(path), cap.captured.date().isoformat()))
        listed.append((srv.url("/world/missing.html"), None))
        srv.route("/news-1.xml", Reply.xml(_sitemap(listed[:3]).decode()))
        srv.route(
            "/news-2.xml.gz",
            Reply(
                body=gzip.compress(_sitemap(listed[3:], news=False)),
                content_type="application/gzip",
            ),
        )
        srv.route("/private/hidden.xml", Reply.xml(_sitemap(listed).decode()))
        index = (
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{srv.url('/news-1.xml')}</loc></sitemap>"
            f"<sitemap><loc>{srv.url('/news-2.xml.gz')}</loc></sitemap>"
            f"<sitemap><loc>{srv.url('/private/hidden.xml')}</loc></sitemap>"
            "</sitemapindex>"
        )
        top = srv.route("/sitemap.xml", Reply.xml(index))
        db = str(tmp_path / "wh.duckdb")
        settings = _settings(db, batch_size=3, retries=0)

        urls, errors = list_sitemap(top, settings)
        assert len(urls) == 7 and errors == [
            f"sitemap {srv.url('/private/hidden.xml')}: disallowed by robots.txt"
        ]

        done = backfill_sitemap(top, settings, "s1", window=Window(dt.date(2024, 1, 2)))
        assert srv.hits("/world/story-0.html") == 0  # published 2024-01-01: outside the window
        assert srv.hits("/private/story-5.html") == 0 and srv.hits("/private/hidden.xml") == 0
        assert done.added["articles_new"] == 4  # stories 1-4
        assert done.added["failed"] == 2  # the missing page (404) and the disallowed one
        assert rows(db, "select count(*) from raw.articles")[0][0] == 4
        stages = rows(db, "select stage, count(*) from raw.ingest_errors group by 1 order by 1")
        assert stages == [("fetch", 2), ("sitemap", 1)]

        before = len(srv.requests)
        assert backfill_sitemap(top, settings, "s2").skipped
        assert len(srv.requests) == before  # nothing fetched
        again = backfill_sitemap(top, settings, "s3", restart=True)
        page_hits = [r.path for r in srv.requests[before:] if r.path.startswith("/world/story")]
        assert again.added["articles_new"] == 1  # story 0, now without the window
        assert page_hits == ["/world/story-0.html"]  # known articles are not fetched again


@pytest.mark.slow
def test_the_backfill_flows_and_command(prefect_harness, tmp_path, mixed_warc, capsys):
    from dipwatch.app.cli import main

    db = str(tmp_path / "wh.duckdb")
    code = main(
        [
            "backfill",
            "--warc",
            str(mixed_warc),
            "--hosts",
            "wire.example",
            "--since",
            "2010-01-01",
            "--db",
            db,
        ]
    )
    out = capsys.readouterr().out
    assert code == 0 and f"{len(SEED_PAGES)} new articles" in out
    assert main(["backfill", "--warc", str(mixed_warc), "--db", db]) == 0
    assert "already done, skipped" in capsys.readouterr().out
    [(status, summary)] = rows(
        db,
        "select status, summary from raw.runs where run_id like 'backfill-%' order by started_at limit 1",
    )
    assert status == "completed" and '"kind": "backfill"' in summary
    assert main(["backfill", "--db", db]) == 2
    assert main(["backfill", "--warc", str(tmp_path / "none.warc.gz"), "--db", db]) == 2
    assert "no such WARC file" in capsys.readouterr().err


def test_the_backfill_deployments_validate():
    import yaml
    from dipwatch.flows.backfill import backfill_sitemap_flow, backfill_warc_flow

    deployments = yaml.safe_load((ROOT / "prefect.yaml").read_text())["deployments"]
    by_entry = {d["entrypoint"]: d for d in deployments}
    for fn, entry in (
        (backfill_warc_flow, "flows/backfill.py:backfill_warc_flow"),
        (backfill_sitemap_flow, "flows/backfill.py:backfill_sitemap_flow"),
    ):
        params = fn.validate_parameters(by_entry[entry]["parameters"] | {"since": "2024-03-01"})
        assert params["settings"].db == "warehouse/dipwatch.duckdb"
        assert params["since"] == dt.date(2024, 3, 1)


def test_marts_are_refreshed_as_a_long_backfill_goes(tmp_path, mixed_warc, monkeypatch):
    import dipwatch.backfill as bf

    calls = []
    real = bf.refresh_marts
    monkeypatch.setattr(bf, "MARTS_EVERY_ARTICLES", 3)
    monkeypatch.setattr(bf, "refresh_marts", lambda s: (calls.append(1), real(s)))
    db = str(tmp_path / "wh.duckdb")
    done = backfill_warc(str(mixed_warc), _settings(db, batch_size=2), "m", WarcFilter())
    assert done.added["articles_new"] == len(SEED_PAGES)
    assert len(calls) >= 3  # every 3 new articles, and at the end
    assert rows(
        db,
        "select count(*) from raw.events where event_id not in "
        "(select event_id from raw.cluster_members)",
    ) == [(0,)]
