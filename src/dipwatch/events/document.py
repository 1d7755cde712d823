"""One article as the coder sees it: its dateline, publication day and running state."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from dipwatch.events.actors import Mention
from dipwatch.events.dates import find_times
from dipwatch.events.grammar import PAIR_NOUNS
from dipwatch.events.people import Registry
from dipwatch.events.places import Place, gazetteer
from dipwatch.events.sentences import Sentence
from dipwatch.models import Event

YEARISH = re.compile(r"\b(?:19|20)\d\d\b")


PAIR_PHRASE = re.compile(  # "the two sides", "both foreign ministers": see is_pair_anaphor
    r"\b(?:two|both)\s+(?:\w+\s+)?(?:" + "|".join(sorted(PAIR_NOUNS)) + r")\b", re.I
)


DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Z .'/\-]{2,40}?)(?:,\s*(?P<region>[A-Z][A-Za-z0-9 .,]{1,30}?))?\s*"
    r"(?:\((?P<agency>[A-Za-z .\-]{2,30})\))?\s*(?:—|–|-{1,2}|:)\s+"
)


@dataclass(slots=True)
class Found:
    """An event before merging, with what is needed to pick the best duplicate."""

    event: Event
    sentence: int
    paragraph: int
    needs_date: bool = False
    future: bool = False
    verbal: bool = False  # stated by a verb with a date of its own ("suspended trade on Thursday")


@dataclass(slots=True)
class DocState:
    """What the coder remembers while it reads one article."""

    published: dt.date
    registry: Registry
    dateline: Place | None
    last_state: str | None = None
    last_person: str | None = None
    pair: tuple[str, str] | None = None
    lead_org: str | None = (
        None  # an organisation leading the story's first event ("G7 leaders agreed")
    )
    pairs: dict[tuple[str, str], int] = field(default_factory=dict)
    rivals: dict[tuple[str, str], int] = field(default_factory=dict)  # pairs of hostile events
    recipients: dict[str, int] = field(default_factory=dict)  # who the story's aid went to
    named: set[str] = field(default_factory=set)  # states the story names as such
    times: dict[str, tuple[dt.date, str]] = field(
        default_factory=dict
    )  # last dates the story named
    found: list[Found] = field(default_factory=list)


def published_date(published: dt.datetime | dt.date | None) -> dt.date:
    if published is None:
        return dt.datetime.now(dt.UTC).date()
    if isinstance(published, dt.datetime):
        if published.tzinfo is not None:
            published = published.astimezone(dt.UTC)
        return published.date()
    return published


def _dateline_match(text: str) -> re.Match[str] | None:
    """The dateline, at the start of one of the first lines (a site may print a line before it)."""
    for line in text.split("\n")[:3]:
        m = DATELINE.match(line[:160])
        if m and m.end() < len(line) - 10:
            return m
    return None


def dateline_date(text: str, published: dt.date) -> dt.date:
    """'LIMA, Dec 20 (Reuters) -': the local date of the story, when it is within a day or two."""
    m = _dateline_match(text)
    if m and m.group("region"):
        for te in find_times(m.group("region"), published):
            if te.precision == "day" and abs((te.date - published).days) <= 2:
                return te.date
    return published


def dateline_place(text: str) -> Place | None:
    """The city the story was filed from ("WASHINGTON/CARACAS": the last one)."""
    m = _dateline_match(text)
    if not m:
        return None
    city = m.group("city").split("/")[-1].strip().title()
    place = gazetteer().city(city) or gazetteer().city_anycase(city)
    return (
        Place(city, place.country, place.latitude, place.longitude, place.kind) if place else None
    )


def strip_dateline(sentences: list[Sentence]) -> list[Sentence]:
    """'MOSCOW (Reuters) - Xi met...' parses better as 'Xi met...' (the place is kept apart)."""
    out = list(sentences)
    for k, sent in enumerate(sentences[:3]):
        m = DATELINE.match(sent.text)
        if m and m.end() < len(sent.text) - 10:
            cut = m.end()
            out[k] = Sentence(
                sent.text[cut:], sent.start + cut, sent.end, sent.paragraph, sent.index
            )
            break
    return out


def drop_loose_anaphors(
    mentions: list[list[Mention]], texts: list[str] | None = None
) -> list[list[Mention]]:
    """'the bloc', 'the alliance', 'the Fund' count only where the story names that body plainly,
    and only as 'the bloc' (a 'settlement bloc' is no EU)."""
    plain = {m.code for ms in mentions for m in ms if m.code and not m.ambiguous}
    out = []
    for k, ms in enumerate(mentions):
        text = texts[k] if texts is not None else None
        keep = []
        for m in ms:
            if m.kind == "org" and m.ambiguous:
                if m.code not in plain:
                    continue
                before = text[max(0, m.start - 4) : m.start].lower() if text is not None else "the "
                if m.text[:1].islower() and not before.endswith(("the ", "’s ", "'s ")):
                    continue
            keep.append(m)
        out.append(keep)
    return out
