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

# PLOVER event records (PLOVER manual, "JSON Data Fields"): one per event; the two rows of a
# symmetric event (A->B and B->A from one sentence) become one record with both actors as
# `actor` and no recipient, as the manual codes reciprocal events. `date` falls back to the
# article's publication day when the text gives none; month or year precision gives the
# first day as `date` and the last as `enddate`. `link` is the cluster: the records of one
# real-world event share it. Extra fields: date_precision, amount_usd, confidence, cameo_code.
_PLOVER = """
with events as (
    select *,
           row_number() over (
               partition by article_id, event_type, evidence_start,
                   least(coalesce(source_country, ''), coalesce(target_country, '')),
                   greatest(coalesce(source_country, ''), coalesce(target_country, ''))
               order by event_id) as mirror_rank,
           -- this program, and the event coder when the event records it
           ? || coalesce(' (' || coder || coalesce(' ' || coder_version, '') || ')', '') as plover_coder
    from events
    where {where}
),

alpha2 as (
    select * from (values {alpha2}) v(cc3, cc2)
),

final as (
    select
        e.event_id as id,
        true as has_event,
        strftime(coalesce(e.event_date, cast(timezone('UTC', e.published_at) as date)), '%Y-%m-%d') as date,
        case e.date_precision
            when 'month' then strftime(last_day(e.event_date), '%Y-%m-%d')
            when 'year' then strftime(make_date(year(e.event_date), 12, 31), '%Y-%m-%d')
        end as enddate,
        case
            when e.source_country is null then []::struct(code varchar, entity_text varchar)[]
            when e.is_symmetric and e.target_country is not null then [
                {{'code': e.source_country, 'entity_text': e.source_actor}},
                {{'code': e.target_country, 'entity_text': e.target_actor}}]
            else [{{'code': e.source_country, 'entity_text': e.source_actor}}]
        end as actor,
        case
            when e.target_country is null or (e.is_symmetric and e.source_country is not null)
                then []::struct(code varchar, entity_text varchar)[]
            else [{{'code': e.target_country, 'entity_text': e.target_actor}}]
        end as recipient,
        e.event_type as event,
        e.event_mode as mode,
        case when e.location_name is not null then {{
            'extracted_place': e.location_name, 'lat': e.latitude, 'lon': e.longitude,
            'country_code': a.cc2, 'cc3': nullif(e.location_country, '')}} end as event_loc,
        e.evidence as event_text,
        e.quad_class as quad_code,
        e.goldstein as event_scale,
        e.cluster_id as link,
        {{'start': e.evidence_start, 'end': e.evidence_end}} as text_info,
        {{'url': e.article_url, 'title': e.article_title, 'publication': e.feed,
          'coder': e.plover_coder, 'codebook': 'plover'}} as cite_info,
        e.plover_coder as coder,
        strftime(timezone('UTC', e.extracted_at), '%Y-%m-%d') as coded_date,
        strftime(timezone('UTC', e.extracted_at), '%H:%M:%S') as coded_time,
        e.date_precision,
        e.amount_usd,
        e.confidence,
        e.cameo_code
    from events as e
    left join alpha2 as a on a.cc3 = e.location_country
    where not e.is_symmetric or e.mirror_rank = 1
)

select * from final
order by date, id
"""


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


def _alpha2_values() -> str:
    """ISO alpha-3 -> alpha-2 pairs as SQL VALUES rows."""
    import pycountry

    return ", ".join(f"('{c.alpha_3}', '{c.alpha_2}')" for c in pycountry.countries)


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
        query = _PLOVER.format(where=where, alpha2=_alpha2_values())
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
    p.add_argument(
        "--db", help="warehouse file (default: $DIPWATCH_DB, else the user data directory's)"
    )
    p.set_defaults(func=cmd_export)
