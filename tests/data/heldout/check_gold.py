#!/usr/bin/env python3
"""Validate the held-out gold file against its pages and the PLOVER ontology.

    python tests/data/heldout/check_gold.py [--gold gold.json] [--pages pages/]
                                            [--ontology .../plover_ontology.json]

Checks, per article:
- the slug is unique and pages/<slug>.html exists; the page's <h1> is the gold title and its
  publication time (article:published_time, JSON-LD datePublished or itemprop datePublished),
  converted to UTC, is the gold `published`;
- every event and trap evidence occurs verbatim in one paragraph of the article body's visible
  text (entities unescaped, whitespace normalised; captions, ads, asides, scripts excluded);
- event types, alt_types and modes exist in the ontology; actors are ISO 3166-1 alpha-3 codes
  (pycountry) or FORMAT.md's organisation codes; source != target unless both are set on
  purpose for a domestic event (allowed only when optional);
- dates have the shape their precision says, are real calendar dates and are not after the
  publication date; amount_usd is null or a positive number; flags are booleans.
Exits 1 and lists the problems if anything fails.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

import lxml.html
import pycountry

HERE = Path(__file__).resolve().parent
DEFAULT_ONTOLOGY = Path("/work/shared/reference/plover_ontology.json")
ORGS = {"EU", "UN", "NATO", "AU", "ASEAN", "IAEA", "IMF", "WB", "WHO", "OPEC", "G7", "G20",
        "ICC", "WTO", "OSCE", "GCC", "ARAB_LEAGUE"}

# Article-body containers of the five templates (see make_pages.py), and what inside them
# is not body text.
BODY_XPATH = ("//article//div[contains(concat(' ', @class, ' '), ' entry-content ')]"
              " | //div[contains(concat(' ', @class, ' '), ' story-body__inner ')]"
              " | //div[contains(concat(' ', @class, ' '), ' article-txt ')]"
              " | //div[contains(concat(' ', @class, ' '), ' c-article__body ')]"
              " | //div[@itemprop='articleBody']")
NOT_BODY = ("figure", "figcaption", "aside", "script", "style", "noscript", "form")
NOT_BODY_CLASSES = ("ad-slot", "img-caption", "c-inline-related", "image-caption")

FIELDS = {"type", "mode", "source", "target", "symmetric", "date", "date_precision", "location",
          "amount_usd", "optional", "evidence"}
DATE_SHAPE = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}


def norm(text: str) -> str:
    return " ".join(text.split())


def body_paragraphs(doc) -> list[str]:
    out = []
    for box in doc.xpath(BODY_XPATH):
        for p in box.iter("p"):
            if any(a.tag in NOT_BODY or any(c in (a.get("class") or "").split() for c in NOT_BODY_CLASSES)
                   for a in p.iterancestors()):
                continue
            if any(c in (p.get("class") or "").split() for c in ("ad-fallback",)):
                continue
            text = norm("".join(p.itertext()))
            if text:
                out.append(text)
    return out


def page_published(doc) -> str | None:
    for xp in ("//meta[@property='article:published_time']/@content",
               "//meta[@itemprop='datePublished']/@content"):
        vals = doc.xpath(xp)
        if vals:
            return vals[0]
    for script in doc.xpath("//script[@type='application/ld+json']/text()"):
        data = json.loads(script)
        items = data.get("@graph", [data]) if isinstance(data, dict) else data
        for item in items:
            if isinstance(item, dict) and item.get("datePublished"):
                return item["datePublished"]
    return None


def to_utc(ts: str) -> dt.datetime:
    t = dt.datetime.fromisoformat(ts.replace("Z", "+00:00"))
    return t.astimezone(dt.timezone.utc)


def valid_code(code: str) -> bool:
    return code in ORGS or (len(code) == 3 and code.isupper() and pycountry.countries.get(alpha_3=code) is not None)


def check(gold_path: Path, pages: Path, ontology_path: Path) -> list[str]:
    problems: list[str] = []
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    onto = json.loads(ontology_path.read_text(encoding="utf-8"))["event_types"]
    modes = {t: {m["mode"] for m in v["modes"]} for t, v in onto.items()}
    if gold.get("version") != 1:
        problems.append("gold: version must be 1")
    seen = set()
    for art in gold["articles"]:
        slug = art.get("slug", "?")
        where = f"[{slug}]"
        if slug in seen:
            problems.append(f"{where} duplicate slug")
        seen.add(slug)
        for k in ("title", "published", "events", "traps"):
            if k not in art:
                problems.append(f"{where} missing {k}")
        page = pages / f"{slug}.html"
        if not page.exists():
            problems.append(f"{where} no page {page.name}")
            continue
        doc = lxml.html.fromstring(page.read_bytes())
        paras = body_paragraphs(doc)
        if not paras:
            problems.append(f"{where} no article body found")
        h1 = [norm(h.text_content()) for h in doc.xpath("//h1")]
        if h1 != [art["title"]]:
            problems.append(f"{where} <h1> {h1} != title {art['title']!r}")
        if art["title"] not in norm(doc.findtext(".//title") or ""):
            problems.append(f"{where} <title> does not contain the title")
        pub_page = page_published(doc)
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", art["published"]):
            problems.append(f"{where} published {art['published']!r} is not ISO 8601 UTC (…Z)")
        if pub_page is None:
            problems.append(f"{where} page has no publication time")
        elif to_utc(pub_page) != to_utc(art["published"]):
            problems.append(f"{where} page published {pub_page} != gold {art['published']}")
        pub_date = to_utc(art["published"]).date().isoformat()

        def in_body(evidence: str) -> bool:
            e = norm(evidence)
            return bool(e) and any(e in p for p in paras)

        for i, ev in enumerate(art.get("events", [])):
            w = f"{where} event {i} {ev.get('type')} {ev.get('source')}->{ev.get('target')}"
            missing = FIELDS - set(ev)
            if missing:
                problems.append(f"{w}: missing {sorted(missing)}")
                continue
            extra = set(ev) - FIELDS - {"alt_types"}
            if extra:
                problems.append(f"{w}: unknown fields {sorted(extra)}")
            if ev["type"] not in onto:
                problems.append(f"{w}: unknown type")
            elif ev["mode"] is not None and ev["mode"] not in modes[ev["type"]]:
                problems.append(f"{w}: mode {ev['mode']!r} not a {ev['type']} mode {sorted(modes[ev['type']])}")
            for alt in ev.get("alt_types", []):
                if alt not in onto or alt == ev["type"]:
                    problems.append(f"{w}: bad alt_type {alt!r}")
            for side in ("source", "target"):
                code = ev[side]
                if code is not None and not valid_code(code):
                    problems.append(f"{w}: invalid {side} code {code!r}")
            if ev["source"] is None and ev["target"] is None:
                problems.append(f"{w}: no actor at all")
            if ev["source"] is not None and ev["source"] == ev["target"] and not ev["optional"]:
                problems.append(f"{w}: required event with source == target")
            for flag in ("symmetric", "optional"):
                if not isinstance(ev[flag], bool):
                    problems.append(f"{w}: {flag} must be a boolean")
            date, prec = ev["date"], ev["date_precision"]
            if (date is None) != (prec is None):
                problems.append(f"{w}: date {date!r} and precision {prec!r} disagree")
            elif date is not None:
                if prec not in DATE_SHAPE or not re.fullmatch(DATE_SHAPE[prec], date):
                    problems.append(f"{w}: date {date!r} does not match precision {prec!r}")
                else:
                    try:
                        dt.date.fromisoformat({"day": date, "month": date + "-01", "year": date + "-01-01"}[prec])
                    except ValueError:
                        problems.append(f"{w}: {date!r} is not a calendar date")
                    if date > pub_date[:len(date)]:
                        problems.append(f"{w}: date {date} after publication {pub_date}")
            amt = ev["amount_usd"]
            if amt is not None and (not isinstance(amt, (int, float)) or isinstance(amt, bool) or amt <= 0):
                problems.append(f"{w}: amount_usd {amt!r} must be a positive number or null")
            if amt is not None and "$" not in ev["evidence"] and "dollar" not in ev["evidence"].lower():
                problems.append(f"{w}: amount_usd set but the evidence states no dollar sum")
            if ev["location"] is not None and not isinstance(ev["location"], str):
                problems.append(f"{w}: location must be a string or null")
            if not isinstance(ev["evidence"], str) or not in_body(ev["evidence"]):
                problems.append(f"{w}: evidence not in the article body: {ev['evidence']!r}")
        for j, trap in enumerate(art.get("traps", [])):
            if set(trap) != {"note", "evidence"}:
                problems.append(f"{where} trap {j}: fields must be note, evidence")
            elif not in_body(trap["evidence"]):
                problems.append(f"{where} trap {j}: evidence not in the article body: {trap['evidence']!r}")
    for page in sorted(pages.glob("*.html")):
        if page.stem not in seen:
            problems.append(f"page {page.name} has no gold article")
    return problems


def summary(gold_path: Path) -> str:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    from collections import Counter
    req, opt = Counter(), Counter()
    for art in gold["articles"]:
        for ev in art["events"]:
            (opt if ev["optional"] else req)[ev["type"]] += 1
    traps = sum(len(a["traps"]) for a in gold["articles"])
    lines = [f"{len(gold['articles'])} articles, {sum(req.values())} required + {sum(opt.values())} optional events, {traps} traps"]
    for t in sorted(set(req) | set(opt)):
        lines.append(f"  {t:<10} required {req[t]:>3}  optional {opt[t]:>3}")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=HERE / "gold.json")
    ap.add_argument("--pages", type=Path, default=HERE / "pages")
    ap.add_argument("--ontology", type=Path, default=DEFAULT_ONTOLOGY)
    args = ap.parse_args()
    problems = check(args.gold, args.pages, args.ontology)
    for p in problems:
        print(p)
    print(summary(args.gold))
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
