"""Recording alerts: the clusters a load touched that match a watchlist, once per watchlist and cluster.

Runs inside the load transaction, after the clusters are up to date, so an alert is recorded
exactly when the load that made its cluster match lands (a load rolled back records none).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import duckdb

from dipwatch.alerts.watchlist import Watchlist

ALERT_COLUMNS = (
    "watchlist",
    "cluster_id",
    "run_id",
    "alerted_at",
    "event_type",
    "event_mode",
    "quad_class",
    "source_country",
    "target_country",
    "is_symmetric",
    "event_date",
    "date_precision",
    "event_day",
    "num_articles",
    "num_feeds",
    "confidence",
    "headline",
    "article_url",
    "evidence",
    "location_name",
    "first_reported_at",
)
_FROM_CLUSTER = ALERT_COLUMNS[4:]  # the cluster's own columns, as the `clusters` view has them


def _condition(wl: Watchlist) -> tuple[str, list]:
    """SQL condition on the `clusters` view for one watchlist, and its parameters."""
    parts, params = [], []
    sides = []
    if wl.countries:
        sides.append(
            "(c.source_country in (select unnest(?)) or c.target_country in (select unnest(?)))"
        )
        params += [list(wl.countries), list(wl.countries)]
    if wl.dyads:
        sides.append(
            "least(c.source_country, c.target_country) || '|' || "
            "greatest(c.source_country, c.target_country) in (select unnest(?))"
        )
        params.append(["|".join(sorted(pair)) for pair in wl.dyads])
    if sides:
        parts.append("(" + " or ".join(sides) + ")")
    if wl.event_types:
        parts.append("c.event_type in (select unnest(?))")
        params.append(list(wl.event_types))
    parts.append("coalesce(c.confidence, 0) >= ?")
    params.append(wl.min_confidence)
    parts.append("c.num_articles >= ?")
    params.append(wl.min_articles)
    return " and ".join(parts), params


def record_alerts(
    con: duckdb.DuckDBPyConnection,
    watchlists: list[Watchlist],
    cluster_ids: list[str],
    run_id: str | None,
    now: dt.datetime | None = None,
) -> list[dict]:
    """Record the clusters among `cluster_ids` that match a watchlist and were not alerted yet."""
    if not watchlists or not cluster_ids:
        return []
    now = now or dt.datetime.now(dt.UTC)
    out: list[dict] = []
    for wl in watchlists:
        where, params = _condition(wl)
        cols = ", ".join(f"c.{c}" for c in _FROM_CLUSTER)
        rows = con.execute(
            f"""
            insert into raw.alerts ({", ".join(ALERT_COLUMNS)})
            select ?, c.cluster_id, ?, ?, {cols}
            from clusters as c
            where c.cluster_id in (select unnest(?::varchar[])) and {where}
              and not exists (select 1 from raw.alerts as a
                              where a.watchlist = ? and a.cluster_id = c.cluster_id)
            order by c.first_reported_at, c.cluster_id
            returning {", ".join(ALERT_COLUMNS)}
            """,
            [wl.name, run_id, now, list(cluster_ids), *params, wl.name],
        ).fetchall()
        alerts = [dict(zip(ALERT_COLUMNS, r, strict=True)) for r in rows]
        deliveries = [[a["cluster_id"], d] for a in alerts for d in wl.destinations()]
        if deliveries:
            con.executemany(
                "insert into raw.alert_deliveries (watchlist, cluster_id, destination, status) "
                "values (?, ?, ?, 'pending') on conflict do nothing",
                [[wl.name, *d] for d in deliveries],
            )
        out += alerts
    return out


def with_alerts(
    after: Callable[[duckdb.DuckDBPyConnection], object] | None,
    watchlists: list[Watchlist],
    run_id: str,
    found: list[dict],
) -> Callable[[duckdb.DuckDBPyConnection], None] | None:
    """`after` (the marts refresh, returning ClusterStats), then the alerts it made, into `found`."""
    if after is None:
        return None

    def run(con: duckdb.DuckDBPyConnection) -> None:
        stats = after(con)
        touched = getattr(stats, "touched", None) or []
        found.extend(record_alerts(con, watchlists, list(touched), run_id))

    return run
