"""A streamed refresh: the fetch plan in batches, each loaded in its own transaction; a run that
dies after batch k keeps those k batches, and the rerun converges to an uninterrupted run."""

from __future__ import annotations

import datetime as dt

import pytest

from cluster_pages import rows, snapshot
from dipwatch.models import FeedEntry
from dipwatch.pipeline_batches import add_counts, stream_batches
from localserver import Reply, local_server_fixture  # noqa: F401
from pages import LOAN, SANCTIONS, VISIT, page, rss

T0 = dt.datetime(2024, 3, 5, 10, 0, tzinfo=dt.UTC)
STORIES = [VISIT, SANCTIONS, LOAN]


def test_the_plan_is_cut_into_batches_and_never_into_none():
    entries = [FeedEntry("f", f"https://x.example/{i}") for i in range(5)]
    assert [len(b) for b in stream_batches(entries, 2)] == [2, 2, 1]
    assert stream_batches(entries, 0) == [entries] == stream_batches(entries, 5)
    assert stream_batches([], 2) == [[]]
    assert add_counts({"AID": 1, "CONSULT": 2}, {"AID": 3}) == {"AID": 4, "CONSULT": 2}


def _serve(srv) -> str:
    """Seven dated articles (each story retold with another date, so texts differ)."""
    items = []
    for i in range(7):
        when = T0 + dt.timedelta(hours=i)
        paras = [
            p.replace("Monday", ["Monday", "Tuesday", "Friday"][i % 3]) for p in STORIES[i % 3]
        ]
        paras.append(f"This is report number {i} of the day.")
        srv.route(
            f"/a/{i}.html", Reply.html(page(f"Report {i}", paras, published=when.isoformat()))
        )
        items.append((f"Report {i}", srv.url(f"/a/{i}.html"), when))
    srv.route("/feed.xml", Reply.xml(rss(items)))
    return srv.url("/feed.xml")


def _state(path: str) -> dict:
    """What a run leaves: articles, events, clusters and marts (not when or by which run)."""
    out = snapshot(path)
    out["articles"] = rows(path, "select url, content_hash from raw.articles order by url")
    out["events"] = rows(path, "select event_id from raw.events order by event_id")
    return out


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])  # 2: text and events on worker processes
def test_a_run_killed_after_two_batches_keeps_them_and_the_rerun_converges(
    prefect_harness, local_server, tmp_path, monkeypatch, workers
):
    from dipwatch.flows.refresh import refresh

    from dipwatch.config import RefreshSettings
    from dipwatch.warehouse import loads

    feed = _serve(local_server)
    whole, broken = str(tmp_path / "whole.duckdb"), str(tmp_path / "broken.duckdb")

    def settings(db: str) -> RefreshSettings:
        return RefreshSettings(
            db=db,
            stream_batch_size=3,
            extract_workers=workers,
            respect_robots=False,
            retries=0,
        )

    summary = refresh(settings=settings(whole), feeds=[feed])
    assert summary["articles_new"] == 7
    assert rows(whole, "select status, articles_new from raw.runs") == [("completed", 7)]

    real_load, calls = loads.load, []

    def dies_in_batch_three(con, batch, after=None):
        calls.append(len(batch.articles))
        if len(calls) == 3:
            raise RuntimeError("killed")
        return real_load(con, batch, after=after)

    monkeypatch.setattr(loads, "load", dies_in_batch_three)
    with pytest.raises(RuntimeError, match="killed"):
        refresh(settings=settings(broken), feeds=[feed])
    monkeypatch.undo()
    assert calls == [3, 3, 1]
    # the two batches before are in, with their clusters and marts; the feed's state is not
    assert rows(broken, "select count(*) from raw.articles") == [(6,)]
    assert rows(broken, "select count(*) from raw.feeds") == [(0,)]
    assert rows(broken, "select status, articles_new from raw.runs") == [("failed", 6)]
    assert rows(broken, "select count(*) from event_feed")[0][0] > 0

    again = refresh(settings=settings(broken), feeds=[feed])
    assert (again["articles_new"], again["articles_unchanged"]) == (1, 6)
    assert _state(broken) == _state(whole)
