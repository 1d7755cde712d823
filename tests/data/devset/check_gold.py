#!/usr/bin/env python3
"""Validate gold event files and the pages they annotate (format: ../shared/eval/FORMAT.md).

    python tests/data/devset/check_gold.py [GOLD.json ...]

Without arguments it checks the two gold sets of the repository: seeds/gold.json (the bundled
sample) and tests/data/devset/gold.json (the development set). For each gold file it expects the
pages as pages/<slug>.html next to it, and checks feed.xml there too when present:

- JSON shape: keys and value types of articles, events and traps;
- every slug has its page and every page has a gold entry; slugs are unique across files;
- the page: <html lang="en...">, <h1> equal to the gold title, a machine-readable published time
  (article:published_time, JSON-LD datePublished, itemprop or meta date) equal to `published`;
- every evidence string (events and traps) occurs verbatim in the page's visible text, after
  stripping tags, unescaping entities and normalising whitespace, and inside the article body
  (<article>, .story-body, .entry-content, #detailContent) when the page marks one;
- event types, modes and alt_types exist in the PLOVER ontology; actor codes are ISO 3166-1
  alpha-3 (pycountry) or one of FORMAT.md's organisation codes;
- date matches date_precision (YYYY-MM-DD / YYYY-MM / YYYY) and is not after `published`;
- feed.xml: every item links a page relatively, with the article's title and pubDate.

Prints a summary per file (articles, required/optional events, events per type) and exits 1 on
any error.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DEFAULT_GOLD = [ROOT / "seeds" / "gold.json", ROOT / "tests" / "data" / "devset" / "gold.json"]
SHARED = ROOT.parent / "shared"

# PLOVER event types and their modes (PLOVER manual, via shared/reference/plover_ontology.json);
# used as is when the shared reference is not there.
# fmt: off
PLOVER = {
    "AGREE": [],
    "CONSULT": ["visit", "third-party", "multilateral", "phone"],
    "SUPPORT": [],
    "CONCEDE": [],
    "COOPERATE": [],
    "AID": [],
    "RETREAT": ["withdraw", "release", "disarm", "ceasefire", "access", "resign"],
    "REQUEST": ["assist", "change", "yield", "meet"],
    "ACCUSE": ["disapprove", "investigate", "allege"],
    "REJECT": ["assist", "change", "yield", "meet"],
    "THREATEN": ["restrict", "arrest", "relations", "expel", "territory", "violence"],
    "PROTEST": ["demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"],
    "SANCTION": ["convict", "expel", "withdraw", "discontinue"],
    "MOBILIZE": ["troops", "weapons", "police", "militia"],
    "COERCE": ["seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport",
               "withhold", "misinformation", "cyber"],
    "ASSAULT": ["abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive",
                "firearms", "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons",
                "crowd-control", "unconventional"],
}
ORG_CODES = {"EU", "UN", "NATO", "AU", "ASEAN", "IAEA", "IMF", "WB", "WHO", "OPEC", "G7", "G20",
             "ICC", "WTO", "OSCE", "GCC", "ARAB_LEAGUE"}

ARTICLE_KEYS = {"slug", "title", "published", "events", "traps"}
ARTICLE_EXTRA_KEYS = {"text_file", "url", "note"}
EVENT_KEYS = {"type", "mode", "source", "target", "symmetric", "date", "date_precision",
              "location", "amount_usd", "optional", "evidence"}
EVENT_EXTRA_KEYS = {"alt_types", "cameo", "note"}
DATE_FORMS = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
PUBLISHED = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")

BLOCK = {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
         "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
         "main", "nav", "ol", "p", "section", "table", "td", "th", "tr", "ul", "title", "button",
         "option", "select", "textarea"}
HIDDEN = {"script", "style", "noscript", "template", "head"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
# fmt: on
BODY_CLASSES = {"story-body", "entry-content", "article-body", "article-content"}
BODY_IDS = {"detailContent", "article-body"}


def norm_ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class Page(HTMLParser):
    """Visible text, article-body text and publication metadata of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, hidden, body region)
        self.text: list[str] = []
        self.body: list[str] = []
        self.h1: list[str] | None = None
        self.h1_done = False
        self.lang: str | None = None
        self.meta: dict[str, str] = {}
        self.jsonld: list[str] = []
        self.times: list[str] = []
        self._script_type: str | None = None

    @property
    def hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    @property
    def in_body(self) -> bool:
        return bool(self.stack) and self.stack[-1][2]

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "meta":
            key = a.get("property") or a.get("name") or a.get("itemprop")
            if key and "content" in a:
                self.meta.setdefault(key.lower(), a["content"])
        if tag == "time" and a.get("datetime") and a.get("itemprop") == "datePublished":
            self.times.append(a["datetime"])
        if tag == "script":
            self._script_type = a.get("type", "")
        if tag in VOID:
            if tag in BLOCK:
                self._emit(" ")
            return
        hidden = self.hidden or tag in HIDDEN
        classes = set(a.get("class", "").split())
        region = (
            self.in_body
            or tag == "article"
            or bool(classes & BODY_CLASSES)
            or a.get("id") in BODY_IDS
            or a.get("itemprop") == "articleBody"
        )
        self.stack.append((tag, hidden, region))
        if tag == "h1" and not self.h1_done:
            self.h1 = []
        if tag in BLOCK:
            self._emit(" ")

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if tag in BLOCK:
            self._emit(" ")
        if tag == "h1" and self.h1 is not None:
            self.h1_done = True
        if tag == "script":
            self._script_type = None
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self._script_type == "application/ld+json":
            self.jsonld.append(data)
        if self.hidden:
            return
        if self.h1 is not None and not self.h1_done:
            self.h1.append(data)
        self._emit(data)

    def _emit(self, data: str) -> None:
        if self.hidden:
            return
        self.text.append(data)
        if self.in_body:
            self.body.append(data)

    # ------------------------------------------------------------------ results
    def visible(self) -> str:
        return norm_ws("".join(self.text))

    def body_text(self) -> str:
        return norm_ws("".join(self.body))

    def title(self) -> str | None:
        return norm_ws("".join(self.h1)) if self.h1 is not None else None

    def published_times(self) -> list[tuple[str, str]]:
        found = []
        for key in (
            "article:published_time",
            "datepublished",
            "date",
            "pubdate",
            "publishdate",
            "dc.date.issued",
        ):
            if key in self.meta:
                found.append((f"meta {key}", self.meta[key]))
        for block in self.jsonld:
            try:
                doc = json.loads(block)
            except ValueError:
                continue
            for value in _find_key(doc, "datePublished"):
                found.append(("JSON-LD datePublished", value))
        found += [("time[itemprop=datePublished]", t) for t in self.times]
        return found


def _find_key(doc, key):
    if isinstance(doc, dict):
        for k, v in doc.items():
            if k == key and isinstance(v, str):
                yield v
            else:
                yield from _find_key(v, key)
    elif isinstance(doc, list):
        for item in doc:
            yield from _find_key(item, key)


def parse_time(value: str) -> dt.datetime | None:
    try:
        t = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else None


def load_ontology() -> dict[str, list[str]]:
    path = SHARED / "reference" / "plover_ontology.json"
    if not path.is_file():
        return PLOVER
    doc = json.loads(path.read_text(encoding="utf-8"))
    return {t: [m["mode"] for m in v.get("modes", [])] for t, v in doc["event_types"].items()}


def iso3_codes() -> set[str]:
    try:
        import pycountry
    except ImportError:
        sys.exit("check_gold: pycountry is needed (run it with the project's .venv python)")
    return {c.alpha_3 for c in pycountry.countries}


class Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.ontology = load_ontology()
        self.countries = iso3_codes()
        self.seen_slugs: dict[str, Path] = {}

    def err(self, where: str, msg: str) -> None:
        self.errors.append(f"{where}: {msg}")

    def warn(self, where: str, msg: str) -> None:
        self.warnings.append(f"{where}: {msg}")

    # ------------------------------------------------------------------ one gold file
    def check_file(self, gold_path: Path) -> dict:
        rel = _rel(gold_path)
        try:
            doc = json.loads(gold_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            self.err(rel, f"unreadable: {exc}")
            return {}
        if (
            not isinstance(doc, dict)
            or doc.get("version") != 1
            or not isinstance(doc.get("articles"), list)
        ):
            self.err(rel, 'top level must be {"version": 1, "articles": [...]}')
            return {}
        for key in set(doc) - {"version", "articles"}:
            self.err(rel, f"unknown top-level key {key!r}")
        pages_dir = gold_path.parent / "pages"
        stats = {
            "articles": 0,
            "required": 0,
            "optional": 0,
            "types": Counter(),
            "optional_types": Counter(),
            "traps": 0,
            "no_events": 0,
        }
        slugs = set()
        for i, art in enumerate(doc["articles"]):
            where = f"{rel} article #{i + 1}"
            if not isinstance(art, dict):
                self.err(where, "article must be an object")
                continue
            slug = art.get("slug")
            if isinstance(slug, str):
                where = f"{rel} {slug}"
            self.check_article(art, where, pages_dir, stats)
            if isinstance(slug, str):
                slugs.add(slug)
        if pages_dir.is_dir():
            for page in sorted(pages_dir.glob("*.html")):
                if page.stem not in slugs:
                    self.err(rel, f"page without a gold entry: {_rel(page)}")
        feed = gold_path.parent / "feed.xml"
        if feed.is_file():
            self.check_feed(
                feed,
                {
                    a["slug"]: a
                    for a in doc["articles"]
                    if isinstance(a, dict) and isinstance(a.get("slug"), str)
                },
            )
        self.check_seed_copy(doc, rel)
        return stats

    def check_article(self, art: dict, where: str, pages_dir: Path, stats: dict) -> None:
        stats["articles"] += 1
        missing = ARTICLE_KEYS - set(art)
        if missing:
            self.err(where, f"missing keys {sorted(missing)}")
        for key in set(art) - ARTICLE_KEYS - ARTICLE_EXTRA_KEYS:
            self.err(where, f"unknown key {key!r}")
        slug, title, published = art.get("slug"), art.get("title"), art.get("published")
        if not isinstance(slug, str) or not SLUG.fullmatch(slug):
            self.err(where, f"slug must be lowercase words joined by hyphens: {slug!r}")
            return
        if slug in self.seen_slugs:
            self.err(where, f"slug also used in {_rel(self.seen_slugs[slug])}")
        self.seen_slugs[slug] = pages_dir.parent / "gold.json"
        if not isinstance(title, str) or not title.strip():
            self.err(where, "title must be a non-empty string")
        pub = None
        if not isinstance(published, str) or not PUBLISHED.fullmatch(published):
            self.err(
                where, f"published must be ISO 8601 UTC like 2014-11-17T20:00:00Z: {published!r}"
            )
        else:
            pub = parse_time(published)
        page_path = pages_dir / f"{slug}.html"
        page = None
        if not page_path.is_file():
            self.err(where, f"page missing: {_rel(page_path)}")
        else:
            page = Page()
            page.feed(page_path.read_text(encoding="utf-8"))
            page.close()
            self.check_page(page, where, title, pub)
        events = art.get("events")
        if not isinstance(events, list):
            self.err(where, "events must be a list")
            events = []
        if not events:
            stats["no_events"] += 1
        keys_seen = set()
        for j, ev in enumerate(events):
            ew = f"{where} event #{j + 1}"
            if not isinstance(ev, dict):
                self.err(ew, "event must be an object")
                continue
            self.check_event(ev, ew, pub, page)
            ident = (
                ev.get("type"),
                ev.get("source"),
                ev.get("target"),
                ev.get("date"),
                ev.get("evidence"),
            )
            if ident in keys_seen:
                self.err(ew, "duplicate event (same type, actors, date and evidence)")
            keys_seen.add(ident)
            kind = "optional" if ev.get("optional") else "required"
            stats[kind] += 1
            stats["types" if kind == "required" else "optional_types"][ev.get("type")] += 1
        traps = art.get("traps")
        if not isinstance(traps, list):
            self.err(where, "traps must be a list")
            traps = []
        for j, trap in enumerate(traps):
            tw = f"{where} trap #{j + 1}"
            if not isinstance(trap, dict) or set(trap) != {"note", "evidence"}:
                self.err(tw, 'trap must be {"note": ..., "evidence": ...}')
                continue
            if not isinstance(trap["note"], str) or not trap["note"].strip():
                self.err(tw, "note must be a non-empty string")
            self.check_evidence(trap.get("evidence"), tw, page)
            stats["traps"] += 1

    def check_page(self, page: Page, where: str, title, pub: dt.datetime | None) -> None:
        if not (page.lang or "").lower().startswith("en"):
            self.err(where, f'page needs <html lang="en">, has {page.lang!r}')
        h1 = page.title()
        if h1 is None:
            self.err(where, "page has no <h1>")
        elif isinstance(title, str) and h1 != norm_ws(title):
            self.err(where, f"title {title!r} differs from the page's <h1> {h1!r}")
        times = page.published_times()
        parsed = [(src, parse_time(v)) for src, v in times]
        parsed = [(src, t) for src, t in parsed if t is not None]
        if not parsed:
            self.err(where, "page has no machine-readable published time with a time zone")
        elif pub is not None:
            for src, t in parsed:
                if t != pub:
                    self.err(
                        where, f"{src} {t.isoformat()} differs from published {pub.isoformat()}"
                    )
        if not page.body_text():
            self.warn(where, "page marks no article body (<article>, .story-body, ...)")

    def check_event(self, ev: dict, where: str, pub: dt.datetime | None, page: Page | None) -> None:
        missing = EVENT_KEYS - set(ev)
        if missing:
            self.err(where, f"missing keys {sorted(missing)}")
        for key in set(ev) - EVENT_KEYS - EVENT_EXTRA_KEYS:
            self.err(where, f"unknown key {key!r}")
        kind, mode = ev.get("type"), ev.get("mode")
        if kind not in self.ontology:
            self.err(where, f"type {kind!r} is not a PLOVER event type")
        elif mode is not None and mode not in self.ontology[kind]:
            self.err(where, f"mode {mode!r} is not a mode of {kind} ({self.ontology[kind]})")
        alt = ev.get("alt_types", [])
        if not isinstance(alt, list) or any(t not in self.ontology for t in alt):
            self.err(where, f"alt_types must list PLOVER types: {alt!r}")
        elif kind in alt:
            self.err(where, "alt_types repeats the event's own type")
        for role in ("source", "target"):
            code = ev.get(role)
            if code is not None and code not in self.countries and code not in ORG_CODES:
                self.err(where, f"{role} {code!r} is neither ISO 3166-1 alpha-3 nor an org code")
        if ev.get("source") is not None and ev.get("source") == ev.get("target"):
            self.err(where, "source and target are the same actor")
        for flag in ("symmetric", "optional"):
            if not isinstance(ev.get(flag), bool):
                self.err(where, f"{flag} must be true or false")
        self.check_date(ev.get("date"), ev.get("date_precision"), where, pub)
        loc = ev.get("location")
        if loc is not None and (not isinstance(loc, str) or not loc.strip()):
            self.err(where, "location must be a non-empty string or null")
        elif (
            loc is not None and page is not None and loc.casefold() not in page.visible().casefold()
        ):
            self.err(where, f"location {loc!r} is not named in the page")
        amount = ev.get("amount_usd")
        if amount is not None and (
            isinstance(amount, bool) or not isinstance(amount, int | float) or amount <= 0
        ):
            self.err(where, f"amount_usd must be a positive number or null: {amount!r}")
        self.check_evidence(ev.get("evidence"), where, page)

    def check_date(self, date, precision, where: str, pub: dt.datetime | None) -> None:
        if date is None or precision is None:
            if date is not None or precision is not None:
                self.err(where, "date and date_precision must both be set or both be null")
            return
        if precision not in DATE_FORMS:
            self.err(where, f"date_precision must be day, month or year: {precision!r}")
            return
        if not isinstance(date, str) or not re.fullmatch(DATE_FORMS[precision], date):
            self.err(where, f"date {date!r} does not match precision {precision}")
            return
        try:
            start = dt.date.fromisoformat(
                date + {"day": "", "month": "-01", "year": "-01-01"}[precision]
            )
        except ValueError:
            self.err(where, f"date {date!r} is not a calendar date")
            return
        if pub is not None and start > pub.date():
            self.err(where, f"date {date} is after the publication date {pub.date()}")

    def check_evidence(self, evidence, where: str, page: Page | None) -> None:
        if not isinstance(evidence, str) or not evidence.strip():
            self.err(where, "evidence must be a non-empty string")
            return
        if page is None:
            return
        needle = norm_ws(html.unescape(evidence))
        if needle not in page.visible():
            self.err(where, f"evidence not found verbatim in the page: {evidence!r}")
        elif page.body_text() and needle not in page.body_text():
            self.err(where, f"evidence found only outside the article body: {evidence!r}")

    def check_feed(self, feed: Path, articles: dict[str, dict]) -> None:
        rel = _rel(feed)
        try:
            root = ET.parse(feed).getroot()
        except (OSError, ET.ParseError) as exc:
            self.err(rel, f"not well-formed XML: {exc}")
            return
        channel = root.find("channel")
        if root.tag != "rss" or root.get("version") != "2.0" or channel is None:
            self.err(rel, 'must be RSS 2.0 (<rss version="2.0"><channel>)')
            return
        for tag in ("title", "link", "description"):
            if not (channel.findtext(tag) or "").strip():
                self.err(rel, f"channel needs a <{tag}>")
        linked = set()
        for n, item in enumerate(channel.findall("item"), 1):
            iw = f"{rel} item #{n}"
            link = (item.findtext("link") or "").strip()
            for tag in ("title", "link", "guid", "pubDate", "description"):
                if not (item.findtext(tag) or "").strip():
                    self.err(iw, f"needs a <{tag}>")
            if re.match(r"^[a-z]+:", link) or link.startswith("/"):
                self.err(iw, f"link must be relative to the feed: {link!r}")
                continue
            target = feed.parent / link
            if not target.is_file():
                self.err(iw, f"link {link!r} does not resolve to a page next to the feed")
            slug = re.sub(r"\.html?$", "", link.rsplit("/", 1)[-1])
            linked.add(slug)
            art = articles.get(slug)
            if art is None:
                self.err(iw, f"links {link!r}, which has no gold entry")
                continue
            if norm_ws(item.findtext("title") or "") != norm_ws(art.get("title") or ""):
                self.err(iw, f"title differs from the gold title of {slug}")
            try:
                pub_date = email.utils.parsedate_to_datetime(item.findtext("pubDate") or "")
            except (TypeError, ValueError):
                pub_date = None
            if pub_date is None or pub_date.tzinfo is None:
                self.err(iw, "pubDate is not an RFC 822 date with a time zone")
            elif pub_date != parse_time(art.get("published") or ""):
                self.err(iw, f"pubDate {pub_date.isoformat()} differs from published of {slug}")
        for slug in sorted(set(articles) - linked):
            self.err(rel, f"article {slug} is not listed in the feed")

    def check_seed_copy(self, doc: dict, rel: str) -> None:
        """The seed article's events must be exactly those of shared/seed/seed-gold.json."""
        path = SHARED / "seed" / "seed-gold.json"
        if not path.is_file():
            return
        ref = json.loads(path.read_text(encoding="utf-8"))["articles"][0]
        for art in doc["articles"]:
            if isinstance(art, dict) and art.get("slug") == ref["slug"]:
                if art.get("events") != ref["events"]:
                    self.err(f"{rel} {ref['slug']}", f"events differ from {_rel(path)}")
                if art.get("published") != ref["published"] or art.get("title") != ref["title"]:
                    self.err(f"{rel} {ref['slug']}", f"title/published differ from {_rel(path)}")


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or DEFAULT_GOLD
    checker = Checker()
    all_types: Counter = Counter()
    for path in paths:
        stats = checker.check_file(path)
        if not stats:
            continue
        all_types.update(stats["types"])
        print(
            f"{_rel(path)}: {stats['articles']} articles ({stats['no_events']} without events), "
            f"{stats['required']} required + {stats['optional']} optional events, "
            f"{stats['traps']} traps"
        )
        per_type = ", ".join(f"{t} {n}" for t, n in sorted(stats["types"].items()))
        opt_type = ", ".join(f"{t} {n}" for t, n in sorted(stats["optional_types"].items()))
        print(f"  required by type: {per_type}")
        print(f"  optional by type: {opt_type}")
    missing = sorted(set(checker.ontology) - set(all_types))
    if missing:
        print(f"  PLOVER types with no required event: {', '.join(missing)}")
    for w in checker.warnings:
        print(f"WARNING {w}")
    for e in checker.errors:
        print(f"ERROR {e}")
    print(f"{len(checker.errors)} errors, {len(checker.warnings)} warnings")
    return 1 if checker.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
