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
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field

from dipwatch.config import Settings
from dipwatch.ingest.local import is_http_url
from dipwatch.ingest.pages import fetch_pages
from dipwatch.ingest.sitemaps import list_sitemap
from dipwatch.ingest.warc import WarcFilter, read_warc, source_size, warc_client
from dipwatch.models import Article, Event, FeedEntry, Page
from dipwatch.pipeline import code_events, extract_texts, sort_articles
from dipwatch.warehouse import connection as db
from dipwatch.warehouse import loads as store
from dipwatch.warehouse.backfill import Progress, load_batch, read_progress
from dipwatch.workers import Pool, result

log = logging.getLogger("dipwatch.backfill")

FLUSH_RECORDS = 5_000  # commit progress at least this often, even when no page was kept
# cluster and refresh the marts after this many new articles, so the pending events (and the
# memory clustering them takes) stay bounded however large the archive
MARTS_EVERY_ARTICLES = 1_000

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


@dataclass(slots=True)
class Worked:
    """Text and events of a batch of pages, before dedup (what a worker process returns)."""

    extracted: list[tuple[Article, Page]]
    errors: list[store.ErrorRow]
    events: list[list[Event]]


def fresh_pages(pages: list[Page], settings: Settings) -> tuple[list[Page], int]:
    """The pages whose URL the warehouse does not hold (each once), and how many were not."""
    unique: dict[str, Page] = {}
    for page in pages:
        unique.setdefault(page.url, page)
    with db.reader(settings.db, settings.lock_timeout) as con:
        known = store.known_articles(con, list(unique))
    fresh = [p for url, p in unique.items() if url not in known]
    return fresh, len(pages) - len(fresh)


def work(pages: list[Page], coder: str) -> Worked:
    """Extract the text and code the events of a batch of pages (no warehouse: runs anywhere)."""
    extracted, errors, _ = extract_texts(pages)
    events, errs = code_events([a for a, _ in extracted], coder)
    return Worked(extracted, errors + errs, events)


def finish(worked: Worked, settings: Settings, window: Window) -> Batch:
    """Keep the articles of the window that are new by URL, text and canonical URL."""
    out = Batch(errors=worked.errors)
    coded = {id(a): evs for (a, _), evs in zip(worked.extracted, worked.events, strict=True)}
    in_window = [(a, p) for a, p in worked.extracted if window.keeps(a.published_at)]
    out.out_of_window = len(worked.extracted) - len(in_window)
    with db.reader(settings.db, settings.lock_timeout) as con:  # loaded since the batch began?
        known = store.known_articles(con, [a.url for a, _ in in_window])
        kept = [(a, p) for a, p in in_window if a.url not in known]
        out.known = len(in_window) - len(kept)
        by_hash, by_canon = store.known_content(
            con,
            [a.content_hash for a, _ in kept if a.content_hash],
            [a.canonical_url for a, _ in kept if a.canonical_url],
        )
    sorted_ = sort_articles(kept, {}, by_hash, by_canon)
    for art, page in sorted_.new:
        evs = coded[id(art)]
        published = page.entry.published if page.entry else None
        out.rows.append(store.ArticleRow(art, evs, published, None, None, page.final_url))
        out.events += len(evs)
    out.aliases = sorted_.aliases
    out.succeeded = [(a.url, st) for a, _ in worked.extracted for st in ("fetch", "extract")]
    return out


def process_pages(pages: list[Page], settings: Settings, window: Window) -> Batch:
    """Text, dedup and events of a batch of fetched pages, in this process."""
    fresh, known = fresh_pages(pages, settings)
    out = finish(work(fresh, settings.coder), settings, window)
    out.known += known
    return out


class Workers:
    """Batches worked on by `n` processes (`workers.Pool`: forked after the coder is loaded),
    loaded in order.

    With n = 1 everything runs in this process. `submit` returns the batches that are ready, in
    the order they were submitted, so progress is always committed in file order; at most n
    batches are in flight, so memory stays flat.
    """

    def __init__(self, n: int, settings: Settings, window: Window) -> None:
        self.settings, self.window = settings, window
        self.pool = Pool(n, settings.coder)
        self.n = self.pool.n
        self.pending: deque[tuple[Future, int, object]] = deque()

    def submit(self, pages: list[Page], tag: object) -> list[tuple[Batch, object]]:
        """Start a batch; return the finished batches (with their tags) that are next in order."""
        fresh, known = fresh_pages(pages, self.settings)
        if self.pool.inline:
            out = finish(work(fresh, self.settings.coder), self.settings, self.window)
            out.known += known
            return [(out, tag)]
        self.pending.append((self.pool.submit(work, fresh, self.settings.coder), known, tag))
        ready = []
        while len(self.pending) >= self.n or (self.pending and self.pending[0][0].done()):
            ready.append(self._pop())
        return ready

    def drain(self) -> list[tuple[Batch, object]]:
        """Every batch still in flight, in order."""
        return [self._pop() for _ in range(len(self.pending))]

    def _pop(self) -> tuple[Batch, object]:
        future, known, tag = self.pending.popleft()
        out = finish(result(future), self.settings, self.window)
        out.known += known
        return out, tag

    def close(self, kill: bool = False) -> None:
        """Stop the worker processes (kill: without waiting for the work in flight)."""
        self.pool.close(kill)


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
    records, kept = progress.records_read, progress.pages_kept  # read so far (ahead of loaded)

    marts_at = [progress.articles_new]  # articles when the marts were last refreshed

    def commit(ready: list[tuple[Batch, object]]) -> None:
        for batch, (offset, n_records, n_kept) in ready:
            progress.next_offset, progress.records_read, progress.pages_kept = (
                offset,
                n_records,
                n_kept,
            )
            load(settings, run_id, started_at, batch, progress)
            if progress.articles_new - marts_at[0] >= MARTS_EVERY_ARTICLES:
                refresh_marts(settings)
                marts_at[0] = progress.articles_new
            _report(on_progress, progress)

    client = warc_client(settings) if is_http_url(source) else None
    workers = Workers(settings.extract_workers, settings, window)
    try:
        for rec in read_warc(source, progress.next_offset, keep, client):
            if len(pages) >= settings.batch_size or unflushed >= FLUSH_RECORDS:
                commit(workers.submit(pages, (rec.offset, records, kept)))
                pages, unflushed = [], 0
            records += 1
            unflushed += 1
            if rec.page is not None:
                kept += 1
                pages.append(rec.page)
        end = progress.size_bytes or progress.next_offset
        ready = workers.submit(pages, (end, records, kept)) + workers.drain()
        commit(ready[:-1])
        progress.status = "done"  # only with the last batch: a kill before it resumes
        commit(ready[-1:])
    except BaseException:
        workers.close(kill=True)  # a failing backfill does not wait for the batches in flight
        raise
    finally:
        workers.close()
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
