"""The alerts of one refresh as lines for the log and a section of its Prefect artifact."""

from __future__ import annotations

from dipwatch.alerts.deliver import DeliveryReport


def _cell(value: object) -> str:
    """A markdown table cell: pipes and newlines from feeds cannot break the table."""
    text = "" if value is None else str(value)
    return " ".join(text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").split())


def alerts_markdown(alerts: list[dict], report: DeliveryReport) -> str:
    """A markdown section: the new alerts of this refresh and what was sent."""
    out = ["", "## Watchlist alerts", ""]
    if not alerts:
        out.append("No new alerts.")
    else:
        out += [
            "| watchlist | type | source | target | day | articles | confidence | headline |",
            "|---|---|---|---|---|---:|---:|---|",
        ]
        for a in alerts:
            conf = "" if a.get("confidence") is None else f"{a['confidence']:.2f}"
            url = a.get("article_url") or ""
            head = _cell(a.get("headline") or url)
            if url.startswith(("http://", "https://")):
                head = f"[{head}]({url.replace(')', '%29').replace(' ', '%20')})"
            out.append(
                "| "
                + " | ".join(
                    [
                        _cell(a["watchlist"]),
                        _cell(a["event_type"]),
                        _cell(a.get("source_country")),
                        _cell(a.get("target_country")),
                        _cell(a.get("event_day")),
                        _cell(a.get("num_articles")),
                        conf,
                        head,
                    ]
                )
                + " |"
            )
    out += ["", f"Deliveries: {report.sent} sent, {report.failed} failed."]
    out += [f"- {_cell(e)}" for e in report.errors[:20]]
    return "\n".join(out) + "\n"


def alerts_line(alerts: list[dict], report: DeliveryReport) -> str:
    """One log line."""
    return f"alerts: {len(alerts)} new, {report.sent} sent, {report.failed} failed"
