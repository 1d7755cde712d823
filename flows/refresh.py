"""The `refresh` flow: poll feeds -> fetch pages -> extract text -> extract events -> load.

Read top to bottom: the tasks (I/O tasks retry, pure ones do not), then the flow that wires
them. Every setting is a typed flow parameter, so a deployment, a test or another flow can
run it with other values. `dipwatch run` calls it directly; `dipwatch serve` and
`prefect.yaml` schedule it.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from dataclasses import dataclass, field
from functools import partial

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import get_run_context

from dipwatch import db, store
from dipwatch.config import DEFAULT_DB, Settings, load_settings
from dipwatch.feeds import poll_feeds
from dipwatch.fetch import fetch_pages
from dipwatch.models import Article, Event, FeedEntry, FeedResult, FeedState, Page
from dipwatch.pipeline import (
    code_events,
    entries_of,
    events_by_type,
    extract_texts,
    feed_errors,
    plan_fetch,
    sort_articles,
)
from dipwatch.progress import reporter
from dipwatch.summary import RunSummary, render_markdown

# ---------------------------------------------------------------- extract


@task(name="prepare-warehouse", cache_policy=NO_CACHE)
def prepare_warehouse(
    settings: Settings, run_id: str, flow_run_id: str | None
) -> dict[str, FeedState]:
    """Apply migrations, record the run as started, read each feed's polling state."""
    with db.writer(settings.db, settings.lock_timeout) as con:
        store.start_run(con, run_id, dt.datetime.now(dt.UTC), flow_run_id)
        return store.feed_states(con)


@task(name="poll-feeds", retries=2, retry_delay_seconds=[2, 10], cache_policy=NO_CACHE)
def poll(settings: Settings, states: dict[str, FeedState]) -> list[FeedResult]:
    """Poll every feed (conditional GET); a failed feed is a result with an error, not a crash."""
    rep = reporter()
    rep.start("feeds polled", len(settings.feeds))
    results = poll_feeds(list(settings.feeds), states, settings)
    ok = sum(r.status != "error" for r in results)
    rep.finish(
        "feeds polled", f"{ok}/{len(results)} ok, {sum(len(r.entries) for r in results)} entries"
    )
    return results


@task(name="known-articles", cache_policy=NO_CACHE)
def known(settings: Settings, links: list[str]) -> dict[str, store.Known]:
    """Which of these links the warehouse already holds."""
    with db.reader(settings.db, settings.lock_timeout) as con:
        return store.known_articles(con, links)


@task(name="fetch-pages", retries=2, retry_delay_seconds=[2, 10], cache_policy=NO_CACHE)
def fetch(
    settings: Settings,
    entries: list[FeedEntry],
    conditional: dict[str, tuple[str | None, str | None]],
    robots: bool,
    done_before: int,
    total: int,
) -> list[Page]:
    """Fetch one batch of article pages."""
    rep = reporter()
    return fetch_pages(
        entries,
        settings,
        known=conditional,
        robots=robots,
        on_progress=lambda d, _t: rep.advance("pages fetched", done_before + d, total),
    )


# ---------------------------------------------------------------- transform


@task(name="extract-text", cache_policy=NO_CACHE)
def extract_text(
    pages: list[Page],
) -> tuple[list[tuple[Article, Page]], list[store.ErrorRow], list[str]]:
    """Body text and metadata of one batch of pages."""
    return extract_texts(pages)


@task(name="known-content", cache_policy=NO_CACHE)
def known_content(
    settings: Settings, articles: list[Article]
) -> tuple[dict[str, str], dict[str, str]]:
    """Known articles with the same text or canonical URL (to skip duplicates)."""
    with db.reader(settings.db, settings.lock_timeout) as con:
        return store.known_content(
            con,
            [a.content_hash for a in articles if a.content_hash],
            [a.canonical_url for a in articles if a.canonical_url],
        )


@task(name="extract-events", cache_policy=NO_CACHE)
def extract_events(articles: list[Article]) -> tuple[list[list[Event]], list[store.ErrorRow]]:
    """PLOVER events of one batch of articles (a failing article is an error row, not a crash)."""
    return code_events(articles)


# ---------------------------------------------------------------- load


@task(name="load", cache_policy=NO_CACHE)
def load(settings: Settings, batch: store.LoadBatch) -> None:
    """Write the whole refresh in one transaction, then rebuild the marts."""
    from dipwatch.marts import refresh_marts

    after = (
        partial(refresh_marts, cluster_window_days=settings.cluster_window_days)
        if settings.refresh_marts
        else None
    )
    with db.writer(settings.db, settings.lock_timeout) as con:
        store.load(con, batch, after=after)


@dataclass(slots=True)
class _Run:
    settings: Settings
    run_id: str
    started: float
    summary: RunSummary = field(default_factory=RunSummary)


def _batches(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), max(size, 1))]


@flow(name="refresh", log_prints=False, validate_parameters=False)
def refresh(
    feeds: list[str] | None = None,
    feeds_file: str | None = None,
    db_path: str = DEFAULT_DB,
    lock_timeout: float = 60.0,
    user_agent: str | None = None,
    respect_robots: bool = True,
    connect_timeout: float = 10.0,
    read_timeout_http: float = 20.0,
    total_timeout: float = 60.0,
    retries: int = 3,
    backoff: float = 1.0,
    max_retry_after: float = 60.0,
    read_timeout: float = 30.0,
    concurrency: int = 8,
    per_host: int = 2,
    max_page_bytes: int = 5_000_000,
    max_redirects: int = 5,
    batch_size: int = 50,
    refresh_marts: bool = True,
    cluster_window_days: float = 3.0,
) -> dict:
    """One refresh of the warehouse from the feeds; returns the run summary."""
    logger = get_run_logger()
    overrides = {
        "db": db_path,
        "feeds_file": feeds_file,
        "lock_timeout": lock_timeout,
        "user_agent": user_agent,
        "respect_robots": respect_robots,
        "connect_timeout": connect_timeout,
        "read_timeout_http": read_timeout_http,
        "total_timeout": total_timeout,
        "retries": retries,
        "backoff": backoff,
        "max_retry_after": max_retry_after,
        "read_timeout": read_timeout,
        "concurrency": concurrency,
        "per_host": per_host,
        "max_page_bytes": max_page_bytes,
        "max_redirects": max_redirects,
        "batch_size": batch_size,
        "refresh_marts": refresh_marts,
        "cluster_window_days": cluster_window_days,
    }
    defaults = Settings()
    overrides = {k: v for k, v in overrides.items() if v is not None and v != getattr(defaults, k)}
    settings = load_settings(overrides, feeds=feeds, environ={})
    run = _Run(settings, uuid.uuid4().hex[:12], time.monotonic())
    ctx = get_run_context()
    flow_run_id = str(ctx.flow_run.id) if getattr(ctx, "flow_run", None) else None
    started_at = dt.datetime.now(dt.UTC)

    states = prepare_warehouse(settings, run.run_id, flow_run_id)
    results = poll(settings, states)
    entries = entries_of(results)
    known_map = known(settings, [e.link for e in entries if e.link])
    plan = plan_fetch(entries, known_map)

    rep = reporter()
    rep.start("pages fetched", len(plan.fetch))
    pages: list[Page] = []
    robots_by_feed = {
        f.url: (f.robots if f.robots is not None else settings.respect_robots)
        for f in settings.feeds
    }
    for batch in _batches(plan.fetch, settings.batch_size):
        for robots in (True, False):
            part = [
                e
                for e in batch
                if robots_by_feed.get(e.feed_url, settings.respect_robots) is robots
            ]
            if part:
                pages += fetch(
                    settings, part, plan.conditional, robots, len(pages), len(plan.fetch)
                )
    rep.finish("pages fetched", f"{sum(p.status == 'ok' for p in pages)}/{len(plan.fetch)} ok")

    rep.start("articles extracted", len(pages))
    extracted: list[tuple[Article, Page]] = []
    errors = feed_errors(results)
    not_modified: list[str] = []
    for batch in _batches(pages, settings.batch_size):
        arts, errs, nm = extract_text(batch)
        extracted += arts
        errors += errs
        not_modified += nm
        rep.advance("articles extracted", len(extracted) + len(errors), len(pages))
    by_hash, by_canon = known_content(settings, [a for a, _ in extracted])
    sorted_ = sort_articles(extracted, known_map, by_hash, by_canon)
    rep.finish("articles extracted", f"{len(sorted_.new)} new, {len(sorted_.updated)} updated")

    to_code = sorted_.new + sorted_.updated
    rep.start("events extracted", len(to_code))
    events: list[list[Event]] = []
    for batch in _batches(to_code, settings.batch_size):
        found, errs = extract_events([a for a, _ in batch])
        events += found
        errors += errs
        rep.advance("events extracted", len(events), len(to_code))
    rep.finish("events extracted", f"{sum(len(e) for e in events)} events")

    summary = run.summary
    summary.run_id = run.run_id
    summary.db = settings.db
    summary.feeds = [(r.url, r.status, len(r.entries), r.error) for r in results]
    summary.articles_new = len(sorted_.new)
    summary.articles_updated = len(sorted_.updated)
    summary.articles_unchanged = len(plan.unchanged) + len(not_modified) + len(sorted_.unchanged)
    summary.duplicates = len(sorted_.aliases)
    summary.articles_failed = sum(e.stage in ("fetch", "extract") for e in errors)
    summary.events_by_type = events_by_type(events)
    summary.errors = [(e.url, e.stage, e.error) for e in errors]

    batch_rec = store.LoadBatch(run_id=run.run_id, started_at=started_at, flow_run_id=flow_run_id)
    names = {f.url: f.name for f in settings.feeds}
    batch_rec.feeds = [(r, names.get(r.url)) for r in results]
    for (art, page), evs in zip(to_code, events, strict=True):
        entry_pub = page.entry.published if page.entry else None
        batch_rec.articles.append((art, evs, entry_pub, page.etag, page.last_modified))
    batch_rec.aliases = sorted_.aliases
    batch_rec.errors = errors
    batch_rec.succeeded = [(a.url, "fetch") for a, _ in extracted] + [
        (a.url, "extract") for a, _ in extracted
    ]
    summary.duration_s = time.monotonic() - run.started
    batch_rec.counts = summary.counts()
    batch_rec.summary = summary.as_dict()
    load(settings, batch_rec)

    summary.duration_s = time.monotonic() - run.started
    markdown = render_markdown(summary)
    for line in summary.log_lines():
        logger.info(line)
    try:
        create_markdown_artifact(
            key="refresh-summary", markdown=markdown, description="What this refresh did"
        )
    except Exception as exc:  # the artifact is a convenience; the load already happened
        logger.warning("could not publish the run summary artifact: %s", exc)
    return summary.as_dict()


if __name__ == "__main__":
    refresh()
