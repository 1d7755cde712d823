"""What each named rule family buys: every gold set scored with that family switched off.

    python bench/ablation.py [--realnews-pages DIR] [--sets a,b] [--families f1,f2]

One process per run (dictionaries are built once per process), each with DIPWATCH_ABLATE set
to one family (see dipwatch.events.ablation.FAMILIES). Prints F1 per set with everything on,
then the change in F1 (and in true/false positives) with each family off: a family whose
removal costs nothing on text it was not written for has not earned its place.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def run(ablate: str, args: argparse.Namespace) -> dict[str, dict]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        out = Path(tmp.name)
    cmd = [sys.executable, str(ROOT / "bench" / "accuracy.py"), "--json", str(out)]
    if args.realnews_pages:
        cmd += ["--realnews-pages", str(args.realnews_pages)]
    if args.sets:
        cmd += ["--sets", args.sets]
    env = dict(os.environ, DIPWATCH_ABLATE=ablate)
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    rows = json.loads(out.read_text())
    out.unlink()
    return {r["set"]: r for r in rows}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--realnews-pages", type=Path)
    ap.add_argument("--sets", help="comma list of sets (default: all available)")
    ap.add_argument("--families", help="comma list of families (default: all)")
    args = ap.parse_args(argv)
    from dipwatch.events.ablation import FAMILIES

    families = args.families.split(",") if args.families else list(FAMILIES)
    base = run("", args)
    sets = list(base)
    print("| family off | " + " | ".join(sets) + " |")
    print("|---|" + "---:|" * len(sets))
    print("| (none: F1) | " + " | ".join(f"{base[s]['F1']:.3f}" for s in sets) + " |")
    for fam in families:
        rows = run(fam, args)
        cells = []
        for s in sets:
            d = rows[s]["F1"] - base[s]["F1"]
            dtp, dfp = rows[s]["tp"] - base[s]["tp"], rows[s]["fp"] - base[s]["fp"]
            cells.append(f"{d:+.3f} ({dtp:+d} tp, {dfp:+d} fp)")
        print(f"| {fam} | " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
