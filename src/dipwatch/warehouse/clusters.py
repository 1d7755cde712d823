"""Cross-article event clusters: the same real-world event reported by several articles.

Two events are the same real-world event when they have the same PLOVER type and the same
actors (source -> target; a symmetric event's two actors are an unordered pair), their dates
are compatible at their precisions (2024-03-04/day fits 2024-03/month and 2024/year; an
undated event fits any date), and every member of the cluster was reported within
`window_days` of every other (publication time of its article, else when first seen).

Clustering is incremental and runs inside the load transaction (`assign_clusters`). It looks
only at the events of the articles a load or a recode rewrote (`raw.changed_articles`, passed
as `articles`), so its cost follows what a refresh adds, not the size of the warehouse
(`articles=None` checks every event instead, with the same result on a consistent warehouse):

1. events whose row changed since they were assigned (their article was updated, so they were
   reloaded with a new `extracted_at`) or that no longer exist leave their clusters;
2. every event not in a cluster is assigned, oldest report first (finest date first on ties):
   it joins the best compatible cluster — same date at its precision, then closest first
   report, then most events, then smallest id — or founds a new one;
3. the attributes of every cluster that gained or lost members are recomputed in SQL
   (warehouse/clusters/recompute.sql).

Existing members never move, so a rerun with nothing new changes nothing. A cluster keeps the
id of the event that founded it ('c' + event_id) for as long as it has members.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import logging
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import duckdb

log = logging.getLogger("dipwatch.warehouse.clusters")

DEFAULT_WINDOW_DAYS = 3.0
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
_UNDATED_RANK = 3

# When an article reports the event: its publication time, else the feed entry's, else first seen.
_REPORTED_AT = "coalesce(a.published_at, a.entry_published, a.first_seen_at, e.extracted_at, current_timestamp)"

Key = tuple[str, str, str, bool]


# ---------------------------------------------------------------- dates


def precision_rank(event_date: dt.date | None, precision: str | None) -> int:
    """0 day, 1 month, 2 year, 3 undated (a date without a precision counts as a day)."""
    if event_date is None:
        return _UNDATED_RANK
    return _PRECISION_RANK.get(precision or "day", 0)


def _period(d: dt.date, rank: int) -> tuple[int, ...]:
    """The year, month or day containing d, at that rank."""
    if rank >= 2:
        return (d.year,)
    if rank == 1:
        return (d.year, d.month)
    return (d.year, d.month, d.day)


def dates_compatible(
    d1: dt.date | None, p1: str | None, d2: dt.date | None, p2: str | None
) -> bool:
    """True when one date's period contains the other's (undated fits anything)."""
    return _compatible(d1, precision_rank(d1, p1), d2, precision_rank(d2, p2))


def _compatible(d1: dt.date | None, r1: int, d2: dt.date | None, r2: int) -> bool:
    """dates_compatible with precision ranks already computed."""
    if d1 is None or d2 is None:
        return True
    coarser = max(r1, r2)
    return _period(d1, coarser) == _period(d2, coarser)


def event_key(event_type: str, source: str | None, target: str | None, symmetric: bool) -> Key:
    """What must be equal for two events to be one: type and actors (unordered if symmetric)."""
    s, t = source or "", target or ""
    if symmetric:
        s, t = min(s, t), max(s, t)
    return (event_type.upper(), s, t, bool(symmetric))


# ---------------------------------------------------------------- assignment


@dataclass(slots=True)
class _Cluster:
    """A cluster as the assignment sees it."""

    cluster_id: str
    anchor: float  # first report (epoch s) when indexed: the bisect key, never changes
    first: float
    last: float
    event_date: dt.date | None  # the finest date of its members
    rank: int  # precision_rank of event_date
    size: int


@dataclass(slots=True)
class ClusterStats:
    """What one `assign_clusters` call did."""

    left: int = 0  # members removed (event gone or reloaded)
    assigned: int = 0  # events placed in a cluster
    created: int = 0  # clusters founded
    deleted: int = 0  # clusters left without members
    recomputed: int = 0  # clusters whose attributes were rebuilt
    # ids of the clusters added, changed or deleted (what the incremental marts replace)
    touched: list[str] = field(default_factory=list)


class _Index:
    """Clusters by key, sorted by anchor, for the candidates of one event."""

    def __init__(self, window: float) -> None:
        """An empty index for clusters spanning at most `window` seconds."""
        self.window = window
        self.anchors: dict[Key, list[float]] = {}
        self.clusters: dict[Key, list[_Cluster]] = {}

    def add(self, key: Key, cluster: _Cluster) -> None:
        """Index a cluster under its key."""
        anchors = self.anchors.setdefault(key, [])
        clusters = self.clusters.setdefault(key, [])
        i = bisect.bisect_right(anchors, cluster.anchor)
        anchors.insert(i, cluster.anchor)
        clusters.insert(i, cluster)

    def best(self, key: Key, t: float, d: dt.date | None, rank: int) -> _Cluster | None:
        """The compatible cluster this event (reported at t, dated d at rank) should join, if any."""
        anchors = self.anchors.get(key)
        if not anchors:
            return None
        # a member's first report never drops below anchor - window (the span is <= window),
        # so only anchors within [t - window, t + window] can accept an event reported at t
        lo = bisect.bisect_left(anchors, t - self.window)
        hi = bisect.bisect_right(anchors, t + self.window)
        best, best_score = None, None
        for c in self.clusters[key][lo:hi]:
            if max(c.last, t) - min(c.first, t) > self.window:
                continue
            if not _compatible(d, rank, c.event_date, c.rank):
                continue
            dated_both = d is not None and c.event_date is not None
            agreement = (
                2 if dated_both and rank == c.rank and d == c.event_date else 1 if dated_both else 0
            )
            score = (-agreement, abs(t - c.first), -c.size, c.cluster_id)
            if best_score is None or score < best_score:
                best, best_score = c, score
        return best


def _new_id(event_id: str, taken: set[str]) -> str:
    """'c' + event_id, or a derived id if a live cluster already has that one."""
    cid, n = "c" + event_id, 1
    while cid in taken:
        cid = "c" + hashlib.sha1(f"{event_id}:{n}".encode()).hexdigest()[:16]
        n += 1
    return cid


def in_list(column: str, values: list[str] | None) -> tuple[str, list]:
    """A filter `column` is one of `values` (None: no filter), and its parameters.

    `list_contains` on a list parameter is pushed down into the table scan (one pass over one
    column, no join); `in (select unnest(?))` is planned as a semi join, `= any(?)` is not
    pushed down.
    """
    if values is None:
        return "true", []
    return f"list_contains(?::varchar[], {column})", [values]


def _remove_stale(
    con: duckdb.DuckDBPyConnection, articles: list[str] | None
) -> tuple[int, list[str]]:
    """Drop members whose event is gone or was reloaded; return how many, and the clusters they left."""
    members, p1 = in_list("m.article_id", articles)
    events, p2 = in_list("article_id", articles)
    rows = con.execute(
        f"""
        select m.event_id, m.cluster_id
        from raw.cluster_members m
        left join (select event_id, extracted_at from raw.events where {events}) e using (event_id)
        where {members} and (e.event_id is null or e.extracted_at is distinct from m.extracted_at)
        """,
        p2 + p1,
    ).fetchall()
    if rows:
        con.execute(
            "delete from raw.cluster_members where list_contains(?::varchar[], event_id)",
            [[r[0] for r in rows]],
        )
    return len(rows), sorted({r[1] for r in rows})


def _pending(con: duckdb.DuckDBPyConnection, articles: list[str] | None) -> list[tuple]:
    """Events in no cluster: (event_id, type, source, target, symmetric, date, precision, reported epoch)."""
    events, p1 = in_list("article_id", articles)
    arts, p2 = in_list("article_id", articles)
    members, p3 = in_list("article_id", articles)
    return con.execute(
        f"""
        select e.event_id, upper(e.event_type), e.source_country, e.target_country,
               coalesce(e.is_symmetric, false), e.event_date, e.date_precision,
               epoch({_REPORTED_AT})
        from (select * from raw.events where {events}) e
        left join (select * from raw.articles where {arts}) a using (article_id)
        anti join (select event_id from raw.cluster_members where {members}) m using (event_id)
        """,
        p1 + p2 + p3,
    ).fetchall()


def _any_cluster(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether raw.clusters has a row. Not redundant: on a first build (no clusters yet) it spares
    passing every pending key and id to DuckDB as list parameters (~2 s for a million events)."""
    return bool(con.execute("select exists (select 1 from raw.clusters)").fetchone()[0])


def _candidates(
    con: duckdb.DuckDBPyConnection, keys: set[Key], lo: float, hi: float
) -> list[tuple]:
    """Existing clusters with one of these keys whose reports reach into [lo, hi] (epoch s)."""
    if not keys or not _any_cluster(con):
        return []
    cols = list(zip(*sorted(keys), strict=True))
    return con.execute(
        """
        with wanted as (
            select unnest(?::varchar[]) as event_type, unnest(?::varchar[]) as s,
                   unnest(?::varchar[]) as t, unnest(?::boolean[]) as sym
        )
        select c.cluster_id, c.event_type, coalesce(c.source_country, ''), coalesce(c.target_country, ''),
               c.is_symmetric, epoch(c.first_reported_at), epoch(c.last_reported_at),
               c.event_date, c.date_precision, c.num_events
        from raw.clusters c
        semi join wanted w
            on c.event_type = w.event_type and coalesce(c.source_country, '') = w.s
           and coalesce(c.target_country, '') = w.t and c.is_symmetric = w.sym
        where c.last_reported_at >= to_timestamp(? - 1) and c.first_reported_at <= to_timestamp(? + 1)
        """,
        [list(cols[0]), list(cols[1]), list(cols[2]), list(cols[3]), lo, hi],
    ).fetchall()


def _live_ids(con: duckdb.DuckDBPyConnection, ids: list[str]) -> set[str]:
    """Which of these cluster ids are in use."""
    if not ids or not _any_cluster(con):
        return set()
    rows = con.execute(
        "select cluster_id from raw.clusters where list_contains(?::varchar[], cluster_id)",
        [ids],
    ).fetchall()
    return {r[0] for r in rows}


def assign_clusters(
    con: duckdb.DuckDBPyConnection,
    window_days: float = DEFAULT_WINDOW_DAYS,
    articles: list[str] | None = None,
) -> ClusterStats:
    """Bring raw.clusters / raw.cluster_members up to date with raw.events (incrementally).

    `articles`: the ids of the articles whose events changed, the only ones looked at (None:
    every event is checked).
    """
    stats = ClusterStats()
    window = max(float(window_days), 0.0) * 86400.0
    if articles is not None and not articles:
        return stats

    stats.left, left_clusters = _remove_stale(con, articles)
    stats.deleted = recompute(con, left_clusters)
    stats.recomputed = len(left_clusters)
    stats.touched = left_clusters

    pending = _pending(con, articles)
    if not pending:
        return stats
    # oldest report first, finest date first on ties: (reported, rank, event_id, key, date)
    queue = sorted(
        (r[7], precision_rank(r[5], r[6]), r[0], event_key(r[1], r[2], r[3], r[4]), r[5])
        for r in pending
    )
    keys = {r[3] for r in queue}
    index = _Index(window)
    for row in _candidates(con, keys, queue[0][0] - window, queue[-1][0] + window):
        cid, etype, s, t, sym, first, last, d, p, size = row
        index.add(
            (etype, s, t, sym), _Cluster(cid, first, first, last, d, precision_rank(d, p), size)
        )

    taken = _live_ids(con, ["c" + r[2] for r in queue])
    assigned_events: list[str] = []
    assigned_clusters: list[str] = []
    touched: set[str] = set()
    for reported, rank, event_id, key, d in queue:
        cluster = index.best(key, reported, d, rank)
        if cluster is None:
            cid = _new_id(event_id, taken)
            taken.add(cid)
            cluster = _Cluster(cid, reported, reported, reported, d, rank, 0)
            index.add(key, cluster)
            stats.created += 1
        else:
            cluster.first = min(cluster.first, reported)
            cluster.last = max(cluster.last, reported)
            if rank < cluster.rank:
                cluster.event_date, cluster.rank = d, rank
        cluster.size += 1
        assigned_events.append(event_id)
        assigned_clusters.append(cluster.cluster_id)
        touched.add(cluster.cluster_id)

    events, p1 = in_list("article_id", articles)
    arts, p2 = in_list("article_id", articles)
    con.execute(
        f"""
        insert into raw.cluster_members (event_id, cluster_id, article_id, extracted_at, reported_at, assigned_at)
        select n.event_id, n.cluster_id, e.article_id, e.extracted_at, {_REPORTED_AT}, current_timestamp
        from (select unnest(?::varchar[]) as event_id, unnest(?::varchar[]) as cluster_id) n
        join (select * from raw.events where {events}) e using (event_id)
        left join (select * from raw.articles where {arts}) a using (article_id)
        """,
        [assigned_events, assigned_clusters, *p1, *p2],
    )
    stats.assigned = len(assigned_events)
    stats.touched = sorted(touched | set(left_clusters))
    stats.recomputed = len(stats.touched)
    recompute(con, sorted(touched))
    log.info(
        "clusters: %d events assigned, %d clusters founded, %d members left, %d clusters emptied",
        stats.assigned,
        stats.created,
        stats.left,
        stats.deleted,
    )
    return stats


# ---------------------------------------------------------------- attributes


@cache
def recompute_sql() -> str:
    """The SQL that rebuilds clusters' rows from their members (warehouse/clusters/recompute.sql)."""
    path = resources.files("dipwatch.warehouse.sql").joinpath("clusters", "recompute.sql")
    return path.read_text(encoding="utf-8")


def recompute(con: duckdb.DuckDBPyConnection, cluster_ids: list[str]) -> int:
    """Rebuild these clusters' rows from their members; return how many were left empty."""
    if not cluster_ids:
        return 0
    # DELETE and INSERT return their row counts: the rows removed, the clusters with members
    deleted = con.execute(
        "delete from raw.clusters where list_contains(?::varchar[], cluster_id)", [cluster_ids]
    ).fetchone()[0]
    inserted = con.execute(recompute_sql(), [cluster_ids]).fetchone()[0]
    return max(int(deleted) - int(inserted), 0)
