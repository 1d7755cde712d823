#!/usr/bin/env python3
"""Score dipwatch's article-body extraction on the article-extraction benchmark (AEB).

    python bench/aeb.py                         # dipwatch's extract_body on all pages
    python bench/aeb.py --variant all           # every variant below, as one table
    python bench/aeb.py --variant trafilatura-precision --save out.json
    python bench/aeb.py --repeat 3 --worst 10   # best/median speed of 3 runs, 10 worst pages

The data folder (default ``../shared/aeb`` next to the repository) holds
``ground-truth.json`` and ``html/<id>.html.gz``. The metric is the benchmark's own (4-token
shingle bags, per-page normalised; see ``dipwatch.quality.textmetrics``); ``--save`` writes
``{id: {"articleBody": text}}``, which ``score_reference.py --score-json`` scores identically.

Speed is pages per second of extraction time in this one process (pages are decoded
before timing, one untimed warm-up call first). Sockets are blocked while extracting, and
any connection attempt is counted and reported.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import json
import socket
import statistics
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dipwatch.quality.textmetrics import (  # noqa: E402
    compare_page,
    evaluate,
    page_precision,
    page_recall,
)

DEFAULT_DATA = ROOT.parent / "shared" / "aeb"
Extractor = Callable[[str, str | None], str | None]


# --------------------------------------------------------------------------- variants


def _trafilatura(**kwargs) -> Extractor:
    import trafilatura

    def run(html: str, url: str | None) -> str | None:
        return trafilatura.extract(html, url=url, **kwargs)

    return run


def _newspaper() -> Extractor:
    from newspaper import Article

    def run(html: str, url: str | None) -> str | None:
        art = Article(url or "http://example.com/", fetch_images=False)
        art.download(input_html=html)
        art.parse()
        return art.text

    return run


def _dipwatch(**switches: bool) -> Extractor:
    from dipwatch.articles.extract import extract_body

    return functools.partial(extract_body, **switches)


def _dipwatch_article() -> Extractor:
    from dipwatch.articles.extract import extract_article

    def run(html: str, url: str | None) -> str:
        return extract_article(html, url or "").text

    return run


VARIANTS: dict[str, tuple[str, Callable[[], Extractor]]] = {
    "dipwatch": ("extract_body: the chosen combination", _dipwatch),
    "dipwatch-article": ("extract_article (body + all metadata)", _dipwatch_article),
    "dipwatch-no-clean": (
        "... without the boilerplate-line filter",
        lambda: _dipwatch(clean=False),
    ),
    "dipwatch-no-split": ("... without stitching split bodies", lambda: _dipwatch(split=False)),
    "dipwatch-no-tweets": ("... without lifting embedded tweets", lambda: _dipwatch(tweets=False)),
    "dipwatch-no-rescue": ("... without the short-result rescue", lambda: _dipwatch(rescue=False)),
    "dipwatch-full-fallback": (
        "... trafilatura's readability/justext comparison on every page (fast=False)",
        lambda: _dipwatch(fast=False),
    ),
    "dipwatch-balanced": (
        "... trafilatura balanced mode inside",
        lambda: _dipwatch(precision=False),
    ),
    "trafilatura": (
        "trafilatura.extract, include_comments=False",
        lambda: _trafilatura(include_comments=False),
    ),
    "trafilatura-precision": (
        "... favor_precision=True",
        lambda: _trafilatura(include_comments=False, favor_precision=True),
    ),
    "trafilatura-recall": (
        "... favor_recall=True",
        lambda: _trafilatura(include_comments=False, favor_recall=True),
    ),
    "trafilatura-fast": ("... fast=True", lambda: _trafilatura(include_comments=False, fast=True)),
    "trafilatura-defaults": ("trafilatura.extract, library defaults", lambda: _trafilatura()),
    "newspaper": ("newspaper4k Article(fetch_images=False)", _newspaper),
}


# --------------------------------------------------------------------------- running

BLOCKED: Counter = Counter()


def block_network() -> None:
    """Refuse and count every connection attempt (nothing here should need the network)."""

    def refuse(*args, **_kwargs):
        BLOCKED[str(args[1] if len(args) > 1 else args[0] if args else "?")[:80]] += 1
        raise OSError("network disabled by bench/aeb.py")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]
    socket.getaddrinfo = refuse  # type: ignore[assignment]


def load(data: Path) -> tuple[dict[str, dict], dict[str, str]]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {}
    for item_id in sorted(truth):
        gz = data / "html" / f"{item_id}.html.gz"
        if gz.exists():
            with gzip.open(gz, "rt", encoding="utf-8") as fh:
                pages[item_id] = fh.read()
        else:
            pages[item_id] = (data / "html" / f"{item_id}.html").read_text(encoding="utf-8")
    return truth, pages


def run_once(
    fn: Extractor, truth: dict[str, dict], pages: dict[str, str]
) -> tuple[dict[str, str], float, dict[str, str]]:
    preds: dict[str, str] = {}
    errors: dict[str, str] = {}
    total = 0.0
    for item_id, html in pages.items():
        start = time.perf_counter()
        try:
            text = fn(html, truth[item_id].get("url"))
        except Exception as exc:  # a crash counts as an empty extraction
            text = None
            errors[item_id] = f"{type(exc).__name__}: {exc}"
        total += time.perf_counter() - start
        preds[item_id] = text if isinstance(text, str) else ""
    return preds, total, errors


def measure(
    name: str, truth: dict[str, dict], pages: dict[str, str], repeat: int
) -> tuple[dict[str, float], dict[str, str], dict[str, str]]:
    fn = VARIANTS[name][1]()
    first = next(iter(pages))
    with contextlib.suppress(Exception):
        fn(pages[first], truth[first].get("url"))  # warm-up: imports and lazy caches
    speeds = []
    preds: dict[str, str] = {}
    errors: dict[str, str] = {}
    for _ in range(max(1, repeat)):
        preds, seconds, errors = run_once(fn, truth, pages)
        speeds.append(len(pages) / seconds if seconds else float("inf"))
    bodies = {k: v.get("articleBody", "") for k, v in truth.items()}
    metrics = evaluate(bodies, preds)
    metrics["pages_s"] = max(speeds)
    metrics["pages_s_median"] = statistics.median(speeds)
    metrics["errors"] = len(errors)
    return metrics, preds, errors


def show_worst(truth: dict[str, dict], preds: dict[str, str], n: int) -> None:
    rows = []
    for item_id, pred in preds.items():
        want = truth[item_id].get("articleBody", "")
        c = compare_page(want, pred)
        p, r = page_precision(c), page_recall(c)
        f = 2 * p * r / (p + r) if p + r else 0.0
        rows.append((f, p, r, item_id))
    rows.sort()
    print(f"\n{n} worst pages (per-page F1, precision, recall):")
    for f, p, r, item_id in rows[:n]:
        print(
            f"  {f:.3f}  P {p:.3f}  R {r:.3f}  {item_id[:12]}  {truth[item_id].get('url', '')[:70]}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help=f"benchmark folder ({DEFAULT_DATA})"
    )
    ap.add_argument("--variant", default="dipwatch", help=f"one of {', '.join(VARIANTS)}, or 'all'")
    ap.add_argument("--save", type=Path, help="write predictions as {id: {'articleBody': text}}")
    ap.add_argument("--repeat", type=int, default=1, help="timed runs (best and median reported)")
    ap.add_argument("--worst", type=int, default=0, help="list the N worst pages")
    ap.add_argument("--limit", type=int, help="only the first N pages (smoke test)")
    args = ap.parse_args(argv)

    names = list(VARIANTS) if args.variant == "all" else [args.variant]
    unknown = [n for n in names if n not in VARIANTS]
    if unknown:
        ap.error(f"unknown variant {unknown[0]!r}; choose from {', '.join(VARIANTS)} or 'all'")
    if args.save and len(names) > 1:
        ap.error("--save needs a single --variant")
    if not (args.data / "ground-truth.json").exists():
        ap.error(f"no ground-truth.json in {args.data}")

    truth, pages = load(args.data)
    if args.limit:
        keep = sorted(truth)[: args.limit]
        truth = {k: truth[k] for k in keep}
        pages = {k: pages[k] for k in keep}
    block_network()

    print(f"{len(pages)} pages from {args.data}")
    print(
        f"{'variant':<24} {'F1':>6} {'P':>6} {'R':>6} {'acc':>6} {'pages/s':>8} {'(median)':>8} {'errors':>6}"
    )
    for name in names:
        try:
            metrics, preds, errors = measure(name, truth, pages, args.repeat)
        except ImportError as exc:
            print(f"{name:<24} skipped: {exc}")
            continue
        except Exception:
            traceback.print_exc()
            continue
        print(
            f"{name:<24} {metrics['f1']:6.4f} {metrics['precision']:6.4f} {metrics['recall']:6.4f} "
            f"{metrics['accuracy']:6.3f} {metrics['pages_s']:8.1f} {metrics['pages_s_median']:8.1f} "
            f"{metrics['errors']:6d}"
        )
        for item_id, msg in list(errors.items())[:3]:
            print(f"    error {item_id[:12]}: {msg[:120]}")
        if args.worst:
            show_worst(truth, preds, args.worst)
        if args.save:
            args.save.write_text(
                json.dumps(
                    {k: {"articleBody": v} for k, v in preds.items()},
                    ensure_ascii=False,
                    indent=1,
                    sort_keys=True,
                ),
                encoding="utf-8",
            )
            print(f"predictions written to {args.save}")
    if BLOCKED:
        print(f"blocked network attempts: {sum(BLOCKED.values())} (e.g. {next(iter(BLOCKED))})")
    else:
        print("network attempts: 0")
    return 0


if __name__ == "__main__":
    sys.exit(main())
