"""Records passed between pipeline stages (feeds -> pages -> articles -> events)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(slots=True)
class FeedEntry:
    """One item of a feed, as the feed describes it."""

    feed_url: str
    link: str | None
    title: str | None = None
    published: dt.datetime | None = None  # aware, UTC
    summary: str | None = None
    guid: str | None = None
    attempts: int = 0  # failed fetches of this link so far (raw.ingest_errors)
    held: bool = False  # a failed link not due again yet (backoff, retry limit): not fetched


@dataclass(slots=True)
class FeedState:
    """Polling state kept per feed for conditional GET."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    # failed page fetches of this feed: link -> (attempts, next try; None: never again)
    pending: dict[str, tuple[int, dt.datetime | None]] = field(default_factory=dict)
    next_try_at: dt.datetime | None = None  # the host asked us to wait until then (Retry-After)


@dataclass(slots=True)
class FeedResult:
    """Outcome of polling one feed."""

    url: str
    status: str  # "ok" | "not_modified" | "error"
    entries: list[FeedEntry] = field(default_factory=list)
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    http_status: int | None = None
    error: str | None = None  # set for "error", and for "ok" feeds that were partly malformed
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (link, reason) not fetched
    retries: list[FeedEntry] = field(default_factory=list)  # failed pages due again (not entries)
    retry_at: dt.datetime | None = None  # deferred (429/503 with a long Retry-After): poll after


@dataclass(slots=True)
class Page:
    """A fetched article page (or the reason it could not be fetched)."""

    url: str  # the URL as the feed links it
    final_url: str | None = None  # after redirects
    status: str = "ok"  # "ok" | "not_modified" | "error"
    http_status: int | None = None
    content_type: str | None = None
    html: str | None = None  # decoded text
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    entry: FeedEntry | None = None
    retry_at: dt.datetime | None = None  # a failed page: when to try again (None: never)


@dataclass(slots=True)
class Article:
    """Text and metadata of one article."""

    url: str  # as the feed links it
    text: str
    title: str | None = None
    canonical_url: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: dt.datetime | None = None  # aware, UTC
    language: str | None = None
    description: str | None = None
    site_name: str | None = None
    feed_url: str | None = None
    content_hash: str | None = None


@dataclass(slots=True)
class Event:
    """One PLOVER event found in one article, with the provenance of its coding.

    `coder` and `coder_version` are stamped by the coder registry (dipwatch.events.coders) on
    every event a coder returns. `rules` lists the ids of the rules that made the event: the
    rule coder will fill it with ids like "trigger:42", "role:obj", "context:aid-recipient";
    until then its wrapper records ["trigger:<trigger text>"]. None of them is part of the
    event id.
    """

    event_type: str
    source_country: str | None
    target_country: str | None
    evidence: str
    evidence_start: int
    evidence_end: int
    event_mode: str | None = None
    source_actor: str | None = None  # as named in the text
    target_actor: str | None = None
    source_how: str | None = (
        None  # how the coder knew the source (name, person, pronoun...); not stored
    )
    symmetric: bool = False
    event_date: dt.date | None = None
    date_precision: str | None = None  # "day" | "month" | "year"
    date_text: str | None = None
    location_name: str | None = None
    location_kind: str | None = None  # city | country
    location_country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    amount_usd: float | None = None
    amount_text: str | None = None
    cameo_code: str | None = None
    goldstein: float | None = None
    quad_class: int | None = None
    confidence: float = 0.5
    trigger: str | None = None
    coder: str | None = None  # the registered name of the coder that made it
    coder_version: str | None = None  # that coder's version (the rule coder's includes its data)
    rules: list[str] = field(default_factory=list)  # ids of the rules that made it
