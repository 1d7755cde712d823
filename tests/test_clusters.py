"""Cross-article event clusters: one real-world event reported by several articles is one cluster."""

from __future__ import annotations

import datetime as dt

import pytest

from cluster_pages import (
    ACCUSATION,
    LATER_VISIT,
    VISIT_REPORTS,
    art,
    at,
    ev,
    load,
    rows,
    serve_visit_world,
    snapshot,
)
from dipwatch.warehouse import connection as db
from dipwatch.warehouse.clusters import assign_clusters, dates_compatible, event_key
from localserver import local_server_fixture  # noqa: F401

AGENCY = "https://agency.example/rss"


def _visit(
    confidence: float = 0.8,
    place: str | None = "Vladivostok",
    date: str | None = "2024-03-04",
    precision: str | None = "day",
    amount: float | None = None,
):
    return ev(
        "CONSULT",
        "PRK",
        "RUS",
        date,
        precision,
        place=place,
        lat=43.1 if place else None,
        lon=131.9 if place else None,
        confidence=confidence,
        amount=amount,
    )


def _clusters(path: str) -> list[tuple]:
    return rows(
        path,
        "select cluster_id, event_type, source_country, target_country, event_date, "
        "date_precision, num_events, num_articles, num_feeds from clusters order by cluster_id",
    )


def _cluster_of(path: str, article_slug: str, event_type: str) -> str:
    found = rows(
        path,
        "select cluster_id from events where article_url like ? and event_type = ?",
        [f"%/{article_slug}.html", event_type],
    )
    assert len({r[0] for r in found}) == 1, found
    return found[0][0]


# ---------------------------------------------------------------- rules


def test_dates_are_compatible_when_one_period_contains_the_other():
    d = dt.date
    assert dates_compatible(d(2024, 3, 4), "day", d(2024, 3, 1), "month")
    assert dates_compatible(d(2024, 3, 4), "day", d(2024, 1, 1), "year")
    assert dates_compatible(d(2024, 3, 1), "month", d(2024, 1, 1), "year")
    assert dates_compatible(None, None, d(2024, 3, 4), "day")
    assert not dates_compatible(d(2024, 3, 4), "day", d(2024, 3, 5), "day")
    assert not dates_compatible(d(2024, 3, 4), "day", d(2024, 4, 1), "month")
    assert not dates_compatible(d(2024, 3, 4), "day", d(2023, 1, 1), "year")


def test_symmetric_events_are_unordered_pairs():
    assert event_key("consult", "USA", "CHN", True) == event_key("CONSULT", "CHN", "USA", True)
    assert event_key("CONSULT", "USA", "CHN", False) != event_key("CONSULT", "CHN", "USA", False)
    assert event_key("CONSULT", "USA", "CHN", False) != event_key("CONSULT", "USA", "CHN", True)


# ---------------------------------------------------------------- one visit, many reports


def test_five_articles_reporting_one_visit_are_one_cluster(tmp_path):
    db_path = str(tmp_path / "wh.duckdb")
    items = [
        (art("a1", at("2024-03-04", 18)), [_visit(0.8)]),
        (art("a2", at("2024-03-04", 21), feed=AGENCY), [_visit(0.9, amount=1e6)]),
        (
            art("a3", at("2024-03-05", 6)),
            [_visit(0.7, place="Russia", date="2024-03-01", precision="month")],
        ),
        (art("a4", at("2024-03-05", 9), feed=AGENCY), [_visit(0.85, date=None, amount=1e6)]),
        (
            art("a5", at("2024-03-05", 14)),
            [_visit(0.6, date="2024-01-01", precision="year", amount=2e6)],
        ),
    ]
    stats = load(db_path, items)
    assert stats.assigned == 5 and stats.created == 1
    [(cid, etype, src, tgt, date, precision, n_events, n_articles, n_feeds)] = _clusters(db_path)
    assert (etype, src, tgt, n_events, n_articles, n_feeds) == ("CONSULT", "PRK", "RUS", 5, 5, 2)
    # the finest date the members agree on; the most frequent place and amount
    assert (date, precision) == (dt.date(2024, 3, 4), "day")
    [(place, amount, first, last, headline)] = rows(
        db_path,
        "select location_name, amount_usd, first_reported_at, last_reported_at, headline from clusters",
    )
    assert place == "Vladivostok" and amount == 1e6
    assert first == at("2024-03-04", 18) and last == at("2024-03-05", 14)
    assert headline == "a2"  # the most confident report
    # the founder's id, and every member points at it
    first_event = rows(db_path, "select event_id from events where article_url like '%/a1.html'")[
        0
    ][0]
    assert cid == "c" + first_event
    assert rows(db_path, "select count(*), count(distinct cluster_id) from events") == [(5, 1)]
    # the marts count one real-world event reported five times
    assert rows(db_path, "select event_day, clusters, events, articles from dyad_daily") == [
        (dt.date(2024, 3, 4), 1, 5, 5)
    ]
    assert rows(
        db_path, "select country, sent_total, received_total from country_activity order by 1"
    ) == [("PRK", 1, 0), ("RUS", 0, 1)]
    assert rows(db_path, "select num_articles from event_feed") == [(5,)]
    assert rows(db_path, "select location_name from event_map") == [("Vladivostok",)]


def test_look_alike_events_stay_apart(tmp_path):
    db_path = str(tmp_path / "wh.duckdb")
    items = [
        (art("visit", at("2024-03-04", 18)), [_visit()]),
        # a visit a month later (reported within the window set below, but another day)
        (art("second-visit", at("2024-03-20")), [_visit(date="2024-04-08")]),
        # same actors, same day, another type
        (
            art("accusation", at("2024-03-04", 20)),
            [ev("ACCUSE", "PRK", "RUS", "2024-03-04", quad=3, goldstein=-2)],
        ),
        # same day and type, the other direction: Putin visiting Pyongyang is another visit
        (art("return-visit", at("2024-03-04", 22)), [ev("CONSULT", "RUS", "PRK", "2024-03-04")]),
        # two different days in March: both fit "March", but not each other
        (art("day-5", at("2024-03-06")), [_visit(date="2024-03-05")]),
    ]
    load(db_path, items, window_days=60)
    clusters = {
        _cluster_of(db_path, slug, t)
        for slug, t in (
            ("visit", "CONSULT"),
            ("second-visit", "CONSULT"),
            ("accusation", "ACCUSE"),
            ("return-visit", "CONSULT"),
            ("day-5", "CONSULT"),
        )
    }
    assert len(clusters) == 5
    assert rows(db_path, "select sum(clusters), sum(articles) from dyad_daily") == [(5, 5)]


def test_undated_events_join_only_events_reported_close_in_time(tmp_path):
    db_path = str(tmp_path / "wh.duckdb")
    load(
        db_path,
        [
            (art("dated", at("2024-03-04")), [_visit()]),
            (art("undated-next-day", at("2024-03-05")), [_visit(date=None)]),
            (art("undated-ten-days-later", at("2024-03-14")), [_visit(date=None)]),
        ],
    )
    assert _cluster_of(db_path, "dated", "CONSULT") == _cluster_of(
        db_path, "undated-next-day", "CONSULT"
    )
    assert _cluster_of(db_path, "dated", "CONSULT") != _cluster_of(
        db_path, "undated-ten-days-later", "CONSULT"
    )


def test_the_window_is_configurable(tmp_path):
    items = [
        (art("dated", at("2024-03-04")), [_visit()]),
        (art("undated-ten-days-later", at("2024-03-14")), [_visit(date=None)]),
    ]
    narrow, wide = str(tmp_path / "narrow.duckdb"), str(tmp_path / "wide.duckdb")
    load(narrow, items, window_days=3)
    load(wide, items, window_days=15)
    assert len(_clusters(narrow)) == 2
    assert [c[7] for c in _clusters(wide)] == [2]


def test_symmetric_events_in_either_direction_are_one_cluster(tmp_path):
    db_path = str(tmp_path / "wh.duckdb")
    talks = dict(symmetric=True, place="Doha")
    load(
        db_path,
        [
            (
                art("talks-1", at("2024-03-04")),
                [
                    ev("CONSULT", "USA", "VEN", "2024-03-04", **talks),
                    ev("CONSULT", "VEN", "USA", "2024-03-04", **talks),
                ],
            ),
            (
                art("talks-2", at("2024-03-05")),
                [ev("CONSULT", "VEN", "USA", "2024-03-04", **talks)],
            ),
        ],
    )
    [(_, _, src, tgt, _, _, n_events, n_articles, _)] = _clusters(db_path)
    assert (src, tgt, n_events, n_articles) == ("USA", "VEN", 3, 2)
    # counted once in the dyad mart, under the alphabetical order of the pair
    assert rows(
        db_path,
        "select source_country, target_country, clusters, symmetric_clusters from dyad_daily",
    ) == [("USA", "VEN", 1, 1)]
    # both sides sent and received it
    assert rows(
        db_path, "select country, sent_total, received_total from country_activity order by 1"
    ) == [("USA", 1, 1), ("VEN", 1, 1)]


# ---------------------------------------------------------------- incremental


def test_new_articles_join_existing_clusters_and_a_rerun_changes_nothing(tmp_path):
    db_path = str(tmp_path / "wh.duckdb")
    load(db_path, [(art(f"a{i}", at("2024-03-04", 8 + i)), [_visit()]) for i in range(3)])
    [(cid, *_)] = _clusters(db_path)
    stats = load(
        db_path,
        [(art(f"b{i}", at("2024-03-05", 8 + i), feed=AGENCY), [_visit()]) for i in range(2)],
    )
    assert stats.assigned == 2 and stats.created == 0  # only the new events were assigned
    assert [(c[0], c[7], c[8]) for c in _clusters(db_path)] == [(cid, 5, 2)]

    before = snapshot(db_path)
    with db.writer(db_path) as con:
        con.execute("begin transaction")
        again = assign_clusters(con)
        con.execute("commit")
    assert (again.assigned, again.left, again.touched) == (0, 0, [])
    stats = load(db_path, [])
    assert stats.assigned == 0
    assert snapshot(db_path) == before


def test_an_updated_article_leaves_its_cluster(tmp_path):
    db_path = str(tmp_path / "wh.duckdb")
    load(db_path, [(art(f"a{i}", at("2024-03-04", 8 + i)), [_visit()]) for i in range(4)])
    [(cid, *_)] = _clusters(db_path)
    # a3 is rewritten: it now reports an accusation instead of the visit
    stats = load(
        db_path,
        [
            (
                art("a3", at("2024-03-04", 11), text="rewritten"),
                [ev("ACCUSE", "PRK", "RUS", "2024-03-04", quad=3)],
            )
        ],
    )
    assert stats.left == 1 and stats.assigned == 1
    assert {(c[0], c[1], c[7]) for c in _clusters(db_path)} == {
        (cid, "CONSULT", 3),
        (_cluster_of(db_path, "a3", "ACCUSE"), "ACCUSE", 1),
    }
    # the founder a0 is rewritten with the same event: it leaves and joins again, the id stays
    stats = load(db_path, [(art("a0", at("2024-03-04", 8), text="new wording"), [_visit()])])
    assert stats.left == 1 and stats.created == 0
    assert _cluster_of(db_path, "a0", "CONSULT") == cid
    # every member rewritten away: the cluster is gone, and so are its mart rows
    load(db_path, [(art(f"a{i}", at("2024-03-04", 8 + i), text=f"v3 {i}"), []) for i in range(3)])
    assert {c[1] for c in _clusters(db_path)} == {"ACCUSE"}
    assert rows(db_path, "select event_type from event_feed") == [("ACCUSE",)]
    assert rows(db_path, "select event_type, clusters from dyad_daily") == [("ACCUSE", 1)]


def test_incremental_assignment_matches_a_full_recomputation(tmp_path):
    db_path = str(tmp_path / "wh.duckdb")
    batches = [
        [(art("a1", at("2024-03-04")), [_visit(), ev("AID", "RUS", "PRK", "2024-03-04", quad=2)])],
        [
            (art("a2", at("2024-03-05")), [_visit(date=None)]),
            (art("a3", at("2024-03-06")), [ev("AID", "RUS", "PRK", "2024-03-01", "month", quad=2)]),
        ],
        [(art("a4", at("2024-04-09")), [_visit(date="2024-04-08")])],
    ]
    for batch in batches:
        load(db_path, batch)
    incremental = snapshot(db_path)["members"]
    with db.writer(db_path) as con:
        con.execute("begin transaction")
        con.execute("delete from raw.cluster_members")
        con.execute("delete from raw.clusters")
        assign_clusters(con)
        con.execute("commit")
    assert snapshot(db_path)["members"] == incremental
    assert len({c for _, c in incremental}) == 3


def test_a_failure_in_the_marts_rolls_back_the_clusters(tmp_path, monkeypatch):
    db_path = str(tmp_path / "wh.duckdb")
    load(db_path, [(art("a1", at("2024-03-04")), [_visit()])])
    before = snapshot(db_path)
    import dipwatch.warehouse.marts

    def boom(con, changed=None):
        raise RuntimeError("mart build failed")

    monkeypatch.setattr(dipwatch.warehouse.marts, "build_tables", boom)
    with pytest.raises(RuntimeError, match="mart build failed"):
        load(db_path, [(art("a2", at("2024-03-05")), [_visit()])])
    assert snapshot(db_path) == before
    assert rows(db_path, "select count(*) from raw.articles") == [(1,)]


# ---------------------------------------------------------------- through the real pipeline


@pytest.mark.slow
def test_five_reports_of_one_visit_through_the_pipeline(prefect_harness, local_server, tmp_path):
    from dipwatch.flows.refresh import refresh

    from dipwatch.config import RefreshSettings

    feeds = serve_visit_world(local_server)
    db_path = str(tmp_path / "wh.duckdb")
    given = RefreshSettings(db=db_path, respect_robots=False, retries=1)
    summary = refresh(settings=given, feeds=list(feeds.values()))
    assert summary["articles_new"] == 7

    visits = rows(
        db_path,
        "select article_url, cluster_id, event_date from events "
        "where event_type = 'CONSULT' and source_country = 'PRK' and target_country = 'RUS'",
    )
    by_slug = {url.rsplit("/", 1)[-1][:-5]: (cid, date) for url, cid, date in visits}
    slugs = [slug for slug, *_ in VISIT_REPORTS]
    assert set(slugs) <= set(by_slug), f"the coder missed a visit report: {sorted(by_slug)}"
    [visit_cluster] = {by_slug[s][0] for s in slugs}
    [(n_articles, n_feeds, date, precision)] = rows(
        db_path,
        "select num_articles, num_feeds, event_date, date_precision from clusters where cluster_id = ?",
        [visit_cluster],
    )
    assert (n_articles, n_feeds, date, precision) == (5, 2, dt.date(2024, 3, 4), "day")
    # the visit a month later and the accusation on the same day are other real-world events
    assert by_slug[LATER_VISIT[0]][0] != visit_cluster
    accusation = rows(
        db_path,
        "select cluster_id from events where article_url like ? and event_type = 'ACCUSE'",
        [f"%/{ACCUSATION[0]}.html"],
    )
    assert accusation and accusation[0][0] != visit_cluster
    assert rows(
        db_path,
        "select clusters, articles from dyad_daily where event_day = '2024-03-04' "
        "and event_type = 'CONSULT' and source_country = 'PRK'",
    ) == [(1, 5)]

    # a rerun finds nothing new and changes nothing
    before = snapshot(db_path)
    refresh(settings=given, feeds=list(feeds.values()))
    assert snapshot(db_path) == before
