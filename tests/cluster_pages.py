"""Helpers for cluster, mart, export and dashboard tests: hand-made events, news pages that
report one visit several times, and a warehouse built once per session from the bundled seed."""

from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import shutil
import tempfile
import uuid
from pathlib import Path

import duckdb

from dipwatch.models import Article, Event
from dipwatch.warehouse import connection as db
from dipwatch.warehouse import loads as store
from dipwatch.warehouse.clusters import DEFAULT_WINDOW_DAYS, ClusterStats
from dipwatch.warehouse.marts import refresh_marts
from localserver import LocalServer, Reply
from pages import page, rss

ROOT = Path(__file__).resolve().parents[1]
UTC = dt.UTC


# ---------------------------------------------------------------- hand-made events, no NLP


def at(day: str, hour: int = 12) -> dt.datetime:
    """An aware UTC datetime on an ISO day."""
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def ev(
    event_type: str,
    source: str | None,
    target: str | None,
    date: str | None = None,
    precision: str | None = "day",
    *,
    symmetric: bool = False,
    place: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    amount: float | None = None,
    confidence: float = 0.8,
    goldstein: float = 1.9,
    quad: int = 1,
    sentence: str = "",
) -> Event:
    """One event as the coder would emit it."""
    text = sentence or f"{source} {event_type.lower()} {target} ({date}, {place})."
    return Event(
        event_type=event_type,
        source_country=source,
        target_country=target,
        evidence=text,
        evidence_start=0,
        evidence_end=len(text),
        symmetric=symmetric,
        event_date=dt.date.fromisoformat(date) if date else None,
        date_precision=precision if date else None,
        location_name=place,
        location_country=target if place else None,
        latitude=lat,
        longitude=lon,
        amount_usd=amount,
        goldstein=goldstein,
        quad_class=quad,
        confidence=confidence,
    )


def art(
    slug: str,
    published: dt.datetime | None,
    feed: str = "https://wire.example/feed.xml",
    title: str | None = None,
    text: str | None = None,
) -> Article:
    """One article of a feed."""
    body = text or f"Body of {slug}."
    return Article(
        url=f"https://news.example/{slug}.html",
        text=body,
        title=title or slug.replace("-", " "),
        published_at=published,
        feed_url=feed,
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
    )


def load(
    path: str, items: list[tuple[Article, list[Event]]], window_days: float = DEFAULT_WINDOW_DAYS
) -> ClusterStats:
    """Load articles and their events as one refresh does (one transaction, marts at the end)."""
    batch = store.LoadBatch(run_id=uuid.uuid4().hex[:12], started_at=dt.datetime.now(UTC))
    batch.articles = [(a, evs, a.published_at, None, None) for a, evs in items]
    stats = []
    with db.writer(path) as con:
        store.start_run(con, batch.run_id, batch.started_at, None)
        store.load(con, batch, after=lambda c: stats.append(refresh_marts(c, window_days)))
    return stats[0]


def rows(path: str, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of a read-only query."""
    con = duckdb.connect(path, read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def snapshot(path: str) -> dict[str, list[tuple]]:
    """Clusters, memberships and marts, to compare a warehouse before and after."""
    queries = {
        "clusters": "select * exclude (updated_at) from raw.clusters order by cluster_id",
        "members": "select event_id, cluster_id from raw.cluster_members order by event_id",
        "event_feed": "select * from event_feed order by cluster_id",
        "event_map": "select * from event_map order by cluster_id",
        "dyad_daily": "select * from dyad_daily order by all",
        "country_activity": "select * from country_activity order by all",
    }
    return {k: rows(path, q) for k, q in queries.items()}


# ---------------------------------------------------------------- pages for the real pipeline

# Five outlets report Kim Jong Un's visit to Russia (Monday 4 March 2024) over two days.
VISIT_REPORTS = [
    (
        "kim-arrives",
        "2024-03-04T18:00:00",
        "Kim Jong Un arrives in Vladivostok",
        [
            "VLADIVOSTOK (Reuters) - North Korean leader Kim Jong Un arrived in Vladivostok on Monday for a "
            "summit with Russian President Vladimir Putin, the Kremlin said.",
            "The two leaders were expected to discuss food supplies and energy, officials said.",
        ],
    ),
    (
        "kim-visits-russia",
        "2024-03-04T21:30:00",
        "Kim visits Russia",
        [
            "North Korea's Kim Jong Un visited Russia on Monday, meeting President Vladimir Putin in Vladivostok.",
            "Analysts said the trip underlined the growing ties between Pyongyang and Moscow.",
        ],
    ),
    (
        "kim-travels",
        "2024-03-05T06:15:00",
        "Kim travels to Vladivostok for Putin talks",
        [
            "Kim Jong Un travelled to Vladivostok on Monday to hold talks with Vladimir Putin, Russian state "
            "media reported.",
            "It was Kim's first trip abroad this year.",
        ],
    ),
    (
        "kim-meets-putin",
        "2024-03-05T09:00:00",
        "Kim meets Putin in Vladivostok",
        [
            "SEOUL (AP) - North Korean leader Kim Jong Un met Russian President Vladimir Putin in Vladivostok "
            "on Monday, the Kremlin said.",
            "South Korea's foreign ministry said it was monitoring the visit closely.",
        ],
    ),
    (
        "kim-in-russia",
        "2024-03-05T14:45:00",
        "Kim in Russia for Putin talks",
        [
            "Kim Jong Un arrived in Russia on Monday for talks with Vladimir Putin in Vladivostok, according to "
            "the Kremlin.",
            "The visit came weeks after Moscow and Pyongyang pledged closer cooperation.",
        ],
    ),
]
# Look-alikes that must stay apart: the same visit a month later, and the same actors with
# another type on the same day.
LATER_VISIT = (
    "kim-returns",
    "2024-04-09T10:00:00",
    "Kim back in Russia",
    [
        "MOSCOW (Reuters) - North Korean leader Kim Jong Un arrived in Moscow on Monday for talks with Russian "
        "President Vladimir Putin, the Kremlin said.",
        "It was his second trip to Russia in five weeks.",
    ],
)
ACCUSATION = (
    "pyongyang-accuses",
    "2024-03-05T12:00:00",
    "Pyongyang accuses Moscow",
    [
        "North Korea accused Russia on Monday of delaying promised food deliveries, state media said.",
        "Russian officials did not comment.",
    ],
)


def serve_visit_world(srv: LocalServer) -> dict[str, str]:
    """Two feeds on a local server: 'wire' has 3 visit reports and both look-alikes, 'agency' 2."""
    items: dict[str, list] = {"wire": [], "agency": []}
    for i, (slug, published, title, paras) in enumerate([*VISIT_REPORTS, LATER_VISIT, ACCUSATION]):
        when = dt.datetime.fromisoformat(published).replace(tzinfo=UTC)
        srv.route(f"/a/{slug}.html", Reply.html(page(title, paras, published=published + "Z")))
        feed = "agency" if i in (1, 3) else "wire"
        items[feed].append((title, srv.url(f"/a/{slug}.html"), when))
    for name, entries in items.items():
        srv.route(f"/{name}.xml", Reply.xml(rss(entries, title=f"{name} feed")))
    return {name: srv.url(f"/{name}.xml") for name in items}


# ---------------------------------------------------------------- the bundled seed, once a session

_SEED: dict[str, Path] = {}


def seed_warehouse(dest: Path) -> Path:
    """A copy at dest of the bundled sample refreshed once a session (needs `prefect_harness`)."""
    if "path" not in _SEED:
        from dipwatch.flows.refresh import refresh

        from dipwatch.config import RefreshSettings, bundled_feeds_file

        folder = Path(tempfile.mkdtemp(prefix="dipwatch-seed-"))
        atexit.register(shutil.rmtree, folder, True)
        path = folder / "seed.duckdb"
        given = RefreshSettings(
            feeds_file=str(bundled_feeds_file()), db=str(path), respect_robots=False
        )
        refresh(settings=given)
        with db.writer(str(path)) as con:
            con.execute("checkpoint")
        _SEED["path"] = path
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_SEED["path"], dest)
    return dest
