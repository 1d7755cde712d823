"""How SQL finds a few rows of a large table by a list of values (one list parameter)."""

from __future__ import annotations

from collections.abc import Sized

import duckdb

# Up to this many values (more in a large table, see up_to), `list_contains(?, column)` is
# pushed down into the table scan, where the column's index (or its zone maps) finds the rows
# without reading the others; beyond it, a hash semi join over the table beats testing every
# row against a long list (333,000 ids over 1 M events: 1.2 s against 16 s).
INDEXED_UP_TO = 500
# An index lookup costs about what scanning this many rows of a column does.
ROWS_PER_LOOKUP = 1000
# What the writer tells DuckDB, whose own rule is the same: index scans while fewer than
# max(index_scan_max_count, index_scan_percentage x rows) rows match.
INDEX_SCAN_PERCENTAGE = 0.005


def one_of(column: str, values: Sized, sql_type: str = "varchar", up_to: int = 0) -> str:
    """SQL true when `column` is one of the values of the next list parameter (`up_to`: the
    longest list looked up by index, default INDEXED_UP_TO)."""
    if len(values) <= max(up_to, INDEXED_UP_TO):
        return f"list_contains(?::{sql_type}[], {column})"
    return f"{column} in (select unnest(?::{sql_type}[]))"


def up_to(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """The longest list worth looking up by index in this table (larger tables, longer lists)."""
    rows = con.execute(f"select count(*) from {table}").fetchone()[0]
    return max(INDEXED_UP_TO, int(rows) // ROWS_PER_LOOKUP)
