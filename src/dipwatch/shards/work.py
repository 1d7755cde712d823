"""A shard's work: fetch, extract and code its slice of a plan, one staged batch per chunk.

The steps are the refresh's (`fetch_pages`, `extract_texts`, `code_events`); what needs the
warehouse — dedup by content hash and canonical URL against stored articles, updates — is the
loader's. A shard only skips coding what the plan already knows is unchanged (the same URL
with the same text, or an alias URL), as `sort_articles` would. Chunk k of the slice is batch
k: a shard run again (a Prefect retry, a rerun after a crash) skips the batches already
written and goes on with the rest. The steps are passed in, so that `flows/shards.py` runs them
as Prefect tasks and tests as plain functions.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from dipwatch.config import Settings
from dipwatch.ingest.pages import fetch_pages
from dipwatch.models import Article, Event, FeedEntry, Page
from dipwatch.pipeline import code_events, extract_texts, processed_entries
from dipwatch.pipeline_batches import stream_batches
from dipwatch.shards import stage as st
from dipwatch.shards.keys import host_key
from dipwatch.warehouse.loads import ErrorRow

log = logging.getLogger("dipwatch.shards.work")

Conditional = dict[str, tuple[str | None, str | None]]
FetchStep = Callable[[Settings, list[FeedEntry], Conditional, bool], list[Page]]
ExtractStep = Callable[[list[Page]], tuple[list[tuple[Article, Page]], list[ErrorRow], list[str]]]
CodeStep = Callable[[Settings, list[Article]], tuple[list[list[Event]], list[ErrorRow]]]
# holds the host's slots of its Prefect global concurrency limit while its pages are fetched
HostSlot = Callable[[str, float], AbstractContextManager[object]]


def _fetch(
    settings: Settings, entries: list[FeedEntry], conditional: Conditional, robots: bool
) -> list[Page]:
    return fetch_pages(entries, settings, known=conditional, robots=robots)


def _code(settings: Settings, articles: list[Article]) -> tuple[list[list[Event]], list[ErrorRow]]:
    return code_events(
        articles,
        coder=settings.coder,
        max_text_chars=settings.max_text_chars,
        max_events=settings.max_events_per_article,
    )


def _no_slot(host: str, timeout: float) -> AbstractContextManager[object]:
    return contextlib.nullcontext()


@dataclass(slots=True)
class Steps:
    """How a shard fetches, extracts and codes (plain functions unless a flow gives tasks)."""

    fetch: FetchStep = _fetch
    extract: ExtractStep = extract_texts
    code: CodeStep = _code
    limited_hosts: frozenset[str] = frozenset()  # hosts with a global concurrency limit
    host_slot: HostSlot = _no_slot


@dataclass(slots=True)
class ShardResult:
    """What one run of a shard did."""

    refresh: str
    shard: int
    shards: int
    entries: int = 0
    batches: int = 0
    written: int = 0  # batches this run wrote (the others were there from an earlier run)
    counts: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        """One line for logs and the terminal."""
        c = self.counts
        return (
            f"shard {self.shard} of {self.shards} ({self.refresh}): {self.entries} entries in "
            f"{self.batches} batches ({self.written} written now), {c.get('coded', 0)} articles "
            f"coded, {c.get('events', 0)} events, {c.get('unchanged', 0) + c.get('not_modified', 0)}"
            f" unchanged, {c.get('failed', 0)} failed, {c.get('deferred', 0)} left by the run-time cap"
        )


def work_shard(
    refresh: Path, shard: int, shards: int, steps: Steps | None = None, on_batch=None
) -> ShardResult:
    """Work shard `shard` of `shards` of the refresh planned in `refresh`; mark it done."""
    steps = steps or Steps()
    plan = st.read_plan(refresh)
    if plan.shards != shards:
        raise st.StageError(
            f"{refresh.name} was planned for {plan.shards} shards, not {shards}: "
            f"run shards 0 to {plan.shards - 1} of {plan.shards}"
        )
    if not 0 <= shard < shards:
        raise st.StageError(f"shard {shard} does not exist: shards are 0 to {shards - 1}")
    entries = st.plan_entries(refresh, shard)
    chunks = stream_batches(entries, plan.settings.stream_batch_size)  # type: ignore[arg-type]
    out = ShardResult(plan.refresh, shard, shards, len(entries), len(chunks))
    deadline = time.monotonic() + plan.settings.max_run_seconds
    for index, chunk in enumerate(chunks):
        if st.batch_dir(refresh, shard, shards, index).exists():
            continue  # written by an earlier run of this shard
        batch = work_chunk(plan, chunk, index, shard, steps, deadline)
        if st.write_batch(refresh, batch) is not None:
            out.written += 1
            _add(out.counts, batch.counts)
        if on_batch is not None:
            on_batch(batch)
    st.mark_done(refresh, shard, shards, len(chunks), out.counts)
    log.info(out.line())
    return out


def _add(total: dict[str, int], more: dict[str, int]) -> None:
    for key, value in more.items():
        total[key] = total.get(key, 0) + value


def work_chunk(
    plan: st.Plan,
    chunk: list[st.PlannedEntry],
    index: int,
    shard: int,
    steps: Steps,
    deadline: float = float("inf"),
) -> st.StagedBatch:
    """Fetch, extract and code one chunk of a shard's entries (what the run-time cap leaves is
    counted as deferred: the next refresh plans it again)."""
    settings = plan.settings
    out = st.StagedBatch(plan.refresh, shard, plan.shards, index)

    def out_of_time() -> bool:
        return time.monotonic() >= deadline

    pages = _fetch_chunk(settings, chunk, steps, deadline)
    extracted: list[tuple[Article, Page]] = []
    not_modified: list[str] = []
    read = 0
    for part in _parts(pages, settings.batch_size):
        if out_of_time():
            break
        arts, errs, nm = steps.extract(part)
        extracted += arts
        out.errors += errs
        not_modified += nm
        read += len(part)
    by_link = {p.entry.link: p for p in chunk}
    to_code = [(a, p) for a, p in extracted if not _unchanged(a, by_link.get(a.url))]
    coded: list[list[Event]] = []
    for part in _parts(to_code, settings.batch_size):
        if out_of_time():
            break
        found, errs = steps.code(settings, [a for a, _ in part])
        coded += found
        out.errors += errs
    for (art, page), events in zip(to_code, coded, strict=False):
        planned = by_link.get(art.url)
        out.articles.append(
            st.StagedArticle(
                seq=planned.seq if planned else -1,
                article=art,
                events=events,
                entry_published=page.entry.published if page.entry else None,
                etag=page.etag,
                last_modified=page.last_modified,
                final_url=page.final_url,
            )
        )
    out.entries = processed_entries(pages, extracted, not_modified)
    out.extracted = [a.url for a, _ in extracted]
    out.counts = {
        "pages": len(chunk),
        "fetched": len(pages),
        "not_modified": len(not_modified),
        "unchanged": len(extracted) - len(to_code),
        "coded": len(coded),
        "events": sum(len(e) for e in coded),
        "failed": sum(e.stage in ("fetch", "extract") for e in out.errors),
        "deferred": (len(chunk) - len(pages)) + (len(pages) - read) + (len(to_code) - len(coded)),
    }
    return out


def _unchanged(art: Article, planned: st.PlannedEntry | None) -> bool:
    """Known to the warehouse with this very text, or as an alias: `sort_articles` would keep it."""
    if planned is None:
        return False
    return planned.known_alias or (
        planned.known_hash is not None and planned.known_hash == art.content_hash
    )


def _parts(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), max(size, 1))]


def _fetch_chunk(
    settings: Settings, chunk: list[st.PlannedEntry], steps: Steps, deadline: float
) -> list[Page]:
    """The chunk's pages, in plan order: by robots setting, and a host with a global concurrency
    limit on its own, inside its slot (a slot not had before the deadline defers its pages)."""
    robots_by_feed = {
        f.url: (f.robots if f.robots is not None else settings.respect_robots)
        for f in settings.feeds
    }
    conditional: Conditional = {
        p.entry.link: (p.etag, p.last_modified)
        for p in chunk
        if p.entry.link and (p.etag or p.last_modified)
    }
    groups: dict[tuple[bool, str | None], list[int]] = {}
    for i, p in enumerate(chunk):
        robots = robots_by_feed.get(p.entry.feed_url, settings.respect_robots)
        host = host_key(p.entry.link)
        groups.setdefault((robots, host if host in steps.limited_hosts else None), []).append(i)
    fetched: list[Page | None] = [None] * len(chunk)
    part_size = max(settings.batch_size, settings.concurrency * 4)  # run-time cap checked per part
    for (robots, host), indexes in groups.items():
        for part in _parts(indexes, part_size):
            left = deadline - time.monotonic()
            if left <= 0:
                break
            entries = [chunk[i].entry for i in part]
            with contextlib.ExitStack() as slot:
                if host is not None:
                    try:
                        slot.enter_context(steps.host_slot(host, left))
                    except TimeoutError:
                        log.warning("no slot of host %s before the run-time cap: deferred", host)
                        break
                pages = steps.fetch(settings, entries, conditional, robots)
            for i, page in zip(part, pages, strict=True):
                fetched[i] = page
    return [p for p in fetched if p is not None]
