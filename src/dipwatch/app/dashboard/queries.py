"""Every SQL query the dashboard issues, one function per mart query (bench/marts.py times them).

Each takes an open connection (the dashboard opens a short-lived read-only one per query) and
returns a pandas DataFrame. They read only the marts: `event_feed`, `event_map`, `dyad_daily`,
`country_activity`. Filters left as None are not applied.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:
    import pandas as pd

PERIODS = ("day", "week", "month", "quarter", "year")
QUAD_NAMES = {  # PLOVER quad classes, as the dashboard labels them
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


def _period(period: str) -> str:
    """A period name date_trunc accepts, checked."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    return period


def _filters(
    since: dt.date | None,
    until: dt.date | None,
    types: Sequence[str] | None,
    day_column: str = "event_day",
    *,
    pair: tuple[str, str] | None = None,
    country: str | None = None,
) -> tuple[str, list[Any]]:
    """SQL conditions and parameters for the common filters (always at least `true`).

    pair=(a, b): rows between a and b, either direction; country: rows where it is either side.
    """
    where, params = ["true"], []
    if pair is not None:
        a, b = pair
        where.append(
            "((source_country = ? and target_country = ?) or (source_country = ? and target_country = ?))"
        )
        params += [a, b, b, a]
    if country:
        where.append("(source_country = ? or target_country = ?)")
        params += [country, country]
    if since is not None:
        where.append(f"{day_column} >= ?")
        params.append(since)
    if until is not None:
        where.append(f"{day_column} <= ?")
        params.append(until)
    if types:
        where.append("event_type in (select unnest(?::varchar[]))")
        params.append(list(types))
    return " and ".join(where), params


def _df(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> pd.DataFrame:
    """Run a query, return a DataFrame."""
    return con.execute(sql, params).df()


def overview(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row: clusters, reports (events), multi-article clusters, first/last day, latest report."""
    return _df(
        con,
        """
        select count(*) as clusters,
               coalesce(sum(num_events), 0) as events,
               count(*) filter (where num_articles > 1) as multi_article_clusters,
               min(event_day) as first_day,
               max(event_day) as last_day,
               max(first_reported_at) as latest_report
        from event_feed
    """,
        [],
    )


def countries(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every country with its clusters sent + received, most active first (for the pickers)."""
    return _df(
        con,
        """
        select country, sum(sent_total) + sum(received_total) as clusters
        from country_activity
        group by country
        order by clusters desc, country
    """,
        [],
    )


def activity_over_time(
    con: duckdb.DuckDBPyConnection,
    period: str = "month",
    since: dt.date | None = None,
    until: dt.date | None = None,
    types: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Clusters per period and PLOVER type."""
    where, params = _filters(since, until, types)
    return _df(
        con,
        f"""
        select cast(date_trunc(?, event_day) as date) as period, event_type,
               count(*) as clusters, sum(num_articles) as article_reports
        from event_feed
        where {where}
        group by all
        order by period, event_type
    """,
        [_period(period), *params],
    )


def dyad_timeline(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    period: str = "month",
    since: dt.date | None = None,
    until: dt.date | None = None,
    types: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Clusters between two countries (both directions) per period and quad class."""
    where, params = _filters(since, until, types, pair=(a, b))
    return _df(
        con,
        f"""
        select cast(date_trunc(?, event_day) as date) as period, quad_class,
               sum(clusters) as clusters, sum(articles) as articles,
               sum(goldstein_sum) as goldstein_sum
        from dyad_daily
        where {where}
        group by all
        order by period, quad_class
    """,
        [_period(period), *params],
    )


def dyad_trend(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    period: str = "month",
    since: dt.date | None = None,
    until: dt.date | None = None,
    types: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Clusters and mean Goldstein score per period: all of them, and in three series - those
    A directed at B (A->B), those B directed at A (B->A), and the symmetric ones (A<->B, talks
    between them; dyad_daily stores each once, under the alphabetical order of the pair).

    Columns: period, clusters, goldstein_mean, clusters_from_a, goldstein_mean_from_a,
    clusters_from_b, goldstein_mean_from_b, clusters_symmetric, goldstein_mean_symmetric
    (a mean is null for a period without clusters of its series).
    """
    where, params = _filters(since, until, types, pair=(a, b))
    return _df(
        con,
        f"""
        with rows as (
            select cast(date_trunc(?, event_day) as date) as period,
                   source_country,
                   clusters,
                   goldstein_sum,
                   clusters - symmetric_clusters as directed_clusters,
                   goldstein_sum - symmetric_goldstein_sum as directed_goldstein_sum,
                   symmetric_clusters,
                   symmetric_goldstein_sum
            from dyad_daily
            where {where}
        ),

        sums as (
            select period,
                   sum(clusters) as clusters,
                   sum(goldstein_sum) as goldstein_sum,
                   coalesce(sum(directed_clusters) filter (where source_country = ?), 0) as clusters_from_a,
                   sum(directed_goldstein_sum) filter (where source_country = ?) as goldstein_sum_from_a,
                   coalesce(sum(directed_clusters) filter (where source_country = ?), 0) as clusters_from_b,
                   sum(directed_goldstein_sum) filter (where source_country = ?) as goldstein_sum_from_b,
                   sum(symmetric_clusters) as clusters_symmetric,
                   sum(symmetric_goldstein_sum) as goldstein_sum_symmetric
            from rows
            group by period
        )

        select period,
               clusters,
               goldstein_sum / nullif(clusters, 0) as goldstein_mean,
               clusters_from_a,
               goldstein_sum_from_a / nullif(clusters_from_a, 0) as goldstein_mean_from_a,
               clusters_from_b,
               goldstein_sum_from_b / nullif(clusters_from_b, 0) as goldstein_mean_from_b,
               clusters_symmetric,
               goldstein_sum_symmetric / nullif(clusters_symmetric, 0) as goldstein_mean_symmetric
        from sums
        order by period
    """,
        [_period(period), *params, a, a, b, b],
    )


def dyad_events(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    since: dt.date | None = None,
    until: dt.date | None = None,
    types: Sequence[str] | None = None,
    limit: int = 50,
) -> pd.DataFrame:
    """The latest clusters between two countries (both directions)."""
    where, params = _filters(since, until, types, pair=(a, b))
    return _df(
        con,
        f"""
        select event_day, date_precision, event_type, source_country, target_country,
               is_symmetric, location_name, goldstein, num_articles, headline, article_url,
               evidence, cluster_id
        from event_feed
        where {where}
        order by first_reported_at desc, cluster_id
        limit ?
    """,
        [*params, int(limit)],
    )


def country_weekly(
    con: duckdb.DuckDBPyConnection,
    country: str,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> pd.DataFrame:
    """A country's clusters sent and received per ISO week, by quad class."""
    where, params = _filters(since, until, None, day_column="week_start")
    return _df(
        con,
        f"""
        select * exclude (country)
        from country_activity
        where country = ? and {where}
        order by week_start
    """,
        [country, *params],
    )


def map_points(
    con: duckdb.DuckDBPyConnection,
    since: dt.date | None = None,
    until: dt.date | None = None,
    types: Sequence[str] | None = None,
    country: str | None = None,
    limit: int = 5000,
) -> pd.DataFrame:
    """Clusters with coordinates, most recent first (at most `limit`)."""
    where, params = _filters(since, until, types, country=country)
    return _df(
        con,
        f"""
        select latitude, longitude, event_day, date_precision, event_type, quad_class,
               source_country, target_country, is_symmetric, location_name, num_articles,
               headline, article_url
        from event_feed  -- event_map's rows, with the date precision and symmetry (issue 12)
        where latitude is not null and longitude is not null and {where}
        order by event_day desc, cluster_id
        limit ?
    """,
        [*params, int(limit)],
    )


def latest_events(
    con: duckdb.DuckDBPyConnection,
    since: dt.date | None = None,
    until: dt.date | None = None,
    types: Sequence[str] | None = None,
    country: str | None = None,
    text: str | None = None,
    min_articles: int = 1,
    limit: int = 200,
) -> pd.DataFrame:
    """The most recently reported clusters, filtered; newest first."""
    where, params = _filters(since, until, types, country=country)
    if text:
        where += " and (headline ilike ? or evidence ilike ? or location_name ilike ?)"
        like = f"%{text}%"
        params += [like, like, like]
    if min_articles > 1:
        where += " and num_articles >= ?"
        params.append(int(min_articles))
    return _df(
        con,
        f"""
        select first_reported_at, event_day, date_precision, event_type, source_country, target_country,
               is_symmetric, location_name, amount_usd, goldstein, num_articles, num_feeds,
               headline, article_url, evidence, cluster_id
        from event_feed
        where {where}
        order by first_reported_at desc, cluster_id
        limit ?
    """,
        [*params, int(limit)],
    )


def benchmark_calls(
    con: duckdb.DuckDBPyConnection,
) -> list[tuple[str, Callable[[duckdb.DuckDBPyConnection], Any]]]:
    """Each query above with the arguments a dashboard user would typically pass (for the bench)."""
    top = countries(con)["country"].tolist()
    a, b = (top + ["RUS", "PRK"])[:2]
    last = overview(con)["last_day"].iloc[0]
    last = last.date() if hasattr(last, "date") else last
    year_ago = last - dt.timedelta(days=365) if last is not None else None
    return [
        ("overview", overview),
        ("countries", countries),
        ("activity_over_time (5 years, by week)", lambda c: activity_over_time(c, "week")),
        (
            "activity_over_time (1 year, 3 types)",
            lambda c: activity_over_time(
                c, "month", year_ago, None, ["CONSULT", "SANCTION", "AID"]
            ),
        ),
        (f"dyad_timeline ({a}-{b}, by month)", lambda c: dyad_timeline(c, a, b, "month")),
        (f"dyad_trend ({a}-{b}, by week)", lambda c: dyad_trend(c, a, b, "week")),
        (f"dyad_events ({a}-{b}, 50)", lambda c: dyad_events(c, a, b)),
        (
            "dyad_timeline (rare pair, by month)",
            lambda c: dyad_timeline(c, top[-1], top[-2], "month"),
        ),
        (f"country_weekly ({a})", lambda c: country_weekly(c, a)),
        ("map_points (5000)", lambda c: map_points(c)),
        ("map_points (1 year, one country)", lambda c: map_points(c, year_ago, None, None, b)),
        ("latest_events (200)", lambda c: latest_events(c)),
        (
            f"latest_events ({a}, text search)",
            lambda c: latest_events(c, country=a, text="consult"),
        ),
        (
            "latest_events (2+ articles, 1 year)",
            lambda c: latest_events(c, since=year_ago, min_articles=2),
        ),
    ]


# issue 12: what is new (the last load's clusters, watchlist alerts)
from dipwatch.app.dashboard.recent import (  # noqa: E402, F401
    last_load,
    new_since_last_refresh,
    watchlist_alerts,
)
