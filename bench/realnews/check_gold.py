"""Validate a real-news gold file against its documents and FORMAT.md's rules.

    python bench/realnews/check_gold.py GOLD.json DOCS.json

DOCS.json is a list of documents ({"slug", "title", "published", "dateline", "paragraphs"}),
as `build.py --docs` writes them. Checks: every article's slug is a document; types, alt_types
and modes are PLOVER's; actors are ISO 3166-1 alpha-3 or FORMAT.md's organisations; dates
match their precision and are not after publication unless the event is optional; amounts only
on AID and COOPERATE; every evidence is verbatim in one paragraph of the body. Prints one line
per problem; exit status 1 if there is any.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pycountry

ONTOLOGY = Path(__file__).resolve().parents[2] / "src/dipwatch/events/data/plover_ontology.json"
ORGS = set("EU UN NATO AU ASEAN IAEA IMF WB WHO OPEC G7 G20 ICC WTO OSCE GCC ARAB_LEAGUE".split())
STATES = {c.alpha_3 for c in pycountry.countries} | {"XKX", "PSE", "TWN"}
DATE = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def check(gold: dict, docs: list[dict]) -> list[str]:
    onto = json.loads(ONTOLOGY.read_text(encoding="utf-8"))["event_types"]
    by_slug = {d["slug"]: d for d in docs}
    problems: list[str] = []
    if gold.get("version") != 1:
        problems.append("version must be 1")
    for art in gold.get("articles", []):
        slug = art.get("slug")
        doc = by_slug.get(slug)
        if doc is None:
            problems.append(f"{slug}: no such document")
            continue
        paras = [_norm(p) for p in doc["paragraphs"]]
        if doc.get("dateline") and paras:
            paras[0] = _norm(doc["dateline"] + " " + paras[0])
        for key in ("title", "published"):
            if art.get(key) != doc.get(key):
                problems.append(f"{slug}: {key} {art.get(key)!r} is not the document's")
        published = (art.get("published") or "")[:10]
        for i, ev in enumerate(art.get("events", [])):
            where = f"{slug} event {i} ({ev.get('type')})"
            t = ev.get("type")
            if t not in onto:
                problems.append(f"{where}: unknown type")
                continue
            for alt in ev.get("alt_types", []) or []:
                if alt not in onto:
                    problems.append(f"{where}: unknown alt_type {alt}")
            mode = ev.get("mode")
            modes = {m["mode"] if isinstance(m, dict) else m for m in onto[t].get("modes", [])}
            if mode is not None and mode not in modes:
                problems.append(f"{where}: mode {mode!r} is not one of {sorted(modes)}")
            for role in ("source", "target"):
                code = ev.get(role)
                if code is not None and code not in STATES and code not in ORGS:
                    problems.append(f"{where}: {role} {code!r} is neither ISO3 nor a listed org")
            if ev.get("source") is not None and ev.get("source") == ev.get("target"):
                problems.append(f"{where}: source and target are the same")
            date, prec = ev.get("date"), ev.get("date_precision")
            if (date is None) != (prec is None):
                problems.append(f"{where}: date and date_precision go together")
            elif date is not None:
                if prec not in DATE or not re.fullmatch(DATE[prec], date):
                    problems.append(f"{where}: date {date!r} does not match precision {prec!r}")
                elif date[: len(published)] > published[: len(date)] and not ev.get("optional"):
                    problems.append(f"{where}: a required event dated after publication")
            amount = ev.get("amount_usd")
            if amount is not None and (
                t not in ("AID", "COOPERATE") and not set(ev.get("alt_types") or []) & {"AID"}
            ):
                problems.append(f"{where}: amount_usd only on AID and COOPERATE")
            if not isinstance(ev.get("optional"), bool):
                problems.append(f"{where}: optional must be true or false")
            if not isinstance(ev.get("symmetric"), bool):
                problems.append(f"{where}: symmetric must be true or false")
            evidence = _norm(ev.get("evidence") or "")
            if not evidence or not any(evidence in p for p in paras):
                problems.append(f"{where}: evidence is not verbatim in one paragraph: {evidence!r}")
        for trap in art.get("traps", []) or []:
            evidence = _norm(trap.get("evidence") or "")
            if not any(evidence in p for p in paras):
                problems.append(f"{slug} trap: evidence not verbatim: {evidence!r}")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    gold = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    docs = json.loads(Path(args[1]).read_text(encoding="utf-8"))
    problems = check(gold, docs)
    for p in problems:
        print(p)
    n = sum(len(a.get("events", [])) for a in gold.get("articles", []))
    print(f"{len(gold.get('articles', []))} articles, {n} events, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
