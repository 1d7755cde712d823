"""Publication time of an article: date parsing, page metadata, <time> elements, the URL."""

from __future__ import annotations

import datetime as dt
import email.utils
import re

from lxml.html import HtmlElement

from dipwatch.articles.html import node_text, norm_space
from dipwatch.articles.metadata import PageScan, ld_str

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


def aware_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def _plausible(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    value = aware_utc(value)
    if value < _EARLIEST or value > dt.datetime.now(dt.UTC) + dt.timedelta(days=2):
        return None
    return value


def parse_date(text: str | None, *, fuzzy: bool = False) -> dt.datetime | None:
    """Parse a date from page metadata into an aware UTC datetime (naive times are taken as
    UTC). ISO 8601 and RFC 2822 are read directly; ``fuzzy`` also tries dateparser on
    human-readable strings such as "Nov. 18, 2019 10:32 AM ET"."""
    if not text:
        return None
    s = norm_space(str(text))
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


def find_published(page: PageScan, ld: dict | None, tree: HtmlElement) -> dt.datetime | None:
    """The publication time the page states: Open Graph / meta tags, JSON-LD, microdata,
    then <time> elements marked as the publication time or inside the <article>."""
    candidates: list[tuple[str | None, bool]] = [
        (page.first("article:published_time", "og:article:published_time"), False)
    ]
    if ld is not None:
        candidates.append((ld_str(ld.get("datePublished")), True))
    candidates.extend((v, False) for v in page.all(*_DATE_KEYS))
    for el in tree.iterfind(".//*[@itemprop='datePublished']"):
        candidates.append((el.get("content") or el.get("datetime") or node_text(el), True))
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
            candidates.append((value or node_text(el), True))
        elif value and not in_article and any(a.tag == "article" for a in el.iterancestors()):
            in_article.append(value)
    candidates.extend((v, False) for v in in_article)
    if ld is not None:
        candidates.append((ld_str(ld.get("dateCreated")), True))
    for value, fuzzy in candidates:
        parsed = parse_date(value, fuzzy=fuzzy)
        if parsed is not None:
            return parsed
    return None


def first_time_element(page: PageScan) -> dt.datetime | None:
    """The first <time> of the page, wherever it is (weaker than the feed's date)."""
    for el in page.times[:3]:
        parsed = parse_date(el.get("datetime") or node_text(el), fuzzy=True)
        if parsed is not None:
            return parsed
    return None


def date_from_url(url: str | None) -> dt.datetime | None:
    if not url:
        return None
    m = _URL_DATE.search(url)
    if not m:
        return None
    try:
        return _plausible(dt.datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=dt.UTC))
    except ValueError:
        return None
