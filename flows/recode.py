"""The `recode` flow: code the stored articles again with the current coder, replacing their events.

For the Prefect UI (deployment `recode/manual` in prefect.yaml, run on demand with its
parameters); `dipwatch recode` does the same without Prefect. Every setting is a typed
parameter; None is not given (the default applies; `coder` None is $DIPWATCH_CODER, else
"rules"). The work is one task: it holds the write lock only for its final transaction.
"""

from __future__ import annotations

import datetime as dt

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from dipwatch.config import load_settings
from dipwatch.warehouse.recode import RecodeResult
from dipwatch.warehouse.recode import recode as recode_warehouse


@task(name="recode-articles", cache_policy=NO_CACHE)
def recode_articles(
    db: str,
    since: dt.date | None,
    coder: str | None,
    batch_size: int,
    lock_timeout: float,
    read_timeout: float,
    refresh_marts: bool,
    cluster_window_days: float,
) -> RecodeResult:
    """Code the articles in batches, then replace their events in one transaction."""
    return recode_warehouse(
        db,
        since,
        coder,
        batch_size=batch_size,
        lock_timeout=lock_timeout,
        read_timeout=read_timeout,
        refresh_marts=refresh_marts,
        cluster_window_days=cluster_window_days,
    )


def render_markdown(result: RecodeResult) -> str:
    """The run's artifact: what was re-coded, and its events by type before and after."""
    lines = [
        f"# dipwatch recode `{result.run_id}`",
        "",
        f"- warehouse: `{result.db}`",
        f"- coder: `{result.coder}` version `{result.coder_version}`",
        f"- since: {result.since.isoformat() if result.since else 'all articles'}",
        f"- articles re-coded: {result.articles}; failed (events kept): {result.failed}; "
        f"changed by a refresh meanwhile: {result.changed}",
        f"- duration: {result.duration_s:.1f} s",
        "",
        "| event type | before | after |",
        "|---|---:|---:|",
    ]
    for t in sorted(set(result.before) | set(result.after)):
        lines.append(f"| {t} | {result.before.get(t, 0)} | {result.after.get(t, 0)} |")
    lines.append(f"| **total** | {sum(result.before.values())} | {sum(result.after.values())} |")
    return "\n".join(lines) + "\n"


@flow(name="recode", log_prints=False, validate_parameters=False)
def recode(
    db_path: str | None = None,
    since: dt.date | None = None,
    coder: str | None = None,
    batch_size: int | None = None,
    lock_timeout: float | None = None,
    read_timeout: float | None = None,
    refresh_marts: bool | None = None,
    cluster_window_days: float | None = None,
) -> dict:
    """Re-code the warehouse's articles (reported on or after `since`); returns the summary."""
    overrides = {
        "db": db_path,
        "batch_size": batch_size,
        "lock_timeout": lock_timeout,
        "read_timeout": read_timeout,
        "refresh_marts": refresh_marts,
        "cluster_window_days": cluster_window_days,
    }
    settings = load_settings(overrides, read_feeds=False, environ={})
    if isinstance(since, str):  # a parameter typed in the UI
        since = dt.date.fromisoformat(since)
    result = recode_articles(
        settings.db,
        since,
        coder,
        settings.batch_size,
        settings.lock_timeout,
        settings.read_timeout,
        settings.refresh_marts,
        settings.cluster_window_days,
    )
    logger = get_run_logger()
    logger.info(result.line())
    try:
        create_markdown_artifact(
            key="recode-summary",
            markdown=render_markdown(result),
            description="What this recode did",
        )
    except Exception as exc:  # the artifact is a convenience; the events are already replaced
        logger.warning("could not publish the recode summary artifact: %s", exc)
    return {"run_id": result.run_id, "line": result.line()} | result.as_dict()


if __name__ == "__main__":
    recode()
