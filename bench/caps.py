"""A 5 MB text-heavy page through extraction and the coder, with the default caps (one core).

    python bench/caps.py [--mb 5] [--max-text-chars N] [--max-events N] [--uncapped]

Prints the seconds for text extraction and for coding, the events kept and the warning rows.
`--uncapped` codes the whole text (minutes: what the caps prevent).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from dipwatch.articles.extract import extract_article  # noqa: E402
from dipwatch.config import Settings  # noqa: E402
from dipwatch.pipeline import code_events  # noqa: E402
from pages import LOAN, SANCTIONS, VISIT, page  # noqa: E402


def main() -> None:
    defaults = Settings()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=5.0)
    ap.add_argument("--max-text-chars", type=int, default=defaults.max_text_chars)
    ap.add_argument("--max-events", type=int, default=defaults.max_events_per_article)
    ap.add_argument("--uncapped", action="store_true")
    args = ap.parse_args()
    paras = VISIT + SANCTIONS + LOAN
    body = paras * int(args.mb * 1_000_000 / sum(len(p) + 8 for p in paras))
    html = page("A very long page", body)
    t = time.perf_counter()
    art = extract_article(html, "https://news.example/long.html")
    t_extract = time.perf_counter() - t
    caps = (None, None) if args.uncapped else (args.max_text_chars, args.max_events)
    t = time.perf_counter()
    events, rows = code_events([art], "rules", max_text_chars=caps[0], max_events=caps[1])
    t_code = time.perf_counter() - t
    print(
        f"page {len(html) / 1e6:.1f} MB, text {len(art.text):,} chars; extraction {t_extract:.1f} s; "
        f"coding {t_code:.1f} s (max_text_chars {caps[0]}, max_events {caps[1]}): "
        f"{len(events[0])} events, {len(rows)} warning rows"
    )
    for r in rows:
        print(f"  [{r.stage}] {r.error}")


if __name__ == "__main__":
    main()
