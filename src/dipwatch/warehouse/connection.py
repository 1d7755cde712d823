"""Opening the DuckDB warehouse: one writer at a time, readers that wait, migrations, views."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb

from dipwatch.warehouse.lookups import INDEX_SCAN_PERCENTAGE

log = logging.getLogger("dipwatch.warehouse.connection")

_LOCK_MARKERS = ("could not set lock", "conflicting lock", "database is locked")


class WarehouseError(Exception):
    """The warehouse cannot be opened or used; the message is for the user."""


class WarehouseLocked(WarehouseError):
    """Another process held the database for longer than the timeout."""


def _is_lock_error(exc: Exception) -> bool:
    return any(m in str(exc).lower() for m in _LOCK_MARKERS)


def _connect(path: str, read_only: bool, timeout: float) -> duckdb.DuckDBPyConnection:
    """Open with retries while another process holds the file lock."""
    deadline = time.monotonic() + max(timeout, 0.0)
    delay = 0.05
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise WarehouseError(f"cannot open {path}: {exc}") from None
            if time.monotonic() >= deadline:
                who = "a refresh" if read_only else "another process"
                raise WarehouseLocked(
                    f"database {path} is in use by {who} and stayed locked for {timeout:g} s; "
                    "try again later or raise DIPWATCH_LOCK_TIMEOUT / DIPWATCH_READ_TIMEOUT"
                ) from None
            time.sleep(min(delay, max(deadline - time.monotonic(), 0.01)))
            delay = min(delay * 2, 1.0)


@contextmanager
def writer(
    path: str, timeout: float = 60.0, migrate: bool = True
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection, held only as long as the block runs."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = _connect(path, read_only=False, timeout=timeout)
    try:
        # lookups.one_of sends lists this long to an index: let DuckDB use it for them
        con.execute(f"set index_scan_percentage = {INDEX_SCAN_PERCENTAGE}")
        if migrate:
            apply_migrations(con)
            build_models(con)
        yield con
    finally:
        con.close()


@contextmanager
def reader(path: str, timeout: float = 30.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection; waits while a refresh holds the write lock."""
    if not Path(path).exists():
        raise WarehouseError(f"no warehouse at {path}: run `dipwatch run` first (or pass --db)")
    con = _connect(path, read_only=True, timeout=timeout)
    try:
        yield con
    finally:
        con.close()


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
        con.execute("begin transaction")
        try:
            con.execute(sql)
            con.execute("insert into schema_version (version, name) values (?, ?)", [version, name])
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
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
