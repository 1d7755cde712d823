"""Article text and metadata from one fetched HTML page.

``extract_body(html, url)`` returns the article body as plain text, one paragraph per line.
``extract_article(html, url, feed_published, feed_title)`` returns an :class:`Article` with the
body and the metadata the pipeline relies on.

The page is parsed once (lxml, with trafilatura's own parser settings); that tree feeds both
the metadata readers and the body extractor. The body comes from trafilatura in
``favor_precision`` + ``fast`` mode (comments off), chosen by measurement on the
article-extraction benchmark (see ``bench/aeb.py``: F1 0.982 on its 181 pages, against 0.960
for trafilatura with comments off, at ~75-85 pages/s against ~60), with general repairs:

* short-result rescue: a result under 500 characters is redone with trafilatura's comparison
  against its fallback extractors (readability, jusText), then in balanced mode; a clearly
  longer answer wins (precision mode sometimes locks on to a small legal or teaser box);
* embedded tweets are lifted out of "social"/"widget" wrappers trafilatura discards, since a
  quoted tweet is part of the story;
* a body split by ad breaks into sibling containers of the same class (same <article>) is
  stitched back together;
* boilerplate lines are dropped: the headline repeated at the top, "Related:/Read more:"
  cross-links, follow-us and newsletter boxes, photo captions and credits, copyright and
  reporting-credit lines, comment counters, reading times, and paragraphs that are nothing
  but a link to another page of the same site.

Datelines and bylines inside the body are left alone.

No network access happens here (trafilatura is given the page; nothing is fetched).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from copy import copy
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from dipwatch.models import Article

log = logging.getLogger("dipwatch.article")

# trafilatura logs a WARNING for every page it finds no article in; an empty body is an
# ordinary outcome here (reported by the caller), so quieten it unless the app configured it
if logging.getLogger("trafilatura").level == logging.NOTSET:
    logging.getLogger("trafilatura").setLevel(logging.ERROR)

SHORT_BODY = 500  # a first result shorter than this gets the slower modes' second opinion
RESCUE_RATIO = 1.5  # ... which replaces it if this much longer
MAX_BOILER_LINE = 300  # longer lines are never treated as boilerplate


# --------------------------------------------------------------------------- parsing


_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I
)


def _decode(data: bytes) -> str:
    """Text of an undecoded page: BOM, then valid UTF-8, then its <meta> charset, then cp1252.
    (The pipeline decodes pages when fetching them; this is for callers that did not.)"""
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(data[:4096])
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return data.decode("cp1252", errors="replace")


def _load_html(html: str) -> etree._Element | None:
    try:
        from trafilatura.utils import load_html
    except ImportError:  # moved in some trafilatura release: parse the same way ourselves
        parser = lxml.html.HTMLParser(
            collect_ids=False,
            default_doctype=False,
            encoding="utf-8",
            remove_comments=True,
            remove_pis=True,
        )
        return lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    return load_html(html)


def parse_html(html: str | bytes | None) -> HtmlElement | None:
    """Parse a page into an lxml tree the way trafilatura does; None for nothing usable."""
    if isinstance(html, bytes | bytearray):
        html = _decode(bytes(html))
    if not isinstance(html, str) or not html.strip():
        return None
    try:
        tree = _load_html(html)
    except Exception:  # lxml raises a variety of errors on hostile input
        log.debug("unparseable page", exc_info=True)
        return None
    if tree is None or not isinstance(tree, etree._Element):
        return None
    return tree  # type: ignore[return-value]


def _norm_space(text: str | None) -> str:
    return " ".join((text or "").split())


_STRING = etree.XPath("string()")  # what HtmlElement.text_content() runs, for any element


def _text(el: HtmlElement) -> str:
    try:
        return _norm_space(str(_STRING(el)))
    except (ValueError, etree.XPathError):
        return ""


# --------------------------------------------------------------------------- page scan


class _Page:
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
                    self.title = _text(el) or None
            elif tag == "h1":
                t = _text(el)
                if t:
                    self.h1.append(t)
            elif tag == "time":
                self.times.append(el)
            elif tag == "base" and self.base is None:
                self.base = el.get("href")

    def first(self, *keys: str) -> str | None:
        for key in keys:
            for value in self.meta.get(key, ()):
                value = _norm_space(value)
                if value:
                    return value
        return None

    def all(self, *keys: str) -> list[str]:
        out: list[str] = []
        for key in keys:
            out.extend(v for v in (_norm_space(x) for x in self.meta.get(key, ())) if v)
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
    "reportagenews",
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


def _jsonld_article(scripts: list[str]) -> dict | None:
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


def _ld_str(value: Any) -> str | None:
    if isinstance(value, list):
        for v in value:
            s = _ld_str(v)
            if s:
                return s
        return None
    if isinstance(value, dict):
        return _ld_str(value.get("name") or value.get("@value"))
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return _norm_space(str(value)) or None
    return None


def _ld_people(value: Any) -> list[str]:
    """Names of the authors in a JSON-LD author/creator value (organisations left out)."""
    out: list[str] = []
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            if "organization" in _types(item) or "newsmediaorganization" in _types(item):
                continue
            name = item.get("name")
            if isinstance(name, list):
                out.extend(str(n) for n in name if isinstance(n, str))
            elif isinstance(name, str):
                out.append(name)
    return out


# --------------------------------------------------------------------------- dates

_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "published_time",
    "og:published_time",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "citation_publication_date",
    "citation_date",
    "article.published",
    "originalpublicationdate",
    "date",
    "dc.date",
    "dcterms.date",
)
_ISO_IN_TEXT = re.compile(
    r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*"
    r"(Z|UTC|GMT|[+-]\d{2}:?\d{2})?"
)
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|$|[-_])"
)
_EARLIEST = dt.datetime(1995, 1, 1, tzinfo=dt.UTC)


def _aware_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def _plausible(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    value = _aware_utc(value)
    if value < _EARLIEST or value > dt.datetime.now(dt.UTC) + dt.timedelta(days=2):
        return None
    return value


def parse_date(text: str | None, *, fuzzy: bool = False) -> dt.datetime | None:
    """Parse a date from page metadata into an aware UTC datetime (naive times are taken as
    UTC). ISO 8601 and RFC 2822 are read directly; ``fuzzy`` also tries dateparser on
    human-readable strings such as "Nov. 18, 2019 10:32 AM ET"."""
    if not text:
        return None
    s = _norm_space(str(text))
    if not s or len(s) > 100:
        return None
    candidate = s.replace(" ", "T", 1) if re.match(r"^\d{4}-\d{2}-\d{2} \d", s) else s
    try:
        return _plausible(dt.datetime.fromisoformat(candidate.replace("z", "Z")))
    except ValueError:
        pass
    if re.match(r"^\d{10}(?:\d{3})?$", s):  # epoch seconds or milliseconds
        secs = int(s[:10])
        return _plausible(dt.datetime.fromtimestamp(secs, dt.UTC))
    try:
        return _plausible(email.utils.parsedate_to_datetime(s))
    except (TypeError, ValueError, IndexError):
        pass
    m = _ISO_IN_TEXT.search(s)
    if m:
        y, mo, d, hh, mm, ss, tz = m.groups()
        try:
            value = dt.datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
        except ValueError:
            value = None
        if value is not None:
            if tz and tz not in ("Z", "UTC", "GMT"):
                sign = 1 if tz[0] == "+" else -1
                digits = tz[1:].replace(":", "")
                offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
                value = value.replace(tzinfo=dt.timezone(sign * offset))
            return _plausible(value)
    if fuzzy and re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", s):  # a year: no "2 hours ago"
        try:
            import dateparser

            value = dateparser.parse(
                s,
                settings={
                    "RETURN_AS_TIMEZONE_AWARE": True,
                    "TIMEZONE": "UTC",
                    "TO_TIMEZONE": "UTC",
                    "PREFER_DATES_FROM": "past",
                    "STRICT_PARSING": True,
                },
            )
        except Exception:  # dateparser can raise on odd input
            value = None
        return _plausible(value)
    return None


def _published(page: _Page, ld: dict | None, tree: HtmlElement) -> dt.datetime | None:
    """The publication time the page states: Open Graph / meta tags, JSON-LD, microdata,
    then <time> elements marked as the publication time or inside the <article>."""
    candidates: list[tuple[str | None, bool]] = [
        (page.first("article:published_time", "og:article:published_time"), False)
    ]
    if ld is not None:
        candidates.append((_ld_str(ld.get("datePublished")), True))
    candidates.extend((v, False) for v in page.all(*_DATE_KEYS))
    for el in tree.iterfind(".//*[@itemprop='datePublished']"):
        candidates.append((el.get("content") or el.get("datetime") or _text(el), True))
        break
    in_article = []
    for el in page.times:
        value = el.get("datetime") or el.get("content")
        cls = (el.get("class") or "").lower()
        if (
            (el.get("itemprop") or "").lower() == "datepublished"
            or el.get("pubdate") is not None
            or "publish" in cls
            or "posted" in cls
        ):
            candidates.append((value or _text(el), True))
        elif value and not in_article and any(a.tag == "article" for a in el.iterancestors()):
            in_article.append(value)
    candidates.extend((v, False) for v in in_article)
    if ld is not None:
        candidates.append((_ld_str(ld.get("dateCreated")), True))
    for value, fuzzy in candidates:
        parsed = parse_date(value, fuzzy=fuzzy)
        if parsed is not None:
            return parsed
    return None


def _first_time_element(page: _Page) -> dt.datetime | None:
    """The first <time> of the page, wherever it is (weaker than the feed's date)."""
    for el in page.times[:3]:
        parsed = parse_date(el.get("datetime") or _text(el), fuzzy=True)
        if parsed is not None:
            return parsed
    return None


def _date_from_url(url: str | None) -> dt.datetime | None:
    if not url:
        return None
    m = _URL_DATE.search(url)
    if not m:
        return None
    try:
        return _plausible(dt.datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=dt.UTC))
    except ValueError:
        return None


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
        value = _norm_space(value)
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
        text = _text(el)
        if not 3 <= len(text) <= 200:
            continue
        m = _BYLINE_END.search(text)
        text = text[: m.start()] if m else text
        names = [n for n in _clean_names([text], site) if _looks_like_name(n)]
        if names or _ROLE.search(text):
            return names  # a "By Staff" / agency byline ends the search
    return []


def _authors(page: _Page, ld: dict | None, tree: HtmlElement, site: str | None) -> list[str]:
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
        found.append(name_el.get("content") or _text(name_el) if name_el is not None else _text(el))
        if len(found) >= 5:
            break
    if not found:
        for el in tree.iterfind(".//a[@rel='author']"):
            found.append(_text(el))
            if len(found) >= 5:
                break
    names = _clean_names((t for t in found if len(t) < 120), site)
    return names or _byline_names(tree, site)


# --------------------------------------------------------------------------- language

_ISO3 = {
    "eng": "en", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de", "spa": "es", "por": "pt",
    "ita": "it", "rus": "ru", "jpn": "ja", "kor": "ko", "zho": "zh", "chi": "zh", "ara": "ar",
    "nld": "nl", "dut": "nl", "pol": "pl", "tur": "tr", "ukr": "uk", "swe": "sv", "ind": "id",
    "vie": "vi", "fas": "fa", "per": "fa", "heb": "he", "hin": "hi", "ell": "el", "gre": "el",
}  # fmt: skip
_LANG_ALIASES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv"}
_LANG_RE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_].*)?$")
# languages written in a given non-Latin script: a declared code outside the script is wrong
_SCRIPT_LANGS = {
    "hangul": {"ko"},
    "kana": {"ja"},
    "han": {"zh", "ja"},
    "cyrillic": {"ru", "uk", "bg", "sr", "mk", "be", "kk", "ky", "mn", "tg", "ba", "tt", "cv"},
    "arabic": {"ar", "fa", "ur", "ps", "ku", "sd", "ug"},
    "greek": {"el"},
    "hebrew": {"he", "yi"},
    "thai": {"th"},
    "devanagari": {"hi", "mr", "ne", "sa"},
}
_SCRIPT_DEFAULT = {
    "hangul": "ko",
    "kana": "ja",
    "han": "zh",
    "cyrillic": "ru",
    "arabic": "ar",
    "greek": "el",
    "hebrew": "he",
    "thai": "th",
    "devanagari": "hi",
}
_STOPWORDS = {
    "en": "the of and to in is that for it was on with as are be this by have from",
    "fr": "le la les des et est un une du dans que pour qui pas sur au avec",
    "de": "der die und das ist nicht ein eine zu den von mit sich auf dem für",
    "es": "el la los las de que y en un una por con para es del al se",
    "pt": "o a os as de que e em um uma do da para com não se no na",
    "it": "il la di che e un una per non sono del della in con gli le",
    "nl": "de het een en van is dat op te in niet met voor zijn ook",
    "id": "yang dan di ini itu dengan untuk dari tidak ada dalam akan juga ke",
    "pl": "i w nie na się to że z do jest jak o co ale po",
    "sv": "och att det som en på är av för med till den har inte",
    "tr": "ve bir bu da de için ile çok daha olarak gibi ne ama olan",
}
_STOPSETS = {lang: set(words.split()) for lang, words in _STOPWORDS.items()}
_WORD = re.compile(r"\w+")


def normalize_lang(code: str | None) -> str | None:
    """ISO 639-1 code from an HTML/BCP 47 language tag ("en-US" -> "en"), else None."""
    if not code:
        return None
    m = _LANG_RE.match(code.strip())
    if not m:
        return None
    base = m.group(1).lower()
    if len(base) == 3:
        return _ISO3.get(base)
    return _LANG_ALIASES.get(base, base)


_SCRIPT_RES = {
    "latin": re.compile(r"[A-Za-z\u00c0-\u024f]"),
    "hangul": re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]"),
    "kana": re.compile(r"[\u3040-\u30ff]"),
    "han": re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]"),
    "cyrillic": re.compile(r"[\u0400-\u052f]"),
    "arabic": re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufeff]"),
    "greek": re.compile(r"[\u0370-\u03ff]"),
    "hebrew": re.compile(r"[\u0590-\u05ff]"),
    "thai": re.compile(r"[\u0e00-\u0e7f]"),
    "devanagari": re.compile(r"[\u0900-\u097f]"),
}


def _script(text: str) -> str | None:
    """The dominant script of a text sample ("latin", "hangul", "cyrillic"...), or None."""
    sample = text[:3000]
    if sample.isascii():
        return "latin" if _SCRIPT_RES["latin"].search(sample) else None
    counts = {name: len(rx.findall(sample)) for name, rx in _SCRIPT_RES.items()}
    # Japanese mixes kana with many kanji: any real share of kana makes it Japanese
    kana, han = counts["kana"], counts["han"]
    if kana and han and kana >= 0.1 * (kana + han):
        counts["kana"], counts["han"] = kana + han, 0
    name, best = max(counts.items(), key=lambda kv: kv[1])
    return name if best else None


def detect_language(text: str) -> str | None:
    """A cheap guess of the ISO 639-1 language of a text: the script for non-Latin
    scripts, a stopword vote for a dozen Latin-script languages; None when unsure."""
    script = _script(text)
    if script is None:
        return None
    if script != "latin":
        return _SCRIPT_DEFAULT.get(script)
    tokens = _WORD.findall(text[:5000].lower())
    if len(tokens) < 8:
        return None
    scores = _stopword_scores(tokens)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < 3 or top < 1.3 * second or top < 0.08 * len(tokens):
        return None
    return best


def _stopword_scores(tokens: list[str]) -> dict[str, int]:
    return {lang: sum(1 for t in tokens if t in stops) for lang, stops in _STOPSETS.items()}


def _language(page: _Page, ld: dict | None, body: str) -> str | None:
    """The declared language (<html lang>, meta, JSON-LD, og:locale), unless the text
    plainly contradicts it (templates often keep lang="en"); else a cheap detection."""
    declared = normalize_lang(page.html_lang)
    if declared is None:
        declared = normalize_lang(page.first("content-language", "language", "dc.language"))
    if declared is None and ld is not None:
        declared = normalize_lang(_ld_str(ld.get("inLanguage")))
    if declared is None:
        declared = normalize_lang(page.first("og:locale"))
    sample = body or page.first("og:description", "description") or page.title or ""
    if not sample:
        return declared
    detected = detect_language(sample)
    if declared is None or detected is None or detected == declared:
        return declared or detected
    script = _script(sample)
    if script != "latin":
        # a Korean text under lang="en"; but lang="uk" over Cyrillic text stays "uk"
        return declared if declared in _SCRIPT_LANGS.get(script or "", ()) else detected
    if declared not in _STOPSETS:
        # a Latin-script language we cannot score (ro, cs, fi...): trust the page, unless it
        # claims a non-Latin language for a Latin text
        non_latin = any(declared in langs for langs in _SCRIPT_LANGS.values())
        return detected if non_latin and len(sample) > 200 else declared
    tokens = _WORD.findall(sample[:5000].lower())
    scores = _stopword_scores(tokens)
    if len(tokens) >= 30 and scores[detected] >= 2 * max(scores[declared], 1):
        return detected
    return declared


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


def _title(page: _Page, ld: dict | None, site: str | None) -> str | None:
    for value in (
        page.first("og:title"),
        _ld_str(ld.get("headline")) if ld is not None else None,
        page.first("twitter:title"),
        page.h1[0] if len(page.h1) == 1 else None,
        page.title,
    ):
        if value:
            return _strip_site(value, site) or None
    return None


def _title_candidates(page: _Page, ld: dict | None) -> list[str]:
    """Every spelling of the headline the page offers (used to drop it from the body)."""
    out = page.all("og:title", "twitter:title", "title", "sailthru.title", "parsely-title")
    if ld is not None:
        out.extend(filter(None, [_ld_str(ld.get("headline")), _ld_str(ld.get("name"))]))
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


def _canonical(page: _Page, url: str | None) -> str | None:
    base = _abs_url(page.base, url) if page.base else url
    for link in page.links:
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel:
            found = _abs_url(link.get("href"), base)
            if found:
                return found
    return _abs_url(page.first("og:url"), base)


def _site_name(page: _Page, ld: dict | None) -> str | None:
    site = page.first("og:site_name")
    if not site and ld is not None:
        site = _ld_str(ld.get("publisher"))
    if not site:
        site = page.first("application-name", "apple-mobile-web-app-title")
    if site and site.startswith(("http://", "https://")):
        site = _host(site) or None  # og:site_name="https://www.example.com"
    return site or None


# --------------------------------------------------------------------------- body


def _tf_text(tree: HtmlElement, url: str | None, precision: bool, fast: bool = False) -> str:
    from trafilatura import bare_extraction

    try:
        doc = bare_extraction(
            tree,
            url=url,
            favor_precision=precision,
            fast=fast,
            include_comments=False,
            include_tables=True,
            output_format="python",
        )
    except Exception:  # trafilatura can still trip over hostile markup
        log.debug("trafilatura failed on %s", url, exc_info=True)
        return ""
    return (getattr(doc, "text", None) or "") if doc is not None else ""


def _unwrap_tweets(tree: HtmlElement) -> None:
    """Lift embedded tweets out of wrappers that only hold the tweet (their "social",
    "embed" or "widget" classes get them discarded as boilerplate)."""
    for bq in tree.iterfind(".//blockquote"):
        if "twitter-tweet" not in (bq.get("class") or ""):
            continue
        text = _text(bq)
        top = None
        for anc in bq.iterancestors():
            if anc.tag in ("body", "html", "article", "main") or _text(anc) != text:
                break
            top = anc
        if top is not None and top.getparent() is not None:
            bq.tail = top.tail
            top.getparent().replace(top, bq)


def _has_tweets(tree: HtmlElement) -> bool:
    return any("twitter-tweet" in (bq.get("class") or "") for bq in tree.iterfind(".//blockquote"))


def _key(text: str) -> str:
    return _norm_space(text)[:80]


_NOT_BODY = {"figure", "figcaption", "aside", "nav", "form", "button", "footer", "noscript"}


def _ancestors_below(node: HtmlElement, top: HtmlElement) -> Iterator[HtmlElement]:
    for anc in node.iterancestors():
        if anc is top:
            return
        yield anc


def _merge_split_body(tree: HtmlElement, text: str) -> str:
    """Append the rest of a body that ad breaks split into sibling containers.

    Finds the element holding most of the extracted paragraphs; other elements with the same
    tag and class inside the same <article> (or under the same parent), holding at least three
    long paragraphs of new, link-poor text, are taken as continuations of the body.
    """
    paras = [p for p in text.split("\n") if len(p) >= 60]
    if len(paras) < 2:
        return text
    want = {_key(p) for p in paras}
    parents: dict[HtmlElement, int] = {}
    for p in tree.iter("p"):
        t = _text(p)
        if len(t) >= 60 and t[:80] in want:
            par = p.getparent()
            if par is not None:
                parents[par] = parents.get(par, 0) + 1
    if not parents:
        return text
    container, count = max(parents.items(), key=lambda kv: kv[1])
    cls = container.get("class")
    if not cls or count < 2:
        return text
    article = next(container.iterancestors("article"), None)
    ancestors = set(container.iterancestors())
    have = {_key(p) for p in text.split("\n") if p.strip()}
    before: list[str] = []
    after: list[str] = []
    passed = False
    for el in tree.iter(container.tag):
        if el is container:
            passed = True
            continue
        if el.get("class") != cls or el in ancestors or container in set(el.iterancestors()):
            continue
        if article is not None:
            if next(el.iterancestors("article"), None) is not article:
                continue
        elif el.getparent() is not container.getparent():
            continue
        if el.find(".//h1") is not None:
            continue
        if sum(1 for p in el.iter("p") if len(_text(p)) >= 80) < 3:
            continue
        total = len(_text(el))
        if sum(len(_text(a)) for a in el.iter("a")) > 0.2 * total:
            continue
        new = []
        for node in el.iter("p", "h2", "h3", "h4", "li"):
            if node.tag == "li" and node.find(".//p") is not None:
                continue
            if any(a.tag in _NOT_BODY for a in _ancestors_below(node, el)):
                continue  # captions, asides, forms
            t = _text(node)
            if not t or t[:80] in have:
                continue
            if sum(len(_text(a)) for a in node.iter("a")) > 0.5 * len(t):
                continue  # "related stories" list items
            new.append(t)
            have.add(t[:80])
        if sum(len(t) for t in new) >= 500:
            (after if passed else before).extend(new)
    if not before and not after:
        return text
    return "\n".join([*before, text, *after])


_BOILERPLATE = [
    # cross-links to other stories
    r"[\[(]?(?:related|read more|read also|also read|see also|see more|more|more on this|"
    r"don'?t miss|recommended|watch|listen|trending|most read|popular|suggested|"
    r"further reading|more from [\w .'-]{1,40}|"
    r"related (?:articles?|stories|coverage|content|links|videos?|posts?|reading))"
    r"\s*(?:[:|»>\-–—]|$).*",
    r"also on [\w-]+\.[\w.]+\b.*",
    # social media calls to action
    # (imperative, at the start of a sentence: "Regulators will follow the case on X" stays)
    r"(?:.{0,160}[.!?:]\s+)?follow (?:us|him|her|them|me|@\w+|[\w .'-]{1,40}) on "
    r"(?:twitter|facebook|instagram|linkedin|youtube|x)\b.*",
    r"(?:.{0,160}[.!?:]\s+)?follow @\w+.*",
    r"follow\b.{0,120}\bhttps?://\S+.*",
    # a label and a bare link: "Listen: http://...", "More AP NBA: https://apnews.com/NBA"
    r"[\w .'’&-]{1,40}:\s*https?://\S+(?:\s+(?:and|&)\s+https?://\S+)*",
    r"(?:like this story\??|share this (?:article|story|post)|share on (?:facebook|twitter)).*",
    # newsletter and subscription boxes
    r".{0,120}\b(?:sign up|subscribe|signing up)\b.{0,80}\bnewsletters?\b.*",
    r".{0,80}\bnewsletters?\s*$",
    r".{0,120}\b(?:delivered|straight|right) (?:to|in|into) your inbox\b.*",
    r"thanks? (?:you )?for (?:signing up|subscribing)\b.*",
    r".{0,40}error processing your subscription.*",
    r"keep an eye on your inbox.*",
    r"if you enjoyed this article.*",
    # page furniture
    r"(?:filed under|tags?|tagged(?: with)?|categories|category|topics?)\s*:.*",
    r"(?:\d+\s+)?comments?\s*$",
    r"(?:reading time|read time|tempo de leitura|tiempo de lectura|temps de lecture|lesezeit)"
    r"\s*:?\s*.{0,30}",
    r"\d{1,2}\s*(?:-|to)?\s*min(?:ute)?s?\.? read",
    r"(?:leave a (?:comment|reply)|tell us what you think|join the (?:conversation|discussion)).*",
    r"(?:copyright|©|\(c\))\s*(?:\d{4}|[\w .,'-]{1,60}\d{4}).{0,120}",
    r".{0,120}\ball rights reserved\.?\s*$",
    r"this copy is for your personal, non-commercial use only.*",
    r"an error has occurred,? please try again.*",
    # photo captions and credits (a caption's claims would be read as the story's)
    r".{0,200}\((?:[^()]{0,60}/)?(?-i:AP|AFP|Reuters|Getty Images|EPA|Xinhua|Bloomberg|"
    r"Shutterstock|Photo|Foto)\b[^()]{0,60}\)",
    r".{0,200}(?:(?-i:Getty Images|Shutterstock|AP Photo)|©).{0,100}",
    r"(?:(?:main |lead |top )?(?:photo|photograph|image|picture|video)s?\s+)?"
    r"(?:credit|source|courtesy)s?\s*:.{0,100}",
    r"(?:photo|photograph|image|picture|foto)s?\s*:.{0,150}",
    # credits and contact lines
    r"\(?\s*(?:additional )?reporting by .{0,200}",
    r".{0,200}\bcontributed (?:to )?(?:this|the) (?:report|story|article)\.?\)?\s*$",
    r".{0,150}\bcontributed reporting\b.{0,60}",
    r"contributing\s*:.{0,150}",
    r"\(?editing by .{0,120}",
    r"(?:email|e-mail|contact|reach|write to) [\w .'’-]{1,60} (?:at|on)\s+"
    r"(?:\S+@\S+|twitter|facebook|https?://).*",
]
_BOILERPLATE_RE = re.compile(r"^\s*(?:" + "|".join(f"(?:{p})" for p in _BOILERPLATE) + r")$", re.I)
_BULLET = re.compile(r"^[\s\-•*·–—]+")


def _words_key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _drop_title_lines(lines: list[str], titles: list[str]) -> list[str]:
    """Drop the headline (and a repeated kicker) from the top of the body."""
    keys = {_words_key(t) for t in titles if t}
    keys.discard("")
    if not keys:
        return lines
    drop = 0
    for line in lines[:3]:
        k = _words_key(line)
        if k and (k in keys or (len(k) > 15 and any(k in t for t in keys))):
            drop += 1
            continue
        break
    if drop == len(lines):
        return lines[-1:]  # a one-paragraph story that repeats its headline: keep the paragraph
    return lines[drop:]


def _host(url: str | None) -> str:
    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def _internal_link_texts(tree: HtmlElement, url: str | None, lines: Iterable[str]) -> set[str]:
    """Those of ``lines`` (bullets stripped, 3+ words) that are the text of a link to another
    page of the same site, alone or with a short tag ("... [VIDEO]"): related-story links that
    slipped into the body."""
    wanted: dict[str, list[str]] = {}
    for line in lines:
        t = _norm_space(_BULLET.sub("", line))
        if len(t) >= 15 and len(t.split()) >= 3:
            wanted.setdefault(t[:15], []).append(t)
    if not wanted:
        return set()
    host = _host(url)
    out: set[str] = set()
    for a in tree.iter("a"):
        t = _text(a)
        if len(t) < 15 or t[:15] not in wanted:
            continue
        hits = [x for x in wanted[t[:15]] if x.startswith(t) and len(x) - len(t) <= 15]
        if not hits or all(x in out for x in hits):
            continue
        if len(t.split()) < 3:
            continue
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        other = _host(href) if "//" in href else ""
        related = not other or not host or other == host
        if not related and not (other.endswith("." + host) or host.endswith("." + other)):
            continue  # a link to another site
        out.update(hits)
    return out


def clean_lines(
    text: str,
    *,
    titles: Iterable[str] = (),
    link_texts: set[str] | None = None,
) -> str:
    """Drop boilerplate lines from an extracted body; one paragraph per line."""
    lines = [_norm_space(line) for line in text.split("\n")]
    lines = [line for line in lines if line]
    lines = _drop_title_lines(lines, list(titles))
    out = []
    for line in lines:
        if len(line) < MAX_BOILER_LINE and _BOILERPLATE_RE.match(line):
            continue
        if link_texts and _norm_space(_BULLET.sub("", line)) in link_texts:
            continue
        out.append(line)
    return "\n".join(out)


def _body_from_tree(
    tree: HtmlElement,
    url: str | None,
    titles: list[str],
    *,
    precision: bool = True,
    fast: bool = True,
    rescue: bool = True,
    tweets: bool = True,
    split: bool = True,
    clean: bool = True,
) -> str:
    """The body of a parsed page (the tree is not modified). Keyword switches turn off the
    individual repairs, for ablations in ``bench/aeb.py``."""
    work = tree
    if tweets and _has_tweets(tree):
        work = copy(tree)
        _unwrap_tweets(work)
    text = _tf_text(work, url, precision, fast)
    if rescue and len(text) < SHORT_BODY:
        # a short result: ask the slower modes, first trafilatura's comparison with its
        # fallback extractors, then balanced mode; a clearly longer answer wins
        tries = [(precision, False), (False, False)] if fast else [(False, False)]
        for prec, fst in tries:
            if (prec, fst) == (precision, fast):
                continue
            other = _tf_text(work, url, prec, fst)
            if len(other) > RESCUE_RATIO * len(text):
                text = other
            if len(text) >= SHORT_BODY:
                break
    if not text:
        return ""
    if split:
        text = _merge_split_body(tree, text)
    if clean:
        links = _internal_link_texts(tree, url, text.split("\n"))
        return clean_lines(text, titles=titles, link_texts=links)
    return "\n".join(line for line in (_norm_space(x) for x in text.split("\n")) if line)


def extract_body(html: str, url: str | None = None) -> str:
    """The article body of a page as plain text, one paragraph per line ("" if none)."""
    tree = parse_html(html)
    if tree is None:
        return ""
    page = _Page(tree)
    ld = _jsonld_article(page.scripts)
    return _body_from_tree(tree, url, _title_candidates(page, ld))


# --------------------------------------------------------------------------- article


def content_hash(text: str) -> str | None:
    """sha256 of the body after NFKC normalisation, case folding and whitespace collapsing;
    None for an empty body."""
    norm = " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())
    if not norm:
        return None
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def extract_article(
    html: str,
    url: str,
    feed_published: dt.datetime | None = None,
    feed_title: str | None = None,
) -> Article:
    """Body text and metadata of one page.

    Metadata comes from the page (Open Graph and other meta tags, JSON-LD, <time>, <link
    rel=canonical>, <html lang>); the feed entry's title and date fill in when the page has
    none. ``published_at`` is an aware UTC datetime (naive page times are read as UTC).
    Never raises on bad HTML: an unusable page gives an Article with empty text.
    """
    feed_date = _aware_utc(feed_published) if feed_published is not None else None
    tree = parse_html(html)
    if tree is None:
        return Article(
            url=url,
            text="",
            title=_norm_space(feed_title) or None,
            published_at=feed_date,
            content_hash=None,
        )
    page = _Page(tree)
    ld = _jsonld_article(page.scripts)
    site = _site_name(page, ld)
    text = _body_from_tree(tree, url, _title_candidates(page, ld))
    published = (
        _published(page, ld, tree) or feed_date or _first_time_element(page) or _date_from_url(url)
    )
    description = page.first("og:description", "description", "twitter:description")
    if not description and ld is not None:
        description = _ld_str(ld.get("description"))
    return Article(
        url=url,
        text=text,
        title=_title(page, ld, site) or _norm_space(feed_title) or None,
        canonical_url=_canonical(page, url),
        authors=_authors(page, ld, tree, site),
        published_at=published,
        language=_language(page, ld, text),
        description=description or None,
        site_name=site,
        content_hash=content_hash(text),
    )
