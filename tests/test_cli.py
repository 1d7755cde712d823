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
    assert "DIPWATCH_DB='<user data dir>/dipwatch.duckdb'" in proc.stdout
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


def test_settings_lists_every_setting_with_variable_flag_default_and_meaning():
    from dipwatch.app.options import defaults, usage
    from dipwatch.config import SETTING_NAMES, Settings, env_var

    proc = _run("settings")
    assert proc.returncode == 0 and proc.stderr == ""
    lines = proc.stdout.splitlines()
    for name in SETTING_NAMES:
        (i,) = [i for i, line in enumerate(lines) if line.startswith(env_var(name) + "=")]
        assert defaults()[name] in lines[i], name
        assert lines[i - 1] == f"# {Settings.model_fields[name].description} [{usage(name)}]"
    assert "DIPWATCH_USER_AGENT='dipwatch/0.1 (" in proc.stdout  # quoted as a shell would need
    assert "DIPWATCH_CODER=rules" in proc.stdout


def test_readme_settings_table_is_the_generated_one():
    from dipwatch.app.options import markdown_table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("-->\n", readme.index("<!-- settings table")) + len("-->\n")
    end = readme.index("<!-- end of settings table -->")
    assert readme[start:end].strip() == markdown_table(), (
        "README.md's settings table is stale: paste `dipwatch settings --markdown` over it"
    )
    assert _run("settings", "--markdown").stdout.strip() == markdown_table()


@pytest.mark.parametrize("command", ["run", "serve"])
def test_every_setting_is_a_flag_that_beats_the_environment(command, monkeypatch):
    from dipwatch.app import cli
    from dipwatch.app.options import flag
    from dipwatch.config import SETTING_NAMES

    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices[command]
    flags = {s for a in sub._actions for s in a.option_strings}
    assert {flag(name) for name in SETTING_NAMES} <= flags
    assert {"--no-respect-robots", "--no-robots", "--no-refresh-marts"} <= flags

    for key in [k for k in os.environ if k.startswith("DIPWATCH_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("DIPWATCH_RETRIES", "5")
    monkeypatch.setenv("DIPWATCH_BACKOFF", "0.5")
    monkeypatch.setenv("DIPWATCH_RESPECT_ROBOTS", "true")
    args = parser.parse_args([command, "--retries", "2", "--no-robots", "--coder", "rules"])
    params = cli.flow_parameters(args)
    given = params["settings"]
    assert (given.retries, given.backoff, given.respect_robots) == (2, 0.5, False)
    assert given.coder == "rules" and given.db is None and params["feeds"] is None


def test_a_bad_flag_value_is_one_line(tmp_path):
    proc = _run("run", "--retries", "many", "--db", str(tmp_path / "w.duckdb"))
    assert proc.returncode == 2
    assert (
        proc.stderr
        == "dipwatch run: setting retries: input should be a valid integer, got 'many'\n"
    )


def _one_line(proc: subprocess.CompletedProcess, prefix: str) -> str:
    """The command's only stderr line (no traceback), which starts with `prefix`."""
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert "Traceback" not in proc.stderr, proc.stderr
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(prefix), lines[0]
    return lines[0]


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: nothing listens there


def test_a_stopped_prefect_server_is_one_line_for_run_and_serve(tmp_path):
    api = {"PREFECT_API_URL": f"http://127.0.0.1:{_closed_port()}/api"}
    db = str(tmp_path / "w.duckdb")
    run = _run("run", "--db", db, env=api)
    assert run.returncode == 2
    line = [x for x in run.stderr.splitlines() if x.strip()][-1]
    assert line.startswith("dipwatch run: the Prefect API at http://127.0.0.1:") and (
        "does not answer" in line
    )
    assert "Traceback" not in run.stderr and run.stderr.count("\n") == 1
    serve = _run("serve", "--db", db, env=api)
    assert serve.returncode == 2
    assert "does not answer" in _one_line(serve, "dipwatch serve: the Prefect API at")


def test_a_mistyped_cron_is_one_line(tmp_path):
    proc = _run("serve", "--cron", "*/30 * * *", "--db", str(tmp_path / "w.duckdb"))
    assert proc.returncode == 2
    assert "is not a cron expression" in _one_line(proc, "dipwatch serve: --cron '*/30 * * *'")


def test_eval_with_a_missing_file_is_one_line(tmp_path):
    proc = _run("eval", "--gold", str(tmp_path / "nope.json"), "--pages", str(tmp_path))
    assert proc.returncode == 2
    assert _one_line(proc, "dipwatch eval: ").endswith("nope.json: No such file or directory")


def _small_warehouse(tmp_path: Path) -> str:
    from dipwatch.warehouse import connection as dbmod

    db = str(tmp_path / "w.duckdb")
    with dbmod.writer(db):
        pass
    return db


def test_sql_into_a_closed_pipe_exits_cleanly(tmp_path):
    db = _small_warehouse(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIPWATCH_", "PREFECT_"))}
    proc = subprocess.Popen(
        [DIPWATCH, "sql", "select * from range(200000)", "--db", db, "--format", "csv"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    first = proc.stdout.readline()  # then close the pipe, as `| head -1` does
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(60) == 0 and first.strip() == b"range"
    assert err == "", err


def test_sql_keeps_duckdbs_did_you_mean_hint_on_one_line(tmp_path):
    db = _small_warehouse(tmp_path)
    proc = _run("sql", "select verison from schema_version", "--db", db)
    assert proc.returncode == 1
    line = _one_line(proc, "dipwatch sql: Binder Error:")
    assert '"version"' in line  # DuckDB's candidate, kept


def test_plain_dipwatch_says_which_warehouse_it_uses(tmp_path):
    db = tmp_path / "mine.duckdb"
    proc = _run(env={"DIPWATCH_DB": str(db)})
    assert proc.returncode == 0
    assert f"warehouse: {db} (not created yet" in proc.stdout
    default = _run(env={"XDG_DATA_HOME": str(tmp_path / "data")})
    assert f"warehouse: {tmp_path / 'data' / 'dipwatch' / 'dipwatch.duckdb'}" in default.stdout


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[[feeds]]\nurl = "feed.xml"\nrobots = "no"\n', "feeds[1].robots: expected true or false"),
        ('feeds = "oops"\n', "feeds: expected a list"),
        ("", "no feeds to poll"),
    ],
)
def test_bad_feeds_files_stop_the_run_with_one_line(tmp_path, text, expected):
    path = tmp_path / "feeds.toml"
    path.write_text(text)
    proc = _run("run", "--feeds-file", str(path), "--db", str(tmp_path / "w.duckdb"))
    assert proc.returncode == 2
    assert expected in _one_line(proc, f"dipwatch run: feeds file {path}")
    assert not (tmp_path / "w.duckdb").exists()  # refused before anything started


def test_feeds_file_warnings_are_printed_once(tmp_path):
    path = tmp_path / "feeds.toml"
    path.write_text('[[feeds]]\nurl = "feed.xml"\ncolour = "red"\n[settings]\nnope = 1\n')
    env = {"PREFECT_API_URL": f"http://127.0.0.1:{_closed_port()}/api"}  # stops after settings
    proc = _run("run", "--feeds-file", str(path), "--db", str(tmp_path / "w.duckdb"), env=env)
    assert proc.stderr.count("unknown key 'colour' ignored") == 1, proc.stderr
    assert proc.stderr.count("unknown setting 'nope' ignored") == 1, proc.stderr
