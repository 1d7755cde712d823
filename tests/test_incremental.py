"""Incremental clusters and marts: after loads, updates and recodes they hold exactly what a
whole-warehouse pass gives, and a load that changed nothing does no cluster or mart work."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import uuid
from collections.abc import Sequence

import pytest

from cluster_pages import art, at, ev, rows, snapshot
from dipwatch.events import coders
from dipwatch.models import Article, Event
from dipwatch.warehouse import connection as db
from dipwatch.warehouse import loads as store
from dipwatch.warehouse.clusters import recompute
from dipwatch.warehouse.marts import build_tables, changed_articles, refresh_marts
from dipwatch.warehouse.recode import recode

UTC = dt.UTC
DYADS = [("PRK", "RUS"), ("RUS", "PRK"), ("USA", "CHN"), ("CHN", "USA"), ("IRN", "ISR")]
TYPES = [("CONSULT", 1, 1.9), ("AID", 2, 7.4), ("ACCUSE", 3, -2.0), ("SANCTION", 4, -8.0)]


def _spec(rng: random.Random, day0: dt.date) -> str:
    """1-3 events, written into the article text so that a coder can read them back."""
    out = []
    for _ in range(rng.randint(1, 3)):
        (src, tgt), (etype, _, _) = rng.choice(DYADS), rng.choice(TYPES)
        day = day0 + dt.timedelta(days=rng.randint(-1, 1))
        precision = rng.choice(["day", "day", "month", "none"])
        place = rng.choice(["", "Moscow", "Vladivostok"])
        sym = "sym" if etype == "CONSULT" and rng.random() < 0.3 else "dir"
        out.append(f"{etype} {src} {tgt} {day.isoformat()} {precision} {sym} {place or '-'}")
    return "; ".join(out)


def _events(spec: str, flip: bool = False) -> list[Event]:
    """The events a spec describes (flip: the other way round, and aid becomes a loan-less talk)."""
    out = []
    for i, part in enumerate(p for p in spec.split("; ") if p):
        etype, src, tgt, day, precision, sym, place = part.split(" ")
        if flip:
            src, tgt = tgt, src
            etype = "CONSULT" if etype == "AID" else etype
        _, quad, goldstein = next(t for t in TYPES if t[0] == etype)
        place = None if place == "-" else place
        e = ev(
            etype,
            src,
            tgt,
            None if precision == "none" else day,
            None if precision == "none" else precision,
            symmetric=sym == "sym",
            place=place,
            lat=43.1 if place else None,
            lon=131.9 if place else None,
            amount=1e6 if etype == "AID" else None,
            confidence=0.5 + 0.1 * (i % 4),
            goldstein=goldstein,
            quad=quad,
            sentence=f"{part} (#{i}).",
        )
        e.evidence_start = i
        out.append(e)
    return out


class SpecCoder:
    """Codes the events written in a test article's text (flipped when `flip` is set)."""

    name = "spec"
    version = "1"
    flip = False

    def code(self, articles: Sequence[Article]) -> list[list[Event]]:
        """One list of events per article."""
        return [_events(a.text.removeprefix("spec: "), self.flip) for a in articles]


@pytest.fixture
def spec_coder():
    """SpecCoder registered as "spec"; tests flip it to recode with other results."""
    coders.register_coder("spec", SpecCoder, replace=True)
    SpecCoder.flip = False
    yield "spec"
    SpecCoder.flip = False
    coders.unregister_coder("spec")


def _articles(rng: random.Random, n: int, start: int) -> list[tuple[Article, list[Event]]]:
    """n articles (slugs a<start>...), published over ten days in no particular order."""
    out = []
    for i in range(start, start + n):
        published = at("2024-03-01", 6) + dt.timedelta(hours=rng.randint(0, 240))
        spec = _spec(rng, published.date())
        feed = rng.choice(["https://wire.example/rss", "https://agency.example/rss"])
        a = art(f"a{i}", published, feed=feed, text=f"spec: {spec}")
        out.append((a, _events(spec)))
    return out


def _load(path: str, items: list[tuple[Article, list[Event]]], everything: bool) -> None:
    """One refresh's load; everything=True clusters with a pass over every event and rebuilds
    every mart in full (the reference), else as a refresh does."""
    batch = store.LoadBatch(run_id=uuid.uuid4().hex[:12], started_at=dt.datetime.now(UTC))
    batch.articles = [(a, evs, a.published_at, None, None) for a, evs in items]
    with db.writer(path) as con:
        store.start_run(con, batch.run_id, batch.started_at, None)
        store.load(con, batch, after=lambda c: refresh_marts(c, everything=everything))


def _recode(path: str, everything: bool, since: dt.date | None = None) -> None:
    """dipwatch recode with the spec coder; the reference catches up in a pass over everything."""
    recode(path, since=since, coder="spec", refresh_marts=not everything)
    if everything:
        with db.writer(path) as con:
            con.execute("begin transaction")
            refresh_marts(con, everything=True)
            con.execute("commit")


def _rebuilt(path: str, tmp) -> dict[str, list[tuple]]:
    """Snapshot of a copy whose cluster rows are recomputed from their members and whose marts
    are rebuilt in full."""
    copy = str(tmp / f"rebuilt-{uuid.uuid4().hex[:6]}.duckdb")
    shutil.copyfile(path, copy)
    with db.writer(copy) as con:
        con.execute("begin transaction")
        ids = [r[0] for r in con.execute("select cluster_id from raw.cluster_members").fetchall()]
        recompute(con, sorted(set(ids)))
        assert set(build_tables(con, None).values()) == {"full"}
        con.execute("commit")
    return snapshot(copy)


def test_incremental_clusters_and_marts_equal_a_full_pass_after_loads_updates_and_recodes(
    tmp_path, spec_coder
):
    rng = random.Random(10)
    fast, full = str(tmp_path / "fast.duckdb"), str(tmp_path / "full.duckdb")
    stored: dict[str, tuple[Article, list[Event]]] = {}
    steps = []
    for start in (0, 12, 24, 36):  # four refreshes of new articles, out of time order
        steps.append(("load", _articles(rng, 12, start)))
    updated = []
    for slug in ("a3", "a14", "a30"):  # re-extracted: new text, other events
        published = at("2024-03-02", 9) + dt.timedelta(hours=rng.randint(0, 100))
        spec = _spec(rng, published.date())
        updated.append((art(slug, published, text=f"spec: {spec}"), _events(spec)))
    steps.append(("load", updated))
    steps.append(("load", _articles(rng, 6, 48) + [updated[0]]))  # new ones, and one unchanged
    steps.append(("recode", None))  # the same coder: every event reloaded, clusters reassigned
    steps.append(("flip", dt.date(2024, 3, 6)))  # another coder's results, for part of them
    steps.append(("load", []))  # nothing new

    for kind, payload in steps:
        if kind == "load":
            for path, everything in ((fast, False), (full, True)):
                _load(path, payload, everything)
            stored.update({a.url: (a, e) for a, e in payload})
        else:
            SpecCoder.flip = kind == "flip"
            for path, everything in ((fast, False), (full, True)):
                _recode(path, everything, since=payload)
        incremental = snapshot(fast)
        assert incremental == snapshot(full), kind
        assert incremental == _rebuilt(fast, tmp_path), kind
        assert rows(fast, "select count(*) from raw.changed_articles") == [(0,)]
        modes = {m for (m,) in rows(fast, "select mode from raw.mart_builds")}
        assert modes <= ({"full"} if len(stored) == 12 else {"incremental", "unchanged"}), kind

    # the flip moved clusters between dyads and types, and every article is in the warehouse
    assert rows(fast, "select count(*) from raw.articles") == [(len(stored),)]
    assert rows(fast, "select count(*) from dyad_daily where event_type = 'AID'")[0][0] > 0
    sizes = rows(fast, "select max(num_articles), count(*) from clusters")[0]
    assert sizes[0] > 1 and sizes[1] > 10  # real clusters, not one per event


def test_a_load_that_changes_nothing_does_no_cluster_or_mart_work(tmp_path):
    path = str(tmp_path / "wh.duckdb")
    _load(path, [(art("a1", at("2024-03-04")), [ev("CONSULT", "PRK", "RUS", "2024-03-04")])], False)
    before = rows(path, "select name, mode, built_at from raw.mart_builds order by name")
    members = rows(path, "select event_id, cluster_id, assigned_at from raw.cluster_members")
    _load(path, [], False)
    assert rows(path, "select name, mode, built_at from raw.mart_builds order by name") == before
    assert (
        rows(path, "select event_id, cluster_id, assigned_at from raw.cluster_members") == members
    )


def test_a_refresh_without_marts_leaves_its_articles_for_the_next_one(tmp_path):
    path = str(tmp_path / "wh.duckdb")
    a1 = (art("a1", at("2024-03-04")), [ev("CONSULT", "PRK", "RUS", "2024-03-04")])
    a2 = (art("a2", at("2024-03-05")), [ev("CONSULT", "PRK", "RUS", "2024-03-04")])
    _load(path, [a1], False)
    batch = store.LoadBatch(run_id="no-marts", started_at=dt.datetime.now(UTC))
    batch.articles = [(a2[0], a2[1], a2[0].published_at, None, None)]
    with db.writer(path) as con:
        store.start_run(con, batch.run_id, batch.started_at, None)
        store.load(con, batch)  # as DIPWATCH_REFRESH_MARTS=false does
        assert changed_articles(con) == [store.article_id(a2[0].url)]
    _load(path, [], False)
    assert rows(path, "select num_articles from clusters") == [(2,)]
    assert rows(path, "select sum(articles) from dyad_daily") == [(2,)]
    assert rows(path, "select count(*) from raw.changed_articles") == [(0,)]


def test_an_older_warehouse_is_caught_up_by_the_next_refresh(tmp_path):
    path = str(tmp_path / "wh.duckdb")
    with db.writer(path, migrate=False) as con:
        db.apply_migrations(con, upto=4)
        now = dt.datetime.now(UTC)
        a = art("old", at("2024-03-04"))
        con.execute(
            "insert into raw.articles (article_id, url, published_at, first_seen_at, body_text) "
            "values (?, ?, ?, ?, ?)",
            [store.article_id(a.url), a.url, a.published_at, now, a.text],
        )
        for row in store.event_rows_of(
            store.article_id(a.url), [ev("AID", "RUS", "PRK", "2024-03-04", quad=2)], now, "old"
        ):
            cols = ", ".join(store.EVENT_COLUMNS)
            con.execute(
                f"insert into raw.events ({cols}) values ({', '.join('?' * len(row))})", row
            )
    _load(path, [], False)  # migrates (005 queues the unclustered article), then catches up
    assert rows(path, "select event_type, num_articles from clusters") == [("AID", 1)]
    assert rows(path, "select event_type, clusters from dyad_daily") == [("AID", 1)]
