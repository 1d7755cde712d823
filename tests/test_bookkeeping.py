"""A refresh's bookkeeping: undated feed entries are remembered, not fetched on every refresh;
errors are counted and resolved per (url, stage) in one statement per batch."""

from __future__ import annotations

import datetime as dt

import pytest

from dipwatch.models import Article, FeedEntry
from dipwatch.pipeline import entry_fingerprint, plan_fetch
from dipwatch.warehouse import connection as db
from dipwatch.warehouse import loads as store
from localserver import Reply, local_server_fixture  # noqa: F401
from pages import LOAN, VISIT, page, rss

T0 = dt.datetime(2024, 3, 5, 10, 0, tzinfo=dt.UTC)


def _known(url: str, entry_hash: str | None, published: dt.datetime | None = None) -> store.Known:
    return store.Known("id", url, "h", '"etag"', None, published, None, entry_hash)


def test_an_undated_entry_seen_before_is_not_fetched_until_the_feed_describes_it_otherwise():
    feed = "https://x.example/rss"
    same = FeedEntry(feed, "https://x.example/a", "Title", None, "Summary", "g1")
    retitled = FeedEntry(feed, "https://x.example/a", "New title", None, "Summary", "g1")
    new = FeedEntry(feed, "https://x.example/b", "Other", None)
    known = {same.link: _known(same.link, entry_fingerprint(same))}
    plan = plan_fetch([same, new], known)
    assert plan.unchanged == [same.link] and [e.link for e in plan.fetch] == [new.link]
    plan = plan_fetch([retitled], known)  # fetched again, conditionally
    assert [e.link for e in plan.fetch] == [same.link] and plan.conditional[same.link][0]
    # never recorded (a warehouse of an older version): fetched, as before
    assert plan_fetch([same], {same.link: _known(same.link, None)}).fetch == [same]
    # dated entries go by their date, whatever the fingerprint
    dated = FeedEntry(feed, "https://x.example/a", "Title", T0)
    assert plan_fetch([dated], {dated.link: _known(dated.link, "other", T0)}).unchanged
    later = FeedEntry(feed, "https://x.example/a", "Title", T0 + dt.timedelta(hours=1))
    known = {later.link: _known(later.link, entry_fingerprint(later), T0)}
    assert plan_fetch([later], known).fetch == [later]


@pytest.mark.slow
def test_a_second_refresh_does_not_fetch_undated_entries_again(
    prefect_harness, local_server, tmp_path
):
    from dipwatch.flows.refresh import refresh

    from dipwatch.config import RefreshSettings

    srv = local_server
    srv.route("/a/visit.html", Reply.html(page("Xi arrives in Moscow", VISIT)))
    srv.route("/a/loan.html", Reply.html(page("Japan lends Indonesia", LOAN)))
    entries = [
        ("Xi arrives", srv.url("/a/visit.html"), None),
        ("Loan", srv.url("/a/loan.html"), None),
    ]
    srv.route("/feed.xml", Reply.xml(rss(entries)))
    settings = RefreshSettings(db=str(tmp_path / "wh.duckdb"), respect_robots=False, retries=0)

    first = refresh(settings=settings, feeds=[srv.url("/feed.xml")])
    second = refresh(settings=settings, feeds=[srv.url("/feed.xml")])
    assert first["articles_new"] == 2
    assert (second["articles_new"], second["articles_unchanged"]) == (0, 2)
    assert srv.hits("/a/visit.html") == srv.hits("/a/loan.html") == 1

    # the feed retitles one entry: that page is read again, the other is not
    entries[0] = ("Xi arrives in Moscow for talks", srv.url("/a/visit.html"), None)
    srv.route("/feed.xml", Reply.xml(rss(entries)))
    third = refresh(settings=settings, feeds=[srv.url("/feed.xml")])
    assert (third["articles_new"], third["articles_unchanged"]) == (0, 2)
    assert (srv.hits("/a/visit.html"), srv.hits("/a/loan.html")) == (2, 1)


def test_errors_are_counted_and_resolved_per_url_and_stage(tmp_path):
    path = str(tmp_path / "wh.duckdb")
    t1, t2 = T0, T0 + dt.timedelta(hours=1)
    bad = [store.ErrorRow(f"https://x.example/{i}", "fetch", "HTTP 404") for i in range(3)]
    with db.writer(path) as con:
        store.record_errors(con, bad + bad[:1], [], t1)
        store.record_errors(
            con,
            [store.ErrorRow("https://x.example/1", "extract", "no text", "https://x.example/rss")],
            [("https://x.example/0", "fetch"), ("https://x.example/1", "extract")],
            t2,
        )
        got = con.execute(
            "select url, stage, error, feed_url, attempts, first_seen_at, last_seen_at, resolved_at "
            "from raw.ingest_errors order by url, stage"
        ).fetchall()
    x = "https://x.example/"
    assert got == [
        (x + "0", "fetch", "HTTP 404", None, 2, t1, t1, t2),  # seen twice, then it worked
        (x + "1", "extract", "no text", x + "rss", 1, t2, t2, None),  # failing now: not resolved
        (x + "1", "fetch", "HTTP 404", None, 1, t1, t1, None),
        (x + "2", "fetch", "HTTP 404", None, 1, t1, t1, None),
    ]


def test_known_articles_carry_the_fingerprint_of_their_entry(tmp_path):
    path = str(tmp_path / "wh.duckdb")
    url = "https://x.example/a"
    batch = store.LoadBatch(run_id="r1", started_at=T0)
    batch.articles = [
        (Article(url=url, text="Some text here.", content_hash="h1"), [], None, None, None)
    ]
    batch.aliases = [("https://x.example/a-copy", store.article_id(url), None, "same_content")]
    batch.entries = [(url, "fp-1"), ("https://x.example/a-copy", "fp-2"), (url, "fp-3")]
    with db.writer(path) as con:
        store.start_run(con, "r1", T0, None)
        store.load(con, batch)
        known = store.known_articles(con, [url, "https://x.example/a-copy", "https://x.example/b"])
    assert {u: k.entry_hash for u, k in known.items()} == {
        url: "fp-3",  # the last fingerprint of a link wins
        "https://x.example/a-copy": "fp-2",
    }
    assert {k.article_id for k in known.values()} == {store.article_id(url)}
