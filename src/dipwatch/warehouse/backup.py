"""`dipwatch backup DEST`: a consistent copy of the warehouse, safe while refreshes run.

The copy is made under the writer's lock (a refresh that starts meanwhile waits, as for any
other writer): CHECKPOINT folds the write-ahead log into the file, the file is copied to a
temporary name, the copy is opened read-only to check it, then renamed over DEST. A full disk
or any other failure leaves the warehouse and a previous DEST as they were.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dipwatch.warehouse import connection as db


@dataclass(slots=True)
class BackupResult:
    """What `backup` copied."""

    source: str
    dest: str
    size: int
    schema_version: int
    runs: int

    def line(self) -> str:
        return (
            f"dipwatch backup: {self.source} -> {self.dest} ({self.size / 1e6:.1f} MB, schema "
            f"version {self.schema_version}, {self.runs} runs); restore: stop refreshes, then "
            f"copy it back over {self.source}"
        )


def backup(db_path: str, dest: str | Path, lock_timeout: float = 60.0) -> BackupResult:
    """Copy the warehouse to `dest` (a file, or a folder to put dipwatch.duckdb's name in)."""
    source = Path(db_path)
    if not source.exists():
        raise db.WarehouseError(f"no warehouse at {db_path}: nothing to back up")
    target = Path(dest).expanduser().absolute()
    if target.is_dir():
        target = target / source.name
    if target.resolve() == source.resolve():
        raise db.WarehouseError(f"the backup {target} would overwrite the warehouse itself")
    tmp = target.with_name(target.name + ".tmp")
    try:
        with db.writer(db_path, lock_timeout, migrate=False) as con:
            con.execute("checkpoint")  # the file alone now holds every committed write
            _copy(source, tmp)
        version, runs = _check(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return BackupResult(str(source), str(target), target.stat().st_size, version, runs)


def _copy(source: Path, tmp: Path) -> None:
    """The bytes of the checkpointed file, flushed to disk; one line on a full disk."""
    try:
        tmp.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
    except OSError as exc:
        raise db.WarehouseError(
            f"cannot write the backup {tmp.with_suffix('')}: {exc.strerror or exc}; "
            "the warehouse and any previous backup there are unchanged"
        ) from None


def _check(copy: Path) -> tuple[int, int]:
    """Open the copy read-only: its schema version and number of runs (a damaged copy raises)."""
    try:
        con = db.connect(str(copy), read_only=True)
    except duckdb.Error as exc:
        raise db.WarehouseError(f"the backup copy {copy} does not open: {exc}") from None
    try:
        version = con.execute("select coalesce(max(version), 0) from schema_version").fetchone()
        runs = con.execute("select count(*) from raw.runs").fetchone()
    finally:
        con.close()
    return int(version[0]), int(runs[0])
