#!/usr/bin/env python3
"""End-to-end refresh throughput and memory over locally served real-looking news pages.

    python bench/throughput.py                                  # 2,000 and 10,000 pages, 1 and 2 workers
    python bench/throughput.py --pages 2000 --workers 2         # one figure
    python bench/throughput.py --templates DIR                  # real news pages as templates

Serves N article pages on 127.0.0.1 (a separate process: Python's threaded static file server)
with RSS feeds listing them (500 entries a feed), then runs one first refresh of them (the real
`refresh` flow, in a child process, against one Prefect API server the bench starts for all
runs) into a new warehouse, and reports:

- articles/s end to end: new articles / the flow's own duration (from its start to its last
  load: polling, fetching, text, events, loads, clusters and marts, the coder's loading and the
  workers' start included; Python's and Prefect's start-up are not, they are in "wall");
- peak memory: the refresh process and its worker processes, sampled every 0.5 s from
  /proc/<pid>/smaps_rollup (the process tree looked up every 3 s): the sum of their RSS
  (pages the workers share with the parent are counted once per process), the sum of their
  PSS (shared pages split between them: the memory they use together), and the largest single
  RSS (the peak the kernel kept for the flow process and for its workers: ru_maxrss);
- the ratio to the CPU floor: the floor is the text extraction + event coding CPU time per
  article on one core, measured here on a sample of the same pages (the bench pinned to one
  CPU); the best a refresh can do with w workers on c cores is min(w, c) / floor articles/s,
  and the ratio is the measured rate over that.

Pages: with --templates (or DIPWATCH_REALNEWS_PAGES) a folder of real news pages, each copy
made unique (a sentence changed in its body text, its canonical URL removed, so no copy is a
duplicate of another); without, generated wire stories in a news page's furniture
(bench/backfill.py's pages, ~25 KB). Targets (issue 10): >= 40 articles/s on 2 cores for
2,000 pages, peak memory <= 600 MB for 2,000 and for 10,000 pages. The machine's load is
printed with each figure (other work on the machine slows a run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT / "tests")]

from benchutil import Sampler, sibling  # noqa: E402  bench/benchutil.py

RATE_TARGET = 40.0  # articles/s for 2,000 pages on 2 cores
MEMORY_TARGET_MB = 600.0
FEED_ENTRIES = 500  # entries per feed (max_feed_entries is 1,000)


backfill_bench = sibling("backfill")  # its generated news pages

# ---------------------------------------------------------------- pages

CANONICAL = re.compile(
    r"<link[^>]+rel=[\"']canonical[\"'][^>]*>|<meta[^>]+property=[\"']og:url[\"'][^>]*>", re.I
)
DESKS = "Geneva Nairobi Jakarta Lima Warsaw Seoul Accra Quito Hanoi Oslo".split()


class Template:
    """A real page and the place in its body text where a copy gets its own words."""

    def __init__(self, name: str, html: str, at: int) -> None:
        self.name, self.html, self.at = name, CANONICAL.sub("", html[:at]), at
        self.tail = html[at:]

    def copy(self, i: int) -> str:
        """Copy i: the same page, a few words of its body its own."""
        words = f", the {DESKS[i % len(DESKS)]} desk said in report {i},"
        return self.html + words + CANONICAL.sub("", self.tail)


def _place(html: str, text: str) -> int | None:
    """Where a body paragraph of the extracted text ends its first words in the HTML."""
    for para in sorted(text.split("\n"), key=len, reverse=True)[:8]:
        words = para.split()
        if len(words) < 12:
            continue
        probe = " ".join(words[:8])
        at = html.rfind(probe)
        if at > 0:
            return at + len(probe)
    return None


def templates(folder: Path) -> list[Template]:
    """The pages of `folder` whose copies extract to texts of their own (checked on two)."""
    from dipwatch.articles.extract import extract_article

    out = []
    for path in sorted(folder.glob("*.html")):
        html = path.read_text("utf-8", errors="replace")
        url = f"https://bench.example/{path.stem}"
        try:
            text = extract_article(html, url).text
            at = _place(html, text)
            if at is None:
                continue
            t = Template(path.stem, html, at)
            a, b = (extract_article(t.copy(i), url) for i in (1, 2))
        except Exception:  # a page the extractor cannot read is no template
            continue
        if a.text != b.text and len(a.text.split()) >= 40 and a.canonical_url in (None, url):
            out.append(t)
    return out


def write_pages(site: Path, n: int, folder: Path | None, seed: int = 7) -> str:
    """n pages in site/a/; returns what they are made of."""
    (site / "a").mkdir(parents=True, exist_ok=True)
    found = templates(folder) if folder else []
    rng = random.Random(seed)
    day = dt.date(2024, 3, 1)
    for i in range(n):
        if found:
            html = found[i % len(found)].copy(i)
        else:
            html = backfill_bench.news_page(rng, i, day, 25).decode()
        (site / "a" / f"{i}.html").write_text(html, "utf-8")
    if found:
        return f"copies of {len(found)} real pages from {folder}"
    return "generated wire stories (~25 KB pages)"


def write_feeds(site: Path, n: int, base: str) -> list[str]:
    """RSS feeds of FEED_ENTRIES entries listing the n pages; their URLs."""
    from pages import rss

    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    feeds = []
    for k, start in enumerate(range(0, n, FEED_ENTRIES)):
        items = [
            (f"Report {i}", f"{base}/a/{i}.html", now - dt.timedelta(minutes=i))
            for i in range(start, min(n, start + FEED_ENTRIES))
        ]
        (site / f"feed-{k}.xml").write_text(rss(items, title=f"Bench feed {k}"), "utf-8")
        feeds.append(f"{base}/feed-{k}.xml")
    return feeds


_SERVER = """
import functools, sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
srv = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=sys.argv[1]))
print(srv.server_address[1], flush=True)
srv.serve_forever()
"""


def serve(site: Path) -> tuple[subprocess.Popen, str]:
    """A static file server of site/ on 127.0.0.1 in its own process; (process, base URL)."""
    from dipwatch.app.prefect_api import _die_with_parent

    parent = os.getpid()
    proc = subprocess.Popen(
        [sys.executable, "-c", _SERVER, str(site)],
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: _die_with_parent(parent),  # no server left if the bench is killed
    )
    port = int(proc.stdout.readline())  # type: ignore[union-attr]
    with socket.create_connection(("127.0.0.1", port), timeout=10):
        pass
    return proc, f"http://127.0.0.1:{port}"


# ---------------------------------------------------------------- the CPU floor


def floor(site: Path, n_pages: int, sample: int) -> dict[str, float]:
    """Text and coding CPU ms per article on one core, over `sample` of the pages."""
    from dipwatch.config import Settings
    from dipwatch.models import Page
    from dipwatch.pipeline import code_events, extract_texts

    every = max(1, n_pages // sample)
    pages = [
        Page(url=f"https://bench.example/a/{i}.html", html=(site / "a" / f"{i}.html").read_text())
        for i in range(0, n_pages, every)
    ][:sample]
    defaults = Settings(db=":memory:")
    cpus = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    if cpus:
        os.sched_setaffinity(0, {min(cpus)})  # one core
    try:
        extract_texts(pages[:5])
        code_events([a for a, _ in extract_texts(pages[:5])[0]], defaults.coder)  # load models
        t = time.process_time()
        arts = [a for a, _ in extract_texts(pages)[0]]
        text_s = time.process_time() - t
        t = time.process_time()
        code_events(arts, defaults.coder, defaults.max_text_chars, defaults.max_events_per_article)
        code_s = time.process_time() - t
    finally:
        if cpus:
            os.sched_setaffinity(0, cpus)
    n = max(1, len(arts))
    return {"articles": n, "text_ms": 1000 * text_s / n, "code_ms": 1000 * code_s / n}


# ---------------------------------------------------------------- memory


# ---------------------------------------------------------------- one refresh

_CHILD = """
import json, resource, sys, time
from dipwatch.flows.refresh import refresh
from dipwatch.config import RefreshSettings
db, workers, feeds = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
settings = RefreshSettings(db=db, extract_workers=workers, retries=0)
t = time.monotonic()
s = refresh(settings=settings, feeds=feeds)
print(json.dumps({"seconds": time.monotonic() - t, "flow_s": s["duration_s"],
                  "new": s["articles_new"], "failed": s["articles_failed"],
                  "duplicates": s["duplicates"], "deferred": s["deferred"],
                  "maxrss_kb": max(resource.getrusage(r).ru_maxrss
                                   for r in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))}))
"""


def refresh_child(db: Path, workers: int, feeds: list[str], env: dict, log: Path) -> dict:
    """One first refresh in a child process: its summary, wall and CPU time, peak memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    with log.open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(db), str(workers), *feeds],
            env=env,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
        sampler = Sampler(proc.pid)
        sampler.start()
        out, _ = proc.communicate()
        sampler.stop.set()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        tail = log.read_text().strip().splitlines()[-3:]
        raise SystemExit(f"the refresh failed (exit {proc.returncode}): {' | '.join(tail)}")
    result = json.loads(out.strip().splitlines()[-1])
    result.update(
        wall=time.monotonic() - start,
        cpu=(usage.ru_utime + usage.ru_stime) - (before.ru_utime + before.ru_stime),
        largest_rss_mb=result["maxrss_kb"] / 1024,  # the flow process's or a worker's peak
        tree_rss_mb=sampler.rss,
        tree_pss_mb=sampler.pss,
    )
    return result


# ---------------------------------------------------------------- report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", default="2000,10000", help="comma-separated page counts")
    ap.add_argument("--workers", default="1,2", help="comma-separated extract_workers")
    ap.add_argument(
        "--templates",
        type=Path,
        default=os.environ.get("DIPWATCH_REALNEWS_PAGES") or None,
        help="folder of real news pages to copy (default: $DIPWATCH_REALNEWS_PAGES, else "
        "generated pages)",
    )
    ap.add_argument("--floor-sample", type=int, default=200, help="pages timed for the floor")
    ap.add_argument("--dir", help="working folder (default: a temporary one, removed)")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.pages.split(",")]
    worker_counts = [int(w) for w in args.workers.split(",")]
    folder = Path(args.dir or tempfile.mkdtemp(prefix="dipwatch-throughput-"))
    folder.mkdir(parents=True, exist_ok=True)
    site = folder / "site"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIPWATCH_", "PREFECT_"))}
    env |= {"PYTHONPATH": str(ROOT / "src"), "PREFECT_HOME": str(folder / "prefect")}
    os.environ["PREFECT_HOME"] = env["PREFECT_HOME"]  # the bench's own Prefect server database
    from dipwatch.app.prefect_api import quiet_prefect, temporary_server

    quiet_prefect()
    env |= {k: v for k, v in os.environ.items() if k.startswith(("PREFECT_", "DO_NOT_TRACK"))}
    server = None
    rows, missed = [], []
    try:
        t = time.monotonic()
        made = write_pages(site, max(sizes), args.templates)
        print(f"{max(sizes):,} pages: {made} (written in {time.monotonic() - t:.0f} s)")
        fl = floor(site, max(sizes), args.floor_sample)
        per_article = fl["text_ms"] + fl["code_ms"]
        print(
            f"CPU floor on one core ({fl['articles']} articles): text {fl['text_ms']:.1f} ms + "
            f"events {fl['code_ms']:.1f} ms = {per_article:.1f} ms per article "
            f"({1000 / per_article:.1f} articles/s a core); {cores} cores"
        )
        server, base = serve(site)
        with temporary_server() as api:
            env["PREFECT_API_URL"] = api
            for n in sizes:
                feeds = write_feeds(site, n, base)
                for w in worker_counts:
                    db = folder / f"refresh-{n}-{w}.duckdb"
                    db.unlink(missing_ok=True)
                    load_before = os.getloadavg()[0]
                    r = refresh_child(db, w, feeds, env, folder / f"refresh-{n}-{w}.log")
                    db.unlink(missing_ok=True)
                    rate = r["new"] / r["flow_s"]
                    best = min(w, cores) * 1000 / per_article
                    r |= {"pages": n, "workers": w, "rate": rate, "ratio": rate / best}
                    r["load"] = (load_before + os.getloadavg()[0]) / 2
                    rows.append(r)
                    print(
                        f"  {n:>6,} pages, {w} worker(s): {r['new']:,} new ({r['failed']} failed, "
                        f"{r['duplicates']} duplicates) in {r['flow_s']:.1f} s: {rate:.1f} "
                        f"articles/s ({r['ratio']:.2f} of the floor's {best:.1f}); wall "
                        f"{r['wall']:.1f} s, CPU {r['cpu']:.0f} s ({1000 * r['cpu'] / max(1, r['new']):.0f} "
                        f"ms/article); peak RSS sum {r['tree_rss_mb']:.0f} MB, PSS sum "
                        f"{r['tree_pss_mb']:.0f} MB, largest process {r['largest_rss_mb']:.0f} MB; "
                        f"load {r['load']:.1f}",
                        flush=True,
                    )
                    if n == 2000 and w >= 2 and cores >= 2 and rate < RATE_TARGET:
                        missed.append(f"{rate:.1f} articles/s at 2,000 pages, {w} workers")
                    if n in (2000, 10000) and r["tree_rss_mb"] > MEMORY_TARGET_MB:
                        missed.append(
                            f"peak RSS sum {r['tree_rss_mb']:.0f} MB at {n:,} pages, {w} workers"
                        )
    finally:
        if server is not None:
            server.kill()
            server.wait()
        if not args.dir:
            shutil.rmtree(folder, ignore_errors=True)
    print()
    print(
        "| pages | workers | articles/s | of the CPU floor | flow s | wall s | CPU ms/article "
        "| peak RSS sum MB | peak PSS sum MB | largest process MB | load |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['pages']:,} | {r['workers']} | {r['rate']:.1f} | {r['ratio']:.2f} | "
            f"{r['flow_s']:.1f} | {r['wall']:.1f} | {1000 * r['cpu'] / max(1, r['new']):.0f} | "
            f"{r['tree_rss_mb']:.0f} | {r['tree_pss_mb']:.0f} | {r['largest_rss_mb']:.0f} | "
            f"{r['load']:.1f} |"
        )
    if missed:
        print("targets: MISSED: " + "; ".join(missed))
    elif not any(r["pages"] in (2000, 10000) for r in rows):
        print("targets: not checked (they are for 2,000 and 10,000 pages)")
    else:
        print("targets: met at the sizes run")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
