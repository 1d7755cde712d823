"""Fast inserts: rows sent to DuckDB column by column, as typed lists, in one statement.

`executemany` binds one row at a time (about 1-2 ms a row for raw.events' 31 columns);
`insert ... select unnest(?::T[]), ...` sends each column as one list and is 20-30x faster.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

CHUNK_ROWS = 5_000  # rows per statement (bounds the lists built in memory)


def column_types(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """The SQL type of each column of `schema.table`."""
    return {r[0]: r[1] for r in con.execute(f"describe {table}").fetchall()}


def insert_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    on_conflict: str = "",
) -> None:
    """Insert rows (each in `columns` order) into `table`; `on_conflict` is appended as is."""
    if not rows:
        return
    types = column_types(con, table)
    select = ", ".join(f"unnest(?::{types[c]}[])" for c in columns)
    sql = f"insert into {table} ({', '.join(columns)}) select {select} {on_conflict}"
    for start in range(0, len(rows), CHUNK_ROWS):
        chunk = rows[start : start + CHUNK_ROWS]
        con.execute(sql, [list(col) for col in zip(*chunk, strict=True)])
