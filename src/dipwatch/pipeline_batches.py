"""Streaming a refresh: the fetch plan in batches, each fetched, extracted, coded and loaded in
its own transaction (`flows/refresh.py` runs them), so that memory holds one batch whatever the
size of the run, and a crash loses at most the batch in flight: a rerun finds the batches
loaded before as known articles (and entries) and goes on with the rest. Feed states (ETag,
Last-Modified) are written with the last batch only, so that a rerun polls the feed in full
again; the run's row in raw.runs carries its counts so far after every batch and is marked
completed by the last one.
"""

from __future__ import annotations

from collections import Counter

from dipwatch.models import FeedEntry

RUN_CAP_URL = "dipwatch:max_run_seconds"  # the raw.ingest_errors row of runs cut by the cap


def run_cap_message(max_run_seconds: float, deferred: int) -> str:
    """The warning (and error row) of a run the run-time cap cut short."""
    return (
        f"run time cap of {max_run_seconds:g} s reached (max_run_seconds): "
        f"{deferred} pages or articles left for the next refresh"
    )


def stream_batches(entries: list[FeedEntry], size: int) -> list[list[FeedEntry]]:
    """The plan's entries in batches of `size` (0: all in one), and at least one batch (an
    empty one when there is nothing to fetch: the run is still loaded and completed)."""
    if size <= 0 or len(entries) <= size:
        return [entries]
    return [entries[i : i + size] for i in range(0, len(entries), size)]


def add_counts(total: dict[str, int], more: dict[str, int]) -> dict[str, int]:
    """Counts by type of two batches together, most frequent first (as events_by_type)."""
    counts = Counter(total) + Counter(more)
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
