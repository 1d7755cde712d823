"""A refresh spread over machines, as Prefect flows (see `dipwatch.shards` and the README).

- `refresh-sharded` (the parent; runs where the warehouse is): records the run, polls the
  feeds and plans the fetch as `refresh` does, writes the plan into the staging directory,
  starts one `refresh-shard` run per shard with work (`run_deployment`), waits for them, then
  runs the loader (`run_deployment` of `load-staged`, or in this process), and reports.
- `refresh-shard` (any machine that sees the stage): fetches, extracts and codes its hosts'
  entries, batch by batch, into the stage; a host with a global concurrency limit named
  `host:<host>` is fetched only inside one of that limit's slots.
- `load-staged` (where the warehouse is; its deployment has `concurrency_limit: 1`): loads
  every staged batch not loaded yet, completes the refreshes whose shards are all done, sends
  the watchlists' alerts.
"""

# No `from __future__ import annotations`: Prefect validates parameters against the annotations.

import contextlib
import datetime as dt
import json
import math
import time
from pathlib import Path

from dipwatch.flows.refresh import (
    _dipwatch_warnings,
    extract_events,
    extract_text,
    known,
    late_start,
    mark_failed,
    poll,
    prepare_warehouse,
    send_alerts,
)
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import get_run_context
from prefect.states import Cancelled, Failed

from dipwatch.alerts.watchlist import read_watchlists
from dipwatch.app.summary import render_markdown
from dipwatch.config import RefreshSettings, Settings, complete_settings
from dipwatch.ingest.pages import fetch_pages
from dipwatch.models import FeedEntry, Page
from dipwatch.pipeline import entries_of
from dipwatch.shards import stage as st
from dipwatch.shards.keys import HOST_LIMIT_PREFIX, limit_name
from dipwatch.shards.load import load_stage, summary_of
from dipwatch.shards.plan import make_plan, new_run_id
from dipwatch.shards.work import Steps, work_shard
from dipwatch.warehouse import connection as db

SHARD_DEPLOYMENT = "refresh-shard/shard"
LOADER_DEPLOYMENT = "load-staged/loader"

# ---------------------------------------------------------------- a shard


@task(name="fetch-pages", retries=2, retry_delay_seconds=[2, 10], cache_policy=NO_CACHE)
def shard_fetch(
    settings: Settings,
    entries: list[FeedEntry],
    conditional: dict[str, tuple[str | None, str | None]],
    robots: bool,
) -> list[Page]:
    """Fetch a part of a shard's pages (one client, one robots cache)."""
    return fetch_pages(entries, settings, known=conditional, robots=robots)


def limited_hosts() -> frozenset[str]:
    """The hosts that have a Prefect global concurrency limit (named host:<host>)."""
    from prefect.client.orchestration import get_client

    names: list[str] = []
    with get_client(sync_client=True) as client:
        while True:
            page = client.read_global_concurrency_limits(limit=200, offset=len(names))
            names += [limit.name for limit in page]
            if len(page) < 200:
                break
    return frozenset(n[len(HOST_LIMIT_PREFIX) :] for n in names if n.startswith(HOST_LIMIT_PREFIX))


def host_slot(host: str, timeout: float):
    """One slot of the host's global concurrency limit, held while a part of its pages is
    fetched (TimeoutError when none frees up in `timeout` seconds)."""
    from prefect.concurrency.sync import concurrency

    return concurrency(
        limit_name(host),
        occupy=1,
        timeout_seconds=None if math.isinf(timeout) else max(timeout, 1.0),
        strict=True,
    )


@flow(name="refresh-shard", log_prints=False)
def refresh_shard(stage: str, refresh: str | None = None, shard: int = 0, of: int = 1) -> dict:
    """Fetch, extract and code shard `shard` of `of` of a planned refresh (default: the newest
    plan in `stage` that waits for this shard) into the stage; a rerun skips the batches written."""
    logger = get_run_logger()
    where = Path(stage)
    folder = where / refresh if refresh else st.latest_plan(where, shard, of)
    steps = Steps(
        fetch=shard_fetch,
        extract=extract_text,
        code=extract_events,
        limited_hosts=limited_hosts(),
        host_slot=host_slot,
    )
    if steps.limited_hosts:
        logger.info(
            "hosts with a global concurrency limit: %s", ", ".join(sorted(steps.limited_hosts))
        )
    with _dipwatch_warnings(logger):
        result = work_shard(folder, shard, of, steps)
    logger.info(result.line())
    return {
        "refresh": result.refresh,
        "shard": shard,
        "of": of,
        "entries": result.entries,
        "batches": result.batches,
        "written": result.written,
        **result.counts,
    }


# ---------------------------------------------------------------- the loader


def _loader_markdown(result) -> str:
    lines = [
        "# Staged batches loaded",
        "",
        f"{result.batches_loaded} batches loaded ({result.batches_skipped} loaded before): "
        f"**{result.articles}** articles written, **{result.events}** events.",
        "",
    ]
    lines += [f"- completed: `{r}`" for r in result.completed]
    lines += [f"- waiting for shards: `{r}`" for r in result.waiting]
    return "\n".join(lines) + "\n"


@flow(name="load-staged", log_prints=False)
def load_staged(stage: str, settings: RefreshSettings | None = None, keep: bool = False) -> dict:
    """Load every staged batch of `stage` not loaded yet into the warehouse (each once, in its own
    transaction), complete the refreshes whose shards are all done, send the alerts."""
    logger = get_run_logger()
    resolved = complete_settings(settings, read_feeds=False)
    with _dipwatch_warnings(logger):
        result = load_stage(Path(stage), resolved, keep=keep)
        delivered = send_alerts(resolved)
    logger.info(result.line())
    with contextlib.suppress(Exception):  # the artifact is a convenience
        create_markdown_artifact(
            key="load-staged", markdown=_loader_markdown(result), description=result.line()
        )
    return {
        "batches_loaded": result.batches_loaded,
        "batches_skipped": result.batches_skipped,
        "articles": result.articles,
        "events": result.events,
        "completed": result.completed,
        "waiting": result.waiting,
        "alerts": {"new": len(result.alerts), "sent": delivered.sent, "failed": delivered.failed},
    }


# ---------------------------------------------------------------- the parent


@task(name="write-plan", cache_policy=NO_CACHE)
def write_plan(
    settings: Settings,
    stage: str,
    shards: int,
    run_id: str,
    started_at: dt.datetime,
    results: list,
    known_map: dict,
    watchlists: list,
    flow_run_id: str | None,
) -> st.Plan:
    """Give each entry of the fetch plan to its host's shard and write the plan into the stage;
    a shard with nothing to fetch is marked done at once (no flow run for it)."""
    plan, entries = make_plan(
        settings, shards, run_id, started_at, results, known_map, watchlists, flow_run_id
    )
    folder = st.write_plan(Path(stage), plan, entries)
    for shard, count in enumerate(plan.entries_by_shard):
        if not count:
            st.mark_done(folder, shard, shards, 0, {})
    return plan


NOT_PICKED_UP_SECONDS = 120.0  # a run still scheduled after this: say that no worker takes it


def _wait(flow_run_ids: dict, timeout: float, poll_seconds: float) -> dict:
    """The flow runs once each is final (or the last state seen when `timeout` ran out)."""
    from prefect.client.orchestration import get_client

    start = time.monotonic()
    warned = False
    seen: dict = {}
    with get_client(sync_client=True) as client:
        while True:
            for key, run_id in flow_run_ids.items():
                if key not in seen or not _final(seen[key]):
                    seen[key] = client.read_flow_run(run_id)
            if all(_final(r) for r in seen.values()) or time.monotonic() - start >= timeout:
                return seen
            waiting = [r for r in seen.values() if r.state is not None and r.state.is_scheduled()]
            if waiting and not warned and time.monotonic() - start > NOT_PICKED_UP_SECONDS:
                warned = True
                get_run_logger().warning(
                    "%s still waiting for a worker after %.0f s: is a worker polling work queue "
                    "%r of work pool %r?",
                    ", ".join(r.name for r in waiting),
                    NOT_PICKED_UP_SECONDS,
                    waiting[0].work_queue_name,
                    waiting[0].work_pool_name,
                )
            time.sleep(poll_seconds)


def _final(flow_run) -> bool:
    return flow_run.state is not None and flow_run.state.is_final()


def _state(flow_run) -> str:
    return flow_run.state.name if flow_run.state is not None else "unknown"


def _start(deployment: str, parameters: dict, name: str):
    """A flow run of a deployment, started now, linked to this run as a subflow."""
    from prefect.deployments import run_deployment

    return run_deployment(deployment, parameters=parameters, timeout=0, flow_run_name=name)


def _run_shards(
    deployment: str | None, stage: str, plan: st.Plan, timeout: float, poll_seconds: float
) -> list[str]:
    """Every shard with work, as a run of `deployment` (None or "": one after another in this
    process); what went wrong, one line per shard."""
    todo = [shard for shard, count in enumerate(plan.entries_by_shard) if count]
    params = {
        shard: {"stage": stage, "refresh": plan.refresh, "shard": shard, "of": plan.shards}
        for shard in todo
    }
    if not deployment:
        problems = []
        for shard in todo:
            state = refresh_shard(**params[shard], return_state=True)
            if not state.is_completed():
                problems.append(f"shard {shard} ended {state.name}: {state.message}")
        return problems
    launched = {
        shard: _start(
            deployment, params[shard], f"shard {shard} of {plan.shards} · {plan.run_id}"
        ).id
        for shard in todo
    }
    ended = _wait(launched, timeout, poll_seconds)
    return [
        f"shard {shard} ended {_state(r)}"
        for shard, r in ended.items()
        if not r.state.is_completed()
    ]


def _run_row(settings: Settings, run_id: str) -> tuple[str, dict]:
    with db.reader(settings.db, settings.read_timeout) as con:
        row = con.execute("select status, summary from raw.runs where run_id = ?", [run_id])
        status, summary = row.fetchone() or ("missing", None)
    return status, json.loads(summary) if summary else {}


def _fail_run(settings: Settings, run_id: str, why: str) -> None:
    """Mark the run failed; what its batches loaded stays (and is counted in its summary)."""
    with db.writer(settings.db, settings.lock_timeout, migrate=False) as con:
        row = con.execute("select summary from raw.runs where run_id = ?", [run_id]).fetchone()
        summary = json.loads(row[0]) if row and row[0] else {}
        summary["error"] = why
        con.execute(
            "update raw.runs set status = 'failed', finished_at = ?, summary = ? where run_id = ?",
            [dt.datetime.now(dt.UTC), json.dumps(summary, default=str), run_id],
        )


@flow(name="refresh-sharded", log_prints=False)
def refresh_sharded(
    stage: str,
    shards: int = 2,
    settings: RefreshSettings | None = None,
    feeds: list[str] | None = None,
    shard_deployment: str | None = SHARD_DEPLOYMENT,
    loader_deployment: str | None = LOADER_DEPLOYMENT,
    keep_staged: bool = False,
    poll_seconds: float = 5.0,
) -> dict:
    """One refresh by `shards` shards: plan here, shards on the work pool, then the loader.

    `stage` is the staging directory (the same path on every machine). `shard_deployment` or
    `loader_deployment` None or "": the shards (one after another) or the loader run in this
    flow run instead of as runs of a deployment (one machine, tests). The run ends
    Completed when the refresh is complete in the warehouse, Failed otherwise (a shard or the
    loader failed: what was staged and loaded is kept, the next refresh fetches the rest).
    """
    resolved = complete_settings(settings, feeds)
    logger = get_run_logger()
    flow_run = getattr(get_run_context(), "flow_run", None)
    skip = late_start(flow_run, resolved.max_lateness)
    if skip:
        logger.warning(skip)
        return Cancelled(message=skip)
    if shards < 1:
        raise ValueError(f"shards must be at least 1, not {shards}")
    flow_run_id = str(flow_run.id) if flow_run is not None else None
    run_id, started_at = new_run_id(), dt.datetime.now(dt.UTC)
    watchlists = read_watchlists(resolved.feeds_file)
    with _dipwatch_warnings(logger):
        states = prepare_warehouse(resolved, run_id, flow_run_id)
        try:
            results = poll(resolved, states)
            known_map = known(resolved, [e.link for e in entries_of(results) if e.link])
            plan = write_plan(
                resolved,
                stage,
                shards,
                run_id,
                started_at,
                results,
                known_map,
                watchlists,
                flow_run_id,
            )
        except BaseException as exc:
            with contextlib.suppress(Exception):
                mark_failed(resolved, run_id, exc)
            raise
    logger.info(
        "planned %s: %s entries to fetch by shard",
        plan.refresh,
        ", ".join(f"{i}: {n}" for i, n in enumerate(plan.entries_by_shard)),
    )
    problems = _run_shards(shard_deployment, stage, plan, resolved.flow_timeout, poll_seconds)
    loader_settings = RefreshSettings(
        db=resolved.db,
        lock_timeout=resolved.lock_timeout,
        refresh_marts=resolved.refresh_marts,
        cluster_window_days=resolved.cluster_window_days,
        user_agent=resolved.user_agent,
    )
    loader_params = {"stage": stage, "settings": loader_settings, "keep": keep_staged}
    if loader_deployment:
        loader = _start(
            loader_deployment,
            loader_params
            | {"settings": loader_settings.model_dump(mode="json", exclude_none=True)},
            f"load · {run_id}",
        )
        loaded = _wait({"loader": loader.id}, resolved.flow_timeout, poll_seconds)["loader"]
        if not loaded.state.is_completed():
            problems.append(f"the loader ended {_state(loaded)}")
    else:
        state = load_staged(**loader_params, return_state=True)
        if not state.is_completed():
            problems.append(f"the loader ended {state.name}: {state.message}")

    status, stored = _run_row(resolved, run_id)
    summary = summary_of(stored)
    if status == "failed" and stored.get("sharded", {}).get("completed"):
        logger.error(summary.failure())  # complete, and every feed failed
        return Failed(message=summary.failure())
    if status != "completed":
        why = "; ".join(problems) or f"the run is {status} in the warehouse"
        why = f"sharded refresh not complete: {why} (what was loaded stays; the next refresh fetches the rest)"
        _fail_run(resolved, run_id, why)
        logger.error(why)
        return Failed(message=why)
    for line in problems:  # e.g. a shard that crashed after its work was done
        logger.warning("%s, but the refresh completed", line)
    for line in summary.log_lines():
        logger.info(line)
    with contextlib.suppress(Exception):
        create_markdown_artifact(
            key="refresh-summary",
            markdown=render_markdown(summary)
            + f"\n\nSharded: {shards} shards, plan `{plan.refresh}` in `{stage}`.\n",
            description=f"What this sharded refresh did: {summary.outcome()}",
        )
    return summary.as_dict() | {"sharded": stored.get("sharded", {})}
