"""What the pipeline reads from and writes to the warehouse's raw tables."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import NamedTuple

import duckdb

from dipwatch.models import Article, Event, FeedResult, FeedState
from dipwatch.warehouse.bulk import insert_rows
from dipwatch.warehouse.connection import transaction
from dipwatch.warehouse.lookups import one_of


def article_id(url: str) -> str:
    """Stable id of an article: sha1 of the URL the feed links."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def event_id(art_id: str, ev: Event) -> str:
    """Stable id of an event: the same article text gives the same ids on every run."""
    key = "|".join(
        str(x)
        for x in (
            art_id,
            ev.event_type,
            ev.source_country,
            ev.target_country,
            ev.event_date,
            ev.date_precision,
            ev.evidence_start,
            ev.evidence,
        )
    )
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Known:
    """An article already in the warehouse."""

    article_id: str
    url: str
    content_hash: str | None
    etag: str | None
    last_modified: str | None
    entry_published: dt.datetime | None
    canonical_url: str | None
    entry_hash: str | None = None  # fingerprint of the feed entry when it was last processed


@dataclass(slots=True)
class ErrorRow:
    """One failure: an URL at a stage."""

    url: str
    stage: str  # feed | entry | fetch | extract | events
    error: str
    feed_url: str | None = None
    next_try_at: dt.datetime | None = None  # fetch failures: when a later refresh tries again


class ArticleRow(NamedTuple):
    """One article to write, with its events and the HTTP details of its page.

    A plain 5-tuple (no final_url) is still accepted by `load` and stores final_url as NULL.
    """

    article: Article
    events: list[Event]
    entry_published: dt.datetime | None
    etag: str | None
    last_modified: str | None
    final_url: str | None = None  # where the page was read after redirects


@dataclass(slots=True)
class LoadBatch:
    """Everything one refresh writes, in one transaction."""

    run_id: str
    started_at: dt.datetime
    flow_run_id: str | None = None
    feeds: list[tuple[FeedResult, str | None]] = field(default_factory=list)  # (result, name)
    articles: list[ArticleRow] = field(default_factory=list)
    aliases: list[tuple[str, str, str | None, str]] = field(
        default_factory=list
    )  # url, article_id, feed, reason
    errors: list[ErrorRow] = field(default_factory=list)
    succeeded: list[tuple[str, str]] = field(default_factory=list)  # (url, stage) that worked now
    entries: list[tuple[str, str]] = field(default_factory=list)  # (link, entry_hash) processed
    final: bool = True  # the run's last batch: it marks the run completed (others keep it running)
    counts: dict[str, int] = field(default_factory=dict)
    summary: dict = field(default_factory=dict)
    status: str = "completed"  # or "failed": every feed failed (what loaded is kept)


def feed_states(con: duckdb.DuckDBPyConnection) -> dict[str, FeedState]:
    """Conditional-GET state per feed, with its failed page fetches (to try again)."""
    rows = con.execute("select feed_url, etag, last_modified from raw.feeds").fetchall()
    states = {r[0]: FeedState(r[0], r[1], r[2]) for r in rows}
    pending = con.execute(
        """
        select feed_url, url, attempts, next_try_at from raw.ingest_errors
        where stage = 'fetch' and resolved_at is null and feed_url is not null
        """
    ).fetchall()
    for feed_url, url, attempts, next_try_at in pending:
        if feed_url in states:
            states[feed_url].pending[url] = (attempts or 0, next_try_at)
    deferred = con.execute(
        """
        select url, next_try_at from raw.ingest_errors
        where stage = 'feed' and resolved_at is null and next_try_at is not null
        """
    ).fetchall()
    for feed_url, next_try_at in deferred:
        if feed_url in states:
            states[feed_url].next_try_at = next_try_at
    return states


def known_articles(con: duckdb.DuckDBPyConnection, urls: list[str]) -> dict[str, Known]:
    """Known articles among `urls`, by URL or by an alias URL (the URL's own article first)."""
    if not urls:
        return {}
    # Equality only, each table read through its index for the wanted values (lookups.one_of;
    # an `or` in a join condition runs as a nested loop over every stored article). First the
    # article of each URL, its own before an alias's...
    matched = con.execute(
        f"""
        with a1 as (
            select url, article_id from raw.articles where {one_of("url", urls)}
        ),
        al as (
            select url, article_id from raw.article_aliases where {one_of("url", urls)}
        )
        select url, article_id from a1
        union all
        select url, article_id from al anti join a1 using (url)
        """,
        [urls, urls],
    ).fetchall()
    if not matched:
        return {}
    # ... then those articles, and the fingerprint each URL's entry had
    found_ids = sorted({a for _, a in matched})
    rows = con.execute(
        f"""
        with m as (select unnest(?::varchar[]) as url, unnest(?::varchar[]) as article_id),
        found as (
            select article_id, url, content_hash, etag, last_modified, entry_published,
                   canonical_url
            from raw.articles where {one_of("article_id", found_ids)}
        ),
        seen as (
            select url, entry_hash from raw.feed_entries where {one_of("url", matched)}
        )
        select m.url, a.article_id, a.url, a.content_hash, a.etag, a.last_modified,
               a.entry_published, a.canonical_url, s.entry_hash
        from m
        join found a using (article_id)
        left join seen s on s.url = m.url
        """,
        [
            [u for u, _ in matched],
            [a for _, a in matched],
            found_ids,
            [u for u, _ in matched],
        ],
    ).fetchall()
    return {r[0]: Known(*r[1:]) for r in rows}


def known_content(
    con: duckdb.DuckDBPyConnection, hashes: list[str], canonicals: list[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """article_id by content hash and by canonical URL, for the given values."""
    by_hash = dict(
        con.execute(
            "select content_hash, min(article_id) from raw.articles "
            f"where {one_of('content_hash', hashes)} group by 1",
            [hashes],
        ).fetchall()
    )
    by_canon = dict(
        con.execute(
            "select canonical_url, min(article_id) from raw.articles "
            f"where {one_of('canonical_url', canonicals)} group by 1",
            [canonicals],
        ).fetchall()
    )
    return by_hash, by_canon


def start_run(
    con: duckdb.DuckDBPyConnection, run_id: str, started_at: dt.datetime, flow_run_id: str | None
) -> None:
    """Record a run as running; runs left running by a killed process are marked interrupted."""
    con.execute("update raw.runs set status = 'interrupted' where status = 'running'")
    con.execute(
        "insert into raw.runs (run_id, flow_run_id, started_at, status) values (?, ?, ?, 'running')",
        [run_id, flow_run_id, started_at],
    )


def fail_run(con: duckdb.DuckDBPyConnection, run_id: str, error: str) -> None:
    """Mark a run failed (nothing of its load was written)."""
    con.execute(
        "update raw.runs set status = 'failed', finished_at = current_timestamp, summary = ? where run_id = ?",
        [json.dumps({"error": error}), run_id],
    )


def load(con: duckdb.DuckDBPyConnection, batch: LoadBatch, after=None) -> None:
    """Write a refresh in one transaction: all of it lands, or none of it (then it re-raises)."""
    now = dt.datetime.now(dt.UTC)
    with transaction(con):
        _load_feeds(con, batch, now)
        _load_articles(con, batch, now)
        _load_aliases(con, batch, now)
        _load_errors(con, batch, now)
        _load_entries(con, batch, now)
        if after is not None:
            after(con)
        counts = batch.counts
        # a batch before the last leaves the run's status and end as they are: running for a
        # streamed refresh; a sharded refresh's loader may load batches of a run that failed
        con.execute(
            """
            update raw.runs set finished_at = case when ? then ? else finished_at end,
                status = case when ? then ? else status end, feeds_polled = ?,
                feeds_failed = ?, entries_seen = ?, articles_new = ?, articles_updated = ?,
                articles_unchanged = ?, articles_failed = ?, events_loaded = ?, duration_s = ?,
                summary = ?
            where run_id = ?
            """,
            [
                batch.final,
                now,
                batch.final,
                batch.status,
                counts.get("feeds_polled", 0),
                counts.get("feeds_failed", 0),
                counts.get("entries_seen", 0),
                counts.get("articles_new", 0),
                counts.get("articles_updated", 0),
                counts.get("articles_unchanged", 0),
                counts.get("articles_failed", 0),
                counts.get("events_loaded", 0),
                (now - batch.started_at).total_seconds(),
                json.dumps(batch.summary, default=str),
                batch.run_id,
            ],
        )


def _load_feeds(con, batch: LoadBatch, now: dt.datetime) -> None:
    for result, name in batch.feeds:
        keep_state = result.status != "error"
        con.execute(
            """
            insert into raw.feeds (feed_url, name, title, etag, last_modified, first_polled_at,
                                   last_polled_at, last_status, last_error, entries_seen)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (feed_url) do update set
                name = coalesce(excluded.name, raw.feeds.name),
                title = coalesce(excluded.title, raw.feeds.title),
                etag = case when ? then excluded.etag else raw.feeds.etag end,
                last_modified = case when ? then excluded.last_modified else raw.feeds.last_modified end,
                last_polled_at = excluded.last_polled_at,
                last_status = excluded.last_status,
                last_error = excluded.last_error,
                entries_seen = excluded.entries_seen
            """,
            [
                result.url,
                name,
                result.title,
                result.etag,
                result.last_modified,
                now,
                now,
                result.status,
                result.error,
                len(result.entries),
                keep_state,
                keep_state,
            ],
        )


_ARTICLE_COLUMNS = (
    "article_id",
    "url",
    "final_url",
    "canonical_url",
    "feed_url",
    "title",
    "authors",
    "published_at",
    "entry_published",
    "language",
    "description",
    "site_name",
    "body_text",
    "content_hash",
    "etag",
    "last_modified",
    "first_seen_at",
    "updated_at",
    "run_id",
)
EVENT_COLUMNS = (
    "event_id",
    "article_id",
    "event_type",
    "event_mode",
    "source_country",
    "target_country",
    "source_actor",
    "target_actor",
    "is_symmetric",
    "event_date",
    "date_precision",
    "date_text",
    "location_name",
    "location_country",
    "latitude",
    "longitude",
    "amount_usd",
    "amount_text",
    "evidence",
    "evidence_start",
    "evidence_end",
    "cameo_code",
    "goldstein",
    "quad_class",
    "confidence",
    "trigger_text",
    "extracted_at",
    "run_id",
    "coder",
    "coder_version",
    "rules",
)


def _load_articles(con, batch: LoadBatch, now: dt.datetime) -> None:
    if not batch.articles:
        return
    updates = ", ".join(
        f"{c} = excluded.{c}"
        for c in _ARTICLE_COLUMNS
        if c not in ("article_id", "url", "first_seen_at")
    )
    article_rows = []
    event_rows = []
    ids = []
    stored = _stored(con, [article_id(ArticleRow(*row).article.url) for row in batch.articles])
    for row in batch.articles:
        art, events, entry_published, etag, last_modified, final_url = ArticleRow(*row)
        aid = article_id(art.url)
        ids.append(aid)
        article_rows.append(
            [
                aid,
                art.url,
                final_url,
                art.canonical_url,
                art.feed_url,
                art.title,
                art.authors,
                art.published_at,
                entry_published,
                art.language,
                art.description,
                art.site_name,
                art.text,
                art.content_hash,
                etag,
                last_modified,
                now,
                now,
                batch.run_id,
            ]
        )
        event_rows += event_rows_of(aid, events, now, batch.run_id)
    latest = {r[0]: r for r in article_rows}  # an article given twice: the last one wins
    insert_rows(
        con,
        "raw.articles",
        _ARTICLE_COLUMNS,
        list(latest.values()),
        f"on conflict (article_id) do update set {updates}",
    )
    _replace_events(con, [i for i in ids if i in stored], event_rows)
    mark_changed(con, ids, batch.run_id, now, new=[i for i in ids if i not in stored])


def _stored(con: duckdb.DuckDBPyConnection, ids: list[str]) -> set[str]:
    """Which of these article ids are stored already (by the primary key)."""
    rows = con.execute(
        f"select article_id from raw.articles where {one_of('article_id', ids)}", [ids]
    ).fetchall()
    return {r[0] for r in rows}


def mark_changed(
    con: duckdb.DuckDBPyConnection,
    article_ids: list[str],
    run_id: str,
    now: dt.datetime,
    new: list[str] | None = None,
) -> None:
    """Queue these articles for clustering and the marts (raw.changed_articles): their events
    were all written at `now` or later; `new`: those that were not stored before."""
    if not article_ids:
        return
    fresh = set(new or [])
    ids = sorted(set(article_ids))
    con.execute(
        """
        insert into raw.changed_articles (article_id, changed_at, run_id, is_new)
        select unnest(?::varchar[]), ?, ?, unnest(?::boolean[])
        on conflict (article_id) do update set run_id = excluded.run_id,
            is_new = raw.changed_articles.is_new and excluded.is_new
        """,
        [ids, now, run_id, [i in fresh for i in ids]],
    )


def event_rows_of(aid: str, events: list[Event], now: dt.datetime, run_id: str) -> list[list]:
    """raw.events rows of one article's events (an event found twice is stored once)."""
    out = []
    seen = set()
    for ev in events:
        eid = event_id(aid, ev)
        if eid in seen:
            continue
        seen.add(eid)
        out.append(
            [
                eid,
                aid,
                ev.event_type,
                ev.event_mode,
                ev.source_country,
                ev.target_country,
                ev.source_actor,
                ev.target_actor,
                ev.symmetric,
                ev.event_date,
                ev.date_precision,
                ev.date_text,
                ev.location_name,
                ev.location_country,
                ev.latitude,
                ev.longitude,
                ev.amount_usd,
                ev.amount_text,
                ev.evidence,
                ev.evidence_start,
                ev.evidence_end,
                ev.cameo_code,
                ev.goldstein,
                ev.quad_class,
                ev.confidence,
                ev.trigger,
                now,
                run_id,
                ev.coder,
                ev.coder_version,
                list(ev.rules or []),
            ]
        )
    return out


def _replace_events(con, article_ids: list[str], rows: list[list]) -> None:
    """Delete the events of these (stored) articles and insert `rows`."""
    if article_ids:
        con.execute(
            f"delete from raw.events where {one_of('article_id', article_ids)}", [article_ids]
        )
    insert_rows(con, "raw.events", EVENT_COLUMNS, rows)


def _load_aliases(con, batch: LoadBatch, now: dt.datetime) -> None:
    if not batch.aliases:
        return
    con.executemany(
        "insert into raw.article_aliases (url, article_id, feed_url, reason, first_seen_at) "
        "values (?, ?, ?, ?, ?) on conflict (url) do nothing",
        [[url, aid, feed, reason, now] for url, aid, feed, reason in batch.aliases],
    )


def _load_errors(con, batch: LoadBatch, now: dt.datetime) -> None:
    record_errors(con, batch.errors, batch.succeeded, now)


def _load_entries(con, batch: LoadBatch, now: dt.datetime) -> None:
    """Remember the fingerprint of every feed entry whose page was processed."""
    latest = dict(batch.entries)  # one row per link: the last fingerprint wins
    if not latest:
        return
    con.execute(
        """
        insert into raw.feed_entries (url, entry_hash, first_seen_at, last_seen_at)
        select unnest(?::varchar[]), unnest(?::varchar[]), ?, ?
        on conflict (url) do update set
            entry_hash = excluded.entry_hash, last_seen_at = excluded.last_seen_at
        """,
        [list(latest), list(latest.values()), now, now],
    )


def record_errors(
    con: duckdb.DuckDBPyConnection,
    errors: list[ErrorRow],
    succeeded: list[tuple[str, str]],
    now: dt.datetime,
) -> None:
    """Count each failure in raw.ingest_errors; mark (url, stage) pairs that worked now resolved.

    One statement for each, whatever the batch size: a (url, stage) seen failing n times
    counts n attempts (its last error wins), and the pairs that worked are looked up by URL
    in one scan.
    """
    failed: dict[tuple[str, str], tuple[ErrorRow, int]] = {}
    for e in errors:
        seen = failed.get((e.url, e.stage))
        failed[(e.url, e.stage)] = (e, seen[1] + 1 if seen else 1)
    if failed:
        rows = list(failed.values())
        con.execute(
            """
            insert into raw.ingest_errors (url, stage, error, feed_url, first_seen_at, last_seen_at,
                                           attempts, next_try_at)
            select unnest(?::varchar[]), unnest(?::varchar[]), unnest(?::varchar[]),
                   unnest(?::varchar[]), ?, ?, unnest(?::integer[]), unnest(?::timestamptz[])
            on conflict (url, stage) do update set
                error = excluded.error, feed_url = excluded.feed_url,
                last_seen_at = excluded.last_seen_at,
                attempts = raw.ingest_errors.attempts + excluded.attempts, resolved_at = null,
                next_try_at = excluded.next_try_at
            """,
            [
                [e.url for e, _ in rows],
                [e.stage for e, _ in rows],
                [e.error for e, _ in rows],
                [e.feed_url for e, _ in rows],
                now,
                now,
                [n for _, n in rows],
                [e.next_try_at for e, _ in rows],
            ],
        )
    worked = sorted(set(succeeded) - set(failed))
    if worked:
        urls = sorted({u for u, _ in worked})
        con.execute(
            f"""
            update raw.ingest_errors as e set resolved_at = ?
            from (select unnest(?::varchar[]) as url, unnest(?::varchar[]) as stage) as w
            where {one_of("e.url", urls)} and e.url = w.url and e.stage = w.stage
              and e.resolved_at is null
            """,
            [now, [u for u, _ in worked], [st for _, st in worked], urls],
        )
