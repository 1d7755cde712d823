"""Validate a real-news gold file against its documents and FORMAT.md's rules.

    python bench/realnews/check_gold.py GOLD.json DOCS.json

DOCS.json is a list of documents ({"slug", "title", "published", "dateline", "paragraphs"}),
as `build.py --docs` writes them. Checks: the file's shape (keys and value types of articles,
events and traps; unique slugs; `published` as ISO 8601 UTC); types, alt_types and modes are
PLOVER's; actors are ISO 3166-1 alpha-3 or FORMAT.md's organisations; dates match their
precision, are calendar dates and are not after publication unless the event is optional;
amounts are positive and only on AID and COOPERATE; every article's slug is a document with
its title and publication time; every evidence is verbatim in one paragraph of the body. Prints
one line per problem; exit status 1 if there is any.

`check_gold(gold)` runs the checks that need no document (the test suite runs it on
gold-tune.json and gold-test.json, whose documents exist only where the corpora were built).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

import pycountry

ONTOLOGY = Path(__file__).resolve().parents[2] / "src/dipwatch/events/data/plover_ontology.json"
ORGS = set("EU UN NATO AU ASEAN IAEA IMF WB WHO OPEC G7 G20 ICC WTO OSCE GCC ARAB_LEAGUE".split())
STATES = {c.alpha_3 for c in pycountry.countries} | {"XKX", "PSE", "TWN"}
DATE = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
PUBLISHED = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
EVENT_KEYS = set(
    "type mode source target symmetric date date_precision location amount_usd optional evidence".split()
)
EVENT_EXTRA_KEYS = {"alt_types"}
ARTICLE_KEYS = {"slug", "title", "published", "events"}
ARTICLE_EXTRA_KEYS = {"traps"}  # FORMAT.md lists traps; an article without them has none


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def ontology() -> dict:
    """PLOVER's event types and their modes (the coder's copy of the ontology)."""
    return json.loads(ONTOLOGY.read_text(encoding="utf-8"))["event_types"]


def _optional_str(value: object) -> bool:
    return value is None or isinstance(value, str)


def check_event(ev: dict, where: str, published: str, onto: dict) -> list[str]:
    """FORMAT.md's rules for one event that need no document: fields, codes, dates, amount."""
    problems: list[str] = []
    missing = EVENT_KEYS - set(ev)
    if missing:
        problems.append(f"{where}: missing {sorted(missing)}")
    extra = set(ev) - EVENT_KEYS - EVENT_EXTRA_KEYS
    if extra:
        problems.append(f"{where}: unknown fields {sorted(extra)}")
    t = ev.get("type")
    if t not in onto:
        problems.append(f"{where}: unknown type")
        return problems
    alt_types = ev.get("alt_types", [])
    if not isinstance(alt_types, list):
        problems.append(f"{where}: alt_types must be a list")
        alt_types = []
    for alt in alt_types:
        if alt not in onto:
            problems.append(f"{where}: unknown alt_type {alt}")
        elif alt == t:
            problems.append(f"{where}: alt_type {alt} is the event's own type")
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
        if prec not in DATE or not isinstance(date, str) or not re.fullmatch(DATE[prec], date):
            problems.append(f"{where}: date {date!r} does not match precision {prec!r}")
        else:
            full = {"day": date, "month": date + "-01", "year": date + "-01-01"}[prec]
            try:
                dt.date.fromisoformat(full)
            except ValueError:
                problems.append(f"{where}: date {date!r} is not a calendar date")
            if date[: len(published)] > published[: len(date)] and not ev.get("optional"):
                problems.append(f"{where}: a required event dated after publication")
    amount = ev.get("amount_usd")
    if amount is not None and (
        isinstance(amount, bool) or not isinstance(amount, int | float) or amount <= 0
    ):
        problems.append(f"{where}: amount_usd {amount!r} must be a positive number or null")
    elif amount is not None and (t not in ("AID", "COOPERATE") and not set(alt_types) & {"AID"}):
        problems.append(f"{where}: amount_usd only on AID and COOPERATE")
    if not isinstance(ev.get("optional"), bool):
        problems.append(f"{where}: optional must be true or false")
    if not isinstance(ev.get("symmetric"), bool):
        problems.append(f"{where}: symmetric must be true or false")
    for key in ("mode", "source", "target", "location"):
        if not _optional_str(ev.get(key)):
            problems.append(f"{where}: {key} must be a string or null")
    evidence = ev.get("evidence")
    if not isinstance(evidence, str) or not _norm(evidence):
        problems.append(f"{where}: evidence must be a non-empty string")
    return problems


def check_article(art: dict, onto: dict) -> list[str]:
    """One article's fields, events and traps, without its document."""
    slug = art.get("slug")
    problems: list[str] = []
    if not isinstance(slug, str) or not SLUG.fullmatch(slug):
        problems.append(f"{slug}: slug must be lowercase words joined by hyphens")
    missing = ARTICLE_KEYS - set(art)
    if missing:
        problems.append(f"{slug}: missing {sorted(missing)}")
    extra = set(art) - ARTICLE_KEYS - ARTICLE_EXTRA_KEYS
    if extra:
        problems.append(f"{slug}: unknown fields {sorted(extra)}")
    if not isinstance(art.get("title"), str) or not art["title"].strip():
        problems.append(f"{slug}: title must be a non-empty string")
    published = art.get("published")
    if not isinstance(published, str) or not PUBLISHED.fullmatch(published):
        problems.append(
            f"{slug}: published {published!r} is not ISO 8601 UTC like 2019-11-20T07:50:10Z"
        )
        published = ""
    events = art.get("events", [])
    if not isinstance(events, list):
        problems.append(f"{slug}: events must be a list")
        events = []
    for i, ev in enumerate(events):
        where = f"{slug} event {i} ({ev.get('type') if isinstance(ev, dict) else None})"
        if not isinstance(ev, dict):
            problems.append(f"{where}: event must be an object")
            continue
        problems += check_event(ev, where, published[:10], onto)
    traps = art.get("traps", [])
    if not isinstance(traps, list):
        problems.append(f"{slug}: traps must be a list")
        traps = []
    for j, trap in enumerate(traps):
        if not isinstance(trap, dict) or set(trap) != {"note", "evidence"}:
            problems.append(f"{slug} trap {j}: fields must be note, evidence")
        elif not all(isinstance(trap[k], str) and trap[k].strip() for k in trap):
            problems.append(f"{slug} trap {j}: note and evidence must be non-empty strings")
    return problems


def _articles(gold: object, problems: list[str]) -> list[dict]:
    """The articles of a gold file, with problems of its top level and of duplicate slugs."""
    if not isinstance(gold, dict) or not isinstance(gold.get("articles"), list):
        problems.append('top level must be {"version": 1, "articles": [...]}')
        return []
    if gold.get("version") != 1:
        problems.append("version must be 1")
    for key in set(gold) - {"version", "articles"}:
        problems.append(f"unknown top-level key {key!r}")
    articles, seen = [], set()
    for i, art in enumerate(gold["articles"]):
        if not isinstance(art, dict):
            problems.append(f"article {i}: must be an object")
            continue
        if art.get("slug") in seen:
            problems.append(f"{art.get('slug')}: duplicate slug")
        seen.add(art.get("slug"))
        articles.append(art)
    return articles


def check_gold(gold: dict) -> list[str]:
    """Every check that needs no document: shape, PLOVER types and modes, codes, dates, amounts."""
    problems: list[str] = []
    onto = ontology()
    for art in _articles(gold, problems):
        problems += check_article(art, onto)
    return problems


def check(gold: dict, docs: list[dict]) -> list[str]:
    """check_gold, and each article against its document: title, published, verbatim evidence."""
    onto = ontology()
    by_slug = {d["slug"]: d for d in docs}
    problems: list[str] = []
    for art in _articles(gold, problems):
        problems += check_article(art, onto)
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
        events = art.get("events") if isinstance(art.get("events"), list) else []
        for i, ev in enumerate(events):
            if not isinstance(ev, dict):
                continue
            evidence = _norm(ev.get("evidence") or "")
            if not evidence or not any(evidence in p for p in paras):
                where = f"{slug} event {i} ({ev.get('type')})"
                problems.append(f"{where}: evidence is not verbatim in one paragraph: {evidence!r}")
        traps = art.get("traps") if isinstance(art.get("traps"), list) else []
        for trap in traps:
            evidence = _norm(trap.get("evidence") or "") if isinstance(trap, dict) else ""
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
