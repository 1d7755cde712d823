"""The refresh flow and hostile input: refused addresses, failed pages retried, capped feeds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from fakenet import PUBLIC, FakeNet, fake_net_fixture  # noqa: F401
from localserver import LocalServer, Reply, local_server_fixture  # noqa: F401
from pages import LOAN, VISIT, page, rss
from test_addresses import FORBIDDEN, HINT
from test_refresh_flow import FAST as FLOW_FAST
from test_refresh_flow import T0, _rows

pytestmark = pytest.mark.slow

FAST = FLOW_FAST | dict(respect_robots=False, refresh_marts=False)


def _run(feeds: list[str], db: str, **given) -> dict:
    from dipwatch.flows.refresh import refresh

    from dipwatch.config import RefreshSettings

    return refresh(settings=RefreshSettings(db=db, **(FAST | given)), feeds=feeds)


def _an_hour_passes(db: str) -> None:
    con = duckdb.connect(db)
    try:
        con.execute("update raw.ingest_errors set next_try_at = next_try_at - interval 1 hour")
    finally:
        con.close()


def test_a_public_feed_linking_to_forbidden_ranges_gives_one_error_row_each(
    prefect_harness, local_server: LocalServer, fake_net: FakeNet, tmp_path: Path
) -> None:
    fake_net.names["news.public.test"] = [PUBLIC]
    fake_net.names["internal.test"] = ["10.1.2.3"]
    base = f"http://news.public.test:{local_server.port}"
    port = local_server.port
    links = [(f"Item {i}", f"http://{host}:{port}/secret", T0) for i, host in enumerate(FORBIDDEN)]
    local_server.route("/visit.html", Reply.html(page("Xi arrives in Moscow", VISIT)))
    local_server.route("/meta", Reply.redirect("http://169.254.169.254/latest/meta-data/"))
    items = [*links, ("Visit", base + "/visit.html", T0), ("Meta", base + "/meta", T0)]
    local_server.route("/feed.xml", Reply.xml(rss(items)))
    db = str(tmp_path / "wh.duckdb")

    _run([base + "/feed.xml"], db)

    errors = dict(_rows(db, "select url, error from raw.ingest_errors where stage = 'fetch'"))
    for (_, link, _), expected in zip(links, FORBIDDEN.values(), strict=True):
        assert errors.pop(link) == "refused: " + expected + HINT
    assert errors == {base + "/meta": "refused: 169.254.169.254 is a link-local address" + HINT}
    assert _rows(db, "select count(*) from raw.ingest_errors where next_try_at is not null") == [
        (0,)
    ]  # refusals are never tried again
    assert _rows(db, "select url from raw.articles") == [(base + "/visit.html",)]
    assert {addr for addr, _ in fake_net.dials} == {PUBLIC}
    assert sorted({r.path for r in local_server.requests}) == ["/feed.xml", "/meta", "/visit.html"]


def test_a_failed_page_loads_on_a_later_refresh_with_the_feed_unchanged(
    prefect_harness, local_server: LocalServer, tmp_path: Path
) -> None:
    u = local_server.url
    down = Reply(status=500)
    local_server.route("/loan.html", down, down, Reply.html(page("Japan lends Indonesia", LOAN)))
    local_server.route("/visit.html", Reply.html(page("Xi arrives in Moscow", VISIT)))
    feed = rss([("Loan", u("/loan.html"), T0), ("Visit", u("/visit.html"), T0)])
    local_server.route("/feed.xml", Reply.xml(feed, etag='"f1"'))
    db = str(tmp_path / "wh.duckdb")

    first = _run([u("/feed.xml")], db, page_retry_backoff=0)
    assert first["articles_new"] == 1 and first["articles_failed"] == 1
    (row,) = _rows(db, "select error, attempts, next_try_at, resolved_at from raw.ingest_errors")
    assert row[0] == "HTTP 500 (after 2 attempts)" and row[1] == 1 and row[2] is not None
    assert row[3] is None

    second = _run([u("/feed.xml")], db, page_retry_backoff=0)
    assert second["feeds"][0][1] == "not_modified"  # the feed did not change
    assert second["articles_new"] == 1 and second["articles_failed"] == 0
    assert local_server.hits("/loan.html") == 3 and local_server.hits("/visit.html") == 1
    assert len(_rows(db, "select * from raw.articles")) == 2
    assert _rows(db, "select count(*) from raw.ingest_errors where resolved_at is null") == [(0,)]


def test_failed_pages_wait_for_their_backoff_and_stop_at_the_limit(
    prefect_harness, local_server: LocalServer, tmp_path: Path
) -> None:
    u = local_server.url
    local_server.route("/gone.html", Reply(status=404))
    local_server.route("/feed.xml", Reply.xml(rss([("Gone", u("/gone.html"), T0)]), etag='"f1"'))
    db = str(tmp_path / "wh.duckdb")
    _run([u("/feed.xml")], db, page_retry_backoff=3600)
    _run([u("/feed.xml")], db, page_retry_backoff=3600)  # not due for an hour
    assert local_server.hits("/gone.html") == 1
    (next_try,) = _rows(db, "select next_try_at from raw.ingest_errors")[0]
    assert next_try > dt.datetime.now(dt.UTC) + dt.timedelta(minutes=55)

    _an_hour_passes(db)
    for _ in range(3):  # due at once now, but only one retry allowed
        _run([u("/feed.xml")], db, page_retry_backoff=0, page_retries=1)
    assert local_server.hits("/gone.html") == 2
    assert _rows(db, "select attempts from raw.ingest_errors") == [(2,)]


def test_a_local_feed_retries_a_missing_page_once_it_appears(
    prefect_harness, tmp_path: Path
) -> None:
    folder = tmp_path / "feed"
    folder.mkdir()
    feed = folder / "feed.xml"
    feed.write_text(rss([("Visit", "visit.html", T0)]), encoding="utf-8")
    db = str(tmp_path / "wh.duckdb")
    first = _run([str(feed)], db, page_retry_backoff=0)
    assert first["articles_failed"] == 1
    (folder / "visit.html").write_text(page("Xi arrives in Moscow", VISIT), encoding="utf-8")
    second = _run([str(feed)], db, page_retry_backoff=0)
    assert second["feeds"][0][1] == "not_modified" and second["articles_new"] == 1


def test_a_feed_over_the_entry_cap_is_cut_with_one_error_row(
    prefect_harness, local_server: LocalServer, tmp_path: Path
) -> None:
    u = local_server.url
    local_server.route("/visit.html", Reply.html(page("Xi arrives in Moscow", VISIT)))
    items = [("Visit", u("/visit.html"), T0)] + [
        (f"Item {i}", u(f"/missing/{i}.html"), T0) for i in range(50)
    ]
    local_server.route("/feed.xml", Reply.xml(rss(items)))
    db = str(tmp_path / "wh.duckdb")
    summary = _run([u("/feed.xml")], db, max_feed_entries=3)
    assert summary["articles_new"] == 1 and summary["articles_failed"] == 2
    (row,) = _rows(db, "select url, error from raw.ingest_errors where stage = 'entry'")
    assert row == (
        u("/feed.xml") + "#entries-over-cap",
        "feed has 51 entries; only its first 3 are taken this refresh (max_feed_entries), "
        "48 skipped",
    )
    assert sum(local_server.hits(f"/missing/{i}.html") for i in range(50)) == 2


def test_dipwatch_errors_lists_failed_pages_and_retry_requeues_them(
    prefect_harness, local_server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    from dipwatch.app.cli import main

    u = local_server.url
    local_server.route("/gone.html", Reply(status=404), Reply.html(page("Xi in Moscow", VISIT)))
    local_server.route("/feed.xml", Reply.xml(rss([("Gone", u("/gone.html"), T0)]), etag='"f1"'))
    db = str(tmp_path / "wh.duckdb")
    _run([u("/feed.xml")], db, page_retry_backoff=3600)

    assert main(["errors", "--db", db, "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "url,stage,error,feed_url,attempts,first_seen_at,last_seen_at,next_try_at"
    assert out[1].startswith(f"{u('/gone.html')},fetch,HTTP 404,{u('/feed.xml')},1,")

    _run([u("/feed.xml")], db, page_retry_backoff=3600)
    assert local_server.hits("/gone.html") == 1  # waiting for its backoff
    assert main(["errors", "--retry", "--db", db]) == 0
    assert "1 failed pages requeued" in capsys.readouterr().out
    summary = _run([u("/feed.xml")], db, page_retry_backoff=3600)
    assert summary["articles_new"] == 1 and local_server.hits("/gone.html") == 2
    assert main(["errors", "--db", db, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == []


def test_a_feed_deferred_by_retry_after_is_not_polled_before_then(
    prefect_harness, local_server: LocalServer, tmp_path: Path
) -> None:
    u = local_server.url
    local_server.route(
        "/feed.xml",
        Reply(status=503, headers={"Retry-After": "7200"}),
        Reply.xml(rss([("Visit", u("/visit.html"), T0)])),
    )
    local_server.route("/visit.html", Reply.html(page("Xi arrives in Moscow", VISIT)))
    db = str(tmp_path / "wh.duckdb")
    first = _run([u("/feed.xml")], db)
    assert first["feeds"][0][3].startswith("deferred: HTTP 503, the host asks to wait 7200 s")
    second = _run([u("/feed.xml")], db)
    assert second["feeds"][0][3].startswith("deferred: the host asked us to wait until ")
    assert local_server.hits("/feed.xml") == 1
    (attempts, next_try) = _rows(db, "select attempts, next_try_at from raw.ingest_errors")[0]
    assert attempts == 2 and next_try > dt.datetime.now(dt.UTC) + dt.timedelta(minutes=110)
    _an_hour_passes(db)
    _an_hour_passes(db)
    third = _run([u("/feed.xml")], db)
    assert third["feeds"][0][1] == "ok" and third["articles_new"] == 1
