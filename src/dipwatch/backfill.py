"""Backfill: load articles from archives (WARC files, news sitemaps) through a refresh's path.

Pages go through the same steps as a refresh's (`pipeline.extract_texts`, dedup by URL, text
and canonical URL with `sort_articles`, `code_events`, `loads.load`), in batches of
`batch_size` pages; each batch is one transaction together with the archive's progress row
(`warehouse.backfill`), so memory stays flat and a backfill killed midway (even `kill -9`)
resumes at the first record it had not loaded. An archive read to its end is `done` and is not
read again; a URL already in the warehouse is never fetched, extracted or updated again (an
archive holds older copies than the feeds). Clusters and marts are brought up to date once per
archive, at its end (and by the next refresh when a backfill is killed).

Prefect is not needed here: `flows/backfill.py` runs these functions as tasks with a progress
artifact, and `dipwatch backfill` runs that flow.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from dipwatch.config import Settings
from dipwatch.ingest.local import is_http_url
from dipwatch.ingest.pages import fetch_pages
from dipwatch.ingest.sitemaps import list_sitemap
from dipwatch.ingest.warc import WarcFilter, read_warc, source_size, warc_client
from dipwatch.models import Article, FeedEntry, Page
from dipwatch.pipeline import code_events, extract_texts, sort_articles
from dipwatch.warehouse import connection as db
from dipwatch.warehouse import loads as store
from dipwatch.warehouse.backfill import Progress, load_batch, read_progress

log = logging.getLogger("dipwatch.backfill")

FLUSH_RECORDS = 5_000  # commit progress at least this often, even when no page was kept

ProgressCallback = Callable[[Progress], None]


@dataclass(slots=True)
class Outcome:
    """What one backfill of one archive did: its progress now, and what this run added."""

    progress: Progress
    added: dict[str, int]  # this run's share of the counters
    skipped: bool = False  # the archive was already done: nothing was read

    @classmethod
    def of(cls, progress: Progress, before: dict[str, int], skipped: bool = False) -> Outcome:
        """The outcome from the counters before the run."""
        now = progress.counts()
        return cls(progress, {k: v - before.get(k, 0) for k, v in now.items()}, skipped)


@dataclass(frozen=True, slots=True)
class Window:
    """Publication dates to keep (an article without a date is kept)."""

    since: dt.date | None = None
    until: dt.date | None = None

    def keeps(self, published: dt.datetime | None) -> bool:
        """True when the date is inside the window or unknown."""
        if published is None:
            return True
        day = published.astimezone(dt.UTC).date()
        return (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until
        )


@dataclass(slots=True)
class Batch:
    """What one batch of pages gave, ready to load."""

    rows: list[store.ArticleRow] = field(default_factory=list)
    aliases: list[tuple[str, str, str | None, str]] = field(default_factory=list)
    errors: list[store.ErrorRow] = field(default_factory=list)
    succeeded: list[tuple[str, str]] = field(default_factory=list)
    known: int = 0  # URL already in the warehouse (or twice in the batch)
    out_of_window: int = 0
    events: int = 0


def process_pages(pages: list[Page], settings: Settings, window: Window) -> Batch:
    """Text, dedup and events of a batch of fetched pages (the warehouse is only read)."""
    out = Batch()
    unique: dict[str, Page] = {}
    for page in pages:
        unique.setdefault(page.url, page)
    with db.reader(settings.db, settings.lock_timeout) as con:
        known = store.known_articles(con, list(unique))
    fresh = [p for url, p in unique.items() if url not in known]
    out.known = len(pages) - len(fresh)
    extracted, out.errors, _ = extract_texts(fresh)
    kept = [(a, p) for a, p in extracted if window.keeps(a.published_at)]
    out.out_of_window = len(extracted) - len(kept)
    articles: list[Article] = [a for a, _ in kept]
    with db.reader(settings.db, settings.lock_timeout) as con:
        by_hash, by_canon = store.known_content(
            con,
            [a.content_hash for a in articles if a.content_hash],
            [a.canonical_url for a in articles if a.canonical_url],
        )
    sorted_ = sort_articles(kept, {}, by_hash, by_canon)
    events, errs = code_events([a for a, _ in sorted_.new], settings.coder)
    out.errors += errs
    for (art, page), evs in zip(sorted_.new, events, strict=True):
        published = page.entry.published if page.entry else None
        out.rows.append(store.ArticleRow(art, evs, published, None, None, page.final_url))
        out.events += len(evs)
    out.aliases = sorted_.aliases
    out.succeeded = [(a.url, stage) for a, _ in extracted for stage in ("fetch", "extract")]
    return out


def load(
    settings: Settings, run_id: str, started_at: dt.datetime, batch: Batch, progress: Progress
) -> None:
    """Count the batch into the archive's progress and load both in one transaction."""
    progress.articles_new += len(batch.rows)
    progress.duplicates += batch.known + len(batch.aliases)
    progress.failed += sum(e.stage in ("fetch", "extract") for e in batch.errors)
    progress.events_loaded += batch.events
    rec = store.LoadBatch(run_id=run_id, started_at=started_at)
    rec.articles, rec.aliases, rec.errors = batch.rows, batch.aliases, batch.errors
    rec.succeeded = batch.succeeded
    rec.counts = {
        "articles_new": progress.articles_new,
        "articles_failed": progress.failed,
        "events_loaded": progress.events_loaded,
    }
    rec.summary = {"kind": "backfill", "source": progress.source, **progress.counts()}
    with db.writer(settings.db, settings.lock_timeout, migrate=False) as con:
        load_batch(con, rec, progress)


def refresh_marts(settings: Settings) -> None:
    """Cluster the backfilled events and bring the marts up to date (one transaction)."""
    if not settings.refresh_marts:
        return
    from dipwatch.warehouse.marts import refresh_marts as rebuild

    with db.writer(settings.db, settings.lock_timeout, migrate=False) as con:
        con.execute("begin transaction")
        try:
            rebuild(con, settings.cluster_window_days)
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise


def starting_point(settings: Settings, source: str, kind: str, restart: bool) -> Progress:
    """The stored progress of an archive, or a fresh one (`restart`: read it again from 0)."""
    with db.writer(settings.db, settings.lock_timeout) as con:  # migrations applied here
        stored = read_progress(con, source)
    if stored is None or restart:
        return Progress(source, kind, size_bytes=source_size(source) if kind == "warc" else None)
    return stored


def _resume(
    settings: Settings, source: str, kind: str, restart: bool
) -> tuple[Progress, dict[str, int]]:
    """Where to start, and the counters before this run (a done archive is logged as skipped)."""
    progress = starting_point(settings, source, kind, restart)
    if progress.status == "done":
        log.info("%s: already backfilled, skipped", source)
    return progress, progress.counts()


def backfill_warc(
    source: str,
    settings: Settings,
    run_id: str,
    keep: WarcFilter,
    window: Window | None = None,
    restart: bool = False,
    on_progress: ProgressCallback | None = None,
) -> Outcome:
    """Load one WARC file or URL from where it was left; returns its final progress."""
    window = window or Window(keep.since, keep.until)
    started_at = dt.datetime.now(dt.UTC)
    progress, before = _resume(settings, source, "warc", restart)
    if progress.status == "done":
        return Outcome.of(progress, before, skipped=True)
    pages: list[Page] = []
    unflushed = 0
    client = warc_client(settings) if is_http_url(source) else None
    try:
        for rec in read_warc(source, progress.next_offset, keep, client):
            if len(pages) >= settings.batch_size or unflushed >= FLUSH_RECORDS:
                progress.next_offset = rec.offset
                load(settings, run_id, started_at, process_pages(pages, settings, window), progress)
                _report(on_progress, progress)
                pages, unflushed = [], 0
            progress.records_read += 1
            unflushed += 1
            if rec.page is not None:
                progress.pages_kept += 1
                pages.append(rec.page)
        progress.status = "done"
        progress.next_offset = progress.size_bytes or progress.next_offset
        load(settings, run_id, started_at, process_pages(pages, settings, window), progress)
    finally:
        if client is not None:
            client.close()
    refresh_marts(settings)
    _report(on_progress, progress)
    return Outcome.of(progress, before)


def backfill_sitemap(
    location: str,
    settings: Settings,
    run_id: str,
    hosts: tuple[str, ...] = (),
    window: Window | None = None,
    restart: bool = False,
    on_progress: ProgressCallback | None = None,
) -> Outcome:
    """Fetch and load the articles a news sitemap lists (robots and politeness as for feeds)."""
    window = window or Window()
    started_at = dt.datetime.now(dt.UTC)
    progress, before = _resume(settings, location, "sitemap", restart)
    if progress.status == "done":
        return Outcome.of(progress, before, skipped=True)
    robots = settings.respect_robots
    listed, errors = list_sitemap(location, settings, robots=robots)
    hosts_ok = WarcFilter(hosts=hosts).host_ok
    wanted = [u for u in listed if hosts_ok(u.url) and window.keeps(u.published)]
    progress.records_read = len(listed)
    progress.size_bytes = len(wanted)  # for a sitemap: URLs to read; next_offset: URLs read
    first = Batch(errors=[store.ErrorRow(location, "sitemap", e) for e in errors])
    load(settings, run_id, started_at, first, progress)
    size = max(1, settings.batch_size)
    for start in range(progress.next_offset, len(wanted), size):
        chunk = wanted[start : start + size]
        with db.reader(settings.db, settings.lock_timeout) as con:
            known = store.known_articles(con, [u.url for u in chunk])
        todo = [
            FeedEntry(feed_url=location, link=u.url, published=u.published)
            for u in chunk
            if u.url not in known
        ]
        pages = fetch_pages(todo, settings, robots=robots)
        progress.pages_kept += sum(p.status == "ok" for p in pages)
        progress.next_offset = start + len(chunk)
        batch = process_pages(pages, settings, window)
        batch.known += len(chunk) - len(todo)
        load(settings, run_id, started_at, batch, progress)
        _report(on_progress, progress)
    progress.status = "done"
    load(settings, run_id, started_at, Batch(), progress)
    refresh_marts(settings)
    _report(on_progress, progress)
    return Outcome.of(progress, before)


def _report(on_progress: ProgressCallback | None, progress: Progress) -> None:
    if on_progress is None:
        return
    try:
        on_progress(progress)
    except Exception:  # a broken progress display must not stop the backfill
        log.debug("progress callback failed", exc_info=True)
