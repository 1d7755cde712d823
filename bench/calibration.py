"""How often an event of each confidence band is right, per gold set (the README's table).

    python bench/calibration.py [--realnews-pages DIR] [--sets a,b]

The coder (with its learned confidence, unless DIPWATCH_ABLATE=learned-confidence) runs over each
set's pages; an event is right when its type, source and target are a required gold event's
(events matching only optional gold events are left out, as the scorer ignores them). The
real-news test part is reported only as these totals.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
BANDS = [(0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)]


def confidences(gold_path: Path, pages: Path) -> list[tuple[float, int]]:
    """(confidence, 1 right / 0 wrong) of every event the coder gives the set's articles."""
    from dipwatch.events import get_coder
    from dipwatch.quality.train import gold_articles, labelled

    arts, docs = gold_articles(gold_path, pages)
    return [
        (ev.confidence, hit)
        for art, events in zip(arts, get_coder("rules").code(docs), strict=True)
        for ev, hit in labelled(art, events)
    ]


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
        rows = confidences(gold, Path(pages))
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
