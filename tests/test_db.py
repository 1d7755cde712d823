"""Warehouse: migrations, upgrades, one writer at a time, readers that wait, crash safety."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
import time

import duckdb
import pytest

from dipwatch.models import Article, Event, FeedResult
from dipwatch.warehouse import connection as db
from dipwatch.warehouse import loads as store


def _hold_lock(path: str, seconds: float) -> subprocess.Popen:
    """Another process that opens the database for writing and keeps it."""
    code = textwrap.dedent(f"""
        import duckdb, sys, time
        con = duckdb.connect({path!r})
        print("locked", flush=True)
        time.sleep({seconds})
        con.close()
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_migrations_apply_once_and_record_versions(tmp_path):
    path = str(tmp_path / "w.duckdb")
    with db.writer(path) as con:
        versions = [v for v, _, _ in db.migrations()]
        assert db.schema_version(con) == max(versions)
        assert db.apply_migrations(con) == []  # a second time is a no-op
        rows = con.execute("select version from schema_version order by 1").fetchall()
        assert [r[0] for r in rows] == versions
        con.execute("select * from events limit 0")  # public views exist
        con.execute("select * from articles limit 0")


def _old_warehouse(tmp_path, upto: int) -> str:
    """A warehouse migrated only up to `upto`, holding one article and one event."""
    path = str(tmp_path / "old.duckdb")
    con = duckdb.connect(path)
    assert db.apply_migrations(con, upto=upto) == list(range(1, upto + 1))
    con.execute(
        "insert into raw.articles (article_id, url, title, body_text) values ('a1', 'http://x/1.html', 'T', 'text')"
    )
    con.execute(
        "insert into raw.events (event_id, article_id, event_type, source_country, target_country) "
        "values ('e1', 'a1', 'CONSULT', 'PRK', 'RUS')"
    )
    con.close()
    return path


def test_database_of_the_first_migration_upgrades_without_losing_rows(tmp_path):
    path = _old_warehouse(tmp_path, 1)
    with db.writer(path) as con:
        assert db.schema_version(con) == max(v for v, _, _ in db.migrations())
        assert con.execute(
            "select event_type, source_country, target_country, article_url from events"
        ).fetchall() == [("CONSULT", "PRK", "RUS", "http://x/1.html")]
        con.execute("select * from raw.article_aliases")  # added by 002


def test_second_writer_waits_then_fails_with_a_clear_message(tmp_path):
    path = str(tmp_path / "w.duckdb")
    with db.writer(path):
        pass
    holder = _hold_lock(path, 30)
    try:
        t0 = time.monotonic()
        with (
            pytest.raises(db.WarehouseLocked, match="locked for 1 s"),
            db.writer(path, timeout=1.0),
        ):
            pass
        assert 0.9 <= time.monotonic() - t0 < 10
    finally:
        holder.kill()
        holder.wait()


def test_reader_waits_for_a_refresh_to_finish(tmp_path):
    path = str(tmp_path / "w.duckdb")
    with db.writer(path) as con:
        con.execute("insert into raw.articles (article_id, url) values ('a', 'http://x/a.html')")
    holder = _hold_lock(path, 1.5)
    t0 = time.monotonic()
    with db.reader(path, timeout=30) as con:
        waited = time.monotonic() - t0
        assert con.execute("select count(*) from articles").fetchone()[0] == 1
    holder.wait()
    assert waited >= 0.5


def test_reader_refuses_writes(tmp_path):
    path = str(tmp_path / "w.duckdb")
    with db.writer(path):
        pass
    with db.reader(path) as con, pytest.raises(duckdb.Error, match="read-only"):
        con.execute("delete from raw.articles")


def test_missing_warehouse_is_a_clear_error(tmp_path):
    with (
        pytest.raises(db.WarehouseError, match="dipwatch run"),
        db.reader(str(tmp_path / "none.duckdb")),
    ):
        pass


def _batch(run_id: str, url: str) -> store.LoadBatch:
    art = Article(url=url, text="Body " * 30, title="T", content_hash="h-" + url)
    ev = Event(
        "CONSULT",
        "CHN",
        "RUS",
        "Xi met Putin.",
        0,
        13,
        event_date=dt.date(2024, 3, 5),
        date_precision="day",
    )
    b = store.LoadBatch(run_id=run_id, started_at=dt.datetime.now(dt.UTC))
    b.feeds = [(FeedResult("http://x/feed.xml", "ok"), "x")]
    b.articles = [(art, [ev], None, None, None)]
    return b


def test_load_is_idempotent_and_event_ids_are_stable(tmp_path):
    path = str(tmp_path / "w.duckdb")
    with db.writer(path) as con:
        for run in ("r1", "r2"):
            store.start_run(con, run, dt.datetime.now(dt.UTC), None)
            store.load(con, _batch(run, "http://x/1.html"))
        assert con.execute("select count(*) from raw.articles").fetchone()[0] == 1
        ids = con.execute("select event_id from raw.events").fetchall()
        assert len(ids) == 1
        assert ids[0][0] == store.event_id(
            store.article_id("http://x/1.html"), _batch("r", "http://x/1.html").articles[0][1][0]
        )


def test_a_process_killed_during_the_load_leaves_the_warehouse_as_it_was(tmp_path):
    path = str(tmp_path / "w.duckdb")
    with db.writer(path) as con:
        store.start_run(con, "r1", dt.datetime.now(dt.UTC), None)
        store.load(con, _batch("r1", "http://x/1.html"))
    code = textwrap.dedent(f"""
        import datetime as dt, os, signal
        from dipwatch.warehouse import connection as db
        from dipwatch.warehouse import loads as store
        from tests.test_db import _batch
        def die(con):
            os.kill(os.getpid(), signal.SIGKILL)  # killed after writing, before the commit
        with db.writer({path!r}) as con:
            store.start_run(con, "r2", dt.datetime.now(dt.UTC), None)
            store.load(con, _batch("r2", "http://x/2.html"), after=die)
    """)
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == -9, proc.stderr
    with db.writer(path) as con:
        assert con.execute("select url from raw.articles").fetchall() == [("http://x/1.html",)]
        assert con.execute("select count(*) from raw.events").fetchone()[0] == 1
        # the killed run stays visible as such until the next run marks it
        status = dict(con.execute("select run_id, status from raw.runs").fetchall())
        assert status["r1"] == "completed" and status["r2"] == "running"
        store.start_run(con, "r3", dt.datetime.now(dt.UTC), None)
        assert (
            dict(con.execute("select run_id, status from raw.runs").fetchall())["r2"]
            == "interrupted"
        )


def test_known_articles_by_url_or_alias_and_final_url_is_stored(tmp_path):
    path = str(tmp_path / "w.duckdb")
    with db.writer(path) as con:
        store.start_run(con, "r1", dt.datetime.now(dt.UTC), None)
        batch = _batch("r1", "http://x/1.html")
        art, events, *_ = batch.articles[0]
        batch.articles = [
            store.ArticleRow(art, events, None, '"e1"', None, final_url="http://x/one.html")
        ]
        batch.articles.append(_batch("r1", "http://x/2.html").articles[0])  # a plain 5-tuple
        aid = store.article_id("http://x/1.html")
        batch.aliases = [("http://x/1-copy.html", aid, "http://x/feed.xml", "same_content")]
        batch.errors = [store.ErrorRow("http://x/bad.html", "fetch", "HTTP 404")] * 2
        store.load(con, batch)
        assert con.execute("select url, final_url from raw.articles order by url").fetchall() == [
            ("http://x/1.html", "http://x/one.html"),
            ("http://x/2.html", None),
        ]
        assert con.execute("select attempts from raw.ingest_errors").fetchall() == [(2,)]
        known = store.known_articles(
            con, ["http://x/1.html", "http://x/1-copy.html", "http://x/new.html"]
        )
        assert set(known) == {"http://x/1.html", "http://x/1-copy.html"}
        assert known["http://x/1-copy.html"] == known["http://x/1.html"]
        assert (
            known["http://x/1.html"].article_id == aid and known["http://x/1.html"].etag == '"e1"'
        )
        assert store.known_articles(con, []) == {}
        assert store.known_content(con, [], []) == ({}, {})


def test_events_store_their_provenance(tmp_path):
    """coder, coder_version and rules (a VARCHAR[]: an empty list stays empty, not NULL)."""
    path = str(tmp_path / "w.duckdb")
    art = Article(url="http://x/1.html", text="Body " * 30, content_hash="h")
    evs = [
        Event("CONSULT", "CHN", "RUS", "Xi met Putin.", 0, 13, coder="c", coder_version="1"),
        Event("AID", "JPN", "IDN", "Japan lent.", 14, 25, rules=["trigger:lent", "role:obj"]),
    ]
    batch = store.LoadBatch(run_id="r1", started_at=dt.datetime.now(dt.UTC))
    batch.articles = [(art, evs, None, None, None)]
    with db.writer(path) as con:
        store.start_run(con, "r1", batch.started_at, None)
        store.load(con, batch)
    con = duckdb.connect(path, read_only=True)
    try:
        got = con.execute(
            "select event_type, coder, coder_version, rules from events order by 1"
        ).fetchall()
    finally:
        con.close()
    assert got == [("AID", None, None, ["trigger:lent", "role:obj"]), ("CONSULT", "c", "1", [])]


def test_database_before_provenance_upgrades_and_keeps_its_events(tmp_path):
    path = _old_warehouse(tmp_path, 3)
    with db.writer(path) as con:
        assert db.schema_version(con) == max(v for v, _, _ in db.migrations())
        assert con.execute(
            "select event_id, event_type, coder, coder_version, rules from events"
        ).fetchall() == [("e1", "CONSULT", None, None, None)]


def test_readers_in_one_process_cannot_starve_a_refresh(tmp_path):
    """Four reader threads (like dashboard sessions) keep the file open almost all the time;
    a refresh in another process still gets in: readers wait at the writer's gate (<db>.lock)."""
    import threading

    path = str(tmp_path / "w.duckdb")
    with db.writer(path) as con:
        con.execute(
            "create table t as select range as i, md5(range::varchar) as s from range(300000)"
        )
    stop = threading.Event()
    reads: list[int] = []
    failures: list[BaseException] = []

    def read() -> None:
        while not stop.is_set():
            try:
                with db.reader(path, 60) as con:
                    reads.append(con.execute("select count(distinct s) from t").fetchone()[0])
            except BaseException as exc:  # noqa: BLE001 - any failure fails the test
                failures.append(exc)
                return

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    code = textwrap.dedent(f"""
        from dipwatch.warehouse import connection as db
        with db.writer({path!r}, timeout=20, migrate=False) as con:
            con.execute("insert into t values (-1, 'refresh')")
        print("written")
    """)
    try:
        while len(reads) < 4:  # the readers are busy before the refresh starts
            time.sleep(0.05)
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        after = len(reads)
        while len(reads) < after + 4 and not failures:  # and they go on after it
            time.sleep(0.05)
    finally:
        stop.set()
        for t in threads:
            t.join(60)
    assert proc.returncode == 0 and proc.stdout.strip() == "written", proc.stderr[-2000:]
    assert not failures
    assert reads[-1] == 300001  # the readers see the refresh's write
