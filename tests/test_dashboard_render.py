"""The dashboard's drawing rules: quad colours, gaps, the date basis, escaping, the new tabs."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from cluster_pages import art, at, ev, load
from dipwatch.alerts.record import record_alerts
from dipwatch.alerts.watchlist import Watchlist
from dipwatch.warehouse import connection as db
from dipwatch.warehouse import loads as store

pytest.importorskip("streamlit", reason="the dashboard extra is not installed")
from dipwatch.app.dashboard import queries  # noqa: E402
from dipwatch.app.dashboard import render as ui  # noqa: E402


def test_every_type_has_its_quad_colour_cooperation_blue_green_conflict_red():
    quads = ui.type_quads()
    assert quads["CONSULT"] == 1 and quads["AID"] == 2 and quads["ACCUSE"] == 3
    assert quads["ASSAULT"] == 4 and len(quads) == 16
    df = pd.DataFrame(
        {
            "period": pd.to_datetime(["2024-01-01"] * 3),
            "event_type": ["ASSAULT", "CONSULT", "AID"],
            "clusters": [1, 2, 3],
        }
    )
    spec = ui.bars_by_type(df, "month").to_dict()
    scale = spec["encoding"]["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"], strict=True))
    assert colours == {
        "CONSULT": ui.QUAD_COLOURS[1],
        "AID": ui.QUAD_COLOURS[2],
        "ASSAULT": ui.QUAD_COLOURS[4],
    }
    quad = ui.bars_by_quad(
        pd.DataFrame({"period": df["period"], "quad_class": [1, 3, 4], "clusters": [1, 1, 1]}),
        "month",
    ).to_dict()["encoding"]["color"]["scale"]
    assert quad["domain"][0] == "verbal cooperation" and quad["range"][0] == "#2b83ba"
    assert quad["domain"][3] == "material conflict" and quad["range"][3] == "#d7191c"


def test_a_period_without_events_breaks_the_line():
    trend = pd.DataFrame(
        {
            "period": pd.to_datetime(["2015-01-01", "2015-02-01", "2024-06-01"]),
            "goldstein_mean": [2.0, 3.0, -4.0],
        }
    )
    long = ui.with_gaps(trend, "month", {"goldstein_mean": "all"})
    assert list(long["value"]) == [2.0, 3.0, -4.0]
    segments = list(long["segment"])
    assert segments[0] == segments[1] != segments[2]  # Jan-Feb 2015 joined, 2024 apart
    layers = ui.goldstein_lines(long, "month", ["all"]).to_dict()["layer"]
    assert layers[1]["encoding"]["detail"]["field"] == "segment"


def test_feed_text_is_escaped_and_only_http_links_are_made():
    # Markdown and links go through app.safety (tests/test_safety.py); the tables use it
    table = ui.events_table(
        pd.DataFrame(
            {
                "is_symmetric": [False],
                "source_country": ["<b>X</b>"],
                "target_country": ["Y"],
                "headline": ["[click](javascript:alert(1)) | <img src=x onerror=alert(1)>"],
                "article_url": ["javascript:alert(1)"],
                "event_day": [pd.Timestamp("2024-03-04")],
                "date_precision": ["day"],
                "event_type": ["AID"],
                "location_name": ["A|B"],
                "num_articles": [1],
            }
        )
    )
    row = table.splitlines()[2]
    unescaped = re.findall(r"(?<!\\)(?:\]\(|<)", row)  # a link's "](" or a tag's "<"
    assert unescaped == [], row
    assert row.count(" | ") == 6  # no cell split by the feed's pipes
    assert "| event date |" in row
    points = ui.map_layer_data(
        pd.DataFrame(
            {
                "latitude": [1.0],
                "longitude": [2.0],
                "quad_class": [4],
                "num_articles": [2],
                "event_type": ["ASSAULT"],
                "source_country": ["<b>X</b>"],
                "target_country": ["Y"],
                "is_symmetric": [False],
                "headline": ['<script>alert("x")</script>'],
                "location_name": ["A & B"],
                "article_url": ["javascript:alert(1)"],
                "event_day": [pd.Timestamp("2024-03-04")],
                "date_precision": ["month"],
            }
        )
    ).iloc[0]
    assert "<script>" not in points["tip_headline"] and "&lt;script&gt;" in points["tip_headline"]
    assert points["tip_actors"] == "&lt;b&gt;X&lt;/b&gt; → Y" and points["tip_place"] == "A &amp; B"
    assert points["tip_link"] == "" and points["tip_day"] == "2024-03-04 (first report)"
    assert list(points["colour"])[:3] == [215, 25, 28]


def test_new_since_last_refresh_and_alerts(tmp_path):
    path = str(tmp_path / "wh.duckdb")
    load(path, [(art("old", at("2024-03-01")), [ev("CONSULT", "PRK", "RUS", "2024-03-01")])])
    with db.writer(path) as con:  # the loads above are recorded as completed refreshes
        con.execute(
            "insert into raw.runs (run_id, started_at, finished_at, status) values "
            "('r1', now() - interval 1 hour, now() - interval 59 minute, 'completed')"
        )
    with db.reader(path) as con:
        assert len(queries.new_since_last_refresh(con)) == 1  # first seen after r1 began
        assert queries.watchlist_alerts(con).empty
    later = dt.datetime.now(dt.UTC)
    load(path, [(art("new", at("2024-03-05")), [ev("SANCTION", "USA", "IRN", None, quad=4)])])
    with db.writer(path) as con:
        store.start_run(con, "r2", later, None)
        con.execute(
            "update raw.runs set status = 'completed', finished_at = now() where run_id = 'r2'"
        )
        ids = [r[0] for r in con.execute("select cluster_id from raw.clusters").fetchall()]
        record_alerts(con, [Watchlist(name="iran", countries=("IRN",))], ids, "r2")
    with db.reader(path) as con:
        new = queries.new_since_last_refresh(con)
        alerts = queries.watchlist_alerts(con)
        assert queries.last_load(con)["run_id"].iloc[0] == "r2"
    assert list(new["event_type"]) == ["SANCTION"]
    assert list(alerts["watchlist"]) == ["iran"] and alerts["date_precision"].isna().all()
