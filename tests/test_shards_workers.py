"""A sharded refresh on a real Prefect server with a process work pool and two workers.

The test starts a Prefect API server on 127.0.0.1 (with its background services; database in a
temporary PREFECT_HOME), creates the work pool `dipwatch`, deploys `refresh-sharded/sharded`,
`refresh-shard/shard` and `load-staged/loader` from prefect.yaml with `prefect deploy`, starts
two workers (one polls the warehouse and shards queues, as on the warehouse's machine, the other
only shards; each runs one shard), gives one outlet a global concurrency limit (`host:<host>`) and runs the parent
over two shards of locally served pages. Meanwhile `dipwatch run` refreshes a second warehouse
from the same pages in one process; both must hold the same rows. Every process the test
starts is stopped at the end, with whatever it started, even when the test fails.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from dipwatch.app.prefect_api import dies_with_this_process, server_command
from dipwatch.shards.keys import host_key, limit_name
from shard_pages import Outlets, state

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TIMEOUT = 240.0  # for each wait: a loaded 2-core machine starts Prefect slowly


def _descendants(pid: int) -> set[int]:
    """Every process below `pid` (from /proc: the workers' flow runs start their own sessions)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in out:
                out.add(child)
                todo.append(child)
    return out


class Processes:
    """Processes started by the test; `stop_all` ends them (SIGINT, then SIGKILL) and anything
    they started, in the reverse order of their start."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.started: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, cmd: list[str], env: dict, cwd: Path) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(
            cmd,
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=dies_with_this_process(),  # killed with pytest, however it ends
        )
        log.close()
        self.started.append((name, proc))
        return proc

    def tail(self, name: str, chars: int = 3000) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else ""

    def stop_all(self) -> None:
        for _, proc in reversed(self.started):
            below = _descendants(proc.pid)
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
                try:
                    proc.wait(20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(10)
            for pid in below | _descendants(proc.pid):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _until(what: str, check, timeout: float = TIMEOUT, every: float = 0.5, logs=None):
    """check()'s first true value, polled until `timeout` (AssertionError with the logs)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            value = check()
            if value:
                return value
        time.sleep(every)
    raise AssertionError(f"{what} after {timeout:g} s" + (f"\n{logs()}" if logs else ""))


@pytest.fixture
def prefect_pool(tmp_path) -> Iterator[tuple[str, dict, Processes]]:
    """A Prefect server, the work pool with the sharded deployments, two workers."""
    home = tmp_path / "prefect-home"
    home.mkdir()
    logs = tmp_path / "logs"
    logs.mkdir()
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIPWATCH_", "PREFECT_"))}
    env |= {
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "INFO",  # the flow runs' INFO lines reach the API
        "PREFECT_WORKER_QUERY_SECONDS": "1",  # pick up a run within a second
        "PREFECT_RUNNER_POLL_FREQUENCY": "1",
        "DO_NOT_TRACK": "1",
        "PWD": str(ROOT),  # prefect.yaml's pull step: {{ $PWD }}
    }
    procs = Processes(logs)
    try:
        server_env = {k: v for k, v in env.items() if k != "PREFECT_API_URL"}
        procs.start("server", server_command(port), server_env, tmp_path)
        _until(
            "the Prefect server did not answer",
            lambda: httpx.get(f"{api}/health", timeout=5).status_code == 200,
            logs=lambda: procs.tail("server"),
        )
        prefect = str(BIN / "prefect")
        pool = procs.start(
            "pool", [prefect, "work-pool", "create", "dipwatch", "--type", "process"], env, ROOT
        )
        assert pool.wait(TIMEOUT) == 0, procs.tail("pool")
        names = ["refresh-sharded/sharded", "refresh-shard/shard", "load-staged/loader"]
        deploy = procs.start(
            "deploy",
            [prefect, "--no-prompt", "deploy", *[a for n in names for a in ("-n", n)]],
            env,
            ROOT,
        )
        # the warehouse's machine runs the parent and one shard (then the loader), the other
        # machine one shard: each worker gets one of the two shards, whichever polls first
        worker = [prefect, "worker", "start", "--pool", "dipwatch"]
        warehouse_queues = ["-q", "warehouse", "-q", "shards", "--limit", "2"]
        procs.start("worker-1", [*worker, "-n", "one", *warehouse_queues], env, ROOT)
        procs.start("worker-2", [*worker, "-n", "two", "-q", "shards", "--limit", "1"], env, ROOT)
        assert deploy.wait(TIMEOUT) == 0, procs.tail("deploy")
        _until(
            "the two workers did not come online",
            lambda: len(_online_workers(api)) == 2,
            logs=lambda: procs.tail("worker-1") + procs.tail("worker-2"),
        )
        yield api, env, procs
    finally:
        procs.stop_all()


def _online_workers(api: str) -> list[str]:
    reply = httpx.post(f"{api}/work_pools/dipwatch/workers/filter", json={}, timeout=10)
    return [w["name"] for w in reply.json() if w.get("status") == "ONLINE"]


def _deployment(api: str, name: str) -> dict:
    reply = httpx.get(f"{api}/deployments/name/{name}", timeout=10)
    reply.raise_for_status()
    return reply.json()


def _flow_runs(api: str, deployment_id: str) -> list[dict]:
    body = {"deployments": {"id": {"any_": [deployment_id]}}}
    return httpx.post(f"{api}/flow_runs/filter", json=body, timeout=10).json()


def _logs(api: str, flow_run_id: str) -> list[str]:
    body = {"logs": {"flow_run_id": {"any_": [flow_run_id]}}, "limit": 200}
    return [r["message"] for r in httpx.post(f"{api}/logs/filter", json=body, timeout=10).json()]


def test_two_workers_run_the_shards_and_the_loader_loads_what_one_process_would(
    prefect_pool, tmp_path
):
    api, env, procs = prefect_pool
    many, one = tmp_path / "many.duckdb", tmp_path / "one.duckdb"
    with Outlets() as outlets:
        limited = host_key(outlets.other.base_url)
        made = httpx.post(
            f"{api}/v2/concurrency_limits/", json={"name": limit_name(limited), "limit": 1}
        )
        assert made.status_code == 201, made.text
        single = procs.start(
            "single",
            [str(BIN / "dipwatch"), "run", "--feed", outlets.feed, "--db", str(one)]
            + ["--no-respect-robots", "--retries", "0"],
            env,
            tmp_path,
        )
        parent = _deployment(api, "refresh-sharded/sharded")
        settings = {
            "db": str(many),
            "respect_robots": False,
            "retries": 0,
            "stream_batch_size": 3,
        }
        params = {
            "stage": str(tmp_path / "stage"),
            "shards": 2,
            "settings": settings,
            "feeds": [outlets.feed],
            "poll_seconds": 1,
        }
        run = httpx.post(
            f"{api}/deployments/{parent['id']}/create_flow_run",
            json={"parameters": params},
            timeout=10,
        ).json()

        def final():
            state = httpx.get(f"{api}/flow_runs/{run['id']}", timeout=10).json()["state"]
            return state if state and state["type"] in FINAL_TYPES else None

        ended = _until(
            "the sharded refresh did not end",
            final,
            every=1,
            logs=lambda: procs.tail("worker-1") + procs.tail("worker-2"),
        )
        assert ended["type"] == "COMPLETED", (ended, procs.tail("worker-1"))
        assert single.wait(TIMEOUT) == 0, procs.tail("single")

    shard_runs = _flow_runs(api, _deployment(api, "refresh-shard/shard")["id"])
    assert sorted(r["name"].split(" · ")[0] for r in shard_runs) == ["shard 0 of 2", "shard 1 of 2"]
    assert all(r["state_type"] == "COMPLETED" for r in shard_runs)
    assert all(r["parent_task_run_id"] for r in shard_runs)  # subflows of the parent in the UI
    by_worker = {
        name: [r["id"] for r in shard_runs if r["id"] in procs.tail(name, 10**6)]
        for name in ("worker-1", "worker-2")
    }
    assert [len(ids) for ids in by_worker.values()] == [1, 1], by_worker  # one shard each
    loader_runs = _flow_runs(api, _deployment(api, "load-staged/loader")["id"])
    assert [r["state_type"] for r in loader_runs] == ["COMPLETED"]
    told = [m for r in shard_runs for m in _logs(api, r["id"])]
    assert any(f"global concurrency limit: {limited}" in m for m in told), told

    sharded, alone = state(str(many), clusters=False), state(str(one), clusters=False)
    assert sharded == alone
    assert len(alone["events"]) > 20 and len(alone["aliases"]) == 2
    assert alone["runs"][0][0] == "completed"
    assert list((tmp_path / "stage").iterdir()) == []


FINAL_TYPES = {"COMPLETED", "FAILED", "CANCELLED", "CRASHED"}
