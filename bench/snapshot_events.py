"""Every gold set's `events` rows, as the real refresh writes them, in one canonical file.

    python bench/snapshot_events.py --out before.jsonl [--shared ../shared]
    python bench/snapshot_events.py --out after.jsonl && cmp before.jsonl after.jsonl

For a change meant to preserve behaviour (a refactoring): take a snapshot before and after and
compare. Each set's pages are copied to a fixed folder under the system temp directory and read
through a local feed with relative links, so URLs, event ids and every attribute are the same
from run to run. The sets: the bundled sample, tests/data/devset, tests/data/heldout and, when
--shared is given and present, the seed article and dev-gsr.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

# columns that depend on when the snapshot ran, not on what the code does
VOLATILE = {
    "extracted_at",
    "first_seen_at",
    "fetched_at",
    "loaded_at",
    "run_id",
    "created_at",
    "updated_at",
}


def sets(shared: Path | None) -> dict[str, tuple[Path, Path]]:
    """name -> (gold file, folder of <slug>.html pages)."""
    out = {
        "sample": (ROOT / "seeds/gold.json", ROOT / "seeds/pages"),
        "devset": (ROOT / "tests/data/devset/gold.json", ROOT / "tests/data/devset/pages"),
        "heldout": (ROOT / "tests/data/heldout/gold.json", ROOT / "tests/data/heldout/pages"),
    }
    if shared and (shared / "eval/dev-gsr/gold.json").is_file():
        out["dev-gsr"] = (shared / "eval/dev-gsr/gold.json", shared / "eval/dev-gsr/html")
    return out


def local_feed(gold: dict, folder: Path) -> Path:
    """The eval feed, linking each page relative to it (a local feed file in `folder`)."""
    from dipwatch.quality.evaluate import feed_xml

    feed = folder / "feed.xml"
    feed.write_text(feed_xml(gold, "."), encoding="utf-8")  # links relative to the feed
    return feed


def snapshot(name: str, gold_path: Path, pages: Path, work: Path) -> list[dict]:
    from dipwatch.flows.refresh import refresh

    from dipwatch.config import RefreshSettings
    from dipwatch.warehouse.connection import reader

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    folder = work / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for art in gold["articles"]:
        shutil.copy(pages / f"{art['slug']}.html", folder / f"{art['slug']}.html")
    feed = local_feed(gold, folder)
    db = str(folder / "snapshot.duckdb")
    given = RefreshSettings(db=db, respect_robots=False, refresh_marts=False)
    refresh(settings=given, feeds=[str(feed)])
    with reader(db) as con:
        cur = con.execute("select * from events order by event_id")
        cols = [c[0] for c in cur.description]
        rows = cur.fetchall()
    return [
        {"set": name} | {c: v for c, v in zip(cols, row, strict=True) if c not in VOLATILE}
        for row in rows
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args(argv)
    from dipwatch.app.cli import quiet_prefect

    quiet_prefect()
    work = Path(tempfile.gettempdir()) / "dipwatch-snapshot"
    with args.out.open("w", encoding="utf-8") as out:
        for name, (gold, pages) in sets(args.shared).items():
            rows = snapshot(name, gold, pages, work)
            for row in rows:
                out.write(json.dumps(row, sort_keys=True, default=str) + "\n")
            print(f"{name}: {len(rows)} events")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
