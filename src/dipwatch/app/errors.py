"""`dipwatch errors [--retry]`: the open failures of raw.ingest_errors, and requeueing failed pages."""

from __future__ import annotations

import argparse
import sys

import duckdb

from dipwatch.app import options
from dipwatch.warehouse import connection as db
from dipwatch.warehouse.errors import COLUMNS, open_errors, requeue_failed_pages


def cmd_errors(args: argparse.Namespace) -> int:
    """Run `dipwatch errors`."""
    from dipwatch.app.table import print_result
    from dipwatch.config import load_settings

    settings = load_settings({"db": args.db}, read_feeds=False)
    try:
        if args.retry:
            with db.writer(settings.db, settings.lock_timeout) as con:
                count = requeue_failed_pages(con, args.url or None)
            print(f"dipwatch errors: {count} failed pages requeued for the next refresh")
            return 0
        with db.reader(settings.db, settings.read_timeout) as con:
            failed = open_errors(con, args.stage)
    except duckdb.Error as exc:
        print(f"dipwatch errors: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 1
    rows = [[getattr(f, c) for c in COLUMNS] for f in failed]
    print_result(COLUMNS, rows, args.format, args.max_width)
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register `dipwatch errors`."""
    p = sub.add_parser(
        "errors",
        help="list the open failures (raw.ingest_errors); --retry requeues failed pages",
        description="The URLs that failed and have not worked since, with their attempts and "
        "when a refresh tries them again. --retry lets the next refresh fetch the failed pages "
        "again (all of them, or those given with --url), whatever their backoff.",
    )
    p.add_argument("--retry", action="store_true", help="requeue failed pages for the next refresh")
    p.add_argument("--url", action="append", metavar="URL", help="with --retry: only this page")
    p.add_argument("--stage", choices=("feed", "entry", "fetch", "extract", "events"))
    options.add_listing_flags(p)
    options.add_db_flag(p)
    p.set_defaults(func=cmd_errors)
