"""`dipwatch export`: the public models as Parquet or CSV files, or events as PLOVER JSONL.

    dipwatch export --format parquet --out exports/            # every public model, one file each
    dipwatch export --format csv --out exports/ --since 2024-01-01
    dipwatch export --format jsonl --out exports/               # events.jsonl, PLOVER records

Files are written by DuckDB's COPY (Parquet is built in) on a read-only connection, each to a
temporary name first and then renamed, with a `manifest.json` listing what was written. With
`--since`, rows are kept by when they were reported (see SINCE); the marts by their day.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from dipwatch.app import options
from dipwatch.app.plover import records_query
from dipwatch.app.safety import sql_csv_cell
from dipwatch.warehouse import connection as db

FORMATS = ("parquet", "csv", "jsonl")

# How --since filters each model (a UTC date compared with the date given).
SINCE = {
    "articles": "cast(timezone('UTC', coalesce(published_at, first_seen_at)) as date)",
    "events": "cast(timezone('UTC', coalesce(published_at, extracted_at)) as date)",
    "clusters": "cast(timezone('UTC', last_reported_at) as date)",
    "event_feed": "cast(timezone('UTC', last_reported_at) as date)",
    "event_map": "event_day",
    "dyad_daily": "event_day",
    "country_activity": "week_start + 6",
}

_COPY_OPTIONS = {"parquet": "format parquet, compression zstd", "csv": "format csv, header true"}


class ExportError(Exception):
    """The export cannot be done; the message is for the user."""


@dataclass(slots=True)
class ExportResult:
    """What an export wrote."""

    out: Path
    format: str
    since: dt.date | None
    files: dict[str, int] = field(default_factory=dict)  # file name -> rows
    skipped: list[str] = field(default_factory=list)  # models not built in this warehouse


def _coder() -> str:
    """This program and its version (the PLOVER `coder` field adds the event's coder)."""
    from dipwatch import __version__

    return f"dipwatch {__version__}"


def _where(model: str, since: dt.date | None) -> tuple[str, list]:
    """The --since condition of a model and its parameters."""
    if since is None:
        return "true", []
    return f"{SINCE[model]} >= ?", [since]


def _csv_safe_columns(con: duckdb.DuckDBPyConnection, model: str) -> str:
    """The model's columns, text ones with formula prefixes neutralised (see app.safety)."""
    described = con.execute(f"describe select * from {model}").fetchall()
    return ", ".join(
        sql_csv_cell(name) if kind == "VARCHAR" else '"' + name.replace('"', '""') + '"'
        for name, kind, *_ in described
    )


def _copy(
    con: duckdb.DuckDBPyConnection, query: str, params: list, target: Path, options: str
) -> int:
    """COPY a query to target (via a temporary name); return the rows written."""
    tmp = target.with_name(target.name + ".tmp")
    path = str(tmp).replace("'", "''")
    try:
        written = con.execute(f"copy ({query}) to '{path}' ({options})", params).fetchone()
        os.replace(tmp, target)
    except BaseException:  # a full disk: no half file left, a previous export stays whole
        tmp.unlink(missing_ok=True)
        raise
    return int(written[0]) if written else 0


def export(
    con: duckdb.DuckDBPyConnection, out: Path, fmt: str, since: dt.date | None = None
) -> ExportResult:
    """Write the export to directory `out` from an open (read-only) connection."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    from dipwatch.warehouse.marts import public_models

    out.mkdir(parents=True, exist_ok=True)
    result = ExportResult(out, fmt, since)
    existing = db.existing_relations(con, include_views=True)
    if fmt == "jsonl":
        if "events" not in existing:
            raise ExportError("the warehouse has no `events` view: run `dipwatch run` first")
        where, params = _where("events", since)
        coder = _coder()
        query = records_query(where)
        result.files["events.jsonl"] = _copy(
            con, query, [coder, *params], out / "events.jsonl", "format json"
        )
    else:
        for model in public_models():
            if model not in existing:
                result.skipped.append(model)
                continue
            where, params = _where(model, since)
            name = f"{model}.{fmt}"
            columns = _csv_safe_columns(con, model) if fmt == "csv" else "*"
            result.files[name] = _copy(
                con,
                f"select {columns} from {model} where {where}",
                params,
                out / name,
                _COPY_OPTIONS[fmt],
            )
    manifest = {
        "format": fmt,
        "since": since.isoformat() if since else None,
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "coder": _coder(),
        "files": result.files,
        "skipped": result.skipped,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return result


def _date(value: str) -> dt.date:
    """argparse type: an ISO date."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def cmd_export(args: argparse.Namespace) -> int:
    """Run `dipwatch export`."""
    from dipwatch.config import load_settings

    settings = load_settings({"db": args.db}, read_feeds=False)
    try:
        with db.reader(settings.db, settings.read_timeout) as con:
            result = export(con, Path(args.out), args.format, args.since)
    except (ExportError, duckdb.Error, OSError) as exc:
        print(f"dipwatch export: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 1
    for name, count in result.files.items():
        print(f"{result.out / name}: {count:,} rows")
    if result.skipped:
        print(f"not built yet (run `dipwatch run`): {', '.join(result.skipped)}")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register `dipwatch export`."""
    p = sub.add_parser(
        "export",
        help="write the warehouse as Parquet/CSV files or PLOVER JSONL events",
        description="Export the public models (parquet, csv: one file per model) or the "
        "events as PLOVER records (jsonl). Read-only: safe during a refresh.",
    )
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument(
        "--out", required=True, metavar="DIR", help="output directory (created if missing)"
    )
    p.add_argument(
        "--since",
        type=_date,
        metavar="DATE",
        help="only rows reported on or after DATE (marts: days on or after DATE)",
    )
    options.add_db_flag(p)
    p.set_defaults(func=cmd_export)
