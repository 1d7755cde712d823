"""Article metadata from the page: tag scan, JSON-LD, authors, title, canonical URL, site name."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from dipwatch.articles.html import host_of, node_text, norm_space

# --------------------------------------------------------------------------- page scan


class PageScan:
    """Everything the metadata readers need, collected in one walk over the tree."""

    __slots__ = ("meta", "links", "scripts", "title", "h1", "times", "html_lang", "base")

    def __init__(self, tree: HtmlElement) -> None:
        self.meta: dict[str, list[str]] = {}
        self.links: list[HtmlElement] = []
        self.scripts: list[str] = []
        self.title: str | None = None
        self.h1: list[str] = []
        self.times: list[HtmlElement] = []
        self.html_lang = tree.get("lang") or tree.get("xml:lang")
        self.base: str | None = None
        for el in tree.iter("meta", "link", "script", "title", "h1", "time", "base"):
            tag = el.tag
            if tag == "meta":
                content = el.get("content")
                if content is None or not content.strip():
                    continue
                content = content.strip()
                for attr in ("property", "name", "itemprop", "http-equiv"):
                    key = el.get(attr)
                    if key:
                        self.meta.setdefault(key.strip().lower(), []).append(content)
            elif tag == "link":
                self.links.append(el)
            elif tag == "script":
                if (el.get("type") or "").strip().lower() == "application/ld+json" and el.text:
                    self.scripts.append(el.text)
            elif tag == "title":
                if self.title is None:
                    self.title = node_text(el) or None
            elif tag == "h1":
                t = node_text(el)
                if t:
                    self.h1.append(t)
            elif tag == "time":
                self.times.append(el)
            elif tag == "base" and self.base is None:
                self.base = el.get("href")

    def first(self, *keys: str) -> str | None:
        for key in keys:
            for value in self.meta.get(key, ()):
                value = norm_space(value)
                if value:
                    return value
        return None

    def all(self, *keys: str) -> list[str]:
        out: list[str] = []
        for key in keys:
            out.extend(v for v in (norm_space(x) for x in self.meta.get(key, ())) if v)
        return out


# --------------------------------------------------------------------------- JSON-LD

_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "askpublicnewsarticle",
    "blogposting",
    "liveblogposting",
    "socialmediaposting",
    "scholarlyarticle",
    "techarticle",
    "report",
}
_JSON_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _load_json(raw: str) -> Any:
    raw = raw.strip()
    if raw.startswith("<!--"):
        raw = raw[4:]
    if raw.endswith("-->"):
        raw = raw[:-3]
    raw = raw.replace("<![CDATA[", "").replace("]]>", "").strip().rstrip(";")
    try:
        return json.loads(raw, strict=False)
    except ValueError:
        pass
    try:
        return json.loads(_JSON_CTRL.sub(" ", raw), strict=False)
    except ValueError:
        return None


def _walk_json(node: Any, lists: bool, depth: int = 0) -> Iterator[dict]:
    """The objects of a JSON-LD document; those inside item lists (related stories) only
    when ``lists`` is true."""
    if depth > 6:
        return
    if isinstance(node, list):
        for item in node:
            yield from _walk_json(item, lists, depth + 1)
    elif isinstance(node, dict):
        yield node
        keys = ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "item")
        for key in keys if lists else keys[:3]:
            child = node.get(key)
            if isinstance(child, dict | list):
                yield from _walk_json(child, lists, depth + 1)


def _types(obj: dict) -> set[str]:
    t = obj.get("@type")
    items = t if isinstance(t, list) else [t]
    return {str(x).rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() for x in items if x}


def jsonld_article(scripts: list[str]) -> dict | None:
    """The page's article object from JSON-LD, else any object with a datePublished."""
    docs = [d for d in (_load_json(raw) for raw in scripts) if d is not None]
    fallback = None
    for lists in (False, True):
        for data in docs:
            for obj in _walk_json(data, lists):
                if _types(obj) & _ARTICLE_TYPES:
                    return obj
                if fallback is None and obj.get("datePublished"):
                    fallback = obj
    return fallback


def ld_str(value: Any) -> str | None:
    if isinstance(value, list):
        for v in value:
            s = ld_str(v)
            if s:
                return s
        return None
    if isinstance(value, dict):
        return ld_str(value.get("name") or value.get("@value"))
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return norm_space(str(value)) or None
    return None


def _ld_people(value: Any) -> list[str]:
    """Names of the authors in a JSON-LD author/creator value (organisations left out)."""
    out: list[str] = []
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            if _types(item) & {"organization", "newsmediaorganization"}:
                continue
            name = item.get("name")
            if isinstance(name, list):
                out.extend(str(n) for n in name if isinstance(n, str))
            elif isinstance(name, str):
                out.append(name)
    return out


# --------------------------------------------------------------------------- authors

# English prefixes in any case; other languages' "by" in lower case only ("Di Maria" is a name)
_BY_PREFIX = re.compile(
    r"^(?:(?i:(?:(?:written|posted|reported|analysis|opinion|commentary|story|words|text|photos?)"
    r"\s+)?by)|von|por|par|di|door|av|przez|автор|Автор)\s*[:\-]?\s+"
)
# "and" is split on in lower case only: "Sarah E. Needleman" and "Bruce Y. Lee" stay whole
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\||/|&|\s(?:and|AND|und|et|y|e|og|och|en)\s)\s*")
_NOT_NAME = re.compile(r"@|https?:|www\.|\.com\b|\d{3}|[<>{}=]")
_ROLE = re.compile(
    r"\b(?:writer|editor|editors|correspondent|reporter|staff|contributor|columnist|bureau|desk|"
    r"producer|journalist|news|media|press|team|editorial|admin|administrator|webmaster|guest)\b",
    re.I,
)


def _clean_names(raw: Iterable[str], site: str | None = None) -> list[str]:
    out: list[str] = []
    seen: set[str] = {site.casefold()} if site else set()
    for value in raw:
        value = norm_space(value)
        if not value or value.startswith(("http://", "https://", "//")):
            continue
        parts = [p.strip(" .,:;-–—'\"()[]") for p in _NAME_SPLIT.split(_BY_PREFIX.sub("", value))]
        parts = [_BY_PREFIX.sub("", p) for p in parts if p]
        if len(parts) == 2 and all(" " not in p for p in parts) and value.count(",") == 1:
            parts = [f"{parts[1]} {parts[0]}"]  # "Needleman, Sarah"
        # "Jane Doe, Futurism" / "Ilana Muhlstein, MS, RDN": one-word tails are not people
        elif len(parts) > 1 and any(len(p.split()) > 1 for p in parts):
            parts = [p for p in parts if len(p.split()) > 1]
        for name in parts:
            if not name or _NOT_NAME.search(name) or _ROLE.search(name):
                continue
            if len(name) < 3 or len(name.split()) > 5 or len(name) > 60:
                continue
            if not any(ch.isalpha() for ch in name):
                continue
            if name.isupper() and len(name) > 3:
                name = name.title()
            key = name.casefold()
            if key not in seen:
                seen.add(key)
                out.append(name)
    return out[:10]


_BYLINE_CLASS = re.compile(r"(?:^|[\s_-])(?:byline|author)", re.I)
_BYLINE_END = re.compile(
    r"\s[-|–—•·]\s|\b(?:published|updated|posted)\b|@|\d"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b",
    re.I,
)
_NAME_PARTICLES = {"van", "von", "der", "den", "de", "da", "das", "do", "dos", "del", "della", "di",
                   "du", "la", "le", "bin", "ibn", "al", "el", "ter", "ten", "y"}  # fmt: skip


def _looks_like_name(name: str) -> bool:
    words = name.split()
    return all(w[0].isupper() or w in _NAME_PARTICLES or not w[0].isalpha() for w in words) and (
        not name.startswith("The ")
    )


_META_AUTHOR_KEYS = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "citation_author",
    "og:article:author",
)


def _byline_names(tree: HtmlElement, site: str | None) -> list[str]:
    """Names from a visible byline ("By Jane Doe and John Roe | Nov. 18, 2019")."""
    inner: list[HtmlElement] = []
    outer: list[HtmlElement] = []
    for el in tree.xpath("//body//*[contains(@class, 'byline') or contains(@class, 'author')]"):
        cls = el.get("class") or ""
        if not _BYLINE_CLASS.search(cls) or "comment" in cls.lower():
            continue
        if any("comment" in (a.get("class") or "").lower() for a in el.iterancestors()):
            continue
        has_inner = any(_BYLINE_CLASS.search(d.get("class") or "") for d in el.iterdescendants())
        (outer if has_inner else inner).append(el)
        if len(inner) + len(outer) >= 8:
            break
    for el in inner + outer:
        text = node_text(el)
        if not 3 <= len(text) <= 200:
            continue
        m = _BYLINE_END.search(text)
        text = text[: m.start()] if m else text
        names = [n for n in _clean_names([text], site) if _looks_like_name(n)]
        if names or _ROLE.search(text):
            return names  # a "By Staff" / agency byline ends the search
    return []


def find_authors(page: PageScan, ld: dict | None, tree: HtmlElement, site: str | None) -> list[str]:
    """Authors from JSON-LD, then meta tags, then microdata/rel=author, then a byline."""
    if ld is not None:
        names = _clean_names(_ld_people(ld.get("author") or ld.get("creator")), site)
        if names:
            return names
    names = _clean_names(page.all(*_META_AUTHOR_KEYS), site)
    if names:
        return names
    found: list[str] = []
    for el in tree.iterfind(".//*[@itemprop='author']"):
        name_el = el.find(".//*[@itemprop='name']")
        found.append(
            name_el.get("content") or node_text(name_el) if name_el is not None else node_text(el)
        )
        if len(found) >= 5:
            break
    if not found:
        for el in tree.iterfind(".//a[@rel='author']"):
            found.append(node_text(el))
            if len(found) >= 5:
                break
    names = _clean_names((t for t in found if len(t) < 120), site)
    return names or _byline_names(tree, site)


# --------------------------------------------------------------------------- titles, URLs

_TITLE_SEPS = (" | ", " - ", " – ", " — ", " :: ", " » ", " · ", " : ")


def _strip_site(title: str, site: str | None) -> str:
    if not site:
        return title
    low_site = site.casefold()
    for sep in _TITLE_SEPS:
        if sep in title:
            head, _, tail = title.rpartition(sep)
            if tail.strip().casefold() == low_site and head.strip():
                return head.strip()
            head, _, tail = title.partition(sep)
            if head.strip().casefold() == low_site and tail.strip():
                return tail.strip()
    return title


def find_title(page: PageScan, ld: dict | None, site: str | None) -> str | None:
    for value in (
        page.first("og:title"),
        ld_str(ld.get("headline")) if ld is not None else None,
        page.first("twitter:title"),
        page.h1[0] if len(page.h1) == 1 else None,
        page.title,
    ):
        if value:
            return _strip_site(value, site) or None
    return None


def title_candidates(page: PageScan, ld: dict | None) -> list[str]:
    """Every spelling of the headline the page offers (used to drop it from the body)."""
    out = page.all("og:title", "twitter:title", "title", "sailthru.title", "parsely-title")
    if ld is not None:
        out.extend(filter(None, [ld_str(ld.get("headline")), ld_str(ld.get("name"))]))
    out.extend(page.h1)
    if page.title:
        out.append(page.title)
        for sep in _TITLE_SEPS:
            if sep in page.title:
                out.append(page.title.rsplit(sep, 1)[0])
                out.append(page.title.split(sep, 1)[0])
    return out


def _abs_url(href: str | None, base: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith(("javascript:", "mailto:", "data:", "#")):
        return None
    try:
        absolute = urljoin(base or "", href)
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return absolute


def find_canonical(page: PageScan, url: str | None) -> str | None:
    base = _abs_url(page.base, url) if page.base else url
    for link in page.links:
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel:
            found = _abs_url(link.get("href"), base)
            if found:
                return found
    return _abs_url(page.first("og:url"), base)


def find_site_name(page: PageScan, ld: dict | None) -> str | None:
    site = page.first("og:site_name")
    if not site and ld is not None:
        site = ld_str(ld.get("publisher"))
    if not site:
        site = page.first("application-name", "apple-mobile-web-app-title")
    if site and site.startswith(("http://", "https://")):
        site = host_of(site) or None  # og:site_name="https://www.example.com"
    return site or None
