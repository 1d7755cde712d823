"""Sending recorded alerts: to a webhook, a JSONL file or a Prefect notification block.

Runs after the load committed, with the warehouse closed while sending. Every delivery row of
raw.alert_deliveries is sent until it succeeds (then it is `sent` and never sent again) or has
failed MAX_ATTEMPTS times over successive refreshes (then `failed`). A webhook gets one POST
per alert, a JSON body with an `alert_id` (also sent as the Idempotency-Key header, so a
receiver can drop the rare repeat after a crash between sending and marking it sent).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from dipwatch.config import Settings
from dipwatch.ingest.http import describe_transport_error, http_timeout, one_line
from dipwatch.warehouse import connection as db

log = logging.getLogger("dipwatch.alerts")

MAX_ATTEMPTS = 5


@dataclass(slots=True)
class DeliveryReport:
    """What one delivery pass did."""

    sent: int = 0
    failed: int = 0  # failed this time (retried at the next refresh unless given up)
    errors: list[str] = field(default_factory=list)  # one line each


def payload(alert: dict) -> dict:
    """The JSON body of one alert (dates as ISO strings)."""
    body = {
        k: (v.isoformat() if isinstance(v, dt.date | dt.datetime) else v) for k, v in alert.items()
    }
    body["alert_id"] = f"{alert['watchlist']}:{alert['cluster_id']}"
    body["date_basis"] = "event date" if alert.get("date_precision") == "day" else "first report"
    body.pop("run_id", None)
    return body


def subject_and_text(alert: dict) -> tuple[str, str]:
    """A one-line subject and a short text for notification blocks."""
    pair = f"{alert.get('source_country') or '?'} -> {alert.get('target_country') or '?'}"
    subject = f"dipwatch [{alert['watchlist']}]: {alert['event_type']} {pair}"
    conf = alert.get("confidence")
    lines = [
        subject,
        f"{alert.get('event_day')} ({payload(alert)['date_basis']}), "
        f"{alert.get('num_articles')} article(s)"
        + (f", confidence {conf:.2f}" if conf is not None else ""),
        alert.get("headline") or "",
        alert.get("article_url") or "",
    ]
    return subject, "\n".join(line for line in lines if line)


def _send_webhook(url: str, alert: dict, client: httpx.Client) -> None:
    body = payload(alert)
    resp = client.post(url, json=body, headers={"Idempotency-Key": body["alert_id"]})
    if not 200 <= resp.status_code < 300:
        raise RuntimeError(f"HTTP {resp.status_code}")


def _send_jsonl(path: str, alert: dict) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(payload(alert), ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def _send_block(name: str, alert: dict) -> None:
    from prefect.blocks.core import Block

    block = Block.load(name)
    subject, text = subject_and_text(alert)
    block.notify(body=text, subject=subject)


def send(destination: str, alert: dict, client: httpx.Client) -> None:
    """Send one alert to one destination (raises on failure)."""
    kind, _, target = destination.partition(":")
    if kind == "webhook":
        _send_webhook(target, alert, client)
    elif kind == "jsonl":
        _send_jsonl(target, alert)
    elif kind == "block":
        _send_block(target, alert)
    else:
        raise ValueError(f"unknown destination {destination!r}")


def _pending(settings: Settings) -> list[tuple[str, dict]]:
    from dipwatch.alerts.record import ALERT_COLUMNS

    cols = ", ".join(f"a.{c}" for c in ALERT_COLUMNS)
    with db.writer(settings.db, settings.lock_timeout, migrate=False) as con:
        rows = con.execute(
            f"""
            select d.destination, {cols}
            from raw.alert_deliveries as d
            join raw.alerts as a using (watchlist, cluster_id)
            where d.status = 'pending'
            order by a.alerted_at, a.watchlist, a.cluster_id, d.destination
            """
        ).fetchall()
    return [(r[0], dict(zip(ALERT_COLUMNS, r[1:], strict=True))) for r in rows]


def deliver_pending(settings: Settings) -> DeliveryReport:
    """Send every pending delivery; mark each sent, or count the attempt (never raises)."""
    report = DeliveryReport()
    try:
        pending = _pending(settings)
    except Exception as exc:
        report.errors.append(f"alerts: could not read pending deliveries: {one_line(str(exc))}")
        return report
    if not pending:
        return report
    outcomes: list[tuple[str, str, str, str | None]] = []  # watchlist, cluster, destination, error
    with httpx.Client(
        headers={"User-Agent": settings.user_agent},
        timeout=http_timeout(settings),
        follow_redirects=False,
    ) as client:
        for destination, alert in pending:
            try:
                send(destination, alert, client)
                error = None
                report.sent += 1
            except httpx.TransportError as exc:
                error = describe_transport_error(exc)
            except Exception as exc:  # a broken destination must not stop the others
                error = one_line(f"{type(exc).__name__}: {exc}")
            if error:
                report.failed += 1
                line = f"alert {alert['watchlist']}:{alert['cluster_id']} to {destination}: {error}"
                log.warning(line)
                report.errors.append(line)
            outcomes.append((alert["watchlist"], alert["cluster_id"], destination, error))
    now = dt.datetime.now(dt.UTC)
    with db.writer(settings.db, settings.lock_timeout, migrate=False) as con:
        con.executemany(
            """
            update raw.alert_deliveries set
                attempts = attempts + 1,
                status = case when ?::varchar is null then 'sent'
                              when attempts + 1 >= ? then 'failed' else 'pending' end,
                last_error = ?, sent_at = case when ?::varchar is null then ? end
            where watchlist = ? and cluster_id = ? and destination = ?
            """,
            [[err, MAX_ATTEMPTS, err, err, now, wl, cid, dest] for wl, cid, dest, err in outcomes],
        )
    return report
