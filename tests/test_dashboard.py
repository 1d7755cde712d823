"""The Streamlit dashboard: its logic through AppTest, and the real app in headless Chromium."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pytest

from cluster_pages import ROOT, art, at, ev, load, seed_warehouse
from dipwatch.app.cli import main
from dipwatch.warehouse import connection as db

pytest.importorskip("streamlit", reason="the dashboard extra (streamlit, pyarrow) is not installed")
from streamlit.testing.v1 import AppTest  # noqa: E402

from dipwatch.app.dashboard import APP, queries, streamlit_command  # noqa: E402

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
SEED_HEADLINE = "North Korea, Russia exploring mutual need for a friend"


@pytest.fixture(scope="module")
def seed(prefect_harness, tmp_path_factory) -> str:
    """The bundled sample feed through the real pipeline."""
    return str(seed_warehouse(tmp_path_factory.mktemp("seed") / "wh.duckdb"))


def _app(monkeypatch, path: str, read_timeout: float = 30.0) -> AppTest:
    monkeypatch.setenv("DIPWATCH_DB", path)
    monkeypatch.setenv("DIPWATCH_READ_TIMEOUT", str(read_timeout))
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.run()
    assert not app.exception, app.exception
    return app


def _text(app: AppTest) -> str:
    parts = (
        [m.value for m in app.markdown]
        + [c.value for c in app.caption]
        + [i.value for i in app.info]
    )
    return "\n".join(str(p) for p in parts)


# ---------------------------------------------------------------- app logic (AppTest)


@pytest.mark.slow
def test_dyad_view_defaults_to_prk_and_rus(seed, monkeypatch):
    app = _app(monkeypatch, seed)
    assert app.title[0].value.startswith("dipwatch")
    assert (app.selectbox(key="dyad_a").value, app.selectbox(key="dyad_b").value) == ("PRK", "RUS")
    text = _text(app)
    assert "PRK ↔ RUS" in text and SEED_HEADLINE in text
    # another pair
    app.selectbox(key="dyad_a").set_value("RUS").run()
    app.selectbox(key="dyad_b").set_value("VNM").run()
    assert "RUS ↔ VNM" in _text(app)
    # filtering by type empties the pair's view
    app.selectbox(key="dyad_a").set_value("PRK").run()
    app.selectbox(key="dyad_b").set_value("RUS").run()
    app.multiselect(key="types").set_value(["SANCTION"]).run()
    assert "No events between PRK and RUS" in _text(app)


@pytest.mark.slow
def test_latest_events_table_filters_and_links(seed, monkeypatch):
    app = _app(monkeypatch, seed)
    table = app.dataframe[0].value
    assert len(table) > 10 and table["article_url"].str.startswith("file://").all()
    assert list(table["first_reported_at"]) == sorted(table["first_reported_at"], reverse=True)
    app.text_input(key="search").set_value("Manila").run()
    found = app.dataframe[0].value
    assert 0 < len(found) < len(table)
    assert all(
        "manila" in (f"{r.headline} {r.evidence} {r.location_name}").lower()
        for r in found.itertuples()
    )
    app.text_input(key="search").set_value("").run()
    app.selectbox(key="country").set_value("JPN").run()
    japan = app.dataframe[0].value
    assert len(japan) and all(
        "JPN" in (r.source_country, r.target_country) for r in japan.itertuples()
    )


def test_a_warehouse_without_marts_or_file_is_explained(tmp_path, monkeypatch):
    missing = _app(monkeypatch, str(tmp_path / "none.duckdb"))
    assert "no warehouse" in missing.error[0].value
    path = str(tmp_path / "empty.duckdb")
    with db.writer(path):
        pass
    empty = _app(monkeypatch, path)
    assert "not built yet" in empty.info[0].value


def test_the_dashboard_waits_for_a_refresh_holding_the_warehouse(tmp_path, monkeypatch):
    path = str(tmp_path / "wh.duckdb")
    load(
        path,
        [
            (
                art("visit", at("2024-03-04")),
                [ev("CONSULT", "PRK", "RUS", "2024-03-04", place="Moscow", lat=55.75, lon=37.6)],
            )
        ],
    )
    holder = (
        "import duckdb, sys, time\n"
        "con = duckdb.connect(sys.argv[1])\n"
        "print('locked', flush=True)\n"
        "time.sleep(float(sys.argv[2]))\n"
        "con.close()\n"
    )
    # a refresh that outlasts the read timeout: the page says so instead of failing
    proc = subprocess.Popen(
        [sys.executable, "-c", holder, path, "60"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline().strip() == "locked"
        app = _app(monkeypatch, path, read_timeout=0.5)
        assert "refresh is loading" in app.warning[0].value
    finally:
        proc.kill()
        proc.wait()
    # a refresh of 2 s: the page waits for it and shows the data
    proc = subprocess.Popen(
        [sys.executable, "-c", holder, path, "2"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline().strip() == "locked"
        start = time.monotonic()
        app = _app(monkeypatch, path, read_timeout=30)
        assert time.monotonic() - start >= 1.0
        assert "PRK ↔ RUS" in _text(app)
    finally:
        proc.wait()


def test_dyad_trend_separates_each_direction_from_symmetric_events(tmp_path):
    path = str(tmp_path / "wh.duckdb")
    load(
        path,
        [
            (
                art("visit", at("2024-03-04")),
                [ev("CONSULT", "PRK", "RUS", "2024-03-04", goldstein=1.9)],
            ),
            (
                art("accusation", at("2024-03-06")),
                [ev("ACCUSE", "RUS", "PRK", "2024-03-06", goldstein=-2.0, quad=3)],
            ),
            (  # talks: stored once in dyad_daily, as PRK -> RUS (alphabetical order)
                art("talks", at("2024-03-08")),
                [
                    ev("CONSULT", "RUS", "PRK", "2024-03-08", symmetric=True, goldstein=4.0),
                    ev("CONSULT", "PRK", "RUS", "2024-03-08", symmetric=True, goldstein=4.0),
                ],
            ),
        ],
    )
    with db.reader(path) as con:
        rus_prk = queries.dyad_trend(con, "RUS", "PRK", "month").iloc[0]
        prk_rus = queries.dyad_trend(con, "PRK", "RUS", "month").iloc[0]
    assert rus_prk["clusters"] == prk_rus["clusters"] == 3
    assert rus_prk["goldstein_mean"] == pytest.approx((1.9 - 2.0 + 4.0) / 3)
    assert (rus_prk["clusters_from_a"], rus_prk["goldstein_mean_from_a"]) == (1, -2.0)
    assert (rus_prk["clusters_from_b"], rus_prk["goldstein_mean_from_b"]) == (1, 1.9)
    assert (prk_rus["clusters_from_a"], prk_rus["goldstein_mean_from_a"]) == (1, 1.9)
    assert (prk_rus["clusters_from_b"], prk_rus["goldstein_mean_from_b"]) == (1, -2.0)
    for trend in (rus_prk, prk_rus):
        assert (trend["clusters_symmetric"], trend["goldstein_mean_symmetric"]) == (1, 4.0)


def test_queries_reject_unknown_periods():
    with pytest.raises(ValueError, match="period"):
        queries.activity_over_time(None, "fortnight")  # type: ignore[arg-type]


def test_dashboard_command(tmp_path, capsys):
    assert main(["dashboard", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "no warehouse" in capsys.readouterr().err
    cmd = streamlit_command("/data/wh.duckdb", 8600)
    assert cmd[:4] == [sys.executable, "-m", "streamlit", "run"]
    for flag, value in (
        ("--server.headless", "true"),
        ("--browser.gatherUsageStats", "false"),
        ("--server.port", "8600"),
    ):
        assert cmd[cmd.index(flag) + 1] == value
    assert cmd[-2:] == ["--db", "/data/wh.duckdb"]


# ---------------------------------------------------------------- the real app in Chromium


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Chromium:
    """Headless Chromium driven over the DevTools protocol (no network but 127.0.0.1)."""

    def __init__(self, width: int = 1400, height: int = 1800) -> None:
        from websockets.sync.client import connect

        self.profile = tempfile.mkdtemp(prefix="dipwatch-chromium-")
        self.proc = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-dev-shm-usage",
                f"--user-data-dir={self.profile}",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 30
        port = None
        while port is None and time.monotonic() < deadline:
            line = self.proc.stderr.readline()
            if not line and self.proc.poll() is not None:
                raise RuntimeError("chromium exited")
            m = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            port = int(m.group(1)) if m else None
        assert port, "chromium did not start its DevTools endpoint"
        page = next(
            t for t in httpx.get(f"http://127.0.0.1:{port}/json/list").json() if t["type"] == "page"
        )
        self.ws = connect(page["webSocketDebuggerUrl"], max_size=100_000_000, open_timeout=10)
        self.n = 0
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def call(self, method: str, **params: object) -> dict:
        """One DevTools command; its result."""
        self.n += 1
        self.ws.send(json.dumps({"id": self.n, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv(timeout=30))
            if msg.get("id") == self.n:
                assert "error" not in msg, msg
                return msg["result"]

    def text(self) -> str:
        """The visible text of the page."""
        result = self.call(
            "Runtime.evaluate",
            expression="document.body ? document.body.innerText : ''",
            returnByValue=True,
        )
        return str(result["result"].get("value", ""))

    def js(self, expression: str) -> object:
        """The value of a JavaScript expression on the page."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30) -> object:
        """Poll a JavaScript expression until it is truthy; its value."""
        deadline = time.monotonic() + timeout
        value = None
        while time.monotonic() < deadline:
            value = self.js(expression)
            if value:
                return value
            time.sleep(0.3)
        return value

    def hover(self, x: float, y: float) -> None:
        """Move the mouse to a point of the page."""
        self.call("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)

    def screenshot(self, path: Path) -> None:
        """Save the viewport as PNG."""
        path.write_bytes(
            base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])
        )

    def close(self) -> None:
        """Close the browser and its profile."""
        try:
            self.call("Browser.close")
            self.ws.close()
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def _check_map_tooltip(browser: _Chromium, seed: str) -> None:
    """Open the Map tab, point at its centre (the latest located event): the tooltip names it."""
    with db.reader(seed) as con:
        points = queries.map_points(con)
    first = points.iloc[0]  # the map is centred on the latest; others may share its place
    here = points[
        (points["latitude"] == first["latitude"]) & (points["longitude"] == first["longitude"])
    ]
    clicked = browser.js(
        "(() => { const t = Array.from(document.querySelectorAll('[role=tab]'))"
        ".find(b => b.innerText.trim() === 'Map'); if (t) t.click(); return !!t; })()"
    )
    assert clicked
    rect = browser.wait_for(
        "(() => { const c = document.querySelector('[data-testid=stDeckGlJsonChart] canvas');"
        " if (!c) return null; const r = c.getBoundingClientRect();"
        " return r.width > 100 ? [r.left, r.top, r.width, r.height] : null; })()"
    )
    assert rect, "the map did not render"
    left, top, width, height = rect
    browser.js("window.scrollTo(0, 0)")
    tip = None
    for dx, dy in ((0, 0), (1, 1), (-1, -1), (2, 0), (0, 2)):  # wake deck's picking up
        browser.hover(left + width / 2 + dx, top + height / 2 + dy)
        time.sleep(0.6)
        tip = browser.js(
            "(() => { const t = document.querySelector('.deck-tooltip');"
            " return t && t.style.display !== 'none' ? t.innerText : null; })()"
        )
        if tip:
            break
    assert tip, "no tooltip over the latest located event"
    shown = [
        r
        for r in here.itertuples()
        if r.headline in tip and r.event_type in tip and f"{r.source_country} " in tip
    ]
    assert shown, tip
    assert shown[0].location_name in tip and ("(event date)" in tip or "(first report)" in tip)


@pytest.mark.slow
@pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium; .ci/run does it)"
)
def test_the_dashboard_renders_in_a_browser(seed, tmp_path):
    warehouse = tmp_path / "warehouse" / "dipwatch.duckdb"  # shown as the default path is
    warehouse.parent.mkdir()
    shutil.copyfile(seed, warehouse)
    port = _free_port()
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false", PYTHONUNBUFFERED="1")
    log = (tmp_path / "streamlit.log").open("w")
    server = subprocess.Popen(
        streamlit_command(str(warehouse), port),
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=tmp_path,
    )
    browser = None
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).text == "ok":
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None, (tmp_path / "streamlit.log").read_text()
            time.sleep(0.2)
        browser = _Chromium(1400, 1050)
        browser.call("Page.navigate", url=f"http://127.0.0.1:{port}/")
        deadline = time.monotonic() + 40
        text = ""
        while time.monotonic() < deadline:
            text = browser.text()
            if "PRK ↔ RUS" in text and SEED_HEADLINE in text:
                break
            time.sleep(0.5)
        assert "PRK ↔ RUS" in text and SEED_HEADLINE in text, text[-2000:]
        assert "Traceback" not in text and "Error" not in text
        # the date basis is said, in the note and per event
        assert "date basis" in text and ("event date" in text or "first report" in text)
        # colours by quad class: cooperation blue/green, conflict orange/red
        swatches = browser.wait_for(
            "Array.from(document.querySelectorAll('.dw-quad')).map(e => [e.dataset.quad, "
            "e.innerText.trim(), getComputedStyle(e.firstElementChild).backgroundColor])"
        )
        assert {(q, name): colour for q, name, colour in swatches} == {
            ("1", "verbal cooperation"): "rgb(43, 131, 186)",
            ("2", "material cooperation"): "rgb(26, 150, 65)",
            ("3", "verbal conflict"): "rgb(240, 140, 46)",
            ("4", "material conflict"): "rgb(215, 25, 28)",
        }
        time.sleep(1.5)  # let the charts finish drawing
        shot = tmp_path / "dashboard.png"
        browser.screenshot(shot)
        assert shot.stat().st_size > 20_000
        if os.environ.get("DIPWATCH_UPDATE_SCREENSHOT"):
            (ROOT / "docs").mkdir(exist_ok=True)
            shutil.copyfile(shot, ROOT / "docs" / "dashboard.png")
        _check_map_tooltip(browser, seed)
    finally:
        if browser is not None:
            browser.close()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.mark.slow
def test_the_new_and_alerts_tabs_and_the_date_basis(seed, monkeypatch):
    app = _app(monkeypatch, seed)
    text = _text(app)
    assert "first loaded by the last refresh" in text and SEED_HEADLINE in text
    assert "No alerts" in text and "date basis" in text
    table = app.dataframe[0].value
    assert set(table["date_basis"]) <= {"event date", "first report"}
    assert table["link"].isna().all()  # the sample's file: URLs get no link
