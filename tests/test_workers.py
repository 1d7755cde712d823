"""Text and events on worker processes (`extract_workers`): the same rows as one process, and no
worker outlives its parent, even one killed with kill -9."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from localserver import Reply, local_server_fixture  # noqa: F401
from pages import LOAN, SANCTIONS, VISIT, WEATHER, page, rss

ROOT = Path(__file__).resolve().parents[1]
T0 = dt.datetime(2024, 3, 5, 10, 0, tzinfo=dt.UTC)
STORIES = [VISIT, SANCTIONS, LOAN]


def _world(srv, phase: dict) -> str:
    """A feed of every kind of page a batch can hold; phase["n"] = 2 changes some of them."""
    items = []
    for i in range(9):  # each story retold with another day and number, so the texts differ
        paras = [
            p.replace("Monday", ["Monday", "Tuesday", "Friday"][i % 3]) for p in STORIES[i % 3]
        ]
        paras.append(f"This is report number {i} of the day.")
        when = T0 + dt.timedelta(hours=i)

        def reply(_req, paras=paras, i=i, when=when):
            text = list(paras)
            if i == 4 and phase["n"] == 2:  # updated: same URL, another text
                text.append("Officials later added that the talks would resume in April.")
            return Reply.html(page(f"Report {i}", text, published=when.isoformat()))

        srv.route(f"/a/{i}.html", reply)
        items.append((f"Report {i}", srv.url(f"/a/{i}.html"), when))
    # the same text as report 1 at another URL: a duplicate, whichever process codes it
    dup = [p.replace("Monday", "Tuesday") for p in STORIES[1]] + [
        "This is report number 1 of the day."
    ]
    srv.route("/copy/1.html", Reply.html(page("Report 1 (copy)", dup, published=T0.isoformat())))
    srv.route("/a/long.html", Reply.html(page("Storm", WEATHER * 12, published=T0.isoformat())))
    srv.route("/a/empty.html", Reply.html("<html><body><p>Hi.</p></body></html>"))
    items += [
        ("Copy", srv.url("/copy/1.html"), T0 + dt.timedelta(hours=20)),
        ("Long", srv.url("/a/long.html"), T0),
        ("Empty", srv.url("/a/empty.html"), T0),
        ("Missing", srv.url("/a/missing.html"), T0),
    ]

    def feed(_req):
        return Reply.xml(rss(items if phase["n"] == 1 else _redated(items, srv)))

    srv.route("/feed.xml", feed)
    return srv.url("/feed.xml")


def _redated(items, srv):
    """Reports 4 (its text changed) and 5 (the same text: fetched again, not coded) re-dated."""
    moved = {srv.url("/a/4.html"), srv.url("/a/5.html")}
    return [(t, u, d + dt.timedelta(hours=3) if u in moved else d) for t, u, d in items]


def _work_and_tell(*args):
    """work_pages, writing the worker's pid where the test looks (WORKED_IN)."""
    from dipwatch.workers import work_pages

    with open(os.environ["WORKED_IN"], "a") as fh:
        fh.write(f"{os.getpid()}\n")
    return work_pages(*args)


RUN_COLUMNS = (
    "run_id",
    "flow_run_id",
    "duration_s",
    "seconds",
    "summary",
)  # of the run, not its data


def _tables(path: str) -> dict[str, list[tuple]]:
    """Every table and view of the warehouse, without times and run ids (they differ by run)."""
    con = duckdb.connect(path, read_only=True)
    try:
        names = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema in ('raw', 'main') and table_name not in ('runs', 'schema_version')"
        ).fetchall()
        out = {}
        for schema, name in names:
            cols = [
                c
                for c, kind in con.execute(
                    "select column_name, data_type from information_schema.columns "
                    "where table_schema = ? and table_name = ? order by ordinal_position",
                    [schema, name],
                ).fetchall()
                if "TIMESTAMP" not in kind and c not in RUN_COLUMNS
            ]
            select = ", ".join(f'"{c}"' for c in cols)
            out[f"{schema}.{name}"] = con.execute(
                f'select {select} from "{schema}"."{name}" order by all'
            ).fetchall()
        return out
    finally:
        con.close()


@pytest.mark.slow
def test_two_workers_load_exactly_the_rows_of_one(
    prefect_harness, local_server, tmp_path, monkeypatch
):
    from dipwatch.flows import refresh as refresh_flow
    from dipwatch.flows.refresh import refresh

    from dipwatch.config import RefreshSettings

    phase = {"n": 1}
    feed = _world(local_server, phase)
    dbs = {n: str(tmp_path / f"w{n}.duckdb") for n in (1, 2)}

    def run(n: int) -> dict:
        settings = RefreshSettings(
            db=dbs[n],
            extract_workers=n,
            stream_batch_size=5,  # three batches
            batch_size=2,  # pieces of two pages on the workers
            max_text_chars=1500,  # the long page is cut: a warning row
            respect_robots=False,
            retries=0,
        )
        return refresh(settings=settings, feeds=[feed])

    monkeypatch.setenv("WORKED_IN", str(tmp_path / "pids"))
    monkeypatch.setattr(refresh_flow, "work_pages", _work_and_tell)
    first = {n: run(n) for n in (1, 2)}
    pids = set((tmp_path / "pids").read_text().split())
    assert len(pids) == 2 and str(os.getpid()) not in pids  # the 2-worker run used two others
    phase["n"] = 2
    second = {n: run(n) for n in (1, 2)}

    assert first[1]["articles_new"] == 10 and first[1]["duplicates"] == 1
    assert (second[1]["articles_new"], second[1]["articles_updated"]) == (0, 1)
    assert second[1]["articles_unchanged"] >= 10
    for key in ("articles_new", "articles_updated", "articles_unchanged", "duplicates"):
        assert first[2][key] == first[1][key] and second[2][key] == second[1][key], key
    assert sorted(first[2]["errors"]) == sorted(first[1]["errors"])
    stages = {stage for _, stage, _ in first[1]["errors"]}
    assert {"fetch", "extract", "limit"} <= stages  # a 404, a page without text, a cut text
    one, two = _tables(dbs[1]), _tables(dbs[2])
    assert one["raw.events"] and one["raw.article_aliases"] and one["raw.cluster_members"]
    assert one == two


_CHILD = textwrap.dedent(
    """
    import os, sys, time
    from dipwatch.events.coders import register_coder
    from dipwatch.workers import Pool, result

    class Quiet:
        name, version = "quiet", "1"
        def code(self, articles):
            return [[] for _ in articles]

    register_coder("quiet", Quiet)
    pool = Pool(2, "quiet")
    pids = {result(pool.submit(os.getpid)) for _ in range(20)}
    print(" ".join(map(str, sorted(pids))), flush=True)
    pool.submit(time.sleep, 600)
    time.sleep(600)
    """
)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_workers_die_with_a_parent_killed_with_kill_9():
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD], env=env, stdout=subprocess.PIPE, text=True
    )
    workers: set[int] = set()
    try:
        line = child.stdout.readline()  # type: ignore[union-attr]
        workers = {int(p) for p in line.split()}
        assert len(workers) == 2 and child.pid not in workers and all(map(_alive, workers))
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
        deadline = time.monotonic() + 30
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = {p for p in workers if _alive(p)}
    finally:
        if child.poll() is None:
            child.kill()
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert not left, f"workers left running after kill -9 of their parent: {sorted(left)}"


def test_workers_log_here_and_one_that_dies_fails_its_work_with_one_line(caplog):
    from dipwatch.events.coders import register_coder, unregister_coder
    from dipwatch.models import Page
    from dipwatch.workers import Pool, WorkerDied, result, work_pages

    class Quiet:
        name, version = "quiet-test", "1"

        def code(self, articles):
            return [[] for _ in articles]

    register_coder("quiet-test", Quiet)
    try:
        with Pool(2, "quiet-test") as pool:
            assert result(pool.submit(abs, -3)) == 3
            empty = Page(url="https://x.example/a", html="<html><body><p>Hi.</p></body></html>")
            with caplog.at_level("WARNING", logger="dipwatch"):
                worked = result(pool.submit(work_pages, [empty], "quiet-test", None, None, {}))
            assert worked.articles == [None] and worked.errors[0][0].stage == "extract"
            # the worker's warning is logged here, once
            assert sum("no article text" in r.getMessage() for r in caplog.records) == 1
            with pytest.raises(WorkerDied, match="extract_workers = 1"):
                result(pool.submit(os._exit, 1))
    finally:
        unregister_coder("quiet-test")


def test_one_worker_runs_inline_and_logs_once(caplog):
    from dipwatch.models import Page
    from dipwatch.workers import Pool, result, work_pages

    pool = Pool(1, "rules")
    assert pool.inline
    empty = Page(url="https://x.example/a", html="<html><body><p>Hi.</p></body></html>")
    with caplog.at_level("WARNING", logger="dipwatch"):
        worked = result(pool.submit(work_pages, [empty], "rules", None, None, {}))
    assert worked.articles == [None] and worked.errors[0][0].stage == "extract"
    assert sum("no article text" in r.getMessage() for r in caplog.records) == 1


def _dies(*args):
    """A worker that dies in its work (as one the kernel kills for memory)."""
    os._exit(1)


@pytest.mark.slow
def test_a_run_whose_worker_dies_fails_and_the_run_time_cap_holds_with_workers(
    prefect_harness, local_server, tmp_path, monkeypatch
):
    from dipwatch.flows import refresh as refresh_flow
    from dipwatch.flows.refresh import refresh

    from dipwatch.config import RefreshSettings
    from dipwatch.workers import WorkerDied

    feed = _world(local_server, {"n": 1})
    db = str(tmp_path / "w.duckdb")
    settings = RefreshSettings(db=db, extract_workers=2, respect_robots=False, retries=0)
    with monkeypatch.context() as patch:
        patch.setattr(refresh_flow, "work_pages", _dies)
        with pytest.raises(WorkerDied, match="worker process died"):
            refresh(settings=settings, feeds=[feed])
    con = duckdb.connect(db, read_only=True)
    try:
        [(status, summary)] = con.execute("select status, summary from raw.runs").fetchall()
        loaded = con.execute("select count(*) from raw.articles").fetchone()
    finally:
        con.close()
    assert status == "failed" and "WorkerDied" in summary and loaded == (0,)

    capped = refresh(settings=settings.model_copy(update={"max_run_seconds": 0.001}), feeds=[feed])
    assert capped["deferred"] > 0 and capped["articles_new"] == 0
    after = refresh(settings=settings, feeds=[feed])
    assert after["deferred"] == 0 and after["articles_new"] == 10
