"""The processes that extract text and code events (`extract_workers`), for refreshes and backfills.

With one worker nothing is forked: the work runs in the calling process. With n > 1 the coder
is loaded first and then n processes are forked, so they share its memory (copy on write:
`gc.freeze` keeps their collector off it, but Python's reference counts still copy, page by
page, the parts a worker touches: ~70 MB after its first 100 pages; where fork does not exist,
Windows, each worker loads its own coder). The kernel
kills every worker when the process that started them dies, even by `kill -9` (Linux's
PR_SET_PDEATHSIG; a worker whose parent is already gone exits at once), so no worker outlives
a killed run. A pool lives for one run: `close` stops its workers, `close(kill=True)` without
waiting for the work in flight (a failing run).

What a worker logs to the `dipwatch` logger comes back with its result and is logged again by
the parent (`result`), so that the run's log in the Prefect UI has it as if it ran there.
`work_pages` is the CPU part of a refresh: text of each page, then the events of the articles a
refresh may load.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing as mp
import os
import signal
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from dipwatch.models import Article, Event, Page
from dipwatch.pipeline import code_events, extract_texts, unchanged_by_url
from dipwatch.warehouse.loads import ErrorRow, Known

__all__ = ["Pool", "WorkerDied", "Worked", "result", "work_pages"]

PR_SET_PDEATHSIG = 1


class WorkerDied(RuntimeError):
    """A worker process died in the middle of its work (killed, out of memory, a crash)."""


def _die_with_parent(parent: int) -> None:
    """In a worker: be killed when the parent dies (even by kill -9), on Linux; quiet logging."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: a worker may outlive a killed parent
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    # the parent's handlers (and the run's collector of warnings) are copies here: what the
    # work logs goes back with its result instead (_logged, result)
    source = logging.getLogger("dipwatch")
    for handler in list(source.handlers):
        source.removeHandler(handler)
    source.propagate = False


def _ready() -> int:
    """A no-op that makes the pool start its processes now (from the thread that owns it)."""
    return os.getpid()


class Pool:
    """n processes forked once `coder` is loaded (n = 1: none, the work runs inline)."""

    def __init__(self, n: int, coder: str | None) -> None:
        self.n = max(1, n)
        self.executor: ProcessPoolExecutor | None = None
        if self.n == 1:
            return
        warm = Article(url="about:warm-up", text="Russia and China held talks in Moscow.")
        code_events([warm], coder)  # load the coder once: the children share it
        gc.collect()
        gc.freeze()  # what exists now is shared: the children's collector leaves it alone
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        self.executor = ProcessPoolExecutor(
            self.n, mp_context=ctx, initializer=_die_with_parent, initargs=(os.getpid(),)
        )
        # start them all now, from this thread: PR_SET_PDEATHSIG fires when the thread that
        # forked a worker ends, so the pool must be started by the thread that keeps it
        for f in [self.executor.submit(_ready) for _ in range(self.n)]:
            f.result()
        gc.unfreeze()

    @property
    def inline(self) -> bool:
        """True when the work runs in this process."""
        return self.executor is None

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Future:
        """Run fn(*args) in a worker (inline: now, in this process); its future, for `result`."""
        if self.executor is not None:
            return self.executor.submit(_logged, fn, *args)
        done: Future = Future()
        try:
            done.set_result(fn(*args))
        except Exception as exc:
            done.set_exception(exc)
        return done

    def close(self, kill: bool = False) -> None:
        """Stop the workers; kill: at once, without waiting for the work in flight."""
        if self.executor is None:
            return
        executor, self.executor = self.executor, None
        if kill:
            for proc in list((getattr(executor, "_processes", None) or {}).values()):
                proc.kill()  # private, but the only handle on a pool's processes
        executor.shutdown(wait=not kill, cancel_futures=True)

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(kill=exc_type is not None)


@dataclass(slots=True)
class _Logged:
    """A worker's return value, with what it logged to `dipwatch` (logger, level, message)."""

    value: Any
    records: list[tuple[str, int, str]]


class _Captured(logging.Handler):
    """Keeps what the work logs to `dipwatch`, to send it back to the parent."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _logged(fn: Callable[..., Any], *args: Any) -> _Logged:
    """In a worker: fn(*args), and its warnings."""
    captured = _Captured()
    source = logging.getLogger("dipwatch")
    source.addHandler(captured)
    try:
        value = fn(*args)
    finally:
        source.removeHandler(captured)
    return _Logged(value, captured.records)


def result(future: Future) -> Any:
    """The result of a `Pool.submit`, its warnings logged again here (in the process the run's
    log collects); WorkerDied (one line) when the worker's process died."""
    try:
        value = future.result()
    except BrokenProcessPool:
        raise WorkerDied(
            "a text and event worker process died (killed, out of memory?): the batch in "
            "flight is not loaded; extract_workers = 1 runs everything in one process"
        ) from None
    if isinstance(value, _Logged):
        for name, level, message in value.records:
            logging.getLogger(name).log(level, "%s", message)
        return value.value
    return value


# ---------------------------------------------------------------- a refresh's CPU work


@dataclass(slots=True)
class Worked:
    """What a worker made of a part of a batch, page by page (pages stay with the parent)."""

    articles: list[Article | None] = field(default_factory=list)  # None: no article
    errors: list[list[ErrorRow]] = field(default_factory=list)  # each page's extract errors
    not_modified: list[bool] = field(default_factory=list)
    events: dict[int, list[Event]] = field(default_factory=dict)  # by page position: coded
    code_errors: list[ErrorRow] = field(default_factory=list)  # rows of the coded articles


def work_pages(
    pages: list[Page],
    coder: str | None,
    max_text_chars: int | None,
    max_events: int | None,
    known: dict[str, Known] | None = None,
) -> Worked:
    """Text of each page, then the events of its article unless `known` (the warehouse's
    articles by URL) already holds it unchanged: the articles a refresh may load new or
    updated (and those it finds to be duplicates of another text). Runs anywhere: no
    warehouse, no Prefect."""
    out = Worked()
    for page in pages:
        arts, errs, nm = extract_texts([page])
        out.articles.append(arts[0][0] if arts else None)
        out.errors.append(errs)
        out.not_modified.append(bool(nm))
    todo = [
        (i, a)
        for i, a in enumerate(out.articles)
        if a is not None and not unchanged_by_url(a, known or {})
    ]
    if todo:
        found, out.code_errors = code_events(
            [a for _, a in todo], coder, max_text_chars, max_events
        )
        out.events = {i: evs for (i, _), evs in zip(todo, found, strict=True)}
    return out
