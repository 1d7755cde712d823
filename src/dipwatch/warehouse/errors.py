"""Failed URLs in raw.ingest_errors: listing them, and requeueing failed pages for the next refresh."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb


@dataclass(slots=True)
class FailedUrl:
    """One open (unresolved) failure."""

    url: str
    stage: str
    error: str | None
    feed_url: str | None
    attempts: int
    first_seen_at: dt.datetime | None
    last_seen_at: dt.datetime | None
    next_try_at: dt.datetime | None  # fetch failures only; None: not tried again


COLUMNS = (
    "url",
    "stage",
    "error",
    "feed_url",
    "attempts",
    "first_seen_at",
    "last_seen_at",
    "next_try_at",
)


def open_errors(con: duckdb.DuckDBPyConnection, stage: str | None = None) -> list[FailedUrl]:
    """Unresolved failures, most recent first (optionally of one stage)."""
    rows = con.execute(
        f"""
        select {", ".join(COLUMNS)} from raw.ingest_errors
        where resolved_at is null and (? is null or stage = ?)
        order by last_seen_at desc, url
        """,
        [stage, stage],
    ).fetchall()
    return [FailedUrl(*row) for row in rows]


def requeue_failed_pages(
    con: duckdb.DuckDBPyConnection, urls: list[str] | None = None, now: dt.datetime | None = None
) -> int:
    """Let the next refresh fetch these failed pages again (all open fetch failures when `urls`
    is None), whatever their backoff or retry count: their attempts start again from 0.
    Returns how many were requeued. Only pages whose feed is still polled are fetched."""
    now = now or dt.datetime.now(dt.UTC)
    return len(
        con.execute(
            """
            update raw.ingest_errors set next_try_at = ?, attempts = 0
            where stage = 'fetch' and resolved_at is null
              and (?::varchar[] is null or list_contains(?::varchar[], url))
            returning url
            """,
            [now, urls, urls],
        ).fetchall()
    )
