"""Markdown the dashboard renders from warehouse rows (no Streamlit here, so tests can call it)."""

from __future__ import annotations

import pandas as pd

from dipwatch.app.safety import md_link, md_text


def events_table(df: pd.DataFrame) -> str:
    """A Markdown table of clusters with links to the article of each (feed text made inert)."""
    lines = ["| day | event | who | where | articles | headline |", "|---|---|---|---|---:|---|"]
    for r in df.itertuples():
        arrow = "↔" if r.is_symmetric else "→"
        who = f"{md_text(r.source_country) or '?'} {arrow} {md_text(r.target_country) or '?'}"
        link = md_link(r.headline if md_text(r.headline) else "(no title)", r.article_url)
        day = pd.Timestamp(r.event_day).date() if pd.notna(r.event_day) else ""
        lines.append(
            f"| {day} | {md_text(r.event_type)} | {who} | {md_text(r.location_name)} | "
            f"{int(r.num_articles)} | {link} |"
        )
    return "\n".join(lines)
