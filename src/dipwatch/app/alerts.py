"""`dipwatch alerts`: the watchlists' alerts, newest first, with where each was sent."""

from __future__ import annotations

import argparse

from dipwatch.app import options
from dipwatch.app.export import _date

_QUERY = """
with deliveries as (
    select watchlist, cluster_id,
           string_agg(destination || ' ' || status, ', ' order by destination) as sent_to
    from raw.alert_deliveries
    group by all
),

final as (
    select a.alerted_at, a.watchlist, a.event_type, a.source_country, a.target_country,
           a.event_day,
           case when a.date_precision = 'day' then 'event date' else 'first report' end as date_basis,
           a.num_articles, round(a.confidence, 2) as confidence, a.headline, a.article_url,
           a.cluster_id, coalesce(d.sent_to, '') as sent_to
    from raw.alerts as a
    left join deliveries as d using (watchlist, cluster_id)
    where (? is null or a.watchlist = ?)
      and (?::date is null or cast(timezone('UTC', a.alerted_at) as date) >= ?::date)
)

select * from final
order by alerted_at desc, watchlist, cluster_id
limit ?
"""


def cmd_alerts(args: argparse.Namespace) -> int:
    """Run `dipwatch alerts`."""
    from dipwatch.app.table import print_result
    from dipwatch.config import load_settings
    from dipwatch.warehouse import connection as db

    settings = load_settings({"db": args.db}, read_feeds=False)
    with db.reader(settings.db, settings.read_timeout) as con:
        found = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'raw' and table_name = 'alerts'"
        ).fetchone()
        if not found or not found[0]:
            print("no alerts yet: add a [[watchlist]] to the feeds file and run `dipwatch run`")
            return 0
        cur = con.execute(_QUERY, [args.watchlist] * 2 + [args.since] * 2 + [args.limit])
        columns = [d[0] for d in cur.description]
        rows = cur.fetchall()
    if not rows and args.format == "table":
        print("no alerts" + (f" for watchlist {args.watchlist!r}" if args.watchlist else ""))
        return 0
    print_result(columns, rows, args.format, args.max_width)
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register `dipwatch alerts`."""
    p = sub.add_parser(
        "alerts",
        help="list the watchlists' alerts, newest first",
        description="The clusters that matched a [[watchlist]] of the feeds file, newest first, "
        "with where each alert was sent (read-only).",
    )
    p.add_argument("--watchlist", metavar="NAME", help="only this watchlist's alerts")
    p.add_argument("--since", type=_date, metavar="DATE", help="only alerts on or after DATE")
    p.add_argument("--limit", type=int, default=50, help="at most this many rows (default 50)")
    options.add_listing_flags(p)
    options.add_db_flag(p)
    p.set_defaults(func=cmd_alerts)
