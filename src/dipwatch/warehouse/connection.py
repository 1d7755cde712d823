"""Opening the DuckDB warehouse: one writer at a time, readers that wait, migrations, views."""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from importlib import resources
from pathlib import Path

import duckdb

try:
    import fcntl
except ImportError:  # Windows: no turnstile (readers and writers as DuckDB's own lock has them)
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger("dipwatch.warehouse.connection")

_LOCK_MARKERS = ("could not set lock", "conflicting lock", "database is locked")

# Every connection: no extension is downloaded or loaded behind a query's back (a query could
# otherwise make network requests, e.g. through httpfs).
SAFE_CONFIG: dict[str, str | bool] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}


class WarehouseError(Exception):
    """The warehouse cannot be opened or used; the message is for the user."""


class WarehouseLocked(WarehouseError):
    """Another process held the database for longer than the timeout."""


def _is_lock_error(exc: Exception) -> bool:
    return any(m in str(exc).lower() for m in _LOCK_MARKERS)


_WRITE_FAILURES = ("no space left", "file too large", "disk quota", "could not write")
_DAMAGE = ("checksum", "corrupt", "could not read enough bytes", "not a valid duckdb")


def _cause(exc: BaseException) -> str:
    """DuckDB's message without its error-class prefix, on one line."""
    text = " ".join(str(exc).split())
    return re.sub(r"^(\w+ Error: )+", "", text.replace("TransactionContext Error: ", ""))


def storage_error(path: str, exc: BaseException, writing: bool = True) -> WarehouseError | None:
    """A one-line WarehouseError when `exc` is a full disk (`writing`) or a damaged file."""
    text = str(exc).lower()
    if writing and any(m in text for m in _WRITE_FAILURES):
        return WarehouseError(
            f"cannot write the warehouse {path}: {_cause(exc)}; nothing of this write was "
            "kept and the warehouse is as it was: free some space and run again"
        )
    if any(m in text for m in _DAMAGE):
        return WarehouseError(
            f"the warehouse {path} is damaged: {_cause(exc)}; restore a backup "
            "(`dipwatch backup`, README 'Backups') or move the file away to start a new one"
        )
    return None


def connect(path: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """duckdb.connect with extension auto-install and auto-load off."""
    return duckdb.connect(path, read_only=read_only, config=dict(SAFE_CONFIG))


def _connect(
    path: str, read_only: bool, timeout: float, deadline: float | None = None
) -> duckdb.DuckDBPyConnection:
    """Open with retries while another process holds the file lock (until `deadline`, else
    `timeout` from now)."""
    if deadline is None:
        deadline = time.monotonic() + max(timeout, 0.0)
    delay = 0.05
    while True:
        try:
            return connect(path, read_only=read_only)
        except duckdb.Error as exc:
            if not (isinstance(exc, duckdb.IOException) and _is_lock_error(exc)):
                raise storage_error(path, exc) or WarehouseError(
                    f"cannot open {path}: {_cause(exc)}"
                ) from None
            if time.monotonic() >= deadline:
                raise _locked(path, read_only, timeout) from None
            time.sleep(min(delay, max(deadline - time.monotonic(), 0.01)))
            delay = min(delay * 2, 1.0)


def _locked(path: str, read_only: bool, timeout: float) -> WarehouseLocked:
    who = "a refresh" if read_only else "another process"
    return WarehouseLocked(
        f"database {path} is in use by {who} and stayed locked for {timeout:g} s; "
        "try again later or raise DIPWATCH_LOCK_TIMEOUT / DIPWATCH_READ_TIMEOUT"
    )


# ---------------------------------------------------------------- the writer's turnstile
# DuckDB lets one process write a file only while no other process has it open. Readers that
# keep opening short connections (dashboard sessions, threads) could keep a refresh out for
# ever. So a writer first takes an exclusive flock on <db>.lock and keeps it while it waits and
# writes; a reader passes that gate (a momentary shared lock) before it opens the file. While a
# writer waits, new readers wait at the gate; those already reading finish their query.


def _gate_path(path: str) -> str:
    return path + ".lock"


def _flock(fd: int, mode: int, deadline: float) -> bool:
    """Take a flock before the deadline (polling, so a timeout is possible); True when taken."""
    delay = 0.005
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(min(delay, max(deadline - time.monotonic(), 0.001)))
            delay = min(delay * 2, 0.1)


@contextmanager
def _writer_gate(path: str, timeout: float) -> Iterator[None]:
    """Hold the gate exclusively: new readers wait until this writer is done."""
    if fcntl is None:
        yield
        return
    try:
        fd = os.open(_gate_path(path), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:  # a read-only folder: no gate (the write itself will say what is wrong)
        yield
        return
    try:
        if not _flock(fd, fcntl.LOCK_EX, time.monotonic() + max(timeout, 0.0)):
            raise _locked(path, False, timeout)
        yield
    finally:
        os.close(fd)  # releases the lock


def _pass_gate(path: str, timeout: float) -> None:
    """Wait (at most `timeout`) while a writer holds the gate, then go on at once."""
    if fcntl is None:
        return
    try:
        fd = os.open(_gate_path(path), os.O_RDONLY)
    except OSError:  # no gate yet (no writer ever ran here) or not readable: nothing to wait for
        return
    try:
        if not _flock(fd, fcntl.LOCK_SH, time.monotonic() + max(timeout, 0.0)):
            raise _locked(path, True, timeout)
    finally:
        os.close(fd)


@contextmanager
def writer(
    path: str, timeout: float = 60.0, migrate: bool = True
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection, held only as long as the block runs.

    A full disk or a damaged file inside the block is re-raised as one WarehouseError line
    (the block's transaction, if any, was rolled back: the file is as it was).
    """
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WarehouseError(f"cannot create the folder of {path}: {exc.strerror}") from None
    deadline = time.monotonic() + max(timeout, 0.0)
    with _writer_gate(path, timeout):
        con = _connect(path, read_only=False, timeout=timeout, deadline=deadline)
        with _session(con, path):
            if migrate:
                apply_migrations(con)
                build_models(con)
            yield con


@contextmanager
def reader(path: str, timeout: float = 30.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection; waits while a refresh holds the write lock."""
    if not Path(path).exists():
        raise WarehouseError(f"no warehouse at {path}: run `dipwatch run` first (or pass --db)")
    deadline = time.monotonic() + max(timeout, 0.0)
    _pass_gate(path, timeout)
    con = _connect(path, read_only=True, timeout=timeout, deadline=deadline)
    with _session(con, path, writing=False):  # a failed write here is another file's (COPY)
        yield con


@contextmanager
def _session(con: duckdb.DuckDBPyConnection, path: str, writing: bool = True) -> Iterator[None]:
    """Close `con` after the block; a full disk or a damaged file in it is one WarehouseError."""
    try:
        yield
    except duckdb.Error as exc:
        problem = storage_error(path, exc, writing)
        if problem is None:
            raise
        raise problem from None
    finally:
        with suppress(duckdb.Error):
            con.close()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """begin ... commit; on any error roll back (unless DuckDB already has) and re-raise it."""
    con.execute("begin transaction")
    try:
        yield
        con.execute("commit")
    except BaseException:
        with suppress(duckdb.Error):  # a failed commit leaves no transaction to roll back
            con.execute("rollback")
        raise


# ---------------------------------------------------------------- migrations


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of schemas/migrations/NNN_name.sql, in order."""
    folder = resources.files("dipwatch.schemas").joinpath("migrations")
    out = []
    for item in folder.iterdir():
        m = re.fullmatch(r"(\d+)_(.+)\.sql", item.name)
        if m:
            out.append((int(m.group(1)), m.group(2), item.read_text(encoding="utf-8")))
    return sorted(out)


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """Highest applied migration, 0 for a new database."""
    con.execute(
        "create table if not exists schema_version ("
        "version integer primary key, name varchar, applied_at timestamptz default current_timestamp)"
    )
    row = con.execute("select coalesce(max(version), 0) from schema_version").fetchone()
    return int(row[0]) if row else 0


def apply_migrations(con: duckdb.DuckDBPyConnection, upto: int | None = None) -> list[int]:
    """Apply the migrations not yet recorded, each in its own transaction; return their versions."""
    current = schema_version(con)
    applied = []
    for version, name, sql in migrations():
        if version <= current or (upto is not None and version > upto):
            continue
        with transaction(con):
            con.execute(sql)
            con.execute("insert into schema_version (version, name) values (?, ?)", [version, name])
        log.info("applied migration %03d_%s", version, name)
        applied.append(version)
    return applied


# ---------------------------------------------------------------- SQL models


MODEL_LAYERS = ("staging", "marts")  # the folders of warehouse/models built as views


def model_files(layers: tuple[str, ...] = MODEL_LAYERS) -> list[tuple[str, str]]:
    """(name, sql) of warehouse/models/<layer>/*.sql, layer by layer, then by file name.

    The default layers are the views (staging first); `marts.mart_tables` reads `marts_tables`.
    """
    root = resources.files("dipwatch.warehouse.sql").joinpath("models")
    out = []
    for layer in layers:
        folder = root.joinpath(layer)
        if not folder.is_dir():
            continue
        for item in sorted(folder.iterdir(), key=lambda p: p.name):
            if item.name.endswith(".sql"):
                out.append((item.name[:-4], item.read_text(encoding="utf-8")))
    return out


def model_name(filename: str) -> str:
    """`10_events` -> `events` (an optional numeric prefix orders the files)."""
    return re.sub(r"^\d+_", "", filename)


def build_models(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create every view of warehouse/models as `create or replace view <name> as <sql>`."""
    for filename, sql in model_files():
        body = sql.strip().rstrip(";")
        con.execute(f"create or replace view {model_name(filename)} as\n{body}")


def existing_relations(con: duckdb.DuckDBPyConnection, include_views: bool = False) -> set[str]:
    """Names of the tables (and, with include_views, views) of this database's main schema."""
    sql = (
        "select table_name from information_schema.tables "
        "where table_catalog = current_database() and table_schema = 'main'"
    )
    if not include_views:
        sql += " and table_type = 'BASE TABLE'"
    return {r[0] for r in con.execute(sql).fetchall()}
