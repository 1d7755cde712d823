"""Pages on several local hosts for sharded-refresh tests, and what a warehouse holds after them.

Hosts are LocalServers on 127.0.0.1 with their own ports (a port makes its own host for the
shard key); `Outlets` starts servers until both of two shards own at least one of them, then
serves wire stories on them, a copy of one story on a host of the other shard (dedup by text),
two pages with one canonical URL (dedup by canonical URL) and a missing page (an error row),
all in one feed. `update()` changes one story and adds one, as a second round.
"""

from __future__ import annotations

import datetime as dt
from contextlib import ExitStack

from cluster_pages import rows, snapshot
from dipwatch.shards.keys import shard_of
from localserver import LocalServer, Reply
from pages import LOAN, SANCTIONS, VISIT, page, rss

T0 = dt.datetime(2024, 3, 5, 10, 0, tzinfo=dt.UTC)
STORIES = [VISIT, SANCTIONS, LOAN]
DAYS = ["Monday", "Tuesday", "Friday"]


def _story(i: int, outlet: int) -> list[str]:
    paras = [p.replace("Monday", DAYS[(i + outlet) % 3]) for p in STORIES[i % 3]]
    return [*paras, f"This is report {i} of outlet {outlet}."]


class Outlets:
    """News hosts of two shards with one feed over all of them (a context manager)."""

    def __init__(self, shards: int = 2, per_host: int = 3) -> None:
        self.shards, self.per_host = shards, per_host
        self.stack = ExitStack()
        self.hosts: list[LocalServer] = []
        self.items: list[tuple[str, str, dt.datetime]] = []

    def __enter__(self) -> Outlets:
        for _ in range(20):  # until every shard owns a host (ports are random)
            self.hosts.append(self.stack.enter_context(LocalServer()))
            owners = {shard_of(h.base_url, self.shards) for h in self.hosts}
            if len(owners) == self.shards and len(self.hosts) >= 3:
                break
        else:
            raise RuntimeError("20 local servers and still a shard without a host")
        self.first = next(h for h in self.hosts if shard_of(h.base_url, self.shards) == 0)
        self.other = next(h for h in self.hosts if shard_of(h.base_url, self.shards) != 0)
        self._serve()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stack.close()

    def _add(self, srv: LocalServer, path: str, html: str | None, when: dt.datetime) -> None:
        if html is not None:
            srv.route(path, Reply.html(html))
        self.items.append((path.rsplit("/", 1)[-1], srv.url(path), when))

    def _serve(self) -> None:
        when = T0
        for outlet, srv in enumerate(self.hosts):
            for i in range(self.per_host):
                when += dt.timedelta(minutes=7)
                text = page(f"Report {outlet}-{i}", _story(i, outlet), published=when.isoformat())
                self._add(srv, f"/news/{i}.html", text, when)
        # one story twice: first on a host of shard 0, then copied by a host of another shard
        copy = page("Syndicated", _story(0, 99), published=T0.isoformat())
        self._add(self.first, "/wire/original.html", copy, T0 + dt.timedelta(hours=2))
        self._add(self.other, "/copy/syndicated.html", copy, T0 + dt.timedelta(hours=3))
        # two texts under one canonical URL (the first one listed wins, as in one process)
        canon = self.first.url("/canonical/story")
        for n, srv in enumerate((self.first, self.other)):
            text = page(f"Canon {n}", _story(1, 50 + n), published=T0.isoformat(), canonical=canon)
            self._add(srv, f"/canon/{n}.html", text, T0 + dt.timedelta(hours=4 + n))
        self._add(self.other, "/gone.html", None, T0 + dt.timedelta(hours=5))  # a 404
        self._publish()

    def _publish(self) -> None:
        self.hosts[0].route("/feed.xml", Reply.xml(rss(self.items)))

    @property
    def feed(self) -> str:
        return self.hosts[0].url("/feed.xml")

    def update(self) -> None:
        """Round two: one story rewritten (its feed date moves), one new story."""
        when = T0 + dt.timedelta(days=1)
        path = "/news/1.html"
        text = page("Report updated", _story(2, 7), published=when.isoformat())
        self.other.route(path, Reply.html(text))
        self.items = [it for it in self.items if it[1] != self.other.url(path)]
        self.items.append(("updated", self.other.url(path), when))
        fresh = page("Fresh", _story(0, 8), published=when.isoformat())
        self._add(self.first, "/news/fresh.html", fresh, when + dt.timedelta(hours=1))
        self._publish()


# Clusters group reports as batches load (existing members never move), so which reports end
# up together depends on how the work was cut into batches, in a streamed refresh as in a
# sharded one; the events themselves, and the marts that count them, do not.
BY_LOAD_ORDER = ("clusters", "members", "event_feed", "event_map")


def state(path: str, clusters: bool = True) -> dict[str, list[tuple]]:
    """What a refresh leaves in a warehouse, without load times and run ids (`clusters`
    False: without the cluster tables, but with which events are clustered)."""
    out = snapshot(path)
    if not clusters:
        for name in BY_LOAD_ORDER:
            del out[name]
        out["clustered"] = rows(path, "select event_id from raw.cluster_members order by 1")
    queries = {
        "articles": "select * exclude (first_seen_at, updated_at, run_id) from raw.articles",
        "events": "select * exclude (extracted_at, run_id) from raw.events",
        "aliases": "select url, article_id, feed_url, reason from raw.article_aliases",
        "feeds": "select feed_url, name, title, etag, last_modified, last_status, last_error, "
        "entries_seen from raw.feeds",
        "errors": "select url, stage, error, feed_url, attempts, resolved_at is null "
        "from raw.ingest_errors",
        "entries": "select url, entry_hash from raw.feed_entries",
        "runs": "select status, feeds_polled, feeds_failed, entries_seen, articles_new, "
        "articles_updated, articles_unchanged, articles_failed, events_loaded from raw.runs "
        "order by started_at",
    }
    for name, sql in queries.items():
        ordered = sql if "order by" in sql else f"{sql} order by all"
        out[name] = rows(path, ordered)
    return out
