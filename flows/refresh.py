"""The `refresh` flow: poll feeds -> fetch pages -> extract text -> extract events -> load.

Read top to bottom: the tasks (I/O tasks retry, pure ones do not), then the flow that wires
them. The settings are one typed flow parameter (`RefreshSettings`, a form in the Prefect UI),
so a deployment, a test or another flow can run it with other values; a setting left None is
not given, and comes from the feeds file's [settings], else its default. `dipwatch run` calls
it directly (with the DIPWATCH_* environment and its flags resolved into the parameter);
`dipwatch serve` and `prefect.yaml` schedule it.
"""

# No `from __future__ import annotations` here: a served run gets this flow pickled by value,
# with only the globals its code uses, and Prefect validates the parameters against its
# annotations, which must therefore be the types themselves (RefreshSettings), not their names.

import datetime as dt
import logging
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import get_run_context
from prefect.states import Cancelled, Failed
from prefect.utilities.annotations import quote

from dipwatch.alerts.deliver import DeliveryReport, deliver_pending
from dipwatch.alerts.record import with_alerts
from dipwatch.alerts.summary import alerts_line, alerts_markdown
from dipwatch.alerts.watchlist import Watchlist, read_watchlists
from dipwatch.app.progress import reporter
from dipwatch.app.summary import RunSummary, render_markdown
from dipwatch.config import RefreshSettings, Settings, complete_settings
from dipwatch.ingest.feeds import poll_feeds
from dipwatch.ingest.http import one_line
from dipwatch.ingest.pages import fetch_pages
from dipwatch.models import Article, Event, FeedEntry, FeedResult, FeedState, Page
from dipwatch.pipeline import (
    FetchPlan,
    Sorted,
    code_events,
    entries_of,
    events_by_type,
    extract_texts,
    feed_errors,
    plan_fetch,
    processed_entries,
    sort_articles,
)
from dipwatch.pipeline_batches import RUN_CAP_URL, add_counts, run_cap_message, stream_batches
from dipwatch.warehouse import connection as db
from dipwatch.warehouse import loads as store
from dipwatch.workers import Pool, work_pages
from dipwatch.workers import result as worker_result

log = logging.getLogger("dipwatch.flows.refresh")
MAX_WARNINGS = 500  # per run; the rest are counted in one line (all are in raw.ingest_errors)
WORKER_PIECE = 10  # pages sent to a worker process at a time (small: the batch's end is even)

# Large task arguments (pages, articles, a batch to load) are passed as quote(...): Prefect then
# does not walk every object inside them looking for futures (that walk cost ~2 ms of CPU per
# article); the task gets the value itself.

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
    """Fetch the article pages of every feed with this robots setting (one client, one robots cache)."""
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
def extract_events(
    settings: Settings, articles: list[Article]
) -> tuple[list[list[Event]], list[store.ErrorRow]]:
    """PLOVER events of one batch of articles (a failing article is an error row, not a crash)."""
    return code_events(
        articles,
        coder=settings.coder,
        max_text_chars=settings.max_text_chars,
        max_events=settings.max_events_per_article,
    )


# ---------------------------------------------------------------- load


@task(name="load", cache_policy=NO_CACHE)
def load(
    settings: Settings, batch: store.LoadBatch, watchlists: list[Watchlist] | None = None
) -> list[dict]:
    """Write one batch of the refresh in one transaction (clusters and marts follow); return its
    new alerts."""
    from dipwatch.warehouse.marts import refresh_marts

    after = (
        partial(refresh_marts, cluster_window_days=settings.cluster_window_days)
        if settings.refresh_marts
        else None
    )
    alerts: list[dict] = []  # the watchlists' new clusters, recorded inside the transaction
    after = with_alerts(after, watchlists or [], batch.run_id, alerts)
    with db.writer(settings.db, settings.lock_timeout, migrate=False) as con:  # prepare migrated
        store.load(con, batch, after=after)
    return alerts


@task(name="send-alerts", cache_policy=NO_CACHE)
def send_alerts(settings: Settings) -> DeliveryReport:
    """Send the pending alerts (this refresh's, and earlier ones that failed to go out)."""
    return deliver_pending(settings)


def mark_failed(settings: Settings, run_id: str, exc: BaseException) -> None:
    """Record the run as failed (its load, if it got that far, was rolled back)."""
    if isinstance(exc, Exception):
        why = one_line(f"{type(exc).__name__}: {exc}")
    else:  # Prefect's flow timeout cancels the run; Ctrl-C interrupts it
        why = f"stopped ({type(exc).__name__}): flow timeout of {settings.flow_timeout:g} s or interrupted"
    with db.writer(settings.db, settings.lock_timeout, migrate=False) as con:
        store.fail_run(con, run_id, why)


@dataclass(slots=True)
class _Run:
    run_id: str
    started: float
    deadline: float = float("inf")  # time.monotonic() after which no new batch starts
    summary: RunSummary = field(default_factory=RunSummary)
    watchlists: list[Watchlist] = field(default_factory=list)
    alerts: list[dict] = field(default_factory=list)

    def out_of_time(self) -> bool:
        return time.monotonic() >= self.deadline


class RefreshFailed(Exception):
    """A refresh that ran but failed as a whole (every feed failed); carries its summary."""

    def __init__(self, message: str, summary: dict) -> None:
        super().__init__(message)
        self.summary = summary

    def __reduce__(self):  # picklable with its summary (Prefect may persist the state's data)
        return (type(self), (str(self), self.summary))


def _batches(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), max(size, 1))]


class _Collect(logging.Handler):
    """Keeps dipwatch's warnings from every thread of the run, to log them in the run's log."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []
        self.dropped = 0

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < MAX_WARNINGS:
            self.records.append(record)
        else:
            self.dropped += 1


@contextmanager
def _dipwatch_warnings(logger) -> Iterator[None]:
    """dipwatch's own warnings (from any thread) go to the run's log (the Prefect UI) too.

    They are collected while the block runs and logged through the run logger at its end, from
    the flow's thread (Prefect's API log handler needs the run's context).
    """
    collect = _Collect()
    source = logging.getLogger("dipwatch")
    source.addHandler(collect)
    try:
        yield
    finally:
        source.removeHandler(collect)
        for record in collect.records:
            logger.log(record.levelno, "%s: %s", record.name, record.getMessage())
        if collect.dropped:
            logger.warning("... and %d more dipwatch warnings", collect.dropped)


def late_start(flow_run, max_lateness: float, now: dt.datetime | None = None) -> str | None:
    """Why a scheduled run should be skipped (started more than max_lateness late), else None.

    Only runs made by a schedule are skipped; a manual run or `dipwatch run` always runs.
    """
    if flow_run is None or not max_lateness or not getattr(flow_run, "auto_scheduled", False):
        return None
    expected = getattr(flow_run, "expected_start_time", None)
    if expected is None:
        return None
    now = now or dt.datetime.now(dt.UTC)
    late = (now - expected).total_seconds()
    if late <= max_lateness:
        return None
    return (
        f"skipped: this scheduled run started {late:.0f} s late (max_lateness "
        f"{max_lateness:g} s); the next scheduled run polls the feeds"
    )


def _rename_run(flow_run, suffix: str) -> None:
    """Show the outcome in the run's name in the Prefect UI ('… · 2 failed')."""
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        client.update_flow_run(flow_run.id, name=f"{flow_run.name} · {suffix}")


@flow(
    name="refresh",
    log_prints=False,
    timeout_seconds=Settings.model_fields["flow_timeout"].default,
)
def refresh(settings: RefreshSettings | None = None, feeds: list[str] | None = None) -> dict:
    """One refresh of the warehouse from the feeds (default: the feeds file's); returns its summary.

    A setting left None is not given: the feeds file's [settings] or the default applies.
    DIPWATCH_* variables are not read here (`dipwatch run` and `serve` resolve them into
    `settings`). The run ends Failed when every feed failed or the load failed (then nothing
    of it is loaded), Completed otherwise, with "N failed" in its name and artifact and one
    WARNING per failure; a scheduled run that starts more than `max_lateness` late is
    Cancelled without polling.
    """
    resolved = complete_settings(settings, feeds)
    logger = get_run_logger()
    ctx = get_run_context()
    flow_run = getattr(ctx, "flow_run", None)
    skip = late_start(flow_run, resolved.max_lateness)
    if skip:
        logger.warning(skip)
        return Cancelled(message=skip)
    run = _Run(uuid.uuid4().hex[:12], time.monotonic())
    run.deadline = run.started + resolved.max_run_seconds
    run.watchlists = read_watchlists(resolved.feeds_file)  # a bad one stops before any fetch
    flow_run_id = str(flow_run.id) if flow_run is not None else None
    started_at = dt.datetime.now(dt.UTC)

    with _dipwatch_warnings(logger):
        try:
            states = prepare_warehouse(resolved, run.run_id, flow_run_id)
            summary = _refresh(resolved, run, states, started_at, flow_run_id)
        except BaseException as exc:  # a failure, a timeout (Prefect's) or an interrupt
            try:
                mark_failed(resolved, run.run_id, exc)
            except Exception as mark_exc:  # the original error is the one to report
                logger.warning("could not mark run %s failed: %s", run.run_id, mark_exc)
            raise
        delivered = send_alerts(resolved)
        _report(summary, logger, flow_run, run.alerts, delivered)
    result = summary.as_dict()
    result["alerts"] = {"new": len(run.alerts), "sent": delivered.sent, "failed": delivered.failed}
    if summary.status == "failed":
        message = summary.failure()
        return Failed(message=message, data=RefreshFailed(message, result))
    return result


def _report(
    summary: RunSummary, logger, flow_run, alerts: list[dict], delivered: DeliveryReport
) -> None:
    """The run's log (a WARNING per failure), its artifact (with the new alerts) and its name."""
    for line in summary.log_lines():
        logger.info(line)
    logger.info(alerts_line(alerts, delivered))
    for url, stage, err in summary.errors[:MAX_WARNINGS]:
        logger.warning(
            "%s [%s] %s: %s", "capped" if stage == "limit" else "failed", stage, url, err
        )
    if len(summary.errors) > MAX_WARNINGS:
        logger.warning(
            "... and %d more failures (see raw.ingest_errors)", len(summary.errors) - MAX_WARNINGS
        )
    try:
        create_markdown_artifact(
            key="refresh-summary",
            markdown=render_markdown(summary) + alerts_markdown(alerts, delivered),
            description=f"What this refresh did: {summary.outcome()}",
        )
    except Exception as exc:  # the artifact is a convenience; the load already happened
        logger.warning("could not publish the run summary artifact: %s", exc)
    if flow_run is not None and summary.failed_count():
        try:
            _rename_run(flow_run, f"{summary.failed_count()} failed")
        except Exception as exc:
            logger.warning("could not rename the run: %s", exc)


def _refresh(
    settings: Settings,
    run: _Run,
    states: dict[str, FeedState],
    started_at: dt.datetime,
    flow_run_id: str | None,
) -> RunSummary:
    """Everything after the run row was written: poll, then fetch, extract and load each batch."""
    results = poll(settings, states)
    entries = entries_of(results)
    known_map = known(settings, quote([e.link for e in entries if e.link]))
    plan = plan_fetch(entries, known_map)

    summary = run.summary
    summary.run_id = run.run_id
    summary.db = settings.db
    summary.feeds = [(r.url, r.status, len(r.entries), r.error) for r in results]
    summary.articles_unchanged = len(plan.unchanged)
    chunks = stream_batches(plan.fetch, settings.stream_batch_size)
    cpu = _Cpu(settings)
    try:
        for i, chunk in enumerate(chunks):  # each loaded in its own transaction, the last too
            final = i == len(chunks) - 1
            _refresh_batch(
                settings, run, results, known_map, plan, chunk, final, started_at, flow_run_id, cpu
            )
    except BaseException:
        cpu.close(kill=True)  # a failing run does not wait for the work in flight
        raise
    finally:
        cpu.close()
    summary.duration_s = time.monotonic() - run.started
    return summary


class _Cpu:
    """The run's text and event workers (`extract_workers`), started when first needed (a run
    with nothing to fetch loads no coder and forks nothing)."""

    def __init__(self, settings: Settings) -> None:
        self.n = settings.extract_workers
        self.coder = settings.coder
        self._pool: Pool | None = None

    @property
    def parallel(self) -> bool:
        """True when pages are worked on by other processes."""
        return self.n > 1

    def pool(self) -> Pool:
        if self._pool is None:
            self._pool = Pool(self.n, self.coder)
        return self._pool

    def close(self, kill: bool = False) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.close(kill)


def _refresh_batch(
    settings: Settings,
    run: _Run,
    results: list[FeedResult],
    known_map: dict[str, store.Known],
    plan: FetchPlan,
    chunk: list[FeedEntry],
    final: bool,
    started_at: dt.datetime,
    flow_run_id: str | None,
    cpu: _Cpu,
) -> None:
    """Fetch, extract and code one batch of the plan and load it; the final one completes the run."""
    if cpu.parallel and chunk:
        done = _fetch_and_work(settings, run, known_map, plan, chunk, cpu.pool())
    else:
        done = _fetch_then_work(settings, run, known_map, plan, chunk)
    _load_batch(settings, run, results, done, final, started_at, flow_run_id)


@dataclass(slots=True)
class _Worked:
    """What one batch's fetch, text and events gave, before it is counted and loaded."""

    size: int  # entries of the batch
    pages: list[Page]  # fetched, in feed order
    extracted: list[tuple[Article, Page]]
    sorted_: Sorted
    to_code: list[tuple[Article, Page]]  # the new and updated articles
    events: list[list[Event]]  # of to_code's first len(events) articles
    not_modified: list[str]
    errors: list[store.ErrorRow]  # of the pages and articles (the feeds' come with the last)
    extracted_pages: int  # pages whose text was extracted (the cap may stop before the rest)


def _robots_groups(settings: Settings, chunk: list[FeedEntry]) -> dict[bool, list[int]]:
    """The batch's entries (their positions) by robots setting: one client and cache each."""
    robots_by_feed = {
        f.url: (f.robots if f.robots is not None else settings.respect_robots)
        for f in settings.feeds
    }
    by_robots: dict[bool, list[int]] = {}
    for i, e in enumerate(chunk):
        by_robots.setdefault(robots_by_feed.get(e.feed_url, settings.respect_robots), []).append(i)
    return by_robots


def _fetch_then_work(
    settings: Settings,
    run: _Run,
    known_map: dict[str, store.Known],
    plan: FetchPlan,
    chunk: list[FeedEntry],
) -> _Worked:
    """One process: fetch the batch, then extract its texts, then code its new articles."""
    rep = reporter()
    rep.start("pages fetched", len(chunk))
    fetched: list[Page | None] = [None] * len(chunk)
    done = 0
    part_size = max(settings.batch_size, settings.concurrency * 4)  # run-time cap checked per part
    for robots, indexes in _robots_groups(settings, chunk).items():
        for part_idx in _batches(indexes, part_size):
            if run.out_of_time():
                break
            part = [chunk[i] for i in part_idx]
            for i, page in zip(
                part_idx,
                fetch(settings, quote(part), quote(plan.conditional), robots, done, len(chunk)),
                strict=True,
            ):
                fetched[i] = page
            done += len(part)
    pages: list[Page] = [p for p in fetched if p is not None]  # in feed order, as planned
    rep.finish("pages fetched", f"{sum(p.status == 'ok' for p in pages)}/{len(chunk)} ok")

    rep.start("articles extracted", len(pages))
    extracted: list[tuple[Article, Page]] = []
    errors: list[store.ErrorRow] = []
    not_modified: list[str] = []
    extracted_pages = 0
    for batch in _batches(pages, settings.batch_size):
        if run.out_of_time():
            break
        arts, errs, nm = extract_text(quote(batch))
        extracted += arts
        errors += errs
        not_modified += nm
        extracted_pages += len(batch)
        rep.advance("articles extracted", len(extracted) + len(errors), len(pages))
    by_hash, by_canon = known_content(settings, quote([a for a, _ in extracted]))
    sorted_ = sort_articles(extracted, known_map, by_hash, by_canon)
    rep.finish("articles extracted", f"{len(sorted_.new)} new, {len(sorted_.updated)} updated")

    to_code = sorted_.new + sorted_.updated
    rep.start("events extracted", len(to_code))
    events: list[list[Event]] = []
    for batch in _batches(to_code, settings.batch_size):
        if run.out_of_time():
            break
        found, errs = extract_events(settings, quote([a for a, _ in batch]))
        events += found
        errors += errs
        rep.advance("events extracted", len(events), len(to_code))
    rep.finish("events extracted", f"{sum(len(e) for e in events)} events")
    return _Worked(
        len(chunk),
        pages,
        extracted,
        sorted_,
        to_code,
        events,
        not_modified,
        errors,
        extracted_pages,
    )


def _fetch_and_work(
    settings: Settings,
    run: _Run,
    known_map: dict[str, store.Known],
    plan: FetchPlan,
    chunk: list[FeedEntry],
    pool: Pool,
) -> _Worked:
    """Worker processes: each part's pages go to them as soon as it is fetched (fetching the
    next part overlaps their work); text and events of a page are made together, and the
    batch's articles are sorted (new, updated, duplicates) once every part is back, as in one
    process. The run-time cap is checked before each part: a part fetched is also worked on."""
    rep = reporter()
    rep.start("pages fetched", len(chunk))
    fetched: list[Page | None] = [None] * len(chunk)
    submitted: list[tuple[list[int], Future]] = []  # chunk positions of a piece, its work
    done = 0
    part_size = max(settings.batch_size, settings.concurrency * 4)  # run-time cap checked per part
    piece = max(1, min(WORKER_PIECE, settings.batch_size))
    for robots, indexes in _robots_groups(settings, chunk).items():
        for part_idx in _batches(indexes, part_size):
            if run.out_of_time():
                break
            part = [chunk[i] for i in part_idx]
            pages = fetch(settings, quote(part), quote(plan.conditional), robots, done, len(chunk))
            for i, page in zip(part_idx, pages, strict=True):
                fetched[i] = page
            for piece_idx in _batches(part_idx, piece):
                todo = [replace(fetched[i]) for i in piece_idx]  # the workers' copies
                for i in piece_idx:  # this process needs no page's HTML after this
                    fetched[i].html = None
                known = {p.url: known_map[p.url] for p in todo if p.url in known_map}
                work = pool.submit(
                    work_pages,
                    todo,
                    settings.coder,
                    settings.max_text_chars,
                    settings.max_events_per_article,
                    known,
                )
                submitted.append((piece_idx, work))
            done += len(part)
    pages = [p for p in fetched if p is not None]  # in feed order, as planned
    rep.finish("pages fetched", f"{sum(p.status == 'ok' for p in pages)}/{len(chunk)} ok")

    rep.start("articles extracted", len(pages))
    by_position: dict[int, tuple[Article | None, list[store.ErrorRow], bool]] = {}
    coded: dict[int, list[Event]] = {}  # by id() of the article
    code_errors: list[store.ErrorRow] = []
    for piece_idx, work in submitted:
        worked = worker_result(work)
        for k, i in enumerate(piece_idx):
            art = worked.articles[k]
            by_position[i] = (art, worked.errors[k], worked.not_modified[k])
            if art is not None and k in worked.events:
                coded[id(art)] = worked.events[k]
        code_errors += worked.code_errors
        rep.advance("articles extracted", len(by_position), len(pages))
    extracted: list[tuple[Article, Page]] = []
    errors: list[store.ErrorRow] = []
    not_modified: list[str] = []
    for i in sorted(by_position):  # feed order, as one process has them
        art, errs, nm = by_position[i]
        page = fetched[i]
        assert page is not None
        if art is not None:
            extracted.append((art, page))
        errors += errs
        if nm:
            not_modified.append(page.url)
    by_hash, by_canon = known_content(settings, quote([a for a, _ in extracted]))
    sorted_ = sort_articles(extracted, known_map, by_hash, by_canon)
    rep.finish("articles extracted", f"{len(sorted_.new)} new, {len(sorted_.updated)} updated")
    to_code = sorted_.new + sorted_.updated
    events = [coded[id(a)] for a, _ in to_code]
    coded_urls = {a.url for a, _ in to_code}  # a duplicate's coding is not kept, nor its rows
    errors += [e for e in code_errors if e.url in coded_urls]
    rep.finish("events extracted", f"{sum(len(e) for e in events)} events")
    return _Worked(
        len(chunk), pages, extracted, sorted_, to_code, events, not_modified, errors, len(pages)
    )


def _load_batch(
    settings: Settings,
    run: _Run,
    results: list[FeedResult],
    done: _Worked,
    final: bool,
    started_at: dt.datetime,
    flow_run_id: str | None,
) -> None:
    """Count one batch into the run's summary and load it (the final one completes the run)."""
    pages, extracted, sorted_, to_code, events = (
        done.pages,
        done.extracted,
        done.sorted_,
        done.to_code,
        done.events,
    )
    not_modified, extracted_pages = done.not_modified, done.extracted_pages
    not_fetched = done.size - len(pages)
    errors = (feed_errors(results) if final else []) + done.errors
    # what the run-time cap left over is not loaded: the next refresh finds it new again
    deferred = not_fetched + (len(pages) - extracted_pages) + (len(to_code) - len(events))
    left = {store.article_id(a.url) for a, _ in to_code[len(events) :]}
    aliases = [al for al in sorted_.aliases if al[1] not in left]  # none to an article left over
    to_code = to_code[: len(events)]
    coded_new = min(len(to_code), len(sorted_.new))
    summary = run.summary  # the run's counts so far, this batch included
    summary.deferred += deferred
    if final and summary.deferred:  # one row for the run, whichever batches the cap cut
        msg = run_cap_message(settings.max_run_seconds, summary.deferred)
        log.warning(msg)
        errors.append(store.ErrorRow(RUN_CAP_URL, "limit", msg, None))
    summary.articles_new += coded_new
    summary.articles_updated += len(to_code) - coded_new
    summary.articles_unchanged += len(not_modified) + len(sorted_.unchanged)
    summary.duplicates += len(aliases)
    summary.articles_failed += sum(e.stage in ("fetch", "extract") for e in errors)
    summary.events_by_type = add_counts(summary.events_by_type, events_by_type(events))
    summary.errors += [(e.url, e.stage, e.error) for e in errors]

    batch_rec = store.LoadBatch(run_id=run.run_id, started_at=started_at, flow_run_id=flow_run_id)
    names = {f.url: f.name for f in settings.feeds}
    # feed states (ETags) only with the last batch: a rerun after a crash must see the entries
    batch_rec.feeds = [(r, names.get(r.url)) for r in results] if final else []
    batch_rec.final = final
    for (art, page), evs in zip(to_code, events, strict=True):
        entry_pub = page.entry.published if page.entry else None
        batch_rec.articles.append(
            store.ArticleRow(
                art, evs, entry_pub, page.etag, page.last_modified, final_url=page.final_url
            )
        )
    batch_rec.aliases = aliases
    batch_rec.errors = errors
    batch_rec.entries = processed_entries(pages, extracted, not_modified)
    batch_rec.succeeded = [(a.url, "fetch") for a, _ in extracted] + [
        (a.url, "extract") for a, _ in extracted
    ]
    if final and not summary.deferred:  # no batch of this run hit the run-time cap
        batch_rec.succeeded.append((RUN_CAP_URL, "limit"))
    summary.status = "failed" if summary.all_feeds_failed() else "completed"
    batch_rec.status = summary.status
    summary.duration_s = time.monotonic() - run.started
    batch_rec.counts = summary.counts()
    batch_rec.summary = summary.as_dict()
    run.alerts += load(settings, quote(batch_rec), run.watchlists)  # each batch's new alerts


if __name__ == "__main__":
    refresh()
