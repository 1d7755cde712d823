"""The staging directory: plans and staged batches, written once and never changed (Parquet).

    <stage>/
      20240305T100000Z-<run id>/         one refresh (names sort by time)
        plan.json                        settings, feeds, feed results and errors, watchlists
        plan.parquet                     the entries to fetch, with their shard and plan order
        shard-0-of-2/
          batch-00000/                   one batch of the shard's entries, fetched, extracted, coded
            manifest.json                  its counts (written with the rest: the folder is renamed
            articles.parquet               into place whole, so a reader never sees half a batch)
            events.parquet
            errors.parquet
            entries.parquet
          done.json                      the shard worked its whole slice (how many batches)

Everything is written under a `.tmp-…` name and renamed into place, so a crash leaves at most a
`.tmp-…` folder behind (ignored, and removed with its refresh). The stage must be one folder that
every machine sees at the same path (a shared mount); nothing here touches the warehouse.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
import re
import shutil
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dipwatch.config import FeedSpec, Settings
from dipwatch.models import Article, Event, FeedEntry
from dipwatch.warehouse.bulk import CHUNK_ROWS
from dipwatch.warehouse.connection import connect
from dipwatch.warehouse.loads import ErrorRow

FORMAT = 1  # of plans and batches; a loader refuses what it does not know
PLAN_JSON, PLAN_PARQUET, DONE = "plan.json", "plan.parquet", "done.json"


class StageError(Exception):
    """A staging directory, plan or batch the command cannot use; the message is one line."""


# ---------------------------------------------------------------- Parquet through DuckDB

Columns = Sequence[tuple[str, str]]  # (name, SQL type)


def write_parquet(path: Path, columns: Columns, rows: Sequence[Sequence[Any]]) -> None:
    """Rows (each in `columns` order) as one Parquet file, written by DuckDB's COPY."""
    con = connect(":memory:")
    try:
        con.execute("set TimeZone = 'UTC'")
        con.execute(f"create table t ({', '.join(f'{_ident(n)} {t}' for n, t in columns)})")
        select = ", ".join(f"unnest(?::{t}[])" for _, t in columns)  # a list per column (bulk.py)
        for start in range(0, len(rows), CHUNK_ROWS):
            chunk = rows[start : start + CHUNK_ROWS]
            con.execute(
                f"insert into t select {select}", [list(c) for c in zip(*chunk, strict=True)]
            )
        con.execute(f"copy t to '{_quoted(path)}' (format parquet, compression zstd)")
    finally:
        con.close()


def read_parquet(
    path: Path, columns: Columns, where: str = "true", params: Sequence[Any] = (), order: str = ""
) -> list[tuple]:
    """The rows of a Parquet file written by write_parquet, in `columns` order."""
    con = connect(":memory:")
    try:
        con.execute("set TimeZone = 'UTC'")
        names = ", ".join(_ident(n) for n, _ in columns)
        sql = f"select {names} from read_parquet('{_quoted(path)}') where {where}"
        return con.execute(sql + (f" order by {order}" if order else ""), list(params)).fetchall()
    finally:
        con.close()


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


# ---------------------------------------------------------------- plans


@dataclass(slots=True)
class PlannedEntry:
    """One entry to fetch, as a shard gets it from the plan."""

    seq: int  # position in the refresh's fetch plan (the order a single process would use)
    shard: int
    entry: FeedEntry
    etag: str | None = None  # validators of the stored copy (conditional GET)
    last_modified: str | None = None
    known_hash: str | None = None  # content hash of the stored article of this very URL
    known_alias: bool = False  # the URL is an alias of a stored article: unchanged whatever it says


PLAN_COLUMNS: Columns = (
    ("seq", "integer"),
    ("shard", "integer"),
    ("feed_url", "varchar"),
    ("link", "varchar"),
    ("title", "varchar"),
    ("published", "timestamptz"),
    ("summary", "varchar"),
    ("guid", "varchar"),
    ("attempts", "integer"),
    ("etag", "varchar"),
    ("last_modified", "varchar"),
    ("known_hash", "varchar"),
    ("known_alias", "boolean"),
)


@dataclass(slots=True)
class Plan:
    """What plan.json says of a refresh (the entries are read per shard: `entries`)."""

    refresh: str  # the folder's name
    run_id: str
    started_at: dt.datetime
    shards: int
    settings: Settings
    feeds: list[dict]  # FeedResult fields without entries, with "entries": how many
    feed_errors: list[ErrorRow] = field(default_factory=list)
    watchlists: list[dict] = field(default_factory=list)  # Watchlist.model_dump()
    flow_run_id: str | None = None
    entries_by_shard: list[int] = field(default_factory=list)  # how many each shard fetches
    unchanged: int = 0  # known entries the plan does not fetch (counted as unchanged)


def refresh_name(run_id: str, started_at: dt.datetime) -> str:
    """The folder name of a refresh: its start (UTC) and run id, so names sort by time."""
    return f"{started_at.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}-{run_id}"


def write_plan(stage: Path, plan: Plan, entries: list[PlannedEntry]) -> Path:
    """Write a refresh's plan into the stage (whole or not at all); return its folder."""
    stage.mkdir(parents=True, exist_ok=True)
    final = stage / plan.refresh
    if final.exists():
        raise StageError(f"{final} exists already: a refresh is planned once")
    tmp = stage / f".tmp-{plan.refresh}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        counts = [0] * plan.shards
        for e in entries:
            counts[e.shard] += 1
        plan.entries_by_shard = counts
        write_parquet(tmp / PLAN_PARQUET, PLAN_COLUMNS, [_plan_row(e) for e in entries])
        _write_json(tmp / PLAN_JSON, _plan_json(plan))
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def _plan_row(e: PlannedEntry) -> list:
    en = e.entry
    return [
        e.seq,
        e.shard,
        en.feed_url,
        en.link,
        en.title,
        en.published,
        en.summary,
        en.guid,
        en.attempts,
        e.etag,
        e.last_modified,
        e.known_hash,
        e.known_alias,
    ]


def _plan_json(plan: Plan) -> dict:
    return {
        "format": FORMAT,
        "refresh": plan.refresh,
        "run_id": plan.run_id,
        "flow_run_id": plan.flow_run_id,
        "started_at": plan.started_at.isoformat(),
        "shards": plan.shards,
        "entries_by_shard": plan.entries_by_shard,
        "unchanged": plan.unchanged,
        "settings": plan.settings.model_dump(mode="json"),
        "feed_specs": [dataclasses.asdict(f) for f in plan.settings.feeds],
        "feeds": plan.feeds,
        "feed_errors": [_error_json(e) for e in plan.feed_errors],
        "watchlists": plan.watchlists,
    }


def read_plan(folder: Path) -> Plan:
    """The plan of a refresh folder (StageError when it has none or one of another format)."""
    data = _read_json(folder / PLAN_JSON, "plan")
    if data.get("format") != FORMAT:
        raise StageError(f"{folder / PLAN_JSON}: format {data.get('format')!r}, not {FORMAT}")
    specs = tuple(FeedSpec(**f) for f in data["feed_specs"])
    return Plan(
        refresh=data["refresh"],
        run_id=data["run_id"],
        started_at=dt.datetime.fromisoformat(data["started_at"]),
        shards=int(data["shards"]),
        settings=Settings(**data["settings"], feeds=specs),
        feeds=data["feeds"],
        feed_errors=[_error_of(e) for e in data["feed_errors"]],
        watchlists=data["watchlists"],
        flow_run_id=data.get("flow_run_id"),
        entries_by_shard=data.get("entries_by_shard", []),
        unchanged=int(data.get("unchanged", 0)),
    )


def plan_entries(folder: Path, shard: int) -> list[PlannedEntry]:
    """The entries of one shard, in plan order."""
    rows = read_parquet(folder / PLAN_PARQUET, PLAN_COLUMNS, "shard = ?", [shard], "seq")
    out = []
    for seq, sh, feed, link, title, published, summary, guid, attempts, *rest in rows:
        etag, last_modified, known_hash, known_alias = rest
        entry = FeedEntry(feed, link, title, published, summary, guid, attempts or 0)
        out.append(PlannedEntry(seq, sh, entry, etag, last_modified, known_hash, bool(known_alias)))
    return out


REFRESH_NAME = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]+")


def refreshes(stage: Path) -> list[Path]:
    """The refresh folders of a stage, oldest first (written ones, not `.tmp-…`; other folders
    a shared mount may hold, such as lost+found, are not refreshes)."""
    if not stage.is_dir():
        raise StageError(f"no staging directory at {stage}")
    return sorted(p for p in stage.iterdir() if p.is_dir() and REFRESH_NAME.fullmatch(p.name))


def latest_plan(stage: Path, shard: int, shards: int) -> Path:
    """The newest planned refresh whose shard `shard` of `shards` is not done yet."""
    for folder in reversed(refreshes(stage)):
        if not (folder / PLAN_JSON).is_file() or (shard_dir(folder, shard, shards) / DONE).exists():
            continue
        with contextlib.suppress(StageError, KeyError, ValueError):
            if int(_read_json(folder / PLAN_JSON, "plan")["shards"]) == shards:
                return folder
    raise StageError(f"no plan in {stage} waits for shard {shard} of {shards}")


# ---------------------------------------------------------------- staged batches


def shard_dir(refresh: Path, shard: int, shards: int) -> Path:
    """The folder of one shard's batches."""
    return refresh / f"shard-{shard}-of-{shards}"


def batch_dir(refresh: Path, shard: int, shards: int, index: int) -> Path:
    """The folder of a shard's batch number `index` (its chunk of the shard's entries)."""
    return shard_dir(refresh, shard, shards) / f"batch-{index:05d}"


@dataclass(slots=True)
class StagedArticle:
    """An extracted and coded article with what its page said (ready for the loader's dedup)."""

    seq: int
    article: Article
    events: list[Event]
    entry_published: dt.datetime | None = None
    etag: str | None = None
    last_modified: str | None = None
    final_url: str | None = None


@dataclass(slots=True)
class StagedBatch:
    """One batch of a shard: its coded articles, failures, the entries it read, its counts."""

    refresh: str
    shard: int
    shards: int
    index: int
    articles: list[StagedArticle] = field(default_factory=list)
    errors: list[ErrorRow] = field(default_factory=list)
    entries: list[tuple[str, str]] = field(default_factory=list)  # (link, entry fingerprint)
    extracted: list[str] = field(default_factory=list)  # URLs fetched and extracted (resolved)
    counts: dict[str, int] = field(default_factory=dict)  # pages, not_modified, unchanged, …

    @property
    def batch_id(self) -> str:
        """Its name in raw.staged_batches: refresh/shard-i-of-n/batch-k."""
        return f"{self.refresh}/shard-{self.shard}-of-{self.shards}/batch-{self.index:05d}"


ARTICLE_COLUMNS: Columns = (
    ("seq", "integer"),
    ("url", "varchar"),
    ("final_url", "varchar"),
    ("canonical_url", "varchar"),
    ("feed_url", "varchar"),
    ("title", "varchar"),
    ("authors", "varchar[]"),
    ("published_at", "timestamptz"),
    ("language", "varchar"),
    ("description", "varchar"),
    ("site_name", "varchar"),
    ("body_text", "varchar"),
    ("content_hash", "varchar"),
    ("entry_published", "timestamptz"),
    ("etag", "varchar"),
    ("last_modified", "varchar"),
)
_SQL_TYPES = {
    "str": "varchar",
    "str | None": "varchar",
    "int": "integer",
    "int | None": "integer",
    "float": "double",
    "float | None": "double",
    "bool": "boolean",
    "dt.date | None": "date",
    "list[str]": "varchar[]",
}


def _event_columns() -> Columns:
    cols = [("article_seq", "integer"), ("position", "integer")]
    for f in dataclasses.fields(Event):
        kind = _SQL_TYPES.get(str(f.type))
        if kind is None:  # a new Event field of a new type: say so instead of losing it
            raise TypeError(f"Event.{f.name}: no Parquet column type for {f.type!r}")
        cols.append((f.name, kind))
    return tuple(cols)


EVENT_COLUMNS: Columns = _event_columns()
ERROR_COLUMNS: Columns = (
    ("url", "varchar"),
    ("stage", "varchar"),
    ("error", "varchar"),
    ("feed_url", "varchar"),
    ("next_try_at", "timestamptz"),
)
ENTRY_COLUMNS: Columns = (("link", "varchar"), ("entry_hash", "varchar"))
EXTRACTED_COLUMNS: Columns = (("url", "varchar"),)
_EVENT_FIELDS = [f.name for f in dataclasses.fields(Event)]


def write_batch(stage_refresh: Path, batch: StagedBatch) -> Path | None:
    """Write a batch into its shard's folder, whole or not at all; None when another run of the
    shard wrote the same batch first (the same chunk of the plan: either copy will do)."""
    final = batch_dir(stage_refresh, batch.shard, batch.shards, batch.index)
    if final.exists():
        return None
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.parent / f".tmp-{final.name}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        write_parquet(tmp / "articles.parquet", ARTICLE_COLUMNS, _article_rows(batch))
        write_parquet(tmp / "events.parquet", EVENT_COLUMNS, _event_rows(batch))
        write_parquet(tmp / "errors.parquet", ERROR_COLUMNS, [_error_row(e) for e in batch.errors])
        write_parquet(tmp / "entries.parquet", ENTRY_COLUMNS, [list(e) for e in batch.entries])
        write_parquet(tmp / "extracted.parquet", EXTRACTED_COLUMNS, [[u] for u in batch.extracted])
        manifest = {"format": FORMAT, "batch": batch.batch_id, "counts": batch.counts}
        _write_json(tmp / "manifest.json", manifest)
        try:
            os.replace(tmp, final)
        except OSError:  # written meanwhile by another run of this shard (rename onto a full dir)
            if final.exists():
                shutil.rmtree(tmp, ignore_errors=True)
                return None
            raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def _article_rows(batch: StagedBatch) -> list[list]:
    rows = []
    for s in batch.articles:
        a = s.article
        rows.append(
            [
                s.seq,
                a.url,
                s.final_url,
                a.canonical_url,
                a.feed_url,
                a.title,
                list(a.authors or []),
                a.published_at,
                a.language,
                a.description,
                a.site_name,
                a.text,
                a.content_hash,
                s.entry_published,
                s.etag,
                s.last_modified,
            ]
        )
    return rows


def _event_rows(batch: StagedBatch) -> list[list]:
    rows = []
    for s in batch.articles:
        for i, ev in enumerate(s.events):
            values = [getattr(ev, name) for name in _EVENT_FIELDS]
            rows.append([s.seq, i, *[list(v) if isinstance(v, list) else v for v in values]])
    return rows


def staged_batches(refresh: Path) -> list[Path]:
    """The written batch folders of a refresh, by shard then batch number."""
    out = []
    for shard in sorted(p for p in refresh.glob("shard-*-of-*") if p.is_dir()):
        out += sorted(p for p in shard.glob("batch-*") if p.is_dir())
    return sorted(out, key=lambda p: (_shard_number(p.parent), p.name))


def _shard_number(folder: Path) -> int:
    try:
        return int(folder.name.split("-")[1])
    except (IndexError, ValueError):
        return -1


def read_batch(folder: Path) -> StagedBatch:
    """A staged batch as written (StageError when its manifest is missing or foreign)."""
    manifest = _read_json(folder / "manifest.json", "batch manifest")
    if manifest.get("format") != FORMAT:
        raise StageError(f"{folder}: format {manifest.get('format')!r}, not {FORMAT}")
    refresh, shard_part, batch_part = manifest["batch"].split("/")
    _, shard, _, shards = shard_part.split("-")
    batch = StagedBatch(refresh, int(shard), int(shards), int(batch_part.split("-")[1]))
    batch.counts = {k: int(v) for k, v in manifest["counts"].items()}
    events: dict[int, list[Event]] = {}
    for row in read_parquet(
        folder / "events.parquet", EVENT_COLUMNS, order="article_seq, position"
    ):
        values = dict(zip(_EVENT_FIELDS, row[2:], strict=True))
        values["rules"] = list(values["rules"] or [])
        events.setdefault(row[0], []).append(Event(**values))
    for row in read_parquet(folder / "articles.parquet", ARTICLE_COLUMNS, order="seq"):
        seq, url, final_url, canonical, feed, title, authors, published, *rest = row
        language, description, site, text, content_hash, entry_published, etag, lm = rest
        art = Article(
            url=url,
            text=text,
            title=title,
            canonical_url=canonical,
            authors=list(authors or []),
            published_at=published,
            language=language,
            description=description,
            site_name=site,
            feed_url=feed,
            content_hash=content_hash,
        )
        batch.articles.append(
            StagedArticle(seq, art, events.get(seq, []), entry_published, etag, lm, final_url)
        )
    batch.errors = [
        ErrorRow(*row) for row in read_parquet(folder / "errors.parquet", ERROR_COLUMNS)
    ]
    batch.entries = [
        (link, h) for link, h in read_parquet(folder / "entries.parquet", ENTRY_COLUMNS)
    ]
    batch.extracted = [u for (u,) in read_parquet(folder / "extracted.parquet", EXTRACTED_COLUMNS)]
    return batch


# ---------------------------------------------------------------- shards done


def mark_done(refresh: Path, shard: int, shards: int, batches: int, counts: dict) -> None:
    """Say that a shard worked its whole slice, in `batches` batches."""
    folder = shard_dir(refresh, shard, shards)
    folder.mkdir(parents=True, exist_ok=True)
    _write_json(folder / DONE, {"format": FORMAT, "batches": batches, "counts": counts})


def done_batches(refresh: Path, shard: int, shards: int) -> int | None:
    """How many batches a finished shard wrote (None: not done)."""
    path = shard_dir(refresh, shard, shards) / DONE
    if not path.is_file():
        return None
    return int(_read_json(path, "shard marker")["batches"])


# ---------------------------------------------------------------- small helpers


def _error_json(e: ErrorRow) -> dict:
    out = dataclasses.asdict(e)
    out["next_try_at"] = e.next_try_at.isoformat() if e.next_try_at else None
    return out


def _error_of(data: dict) -> ErrorRow:
    when = data.get("next_try_at")
    return ErrorRow(
        data["url"],
        data["stage"],
        data["error"],
        data.get("feed_url"),
        dt.datetime.fromisoformat(when) if when else None,
    )


def _error_row(e: ErrorRow) -> list:
    return [e.url, e.stage, e.error, e.feed_url, e.next_try_at]


def _write_json(path: Path, data: dict) -> None:
    """A JSON file written under a temporary name and renamed into place."""
    tmp = path.with_name(f".tmp-{path.name}-{uuid.uuid4().hex[:8]}")
    tmp.write_text(json.dumps(data, default=str, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def _read_json(path: Path, what: str) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StageError(f"no {what} at {path}") from None
    except (OSError, ValueError) as exc:
        raise StageError(f"cannot read the {what} {path}: {exc}") from None


def tmp_leftovers(folder: Path) -> Iterator[Path]:
    """`.tmp-…` files and folders a crashed writer left under a folder."""
    yield from (p for p in folder.rglob(".tmp-*"))
