"""The `dipwatch` command: run, recode, sql, serve, eval, export, dashboard, settings."""

from __future__ import annotations

import argparse
import datetime as dt
import errno
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
    """No telemetry, no first-run notice, no Prefect chatter (kept here for `dipwatch eval`)."""
    from dipwatch.app.prefect_api import quiet_prefect as quiet

    quiet()


def _prefect_off_the_terminal(verbose: bool) -> None:
    """Prefect's own log lines go to its API (the UI), not to the terminal (unless -v)."""
    if not verbose:
        logging.getLogger("prefect").propagate = False


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


EXIT_OK, EXIT_RUN_FAILED, EXIT_CANNOT_START = 0, 1, 2


def cmd_run(args: argparse.Namespace) -> int:
    """One refresh. Exit 0: completed (some feeds or articles may have failed: see the summary);
    1: the run failed (every feed failed, or the load failed: nothing of it was loaded);
    2: it could not start (bad setting, warehouse locked or damaged, Prefect unreachable)."""
    params = flow_parameters(args)
    settings = resolve_settings(params)
    from dipwatch.events.coders import check_coder
    from dipwatch.warehouse.connection import writer

    check_coder(settings.coder)  # an unknown coder fails before anything is fetched
    from dipwatch.alerts.watchlist import read_watchlists

    read_watchlists(settings.feeds_file)  # so does a bad [[watchlist]] (issue 12)

    # fail fast, before Prefect starts, when another refresh holds the warehouse
    # (no migrations here: the flow's prepare-warehouse task applies them)
    with writer(settings.db, settings.lock_timeout, migrate=False):
        pass
    from dipwatch.app.prefect_api import prefect_api

    with prefect_api(settings.prefect_start_timeout):
        return _run_flow(args, params, settings)


def _run_flow(args: argparse.Namespace, params: dict, settings: Settings) -> int:
    from dipwatch.app.progress import reporting
    from dipwatch.app.summary import render_terminal
    from dipwatch.flows.refresh import RefreshFailed, refresh

    _prefect_off_the_terminal(args.verbose)
    flow = refresh.with_options(timeout_seconds=settings.flow_timeout)
    with reporting():
        state = flow(**params, return_state=True)
    if state.is_completed():
        summary = state.result()
        print(render_terminal(summary))
        alerts = summary.get("alerts", {})
        if alerts.get("new") or alerts.get("failed"):
            print(
                f"  alerts:   {alerts['new']} new, {alerts['sent']} sent, "
                f"{alerts['failed']} failed (dipwatch alerts)"
            )
        return EXIT_OK
    outcome = state.result(raise_on_failure=False)
    if state.name == "TimedOut" or type(outcome).__name__ == "FlowRunTimeoutError":
        print(
            f"dipwatch run: the refresh failed: it ran longer than {settings.flow_timeout:g} s "
            "(DIPWATCH_FLOW_TIMEOUT); nothing of it was loaded",
            file=sys.stderr,
        )
    elif isinstance(outcome, RefreshFailed):
        print(render_terminal(outcome.summary))
        print(f"dipwatch run: the refresh failed: {outcome}", file=sys.stderr)
    elif isinstance(outcome, BaseException):
        print(f"dipwatch run: the refresh failed: {_one_line(outcome)}", file=sys.stderr)
    else:
        print(f"dipwatch run: the refresh ended {state.name}: {state.message}", file=sys.stderr)
    return EXIT_RUN_FAILED


def _one_line(exc: BaseException) -> str:
    """An exception as the user reads it: its message's first line (with its type if unclear)."""
    from dipwatch.config import ConfigError
    from dipwatch.warehouse.connection import WarehouseError

    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if isinstance(exc, WarehouseError | ConfigError):
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


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
                max_text_chars=settings.max_text_chars,
                max_events_per_article=settings.max_events_per_article,
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


def sql_error(exc: Exception) -> str:
    """DuckDB's error on one line, its hints kept ("Did you mean", candidate bindings)."""
    lines = []
    for line in str(exc).splitlines():
        if line.startswith("LINE "):  # the query echo and its caret: not needed on one line
            break
        if line.strip():
            lines.append(line.strip())
    msg = " ".join(lines) or type(exc).__name__
    if "read-only" in msg.lower():
        msg = "dipwatch sql is read-only (the warehouse is written only by refreshes)"
    return msg


def cmd_sql(args: argparse.Namespace) -> int:
    import duckdb

    from dipwatch.app.table import print_result
    from dipwatch.config import load_settings
    from dipwatch.warehouse.connection import reader, storage_error

    settings = load_settings({"db": args.db}, read_feeds=False)

    with reader(settings.db, settings.read_timeout) as con:
        try:
            cur = con.execute(args.query)
            columns = [d[0] for d in cur.description] if cur.description else []
            rows = cur.fetchall() if columns else []
        except duckdb.Error as exc:
            if storage_error(settings.db, exc, writing=False) is not None:  # damaged: one line
                raise
            print(f"dipwatch sql: {sql_error(exc)}", file=sys.stderr)
            return 1
    print_result(columns, rows, args.format, args.max_width)
    return 0


def check_cron(cron: str) -> None:
    """ConfigError (one line) unless `cron` is a valid cron expression (as Prefect checks it)."""
    from prefect.client.schemas.schedules import CronSchedule

    from dipwatch.config import ConfigError

    try:
        CronSchedule(cron=cron)
    except ValueError:
        raise ConfigError(
            f"--cron {cron!r} is not a cron expression (five fields: minute hour day month "
            "weekday, e.g. '*/30 * * * *')"
        ) from None


def cmd_serve(args: argparse.Namespace) -> int:
    """Register the deployment and run its scheduled runs (one at a time; see the README's
    'Late and overlapping runs')."""
    quiet_prefect()
    check_cron(args.cron)
    params = flow_parameters(args)
    settings = resolve_settings(params)
    from dipwatch.events.coders import check_coder

    check_coder(settings.coder)  # the served runs code with this coder
    from dipwatch.app.prefect_api import check_api, configured_api

    api = configured_api()
    if not api:
        print(
            "dipwatch serve: set PREFECT_API_URL to your Prefect server, e.g. "
            "`prefect server start` then `export PREFECT_API_URL=http://127.0.0.1:4200/api`",
            file=sys.stderr,
        )
        return 2
    check_api(api)
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy

    from dipwatch.flows.refresh import refresh

    print(
        f"dipwatch serve: deployment refresh/{args.name}, schedule '{args.cron}', "
        f"warehouse {settings.db}; Ctrl-C stops it"
    )
    refresh.with_options(timeout_seconds=settings.flow_timeout).serve(
        name=args.name,
        cron=args.cron,
        parameters={
            "settings": params["settings"].model_dump(mode="json", exclude_none=True),
            "feeds": params["feeds"],
        },
        description="Poll the feeds and load new diplomacy events into the warehouse",
        tags=["dipwatch"],
        limit=1,
        # a run due while another runs is cancelled, not queued (late runs do not pile up)
        global_limit=ConcurrencyLimitConfig(
            limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW
        ),
    )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from dipwatch.config import load_settings
    from dipwatch.warehouse.backup import backup

    settings = load_settings({"db": args.db}, read_feeds=False)
    print(backup(settings.db, args.dest, settings.lock_timeout).line())
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
    sub = p.add_subparsers(dest="command")

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
    options.add_db_flag(rc)
    rc.add_argument(
        "--coder",
        metavar="NAME",
        help="a registered event coder (default: $DIPWATCH_CODER, else rules)",
    )
    rc.set_defaults(func=cmd_recode)

    sql = sub.add_parser("sql", help="run a read-only SQL query on the warehouse")
    sql.add_argument("query")
    options.add_db_flag(sql)
    options.add_listing_flags(sql)
    sql.set_defaults(func=cmd_sql)

    serve = sub.add_parser("serve", help="register the scheduled refresh with Prefect and run it")
    serve.add_argument("--cron", default=DEFAULT_CRON, help=f"schedule (default '{DEFAULT_CRON}')")
    serve.add_argument("--name", default="refresh", help="deployment name")
    serve.add_argument("--feed", action="append", metavar="URL_OR_PATH")
    options.add_setting_flags(serve)
    serve.set_defaults(func=cmd_serve)

    bk = sub.add_parser(
        "backup", help="a consistent copy of the warehouse (safe while refreshes run)"
    )
    bk.add_argument("dest", help="file to write (or a folder: the warehouse's file name in it)")
    options.add_db_flag(bk)
    bk.set_defaults(func=cmd_backup)

    st = sub.add_parser(
        "settings", help="every setting: its DIPWATCH_* variable, flag, default and meaning"
    )
    st.add_argument("--markdown", action="store_true", help="as the README's table")
    st.set_defaults(func=cmd_settings)

    from dipwatch.app import commands

    commands.register(sub)
    return p


def _which_warehouse() -> str:
    """The warehouse `dipwatch` uses now, and whether it exists."""
    from dipwatch.config import ConfigError, load_settings

    try:
        db = load_settings(read_feeds=False).db
    except ConfigError as exc:
        return f"warehouse: unknown ({exc})"
    state = "exists" if Path(db).exists() else "not created yet: `dipwatch run` makes it"
    return f"warehouse: {db} ({state}; DIPWATCH_DB or --db choose another)"


def _must_exist(*paths: Path) -> None:
    """FileNotFoundError (one line in main) for the first path that does not exist."""
    for path in paths:
        if not Path(path).exists():
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # plain `dipwatch`: what it can do and which warehouse it uses
        parser.print_help()
        print("\n" + _which_warehouse())
        return 0
    _setup_logging(args.verbose)
    from dipwatch.app.prefect_api import PrefectUnavailable
    from dipwatch.config import ConfigError
    from dipwatch.warehouse.connection import WarehouseError

    name = f"dipwatch {args.command}"
    try:
        if args.command == "eval":  # runs the refresh flow: on dipwatch's own temporary server
            from dipwatch.app.prefect_api import prefect_api

            _must_exist(args.gold, args.pages)  # before a server starts for nothing

            with prefect_api():
                return int(args.func(args) or 0)
        return int(args.func(args) or 0)
    except (ConfigError, WarehouseError, PrefectUnavailable) as exc:
        print(f"{name}: {exc}", file=sys.stderr)
        return EXIT_CANNOT_START
    except BrokenPipeError:  # `dipwatch sql ... | head`: the reader left; stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print(f"{name}: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        if exc.filename is None:
            raise
        print(f"{name}: {exc.filename}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_CANNOT_START


if __name__ == "__main__":
    sys.exit(main())
