"""Cross-article event clusters: the same real-world event reported by several articles.

Two events are the same real-world event when they have the same PLOVER type and the same
actors (source -> target; a symmetric event's two actors are an unordered pair), their dates
are compatible at their precisions (2024-03-04/day fits 2024-03/month and 2024/year; an
undated event fits any date), and every member of the cluster was reported within
`window_days` of every other (publication time of its article, else when first seen).

Clustering is incremental and runs inside the load transaction (`assign_clusters`). It looks
only at the events of the articles a load or a recode rewrote (`raw.changed_articles`, passed
as a `Scope`), each table read through an index or its zone maps for just those rows, so its
cost follows what a refresh adds, not the size of the warehouse (`scope=None` checks every
event instead, with the same result on a warehouse whose other events are all clustered):

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

from dipwatch.warehouse.loads import insert_rows
from dipwatch.warehouse.lookups import one_of, up_to

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


@dataclass(slots=True)
class Scope:
    """The articles whose events changed since clusters last caught up (raw.changed_articles)."""

    articles: list[str]
    old: list[str]  # those already stored before: they may have old events and cluster members
    since: dt.datetime | None  # their events were all (re)written at or after this time


def in_list(column: str, values: list[str] | None, limit: int = 0) -> tuple[str, list]:
    """A filter `column` is one of `values` (None: no filter), and its parameters (see
    lookups.one_of: an index lookup for a short list, a semi join for a long one)."""
    if values is None:
        return "true", []
    return one_of(column, values, up_to=limit), [values]


def _memberships(
    con: duckdb.DuckDBPyConnection, scope: Scope | None
) -> tuple[list[tuple[str, str]], set[str]]:
    """(event, cluster) of the members whose event is gone or was reloaded, and the events of
    the scope that are members and stay so."""
    if scope is not None and not scope.old:
        return [], set()  # new articles have no members yet
    old = None if scope is None else scope.old
    members, p1 = in_list("article_id", old, up_to(con, "raw.cluster_members"))
    events, p2 = in_list("article_id", old, up_to(con, "raw.events"))
    rows = con.execute(
        f"""
        select m.event_id, m.cluster_id,
               e.event_id is null or e.extracted_at is distinct from m.extracted_at as stale
        from (select event_id, cluster_id, extracted_at from raw.cluster_members where {members}) m
        left join (select event_id, extracted_at from raw.events where {events}) e using (event_id)
        where {"true" if scope is not None else "stale"}
        """,
        p1 + p2,
    ).fetchall()
    return [(r[0], r[1]) for r in rows if r[2]], {r[0] for r in rows if not r[2]}


def _remove(con: duckdb.DuckDBPyConnection, stale: list[tuple[str, str]]) -> list[str]:
    """Drop these members; return the clusters they left."""
    if stale:
        ids = [event_id for event_id, _ in stale]
        where = one_of("event_id", ids, up_to=up_to(con, "raw.cluster_members"))
        con.execute(f"delete from raw.cluster_members where {where}", [ids])
    return sorted({cluster_id for _, cluster_id in stale})


def _pending(con: duckdb.DuckDBPyConnection, scope: Scope | None, members: set[str]) -> list[tuple]:
    """Events in no cluster: (event_id, type, source, target, symmetric, date, precision,
    reported epoch, article_id, extracted_at, reported_at)."""
    columns = f"""
        e.event_id, upper(e.event_type), e.source_country, e.target_country,
        coalesce(e.is_symmetric, false), e.event_date, e.date_precision,
        epoch({_REPORTED_AT}), e.article_id, e.extracted_at, {_REPORTED_AT}
    """
    if scope is None:
        return con.execute(
            f"""
            select {columns}
            from raw.events e
            left join raw.articles a using (article_id)
            anti join raw.cluster_members m using (event_id)
            """
        ).fetchall()
    events_limit, articles_limit = up_to(con, "raw.events"), up_to(con, "raw.articles")
    # the scope's events were written at or after `since`: the last rows of raw.events, which
    # its zone maps on extracted_at find without reading the others
    rows = con.execute(
        f"""
        select {columns}
        from (
            select * from raw.events
            where extracted_at >= ? and {one_of("article_id", scope.articles, up_to=events_limit)}
        ) e
        left join (
            select article_id, published_at, entry_published, first_seen_at from raw.articles
            where {one_of("article_id", scope.articles, up_to=articles_limit)}
        ) a using (article_id)
        """,
        [scope.since, scope.articles, scope.articles],
    ).fetchall()
    return [r for r in rows if r[0] not in members]


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
    """Which of these cluster ids are in use (by their primary key)."""
    if not ids or not _any_cluster(con):
        return set()
    limit = up_to(con, "raw.clusters")
    rows = con.execute(
        f"select cluster_id from raw.clusters where {one_of('cluster_id', ids, up_to=limit)}",
        [ids],
    ).fetchall()
    return {r[0] for r in rows}


def assign_clusters(
    con: duckdb.DuckDBPyConnection,
    window_days: float = DEFAULT_WINDOW_DAYS,
    scope: Scope | None = None,
) -> ClusterStats:
    """Bring raw.clusters / raw.cluster_members up to date with raw.events (incrementally).

    `scope`: the articles whose events changed, the only ones looked at (None: every event is
    checked, with the same result on a warehouse whose other events are all clustered).
    """
    stats = ClusterStats()
    window = max(float(window_days), 0.0) * 86400.0
    if scope is not None and not scope.articles:
        return stats

    stale, kept = _memberships(con, scope)
    left_clusters = _remove(con, stale)
    stats.left = len(stale)
    stats.deleted = recompute(con, left_clusters)
    stats.recomputed = len(left_clusters)
    stats.touched = left_clusters

    pending = _pending(con, scope, kept)
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

    # a live cluster can have the id 'c' + an event id only if that event was stored before
    old = None if scope is None else set(scope.old)
    taken = _live_ids(con, ["c" + r[0] for r in pending if old is None or r[8] in old])
    by_event = {r[0]: r for r in pending}
    members: list[list] = []
    touched: set[str] = set()
    now = dt.datetime.now(dt.UTC)
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
        row = by_event[event_id]
        members.append([event_id, cluster.cluster_id, row[8], row[9], row[10], now])
        touched.add(cluster.cluster_id)

    insert_rows(con, "raw.cluster_members", _MEMBER_COLUMNS, members)
    stats.assigned = len(members)
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


_MEMBER_COLUMNS = (
    "event_id",
    "cluster_id",
    "article_id",
    "extracted_at",
    "reported_at",
    "assigned_at",
)


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
    limits = {
        t: up_to(con, t)
        for t in ("raw.clusters", "raw.cluster_members", "raw.events", "raw.articles")
    }
    # DELETE and INSERT return their row counts: the rows removed, the clusters with members
    where = one_of("cluster_id", cluster_ids, up_to=limits["raw.clusters"])
    deleted = con.execute(f"delete from raw.clusters where {where}", [cluster_ids]).fetchone()[0]
    where = one_of("cluster_id", cluster_ids, up_to=limits["raw.cluster_members"])
    members = con.execute(
        f"select event_id, article_id from raw.cluster_members where {where}", [cluster_ids]
    ).fetchall()
    events = [m[0] for m in members]
    articles = sorted({m[1] for m in members})
    sql = recompute_sql()
    for column, values, table in (
        ("cluster_id", cluster_ids, "raw.cluster_members"),
        ("event_id", events, "raw.events"),
        ("article_id", articles, "raw.articles"),
    ):
        lookup = one_of(column, values, up_to=limits[table])
        sql = sql.replace(f"list_contains(?::varchar[], {column})", lookup)
    inserted = con.execute(sql, [cluster_ids, events, articles]).fetchone()[0]
    return max(int(deleted) - int(inserted), 0)
