"""The Prefect API a command talks to: the user's server (checked first), else a temporary one.

Without PREFECT_API_URL, Prefect would start its own temporary server with a 20 s limit (a
busy host misses it) and leave it running when `dipwatch run` is killed with `kill -9`. So
dipwatch starts that server itself, as a child that the kernel kills with its parent
(PR_SET_PDEATHSIG on Linux), waits for it as long as `prefect_start_timeout` says, and stops it
when the command ends. Everything here runs before Prefect is imported.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from importlib import util
from pathlib import Path

import httpx

PR_SET_PDEATHSIG = 1
log = logging.getLogger("dipwatch.app.prefect_api")


class PrefectUnavailable(Exception):
    """The Prefect API does not answer; the message is one line for the user."""


def quiet_prefect() -> None:
    """No telemetry, no first-run notice, no chatter on the terminal (setdefault: users win)."""
    os.environ.setdefault("DO_NOT_TRACK", "1")  # the SDK's telemetry and its first-run notice
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_LOGGING_LOG_PRINTS", "false")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "ERROR")


def check_api(url: str, timeout: float = 5.0) -> None:
    """PrefectUnavailable unless `url` (PREFECT_API_URL) answers its health check."""
    health = url.rstrip("/") + "/health"
    hint = "start it (`prefect server start`) or unset PREFECT_API_URL to run without a server"
    try:
        reply = httpx.get(health, timeout=timeout)
    except httpx.HTTPError as exc:
        cause = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise PrefectUnavailable(
            f"the Prefect API at {url} does not answer ({cause}): {hint}"
        ) from None
    if reply.status_code != 200:
        raise PrefectUnavailable(
            f"the Prefect API at {url} answered HTTP {reply.status_code} to its health check: "
            "is PREFECT_API_URL right (it ends in /api)?"
        )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _die_with_parent(parent: int) -> None:
    """In the child before exec: the kernel sends SIGKILL when the parent dies (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def dies_with_this_process() -> Callable[[], None] | None:
    """A `preexec_fn` for a child the kernel kills when this process dies (Linux; else None)."""
    parent = os.getpid()
    return (lambda: _die_with_parent(parent)) if sys.platform == "linux" else None


def server_command(port: int) -> list[str]:
    """The temporary API server, as Prefect starts its own (uvicorn on its app factory)."""
    spec = util.find_spec("prefect")
    app_dir = str(Path(spec.origin).parent.parent) if spec and spec.origin else "."
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--app-dir",
        app_dir,
        "--factory",
        "prefect.server.api.server:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "error",
        "--lifespan",
        "on",
    ]


@contextlib.contextmanager
def temporary_server(timeout: float = 120.0) -> Iterator[str]:
    """A Prefect API server for this command only; yields its API URL, stops it afterwards."""
    env = {
        **os.environ,
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    env.pop("PREFECT_API_URL", None)
    with tempfile.TemporaryFile() as errors:
        port = _free_port()
        proc = subprocess.Popen(
            server_command(port),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            preexec_fn=dies_with_this_process(),
        )
        try:
            url = f"http://127.0.0.1:{port}/api"
            _wait_healthy(proc, url, timeout, errors)
            yield url
        finally:
            _stop(proc)


def _wait_healthy(proc: subprocess.Popen, url: str, timeout: float, errors) -> None:
    """Poll the health endpoint until it answers; PrefectUnavailable on exit or timeout."""
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=2.0) as client:
        while True:
            if proc.poll() is not None:
                errors.seek(0)
                tail = errors.read().decode("utf-8", "replace").strip().splitlines()[-1:]
                raise PrefectUnavailable(
                    f"the temporary Prefect API server exited with code {proc.returncode}"
                    + (f": {tail[0]}" if tail else "")
                )
            with contextlib.suppress(httpx.HTTPError):
                if client.get(url + "/health").status_code == 200:
                    waited = timeout - (deadline - time.monotonic())
                    log.debug("temporary Prefect API server at %s up after %.1f s", url, waited)
                    return
            if time.monotonic() >= deadline:
                raise PrefectUnavailable(
                    f"the temporary Prefect API server did not start within {timeout:g} s "
                    "(a busy host?): raise DIPWATCH_PREFECT_START_TIMEOUT or run a server "
                    "(`prefect server start`, PREFECT_API_URL)"
                )
            time.sleep(0.25)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def configured_api() -> str | None:
    """PREFECT_API_URL as Prefect sees it (environment or the active profile), else None."""
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    return str(url) if url else None


@contextlib.contextmanager
def prefect_api(start_timeout: float = 120.0) -> Iterator[str]:
    """The API this command uses: PREFECT_API_URL if set (checked), else a temporary server."""
    quiet_prefect()
    given = configured_api()
    if given:
        check_api(given)
        yield given
        return
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_server(start_timeout) as url, temporary_settings({PREFECT_API_URL: url}):
        os.environ["PREFECT_API_URL"] = url  # threads outside Prefect's context read it here
        try:
            yield url
        finally:
            _drain()  # send the run's last logs and events while the server still listens
            os.environ.pop("PREFECT_API_URL", None)


def _drain(timeout: float = 5.0) -> None:
    """Flush Prefect's background log and event senders (at most `timeout` s each)."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        with contextlib.suppress(Exception):
            worker.drain_all(timeout=timeout)
