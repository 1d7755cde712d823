"""Re-coding stored articles: same coder, same events; another coder replaces them, and
clusters and marts follow; --since limits it; failures and concurrent refreshes lose nothing."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cluster_pages import rows, seed_warehouse, snapshot
from dipwatch.events import coders
from dipwatch.warehouse import connection as db
from dipwatch.warehouse.recode import recode
from test_coders import PairCoder
from test_db import _hold_lock

DIPWATCH = str(Path(sys.executable).parent / "dipwatch")
# raw.events as the coder made them: everything but when and by which run they were stored
EVENTS = "select * exclude (extracted_at, run_id) from raw.events order by event_id"


def _events(where: str) -> str:
    """EVENTS of the rows matching `where`."""
    return EVENTS.replace("order by", f"where {where} order by")


@pytest.fixture
def seed(prefect_harness, tmp_path) -> str:
    """A copy of the bundled sample, refreshed by the real flow (clustered, marts built)."""
    return str(seed_warehouse(tmp_path / "wh.duckdb"))


@pytest.fixture
def pairs():
    """The test's second coder, registered as "pairs"."""
    coders.register_coder("pairs", PairCoder, replace=True)
    yield "pairs"
    coders.unregister_coder("pairs")


def _by_type(path: str, where: str = "true") -> dict[str, int]:
    return dict(rows(path, f"select event_type, count(*) from raw.events where {where} group by 1"))


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if not k.startswith(("DIPWATCH_", "PREFECT_"))}
    full.update(env or {})
    return subprocess.run([DIPWATCH, *args], capture_output=True, text=True, env=full, timeout=300)


@pytest.mark.slow
def test_the_same_coder_gives_the_same_events_clusters_and_marts(seed):
    events, marts = rows(seed, EVENTS), snapshot(seed)
    stamps = rows(seed, "select min(extracted_at) from raw.events")[0][0]
    before = _by_type(seed)
    result = recode(seed, batch_size=4)  # three batches
    assert result.articles == rows(seed, "select count(*) from raw.articles")[0][0]
    assert (result.failed, result.changed) == (0, 0)
    assert result.before == result.after == before
    assert rows(seed, EVENTS) == events  # ids and every attribute, provenance included
    assert snapshot(seed) == marts  # the same clusters (ids too) and marts
    assert rows(seed, "select min(extracted_at) from raw.events")[0][0] > stamps
    assert rows(seed, "select distinct run_id from raw.events") == [(result.run_id,)]
    run = rows(seed, "select status, summary from raw.runs where run_id = ?", [result.run_id])
    assert run[0][0] == "completed"
    assert json.loads(run[0][1])["kind"] == "recode"
    line = result.line()
    assert "\n" not in line and f"{result.articles} articles re-coded by rules" in line
    assert f"events {sum(before.values())}->{sum(before.values())}" in line


@pytest.mark.slow
def test_another_coder_replaces_the_events_and_clusters_and_marts_follow(seed, pairs):
    before = _by_type(seed)
    result = recode(seed, coder="pairs")
    assert result.before == before
    n = result.after["CONSULT"]
    assert set(result.after) == {"CONSULT"} and n > 0
    assert rows(seed, "select coder, coder_version, count(*) from events group by all") == [
        ("pairs", "1", n)
    ]
    # every event is in a cluster, and every cluster and mart row is made of the new events
    assert rows(seed, "select count(*) from events where cluster_id is null") == [(0,)]
    clusters = {r[0] for r in rows(seed, "select cluster_id from raw.clusters")}
    assert clusters == {r[0] for r in rows(seed, "select cluster_id from events")}
    assert rows(
        seed, "select count(*) from raw.cluster_members anti join raw.events using (event_id)"
    ) == [(0,)]
    assert {r[0] for r in rows(seed, "select cluster_id from event_feed")} == clusters
    assert rows(seed, "select distinct event_type from event_feed") == [("CONSULT",)]
    assert rows(seed, "select sum(clusters) from dyad_daily") == [(len(clusters),)]


@pytest.mark.slow
def test_since_limits_the_recode_to_articles_reported_from_that_day(seed, pairs):
    day = "cast(timezone('UTC', coalesce(a.published_at, a.first_seen_at)) as date)"
    old = f"select e.* exclude (extracted_at, run_id) from raw.events e join raw.articles a using (article_id) where {day} < '2024-06-01' order by event_id"
    kept = rows(seed, old)
    n_recent = rows(seed, f"select count(*) from raw.articles a where {day} >= '2024-06-01'")[0][0]
    result = recode(seed, since=dt.date(2024, 6, 1), coder="pairs")
    assert result.articles == n_recent and 0 < n_recent < 9
    assert rows(seed, old) == kept  # older articles keep their events, untouched
    newer = rows(
        seed,
        f"select distinct e.coder from raw.events e join raw.articles a using (article_id) where {day} >= '2024-06-01'",
    )
    assert newer == [("pairs",)]
    assert "since 2024-06-01" in result.line()


@pytest.mark.slow
def test_an_article_the_coder_fails_on_keeps_its_events(seed, pairs):
    class Picky(PairCoder):
        def code(self, articles):
            if any("Kenya" in a.text for a in articles):
                raise ValueError("cannot code Kenya")
            return super().code(articles)

    coders.register_coder("picky", Picky)
    kenya = "article_id in (select article_id from raw.articles where body_text like '%Kenya%')"
    kept = rows(seed, _events(kenya))
    try:
        result = recode(seed, coder="picky")
    finally:
        coders.unregister_coder("picky")
    assert result.failed == 1 and kept
    assert rows(seed, _events(kenya)) == kept
    assert rows(seed, "select stage, error from raw.ingest_errors where resolved_at is null") == [
        ("events", "event extraction failed: ValueError: cannot code Kenya")
    ]
    assert "1 failed (their events kept)" in result.line()


@pytest.mark.slow
def test_an_article_a_refresh_rewrote_meanwhile_is_left_as_it_wrote_it(seed, pairs):
    target = rows(seed, "select min(article_id) from raw.articles")[0][0]

    def refresh_meanwhile(done: int, total: int) -> None:
        if done == total:  # every batch coded, the write not begun: a refresh updates one article
            with db.writer(seed, migrate=False) as con:
                con.execute(
                    "update raw.articles set updated_at = now() where article_id = ?", [target]
                )

    mine = _events(f"article_id = '{target}'")
    kept = rows(seed, mine)
    result = recode(seed, coder="pairs", on_progress=refresh_meanwhile)
    assert result.changed == 1
    assert rows(seed, mine) == kept


@pytest.mark.slow
def test_a_failed_write_leaves_the_warehouse_as_it_was(seed, pairs, monkeypatch):
    import dipwatch.warehouse.marts

    events, runs = rows(seed, EVENTS), rows(seed, "select count(*) from raw.runs")

    def boom(con, **_kw):
        raise RuntimeError("simulated crash during the recode")

    monkeypatch.setattr(dipwatch.warehouse.marts, "refresh_marts", boom)
    with pytest.raises(RuntimeError, match="simulated crash"):
        recode(seed, coder="pairs")
    assert rows(seed, EVENTS) == events
    assert rows(seed, "select count(*) from raw.runs") == runs


def test_nothing_to_recode_writes_nothing(tmp_path):
    path = str(tmp_path / "w.duckdb")
    with db.writer(path):
        pass
    result = recode(path, coder="rules")
    assert result.line() == f"dipwatch recode: no articles to re-code in {path}"
    assert rows(path, "select count(*) from raw.runs") == [(0,)]


def test_a_missing_warehouse_or_unknown_coder_is_one_line_and_creates_nothing(tmp_path):
    from dipwatch.events.coders import CoderError

    path = tmp_path / "none.duckdb"
    with pytest.raises(db.WarehouseError, match="no warehouse at .*dipwatch run"):
        recode(str(path))
    with pytest.raises(CoderError, match="unknown event coder 'nope'"):
        recode(str(path), coder="nope")
    assert not path.exists()


@pytest.mark.slow
def test_the_command_prints_one_line(seed):
    proc = _cli("recode", "--db", seed, "--since", "2024-01-01")
    assert proc.returncode == 0, proc.stderr
    out = [line for line in proc.stdout.splitlines() if line.strip()]
    assert len(out) == 1 and "articles since 2024-01-01 re-coded by rules" in out[0], proc.stdout
    assert "Traceback" not in proc.stderr


def test_the_command_on_a_locked_warehouse_is_one_line_and_exit_2(tmp_path):
    path = str(tmp_path / "w.duckdb")
    with db.writer(path):
        pass
    holder = _hold_lock(path, 60)
    try:
        proc = _cli("recode", "--db", path, env={"DIPWATCH_LOCK_TIMEOUT": "1"})
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "locked" in lines[0], proc.stderr
    assert proc.stdout == ""


def test_the_command_errors_are_one_line_and_exit_2(tmp_path):
    missing = _cli("recode", "--db", str(tmp_path / "none.duckdb"))
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1
    assert "no warehouse" in missing.stderr
    unknown = _cli("recode", "--db", str(tmp_path / "none.duckdb"), "--coder", "nope")
    assert unknown.returncode == 2 and unknown.stderr.count("\n") == 1
    assert "unknown event coder 'nope' (known: rules)" in unknown.stderr
    bad_env = _cli("run", "--db", str(tmp_path / "w.duckdb"), env={"DIPWATCH_CODER": "nope"})
    assert bad_env.returncode == 2 and "unknown event coder 'nope'" in bad_env.stderr
    assert not (tmp_path / "w.duckdb").exists()  # refused before anything was fetched


@pytest.mark.slow
def test_the_recode_flow_runs_for_the_ui(seed, pairs):
    from dipwatch.flows.recode import recode as recode_flow

    out = recode_flow(db_path=seed, coder="pairs", since="2024-06-01")
    assert out["kind"] == "recode" and out["coder"] == "pairs" and out["articles_recoded"] > 0
    assert rows(seed, "select count(*) from raw.runs where run_id = ?", [out["run_id"]]) == [(1,)]
