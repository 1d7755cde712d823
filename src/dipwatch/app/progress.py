"""Progress of long work: a live bar on a terminal, plain log lines elsewhere (logs, CI)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

log = logging.getLogger("dipwatch")


class Reporter(Protocol):
    """Receives stage progress from the pipeline."""

    def start(self, stage: str, total: int) -> None: ...
    def advance(self, stage: str, done: int, total: int) -> None: ...
    def finish(self, stage: str, message: str) -> None: ...


class LogReporter:
    """One line per stage (and none per item): what logs and CI should see."""

    def start(self, stage: str, total: int) -> None:
        pass

    def advance(self, stage: str, done: int, total: int) -> None:
        pass

    def finish(self, stage: str, message: str) -> None:
        log.info("%s: %s", stage, message)


class RichReporter:
    """A live progress bar per stage, for people at a terminal."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("{task.description:<22}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=self.console,
            transient=True,
        )
        self.tasks: dict[str, int] = {}

    def start(self, stage: str, total: int) -> None:
        if not self.progress.live.is_started:
            self.progress.start()
        self.tasks[stage] = self.progress.add_task(stage, total=max(total, 1))

    def advance(self, stage: str, done: int, total: int) -> None:
        if stage in self.tasks:
            self.progress.update(self.tasks[stage], completed=done, total=max(total, 1))

    def finish(self, stage: str, message: str) -> None:
        if stage in self.tasks:
            self.progress.remove_task(self.tasks.pop(stage))
        self.console.print(f"[green]✓[/green] {stage}: {message}")
        if not self.tasks and self.progress.live.is_started:
            self.progress.stop()


_current: Reporter = LogReporter()


def reporter() -> Reporter:
    """The reporter the running command installed (plain log lines by default)."""
    return _current


@contextmanager
def reporting(interactive: bool | None = None) -> Iterator[Reporter]:
    """Install a terminal reporter when stderr is a terminal, a log reporter otherwise."""
    global _current
    if interactive is None:
        interactive = sys.stderr.isatty()
    previous = _current
    _current = RichReporter() if interactive else LogReporter()
    try:
        yield _current
    finally:
        if isinstance(_current, RichReporter) and _current.progress.live.is_started:
            _current.progress.stop()
        _current = previous
