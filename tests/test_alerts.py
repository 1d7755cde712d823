"""Watchlists and alerts: matching clusters are recorded once and sent once, never twice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cluster_pages import art, at, ev, load, rows, serve_visit_world
from dipwatch.alerts.deliver import MAX_ATTEMPTS, deliver_pending
from dipwatch.alerts.record import record_alerts
from dipwatch.alerts.watchlist import Watchlist, parse_watchlists, read_watchlists
from dipwatch.app.cli import main
from dipwatch.config import ConfigError, load_settings
from dipwatch.warehouse import connection as db
from localserver import (
    LocalServer,
    Reply,
    local_server_fixture,  # noqa: F401
)


def _feeds_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_watchlists_are_read_from_the_feeds_file(tmp_path):
    path = _feeds_file(
        tmp_path,
        """
[[feeds]]
url = "https://news.example/rss.xml"

[[watchlist]]
name = "Korea-Russia"
dyads = [["RUS", "PRK"]]
event_types = ["CONSULT", "AID"]
min_articles = 2
jsonl = "out/alerts.jsonl"
webhook = "http://127.0.0.1:9/hook"
prefect_block = "slack-webhook/newsroom"

[[watchlist]]
name = "Iran"
countries = ["IRN"]
""",
    )
    [korea, iran] = read_watchlists(path)
    assert korea.dyads == (("RUS", "PRK"),) and korea.min_articles == 2
    assert korea.destinations() == [
        "webhook:http://127.0.0.1:9/hook",
        f"jsonl:{tmp_path / 'out' / 'alerts.jsonl'}",
        "block:slack-webhook/newsroom",
    ]
    assert iran.countries == ("IRN",) and iran.destinations() == []
    assert load_settings({"feeds_file": str(path)}, environ={}).feeds  # feeds still read


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"name": "x", "event_types": ["CHAT"]}, "unknown PLOVER type 'CHAT'"),
        ({"name": "x", "countries": ["iran"]}, "countries.0"),
        ({"name": "x", "min_confidnce": 0.5}, "min_confidnce: Extra inputs"),
        ({"name": "x", "min_confidence": 2}, "min_confidence"),
        ({"name": "x", "webhook": "file:///etc/passwd"}, "webhook"),
        ({"countries": ["IRN"]}, "watchlist #1: name"),
    ],
)
def test_a_bad_watchlist_is_one_line(item, message):
    with pytest.raises(ConfigError) as err:
        parse_watchlists([item], Path("."), "feeds file f.toml")
    assert message in str(err.value) and "\n" not in str(err.value)


def test_two_watchlists_of_one_name_are_refused():
    with pytest.raises(ConfigError, match="second watchlist"):
        parse_watchlists([{"name": "a"}, {"name": "a"}], Path("."), "f")


@pytest.fixture
def warehouse(tmp_path) -> str:
    """Clusters: a PRK-RUS visit reported twice, one RUS->PRK aid report, an IRN sanction."""
    path = str(tmp_path / "wh.duckdb")
    visit = ev("CONSULT", "PRK", "RUS", "2024-03-04", confidence=0.9)
    load(
        path,
        [
            (art("visit-1", at("2024-03-04")), [visit]),
            (art("visit-2", at("2024-03-05")), [ev("CONSULT", "PRK", "RUS", "2024-03-04")]),
            (art("aid", at("2024-03-05")), [ev("AID", "RUS", "PRK", "2024-03-01", quad=2)]),
            (art("sanction", at("2024-03-06")), [ev("SANCTION", "USA", "IRN", None, quad=4)]),
        ],
    )
    return path


def _record(path: str, watchlists: list[Watchlist]) -> list[dict]:
    with db.writer(path) as con:
        ids = [r[0] for r in con.execute("select cluster_id from raw.clusters").fetchall()]
        return record_alerts(con, watchlists, ids, "run1")


def test_matching_clusters_are_recorded_once(warehouse):
    lists = [
        Watchlist(name="dyad", dyads=(("RUS", "PRK"),)),
        Watchlist(name="visits", dyads=(("PRK", "RUS"),), event_types=("CONSULT",), min_articles=2),
        Watchlist(name="sure", countries=("PRK",), min_confidence=0.85),
        Watchlist(name="iran", countries=("IRN",), event_types=("SANCTION",)),
        Watchlist(name="many", countries=("PRK",), min_articles=3),
    ]
    found = _record(warehouse, lists)
    got = sorted((a["watchlist"], a["event_type"], a["num_articles"]) for a in found)
    assert got == [
        ("dyad", "AID", 1),
        ("dyad", "CONSULT", 2),
        ("iran", "SANCTION", 1),
        ("sure", "CONSULT", 2),
        ("visits", "CONSULT", 2),
    ]
    visit = next(a for a in found if a["watchlist"] == "visits")
    assert visit["headline"] and visit["article_url"].startswith("https://news.example/")
    assert _record(warehouse, lists) == []  # never twice
    assert rows(warehouse, "select count(*) from raw.alerts")[0][0] == 5
    assert rows(warehouse, "select count(*) from raw.alert_deliveries")[0][0] == 0  # no destination


def test_deliveries_are_sent_once_and_retried_until_they_go_out(warehouse, tmp_path):
    jsonl = tmp_path / "alerts.jsonl"
    with LocalServer() as srv:
        srv.route("/hook", Reply(status=503), Reply(status=204))  # down once, then up
        srv.route("/gone", Reply(status=410))
        lists = [
            Watchlist(name="iran", countries=("IRN",), webhook=srv.url("/hook"), jsonl=str(jsonl)),
            Watchlist(name="iran2", countries=("IRN",), webhook=srv.url("/gone")),
        ]
        assert len(_record(warehouse, lists)) == 2
        settings = load_settings({"db": warehouse, "retries": 0}, read_feeds=False, environ={})
        first = deliver_pending(settings)
        assert (first.sent, first.failed) == (1, 2)  # the JSONL line; the webhooks failed
        assert "HTTP 503" in first.errors[0] and "\n" not in first.errors[0]
        second = deliver_pending(settings)
        assert (second.sent, second.failed) == (1, 1)
        for _ in range(MAX_ATTEMPTS):
            deliver_pending(settings)
        posts = [r for r in srv.requests if r.path == "/hook"]
        assert (
            len(posts) == 2
            and posts[1].header("Idempotency-Key")
            == "iran:" + json.loads(posts[1].body)["cluster_id"]
        )
        assert len([r for r in srv.requests if r.path == "/gone"]) == MAX_ATTEMPTS  # gave up
    body = json.loads(posts[1].body)
    assert (body["event_type"], body["source_country"], body["target_country"]) == (
        "SANCTION",
        "USA",
        "IRN",
    )
    assert body["date_basis"] == "first report"  # the sanction has no date of its own
    assert len(jsonl.read_text().splitlines()) == 1
    status = dict(
        rows(warehouse, "select watchlist || ' ' || destination, status from raw.alert_deliveries")
    )
    assert sorted(status.values()) == ["failed", "sent", "sent"]


def _summary_artifact(flow_run_id) -> str:
    """The markdown of a flow run's summary artifact."""
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    async def read() -> list:
        async with get_client() as client:
            return await client.read_artifacts(
                artifact_filter=ArtifactFilter(
                    flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])
                )
            )

    [artifact] = [a for a in asyncio.run(read()) if a.key == "refresh-summary"]
    return str(artifact.data)


@pytest.mark.slow
def test_a_refresh_that_creates_a_matching_cluster_sends_one_alert(
    prefect_harness, local_server, tmp_path, capsys
):
    from dipwatch.flows.refresh import refresh
    from prefect.blocks.notifications import CustomWebhookNotificationBlock

    from dipwatch.config import RefreshSettings

    hook = local_server.route("/hook", Reply(status=204))
    block_hook = local_server.route("/block", Reply(status=200))
    CustomWebhookNotificationBlock(
        name="dipwatch-test",
        url=block_hook,
        json_data={"text": "{{body}}"},
        allow_private_urls=True,
    ).save("alerts-test", overwrite=True)
    feeds = serve_visit_world(local_server)  # wire: 3 reports of the visit, agency: 2 more
    watch = f"""
[[watchlist]]
name = "Korea-Russia visits"
dyads = [["PRK", "RUS"]]
event_types = ["CONSULT"]
min_articles = 2
webhook = "{hook}"
jsonl = "alerts.jsonl"
prefect_block = "custom-webhook/alerts-test"
"""
    path = _feeds_file(tmp_path, f'[[feeds]]\nurl = "{feeds["wire"]}"\n' + watch)
    db_path = str(tmp_path / "wh.duckdb")
    given = RefreshSettings(feeds_file=str(path), db=db_path, respect_robots=False, retries=0)

    state = refresh(settings=given, return_state=True)
    first = state.result()
    assert first["alerts"] == {"new": 1, "sent": 3, "failed": 0}
    artifact = _summary_artifact(state.state_details.flow_run_id)
    assert "## Watchlist alerts" in artifact and "Korea-Russia visits" in artifact
    assert "Deliveries: 3 sent, 0 failed." in artifact
    [post] = [r for r in local_server.requests if r.path == "/hook"]
    body = json.loads(post.body)
    assert (body["event_type"], body["num_articles"], body["date_basis"]) == (
        "CONSULT",
        3,
        "event date",
    )
    assert {body["source_country"], body["target_country"]} == {"PRK", "RUS"}
    assert local_server.hits("/block") == 1
    assert len((tmp_path / "alerts.jsonl").read_text().splitlines()) == 1

    # the same cluster grows with the agency's two reports: it is not alerted again
    path.write_text(
        f'[[feeds]]\nurl = "{feeds["wire"]}"\n[[feeds]]\nurl = "{feeds["agency"]}"\n' + watch
    )
    second = refresh(settings=given)
    assert second["articles_new"] == 2 and second["alerts"] == {"new": 0, "sent": 0, "failed": 0}
    assert rows(db_path, "select num_articles from raw.clusters order by 1 desc limit 1") == [(5,)]
    third = refresh(settings=given)  # nothing new at all
    assert third["alerts"]["new"] == 0
    assert local_server.hits("/hook") == 1 and local_server.hits("/block") == 1
    assert len((tmp_path / "alerts.jsonl").read_text().splitlines()) == 1

    capsys.readouterr()
    assert main(["alerts", "--db", db_path, "--format", "json"]) == 0
    [listed] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert listed["watchlist"] == "Korea-Russia visits" and listed["num_articles"] == 3
    assert listed["sent_to"].count(" sent") == 3
