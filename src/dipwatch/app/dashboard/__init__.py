"""`dipwatch dashboard`: a read-only Streamlit app on the warehouse's marts (optional extra `dashboard`).

The app (`app.py`) opens a short-lived read-only connection per query, so it keeps working
while a refresh holds the warehouse (it waits for the lock) and never blocks a refresh for
longer than one query. Streamlit is imported only when the command runs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from dipwatch.app import options

APP = Path(__file__).with_name("app.py")


def streamlit_command(
    db: str, port: int, address: str = "127.0.0.1", headless: bool = True
) -> list[str]:
    """The `streamlit run` command line for the app on warehouse `db`."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true" if headless else "false",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        "--client.toolbarMode",
        "viewer",
        "--",
        "--db",
        db,
    ]


def cmd_dashboard(args: argparse.Namespace) -> int:
    """Start the Streamlit app; returns when it stops (Ctrl-C)."""
    from dipwatch.config import load_settings

    try:
        import streamlit  # noqa: F401
    except ModuleNotFoundError:
        print(
            "dipwatch dashboard needs the optional extra: pip install 'dipwatch[dashboard]'",
            file=sys.stderr,
        )
        return 2
    settings = load_settings({"db": args.db}, read_feeds=False)
    db = os.path.abspath(settings.db)
    if not Path(db).exists():
        print(
            f"dipwatch dashboard: no warehouse at {db}: run `dipwatch run` first (or pass --db)",
            file=sys.stderr,
        )
        return 2
    cmd = streamlit_command(db, args.port, args.address, headless=not args.browser)
    print(
        f"dipwatch dashboard: http://{args.address}:{args.port} on {db} (read-only); Ctrl-C stops it",
        flush=True,
    )
    os.environ["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    if os.name == "posix":  # become the Streamlit server: Ctrl-C and signals reach it directly
        os.execv(sys.executable, cmd)
    try:
        return subprocess.call(cmd)
    except KeyboardInterrupt:
        return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register `dipwatch dashboard`."""
    p = sub.add_parser("dashboard", help="start the read-only Streamlit dashboard on the warehouse")
    options.add_db_flag(p)
    p.add_argument("--port", type=int, default=8501, help="port (default 8501)")
    p.add_argument(
        "--address", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    p.add_argument("--browser", action="store_true", help="also open a browser window")
    p.set_defaults(func=cmd_dashboard)
