"""Re-coding: run the current event coder over the article text already stored, and replace
those articles' events with what it finds.

Three steps, so that the write lock is held as briefly as a refresh holds it:

1. a short write to apply migrations (it fails at once, with one line, when another process
   keeps the warehouse locked);
2. the articles are read in batches, each through its own short read-only connection, and
   coded; their event rows go to a scratch DuckDB file in a temporary folder, so memory holds
   one batch at a time;
3. one transaction replaces the events of every article coded, records the coder's failures
   and the run, and brings clusters and marts up to date (`refresh_marts`): all of it or none.

Nothing already loaded is lost: an article the coder fails on keeps its events (and gets an
error row, stage `events`), and an article a refresh rewrote meanwhile keeps what the refresh
wrote. Event ids depend on the event, not on the coder, so an unchanged coder gives the same
ids; the events get a new `extracted_at`, and clusters reassign them as they do for an
updated article.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import duckdb

from dipwatch.config import Settings
from dipwatch.models import Article
from dipwatch.warehouse import connection as db
from dipwatch.warehouse import loads as store
from dipwatch.warehouse.clusters import DEFAULT_WINDOW_DAYS

# the coder's caps per article, as a refresh has them by default (the recode flow uses these)
_CAPS = {n: Settings.model_fields[n].default for n in ("max_text_chars", "max_events_per_article")}

# when an article was reported, as `dipwatch export --since` reads it for articles
_REPORTED_DAY = "cast(timezone('UTC', coalesce(published_at, first_seen_at)) as date)"

_WHERE = f"body_text is not null and (?::date is null or {_REPORTED_DAY} >= ?::date)"
_COUNT = f"select count(*) from raw.articles where {_WHERE}"
_BATCH = f"""
select article_id, url, body_text, title, canonical_url, authors, published_at, language,
       description, site_name, feed_url, content_hash, updated_at
from raw.articles
where article_id > ? and {_WHERE}
order by article_id
limit ?
"""


@dataclass(slots=True)
class RecodeResult:
    """What one re-coding did."""

    db: str
    coder: str
    coder_version: str
    since: dt.date | None
    run_id: str
    articles: int = 0  # articles whose events were replaced
    failed: int = 0  # the coder failed on them: their events were kept
    changed: int = 0  # rewritten by a refresh meanwhile: left as the refresh wrote them
    before: dict[str, int] = field(default_factory=dict)  # their events by type, before
    after: dict[str, int] = field(default_factory=dict)  # and after
    duration_s: float = 0.0

    def line(self) -> str:
        """The one-line summary the command prints."""
        since = f" since {self.since.isoformat()}" if self.since else ""
        if not (self.articles or self.failed or self.changed):
            return f"dipwatch recode: no articles{since} to re-code in {self.db}"
        head = f"dipwatch recode {self.run_id}: "
        kept = []
        if self.failed:
            kept.append(f"{self.failed} failed (their events kept)")
        if self.changed:
            kept.append(f"{self.changed} changed by a refresh meanwhile (left as it wrote them)")
        types = sorted(
            set(self.before) | set(self.after),
            key=lambda t: (-self.after.get(t, 0), -self.before.get(t, 0), t),
        )
        by_type = ", ".join(f"{t} {self.before.get(t, 0)}->{self.after.get(t, 0)}" for t in types)
        return (
            f"{head}{self.articles} articles{since} re-coded by {self.coder} {self.coder_version}"
            + (f", {', '.join(kept)}" if kept else "")
            + f" in {self.duration_s:.1f} s; events {sum(self.before.values())}->"
            + f"{sum(self.after.values())}"
            + (f" ({by_type})" if by_type else "")
            + f"; warehouse {self.db}"
        )

    def as_dict(self) -> dict:
        """The summary stored with the run in raw.runs."""
        return {
            "kind": "recode",
            "coder": self.coder,
            "coder_version": self.coder_version,
            "since": self.since.isoformat() if self.since else None,
            "articles_recoded": self.articles,
            "articles_failed": self.failed,
            "articles_changed_meanwhile": self.changed,
            "events_before": self.before,
            "events_after": self.after,
            "duration_s": round(self.duration_s, 3),
        }


def recode(
    db_path: str,
    since: dt.date | None = None,
    coder: str | None = None,
    *,
    batch_size: int = 50,
    lock_timeout: float = 60.0,
    read_timeout: float = 30.0,
    refresh_marts: bool = True,
    cluster_window_days: float = DEFAULT_WINDOW_DAYS,
    on_progress: Callable[[int, int], None] | None = None,
    max_text_chars: int | None = _CAPS["max_text_chars"],
    max_events_per_article: int | None = _CAPS["max_events_per_article"],
) -> RecodeResult:
    """Code the stored articles (reported on or after `since`) again and replace their events.

    `coder` is a registered coder's name (None: $DIPWATCH_CODER, else "rules"). Raises
    CoderError for an unknown coder and WarehouseError (one line) for a missing or locked
    warehouse, before anything is written.
    """
    from dipwatch.events.coders import get_coder
    from dipwatch.pipeline import code_events, default_coder

    started = time.monotonic()
    started_at = dt.datetime.now(dt.UTC)
    name = coder or default_coder()
    ev_coder = get_coder(name)  # an unknown name fails here, before the warehouse is touched
    if not Path(db_path).exists():
        raise db.WarehouseError(
            f"no warehouse at {db_path}: run `dipwatch run` first (or pass --db)"
        )
    with db.writer(db_path, lock_timeout) as con:  # migrations; fails fast when locked
        total = con.execute(_COUNT, [since, since]).fetchone()[0]
        types = dict(
            con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_catalog = current_database() and table_schema = 'raw' "
                "and table_name = 'events'"
            ).fetchall()
        )
    result = RecodeResult(db_path, name, "", since, "recode-" + uuid.uuid4().hex[:12])
    with tempfile.TemporaryDirectory(prefix="dipwatch-recode-") as tmp:
        scratch_path = str(Path(tmp) / "scratch.duckdb")
        scratch = db.connect(scratch_path)
        try:
            _create_scratch(scratch, types)
            done, last = 0, ""
            if on_progress:
                on_progress(0, total)
            while True:
                with db.reader(db_path, read_timeout) as con:
                    rows = con.execute(_BATCH, [last, since, since, max(batch_size, 1)]).fetchall()
                if not rows:
                    break
                last = rows[-1][0]
                found, errors = code_events(
                    [_article(r) for r in rows], name, max_text_chars, max_events_per_article
                )
                errors = [e for e in errors if e.stage == "events"]  # caps: warnings, not failures
                _spill(scratch, rows, found, errors, result.run_id)
                done += len(rows)
                if on_progress:
                    on_progress(done, max(total, done))
        finally:
            scratch.close()
        result.coder_version = ev_coder.version
        if done == 0:  # nothing to re-code: nothing to write
            result.duration_s = time.monotonic() - started
            return result
        after = None
        if refresh_marts:
            from dipwatch.warehouse.marts import refresh_marts as refresh

            after = partial(refresh, cluster_window_days=cluster_window_days)
        with db.writer(db_path, lock_timeout, migrate=False) as con:
            quoted = scratch_path.replace("'", "''")
            con.execute(f"attach '{quoted}' as scratch (read_only)")
            try:
                _replace(con, result, started_at, started, after)
            finally:
                con.execute("detach scratch")
    return result


def _article(row: tuple) -> Article:
    """An Article as the refresh coded it, from its raw.articles row (see _BATCH)."""
    _, url, text, title, canonical, authors, published, language, description, site, feed, chash = (
        row[:12]
    )
    return Article(
        url=url,
        text=text,
        title=title,
        canonical_url=canonical,
        authors=list(authors or []),
        published_at=published.astimezone(dt.UTC) if published else None,
        language=language,
        description=description,
        site_name=site,
        feed_url=feed,
        content_hash=chash,
    )


def _create_scratch(scratch: duckdb.DuckDBPyConnection, types: dict[str, str]) -> None:
    """The scratch tables: the coded articles, and their event rows typed as raw.events."""
    scratch.execute(
        "create table coded (article_id varchar primary key, url varchar, feed_url varchar, "
        "content_hash varchar, updated_at timestamptz, error varchar)"
    )
    columns = ", ".join(f"{c} {types[c]}" for c in store.EVENT_COLUMNS)
    scratch.execute(f"create table events ({columns})")


def _spill(
    scratch: duckdb.DuckDBPyConnection,
    rows: list[tuple],
    found: list[list],
    errors: list[store.ErrorRow],
    run_id: str,
) -> None:
    """Write one coded batch to the scratch file."""
    failed = {e.url: e.error for e in errors}
    now = dt.datetime.now(dt.UTC)
    coded, event_rows = [], []
    for row, events in zip(rows, found, strict=True):
        aid, url = row[0], row[1]
        coded.append([aid, url, row[10], row[11], row[12], failed.get(url)])
        if url not in failed:
            event_rows += store.event_rows_of(aid, events, now, run_id)
    scratch.executemany("insert into coded values (?, ?, ?, ?, ?, ?)", coded)
    if event_rows:
        marks = ", ".join("?" for _ in store.EVENT_COLUMNS)
        scratch.executemany(f"insert into events values ({marks})", event_rows)


def _replace(
    con: duckdb.DuckDBPyConnection,
    result: RecodeResult,
    started_at: dt.datetime,
    started: float,
    after: Callable[[duckdb.DuckDBPyConnection], object] | None,
) -> None:
    """In one transaction: swap the events, record errors and the run, refresh the marts."""
    with db.transaction(con):
        coded = con.execute(
            """
            select c.article_id, c.url, c.feed_url, c.error,
                   a.article_id is null or a.updated_at is distinct from c.updated_at
                       or a.content_hash is distinct from c.content_hash as changed
            from scratch.coded c
            left join raw.articles a using (article_id)
            """
        ).fetchall()
        ids = [aid for aid, _, _, error, changed in coded if error is None and not changed]
        failures = [
            store.ErrorRow(url, "events", error, feed)
            for _, url, feed, error, changed in coded
            if error is not None and not changed
        ]
        result.articles = len(ids)
        result.failed = len(failures)
        result.changed = sum(bool(changed) for *_, changed in coded)
        result.before = _by_type(con, "raw.events", ids)
        result.after = _by_type(con, "scratch.events", ids)
        now = dt.datetime.now(dt.UTC)
        con.execute("delete from raw.events where list_contains(?::varchar[], article_id)", [ids])
        columns = ", ".join(store.EVENT_COLUMNS)
        values = ", ".join(
            "? as extracted_at" if c == "extracted_at" else c for c in store.EVENT_COLUMNS
        )
        con.execute(
            f"insert into raw.events ({columns}) select {values} from scratch.events "
            "where list_contains(?::varchar[], article_id)",
            [now, ids],
        )
        store.mark_changed(con, ids, result.run_id, now)  # clusters and marts follow them
        replaced = set(ids)
        succeeded = [(url, "events") for aid, url, *_ in coded if aid in replaced]
        store.record_errors(con, failures, succeeded, now)
        if after is not None:
            after(con)
        result.duration_s = time.monotonic() - started
        con.execute(
            """
            insert into raw.runs (run_id, started_at, finished_at, status, articles_updated,
                                  articles_failed, events_loaded, duration_s, summary)
            values (?, ?, ?, 'completed', ?, ?, ?, ?, ?)
            """,
            [
                result.run_id,
                started_at,
                now,
                result.articles,
                result.failed,
                sum(result.after.values()),
                result.duration_s,
                json.dumps(result.as_dict()),
            ],
        )


def _by_type(con: duckdb.DuckDBPyConnection, table: str, ids: list[str]) -> dict[str, int]:
    """Events of these articles in `table`, by type (most frequent first)."""
    rows = con.execute(
        f"select upper(event_type), count(*) from {table} "
        "where article_id in (select unnest(?::varchar[])) group by 1",
        [ids],
    ).fetchall()
    counts = Counter(dict(rows))
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
