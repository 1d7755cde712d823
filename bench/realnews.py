"""Score the coder on the real-news development set: the tuning part in full, the test part
only as totals (never look at its sentences: that is what keeps it a test).

    python bench/realnews/build.py --reuters DIR --tempeval DIR --out /tmp/realnews   # once
    python bench/realnews.py --pages /tmp/realnews/pages [--errors] [--json FILE]

The pages run through the real pipeline (`dipwatch eval`: a local server, the refresh flow, a
temporary warehouse) and are scored as ../shared/eval/score_events.py scores them. --errors
lists the tuning part's misses and false positives. Set DIPWATCH_ABLATE to switch rule
families off (see dipwatch.events.ablation).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
GOLD = ROOT / "bench" / "realnews"


def totals(result: dict) -> dict:
    micro = result["micro"]
    attrs = result.get("attributes", {})
    return {
        "P": micro["precision"],
        "R": micro["recall"],
        "F1": micro["f1"],
        "tp": micro["tp"],
        "fp": micro["fp"],
        "fn": micro["fn"],
        "date": attrs.get("date"),
        "place": attrs.get("location"),
        "amount": attrs.get("amount"),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", required=True, type=Path)
    ap.add_argument("--errors", action="store_true", help="the tuning part's misses and FPs")
    ap.add_argument("--json", type=Path, help="write both parts' totals here")
    ap.add_argument("--part", choices=("tune", "test", "both"), default="both")
    args = ap.parse_args(argv)
    from dipwatch.app.cli import quiet_prefect
    from dipwatch.quality.evaluate import evaluate
    from dipwatch.quality.scoring import render

    quiet_prefect()
    out = {}
    for part in ("tune", "test"):
        if args.part not in (part, "both"):
            continue
        result = evaluate(GOLD / f"gold-{part}.json", args.pages)
        out[part] = totals(result)
        if part == "tune":
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
        t = out[part]
        print(
            f"{part}: P {t['P']:.3f} R {t['R']:.3f} F1 {t['F1']:.3f} "
            f"(tp {t['tp']} fp {t['fp']} fn {t['fn']}) dates {t['date']} places {t['place']}"
        )
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
