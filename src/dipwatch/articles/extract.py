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

The work is split by job: ``article_html`` (parsing, shared text helpers),
``article_meta`` (page scan, JSON-LD, authors, title, canonical URL, site name),
``article_dates`` (publication time), ``article_lang`` (language) and ``article_body``
(trafilatura and the repairs). This module is the public API.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata

from dipwatch.articles.body import body_from_tree
from dipwatch.articles.dates import (
    aware_utc,
    date_from_url,
    find_published,
    first_time_element,
    parse_date,
)
from dipwatch.articles.html import norm_space, parse_html
from dipwatch.articles.language import detect_language, find_language, normalize_lang
from dipwatch.articles.metadata import (
    PageScan,
    find_authors,
    find_canonical,
    find_site_name,
    find_title,
    jsonld_article,
    ld_str,
    title_candidates,
)
from dipwatch.models import Article

__all__ = [
    "content_hash",
    "detect_language",
    "extract_article",
    "extract_body",
    "normalize_lang",
    "parse_date",
    "parse_html",
]


def extract_body(html: str | bytes, url: str | None = None, **switches: bool) -> str:
    """The article body of a page as plain text, one paragraph per line ("" if none).

    ``switches`` (``precision``, ``fast``, ``rescue``, ``tweets``, ``split``, ``clean``; all on
    by default) change the trafilatura mode or turn off single repairs; they exist for the
    ablations in ``bench/aeb.py``.
    """
    tree = parse_html(html)
    if tree is None:
        return ""
    page = PageScan(tree)
    ld = jsonld_article(page.scripts)
    return body_from_tree(tree, url, title_candidates(page, ld), **switches)


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
    feed_date = aware_utc(feed_published) if feed_published is not None else None
    tree = parse_html(html)
    if tree is None:
        return Article(
            url=url,
            text="",
            title=norm_space(feed_title) or None,
            published_at=feed_date,
            content_hash=None,
        )
    page = PageScan(tree)
    ld = jsonld_article(page.scripts)
    site = find_site_name(page, ld)
    text = body_from_tree(tree, url, title_candidates(page, ld))
    published = (
        find_published(page, ld, tree)
        or feed_date
        or first_time_element(page)
        or date_from_url(url)
    )
    description = page.first("og:description", "description", "twitter:description")
    if not description and ld is not None:
        description = ld_str(ld.get("description"))
    return Article(
        url=url,
        text=text,
        title=find_title(page, ld, site) or norm_space(feed_title) or None,
        canonical_url=find_canonical(page, url),
        authors=find_authors(page, ld, tree, site),
        published_at=published,
        language=find_language(page, ld, text),
        description=description or None,
        site_name=site,
        content_hash=content_hash(text),
    )
