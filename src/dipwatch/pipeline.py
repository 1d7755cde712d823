"""Pure steps of a refresh between I/O: which entries to fetch, which articles are new."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from dipwatch.articles.extract import extract_article
from dipwatch.events.coders import DEFAULT_CODER, get_coder
from dipwatch.models import Article, Event, FeedEntry, FeedResult, Page
from dipwatch.warehouse.loads import ErrorRow, Known, article_id

log = logging.getLogger("dipwatch.pipeline")


@dataclass(slots=True)
class FetchPlan:
    """Entries to fetch (new, or possibly changed) and those known to be unchanged."""

    fetch: list[FeedEntry] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)  # failed before, not due again yet
    conditional: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)


def entries_of(results: list[FeedResult]) -> list[FeedEntry]:
    """Entries of every feed, then failed pages due again, each link once (the same article in
    two feeds is fetched once)."""
    seen: set[str] = set()
    out = []
    for result in [*results, *(FeedResult(r.url, r.status, r.retries) for r in results)]:
        for entry in result.entries:
            if entry.link and entry.link not in seen:
                seen.add(entry.link)
                out.append(entry)
    return out


def feed_errors(results: list[FeedResult]) -> list[ErrorRow]:
    """One error row per failed feed, and per entry a feed refused."""
    rows = []
    for r in results:
        if r.error:
            rows.append(ErrorRow(r.url, "feed", r.error, r.url, r.retry_at))
        for i, (link, reason) in enumerate(r.rejected):
            url = link or f"{r.url}#entry-{i + 1}"
            log.warning("feed %s: entry %s refused: %s", r.url, link or f"#{i + 1}", reason)
            rows.append(ErrorRow(url, "entry", reason, r.url))
    return rows


def entry_fingerprint(entry: FeedEntry) -> str:
    """sha1 of what the feed says of an entry (link, title, summary, guid)."""
    parts = (entry.link, entry.title, entry.summary, entry.guid)
    return hashlib.sha1("\x1f".join(p or "" for p in parts).encode("utf-8")).hexdigest()


def processed_entries(
    pages: list[Page], extracted: list[tuple[Article, Page]], not_modified: list[str]
) -> list[tuple[str, str]]:
    """(link, fingerprint) of the entries whose page was read (or found not modified) this run."""
    done = {a.url for a, _ in extracted} | set(not_modified)
    return [(p.url, entry_fingerprint(p.entry)) for p in pages if p.entry and p.url in done]


def plan_fetch(entries: list[FeedEntry], known: dict[str, Known]) -> FetchPlan:
    """New links are fetched; known ones only when their feed date moved (conditionally).

    A known entry without a date is fetched again only when the feed describes it otherwise
    than when its page was last read (its fingerprint changed), not on every refresh.
    """
    plan = FetchPlan()
    for entry in entries:
        if entry.held:
            plan.held.append(entry.link or "")
            continue
        k = known.get(entry.link or "")
        if k is None:
            plan.fetch.append(entry)
            continue
        if entry.published is None and k.entry_hash == entry_fingerprint(entry):
            plan.unchanged.append(entry.link)
            continue
        if (
            entry.published is not None
            and k.entry_published is not None
            and entry.published <= _aware(k.entry_published)
        ):
            plan.unchanged.append(entry.link)
            continue
        plan.fetch.append(entry)
        if k.url == entry.link:
            plan.conditional[entry.link] = (k.etag, k.last_modified)
    return plan


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def extract_texts(
    pages: list[Page],
) -> tuple[list[tuple[Article, Page]], list[ErrorRow], list[str]]:
    """Article text and metadata of fetched pages; (articles, errors, not-modified URLs)."""
    articles, errors, not_modified = [], [], []
    for page in pages:
        entry = page.entry
        feed = entry.feed_url if entry else None
        if page.status == "not_modified":
            not_modified.append(page.url)
            continue
        if page.status != "ok" or not page.html:
            errors.append(
                ErrorRow(page.url, "fetch", page.error or "empty page", feed, page.retry_at)
            )
            continue
        try:
            art = extract_article(
                page.html,
                page.final_url or page.url,
                feed_published=entry.published if entry else None,
                feed_title=entry.title if entry else None,
            )
        except Exception as exc:  # a broken page must not stop the run
            msg = f"text extraction failed: {type(exc).__name__}: {exc}"
            log.warning("%s: %s", page.url, msg)
            errors.append(ErrorRow(page.url, "extract", msg, feed))
            continue
        art.url = page.url
        art.feed_url = feed
        if not art.text or len(art.text.split()) < 5:
            msg = "no article text found on the page"
            log.warning("%s: %s", page.url, msg)
            errors.append(ErrorRow(page.url, "extract", msg, feed))
            continue
        articles.append((art, page))
    return articles, errors, not_modified


@dataclass(slots=True)
class Sorted:
    """Extracted articles sorted into what the load does with them."""

    new: list[tuple[Article, Page]] = field(default_factory=list)
    updated: list[tuple[Article, Page]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    aliases: list[tuple[str, str, str | None, str]] = field(default_factory=list)


def unchanged_by_url(art: Article, known: Mapping[str, Known]) -> bool:
    """Held already under its URL with the same text, or reached through a known alias URL."""
    k = known.get(art.url)
    return k is not None and (k.url != art.url or k.content_hash == art.content_hash)


def sort_articles(
    extracted: list[tuple[Article, Page]],
    known: dict[str, Known],
    by_hash: dict[str, str],
    by_canonical: dict[str, str],
) -> Sorted:
    """Same URL and text: unchanged; same URL, new text: updated; another URL of a known text: alias."""
    out = Sorted()
    run_hash: dict[str, str] = {}
    run_canon: dict[str, str] = {}
    for art, page in extracted:
        if unchanged_by_url(art, known):
            out.unchanged.append(art.url)
            continue
        if art.url in known:  # the same URL, another text
            out.updated.append((art, page))
            continue
        canon = art.canonical_url if art.canonical_url and art.canonical_url != art.url else None
        dup = by_hash.get(art.content_hash or "") or run_hash.get(art.content_hash or "")
        reason = "same_content"
        if dup is None and canon:
            dup = by_canonical.get(canon) or run_canon.get(canon)
            reason = "same_canonical_url"
        if dup is not None:
            out.aliases.append((art.url, dup, art.feed_url, reason))
            continue
        aid = article_id(art.url)
        if art.content_hash:
            run_hash[art.content_hash] = aid
        if canon:
            run_canon[canon] = aid
        out.new.append((art, page))
    return out


def events_by_type(events: list[list[Event]]) -> dict[str, int]:
    """How many events of each PLOVER type."""
    c = Counter(e.event_type for evs in events for e in evs)
    return dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))


def default_coder() -> str:
    """The coder a refresh uses when none is given: $DIPWATCH_CODER, else "rules"."""
    return os.environ.get("DIPWATCH_CODER") or DEFAULT_CODER


def cut_text(text: str, max_chars: int) -> str:
    """The text's first `max_chars` characters, ending at a sentence or word end when one is near."""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    floor = max_chars * 9 // 10  # look back at most 10% for a clean end
    for sep in ("\n", ". ", " "):
        at = head.rfind(sep, floor)
        if at > 0:
            return head[: at + len(sep)].rstrip()
    return head


def cap_texts(
    articles: Sequence[Article], max_chars: int | None
) -> tuple[list[Article], list[ErrorRow]]:
    """Articles whose text the coder reads at most `max_chars` of; one warning row per cut."""
    if max_chars is None:
        return list(articles), []
    out, rows = [], []
    for art in articles:
        if len(art.text) > max_chars:
            msg = f"text of {len(art.text):,} characters: coded the first {max_chars:,} (max_text_chars)"
            log.warning("%s: %s", art.url, msg)
            rows.append(ErrorRow(art.url, "limit", msg, art.feed_url))
            art = replace(art, text=cut_text(art.text, max_chars))
        out.append(art)
    return out, rows


def cap_events(
    articles: Sequence[Article], events: list[list[Event]], max_events: int | None
) -> tuple[list[list[Event]], list[ErrorRow]]:
    """At most `max_events` events per article (the first in the text); one warning row per cut."""
    if max_events is None:
        return events, []
    rows = []
    out = []
    for art, evs in zip(articles, events, strict=True):
        if len(evs) > max_events:
            msg = (
                f"{len(evs):,} events found: kept the first {max_events:,} (max_events_per_article)"
            )
            log.warning("%s: %s", art.url, msg)
            rows.append(ErrorRow(art.url, "limit", msg, art.feed_url))
            evs = sorted(evs, key=lambda e: e.evidence_start)[:max_events]
        out.append(evs)
    return out, rows


def code_events(
    articles: Sequence[Article],
    coder: str | None = None,
    max_text_chars: int | None = None,
    max_events: int | None = None,
) -> tuple[list[list[Event]], list[ErrorRow]]:
    """Events of a batch of articles; an article the coder chokes on gets no events and an error row.

    `coder` is a registered coder's name (None: `default_coder()`); an unknown name raises
    CoderError before anything is coded. The coder reads at most `max_text_chars` of each text
    and keeps at most `max_events` events per article (None: no cap); each cut is a warning row
    (stage `limit`). The articles themselves keep their whole text.
    """
    capped, limit_rows = cap_texts(articles, max_text_chars)
    found, errors = _code(capped, coder)
    found, event_rows = cap_events(capped, found, max_events)
    return found, limit_rows + event_rows + errors


def _code(
    articles: Sequence[Article], coder: str | None
) -> tuple[list[list[Event]], list[ErrorRow]]:
    """The coder on a batch; when it fails, article by article, so one bad article fails alone."""
    ev_coder = get_coder(coder or default_coder())
    try:
        return ev_coder.code(articles), []
    except Exception:  # find the article at fault, keep the others
        out: list[list[Event]] = []
        errors: list[ErrorRow] = []
        for art in articles:
            try:
                out.append(ev_coder.code([art])[0])
            except Exception as exc:
                msg = f"event extraction failed: {type(exc).__name__}: {exc}"
                log.warning("%s: %s", art.url, msg)
                errors.append(ErrorRow(art.url, "events", msg, art.feed_url))
                out.append([])
        return out, errors
