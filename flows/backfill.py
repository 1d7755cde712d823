"""The `backfill-warc` and `backfill-sitemap` flows: history from archives, as runs in the UI.

Each archive (a WARC file or URL, a sitemap) is one task that loads it batch by batch
(`dipwatch.backfill`) and moves a progress artifact in the Prefect UI as it goes; a summary
artifact at the end lists every archive with its counts. A task that fails is retried, and
resumes where its last committed batch left off; one archive failing does not stop the others.
`dipwatch backfill` calls these flows directly; a deployment can run them with parameters.
"""

# No `from __future__ import annotations`: Prefect validates parameters against the annotations.

import datetime as dt
import uuid

from prefect import flow, get_run_logger, task
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    update_progress_artifact,
)
from prefect.cache_policies import NO_CACHE
from prefect.context import get_run_context

from dipwatch.backfill import Outcome, Window, backfill_sitemap, backfill_warc
from dipwatch.config import RefreshSettings, Settings, complete_settings
from dipwatch.ingest.http import one_line
from dipwatch.ingest.warc import WarcFilter
from dipwatch.warehouse import backfill as progress_store
from dipwatch.warehouse import connection as db
from dipwatch.warehouse.backfill import Progress


def _tracker(label: str):
    """A progress artifact for one archive and the callback that moves it."""
    try:
        artifact_id = create_progress_artifact(progress=0.0, description=f"backfill of {label}")
    except Exception:  # the artifact is a convenience
        return None

    def move(p: Progress) -> None:
        if p.status == "done":
            share = 100.0
        elif p.size_bytes:
            share = min(99.9, 100.0 * p.next_offset / p.size_bytes)
        else:
            return
        update_progress_artifact(artifact_id, progress=share)

    return move


@task(name="backfill-warc-file", retries=2, retry_delay_seconds=[5, 30], cache_policy=NO_CACHE)
def warc_task(
    settings: Settings, source: str, keep: WarcFilter, run_id: str, restart: bool
) -> Outcome:
    """Load one WARC file or URL from where it was left (a retry resumes there)."""
    done = backfill_warc(
        source, settings, run_id, keep, restart=restart, on_progress=_tracker(source)
    )
    get_run_logger().info(_line(done))
    return done


@task(name="backfill-sitemap", retries=2, retry_delay_seconds=[5, 30], cache_policy=NO_CACHE)
def sitemap_task(
    settings: Settings,
    location: str,
    hosts: tuple[str, ...],
    window: Window,
    run_id: str,
    restart: bool,
) -> Outcome:
    """Fetch and load the articles one sitemap lists."""
    done = backfill_sitemap(
        location, settings, run_id, hosts, window, restart=restart, on_progress=_tracker(location)
    )
    get_run_logger().info(_line(done))
    return done


def _status(o: Outcome) -> str:
    return "already done, skipped" if o.skipped else o.progress.status


def _line(o: Outcome) -> str:
    a = o.added
    return (
        f"{o.progress.source}: {a['records_read']:,} records, {a['pages_kept']:,} pages, "
        f"{a['articles_new']:,} new articles, {a['duplicates']:,} known or duplicates, "
        f"{a['failed']:,} failed, {a['events_loaded']:,} events ({_status(o)})"
    )


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def _markdown(kind: str, results: list[tuple[str, Outcome | None, str | None]]) -> str:
    out = [
        f"# Backfill ({kind})",
        "",
        "| archive | status | records | pages | new articles | known/duplicates | failed | events |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for source, o, error in results:
        if o is None:
            out.append(f"| {_cell(source)} | failed: {_cell(error or '')} | | | | | | |")
            continue
        a = o.added
        out.append(
            f"| {_cell(source)} | {_status(o)} | {a['records_read']:,} | {a['pages_kept']:,} "
            f"| {a['articles_new']:,} | {a['duplicates']:,} | {a['failed']:,} "
            f"| {a['events_loaded']:,} |"
        )
    return "\n".join(out) + "\n"


def _run(kind: str, settings: Settings, sources: list[str], one) -> dict:
    """Run `one(source, run_id)` for every archive inside one recorded backfill run."""
    logger = get_run_logger()
    run_id = "backfill-" + uuid.uuid4().hex[:12]
    ctx = get_run_context()
    flow_run_id = str(ctx.flow_run.id) if getattr(ctx, "flow_run", None) else None
    with db.writer(settings.db, settings.lock_timeout) as con:
        progress_store.start_run(
            con, run_id, flow_run_id, {"kind": "backfill", "source_kind": kind, "sources": sources}
        )
    results: list[tuple[str, Outcome | None, str | None]] = []
    for source in sources:
        try:
            results.append((source, one(source, run_id), None))
        except Exception as exc:  # one line, and the other archives go on
            error = one_line(f"{type(exc).__name__}: {exc}")
            logger.warning("backfill of %s failed: %s", source, error)
            results.append((source, None, error))
    totals: dict[str, int] = {}
    for _, o, _ in results:
        for key, value in (o.added if o else {}).items():
            totals[key] = totals.get(key, 0) + value
    failed = [s for s, o, _ in results if o is None]
    summary = {
        "kind": "backfill",
        "source_kind": kind,
        "run_id": run_id,
        "db": settings.db,
        "sources": {
            s: (o.added | {"status": _status(o)}) if o else {"error": e} for s, o, e in results
        },
        "totals": totals,
        "failed_sources": failed,
    }
    status = "failed" if failed and len(failed) == len(sources) else "completed"
    with db.writer(settings.db, settings.lock_timeout, migrate=False) as con:
        progress_store.finish_run(con, run_id, status, totals, summary)
    try:
        create_markdown_artifact(
            key=f"backfill-{kind}",
            markdown=_markdown(kind, results),
            description="What this backfill did",
        )
    except Exception as exc:
        logger.warning("could not publish the backfill artifact: %s", exc)
    return summary


@flow(name="backfill-warc", log_prints=False)
def backfill_warc_flow(
    sources: list[str],
    since: dt.date | None = None,
    until: dt.date | None = None,
    hosts: list[str] | None = None,
    restart: bool = False,
    settings: RefreshSettings | None = None,
) -> dict:
    """Load WARC files or URLs (CC-NEWS): HTML responses of `hosts` (none: all) captured and
    published in [since, until]; resumes each where it was left (`restart`: read again)."""
    resolved = complete_settings(settings)
    keep = WarcFilter(
        hosts=tuple(h.lower() for h in hosts or ()),
        since=since,
        until=until,
        max_bytes=resolved.max_page_bytes,
    )
    return _run(
        "warc",
        resolved,
        sources,
        lambda source, run_id: warc_task(resolved, source, keep, run_id, restart),
    )


@flow(name="backfill-sitemap", log_prints=False)
def backfill_sitemap_flow(
    sitemaps: list[str],
    since: dt.date | None = None,
    until: dt.date | None = None,
    hosts: list[str] | None = None,
    restart: bool = False,
    settings: RefreshSettings | None = None,
) -> dict:
    """Fetch and load the articles that news sitemaps list (robots and politeness as for feeds)."""
    resolved = complete_settings(settings)
    window = Window(since, until)
    hosts_t = tuple(h.lower() for h in hosts or ())
    return _run(
        "sitemap",
        resolved,
        sitemaps,
        lambda location, run_id: sitemap_task(resolved, location, hosts_t, window, run_id, restart),
    )
