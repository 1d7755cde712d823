"""Pick real news stories about interstate relations from the corpora, for annotation.

    python bench/realnews/pick.py --reuters DIR --tempeval DIR --n 120 --out candidates.json

A story qualifies when it names at least two states (or a state and an organisation) and at
least two words of diplomacy (visit, talks, sanction, aid, loan, accuse ...), is 80-900 words
long, and is not one of ../shared/eval/RESERVED.md's documents. The draw among the
qualifying stories is random with a fixed seed, stratified by outlet; it never looks at what
the coder makes of a story.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import Doc, read_reuters, read_tempeval  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "src" / "dipwatch" / "events" / "data"

# RESERVED.md's corpus documents (never annotated, never tuned on)
RESERVED = {
    "reuters:NEWID=11487",
    "reuters:NEWID=16088",
    "reuters:NEWID=10525",
    "reuters:NEWID=4875",
    "reuters:NEWID=19495",
    "tempeval:APW19980818.0515",
    "tempeval:AFP_ENG_19970415.0521",
    "tempeval:AFP_ENG_19970423.0231",
    "tempeval:AFP_ENG_19970409.0172",
    "tempeval:AFP_ENG_19970402.0427",
    "tempeval:XIN_ENG_20051108.0340",
    "tempeval:XIN_ENG_20061101.0308",
    "tempeval:XIN_ENG_20061124.0221",
    "tempeval:XIN_ENG_20061115.0271",
    "tempeval:XIN_ENG_20051102.0105",
}

DIPLOMACY = re.compile(
    r"\b(visit\w*|talks|met|meet\w*|summit|envoy|ambassador\w*|minister|sanction\w*|embargo\w*|"
    r"tariff\w*|aid|loan\w*|grant\w*|credit|accus\w*|condemn\w*|criticis\w*|criticiz\w*|"
    r"threat\w*|warn\w*|reject\w*|agree\w*|accord|treaty|pact|sign\w*|troops|attack\w*|"
    r"expel\w*|protest\w*|releas\w*|withdr\w*|urg\w*|demand\w*|call\w* on|support\w*|"
    r"cooperat\w*|invest\w*|deal|negotiat\w*|ties|relations|diplomat\w*)\b",
    re.I,
)


def _names() -> list[str]:
    names: set[str] = set()
    for file in ("country_aliases.tsv", "demonyms.tsv", "organisations.tsv"):
        for line in (DATA / file).read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            name = line.split("\t")[0].strip()
            if len(name) > 3 and name[0].isupper():
                names.add(name)
    return sorted(names, key=len, reverse=True)


OUTLETS = {"Reuters", "AFP", "Xinhua", "AP", "NYT"}  # wire and newspaper copy, not transcripts


def score(doc: Doc, pattern: re.Pattern) -> float:
    """How much interstate diplomacy a story holds (0 when it does not qualify)."""
    words = len(doc.text.split())
    if doc.outlet not in OUTLETS or not 80 <= words <= 900:
        return 0.0
    found = {m.group(0).lower() for m in pattern.finditer(doc.title + "\n" + doc.text)}
    verbs = {m.group(0).lower() for m in DIPLOMACY.finditer(doc.text)}
    if len(found) < 2 or len(verbs) < 3:
        return 0.0
    return len(found) * len(verbs) / (words**0.5)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reuters", required=True)
    ap.add_argument("--tempeval", required=True)
    ap.add_argument("--n", type=int, default=120)
    ap.add_argument("--seed", type=int, default=20261204)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)

    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in _names()) + r")\b")
    docs = [*read_reuters(args.reuters), *read_tempeval(args.tempeval)]
    scored: dict[str, list[tuple[float, Doc]]] = {}
    for d in docs:
        s = score(d, pattern) if d.doc_id not in RESERVED else 0.0
        if s > 0:
            scored.setdefault(d.outlet, []).append((s, d))
    rng = random.Random(args.seed)
    pool: dict[str, list[Doc]] = {}
    for outlet, items in scored.items():  # the upper half by score, in random order
        items.sort(key=lambda x: -x[0])
        pool[outlet] = [d for _, d in items[: max(len(items) // 2, 1)]]
        rng.shuffle(pool[outlet])
    picked: list[Doc] = []
    while len(picked) < args.n and any(pool.values()):  # round-robin over outlets
        for outlet in sorted(pool):
            if pool[outlet] and len(picked) < args.n:
                picked.append(pool[outlet].pop())
    out = [
        {
            "doc_id": d.doc_id,
            "outlet": d.outlet,
            "file": d.file,
            "published": d.published,
            "title": d.title,
            "dateline": d.dateline,
            "paragraphs": d.paragraphs,
        }
        for d in picked
    ]
    Path(args.out).write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"{len(out)} stories from {len(docs)} ({sum(map(len, pool.values()))} left in the pool)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
