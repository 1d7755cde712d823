"""The dipwatch dashboard (a Streamlit script): events over time, a dyad view, a map, the latest events.

Started by `dipwatch dashboard [--db PATH] [--port N]` (or `streamlit run app.py -- --db PATH`;
else $DIPWATCH_DB, else the default in the user data directory). Read-only: every query opens its own
short-lived read-only connection (`db.reader`, which waits while a refresh holds the file) and
closes it at once, so the dashboard never blocks a refresh. Results are cached until the
warehouse file changes. All SQL lives in `dipwatch.app.dashboard.queries`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dipwatch.app.dashboard import news, queries
from dipwatch.app.dashboard import render as ui
from dipwatch.app.safety import csv_cell, http_url
from dipwatch.warehouse import connection as db

PREFERRED_DYAD = ("PRK", "RUS")


def warehouse_path(argv: list[str] | None = None) -> tuple[str, float]:
    """The warehouse (--db after `--`, else $DIPWATCH_DB, else the default) and the read timeout."""
    from dipwatch.config import load_settings

    ap = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    ap.add_argument("--db")
    args, _ = ap.parse_known_args(sys.argv[1:] if argv is None else argv)
    settings = load_settings({"db": args.db}, read_feeds=False)
    return os.path.abspath(settings.db), settings.read_timeout


def _stamp(path: str) -> float:
    """Changes whenever a refresh writes the warehouse (the cache key of every query)."""
    times = [Path(p).stat().st_mtime for p in (path, path + ".wal") if Path(p).exists()]
    return max(times, default=0.0)


@st.cache_data(ttl=300, show_spinner=False, max_entries=256)
def _query(
    name: str, path: str, timeout: float, stamp: float, args: tuple, kwargs: tuple
) -> pd.DataFrame:
    """Run queries.<name> on a fresh read-only connection, closed right after."""
    with db.reader(path, timeout) as con:
        return getattr(queries, name)(con, *args, **dict(kwargs))


def q(name: str, *args: Any, **kwargs: Any) -> pd.DataFrame:
    """A dashboard query (cached per warehouse version)."""
    path, timeout = st.session_state["warehouse"]
    return _query(name, path, timeout, _stamp(path), args, tuple(sorted(kwargs.items())))


def _date_range(first: dt.date, last: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The sidebar's date range (either end may be unset while the user picks)."""
    picked = st.sidebar.date_input(
        "Dates", value=(first, last), min_value=first, max_value=last, key="dates"
    )
    if isinstance(picked, tuple | list):
        since = picked[0] if picked else None
        until = picked[1] if len(picked) > 1 else None
        return since, until
    return picked, None


def over_time(period: str, since: dt.date | None, until: dt.date | None, types: list[str]) -> None:
    """Clusters per period, stacked by PLOVER type."""
    st.subheader("Events over time, by type")
    df = q("activity_over_time", period, since, until, types)
    if df.empty:
        st.info("No events in this selection.")
        return
    st.altair_chart(ui.bars_by_type(df, period).properties(height=320), width="stretch")
    st.markdown(ui.quad_legend(), unsafe_allow_html=True)  # our own HTML, no feed text
    st.caption(
        f"{int(df['clusters'].sum()):,} real-world events (clusters), reported "
        f"{int(df['article_reports'].sum()):,} times, per {period}; each type in the colour of "
        f"its quad class. {ui.DATE_BASIS_NOTE}"
    )


def dyad(
    countries: list[str],
    period: str,
    since: dt.date | None,
    until: dt.date | None,
    types: list[str],
) -> None:
    """Two countries: their events per period by quad class, Goldstein trend, latest events."""
    st.subheader("Dyad: how are two countries getting on?")
    a_default, b_default = (
        PREFERRED_DYAD if set(PREFERRED_DYAD) <= set(countries) else (countries + ["", ""])[:2]
    )
    left, right = st.columns(2)
    a = left.selectbox(
        "Country A",
        countries,
        index=countries.index(a_default) if a_default in countries else 0,
        key="dyad_a",
    )
    others = [c for c in countries if c != a]
    if not others:
        st.info("Only one country in the warehouse.")
        return
    b = right.selectbox(
        "Country B",
        others,
        index=others.index(b_default) if b_default in others else 0,
        key="dyad_b",
    )
    timeline = q("dyad_timeline", a, b, period, since, until, types)
    trend = q("dyad_trend", a, b, period, since, until, types)
    latest = q("dyad_events", a, b, since, until, types, 50)
    if timeline.empty:
        st.info(f"No events between {a} and {b} in this selection.")
        return
    total = int(timeline["clusters"].sum())
    mean = timeline["goldstein_sum"].sum() / total if total else float("nan")
    coop = int(timeline.loc[timeline["quad_class"] <= 2, "clusters"].sum())
    st.markdown(
        f"**{a} ↔ {b}**: {total} events ({coop} cooperative, {total - coop} conflictual), "
        f"{int(timeline['articles'].sum())} article reports, mean Goldstein score {mean:+.1f}."
    )
    c1, c2 = st.columns(2)
    with c1:
        st.caption("Events per period, by quad class")
        st.altair_chart(ui.bars_by_quad(timeline, period).properties(height=260), width="stretch")
    with c2:
        st.caption(
            "Mean Goldstein score (-10 conflict ... +10 cooperation): all events, each side's "
            "actions towards the other, and their symmetric events (talks); a period without "
            "events is a gap, never a line"
        )
        series = {
            "goldstein_mean": "all",
            "goldstein_mean_from_a": f"{a} → {b}",
            "goldstein_mean_from_b": f"{b} → {a}",
            "goldstein_mean_symmetric": f"{a} ↔ {b}",
        }
        long = ui.with_gaps(trend, period, series)
        st.altair_chart(
            ui.goldstein_lines(long, period, list(series.values())).properties(height=260),
            width="stretch",
        )
    st.markdown(ui.quad_legend(), unsafe_allow_html=True)  # our own HTML, no feed text
    st.caption(ui.DATE_BASIS_NOTE)
    st.markdown(ui.events_table(latest))


def event_map(
    since: dt.date | None, until: dt.date | None, types: list[str], country: str | None
) -> None:
    """Clusters with coordinates, sized by the articles that reported them."""
    st.subheader("Map")
    df = q("map_points", since, until, types, country, 5000)
    if df.empty:
        st.info("No located events in this selection.")
        return
    points = ui.map_layer_data(df)
    latest_point = (float(df["latitude"].iloc[0]), float(df["longitude"].iloc[0]))
    st.pydeck_chart(ui.event_deck(points, centre=latest_point), height=520, key="event_map")
    st.markdown(ui.quad_legend(), unsafe_allow_html=True)  # our own HTML, no feed text
    st.caption(
        f"{len(df):,} located events (most recent first, at most 5,000), centred on the latest; "
        "point over one for its type, actors, headline and link. Offline: no background map."
    )


def latest(
    since: dt.date | None, until: dt.date | None, types: list[str], country: str | None
) -> None:
    """The latest events, filterable, with links to the articles."""
    st.subheader("Latest events")
    c1, c2, c3 = st.columns([3, 1, 1])
    text = c1.text_input("Search headline, sentence or place", key="search")
    min_articles = c2.number_input(
        "Reported by at least", min_value=1, value=1, step=1, key="min_articles"
    )
    limit = c3.selectbox("Show", [50, 200, 1000], index=1, key="limit")
    df = q(
        "latest_events", since, until, types, country, text or None, int(min_articles), int(limit)
    )
    if df.empty:
        st.info("No events in this selection.")
        return
    df = df.assign(
        date_basis=df["date_precision"].map(ui.date_basis),
        link=df["article_url"].map(http_url),  # links only to http(s) pages
    )
    st.caption(ui.DATE_BASIS_NOTE)
    st.dataframe(
        df,
        hide_index=True,
        width="stretch",
        column_order=[
            "first_reported_at",
            "event_day",
            "date_basis",
            "event_type",
            "source_country",
            "target_country",
            "location_name",
            "num_articles",
            "num_feeds",
            "headline",
            "link",
            "article_url",
            "evidence",
        ],
        column_config={
            "first_reported_at": st.column_config.DatetimeColumn(
                "reported", format="YYYY-MM-DD HH:mm"
            ),
            "event_day": st.column_config.DateColumn("day"),
            "date_basis": "date basis",
            "event_type": "type",
            "source_country": "source",
            "target_country": "target",
            "location_name": "place",
            "num_articles": "articles",
            "num_feeds": "feeds",
            "link": st.column_config.LinkColumn("article", display_text="open"),
            "article_url": st.column_config.TextColumn("article URL"),
        },
    )
    st.download_button(
        "Download as CSV",
        df.map(csv_cell).to_csv(index=False).encode(),  # no cell runs as a spreadsheet formula
        "dipwatch-latest-events.csv",
        "text/csv",
    )


def main() -> None:
    """The page."""
    st.set_page_config(page_title="dipwatch", page_icon="🌐", layout="wide")
    if "warehouse" not in st.session_state:
        st.session_state["warehouse"] = warehouse_path()
    path, _ = st.session_state["warehouse"]
    st.title("dipwatch: diplomacy events from the news")
    try:
        overview = q("overview")
        countries = q("countries")["country"].tolist()
    except db.WarehouseLocked as exc:
        st.warning(f"A refresh is loading the warehouse; reload in a moment. ({exc})")
        return
    except db.WarehouseError as exc:
        st.error(str(exc))
        return
    except Exception as exc:  # a warehouse without marts yet, or from another version
        if "does not exist" in str(exc):
            st.info(f"The marts are not built yet in {path}: run `dipwatch run` first.")
            return
        raise
    row = overview.iloc[0]
    shown = os.path.relpath(path) if not os.path.relpath(path).startswith("..") else path
    if not row["clusters"]:
        st.info(f"No events in {path} yet: run `dipwatch run` first.")
        return
    st.caption(
        f"{int(row['clusters']):,} real-world events from {int(row['events']):,} article reports "
        f"({int(row['multi_article_clusters']):,} reported by several articles) · latest report "
        f"{pd.Timestamp(row['latest_report']):%Y-%m-%d %H:%M} UTC · {shown}, read-only"
    )

    first, last = pd.Timestamp(row["first_day"]).date(), pd.Timestamp(row["last_day"]).date()
    since, until = _date_range(first, last)
    all_types = sorted(q("activity_over_time", "year")["event_type"].unique().tolist())
    types = st.sidebar.multiselect(
        "Event types", all_types, default=[], key="types", placeholder="All types"
    )
    period = st.sidebar.selectbox("Period", list(queries.PERIODS), index=2, key="period")
    country = st.sidebar.selectbox(
        "Country (map, latest events)", ["All", *countries], key="country"
    )
    country = None if country == "All" else country

    tab_dyad, tab_time, tab_map, tab_latest, tab_new, tab_alerts = st.tabs(
        ["Dyad", "Over time", "Map", "Latest events", "New since last refresh", "Alerts"]
    )
    with tab_dyad:
        dyad(countries, period, since, until, types)
    with tab_time:
        over_time(period, since, until, types)
    with tab_map:
        event_map(since, until, types, country)
    with tab_latest:
        latest(since, until, types, country)
    with tab_new:
        news.new_since_last_refresh(q)
    with tab_alerts:
        news.alerts(q)


main()
