"""The `dipwatch` command: run, recode, sql, serve, eval, export, dashboard, settings."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dipwatch import __version__

if TYPE_CHECKING:
    from dipwatch.config import Settings

log = logging.getLogger("dipwatch")

DEFAULT_CRON = "*/30 * * * *"


def quiet_prefect() -> None:
    """Without a Prefect server, run in ephemeral mode without telemetry or chatter."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault(
        "PREFECT_UI_ENABLED", "false" if not os.environ.get("PREFECT_API_URL") else "true"
    )
    if not os.environ.get("PREFECT_API_URL"):
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
        os.environ.setdefault("PREFECT_LOGGING_LOG_PRINTS", "false")
        os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "ERROR")


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s" if verbose else "%(message)s",
    )
    for noisy in ("httpx", "httpcore", "trafilatura", "newspaper", "urllib3", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if not verbose:
        logging.getLogger("dipwatch").setLevel(logging.WARNING)


def flow_parameters(args: argparse.Namespace) -> dict:
    """The `refresh` parameters: `settings` holds what the DIPWATCH_* environment and the flags
    give (the flow fills in the rest from the feeds file and the defaults); `feeds` only when
    given by --feed (otherwise the flow reads the feeds file)."""
    from dipwatch.app.options import flag_values
    from dipwatch.config import explicit_settings, resolve_feed_location

    feeds = [resolve_feed_location(f, Path.cwd()) for f in getattr(args, "feed", None) or []]
    return {"settings": explicit_settings(flag_values(args)), "feeds": feeds or None}


def resolve_settings(params: dict) -> Settings:
    """The run's complete settings, as the flow will resolve them (a bad feeds file fails here)."""
    from dipwatch.config import complete_settings

    return complete_settings(params["settings"], params["feeds"])


def cmd_run(args: argparse.Namespace) -> int:
    params = flow_parameters(args)
    settings = resolve_settings(params)
    from dipwatch.events.coders import check_coder
    from dipwatch.warehouse.connection import WarehouseError, writer

    check_coder(settings.coder)  # an unknown coder fails before anything is fetched
    from dipwatch.alerts.watchlist import read_watchlists

    read_watchlists(settings.feeds_file)  # so does a bad [[watchlist]] (issue 12)

    # fail fast, before Prefect starts, when another refresh holds the warehouse
    # (no migrations here: the flow's prepare-warehouse task applies them)
    with writer(settings.db, settings.lock_timeout, migrate=False):
        pass
    quiet_prefect()
    from dipwatch.app.progress import reporting
    from dipwatch.app.summary import render_terminal
    from dipwatch.flows.refresh import refresh

    try:
        with reporting():
            summary = refresh(**params)
    except WarehouseError as exc:
        print(f"dipwatch: {exc}", file=sys.stderr)
        return 3
    print(render_terminal(summary))
    if summary.get("alerts", {}).get("new") or summary.get("alerts", {}).get("failed"):
        a = summary["alerts"]
        print(
            f"  alerts:   {a['new']} new, {a['sent']} sent, {a['failed']} failed (dipwatch alerts)"
        )
    return 0


def cmd_recode(args: argparse.Namespace) -> int:
    from dipwatch.app.progress import reporter, reporting
    from dipwatch.config import load_settings
    from dipwatch.warehouse.recode import recode

    settings = load_settings({"db": args.db}, read_feeds=False)
    with reporting():
        rep = reporter()
        stage = "articles re-coded"
        seen: list[tuple[int, int]] = []  # (done, total) so far

        def progress(done: int, total: int) -> None:
            if not seen:
                rep.start(stage, total)
            seen.append((done, total))
            rep.advance(stage, done, total)

        try:
            result = recode(
                settings.db,
                args.since,
                args.coder or settings.coder,
                batch_size=settings.batch_size,
                lock_timeout=settings.lock_timeout,
                read_timeout=settings.read_timeout,
                refresh_marts=settings.refresh_marts,
                cluster_window_days=settings.cluster_window_days,
                on_progress=progress,
            )
        finally:
            if seen:
                rep.finish(stage, "{}/{}".format(*seen[-1]))
    print(result.line())
    return 0


def _iso_date(value: str) -> dt.date:
    """argparse type: an ISO date."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def cmd_sql(args: argparse.Namespace) -> int:
    import duckdb

    from dipwatch.app.table import print_result
    from dipwatch.config import load_settings
    from dipwatch.warehouse.connection import reader

    settings = load_settings({"db": args.db}, read_feeds=False)

    with reader(settings.db, settings.read_timeout) as con:
        try:
            cur = con.execute(args.query)
        except duckdb.Error as exc:
            msg = str(exc).splitlines()[0]
            if "read-only" in msg.lower():
                msg = "dipwatch sql is read-only (the warehouse is written only by refreshes)"
            print(f"dipwatch sql: {msg}", file=sys.stderr)
            return 1
        columns = [d[0] for d in cur.description] if cur.description else []
        rows = cur.fetchall() if columns else []
    print_result(columns, rows, args.format, args.max_width)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    if not os.environ.get("PREFECT_API_URL"):
        print(
            "dipwatch serve: set PREFECT_API_URL to your Prefect server, e.g. "
            "`prefect server start` then `export PREFECT_API_URL=http://127.0.0.1:4200/api`",
            file=sys.stderr,
        )
        return 2
    params = flow_parameters(args)
    settings = resolve_settings(params)
    from dipwatch.events.coders import check_coder

    check_coder(settings.coder)  # the served runs code with this coder
    quiet_prefect()
    from dipwatch.flows.refresh import refresh

    print(
        f"dipwatch serve: deployment refresh/{args.name}, schedule '{args.cron}', "
        f"warehouse {settings.db}; Ctrl-C stops it"
    )
    refresh.serve(
        name=args.name,
        cron=args.cron,
        parameters={
            "settings": params["settings"].model_dump(mode="json", exclude_none=True),
            "feeds": params["feeds"],
        },
        description="Poll the feeds and load new diplomacy events into the warehouse",
        tags=["dipwatch"],
        limit=1,
    )
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    from dipwatch.app.options import listing, markdown_table
    from dipwatch.config import explicit_settings

    explicit_settings()  # warns about unknown DIPWATCH_* variables
    print(markdown_table() if args.markdown else listing())
    return 0


def build_parser() -> argparse.ArgumentParser:
    from dipwatch.app import options

    p = argparse.ArgumentParser(
        prog="dipwatch", description="News feeds -> diplomacy events -> DuckDB."
    )
    p.add_argument("--version", action="version", version=f"dipwatch {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = p.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="one refresh: poll feeds, fetch, extract, load")
    run.add_argument(
        "--feed",
        action="append",
        metavar="URL_OR_PATH",
        help="a feed to poll (repeatable); default: the feeds file",
    )
    options.add_setting_flags(run)
    run.set_defaults(func=cmd_run)

    rc = sub.add_parser(
        "recode",
        help="code the stored articles again with the current coder, replacing their events",
    )
    rc.add_argument(
        "--since", type=_iso_date, metavar="DATE", help="only articles reported on or after DATE"
    )
    rc.add_argument(
        "--db", help="warehouse file (default: $DIPWATCH_DB or warehouse/dipwatch.duckdb)"
    )
    rc.add_argument(
        "--coder",
        metavar="NAME",
        help="a registered event coder (default: $DIPWATCH_CODER, else rules)",
    )
    rc.set_defaults(func=cmd_recode)

    sql = sub.add_parser("sql", help="run a read-only SQL query on the warehouse")
    sql.add_argument("query")
    sql.add_argument("--db")
    sql.add_argument("--format", choices=("table", "csv", "json"), default="table")
    sql.add_argument("--max-width", type=int, default=60, help="truncate table cells (0: never)")
    sql.set_defaults(func=cmd_sql)

    serve = sub.add_parser("serve", help="register the scheduled refresh with Prefect and run it")
    serve.add_argument("--cron", default=DEFAULT_CRON, help=f"schedule (default '{DEFAULT_CRON}')")
    serve.add_argument("--name", default="refresh", help="deployment name")
    serve.add_argument("--feed", action="append", metavar="URL_OR_PATH")
    options.add_setting_flags(serve)
    serve.set_defaults(func=cmd_serve)

    st = sub.add_parser(
        "settings", help="every setting: its DIPWATCH_* variable, flag, default and meaning"
    )
    st.add_argument("--markdown", action="store_true", help="as the README's table")
    st.set_defaults(func=cmd_settings)

    from dipwatch.app import commands

    commands.register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _setup_logging(args.verbose)
    from dipwatch.config import ConfigError
    from dipwatch.warehouse.connection import WarehouseError

    try:
        return int(args.func(args) or 0)
    except (ConfigError, WarehouseError) as exc:
        print(f"dipwatch: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("dipwatch: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
