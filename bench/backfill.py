"""Backfill throughput and memory on a generated CC-NEWS-style WARC (one process, no Prefect).

    python bench/backfill.py [--size-mb 1000] [--page-kb 100] [--batch-size 50] [--kill-after S]

Builds a WARC of real-looking news pages (wire-length stories from bench/events.py in the
page template of tests/pages.py, padded with the navigation, scripts, related links and
footers of a real news site to about --page-kb), among the other records a crawl holds
(request and metadata records, images, scripts, 404s, another host's pages), each record its
own gzip member as in CC-NEWS; then backfills it into a new warehouse in a child process and
prints articles/s, MB/s and the child's peak RSS. With --kill-after, the child is SIGKILLed
after that many seconds and a second child resumes; the script then checks that every story
was loaded once and that a third backfill of the same WARC adds nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from benchutil import Sampler  # noqa: E402  bench/benchutil.py: a process tree's memory
from events import article  # noqa: E402  bench/events.py: wire-length stories
from pages import page  # noqa: E402  tests/pages.py: the news-page template
from warcs import Capture, WarcBuilder  # noqa: E402  tests/warcs.py: CC-NEWS-style records

SECTIONS = "World Politics Business Markets Tech Science Health Sport Culture Opinion".split()


def chrome(rng: random.Random, kb: int) -> str:
    """A news site's page furniture of about `kb` kilobytes: menus, scripts, related links."""
    parts = ['<header><ul class="menu">']
    parts += [f'<li><a href="/{s.lower()}">{s}</a></li>' for s in SECTIONS]
    parts.append("</ul></header>")
    while sum(len(p) for p in parts) < kb * 1024:
        kind = rng.random()
        if kind < 0.4:
            blob = "".join(rng.choices("abcdefghijklmnopqrstuvwxyz0123456789", k=2000))
            parts.append(f'<script>window.__ads=window.__ads||[];__ads.push("{blob}");</script>')
        elif kind < 0.8:
            n = rng.randint(1000, 99999)
            parts.append(
                f'<aside class="related"><a href="/world/story-{n}.html">Related: officials meet '
                f"again as talks resume in round {n}</a><p>Read more about the region.</p></aside>"
            )
        else:
            parts.append(
                '<div class="ad-slot" data-size="300x250"><iframe src="/ads"></iframe></div>'
            )
    return "".join(parts)


def news_page(rng: random.Random, i: int, day: dt.date, kb: int) -> bytes:
    """Story i as a padded news page."""
    text = article(rng, 600)
    paras = text.split("\n")
    title = f"{paras[0].split(' - ', 1)[-1][:70]} ({i})"
    html = page(title, [*paras, f"Story reference {i}."], published=f"{day}T08:00:00Z")
    pad = chrome(rng, max(0, kb - len(html) // 1024))
    return html.replace("<body>", "<body>" + pad, 1).encode()


def build(path: Path, size_mb: int, page_kb: int, seed: int = 7) -> dict:
    """Write the WARC; return what it holds."""
    rng = random.Random(seed)
    stories = other = 0
    with path.open("wb") as fh:
        builder = WarcBuilder(fh)
        while fh.tell() < size_mb * 1_000_000:
            day = dt.date(2024, 1, 1) + dt.timedelta(days=stories % 365)
            when = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
            r = rng.random()
            if r < 0.85:
                url = f"https://wire.example/world/{day}/story-{stories}.html"
                builder.add(Capture(url, news_page(rng, stories, day, page_kb), captured=when))
                stories += 1
            elif r < 0.93:
                body = rng.randbytes(rng.randint(5_000, 60_000))
                builder.add(Capture(f"https://wire.example/img/{other}.jpg", body, "image/jpeg"))
                other += 1
            elif r < 0.97:
                builder.add(
                    Capture(
                        f"https://wire.example/x/{other}",
                        b"<html>404</html>",
                        status="404 Not Found",
                    )
                )
                other += 1
            else:
                url = f"https://sports.example/match-{other}.html"
                builder.add(
                    Capture(url, news_page(rng, 10**6 + other, day, page_kb), captured=when)
                )
                other += 1
    return {"stories": stories, "other_records": other, "bytes": path.stat().st_size}


_CHILD = """
import json, sys, time
from dipwatch.backfill import backfill_warc
from dipwatch.config import load_settings
from dipwatch.ingest.warc import WarcFilter
given = {"db": sys.argv[2], "batch_size": int(sys.argv[3]), "extract_workers": int(sys.argv[4])}
settings = load_settings(given, read_feeds=False, environ={})
t = time.monotonic()
out = backfill_warc(sys.argv[1], settings, "bench", WarcFilter(hosts=("wire.example",)))
print(json.dumps({"seconds": time.monotonic() - t, "added": out.added, "skipped": out.skipped}))
"""


def child(warc: Path, db: Path, batch: int, workers: int, kill_after: float | None = None) -> dict:
    """Run one backfill in a child process; its result, wall time and peak RSS (MB)."""
    env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(warc), str(db), str(batch), str(workers)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    sampler = Sampler(proc.pid)
    sampler.start()
    killed = False
    if kill_after is not None:
        try:
            proc.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            killed = True
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out, _ = proc.communicate()
    sampler.stop.set()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (usage.ru_utime + usage.ru_stime) - (before.ru_utime + before.ru_stime)
    result = json.loads(out.strip().splitlines()[-1]) if out.strip() and not killed else {}
    result.update(
        wall=time.monotonic() - start,
        cpu=cpu,
        killed=killed,
        peak_rss_mb=usage.ru_maxrss / 1024,  # the largest single process
        tree_rss_mb=sampler.rss,  # all its processes (shared pages counted in each)
        tree_pss_mb=sampler.pss,  # all its processes (shared pages split between them)
    )
    return result


def count(db: Path, sql: str):
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchone()
    finally:
        con.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size-mb", type=int, default=1000, help="WARC size (compressed), MB")
    ap.add_argument("--page-kb", type=int, default=100, help="size of one news page, KB")
    ap.add_argument("--batch-size", type=int, default=50)
    ap.add_argument("--workers", type=int, default=1, help="extract_workers (processes)")
    ap.add_argument("--kill-after", type=float, help="SIGKILL the first backfill after S seconds")
    ap.add_argument("--dir", help="where to write the WARC and the warehouse (default: a temp dir)")
    args = ap.parse_args()
    folder = Path(args.dir or tempfile.mkdtemp(prefix="dipwatch-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    warc, db = folder / "bench.warc.gz", folder / "bench.duckdb"
    db.unlink(missing_ok=True)
    t = time.monotonic()
    info = build(warc, args.size_mb, args.page_kb)
    print(
        f"built {warc}: {info['bytes'] / 1e6:,.0f} MB, {info['stories']:,} stories, "
        f"{info['other_records']:,} other responses, in {time.monotonic() - t:.0f} s"
    )
    first = child(warc, db, args.batch_size, args.workers, args.kill_after)
    runs = [first]
    if first["killed"]:
        loaded = count(db, "select articles_new from raw.backfill_progress")[0]
        print(f"killed after {first['wall']:.0f} s with {loaded:,} articles committed; resuming")
        runs.append(child(warc, db, args.batch_size, args.workers))
    articles, distinct = count(db, "select count(*), count(distinct url) from raw.articles")
    events = count(db, "select count(*) from raw.events")[0]
    again = child(warc, db, args.batch_size, args.workers)
    assert again.get("skipped"), "a second backfill of a finished WARC must skip it"
    assert articles == distinct == info["stories"], (articles, distinct, info["stories"])
    seconds = sum(r.get("seconds", r["wall"]) for r in runs)
    cpu = sum(r["cpu"] for r in runs)  # the child's CPU time, start-up included
    print(
        f"backfilled {articles:,} articles ({events:,} events) in {seconds:.0f} s: "
        f"{articles / seconds:.1f} articles/s, {info['bytes'] / 1e6 / seconds:.1f} MB/s "
        f"({articles / cpu:.1f} articles per CPU second, {cpu:.0f} CPU s; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores); "
        f"peak RSS {max(r['peak_rss_mb'] for r in runs):.0f} MB (largest process; all processes: "
        f"RSS {max(r['tree_rss_mb'] for r in runs):.0f} MB, PSS {max(r['tree_pss_mb'] for r in runs):.0f} MB); "
        f"every story loaded once; a second backfill added nothing"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
