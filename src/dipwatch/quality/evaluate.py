"""`dipwatch eval`: serve gold pages and a feed locally, run the real pipeline, score the events."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import format_datetime
from functools import partial
from html import escape
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def feed_xml(gold: dict, base_url: str) -> str:
    """An RSS 2.0 feed listing every gold article as `<base_url>/<slug>.html`."""
    items = []
    for art in gold["articles"]:
        published = dt.datetime.fromisoformat(art["published"].replace("Z", "+00:00"))
        items.append(
            f"<item><title>{escape(art.get('title') or art['slug'])}</title>"
            f"<link>{base_url}/{art['slug']}.html</link><guid>{art['slug']}</guid>"
            f"<pubDate>{format_datetime(published)}</pubDate></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>dipwatch eval</title><link>{base_url}/</link><description>gold pages</description>"
        + "".join(items)
        + "</channel></rss>"
    )


@contextmanager
def serve_pages(pages: Path, gold: dict) -> Iterator[str]:
    """Serve the pages folder and a generated feed.xml on 127.0.0.1; yield the feed URL."""
    with tempfile.TemporaryDirectory(prefix="dipwatch-eval-") as tmp:
        root = Path(tmp)
        for art in gold["articles"]:
            src = pages / f"{art['slug']}.html"
            if not src.is_file():
                raise FileNotFoundError(f"no page for gold article {art['slug']!r}: {src}")
            (root / src.name).write_bytes(src.read_bytes())
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
        base = f"http://127.0.0.1:{server.server_address[1]}"
        (root / "feed.xml").write_text(feed_xml(gold, base), encoding="utf-8")
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"{base}/feed.xml"
        finally:
            server.shutdown()
            server.server_close()


def evaluate(gold_path: Path, pages: Path, db_path: str | None = None) -> dict:
    """Run the pipeline on the gold pages into a warehouse and score its `events` view."""
    from dipwatch.config import RefreshSettings
    from dipwatch.flows.refresh import refresh
    from dipwatch.quality.scoring import COLUMNS, predictions, score
    from dipwatch.warehouse.connection import reader

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="dipwatch-eval-db-") as tmp:
        db = db_path or str(Path(tmp) / "eval.duckdb")
        for stale in (Path(db), Path(db + ".wal")):
            stale.unlink(missing_ok=True)  # an evaluation always starts from an empty warehouse
        with serve_pages(pages, gold) as feed:
            given = RefreshSettings(db=db, respect_robots=False, refresh_marts=False)
            summary = refresh(settings=given, feeds=[feed])
        with reader(db) as con:
            rows = con.execute(f"select {', '.join(COLUMNS)} from events").fetchall()
    result = score(gold, predictions(rows))
    result["run"] = {k: summary.get(k) for k in ("articles_new", "articles_failed", "events")}
    return result


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="score event extraction on a gold file and its pages")
    p.add_argument("--gold", required=True, type=Path, help="gold file (FORMAT.md)")
    p.add_argument("--pages", required=True, type=Path, help="folder of <slug>.html pages")
    p.add_argument(
        "--db",
        help="keep the evaluation warehouse here, replacing that file (default: a temporary file)",
    )
    p.add_argument("--json", action="store_true", help="print the full result as JSON")
    p.add_argument("--errors", action="store_true", help="list misses and false positives")
    p.add_argument("--min-f1", type=float, help="exit 1 when micro F1 is below this")
    p.set_defaults(func=_cmd)


def _cmd(args: argparse.Namespace) -> int:
    from dipwatch.app.cli import quiet_prefect
    from dipwatch.quality.scoring import render

    quiet_prefect()
    result = evaluate(args.gold, args.pages, args.db)
    if args.json:
        print(json.dumps(result, indent=1, default=str))
    else:
        print(render(result))
        if args.errors:
            for m in result["misses"]:
                print(
                    f"MISS {m['slug']}: {m['type']} {m['source']}->{m['target']} | {m['evidence']}"
                )
            for e in result["false_positives"]:
                print(
                    f"FP   {e['slug']}: {e['type']} {e['source']}->{e['target']} | {e['evidence']}"
                )
    if args.min_f1 is not None and result["micro"]["f1"] < args.min_f1:
        print(
            f"dipwatch eval: micro F1 {result['micro']['f1']} is below {args.min_f1}",
            file=sys.stderr,
        )
        return 1
    return 0
