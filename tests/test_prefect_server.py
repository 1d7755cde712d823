"""A real Prefect server: `dipwatch serve` registers the schedule, a run completes with its artifact."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen, timeout: float = 15) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory):
    home = tmp_path_factory.mktemp("prefect-home")
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_RUNNER_POLL_FREQUENCY": "2",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    log = open(home / "server.log", "wb")  # noqa: SIM115 - the server writes to it until teardown
    server = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if server.poll() is not None:
            raise RuntimeError((home / "server.log").read_text()[-3000:])
        time.sleep(0.5)
    else:
        _stop(server)
        raise RuntimeError("Prefect server did not become healthy in 90 s")
    yield api, env, home
    _stop(server, 20)
    log.close()


def _client(api: str):
    from prefect.client.orchestration import PrefectClient

    return PrefectClient(api=api)


async def _wait_deployment(api: str, name: str, timeout: float = 90):
    async with _client(api) as client:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                return await client.read_deployment_by_name(f"refresh/{name}")
            except Exception:
                await asyncio.sleep(1)
    raise AssertionError(f"deployment refresh/{name} was not registered")


async def _scheduled_runs(api: str, deployment_id, timeout: float = 90) -> list:
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterId,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType

    async with _client(api) as client:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            runs = await client.read_flow_runs(
                deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])),
                flow_run_filter=FlowRunFilter(
                    state=FlowRunFilterState(
                        type=FlowRunFilterStateType(any_=[StateType.SCHEDULED])
                    )
                ),
            )
            if runs:
                return runs
            await asyncio.sleep(2)
    return []


async def _read_run(api: str, run_id):
    async with _client(api) as client:
        return await client.read_flow_run(run_id)


async def _run_once(api: str, deployment_id, timeout: float = 180, parameters=None):
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    async with _client(api) as client:
        run = await client.create_flow_run_from_deployment(deployment_id, parameters=parameters)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            run = await client.read_flow_run(run.id)
            if run.state is not None and run.state.is_final():
                break
            await asyncio.sleep(1)
        artifacts = await client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run.id]))
        )
        return run, artifacts


async def _warnings(api: str, run_id, expect: int, timeout: float = 60) -> list[str]:
    """The WARNING lines of a run's log in the UI (they arrive a moment after the run ends)."""
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    async with _client(api) as client:
        deadline = time.monotonic() + timeout
        while True:
            logs = await client.read_logs(
                log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run_id]))
            )
            lines = [log.message for log in logs if log.level == 30]
            if len(lines) >= expect or time.monotonic() > deadline:
                return lines
            await asyncio.sleep(1)


def test_serve_registers_schedule_and_runs(prefect_server, tmp_path):
    api, env, home = prefect_server
    feed_dir = tmp_path / "feed"
    shutil.copytree(ROOT / "seeds" / "pages", feed_dir / "pages")
    shutil.copy(ROOT / "seeds" / "feed.xml", feed_dir / "feed.xml")
    db = tmp_path / "wh.duckdb"
    log = open(tmp_path / "serve.log", "wb")  # noqa: SIM115 - the served flow writes to it
    serve = subprocess.Popen(
        [
            str(BIN / "dipwatch"),
            "serve",
            "--name",
            "test",
            "--cron",
            "*/30 * * * *",
            "--feed",
            str(feed_dir / "feed.xml"),
            "--db",
            str(db),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=tmp_path,
        start_new_session=True,
    )
    try:
        deployment = asyncio.run(_wait_deployment(api, "test"))
        crons = [getattr(s.schedule, "cron", None) for s in deployment.schedules]
        assert "*/30 * * * *" in crons
        upcoming = asyncio.run(_scheduled_runs(api, deployment.id))
        assert upcoming, "the schedule produced no upcoming runs"
        assert all(r.deployment_id == deployment.id for r in upcoming)

        # overlapping scheduled runs: a new one is cancelled, not queued
        options = deployment.concurrency_options
        assert deployment.global_concurrency_limit.limit == 1
        assert options is not None and options.collision_strategy.value == "CANCEL_NEW"

        run, artifacts = asyncio.run(_run_once(api, deployment.id))
        assert run.state.is_completed(), (tmp_path / "serve.log").read_text()[-4000:]
        keys = {a.key for a in artifacts}
        assert "refresh-summary" in keys
        summary = next(a for a in artifacts if a.key == "refresh-summary")
        assert "new articles" in summary.data
        assert db.exists()

        # some feeds fail: Completed, "1 failed" in its name and artifact, a WARNING per failure
        missing = str(tmp_path / "missing.xml")
        both = {"feeds": [str(feed_dir / "feed.xml"), missing]}
        run, artifacts = asyncio.run(_run_once(api, deployment.id, parameters=both))
        assert run.state.is_completed(), (tmp_path / "serve.log").read_text()[-4000:]
        run = asyncio.run(_read_run(api, run.id))
        assert run.name.endswith("· 1 failed")
        summary = next(a for a in artifacts if a.key == "refresh-summary")
        assert "completed, 1 failed" in summary.description and "1 failed" in summary.data
        warnings = asyncio.run(_warnings(api, run.id, 1))
        assert any(w.startswith("failed [feed]") and "missing.xml" in w for w in warnings)
        assert any("feed file not found" in w for w in warnings if not w.startswith("failed"))

        # every feed fails: the run is Failed in the UI, with its warnings and its artifact
        run, artifacts = asyncio.run(_run_once(api, deployment.id, parameters={"feeds": [missing]}))
        assert run.state.is_failed(), run.state
        assert "every feed failed (1 of 1)" in run.state.message
        warnings = asyncio.run(_warnings(api, run.id, 1))
        assert any(w.startswith("failed [feed]") and "missing.xml" in w for w in warnings)
        summary = next(a for a in artifacts if a.key == "refresh-summary")
        assert summary.description.startswith("What this refresh did: failed: every feed failed")
    finally:
        _stop(serve, 20)
        log.close()

    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("select count(*) from articles").fetchone()[0] >= 7
        assert con.execute("select count(*) from events").fetchone()[0] > 0
        status = con.execute("select status from raw.runs order by started_at").fetchall()
        assert status == [("completed",), ("completed",), ("failed",)]
    finally:
        con.close()
