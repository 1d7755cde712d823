"""`dipwatch feeds check FILE [--probe]`: is this feeds file right, and do its feeds answer?

Without --probe nothing is fetched: the TOML, every [[feeds]] entry (an http(s) URL or an
existing file; known keys), the [settings] (each against its type and range) and the
[[watchlist]] tables are checked, each problem one line. With --probe (needs the network for
remote feeds) every feed is polled once, as a refresh polls it (User-Agent, timeouts, retries,
size cap, per-host limits), and its status, entries and title are printed. Exit 0: no problem;
1: a problem (an error line, or a feed that failed to answer); 2: the file cannot be read.
"""

from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(slots=True)
class Report:
    """What the check found."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # one per feed


class _Collect(logging.Handler):
    """Keeps the warnings the feeds-file reader logs."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def check_file(path: Path, probe: bool = False) -> Report:
    """Check a feeds file (and, with `probe`, poll each of its feeds); never raises ConfigError."""
    from dipwatch.alerts.watchlist import read_watchlists
    from dipwatch.config import ConfigError, complete_settings, explicit_settings
    from dipwatch.ingest.local import is_http_url, local_feed_path

    report = Report()
    collect = _Collect()
    logger = logging.getLogger("dipwatch")
    logger.addHandler(collect)
    try:
        try:
            settings = complete_settings(explicit_settings({"feeds_file": str(path)}, environ={}))
        except ConfigError as exc:
            report.errors.append(str(exc))
            return report
        try:
            watchlists = read_watchlists(path)
        except ConfigError as exc:
            report.errors.append(str(exc))
            watchlists = []
    finally:
        logger.removeHandler(collect)
    report.warnings += collect.messages
    if not settings.feeds:
        report.errors.append(f"feeds file {path}: no [[feeds]] with a url")
    seen: set[str] = set()
    for spec in settings.feeds:
        label = f"{spec.name} <{spec.url}>" if spec.name else spec.url
        if spec.url in seen:
            report.warnings.append(f"{label}: listed twice")
        seen.add(spec.url)
        if not is_http_url(spec.url) and not local_feed_path(spec.url).is_file():
            report.errors.append(f"{label}: no such file")
        if spec.robots is not None and not isinstance(spec.robots, bool):
            report.errors.append(f"{label}: robots must be true or false")
    report.lines.append(
        f"{path}: {len(settings.feeds)} feeds, {len(watchlists)} watchlists"
        + (f" ({', '.join(w.name for w in watchlists)})" if watchlists else "")
    )
    if probe and not report.errors:
        _probe(settings, report)
    return report


def _probe(settings, report: Report) -> None:
    """Poll every feed once, as a refresh would, and report each."""
    from dipwatch.ingest.feeds import poll_feeds

    for spec, result in zip(
        settings.feeds, poll_feeds(list(settings.feeds), {}, settings), strict=True
    ):
        label = f"{spec.name} <{spec.url}>" if spec.name else spec.url
        if result.status == "error":
            report.errors.append(f"{label}: {result.error}")
            report.lines.append(f"FAIL {label}: {result.error}")
            continue
        dated = sum(e.published is not None for e in result.entries)
        note = f"; {result.error}" if result.error else ""
        report.lines.append(
            f"ok   {label}: {len(result.entries)} entries ({dated} dated), "
            f"title {result.title!r}{note}"
        )
        if not result.entries:
            report.warnings.append(f"{label}: the feed answered but lists no entries")


def cmd_check(args: argparse.Namespace) -> int:
    """Run `dipwatch feeds check`."""
    path = Path(args.file)
    if not path.is_file():
        print(f"dipwatch feeds check: no such file: {path}", file=sys.stderr)
        return 2
    report = check_file(path, probe=args.probe)
    for line in report.lines:
        print(line)
    for line in report.warnings:
        print(f"warning: {line}")
    for line in report.errors:
        print(f"error: {line}", file=sys.stderr)
    if report.errors:
        return 1
    print("feeds file OK" + (" and every feed answered" if args.probe else " (not probed)"))
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register `dipwatch feeds check`."""
    p = sub.add_parser("feeds", help="work with feeds files (feeds check FILE)")
    inner = p.add_subparsers(dest="feeds_command", required=True)
    c = inner.add_parser(
        "check",
        help="validate a feeds file; --probe also polls each feed (needs the network)",
        description=(__doc__ or "").split("\n\n")[1],
    )
    c.add_argument("file", metavar="FILE", help="the feeds TOML file")
    c.add_argument(
        "--probe", action="store_true", help="poll every feed once (remote feeds need internet)"
    )
    c.set_defaults(func=cmd_check)
