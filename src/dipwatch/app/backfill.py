"""`dipwatch backfill`: history from WARC files (CC-NEWS) and news sitemaps.

dipwatch backfill --warc CC-NEWS-20240301.warc.gz [--since 2024-03-01 --until 2024-03-31]
dipwatch backfill --warc https://archive.example/news.warc.gz --hosts reuters.com,apnews.com
dipwatch backfill --sitemap https://news.example/news-sitemap.xml
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dipwatch.app.export import _date


def _sources(values: list[str] | None) -> list[str]:
    """Paths made absolute (progress is kept per archive), URLs as given."""
    from dipwatch.ingest.local import is_http_url

    return [v if is_http_url(v) else str(Path(v).expanduser().resolve()) for v in values or []]


def _hosts(value: str | None) -> list[str]:
    return [h.strip().lower() for h in (value or "").split(",") if h.strip()]


def cmd_backfill(args: argparse.Namespace) -> int:
    """Run `dipwatch backfill`: the WARC flow, then the sitemap flow."""
    from dipwatch.app.cli import quiet_prefect
    from dipwatch.app.options import flag_values
    from dipwatch.config import complete_settings, explicit_settings
    from dipwatch.events.coders import check_coder
    from dipwatch.warehouse.connection import writer

    warcs, sitemaps = _sources(args.warc), list(args.sitemap or [])
    if not warcs and not sitemaps:
        print("dipwatch backfill: give --warc FILE_OR_URL or --sitemap URL", file=sys.stderr)
        return 2
    for path in warcs:
        if not path.startswith(("http://", "https://")) and not Path(path).is_file():
            print(f"dipwatch backfill: no such WARC file: {path}", file=sys.stderr)
            return 2
    given = explicit_settings(flag_values(args))
    settings = complete_settings(given)
    check_coder(settings.coder)
    with writer(settings.db, settings.lock_timeout, migrate=False):
        pass  # fail fast when another process holds the warehouse
    quiet_prefect()
    from dipwatch.flows.backfill import backfill_sitemap_flow, backfill_warc_flow

    common = dict(
        since=args.since, until=args.until, hosts=_hosts(args.hosts), restart=args.restart
    )
    failed = 0
    for flow_fn, sources in ((backfill_warc_flow, warcs), (backfill_sitemap_flow, sitemaps)):
        if not sources:
            continue
        summary = flow_fn(sources, settings=given, **common)
        for source, counts in summary["sources"].items():
            if "error" in counts:
                failed += 1
                print(f"{source}: failed: {counts['error']}", file=sys.stderr)
                continue
            if counts["status"] != "done":
                print(f"{source}: {counts['status']}")
                continue
            print(
                f"{source}: {counts['articles_new']:,} new articles, {counts['events_loaded']:,} "
                f"events, {counts['duplicates']:,} known or duplicates, {counts['failed']:,} failed "
                f"({counts['records_read']:,} records, {counts['pages_kept']:,} pages)"
            )
    print(f"warehouse: {settings.db}")
    return 1 if failed else 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register `dipwatch backfill`."""
    from dipwatch.app.options import add_setting_flags

    p = sub.add_parser(
        "backfill",
        help="load history from WARC files (CC-NEWS) or news sitemaps",
        description="Load articles from WARC files or URLs (HTML responses, CC-NEWS format) and "
        "from news sitemaps through the refresh's text -> events -> load path, in batches; "
        "resumable (an archive is continued where it was left, a finished one is skipped).",
    )
    p.add_argument("--warc", nargs="+", metavar="FILE_OR_URL", help="WARC files or URLs")
    p.add_argument("--sitemap", nargs="+", metavar="URL", help="news sitemaps or sitemap indexes")
    p.add_argument("--since", type=_date, metavar="DATE", help="only pages of DATE or later")
    p.add_argument("--until", type=_date, metavar="DATE", help="only pages of DATE or earlier")
    p.add_argument("--hosts", metavar="H1,H2", help="only these hosts (and their subdomains)")
    p.add_argument(
        "--restart", action="store_true", help="read finished archives again (known URLs skipped)"
    )
    add_setting_flags(p)
    p.set_defaults(func=cmd_backfill)
