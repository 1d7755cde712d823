"""What a refresh did, as counts, log lines, a Prefect markdown artifact and terminal text."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from dipwatch.ingest.http import is_deferral


@dataclass(slots=True)
class RunSummary:
    """Counts of one refresh."""

    run_id: str = ""
    db: str = ""
    feeds: list[tuple[str, str, int, str | None]] = field(
        default_factory=list
    )  # url, status, entries, error
    articles_new: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    duplicates: int = 0
    articles_failed: int = 0
    events_by_type: dict[str, int] = field(default_factory=dict)
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # url, stage, error
    duration_s: float = 0.0
    status: str = "completed"  # "failed": every feed failed
    deferred: int = 0  # pages or articles the run-time cap left for the next refresh

    @property
    def events(self) -> int:
        return sum(self.events_by_type.values())

    def feeds_failed(self) -> int:
        """Feeds that failed; a feed whose host asked us to wait (429/503) was deferred, not failed."""
        return sum(
            status == "error" and not is_deferral(error) for _, status, _, error in self.feeds
        )

    def all_feeds_failed(self) -> bool:
        return bool(self.feeds) and self.feeds_failed() == len(self.feeds)

    def failed_count(self) -> int:
        """Feeds and articles that failed (caps and other warnings are not failures)."""
        return self.feeds_failed() + self.articles_failed

    def failure(self) -> str:
        """Why the run failed as a whole (one line)."""
        first = next((e for _, st, _, e in self.feeds if st == "error" and e), "")
        return f"every feed failed ({self.feeds_failed()} of {len(self.feeds)})" + (
            f", e.g. {first}" if first else ""
        )

    def outcome(self) -> str:
        """The run in a few words: 'completed, 2 failed' or 'failed: every feed failed (…)'."""
        if self.status == "failed":
            return f"failed: {self.failure()}"
        n = self.failed_count()
        return (
            "completed"
            + (f", {n} failed" if n else "")
            + (f", {self.deferred} left for the next refresh" if self.deferred else "")
        )

    def counts(self) -> dict[str, int]:
        """The counters stored in raw.runs."""
        return {
            "feeds_polled": len(self.feeds),
            "feeds_failed": self.feeds_failed(),
            "entries_seen": sum(n for _, _, n, _ in self.feeds),
            "articles_new": self.articles_new,
            "articles_updated": self.articles_updated,
            "articles_unchanged": self.articles_unchanged + self.duplicates,
            "articles_failed": self.articles_failed,
            "events_loaded": self.events,
        }

    def as_dict(self) -> dict:
        out = asdict(self)
        out["events"] = self.events
        return out

    def log_lines(self) -> list[str]:
        """A few plain lines for logs."""
        c = self.counts()
        lines = [
            f"feeds polled: {c['feeds_polled']} ({c['feeds_failed']} failed), entries: {c['entries_seen']}",
            f"articles: {self.articles_new} new, {self.articles_updated} updated, "
            f"{self.articles_unchanged} unchanged, {self.duplicates} duplicates, {self.articles_failed} failed",
            "events: "
            + (", ".join(f"{k} {v}" for k, v in self.events_by_type.items()) or "none")
            + f" (total {self.events})",
            f"duration: {self.duration_s:.1f} s",
        ]
        lines += [f"error [{stage}] {url}: {err}" for url, stage, err in self.errors[:20]]
        if len(self.errors) > 20:
            lines.append(
                f"... and {len(self.errors) - 20} more errors (see the ingest_errors table)"
            )
        return lines


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(s: RunSummary) -> str:
    """The Prefect artifact: what the run did, readable in the UI."""
    c = s.counts()
    out = [
        f"# dipwatch refresh `{s.run_id}`: {_md_escape(s.outcome())}",
        "",
        f"**{s.articles_new}** new articles, **{s.articles_updated}** updated, "
        f"{s.articles_unchanged} unchanged, {s.duplicates} duplicates, "
        f"**{s.articles_failed}** failed; **{s.events}** events loaded in {s.duration_s:.1f} s.",
        "",
        "## Feeds",
        "",
        "| feed | status | entries | error |",
        "|---|---|---:|---|",
    ]
    out += [f"| {_md_escape(u)} | {st} | {n} | {_md_escape(e or '')} |" for u, st, n, e in s.feeds]
    out += ["", "## Events by type", "", "| type | events |", "|---|---:|"]
    out += [f"| {k} | {v} |" for k, v in s.events_by_type.items()] or ["| (none) | 0 |"]
    if s.errors:
        out += ["", f"## Errors ({len(s.errors)})", "", "| stage | url | error |", "|---|---|---|"]
        out += [f"| {st} | {_md_escape(u)} | {_md_escape(e)} |" for u, st, e in s.errors[:50]]
    out += [
        "",
        f"Feeds polled: {c['feeds_polled']}, entries seen: {c['entries_seen']}. Warehouse: `{s.db}`.",
    ]
    return "\n".join(out)


def render_terminal(s: dict) -> str:
    """The summary `dipwatch run` prints, with a query to try next."""
    feeds = s.get("feeds", [])
    failed = sum(1 for f in feeds if f[1] == "error")
    lines = [
        f"dipwatch refresh {s.get('run_id', '')}: {len(feeds)} feeds polled ({failed} failed), "
        f"{s.get('duration_s', 0):.1f} s",
        f"  articles: {s.get('articles_new', 0)} new, {s.get('articles_updated', 0)} updated, "
        f"{s.get('articles_unchanged', 0)} unchanged, {s.get('duplicates', 0)} duplicates, "
        f"{s.get('articles_failed', 0)} failed",
    ]
    by_type = s.get("events_by_type", {})
    lines.append(
        "  events:   "
        + (", ".join(f"{k} {v}" for k, v in by_type.items()) or "none new")
        + f" (total {s.get('events', 0)})"
    )
    if s.get("deferred"):
        lines.append(f"  left for the next refresh (run time cap): {s['deferred']}")
    for url, stage, err in s.get("errors", [])[:10]:
        lines.append(f"  error [{stage}] {url}: {err}")
    if len(s.get("errors", [])) > 10:
        lines.append(f"  ... {len(s['errors']) - 10} more in the ingest_errors table")
    db = s.get("db", "")
    lines += [
        f"  warehouse: {db}",
        '  try next:  dipwatch sql "select event_date, event_type, source_country, target_country, '
        'location_name, evidence from events order by event_date desc nulls last limit 10"'
        + _db_flag(db),
    ]
    return "\n".join(lines)


def _db_flag(db: str) -> str:
    """` --db PATH` when the run's warehouse is not the one a plain command would use."""
    import os
    import shlex

    from dipwatch.config import default_db

    used = os.environ.get("DIPWATCH_DB") or default_db()
    return "" if not db or os.path.abspath(used) == db else f" --db {shlex.quote(db)}"
