#!/usr/bin/env python3
"""The warehouse at dashboard scale: 1,000,000 synthetic events, marts build time, query latency.

    python bench/marts.py                          # 1,000,000 events in a temporary file
    python bench/marts.py --events 200000 --runs 9 # smaller, more runs
    python bench/marts.py --keep                   # keep the temporary warehouse to explore it
    python bench/marts.py --db /tmp/big.duckdb     # build it at a new path of your choice (kept)

The raw tables are filled with DuckDB SQL (no Python loops): ~200 countries with skewed dyads
(a few pairs dominate), the 16 PLOVER types at realistic frequencies, dates over 5 years at
day/month/year precision or none, ~3 events per article, and real-world events reported by
1 to ~30 articles (about 60 % by one), so the clusters are a real workload. Then:

1. the first build: `refresh_marts` clusters every event and builds the mart tables;
2. an incremental refresh: 1,000 more events (new reports of recent events and new events);
3. each dashboard query of `dipwatch.app.dashboard.queries` (median of --runs runs), on one
   read-only connection and, as the dashboard does it, opening a fresh one per query.

Target: every dashboard query <= 300 ms. Exit status 1 if one is slower.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from dipwatch.warehouse import connection as db
from dipwatch.warehouse.marts import refresh_marts

TARGET_MS = 300.0

# type, weight (share of events), goldstein, quad class
TYPES = [
    ("CONSULT", 30, 1.9, 1),
    ("AGREE", 9, 4.0, 1),
    ("SUPPORT", 8, 5.0, 1),
    ("CONCEDE", 1, 4.5, 1),
    ("COOPERATE", 8, 6.4, 2),
    ("AID", 6, 7.4, 2),
    ("RETREAT", 1, 7.0, 2),
    ("REQUEST", 4, -1.0, 3),
    ("ACCUSE", 10, -2.0, 3),
    ("REJECT", 3, -4.0, 3),
    ("THREATEN", 4, -4.4, 3),
    ("PROTEST", 1, -6.5, 4),
    ("SANCTION", 5, -8.0, 4),
    ("MOBILIZE", 2, -7.2, 4),
    ("COERCE", 3, -7.0, 4),
    ("ASSAULT", 5, -10.0, 4),
]
# the most active countries first: dyads are drawn with a skew towards low indexes
TOP = [
    "USA",
    "CHN",
    "RUS",
    "UKR",
    "ISR",
    "IRN",
    "GBR",
    "FRA",
    "DEU",
    "JPN",
    "KOR",
    "PRK",
    "IND",
    "PAK",
    "TUR",
    "SAU",
    "EGY",
    "SYR",
    "IRQ",
    "AFG",
    "BRA",
    "ZAF",
    "NGA",
    "KEN",
    "ETH",
    "VNM",
    "PHL",
    "IDN",
    "AUS",
    "CAN",
    "MEX",
    "VEN",
    "CUB",
    "QAT",
    "ARE",
    "POL",
    "ITA",
    "ESP",
    "BLR",
]


def countries(n: int = 200) -> list[str]:
    """`n` ISO alpha-3 codes, the most newsworthy first."""
    import pycountry

    rest = sorted(c.alpha_3 for c in pycountry.countries if c.alpha_3 not in TOP)
    return (TOP + rest)[:n]


def fill(
    con: duckdb.DuckDBPyConnection,
    n_events: int,
    run_id: str = "bench",
    start: str = "2020-01-01",
    days: float = 5 * 365.25,
    salt: str = "s",
    clusters: bool = False,
) -> dict[str, int]:
    """Insert about `n_events` synthetic events (and their articles) into the raw tables.

    clusters=True also writes their clusters in SQL, one per real-world event (what the
    clustering makes of them, near enough), instead of leaving them to `refresh_marts`, whose
    Python assignment needs ~50 s per million events: the way to build 10 M events fast.
    """
    codes = countries()
    con.execute(
        "create or replace temp macro u(i, s) as ((hash(i, s) % 1000003)::double / 1000003)"
    )
    con.execute(
        "create or replace temp table bench_countries as "
        "select unnest(?::varchar[]) as code, generate_subscripts(?::varchar[], 1) - 1 as idx",
        [codes, codes],
    )
    con.execute(
        "create or replace temp table bench_types as select * from (values "
        + ", ".join(f"('{t}', {w}, {g}, {q})" for t, w, g, q in TYPES)
        + ") v(event_type, weight, goldstein, quad_class)"
    )
    con.execute("""
        create or replace temp table bench_type_ranges as
        select event_type, goldstein, quad_class,
               (sum(weight) over (order by event_type) - weight) / sum(weight) over () as lo,
               sum(weight) over (order by event_type) / sum(weight) over () as hi
        from bench_types
    """)
    n_countries = len(codes)
    n_stories = int(n_events / 2.0) + 1000
    span = days * 86400
    # real-world events
    con.execute(f"""
        create or replace temp table bench_stories as
        with s as (
            select i,
                   floor({n_countries} * pow(u(i, '{salt}src'), 2.5))::int as src,
                   u(i, '{salt}type') as ut,
                   epoch(timestamp '{start}') + u(i, '{salt}time') * {span} as t,
                   u(i, '{salt}prec') as up,
                   u(i, '{salt}k') as uk,
                   u(i, '{salt}loc') as ul,
                   u(i, '{salt}amt') as ua,
                   u(i, '{salt}sym') as us
            from range({n_stories}) r(i)
        )
        select s.i as story,
               s.src,
               (s.src + 1 + floor({n_countries - 1} * pow(u(s.i, '{salt}tgt'), 2.5))::int) % {n_countries} as tgt,
               ty.event_type, ty.goldstein, ty.quad_class, s.t,
               case when s.up < 0.60 then 'day' when s.up < 0.72 then 'month'
                    when s.up < 0.77 then 'year' end as date_precision,
               case when s.uk < 0.6 then 1
                    else least(2 + floor(-ln(greatest(u(s.i, '{salt}k2'), 1e-9)) * 2.5), 30)::int end as reports,
               s.ul < 0.45 as has_place,
               case when ty.event_type in ('AID', 'COOPERATE') and s.ua < 0.5
                    then round(pow(10, 6 + 4 * u(s.i, '{salt}amt2'))) end as amount_usd,
               ty.event_type = 'CONSULT' and s.us < 0.3 as is_symmetric
        from s
        join bench_type_ranges ty on s.ut >= ty.lo and s.ut < ty.hi
    """)
    # reports of them: one event row each, published within two days of the event
    con.execute(f"""
        create or replace temp table bench_reports as
        with r as (
            select s.*, k, s.t + u(s.story * 64 + k, '{salt}lag') * 2 * 86400 as published,
                   u(s.story * 64 + k, '{salt}nodate') < 0.15 as undated
            from bench_stories s, range(s.reports) x(k)
        )
        select * from r
        order by published
        limit {n_events}
    """)
    con.execute("""
        create or replace temp table bench_events as
        select r.*,
               (row_number() over (order by published, story, k) - 1) // 3 as article_no
        from bench_reports r
    """)
    con.execute(f"""
        insert into raw.articles (article_id, url, feed_url, title, published_at, first_seen_at,
                                  updated_at, language, site_name, body_text, content_hash, run_id)
        select md5('{salt}article' || article_no)[:16],
               'https://news' || (article_no % 25) || '.example/a/' || '{salt}' || article_no,
               'https://news' || (article_no % 25) || '.example/feed.xml',
               'Synthetic report ' || article_no || ': ' || any_value(sc.code) || ' and ' || any_value(tc.code),
               to_timestamp(min(published)), to_timestamp(min(published)), to_timestamp(min(published)),
               'en', 'news' || (article_no % 25), null, md5('{salt}body' || article_no), '{run_id}'
        from bench_events e
        join bench_countries sc on sc.idx = e.src
        join bench_countries tc on tc.idx = e.tgt
        group by article_no
    """)
    con.execute(f"""
        insert into raw.events (event_id, article_id, event_type, event_mode, source_country, target_country,
                                source_actor, target_actor, is_symmetric, event_date, date_precision,
                                location_name, location_country, latitude, longitude, amount_usd,
                                evidence, evidence_start, evidence_end, cameo_code, goldstein, quad_class,
                                confidence, extracted_at, run_id)
        select md5('{salt}event' || e.story || '-' || e.k)[:16],
               md5('{salt}article' || e.article_no)[:16],
               e.event_type,
               case when e.event_type = 'CONSULT' and not e.is_symmetric then 'visit' end,
               sc.code, tc.code, sc.code, tc.code, e.is_symmetric,
               case when e.undated or e.date_precision is null then null
                    when e.date_precision = 'day' then cast(to_timestamp(e.t) as date)
                    when e.date_precision = 'month' then cast(date_trunc('month', to_timestamp(e.t)) as date)
                    else cast(date_trunc('year', to_timestamp(e.t)) as date) end,
               case when not e.undated then e.date_precision end,
               case when e.has_place then 'City of ' || tc.code end,
               case when e.has_place then tc.code end,
               case when e.has_place then -50 + 110 * u(e.tgt, '{salt}lat') + (u(e.story, '{salt}jl') - 0.5) end,
               case when e.has_place then -170 + 340 * u(e.tgt, '{salt}lon') + (u(e.story, '{salt}jo') - 0.5) end,
               e.amount_usd,
               sc.code || ' ' || lower(e.event_type) || ' ' || tc.code || ' (synthetic report ' || e.k || ').',
               0, 40, null, e.goldstein, e.quad_class,
               round(0.6 + 0.35 * u(e.story * 64 + e.k, '{salt}conf'), 2),
               to_timestamp(e.published), '{run_id}'
        from bench_events e
        join bench_countries sc on sc.idx = e.src
        join bench_countries tc on tc.idx = e.tgt
    """)
    if clusters:
        seed_clusters(con, salt)
    else:  # as a load does: the next refresh_marts clusters them
        con.execute(f"""
            insert into raw.changed_articles (article_id, changed_at, run_id)
            select distinct md5('{salt}article' || article_no)[:16], current_timestamp, '{run_id}'
            from bench_events
            on conflict do nothing
        """)
    counts = {
        "events": con.execute("select count(*) from bench_events").fetchone()[0],
        "articles": con.execute("select count(distinct article_no) from bench_events").fetchone()[
            0
        ],
        "real_events": con.execute("select count(distinct story) from bench_events").fetchone()[0],
    }
    for table in (
        "bench_events",
        "bench_reports",
        "bench_stories",
        "bench_type_ranges",
        "bench_types",
        "bench_countries",
    ):
        con.execute(f"drop table if exists {table}")
    return counts


def seed_clusters(con: duckdb.DuckDBPyConnection, salt: str) -> None:
    """Cluster the events of `bench_events` by real-world event, and compute the clusters' rows."""
    from dipwatch.warehouse.clusters import recompute_sql

    con.execute(f"""
        insert into raw.cluster_members (event_id, cluster_id, article_id, extracted_at,
                                         reported_at, assigned_at)
        select md5('{salt}event' || story || '-' || k)[:16],
               'c' || md5('{salt}event' || story || '-' || first_k)[:16],
               md5('{salt}article' || article_no)[:16],
               to_timestamp(published), a.published_at, current_timestamp
        from (
            select *, arg_min(k, published) over (partition by story) as first_k
            from bench_events
        ) e
        join raw.articles a on a.article_id = md5('{salt}article' || e.article_no)[:16]
    """)
    # recompute.sql rebuilds the clusters listed in its parameter: here, every new one
    wanted = "select unnest(?::varchar[]) as cluster_id"
    every = (
        "select distinct cluster_id from raw.cluster_members "
        "anti join raw.clusters using (cluster_id)"
    )
    sql = recompute_sql()
    assert wanted in sql
    con.execute(sql.replace(wanted, every))


def add_recent(con: duckdb.DuckDBPyConnection, n_events: int = 1000) -> None:
    """A refresh's worth of new articles: new reports of the latest real-world events, and new ones."""
    last = con.execute("select max(timezone('UTC', published_at)) from raw.articles").fetchone()[0]
    start = (last - dt.timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S")
    fill(con, n_events, run_id="bench-incremental", start=start, days=2, salt="inc")


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    """Median wall time of fn in ms, after one warm-up call."""
    fn()  # warm-up (first read of the file's blocks)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_queries(path: str, runs: int) -> list[tuple[str, float, float, int]]:
    """(query, ms on an open connection, ms with a fresh read-only connection, rows) per query."""
    from dipwatch.app.dashboard import queries

    out = []
    with db.reader(path) as con:
        calls = queries.benchmark_calls(con)
    for name, call in calls:
        with db.reader(path) as con:
            rows = len(call(con))
            warm = _median_ms(lambda c=con, f=call: f(c), runs)

        def fresh(f=call) -> None:
            """The query as the dashboard runs it: on a new read-only connection."""
            with db.reader(path) as c:
                f(c)

        out.append((name, warm, _median_ms(fresh, runs), rows))
    return out


def main(argv: list[str] | None = None) -> int:
    """Fill, build, refresh, time the queries, print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=7, help="runs per query (the median is reported)")
    ap.add_argument(
        "--db",
        metavar="FILE",
        help="a new warehouse file to create and keep (refused if it exists; "
        "default: a temporary file, deleted at the end)",
    )
    ap.add_argument(
        "--keep", action="store_true", help="keep the temporary warehouse (--db files are kept)"
    )
    args = ap.parse_args(argv)

    tmp = None
    if args.db:
        path = args.db
        taken = [p for p in (path, path + ".wal") if Path(p).exists()]
        if taken:
            print(
                f"bench/marts.py: {taken[0]} exists; --db must name a new file "
                "(the benchmark never overwrites a warehouse)",
                file=sys.stderr,
            )
            return 2
    elif args.keep:
        path = str(Path(tempfile.mkdtemp(prefix="dipwatch-bench-")) / "bench.duckdb")
    else:
        tmp = tempfile.TemporaryDirectory(prefix="dipwatch-bench-")
        path = str(Path(tmp.name) / "bench.duckdb")
    print(f"warehouse: {path}")
    try:
        return _run(path, args.events, args.runs)
    finally:
        if tmp is None:
            print(f"kept {path}")
        else:
            tmp.cleanup()


def _run(path: str, n_events: int, runs: int) -> int:
    """The benchmark on a new warehouse at path; 1 if a query missed the target."""
    with db.writer(path) as con:  # migrates and builds the views
        start = time.perf_counter()
        counts = fill(con, n_events)
        fill_s = time.perf_counter() - start
        print(
            f"filled {counts['events']:,} events, {counts['articles']:,} articles, "
            f"{counts['real_events']:,} real-world events in {fill_s:.1f} s"
        )

        con.execute("begin transaction")
        start = time.perf_counter()
        stats = refresh_marts(con, build_views=False)
        con.execute("commit")
        build_s = time.perf_counter() - start
        n_clusters = con.execute("select count(*) from raw.clusters").fetchone()[0]
        multi = con.execute("select count(*) from raw.clusters where num_articles > 1").fetchone()[
            0
        ]
        print(
            f"first build (cluster {stats.assigned:,} events + mart tables): {build_s:.1f} s -> "
            f"{n_clusters:,} clusters, {multi:,} reported by several articles"
        )
        sizes = {
            t: con.execute(f"select count(*) from {t}").fetchone()[0]
            for t in ("dyad_daily", "country_activity", "event_feed", "event_map")
        }
        print("mart rows: " + ", ".join(f"{k} {v:,}" for k, v in sizes.items()))

        add_recent(con, 1000)
        con.execute("begin transaction")
        start = time.perf_counter()
        stats = refresh_marts(con, build_views=False)
        con.execute("commit")
        inc_s = time.perf_counter() - start
        print(
            f"incremental refresh (+{stats.assigned:,} events, {stats.created:,} new clusters): {inc_s:.1f} s"
        )
        con.execute("checkpoint")

    results = bench_queries(path, runs)
    width = max(len(r[0]) for r in results)
    print()
    print(f"{'dashboard query':<{width}}  {'ms (open con)':>13}  {'ms (new con)':>12}  {'rows':>6}")
    print(f"{'-' * width}  {'-' * 13}  {'-' * 12}  {'-' * 6}")
    slow = []
    for name, warm, fresh, rows in results:
        flag = "" if fresh <= TARGET_MS else "  > target"
        print(f"{name:<{width}}  {warm:>13.1f}  {fresh:>12.1f}  {rows:>6}{flag}")
        if fresh > TARGET_MS:
            slow.append(name)
    print(
        f"\ntarget: <= {TARGET_MS:.0f} ms per query with a new connection (median of {runs})"
        + (f"; SLOW: {', '.join(slow)}" if slow else "; all met")
    )
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
