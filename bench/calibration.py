"""How often an event of each confidence band is right, per gold set (the README's table).

    python bench/calibration.py [--realnews-pages DIR] [--sets a,b]

The coder (with its learned confidence, unless DIPWATCH_ABLATE=learned-confidence) runs over each
set's pages; an event is right when its type, source and target are a required gold event's
(events matching only optional gold events are left out, as the scorer ignores them). The
real-news test part is reported only as these totals.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
BANDS = [(0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)]


def labelled(gold_path: Path, pages: Path) -> list[tuple[float, int]]:
    from dipwatch.articles.extract import extract_article
    from dipwatch.events import get_coder
    from dipwatch.quality.train import gold_keys

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    arts, docs = [], []
    for art in gold["articles"]:
        page = pages / f"{art['slug']}.html"
        if not page.is_file():
            continue
        a = extract_article(page.read_text(encoding="utf-8", errors="replace"), None)
        if a.published_at is None:
            a.published_at = dt.datetime.fromisoformat(art["published"].replace("Z", "+00:00"))
        arts.append(art)
        docs.append(a)
    out = []
    for art, events in zip(arts, get_coder("rules").code(docs), strict=True):
        req = [gold_keys(g) for g in art["events"] if not g.get("optional")]
        opt = set().union(*[gold_keys(g) for g in art["events"] if g.get("optional")] or [set()])
        seen = set()
        for ev in events:
            key = (ev.event_type, ev.source_country, ev.target_country)
            if key in seen:
                continue
            seen.add(key)
            hit = any(key in k for k in req)
            if hit or key not in opt:
                out.append((ev.confidence, int(hit)))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--realnews-pages", type=Path)
    ap.add_argument("--sets", default="devset,heldout,real-tune,real-test")
    args = ap.parse_args(argv)
    from accuracy import SETS  # noqa: E402  (bench/accuracy.py)

    for name in args.sets.split(","):
        gold, pages, what = SETS[name]
        pages = pages or args.realnews_pages
        if pages is None or not Path(pages).is_dir() or not gold.is_file():
            continue
        rows = labelled(gold, Path(pages))
        print(f"\n{name} ({what}): {len(rows)} events")
        print("| confidence | events | share right |")
        print("|---|---:|---:|")
        for lo, hi in BANDS:
            band = [ok for c, ok in rows if lo <= c < hi]
            if band:
                print(
                    f"| {lo:.1f}–{min(hi, 1.0):.1f} | {len(band)} | {sum(band) / len(band):.2f} |"
                )
        high = [ok for c, ok in rows if c >= 0.8]
        if high:
            print(f"confidence >= 0.8: {len(high)} events, {sum(high) / len(high):.2f} right")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    raise SystemExit(main())
