"""The Prefect API a command uses: a temporary server that waits long enough, one-line errors."""

from __future__ import annotations

import datetime as dt
import sys
import textwrap
from types import SimpleNamespace

import pytest

from dipwatch.app import prefect_api
from dipwatch.app.prefect_api import PrefectUnavailable, temporary_server

SLOW_SERVER = textwrap.dedent("""
    import http.server, sys, time
    time.sleep(float(sys.argv[2]))  # a slow start, as on a busy host
    class Health(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200 if self.path == "/api/health" else 404)
            self.end_headers()
            self.wfile.write(b"true")
        def log_message(self, *a):
            pass
    http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Health).serve_forever()
""")


def _fake_server(monkeypatch, start_delay: float) -> None:
    monkeypatch.setattr(
        prefect_api,
        "server_command",
        lambda port: [sys.executable, "-c", SLOW_SERVER, str(port), str(start_delay)],
    )


def test_a_slow_starting_server_is_waited_for_and_stopped_afterwards(monkeypatch):
    _fake_server(monkeypatch, start_delay=2.0)
    procs = []
    real_popen = prefect_api.subprocess.Popen
    monkeypatch.setattr(
        prefect_api.subprocess,
        "Popen",
        lambda *a, **k: procs.append(real_popen(*a, **k)) or procs[-1],
    )
    with temporary_server(timeout=60) as url:
        assert url.startswith("http://127.0.0.1:") and url.endswith("/api")
        prefect_api.check_api(url)  # it answers
    assert procs[0].poll() is not None  # stopped with the command


def test_a_server_that_does_not_start_in_time_is_one_line(monkeypatch):
    _fake_server(monkeypatch, start_delay=30.0)
    with (
        pytest.raises(PrefectUnavailable, match="did not start within 1 s") as err,
        temporary_server(timeout=1),
    ):
        pass
    assert "DIPWATCH_PREFECT_START_TIMEOUT" in str(err.value) and "\n" not in str(err.value)


def test_a_server_that_exits_is_one_line_with_its_last_words(monkeypatch):
    monkeypatch.setattr(
        prefect_api,
        "server_command",
        lambda port: [sys.executable, "-c", "import sys; sys.exit('port in use, say')"],
    )
    with (
        pytest.raises(PrefectUnavailable, match="exited with code 1: port in use, say"),
        temporary_server(timeout=30),
    ):
        pass


def test_late_scheduled_runs_are_skipped_and_manual_ones_never():
    from dipwatch.flows.refresh import late_start

    now = dt.datetime(2024, 3, 5, 12, 0, tzinfo=dt.UTC)
    scheduled = SimpleNamespace(
        auto_scheduled=True, expected_start_time=now - dt.timedelta(minutes=15)
    )
    assert "started 900 s late (max_lateness 600 s)" in late_start(scheduled, 600, now)
    assert late_start(scheduled, 1200, now) is None  # late, but within the policy
    assert late_start(scheduled, 0, now) is None  # 0: never skipped
    manual = SimpleNamespace(auto_scheduled=False, expected_start_time=now - dt.timedelta(hours=2))
    assert late_start(manual, 600, now) is None and late_start(None, 600, now) is None
