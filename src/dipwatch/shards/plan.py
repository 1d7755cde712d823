"""A sharded refresh's plan: the refresh's own fetch plan, each entry given to its host's shard.

The planner runs where the warehouse is: it records the run, polls the feeds once (conditional
GET with the stored ETags), looks up the known articles and plans the fetch exactly as a
single-process refresh does (`plan_fetch`); then it writes the plan into the stage with
everything a shard needs (the settings and feeds resolved here, so a shard's machine needs no
feeds file and never opens the warehouse).
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from dipwatch.alerts.watchlist import Watchlist
from dipwatch.config import Settings
from dipwatch.models import FeedResult
from dipwatch.pipeline import entries_of, feed_errors, plan_fetch
from dipwatch.shards import stage as st
from dipwatch.shards.keys import shard_of
from dipwatch.warehouse.loads import Known


def make_plan(
    settings: Settings,
    shards: int,
    run_id: str,
    started_at: dt.datetime,
    results: list[FeedResult],
    known: dict[str, Known],
    watchlists: list[Watchlist] | None = None,
    flow_run_id: str | None = None,
) -> tuple[st.Plan, list[st.PlannedEntry]]:
    """The plan of a refresh polled into `results`, for `shards` shards."""
    if shards < 1:
        raise st.StageError(f"a sharded refresh needs at least one shard, not {shards}")
    fetch = plan_fetch(entries_of(results), known)
    entries = []
    for seq, entry in enumerate(fetch.fetch):
        link = entry.link or ""
        k = known.get(link)
        etag, last_modified = fetch.conditional.get(link, (None, None))
        entries.append(
            st.PlannedEntry(
                seq=seq,
                shard=shard_of(link, shards),
                entry=entry,
                etag=etag,
                last_modified=last_modified,
                known_hash=k.content_hash if k is not None and k.url == link else None,
                known_alias=k is not None and k.url != link,
            )
        )
    plan = st.Plan(
        refresh=st.refresh_name(run_id, started_at),
        run_id=run_id,
        started_at=started_at,
        shards=shards,
        settings=settings,
        feeds=[feed_json(r) for r in results],
        feed_errors=feed_errors(results),
        watchlists=[w.model_dump(mode="json") for w in watchlists or []],
        flow_run_id=flow_run_id,
        unchanged=len(fetch.unchanged),
    )
    return plan, entries


def feed_json(r: FeedResult) -> dict:
    """What the loader writes of a feed's poll (raw.feeds), without its entries."""
    return {
        "url": r.url,
        "status": r.status,
        "entries": len(r.entries),
        "title": r.title,
        "etag": r.etag,
        "last_modified": r.last_modified,
        "http_status": r.http_status,
        "error": r.error,
    }


def plan_refresh(
    settings: Settings, stage: Path, shards: int, flow_run_id: str | None = None
) -> st.Plan:
    """Record a run, poll the feeds, plan the fetch and write the plan into `stage` (what the
    `refresh-sharded` flow does with tasks, in one call: `dipwatch plan`, tests)."""
    from dipwatch.alerts.watchlist import read_watchlists
    from dipwatch.ingest.feeds import poll_feeds
    from dipwatch.warehouse import connection as db
    from dipwatch.warehouse import loads as store

    watchlists = read_watchlists(settings.feeds_file)
    run_id, started_at = new_run_id(), dt.datetime.now(dt.UTC)
    with db.writer(settings.db, settings.lock_timeout) as con:
        store.start_run(con, run_id, started_at, flow_run_id)
        states = store.feed_states(con)
    try:
        results = poll_feeds(list(settings.feeds), states, settings)
        links = [e.link for e in entries_of(results) if e.link]
        with db.reader(settings.db, settings.lock_timeout) as con:
            known = store.known_articles(con, links)
        plan, entries = make_plan(
            settings, shards, run_id, started_at, results, known, watchlists, flow_run_id
        )
        st.write_plan(stage, plan, entries)
    except BaseException as exc:
        with db.writer(settings.db, settings.lock_timeout, migrate=False) as con:
            store.fail_run(con, run_id, f"planning failed: {type(exc).__name__}: {exc}")
        raise
    return plan


def new_run_id() -> str:
    """A run id as a refresh makes them (12 hex digits)."""
    return uuid.uuid4().hex[:12]
