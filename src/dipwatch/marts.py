"""Rebuilding the analyst-facing models at the end of each refresh (inside its transaction)."""

from __future__ import annotations

import duckdb

from dipwatch import db


def refresh_marts(con: duckdb.DuckDBPyConnection) -> None:
    """Recreate the staging and mart views so they reflect the schema and SQL on disk."""
    db.build_models(con)
