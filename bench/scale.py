#!/usr/bin/env python3
"""What a refresh costs as the warehouse grows: synthetic warehouses of 0 to 3 M articles.

    python bench/scale.py                               # 0, 10 k and 333 k articles
    python bench/scale.py --articles 0,3000000 --flow   # the issue's sizes, with real refreshes
    python bench/scale.py --dir /tmp/wh --keep          # keep the warehouses (reused next time)

Each warehouse is built with DuckDB SQL (bench/marts.py's generator, ~3 events per article,
their clusters written in SQL, the marts built, one `raw.ingest_errors` row per three
articles), then, with the write lock as a refresh holds it (median of --runs; every run commits,
so the warehouse grows by what the runs add):

- "+100 articles": the warehouse side of a refresh that finds 100 new articles among 200 feed
  entries: the known-article lookup (200 links), the known-content lookup, and the load (100
  articles, 300 events, 10 errors, 200 resolved stages, 200 entry fingerprints) with its
  clustering and marts, in one transaction;
- "no-op": the same lookup for 200 known links and a load with nothing new;
- "+1,000 events": clusters and marts after a load of 334 articles with 1,000 events;
- every dashboard query (`dipwatch.app.dashboard.queries`, a fresh read-only connection each).

--flow also runs the real `refresh` flow (in one Prefect test server, after one warm-up run
that loads the coder's models) over 100 pages served on 127.0.0.1 (bench/events.py's
wire-style articles: text extraction and event coding are real), then again with nothing
new, and reports both wall times.

Targets (issue 10): +100 articles and no-op cost the same (within 20 %) at 3 M articles as on
an empty warehouse; +1,000 events refresh clusters and marts in <= 2 s; every dashboard query
<= 300 ms. Exit status 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import duckdb

from dipwatch.models import Article, Event
from dipwatch.warehouse import connection as db
from dipwatch.warehouse import loads as store
from dipwatch.warehouse.marts import build_tables, refresh_marts

HERE = Path(__file__).resolve().parent
TOLERANCE = 0.20  # +100 articles and no-op: at most 20 % dearer than on the empty warehouse
MARTS_TARGET_S = 2.0
QUERY_TARGET_MS = 300.0
EVENTS_PER_ARTICLE = 3
sys.path.insert(0, str(HERE))

from benchutil import sibling  # noqa: E402  bench/benchutil.py

marts_bench = sibling("marts")


# ---------------------------------------------------------------- building


def build(path: str, n_articles: int) -> float:
    """A synthetic warehouse of about n_articles articles at path (reused if built before); seconds."""
    marker = f"bench-scale-{n_articles}"
    if n_articles == 0:  # the empty warehouse starts empty on every run
        for stale in (path, path + ".wal"):
            Path(stale).unlink(missing_ok=True)
    if Path(path).exists():
        with db.writer(path) as con:  # migrates a warehouse of an older version
            if con.execute("select count(*) from raw.runs where run_id = ?", [marker]).fetchone()[
                0
            ]:
                return 0.0
        raise SystemExit(f"bench/scale.py: {path} exists and is not a warehouse this bench built")
    start = time.perf_counter()
    with db.writer(path) as con:
        con.execute("set memory_limit = '4GB'")  # a shared machine: spill rather than hog
        if n_articles:
            marts_bench.fill(con, n_articles * EVENTS_PER_ARTICLE, clusters=True)
            con.execute(
                """
                insert into raw.ingest_errors (url, stage, error, feed_url, first_seen_at,
                                               last_seen_at, attempts)
                select 'https://broken' || (i % 25) || '.example/p/' || i, 'fetch', 'HTTP 404',
                       'https://broken' || (i % 25) || '.example/feed.xml',
                       timestamp '2024-01-01', timestamp '2024-01-01', 1
                from range(?) r(i)
                """,
                [n_articles // 3],
            )
        con.execute("begin transaction")
        build_tables(con, None)
        con.execute("insert into raw.runs (run_id, status) values (?, 'completed')", [marker])
        con.execute("commit")
        con.execute("checkpoint")
    return time.perf_counter() - start


# ---------------------------------------------------------------- synthetic refreshes

TYPES = [("CONSULT", 1, 1.9), ("AID", 2, 7.4), ("ACCUSE", 3, -2.0), ("SANCTION", 4, -8.0)]


def _article(rng: random.Random, run: str, i: int, when: dt.datetime) -> tuple[Article, list]:
    """One new article with its events, on recent days and the busiest dyads."""
    codes = marts_bench.TOP[:12]
    text = f"Synthetic report {run}-{i}."
    art = Article(
        url=f"https://fresh{i % 25}.example/a/{run}/{i}",
        text=text,
        title=f"Report {i}",
        published_at=when,
        feed_url=f"https://fresh{i % 25}.example/feed.xml",
        content_hash=uuid.uuid4().hex,
    )
    events = []
    for k in range(EVENTS_PER_ARTICLE):
        src, tgt = rng.sample(codes, 2)
        etype, quad, goldstein = rng.choice(TYPES)
        sentence = f"{src} {etype.lower()} {tgt} ({run} {i} {k})."
        events.append(
            Event(
                etype,
                src,
                tgt,
                sentence,
                k,
                k + len(sentence),
                event_date=(when - dt.timedelta(days=rng.randint(0, 2))).date(),
                date_precision="day",
                goldstein=goldstein,
                quad_class=quad,
                confidence=0.7,
            )
        )
    return art, events


def _latest(con: duckdb.DuckDBPyConnection) -> dt.datetime:
    """The newest publication time in the warehouse (now for an empty one)."""
    last = con.execute("select max(published_at) from raw.articles").fetchone()[0]
    return last.astimezone(dt.UTC) if last else dt.datetime.now(dt.UTC)


def _known_links(con: duckdb.DuckDBPyConnection, n: int) -> list[str]:
    """n URLs of stored articles (fewer if the warehouse has fewer)."""
    return [r[0] for r in con.execute("select url from raw.articles limit ?", [n]).fetchall()]


def refresh_once(path: str, n_new: int, rng: random.Random) -> float:
    """The warehouse side of a refresh finding n_new new articles among n_new known ones; seconds."""
    run = uuid.uuid4().hex[:8]
    with db.writer(path, migrate=False) as con:
        known = _known_links(con, max(n_new, 100))
        last = _latest(con)
        items = [_article(rng, run, i, last + dt.timedelta(minutes=i + 1)) for i in range(n_new)]
        start = time.perf_counter()
        links = known + [a.url for a, _ in items]
        store.known_articles(con, links)
        store.known_content(con, [a.content_hash for a, _ in items], [a.url for a, _ in items])
        batch = store.LoadBatch(run_id=run, started_at=dt.datetime.now(dt.UTC))
        batch.articles = [(a, evs, a.published_at, None, None) for a, evs in items]
        batch.errors = [
            store.ErrorRow(f"https://fresh.example/broken/{run}/{i}", "fetch", "HTTP 404")
            for i in range(10 if n_new else 0)
        ]
        batch.succeeded = [(a.url, stage) for a, _ in items for stage in ("fetch", "extract")]
        batch.entries = [(link, uuid.uuid4().hex) for link in links] if n_new else []
        store.start_run(con, run, batch.started_at, None)
        store.load(con, batch, after=lambda c: refresh_marts(c, build_views=False))
        return time.perf_counter() - start


def marts_after(path: str, n_events: int, rng: random.Random) -> float:
    """Seconds of clusters and marts after a load of n_events new events (their own transaction)."""
    run = uuid.uuid4().hex[:8]
    n = -(-n_events // EVENTS_PER_ARTICLE)
    with db.writer(path, migrate=False) as con:
        last = _latest(con)
        batch = store.LoadBatch(run_id=run, started_at=dt.datetime.now(dt.UTC))
        items = [_article(rng, run, i, last + dt.timedelta(minutes=i + 1)) for i in range(n)]
        batch.articles = [(a, evs, a.published_at, None, None) for a, evs in items]
        store.start_run(con, run, batch.started_at, None)
        store.load(con, batch)  # without the marts, as DIPWATCH_REFRESH_MARTS=false
        con.execute("begin transaction")
        start = time.perf_counter()
        refresh_marts(con, build_views=False)
        con.execute("commit")
        return time.perf_counter() - start


def _median(fn: Callable[[], float], runs: int) -> float:
    """Median of fn() over runs calls, after one warm-up call."""
    fn()
    return statistics.median(fn() for _ in range(runs))


# ---------------------------------------------------------------- the real flow


def flow_refreshes(path: str, n_pages: int, rng: random.Random) -> tuple[float, float]:
    """Wall seconds of the refresh flow over n_pages new served pages, then with nothing new."""
    sys.path.insert(0, str(HERE.parent / "tests"))
    from dipwatch.flows.refresh import refresh

    from dipwatch.config import RefreshSettings
    from localserver import LocalServer, Reply
    from pages import page, rss

    events_bench = sibling("events")
    run = uuid.uuid4().hex[:8]
    when = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with LocalServer() as srv:
        items = []
        for i in range(n_pages):
            published = when - dt.timedelta(minutes=i)
            # the run id in the text: pages of an earlier run of the bench would be duplicates
            paras = events_bench.article(rng, 400).split("\n") + [f"Report {run}-{i}."]
            srv.route(
                f"/{run}/{i}.html",
                Reply.html(page(f"Report {i}", paras, published=published.isoformat())),
            )
            items.append((f"Report {i}", srv.url(f"/{run}/{i}.html"), published))
        srv.route("/feed.xml", Reply.xml(rss(items)))
        settings = RefreshSettings(db=path, respect_robots=False, retries=0)
        times = []
        for _ in range(2):  # new pages, then nothing new
            start = time.perf_counter()
            summary = refresh(settings=settings, feeds=[srv.url("/feed.xml")])
            times.append(time.perf_counter() - start)
            print(
                f"    flow: {summary['articles_new']} new, {summary['articles_unchanged']} "
                f"unchanged in {times[-1]:.2f} s",
                flush=True,
            )
    return times[0], times[1]


# ---------------------------------------------------------------- report


def measure(path: str, n_articles: int, runs: int, flow: bool) -> dict[str, float]:
    """Every figure for one warehouse."""
    rng = random.Random(n_articles)
    out: dict[str, float] = {"articles": n_articles}
    out["build_s"] = build(path, n_articles)
    with db.reader(path) as con:
        out["stored_articles"] = con.execute("select count(*) from raw.articles").fetchone()[0]
        out["stored_events"] = con.execute("select count(*) from raw.events").fetchone()[0]
    print(
        f"  {out['stored_articles']:,} articles, {out['stored_events']:,} events "
        f"(built in {out['build_s']:.0f} s)",
        flush=True,
    )
    out["add100_ms"] = 1000 * _median(lambda: refresh_once(path, 100, rng), runs)
    out["noop_ms"] = 1000 * _median(lambda: refresh_once(path, 0, rng), runs)
    out["marts1000_ms"] = 1000 * _median(lambda: marts_after(path, 1000, rng), runs)
    print(
        f"  +100 articles {out['add100_ms']:.0f} ms, no-op {out['noop_ms']:.0f} ms, "
        f"+1,000 events' clusters and marts {out['marts1000_ms']:.0f} ms",
        flush=True,
    )
    with db.writer(path, migrate=False) as con:
        con.execute("checkpoint")
    queries = marts_bench.bench_queries(path, runs) if out["stored_events"] else []
    out["queries"] = queries  # type: ignore[assignment]
    out["slowest_query_ms"] = max((fresh for _, _, fresh, _ in queries), default=0.0)
    if queries:
        name = max(queries, key=lambda q: q[2])[0]
        print(f"  slowest dashboard query: {name} {out['slowest_query_ms']:.0f} ms", flush=True)
    if flow:
        out["flow_add_s"], out["flow_noop_s"] = flow_refreshes(path, 100, rng)
    return out


def report(results: list[dict], flow: bool) -> list[str]:
    """Print the table and return the targets missed."""
    base = results[0]
    print()
    head = f"{'articles':>10} {'events':>11} {'+100 art ms':>12} {'no-op ms':>9} {'+1k ev marts ms':>16} {'max query ms':>13}"
    if flow:
        head += f" {'flow +100 s':>12} {'flow no-op s':>13}"
    print(head)
    missed = []
    for r in results:
        line = (
            f"{r['stored_articles']:>10,} {r['stored_events']:>11,} {r['add100_ms']:>12.0f} "
            f"{r['noop_ms']:>9.0f} {r['marts1000_ms']:>16.0f} {r['slowest_query_ms']:>13.0f}"
        )
        if flow:
            line += f" {r['flow_add_s']:>12.2f} {r['flow_noop_s']:>13.2f}"
        print(line)
        checks = [("add100_ms", "+100 articles"), ("noop_ms", "no-op")]
        if flow:
            checks += [("flow_add_s", "flow +100"), ("flow_noop_s", "flow no-op")]
        for key, label in checks:
            if r is not base and r[key] > base[key] * (1 + TOLERANCE):
                missed.append(
                    f"{label} at {r['articles']:,} articles: {r[key] / base[key]:.2f}x the "
                    f"{base['articles']:,}-article figure"
                )
        if r["marts1000_ms"] > MARTS_TARGET_S * 1000:
            missed.append(f"+1,000 events' marts at {r['articles']:,} articles")
        if r["slowest_query_ms"] > QUERY_TARGET_MS:
            missed.append(f"a dashboard query at {r['articles']:,} articles")
    print(
        f"\nratio to the {base['stored_articles']:,}-article warehouse (target <= {1 + TOLERANCE:.1f}): "
        + ", ".join(
            f"{r['stored_articles']:,}: +100 {r['add100_ms'] / base['add100_ms']:.2f}, "
            f"no-op {r['noop_ms'] / base['noop_ms']:.2f}"
            for r in results[1:]
        )
    )
    print("targets: " + ("all met" if not missed else "MISSED: " + "; ".join(missed)))
    return missed


def main(argv: list[str] | None = None) -> int:
    """Build each warehouse, measure, print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", default="0,10000,333000", help="comma-separated sizes")
    ap.add_argument("--runs", type=int, default=3, help="runs per figure (the median is reported)")
    ap.add_argument("--dir", help="where the warehouses live (kept, and reused when present)")
    ap.add_argument("--keep", action="store_true", help="keep a temporary --dir")
    ap.add_argument("--flow", action="store_true", help="also time the real refresh flow")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.articles.split(",")]
    folder = Path(args.dir or tempfile.mkdtemp(prefix="dipwatch-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    harness = None
    if args.flow:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")  # the bench prints its own lines
        from prefect.testing.utilities import prefect_test_harness

        harness = prefect_test_harness()
        harness.__enter__()
        print("warm-up flow (loads the coder's models, not timed)", flush=True)
        flow_refreshes(str(folder / "warm-up.duckdb"), 10, random.Random(0))
    try:
        for n in sizes:
            print(f"warehouse of {n:,} articles: {folder / f'scale-{n}.duckdb'}", flush=True)
            results.append(measure(str(folder / f"scale-{n}.duckdb"), n, args.runs, args.flow))
    finally:
        if harness is not None:
            harness.__exit__(None, None, None)
        if not (args.dir or args.keep):
            import shutil

            shutil.rmtree(folder, ignore_errors=True)
    return 1 if report(results, args.flow) else 0


if __name__ == "__main__":
    sys.exit(main())
