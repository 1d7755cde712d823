"""A full disk, a damaged file, backups: one line naming the file and the cause, nothing lost."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from cluster_pages import art, at, ev, load
from dipwatch.warehouse import connection as db
from dipwatch.warehouse.backup import backup

DIPWATCH = str(Path(sys.executable).parent / "dipwatch")


def _counts(path: str) -> tuple[int, int, int]:
    with db.reader(path) as con:
        return con.execute(
            "select (select count(*) from raw.articles), (select count(*) from raw.events), "
            "(select count(*) from raw.runs)"
        ).fetchone()


@pytest.fixture()
def warehouse(tmp_path) -> str:
    path = str(tmp_path / "wh" / "w.duckdb")
    load(path, [(art("visit", at("2024-03-04")), [ev("CONSULT", "PRK", "RUS", "2024-03-04")])])
    return path


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIPWATCH_", "PREFECT_"))}
    return subprocess.run([DIPWATCH, *args], capture_output=True, text=True, env=env, timeout=120)


def test_a_full_disk_during_a_load_is_one_line_and_the_warehouse_stays_as_it_was(warehouse):
    """The load runs in a process whose files may not grow (RLIMIT_FSIZE: the kernel refuses
    the write as a full disk would), so DuckDB's own write fails mid-transaction."""
    before = _counts(warehouse)
    code = textwrap.dedent(f"""
        import resource, signal, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from cluster_pages import art, at, ev, load
        from dipwatch.warehouse.connection import WarehouseError
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails instead of killing us
        size = __import__("os").path.getsize({warehouse!r})
        resource.setrlimit(resource.RLIMIT_FSIZE, (size + 64 * 1024, resource.RLIM_INFINITY))
        items = [(art(f"a{{i}}", at("2024-03-05"), text="word " * 3000),
                  [ev("AID", "RUS", "PRK", "2024-03-05")]) for i in range(400)]
        try:
            load({warehouse!r}, items)
        except WarehouseError as exc:
            print("ERROR", exc)
            sys.exit(3)
        print("loaded")
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3, proc.stdout + proc.stderr
    line = proc.stdout.strip()
    assert line.count("\n") == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert f"cannot write the warehouse {warehouse}" in line and "File too large" in line
    assert "cannot rollback" not in line
    articles, events, _ = _counts(warehouse)
    assert (articles, events) == before[:2]  # the old state, intact (the run row says "running")


def test_a_truncated_warehouse_is_one_line_for_every_command(warehouse, tmp_path):
    with open(warehouse, "r+b") as f:
        f.truncate(12288)  # the headers survive, the blocks are gone (a copy cut short)
    for args in (
        ["sql", "select count(*) from raw.events"],
        ["run", "--feed", str(tmp_path / "x.xml")],
        ["backup", str(tmp_path / "b")],
    ):
        proc = _cli(*args, "--db", warehouse)
        lines = [x for x in proc.stderr.splitlines() if x.strip()]
        assert proc.returncode == 2 and len(lines) == 1, (args, proc.stderr)
        assert f"the warehouse {warehouse} is damaged" in lines[0] and "backup" in lines[0]


def test_a_corrupt_block_is_one_line(warehouse):
    size = os.path.getsize(warehouse)
    with open(warehouse, "r+b") as f:
        f.seek(12288)  # every block after the headers overwritten (a damaged disk)
        f.write(b"\x5a" * (size - 12288))
    proc = _cli("sql", "select count(*) from raw.events", "--db", warehouse)
    lines = [x for x in proc.stderr.splitlines() if x.strip()]
    assert proc.returncode == 2 and len(lines) == 1 and "is damaged" in lines[0], proc.stderr
    assert "checksum" in lines[0].lower() or "corrupt" in lines[0].lower()


def test_backup_is_a_consistent_copy_that_restores(warehouse, tmp_path):
    dest = tmp_path / "backups"
    dest.mkdir()
    proc = _cli("backup", str(dest), "--db", warehouse)
    assert proc.returncode == 0, proc.stderr
    copy = dest / "w.duckdb"
    assert copy.exists() and f"-> {copy}" in proc.stdout
    assert _counts(str(copy)) == _counts(warehouse)
    # restore: the copy put back over a lost warehouse gives the same rows
    Path(warehouse).unlink()
    copy.replace(warehouse)
    assert _counts(warehouse)[1] == 1


def test_backup_during_refreshes_waits_for_the_writer_and_is_consistent(warehouse, tmp_path):
    """A writer adds articles in a loop while backups are taken: each copy is a whole state."""
    stop = threading.Event()

    def refreshes() -> None:
        i = 0
        while not stop.is_set():
            i += 1
            load(warehouse, [(art(f"r{i}", at("2024-03-06")), [ev("AID", "RUS", "PRK")])])
            time.sleep(0.02)  # refreshes come and go; a backup gets its turn between them

    writer = threading.Thread(target=refreshes)
    writer.start()
    try:
        results = []
        for n in range(3):
            results.append(backup(warehouse, tmp_path / f"b{n}.duckdb", lock_timeout=30))
            time.sleep(0.05)
    finally:
        stop.set()
        writer.join(60)
    for r in results:
        articles, events, runs = _counts(r.dest)
        assert (
            articles == events == runs
        )  # one article, one event, one run per load: whole loads only
        assert r.runs == runs


def test_a_full_disk_during_a_backup_keeps_the_previous_backup(warehouse, tmp_path, monkeypatch):
    dest = tmp_path / "b.duckdb"
    backup(warehouse, dest)
    before = dest.read_bytes()

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("dipwatch.warehouse.backup.shutil.copyfile", full)
    with pytest.raises(
        db.WarehouseError, match=r"cannot write the backup .*No space left on device"
    ):
        backup(warehouse, dest)
    assert dest.read_bytes() == before and not (tmp_path / "b.duckdb.tmp").exists()


def test_a_full_disk_during_an_export_is_one_line_naming_the_export(warehouse, tmp_path):
    import resource
    import signal

    load(warehouse, [(art(f"x{i}", at("2024-03-05"), text="word " * 2000), []) for i in range(20)])

    def small_files() -> None:  # in the child: writes past 20 KB fail as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, resource.RLIM_INFINITY))

    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIPWATCH_", "PREFECT_"))}
    proc = subprocess.run(
        [DIPWATCH, "export", "--format", "csv", "--out", str(out), "--db", warehouse],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        preexec_fn=small_files,
    )
    lines = [x for x in proc.stderr.splitlines() if x.strip()]
    assert proc.returncode == 1 and len(lines) == 1, proc.stderr
    assert str(out) in lines[0] and "File too large" in lines[0]
    assert "cannot write the warehouse" not in lines[0]
    assert not list(out.glob("*.tmp"))  # no half file left behind
