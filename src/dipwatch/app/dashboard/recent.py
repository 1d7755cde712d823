"""Dashboard queries on what is new: the clusters of the last load, and the watchlists' alerts.

They read `event_feed` and, for when things were loaded, `raw.runs` / `raw.articles` /
`raw.alerts` (the marts have no load times). Re-exported by `queries`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:
    import pandas as pd


def last_load(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The last completed refresh or backfill: run_id, started_at, finished_at, kind."""
    return con.execute(
        """
        select run_id, started_at, finished_at,
               coalesce(json_extract_string(summary, '$.kind'), 'refresh') as kind
        from raw.runs
        where status = 'completed'
          and coalesce(json_extract_string(summary, '$.kind'), 'refresh') <> 'recode'
        order by finished_at desc
        limit 1
        """
    ).df()


def new_since_last_refresh(con: duckdb.DuckDBPyConnection, limit: int = 200) -> pd.DataFrame:
    """Clusters whose first article was loaded by the last completed refresh (or backfill)."""
    return con.execute(
        """
        with last_run as (
            select run_id, started_at
            from raw.runs
            where status = 'completed'
              and coalesce(json_extract_string(summary, '$.kind'), 'refresh') <> 'recode'
            order by finished_at desc
            limit 1
        ),

        first_seen as (
            select m.cluster_id, min(a.first_seen_at) as first_seen_at
            from raw.cluster_members as m
            join raw.articles as a using (article_id)
            group by m.cluster_id
        ),

        final as (
            select f.first_reported_at, f.event_day, f.date_precision, f.event_type,
                   f.quad_class, f.source_country, f.target_country, f.is_symmetric,
                   f.location_name, f.num_articles, f.headline, f.article_url, f.cluster_id
            from event_feed as f
            join first_seen as s using (cluster_id)
            cross join last_run as r
            where s.first_seen_at >= r.started_at
        )

        select * from final
        order by first_reported_at desc, cluster_id
        limit ?
        """,
        [int(limit)],
    ).df()


def watchlist_alerts(con: duckdb.DuckDBPyConnection, limit: int = 200) -> pd.DataFrame:
    """The watchlists' alerts, newest first (empty before migration 005 or any watchlist)."""
    exists = con.execute(
        "select count(*) from information_schema.tables "
        "where table_schema = 'raw' and table_name = 'alerts'"
    ).fetchone()
    if not exists or not exists[0]:
        return con.execute(
            "select null::timestamptz as alerted_at, null as watchlist, null as event_type "
            "where false"
        ).df()
    return con.execute(
        """
        select alerted_at, watchlist, event_type, quad_class, source_country, target_country,
               is_symmetric, event_day, date_precision, num_articles, confidence, headline,
               article_url, location_name, cluster_id
        from raw.alerts
        order by alerted_at desc, watchlist, cluster_id
        limit ?
        """,
        [int(limit)],
    ).df()
