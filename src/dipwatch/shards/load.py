"""The loader: every staged batch not loaded yet goes into the warehouse, once.

Each batch is one transaction through the refresh's load path (`loads.load`): its articles are
sorted against the warehouse as it is then (`sort_articles`: same URL and text unchanged, same
URL and new text updated, a known text or canonical URL under another URL an alias — so dedup
is global across shards), then articles, events, aliases, errors, clusters, marts and watchlist
alerts are written together with the batch's row in raw.staged_batches and the run's counts so
far. A batch whose row exists is skipped; a loader killed midway leaves the warehouse as it was
before the batch in flight, which the next run loads. When every shard of a refresh is done and
its batches are in, one last transaction writes the feed states (ETags) and the feed errors and
marks the run completed, as a single-process refresh does with its last batch.

Batches are loaded refresh by refresh (oldest first), shard by shard, in batch order. Which of
two copies of one text on two hosts becomes the article (the other its alias) follows that
order, where a single process follows the feed order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import shutil
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import duckdb

from dipwatch.alerts.record import with_alerts
from dipwatch.alerts.watchlist import Watchlist
from dipwatch.app.summary import RunSummary
from dipwatch.config import Settings
from dipwatch.models import FeedEntry, FeedResult, Page
from dipwatch.pipeline import events_by_type, sort_articles
from dipwatch.pipeline_batches import RUN_CAP_URL, add_counts, run_cap_message
from dipwatch.shards import stage as st
from dipwatch.warehouse import connection as db
from dipwatch.warehouse import loads as store

log = logging.getLogger("dipwatch.shards.load")

FINAL = "final"


@dataclass(slots=True)
class LoadResult:
    """What one run of the loader did."""

    stage: str
    db: str
    batches_loaded: int = 0
    batches_skipped: int = 0  # loaded by an earlier run
    articles: int = 0  # written (new or updated)
    events: int = 0
    completed: list[str] = field(default_factory=list)  # refreshes completed by this run
    waiting: list[str] = field(default_factory=list)  # refreshes with shards not done yet
    removed: list[str] = field(default_factory=list)  # refresh folders removed from the stage
    alerts: list[dict] = field(default_factory=list)

    def line(self) -> str:
        """One line for logs and the terminal."""
        parts = [
            f"{self.batches_loaded} staged batches loaded ({self.batches_skipped} loaded before)",
            f"{self.articles} articles written, {self.events} events",
            f"{len(self.completed)} refreshes completed",
        ]
        if self.waiting:
            parts.append(f"{len(self.waiting)} waiting for shards ({', '.join(self.waiting)})")
        return f"load-staged {self.stage} -> {self.db}: " + ", ".join(parts)


def load_stage(stage: Path, settings: Settings, keep: bool = False) -> LoadResult:
    """Load every staged batch of `stage` not loaded yet, and complete the refreshes whose shards
    are all done; then remove completed refreshes from the stage (unless `keep`)."""
    out = LoadResult(str(stage), settings.db)
    folders = st.refreshes(stage)
    with db.writer(settings.db, settings.lock_timeout) as con:  # migrations applied here
        loaded = _loaded(con, [f.name for f in folders])
        ended = _ended_runs(con, [run_id_of(f.name) for f in folders])
    for folder in folders:
        _load_refresh(folder, settings, loaded, out, keep, run_id_of(folder.name) in ended)
    log.info(out.line())
    return out


def _ended_runs(con: duckdb.DuckDBPyConnection, run_ids: list[str]) -> set[str]:
    """The runs among these that ended without completing (failed, interrupted)."""
    rows = con.execute(
        "select run_id from raw.runs where list_contains(?::varchar[], run_id) "
        "and status in ('failed', 'interrupted')",
        [run_ids],
    ).fetchall()
    return {r[0] for r in rows}


def abandoned(plan: st.Plan, now: dt.datetime | None = None) -> bool:
    """A refresh whose run ended unfinished long enough ago that none of its shards can still
    be writing (twice its flow timeout and run-time cap): its folder may go once loaded."""
    now = now or dt.datetime.now(dt.UTC)
    grace = 2 * max(plan.settings.flow_timeout, plan.settings.max_run_seconds)
    return (now - plan.started_at).total_seconds() > grace


def _loaded(con: duckdb.DuckDBPyConnection, refreshes: list[str]) -> set[str]:
    rows = con.execute(
        "select batch_id from raw.staged_batches where list_contains(?::varchar[], refresh)",
        [refreshes],
    ).fetchall()
    return {r[0] for r in rows}


def _load_refresh(
    folder: Path, settings: Settings, loaded: set[str], out: LoadResult, keep: bool, ended: bool
) -> None:
    try:
        plan: st.Plan | None = st.read_plan(folder)
    except st.StageError as exc:  # batches without their plan: loaded, never completed
        log.warning("%s: %s; its batches are loaded, the refresh is not completed", folder, exc)
        plan = None
    watchlists = [Watchlist.model_validate(w) for w in plan.watchlists] if plan else []
    for path in st.staged_batches(folder):
        batch_id = f"{folder.name}/{path.parent.name}/{path.name}"
        if batch_id in loaded:
            out.batches_skipped += 1
            continue
        batch = st.read_batch(path)
        written, events = load_batch(batch, settings, plan, watchlists, out.alerts)
        loaded.add(batch_id)
        out.batches_loaded += 1
        out.articles += written
        out.events += events
    if plan is None:
        return
    final_id = f"{folder.name}/{FINAL}"
    if final_id not in loaded:
        if not _all_in(folder, plan, loaded):
            if ended and not keep and abandoned(plan):  # loaded all it will ever have
                shutil.rmtree(folder, ignore_errors=True)
                out.removed.append(folder.name)
            else:
                out.waiting.append(folder.name)
            return
        complete_refresh(plan, settings)
        loaded.add(final_id)
        out.completed.append(folder.name)
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)
        out.removed.append(folder.name)


def _all_in(folder: Path, plan: st.Plan, loaded: set[str]) -> bool:
    """Every shard of the plan is done and each of its batches is loaded."""
    for shard in range(plan.shards):
        n = st.done_batches(folder, shard, plan.shards)
        if n is None:
            return False
        for index in range(n):
            if f"{folder.name}/shard-{shard}-of-{plan.shards}/batch-{index:05d}" not in loaded:
                return False
    return True


# ---------------------------------------------------------------- one batch


def load_batch(
    batch: st.StagedBatch,
    settings: Settings,
    plan: st.Plan | None,
    watchlists: list[Watchlist],
    alerts: list[dict],
) -> tuple[int, int]:
    """Sort one staged batch against the warehouse and load it with its record, in one
    transaction; return (articles written, events written)."""
    with db.writer(settings.db, settings.lock_timeout, migrate=False) as con:
        if _is_loaded(con, batch.batch_id):  # by another loader since this one looked
            return 0, 0
        arts = batch.articles
        urls = [s.article.url for s in arts]
        known = store.known_articles(con, urls)
        by_hash, by_canon = store.known_content(
            con,
            [s.article.content_hash for s in arts if s.article.content_hash],
            [s.article.canonical_url for s in arts if s.article.canonical_url],
        )
        staged = {id(s.article): s for s in arts}
        sorted_ = sort_articles([(s.article, _page(s)) for s in arts], known, by_hash, by_canon)
        to_load = [staged[id(a)] for a, _ in sorted_.new + sorted_.updated]

        summary, counts = _run_summary(con, batch, plan, settings.db)
        events = [s.events for s in to_load]
        summary.articles_new += len(sorted_.new)
        summary.articles_updated += len(sorted_.updated)
        summary.articles_unchanged += (
            batch.counts.get("not_modified", 0)
            + batch.counts.get("unchanged", 0)
            + len(sorted_.unchanged)
        )
        summary.duplicates += len(sorted_.aliases)
        summary.articles_failed += batch.counts.get("failed", 0)
        summary.deferred += batch.counts.get("deferred", 0)
        summary.events_by_type = add_counts(summary.events_by_type, events_by_type(events))
        summary.errors += [(e.url, e.stage, e.error) for e in batch.errors]
        counts["batches_loaded"] = counts.get("batches_loaded", 0) + 1

        rec = _record(batch, plan, summary, counts)
        rec.articles = [
            store.ArticleRow(
                s.article, s.events, s.entry_published, s.etag, s.last_modified, s.final_url
            )
            for s in to_load
        ]
        rec.aliases = sorted_.aliases
        rec.errors = batch.errors
        rec.entries = batch.entries
        rec.succeeded = [(u, stage) for u in batch.extracted for stage in ("fetch", "extract")]
        n_events = sum(len(e) for e in events)
        record = partial(_record_batch, batch_id=batch.batch_id, batch=batch, rec=rec)
        store.load(con, rec, after=_after(settings, watchlists, rec.run_id, alerts, record))
    return len(to_load), n_events


def _page(s: st.StagedArticle) -> Page:
    """The page an article came from, as the refresh's sort and load read it."""
    entry = FeedEntry(s.article.feed_url or "", s.article.url, published=s.entry_published)
    return Page(s.article.url, s.final_url, etag=s.etag, last_modified=s.last_modified, entry=entry)


def _after(settings: Settings, watchlists: list[Watchlist], run_id: str, alerts: list, record):
    """Inside the batch's transaction: clusters and marts, the watchlists' alerts, the record."""
    from dipwatch.warehouse.marts import refresh_marts

    marts = (
        partial(refresh_marts, cluster_window_days=settings.cluster_window_days)
        if settings.refresh_marts
        else None
    )
    alerting = with_alerts(marts, watchlists, run_id, alerts)

    def run(con: duckdb.DuckDBPyConnection) -> None:
        if alerting is not None:
            alerting(con)
        record(con)

    return run


def _is_loaded(con: duckdb.DuckDBPyConnection, batch_id: str) -> bool:
    row = con.execute("select 1 from raw.staged_batches where batch_id = ?", [batch_id])
    return row.fetchone() is not None


def _record_batch(
    con: duckdb.DuckDBPyConnection, batch_id: str, batch: st.StagedBatch, rec: store.LoadBatch
) -> None:
    con.execute(
        "insert into raw.staged_batches (batch_id, refresh, run_id, shard, articles, events, "
        "loaded_at) values (?, ?, ?, ?, ?, ?, ?)",
        [
            batch_id,
            batch.refresh,
            rec.run_id,
            batch.shard,
            len(rec.articles),
            sum(len(r.events) for r in rec.articles),
            dt.datetime.now(dt.UTC),
        ],
    )


# ---------------------------------------------------------------- the run's row


def run_id_of(refresh: str) -> str:
    """The run id in a refresh folder's name (<time>-<run id>)."""
    return refresh.rsplit("-", 1)[-1]


def _started_at(refresh: str, plan: st.Plan | None) -> dt.datetime:
    if plan is not None:
        return plan.started_at
    try:
        return dt.datetime.strptime(refresh.split("-")[0], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
    except ValueError:
        return dt.datetime.now(dt.UTC)


def _run_summary(
    con: duckdb.DuckDBPyConnection,
    batch: st.StagedBatch | None,
    plan: st.Plan | None,
    db_path: str,
) -> tuple[RunSummary, dict]:
    """The run's summary so far (its row is made when the warehouse has none: a plan made
    against another warehouse), and the sharded run's own counters."""
    refresh = plan.refresh if plan else batch.refresh if batch else ""
    run_id = plan.run_id if plan else run_id_of(refresh)
    row = con.execute("select summary from raw.runs where run_id = ?", [run_id]).fetchone()
    if row is None:
        con.execute(
            "insert into raw.runs (run_id, flow_run_id, started_at, status) "
            "values (?, ?, ?, 'running')",
            [run_id, plan.flow_run_id if plan else None, _started_at(refresh, plan)],
        )
    data = json.loads(row[0]) if row and row[0] else {}
    summary = summary_of(data)
    summary.run_id, summary.db = run_id, db_path
    if plan is not None and not summary.feeds:
        summary.feeds = _feeds(plan)
    shards = plan.shards if plan else batch.shards if batch else 0
    return summary, dict(data.get("sharded") or {"refresh": refresh, "shards": shards})


def summary_of(data: dict) -> RunSummary:
    """A RunSummary from its stored dict (as_dict), extra keys ignored."""
    names = {f.name for f in dataclasses.fields(RunSummary)}
    values = {k: v for k, v in data.items() if k in names}
    values["feeds"] = [tuple(f) for f in values.get("feeds", [])]
    values["errors"] = [tuple(e) for e in values.get("errors", [])]
    return RunSummary(**values)


def _feeds(plan: st.Plan) -> list[tuple[str, str, int, str | None]]:
    return [(f["url"], f["status"], int(f["entries"]), f.get("error")) for f in plan.feeds]


def _record(
    batch: st.StagedBatch | None, plan: st.Plan | None, summary: RunSummary, counts: dict
) -> store.LoadBatch:
    run_id = summary.run_id
    started = plan.started_at if plan else _started_at(batch.refresh if batch else "", None)
    rec = store.LoadBatch(
        run_id=run_id, started_at=started, flow_run_id=plan.flow_run_id if plan else None
    )
    rec.final = False
    summary.status = "failed" if summary.all_feeds_failed() else "completed"
    rec.status = summary.status
    summary.duration_s = (dt.datetime.now(dt.UTC) - started).total_seconds()
    rec.counts = summary.counts()
    rec.summary = summary.as_dict() | {"sharded": counts}
    return rec


# ---------------------------------------------------------------- the refresh's end


def complete_refresh(plan: st.Plan, settings: Settings) -> None:
    """The refresh's last load: feed states and errors, the run-time cap's row, the run completed."""
    with db.writer(settings.db, settings.lock_timeout, migrate=False) as con:
        if _is_loaded(con, f"{plan.refresh}/{FINAL}"):
            return
        summary, counts = _run_summary(con, None, plan, settings.db)
        summary.feeds = _feeds(plan)
        summary.articles_unchanged += plan.unchanged  # known entries the plan did not fetch
        errors = list(plan.feed_errors)
        succeeded: list[tuple[str, str]] = []
        if summary.deferred:
            msg = run_cap_message(plan.settings.max_run_seconds, summary.deferred)
            log.warning(msg)
            errors.append(store.ErrorRow(RUN_CAP_URL, "limit", msg, None))
        else:
            succeeded.append((RUN_CAP_URL, "limit"))
        summary.errors += [(e.url, e.stage, e.error) for e in errors]
        counts["completed"] = True
        rec = _record(None, plan, summary, counts)
        rec.final = True
        names = {f.url: f.name for f in plan.settings.feeds}
        rec.feeds = [(_feed_result(f), names.get(f["url"])) for f in plan.feeds]
        rec.errors = errors
        rec.succeeded = succeeded

        def record(c: duckdb.DuckDBPyConnection) -> None:
            c.execute(
                "insert into raw.staged_batches (batch_id, refresh, run_id, loaded_at) "
                "values (?, ?, ?, ?)",
                [f"{plan.refresh}/{FINAL}", plan.refresh, plan.run_id, dt.datetime.now(dt.UTC)],
            )

        store.load(con, rec, after=record)


def _feed_result(f: dict) -> FeedResult:
    """A feed's result as the load writes it (its entries only counted)."""
    placeholder = FeedEntry(f["url"], None)
    return FeedResult(
        url=f["url"],
        status=f["status"],
        entries=[placeholder] * int(f["entries"]),  # _load_feeds stores how many
        title=f.get("title"),
        etag=f.get("etag"),
        last_modified=f.get("last_modified"),
        http_status=f.get("http_status"),
        error=f.get("error"),
    )
