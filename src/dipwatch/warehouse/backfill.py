"""What a backfill reads from and writes to the warehouse: its progress per archive, its run row.

Each batch of a backfill is one transaction (`load_batch`): the articles, events, aliases and
errors of the batch (the refresh's `loads.load`) and the archive's progress row, so the
progress never claims more than was loaded, and a rerun after a crash continues from there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass

import duckdb

from dipwatch.warehouse import loads as store


@dataclass(slots=True)
class Progress:
    """How far one archive (WARC file or URL, sitemap) has been loaded."""

    source: str
    kind: str  # warc | sitemap
    status: str = "running"  # running | done
    next_offset: int = 0
    size_bytes: int | None = None
    records_read: int = 0
    pages_kept: int = 0
    articles_new: int = 0
    duplicates: int = 0
    failed: int = 0
    events_loaded: int = 0

    def counts(self) -> dict[str, int]:
        """The counters, by name."""
        return {name: getattr(self, name) for name in COUNTERS}


COUNTERS = ("records_read", "pages_kept", "articles_new", "duplicates", "failed", "events_loaded")
_COLUMNS = [f.name for f in dataclasses.fields(Progress)]


def read_progress(con: duckdb.DuckDBPyConnection, source: str) -> Progress | None:
    """The stored progress of an archive (None: never read)."""
    row = con.execute(
        f"select {', '.join(_COLUMNS)} from raw.backfill_progress where source = ?", [source]
    ).fetchone()
    return Progress(*row) if row else None


def save_progress(
    con: duckdb.DuckDBPyConnection, p: Progress, run_id: str, now: dt.datetime
) -> None:
    """Insert or update an archive's progress row."""
    values = [getattr(p, c) for c in _COLUMNS]
    updates = ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS if c != "source")
    con.execute(
        f"""
        insert into raw.backfill_progress ({", ".join(_COLUMNS)}, run_id, started_at, updated_at,
                                           finished_at)
        values ({", ".join("?" for _ in _COLUMNS)}, ?, ?, ?, ?)
        on conflict (source) do update set {updates}, run_id = excluded.run_id,
            updated_at = excluded.updated_at, finished_at = excluded.finished_at
        """,
        [*values, run_id, now, now, now if p.status == "done" else None],
    )


def start_run(
    con: duckdb.DuckDBPyConnection, run_id: str, flow_run_id: str | None, summary: dict
) -> None:
    """Record a backfill as running (other runs are left alone: a refresh may run meanwhile)."""
    con.execute(
        "insert into raw.runs (run_id, flow_run_id, started_at, status, summary) "
        "values (?, ?, ?, 'running', ?)",
        [run_id, flow_run_id, dt.datetime.now(dt.UTC), json.dumps(summary, default=str)],
    )


def finish_run(
    con: duckdb.DuckDBPyConnection, run_id: str, status: str, counts: dict, summary: dict
) -> None:
    """Mark a backfill completed or failed, with its totals."""
    con.execute(
        """
        update raw.runs set status = ?, finished_at = ?, articles_new = ?, articles_failed = ?,
            events_loaded = ?, summary = ?,
            duration_s = epoch(? - started_at)
        where run_id = ?
        """,
        [
            status,
            dt.datetime.now(dt.UTC),
            counts.get("articles_new", 0),
            counts.get("failed", 0),
            counts.get("events_loaded", 0),
            json.dumps(summary, default=str),
            dt.datetime.now(dt.UTC),
            run_id,
        ],
    )


def load_batch(con: duckdb.DuckDBPyConnection, batch: store.LoadBatch, progress: Progress) -> None:
    """One batch and the archive's new progress, in one transaction."""
    now = dt.datetime.now(dt.UTC)
    store.load(con, batch, after=lambda c: save_progress(c, progress, batch.run_id, now))
    # loads.load marks its run completed; a backfill is running until its last batch
    con.execute("update raw.runs set status = 'running' where run_id = ?", [batch.run_id])
