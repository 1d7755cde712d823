"""Rebuilding the analyst-facing models at the end of each refresh (inside its transaction).

Three layers, in this order:

1. the views of `warehouse/models/{staging,marts}` (`db.build_models`): `stg_*`, and the
   public `articles`, `events`, `clusters`;
2. the event clusters (`dipwatch.warehouse.clusters.assign_clusters`), for the events of the
   articles a load or recode rewrote since the last time (`raw.changed_articles`, emptied
   here): a refresh that changed nothing does no cluster or mart work at all;
3. the dashboard marts of `warehouse/models/marts_tables/*.sql`, materialized as tables so a
   dashboard query stays fast on millions of events (`db.build_models` does not read that
   folder, so they never become views). File order is build order (`10_event_feed.sql`...;
   the numeric prefix is not part of the name). Each is refreshed incrementally, by the key
   its first line names:

   - `-- incremental_key: cluster_id`: the rows of the clusters this refresh changed are
     replaced;
   - `-- incremental_key: event_day, source_country, ...` with
     `-- incremental_source: event_feed`: the mart aggregates rows of `event_feed` by that key;
     the keys a refresh touched are those its own query gives over the old and the new rows of
     the changed clusters (its `from event_feed` read from that delta instead), and only the
     rows of those keys are deleted and computed again from `event_feed`.

   Everything is rebuilt in full when a model's SQL changed (`raw.mart_builds` keeps a hash
   of all model SQL), when a table is missing, or when more than FULL_REBUILD_ABOVE (20,000)
   clusters changed (replacing that many rows costs about as much as a rebuild); a table
   rebuilt in full has every table after it rebuilt in full too. Incremental and full give
   the same rows (tests/test_incremental.py).

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
    """One materialized mart: its name, SQL and how it is refreshed incrementally.

    `incremental_key` is `cluster_id` for a mart with one row per cluster, else the columns of
    its grain, with `incremental_source` the mart it aggregates; None: rebuilt in full.
    """

    name: str
    sql: str
    incremental_key: str | None = None
    incremental_source: str | None = None

    @property
    def key_columns(self) -> list[str]:
        """The columns of `incremental_key`."""
        return [c.strip() for c in (self.incremental_key or "").split(",") if c.strip()]


def _header(sql: str, name: str) -> str | None:
    """The value of a `-- name: value` line among the leading comments of a model."""
    for line in sql.lstrip().splitlines():
        if not line.startswith("--"):
            break
        m = re.match(rf"--\s*{name}:\s*(.+?)\s*$", line)
        if m:
            return m.group(1)
    return None


def mart_tables() -> list[MartTable]:
    """The marts of warehouse/models/marts_tables, in build order."""
    out = []
    for filename, sql in db.model_files((TABLES_FOLDER,)):
        out.append(
            MartTable(
                db.model_name(filename),
                sql.strip().rstrip(";"),
                _header(sql, "incremental_key"),
                _header(sql, "incremental_source"),
            )
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
    deltas: list[str] = []  # temp tables of the old and new rows of the changed clusters
    for table in mart_tables():
        start = time.perf_counter()
        fresh = table.name in existing and built.get(table.name) == fingerprint
        if fresh and not upstream_full and not ids:
            modes[table.name] = "unchanged"
            continue
        if fresh and not upstream_full and table.key_columns == ["cluster_id"]:
            mode = "incremental"
            deltas.append(_refresh_clusters_of(con, table, ids))
        elif fresh and not upstream_full and f"_delta_{table.incremental_source}" in deltas:
            mode = "incremental"
            _refresh_keys_of(con, table)
        else:
            mode = "full"
            upstream_full = True  # every table built from this one must be rebuilt too
            con.execute(f"create or replace table {table.name} as\n{table.sql}")
        _record(con, table.name, fingerprint, mode, time.perf_counter() - start)
        modes[table.name] = mode
    # (temp tables are transactional: if a build fails, the rollback drops them too)
    for delta in deltas:
        con.execute(f"drop table {delta}")
    return modes


def _refresh_clusters_of(con: duckdb.DuckDBPyConnection, table: MartTable, ids: list[str]) -> str:
    """Replace the rows of these clusters; return the temp table of their old and new rows."""
    # list_contains on a list parameter is pushed down to the scans of the model's query (an
    # `in (select unnest(?))` semi join is not: it would run the whole query)
    where = "list_contains(?::varchar[], cluster_id)"
    delta = f"_delta_{table.name}"
    con.execute(
        f"create or replace temp table {delta} as select * from {table.name} where {where}", [ids]
    )
    con.execute(f"delete from {table.name} where {where}", [ids])
    con.execute(f"insert into {table.name} select * from (\n{table.sql}\n) where {where}", [ids])
    con.execute(f"insert into {delta} select * from {table.name} where {where}", [ids])
    return delta


def _refresh_keys_of(con: duckdb.DuckDBPyConnection, table: MartTable) -> None:
    """Replace the rows of the keys the changed rows of the source mart touch (before or after)."""
    source = table.incremental_source
    reads = rf"\bfrom\s+{source}\b"
    if not re.search(reads, table.sql):
        raise ValueError(f"mart {table.name} is refreshed from {source} but never reads it")
    keys = table.key_columns
    cols = ", ".join(keys)
    on = " and ".join(f"t.{k} is not distinct from k.{k}" for k in keys)
    over_delta = re.sub(reads, f"from _delta_{source}", table.sql)
    con.execute(
        f"create or replace temp table _keys as select distinct {cols} from (\n{over_delta}\n)"
    )
    con.execute(f"delete from {table.name} t using _keys k where {on}")
    # one list per key column, pushed down into the source's scan, narrows what is
    # aggregated; the semi join then keeps exactly the touched keys
    narrow, params = [], []
    types = dict(con.execute("select column_name, column_type from (describe _keys)").fetchall())
    for k in keys:
        values = [r[0] for r in con.execute(f"select distinct {k} from _keys").fetchall()]
        test = f"list_contains(?::{types[k]}[], t.{k})"
        narrow.append(f"({test} or t.{k} is null)" if None in values else test)
        params.append([v for v in values if v is not None])
    con.execute(
        f"insert into {table.name} select t.* from (\n{table.sql}\n) t "
        f"semi join _keys k on {on} where {' and '.join(narrow)}",
        params,
    )
    con.execute("drop table _keys")


def _record(
    con: duckdb.DuckDBPyConnection, name: str, fingerprint: str, mode: str, seconds: float
) -> None:
    """Note in raw.mart_builds how and when a mart was last built."""
    rows = con.execute(f"select count(*) from {name}").fetchone()[0]
    con.execute(
        """
        insert into raw.mart_builds (name, sql_sha1, mode, row_count, seconds, built_at)
        values (?, ?, ?, ?, ?, current_timestamp)
        on conflict (name) do update set sql_sha1 = excluded.sql_sha1, mode = excluded.mode,
            row_count = excluded.row_count, seconds = excluded.seconds, built_at = excluded.built_at
        """,
        [name, fingerprint, mode, rows, seconds],
    )
    log.info("mart %s: %s, %d rows, %.2f s", name, mode, rows, seconds)


def changed_articles(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Ids of the articles whose events changed since clusters and marts last caught up."""
    return [r[0] for r in con.execute("select article_id from raw.changed_articles").fetchall()]


def refresh_marts(
    con: duckdb.DuckDBPyConnection,
    cluster_window_days: float = DEFAULT_WINDOW_DAYS,
    build_views: bool = True,
    everything: bool = False,
) -> ClusterStats:
    """Rebuild the views, bring the clusters up to date, refresh the mart tables.

    Only the events of `raw.changed_articles` are clustered and only the mart rows they touch
    are refreshed (everything=True: every event is checked and every mart rebuilt in full).
    build_views=False skips the views when the connection already built them (a
    `db.writer(path)` opened with migrate=True does).
    """
    if build_views:
        db.build_models(con)
    articles = None if everything else changed_articles(con)
    stats = assign_clusters(con, cluster_window_days, articles)
    build_tables(con, None if everything else stats.touched)
    if articles is None or articles:
        con.execute("delete from raw.changed_articles")
    return stats
