"""Accuracy of the event coder on every gold set, as one table (the README's accuracy section).

    python bench/accuracy.py [--realnews-pages DIR] [--json FILE] [--sets a,b]

Each set runs through the real pipeline (`dipwatch eval`) and is scored as FORMAT.md says.
The real-news test part is printed as totals only. DIPWATCH_ABLATE switches rule families off.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = ROOT.parent / "shared"

# name -> (gold, pages, what it is)
SETS = {
    "seed": (SHARED / "seed/seed-gold.json", ROOT / "seeds/pages", "the seed article"),
    "sample": (
        ROOT / "seeds/gold.json",
        ROOT / "seeds/pages",
        "bundled sample (invented, tuned on)",
    ),
    "devset": (
        ROOT / "tests/data/devset/gold.json",
        ROOT / "tests/data/devset/pages",
        "invented wire pages (tuned on)",
    ),
    "heldout": (
        ROOT / "tests/data/heldout/gold.json",
        ROOT / "tests/data/heldout/pages",
        "invented wire pages, second dev set (tuned on)",
    ),
    "dev-gsr": (
        SHARED / "eval/dev-gsr/gold.json",
        SHARED / "eval/dev-gsr/html",
        "PETRARCH validation sentences (not tuned on)",
    ),
    "real-tune": (
        ROOT / "bench/realnews/gold-tune.json",
        None,
        "real news, tuning part (Reuters 1987, AFP 1997-2006, AEB pages)",
    ),
    "real-test": (
        ROOT / "bench/realnews/gold-test.json",
        None,
        "real news, test part (Xinhua, AP, NYT, AEB pages; never tuned on)",
    ),
}


def score_set(name: str, gold: Path, pages: Path) -> dict:
    from dipwatch.quality.evaluate import evaluate

    result = evaluate(gold, pages)
    micro, attrs = result["micro"], result.get("attributes", {})
    required = micro["tp"] + micro["fn"]
    return {
        "set": name,
        "required": required,
        "P": micro["precision"],
        "R": micro["recall"],
        "F1": micro["f1"],
        "tp": micro["tp"],
        "fp": micro["fp"],
        "fn": micro["fn"],
        "date": attrs.get("date"),
        "place": attrs.get("location"),
        "amount": attrs.get("amount"),
        "per_type": result.get("per_type") if name != "real-test" else None,
        "attribute_counts": result.get("attribute_counts", {}),
    }


def floors(row: dict, slack: int = 2) -> dict:
    """Gate floors: the measured figures with `slack` events fewer right (FORMAT.md ratchet)."""
    tp, fp, fn = row["tp"], row["fp"], row["fn"]
    t2 = max(tp - slack, 0)
    p = t2 / (t2 + fp + slack) if t2 + fp + slack else 0.0
    r = t2 / (tp + fn) if tp + fn else 0.0
    out = {"f1": round(2 * p * r / (p + r), 3) if p + r else 0.0, "precision": round(p, 3)}
    for attr in ("date", "location"):
        ok, n = row["attribute_counts"].get(attr, (0, 0))
        if n:
            out[attr] = round(max(ok - slack, 0) / n, 3)
    return out


GATES = ROOT / "tests" / "data" / "gates.json"


def check_gates(rows: list[dict]) -> list[str]:
    """Figures below their floors in tests/data/gates.json."""
    gates = json.loads(GATES.read_text()) if GATES.is_file() else {}
    failed = []
    for row in rows:
        for metric, floor in gates.get(row["set"], {}).items():
            value = row["P"] if metric == "precision" else row["F1"] if metric == "f1" else None
            if metric in ("date", "location"):
                ok, n = row["attribute_counts"].get(metric, (0, 0))
                value = ok / n if n else None
            if value is not None and value + 1e-9 < floor:
                failed.append(f"{row['set']}: {metric} {value:.3f} < floor {floor}")
    return failed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--realnews-pages", type=Path, help="pages built by bench/realnews/build.py")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--sets", help="comma list of set names (default: all available)")
    ap.add_argument("--check-gates", action="store_true", help="exit 1 below a floor")
    ap.add_argument(
        "--update-gates",
        action="store_true",
        help="ratchet: raise tests/data/gates.json's floors to these figures minus two events",
    )
    args = ap.parse_args(argv)
    from dipwatch.app.cli import quiet_prefect

    quiet_prefect()
    wanted = args.sets.split(",") if args.sets else list(SETS)
    rows = []
    for name in wanted:
        gold, pages, _ = SETS[name]
        if pages is None:
            pages = args.realnews_pages
        if pages is None or not gold.is_file() or not pages.is_dir():
            continue
        rows.append(score_set(name, gold, pages))
    fmt = lambda v: "–" if v is None else f"{v:.2f}"  # noqa: E731
    print("| set | required | P | R | F1 | dates | places | amounts |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['set']} | {r['required']} | {fmt(r['P'])} | {fmt(r['R'])} | {fmt(r['F1'])} "
            f"| {fmt(r['date'])} | {fmt(r['place'])} | {fmt(r['amount'])} |"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    if args.update_gates:
        gates = json.loads(GATES.read_text()) if GATES.is_file() else {}
        for row in rows:
            new = floors(row)
            old = gates.get(row["set"], {})
            gates[row["set"]] = {k: max(v, old.get(k, 0.0)) for k, v in new.items()}
        GATES.write_text(json.dumps(gates, indent=1, sort_keys=True) + "\n")
        print(f"floors written to {GATES}")
    if args.check_gates:
        failed = check_gates(rows)
        for line in failed:
            print(f"GATE {line}")
        return 1 if failed else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
