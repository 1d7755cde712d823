"""`dipwatch run` and its processes: its temporary Prefect server dies with it, even on kill -9."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from localserver import LocalServer, Reply
from pages import VISIT, page, rss

pytestmark = pytest.mark.slow

DIPWATCH = str(Path(sys.executable).parent / "dipwatch")


def _children() -> dict[int, int]:
    """pid -> parent pid of every live (not zombie) process."""
    out = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if state != "Z":
            out[int(entry.name)] = int(ppid)
    return out


def _descendants(pid: int) -> set[int]:
    parents = _children()
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier} - found
        found |= frontier
    return found


def _alive(pids: set[int]) -> set[int]:
    live = _children()
    return {p for p in pids if p in live}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("workers", [1, 2])
def test_kill_9_of_a_refresh_leaves_no_process_running(tmp_path, workers):
    t0 = dt.datetime(2024, 3, 5, 10, 0, tzinfo=dt.UTC)
    with LocalServer() as srv:
        srv.route("/a/slow.html", Reply.html(page("Xi arrives in Moscow", VISIT), delay=120))
        srv.route("/feed.xml", Reply.xml(rss([("Xi arrives", srv.url("/a/slow.html"), t0)])))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DIPWATCH_", "PREFECT_"))}
        env |= {"PREFECT_HOME": str(tmp_path / "prefect"), "DIPWATCH_TOTAL_TIMEOUT": "300"}
        env |= {"DIPWATCH_READ_TIMEOUT_HTTP": "300", "DIPWATCH_RETRIES": "0"}
        env |= {"DIPWATCH_EXTRACT_WORKERS": str(workers)}  # 2: two text and event workers too
        proc = subprocess.Popen(
            [DIPWATCH, "run", "--feed", srv.url("/feed.xml"), "--db", str(tmp_path / "w.duckdb")],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        kids: set[int] = set()
        try:
            deadline = time.monotonic() + 180
            while not srv.hits("/a/slow.html") and time.monotonic() < deadline:
                assert proc.poll() is None, "the run ended before it fetched the page"
                time.sleep(0.2)
            assert srv.hits("/a/slow.html"), "the run never reached the page"
            kids = _descendants(proc.pid)
            assert kids, "the run had no child process (its temporary Prefect server)"
            # its temporary Prefect server, and with 2 workers their processes
            assert len(kids) >= 1 + (workers if workers > 1 else 0), kids
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(10)
            deadline = time.monotonic() + 20
            while _alive(kids) and time.monotonic() < deadline:
                time.sleep(0.2)
            left = _alive(kids)
        finally:
            if proc.poll() is None:
                proc.kill()
            for pid in _alive(kids | _descendants(proc.pid)):  # leave none behind if it failed
                os.kill(pid, signal.SIGKILL)
    assert not left, f"processes left running after kill -9: {sorted(left)}"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_first_run_on_a_terminal_whose_feeds_all_fail_exits_1_without_banner(tmp_path):
    """On a terminal (a pty), with a new PREFECT_HOME and no DO_NOT_TRACK: no telemetry notice;
    every feed failed: the summary, one line saying so, exit 1."""
    import pty

    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DIPWATCH_", "PREFECT_")) and k not in ("DO_NOT_TRACK", "CI")
    }
    env |= {"PREFECT_HOME": str(tmp_path / "new-prefect-home"), "TERM": "dumb"}
    controller, terminal = pty.openpty()
    proc = subprocess.Popen(
        [DIPWATCH, "run", "--feed", str(tmp_path / "missing.xml"), "--db", str(tmp_path / "w.db")],
        env=env,
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        start_new_session=True,
    )
    os.close(terminal)
    out = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closed: the command ended
            break
        if not chunk:
            break
        out += chunk
    os.close(controller)
    text = out.decode("utf-8", "replace")
    assert proc.wait(120) == 1, text
    assert "anonymous usage" not in text and "telemetry" not in text.lower(), text
    assert "Traceback" not in text, text
    assert "dipwatch run: the refresh failed: every feed failed (1 of 1)" in text
    assert "1 feeds polled (1 failed)" in text
