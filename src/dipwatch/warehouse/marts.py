"""Rebuilding the analyst-facing models at the end of each refresh (inside its transaction).

Three layers, in this order:

1. the views of `warehouse/models/{staging,marts}` (`db.build_models`): `stg_*`, and the
   public `articles`, `events`, `clusters`;
2. the event clusters (`dipwatch.warehouse.clusters.assign_clusters`, incremental);
3. the dashboard marts of `warehouse/models/marts_tables/*.sql`, materialized as tables so a
   dashboard query stays fast on millions of events (`db.build_models` does not read that
   folder, so they never become views). File order is build order (`10_event_feed.sql`...;
   the numeric prefix is not part of the name). A file whose first line is
   `-- incremental_key: cluster_id` is refreshed incrementally: the rows of the clusters this
   refresh changed are replaced. The others are rebuilt in full when anything changed.
   Everything is rebuilt in full when a model's SQL changed (`raw.mart_builds` keeps a hash
   of all model SQL), when a table is missing, or when more than FULL_REBUILD_ABOVE (20,000)
   clusters changed (replacing that many rows costs about as much as a rebuild); a table
   rebuilt in full has every table after it rebuilt in full too.

`refresh_marts(con)` runs inside the load transaction: if anything fails, the whole refresh
rolls back, raw tables included.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from dataclasses import dataclass

import duckdb

from dipwatch.warehouse import connection as db
from dipwatch.warehouse.clusters import DEFAULT_WINDOW_DAYS, ClusterStats, assign_clusters

log = logging.getLogger("dipwatch.warehouse.marts")

TABLES_FOLDER = "marts_tables"
FULL_REBUILD_ABOVE = 20_000  # changed clusters beyond which a full rebuild is cheaper


@dataclass(frozen=True, slots=True)
class MartTable:
    """One materialized mart: its name, SQL and (if refreshed incrementally) its key column."""

    name: str
    sql: str
    incremental_key: str | None = None


def mart_tables() -> list[MartTable]:
    """The marts of warehouse/models/marts_tables, in build order."""
    out = []
    for filename, sql in db.model_files((TABLES_FOLDER,)):
        m = re.match(r"\s*--\s*incremental_key:\s*(\w+)", sql)
        out.append(
            MartTable(db.model_name(filename), sql.strip().rstrip(";"), m.group(1) if m else None)
        )
    return out


def table_names() -> list[str]:
    """Names of the materialized marts."""
    return [t.name for t in mart_tables()]


def view_names() -> list[str]:
    """Names of the public views (warehouse/models/marts): articles, clusters, events."""
    names = [db.model_name(name) for name, _ in db.model_files()]
    return [name for name in names if not name.startswith("stg_")]


def public_models() -> list[str]:
    """Every model analysts and dashboards read: the public views, then the mart tables."""
    return view_names() + table_names()


def models_fingerprint() -> str:
    """sha1 of the SQL of every model, views and tables: a change means a full rebuild."""
    h = hashlib.sha1()
    for name, sql in db.model_files():
        h.update(f"{name}\n{sql}\n".encode())
    for table in mart_tables():
        h.update(f"{table.name}\n{table.sql}\n".encode())
    return h.hexdigest()


def build_tables(
    con: duckdb.DuckDBPyConnection, changed: list[str] | None = None
) -> dict[str, str]:
    """Bring every mart table up to date (`changed`: cluster ids, None: all); return each one's mode."""
    fingerprint = models_fingerprint()
    built = dict(con.execute("select name, sql_sha1 from raw.mart_builds").fetchall())
    existing = db.existing_relations(con)
    modes: dict[str, str] = {}
    ids = [] if changed is None else list(changed)
    upstream_full = changed is None or len(ids) > FULL_REBUILD_ABOVE
    for table in mart_tables():
        start = time.perf_counter()
        fresh = table.name in existing and built.get(table.name) == fingerprint
        if fresh and not upstream_full and not ids:
            modes[table.name] = "unchanged"
            continue
        if fresh and not upstream_full and table.incremental_key:
            mode = "incremental"
            # list_contains on a list parameter is pushed down to the scans of the model's
            # query (an `in (select unnest(?))` semi join is not: it would run the whole query)
            where = f"list_contains(?::varchar[], {table.incremental_key})"
            con.execute(f"delete from {table.name} where {where}", [ids])
            con.execute(
                f"insert into {table.name} select * from (\n{table.sql}\n) where {where}", [ids]
            )
        else:
            mode = "full"
            upstream_full = True  # every table built from this one must be rebuilt too
            con.execute(f"create or replace table {table.name} as\n{table.sql}")
        seconds = time.perf_counter() - start
        rows = con.execute(f"select count(*) from {table.name}").fetchone()[0]
        con.execute(
            """
            insert into raw.mart_builds (name, sql_sha1, mode, row_count, seconds, built_at)
            values (?, ?, ?, ?, ?, current_timestamp)
            on conflict (name) do update set sql_sha1 = excluded.sql_sha1, mode = excluded.mode,
                row_count = excluded.row_count, seconds = excluded.seconds, built_at = excluded.built_at
            """,
            [table.name, fingerprint, mode, rows, seconds],
        )
        modes[table.name] = mode
        log.info("mart %s: %s, %d rows, %.2f s", table.name, mode, rows, seconds)
    return modes


def refresh_marts(
    con: duckdb.DuckDBPyConnection,
    cluster_window_days: float = DEFAULT_WINDOW_DAYS,
    build_views: bool = True,
) -> ClusterStats:
    """Rebuild the views, bring the clusters up to date, refresh the mart tables.

    build_views=False skips the views when the connection already built them (a
    `db.writer(path)` opened with migrate=True does).
    """
    if build_views:
        db.build_models(con)
    stats = assign_clusters(con, cluster_window_days)
    build_tables(con, stats.touched)
    return stats
