"""The dashboard's "New since last refresh" and "Alerts" tabs."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dipwatch.app.dashboard import render as ui
from dipwatch.app.safety import md_text

Query = Callable[..., pd.DataFrame]


def new_since_last_refresh(q: Query) -> None:
    """The clusters whose first report the last refresh (or backfill) loaded."""
    st.subheader("New since last refresh")
    last = q("last_load")
    if last.empty:
        st.info("No completed refresh yet.")
        return
    run = last.iloc[0]
    df = q("new_since_last_refresh", 200)
    when = pd.Timestamp(run["finished_at"])
    st.caption(
        f"Real-world events first loaded by the last {ui.esc(run['kind'])} "
        f"({ui.esc(run['run_id'])}, finished {when:%Y-%m-%d %H:%M} UTC): {len(df):,}. "
        + ui.DATE_BASIS_NOTE
    )
    if df.empty:
        st.info("The last refresh found no new events.")
        return
    st.markdown(ui.events_table(df))


def alerts(q: Query) -> None:
    """The watchlists' alerts, newest first."""
    st.subheader("Watchlist alerts")
    df = q("watchlist_alerts", 200)
    if df.empty:
        st.info(
            "No alerts. Add a [[watchlist]] to the feeds file (see the README) and the next "
            "refresh records the events that match it here."
        )
        return
    lead = (
        ("alerted", lambda r: f"{pd.Timestamp(r.alerted_at):%Y-%m-%d %H:%M}"),
        ("watchlist", lambda r: md_text(r.watchlist)),
    )
    st.caption(f"{len(df):,} alerts (newest first). " + ui.DATE_BASIS_NOTE)
    st.markdown(ui.events_table(df, lead))
