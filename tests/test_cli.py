"""The `dipwatch` command as a user runs it: output, exit codes, one-line errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_db import _hold_lock

ROOT = Path(__file__).resolve().parents[1]
DIPWATCH = str(Path(sys.executable).parent / "dipwatch")


def _run(
    *args: str, env: dict | None = None, cwd: Path | None = None, timeout: float = 180
) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("DIPWATCH_", "PREFECT_"))}
    full_env.update(env or {})
    return subprocess.run(
        [DIPWATCH, *args], capture_output=True, text=True, env=full_env, cwd=cwd, timeout=timeout
    )


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    """`dipwatch run` on a copy of the bundled sample feed (ephemeral Prefect, as a user runs it)."""
    tmp = tmp_path_factory.mktemp("cli")
    shutil.copytree(ROOT / "seeds" / "pages", tmp / "feed" / "pages")
    shutil.copy(ROOT / "seeds" / "feed.xml", tmp / "feed" / "feed.xml")
    db = tmp / "wh.duckdb"
    proc = _run(
        "run",
        "--feed",
        str(tmp / "feed" / "feed.xml"),
        "--db",
        str(db),
        env={"PREFECT_HOME": str(tmp / "prefect")},
        cwd=tmp,
    )
    return proc, db, tmp


@pytest.mark.slow
def test_run_prints_a_summary_and_no_traceback(sample_run):
    proc, db, _ = sample_run
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "articles:" in out and "new" in out
    assert "events:" in out and "CONSULT" in out
    assert str(db) in out and "dipwatch sql" in out
    assert "Traceback" not in proc.stderr + out
    assert "telemetry" not in (proc.stderr + out).lower()


@pytest.mark.slow
def test_second_run_adds_nothing(sample_run):
    _, db, tmp = sample_run
    before = _run(
        "sql",
        "select (select count(*) from articles), (select count(*) from events)",
        "--db",
        str(db),
        "--format",
        "csv",
    ).stdout
    proc = _run(
        "run",
        "--feed",
        str(tmp / "feed" / "feed.xml"),
        "--db",
        str(db),
        env={"PREFECT_HOME": str(tmp / "prefect")},
        cwd=tmp,
    )
    assert proc.returncode == 0, proc.stderr
    assert "0 new" in proc.stdout
    after = _run(
        "sql",
        "select (select count(*) from articles), (select count(*) from events)",
        "--db",
        str(db),
        "--format",
        "csv",
    ).stdout
    assert before == after


@pytest.mark.slow
def test_sql_prints_tables_csv_and_json(sample_run):
    _, db, _ = sample_run
    table = _run(
        "sql",
        "select event_type, count(*) as n from events group by 1 order by 2 desc",
        "--db",
        str(db),
    )
    assert table.returncode == 0
    assert table.stdout.splitlines()[0].split() == ["event_type", "n"]
    assert "rows)" in table.stdout
    csv_out = _run("sql", "select 1 as a, 'x' as b", "--db", str(db), "--format", "csv")
    assert csv_out.stdout.splitlines() == ["a,b", "1,x"]
    js = _run("sql", "select 1 as a", "--db", str(db), "--format", "json")
    assert js.stdout.strip() == '{"a": 1}'


@pytest.mark.slow
def test_sql_is_read_only_and_errors_are_one_line(sample_run):
    _, db, _ = sample_run
    proc = _run("sql", "delete from raw.events", "--db", str(db))
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0 and "read-only" in proc.stderr
    bad = _run("sql", "select nope from events", "--db", str(db))
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


def test_locked_warehouse_fails_fast_with_one_line(tmp_path):
    db = tmp_path / "w.duckdb"
    assert _run("sql", "select 1", "--db", str(db)).returncode != 0  # no warehouse yet: clear error
    holder = _hold_lock(str(db), 60)
    try:
        proc = _run("run", "--db", str(db), env={"DIPWATCH_LOCK_TIMEOUT": "1"})
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "locked" in lines[0], proc.stderr


def test_unknown_setting_warns_and_the_command_goes_on(tmp_path):
    proc = _run("settings", env={"DIPWATCH_NOPE": "1"})
    assert proc.returncode == 0
    assert "DIPWATCH_DB=warehouse/dipwatch.duckdb" in proc.stdout
    db = tmp_path / "w.duckdb"
    from dipwatch.warehouse import connection as dbmod

    with dbmod.writer(str(db)):
        pass
    proc = _run("sql", "select 42 as answer", "--db", str(db), env={"DIPWATCH_NOPE": "1"})
    assert proc.returncode == 0 and "42" in proc.stdout
    assert "unknown setting DIPWATCH_NOPE" in proc.stderr and proc.stderr.count("\n") == 1


def test_bad_feeds_file_is_one_line(tmp_path):
    bad = tmp_path / "feeds.toml"
    bad.write_text("[[feeds]\nurl = ")
    proc = _run("run", "--feeds-file", str(bad), "--db", str(tmp_path / "w.duckdb"))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "not valid TOML" in proc.stderr
