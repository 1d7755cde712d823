"""Coder-independent resolution on text spans: what any coder needs to turn "an act between A
and B in this stretch of text" into a complete row.

A coder that finds events its own way (a trained model, an external service) names each one by
type, actors and the character span of its evidence; `complete()` then adds what the rule coder
adds, with the same modules: the date of the span's own sentence resolved against the publication
time (`dates`), the place it names (`places`), the dollar amount (`amounts`), the CAMEO code,
Goldstein score and quad class (`codes`), and `merge()` keeps one row per event of an article.
Nothing here needs spaCy.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from functools import lru_cache

from dipwatch.events import codes
from dipwatch.events.actors import Mention, lexicon
from dipwatch.events.amounts import Amount, find_amounts
from dipwatch.events.dates import TimeExpr, find_times
from dipwatch.events.places import Place, gazetteer
from dipwatch.events.sentences import Sentence, split_sentences
from dipwatch.models import Event

# the CAMEO code of a type when a coder names none (its root code in CAMEO2PLOVER)
DEFAULT_CAMEO = {
    "AGREE": "030",
    "CONSULT": "040",
    "SUPPORT": "050",
    "COOPERATE": "060",
    "AID": "070",
    "CONCEDE": "080",
    "RETREAT": "084",
    "ACCUSE": "112",
    "REQUEST": "100",
    "REJECT": "120",
    "THREATEN": "130",
    "PROTEST": "140",
    "MOBILIZE": "150",
    "SANCTION": "160",
    "COERCE": "170",
    "ASSAULT": "190",
}
AMOUNT_TYPES = frozenset({"AID", "COOPERATE"})
_PLACE_PHRASE = re.compile(
    r"\b(?:in|at)\s+(?:the\s+)?((?:[A-Z][\w'’.-]*)(?:\s+(?:of\s+the\s+|of\s+)?[A-Z][\w'’.-]*)*)"
)
_PRECISION = {"day": 0, "month": 1, "year": 2, None: 3}


@lru_cache(maxsize=4)
def _sentences(text: str) -> tuple[Sentence, ...]:
    """split_sentences, once per text for the several spans a coder completes in it."""
    return tuple(split_sentences(text))


def sentence_at(text: str, start: int) -> Sentence | None:
    """The sentence of `text` that holds character `start`."""
    for s in _sentences(text):
        if s.start <= start < max(s.end, s.start + 1):
            return s
    return None


def actors(text: str, year: int | None = None) -> list[Mention]:
    """States and organisations named in `text` (dictionary mentions; people by `year`)."""
    lex = lexicon()
    out = []
    for m in lex.find(text):
        if m.kind == "person":
            code = lex.person_code(m.text, year) or m.code
            m = replace(m, entry=replace(m.entry, code=code))
        if m.code and m.kind not in ("agency", "title"):
            out.append(m)
    return out


def _nearest(items: list, start: int, end: int):
    inside = [x for x in items if start <= x.start < end]
    if inside:
        return inside[0]
    return min(items, key=lambda x: min(abs(x.start - start), abs(x.start - end)), default=None)


def date_of(
    text: str, start: int, end: int, published: dt.date | dt.datetime | None
) -> TimeExpr | None:
    """The time expression of the span's sentence nearest the span, resolved against the
    publication date ("on Monday", "last month", "in 2017"); None without one."""
    if published is None:
        return None
    ref = published.date() if isinstance(published, dt.datetime) else published
    sent = sentence_at(text, start)
    if sent is None:
        return None
    times = find_times(sent.text, ref)
    shifted = [replace(t, start=t.start + sent.start, end=t.end + sent.start) for t in times]
    return _nearest(shifted, start, end)


def place_of(text: str, start: int, end: int) -> Place | None:
    """The place an "in/at X" phrase of the span's sentence names: a landmark's city, a city,
    a sea (no country), else a country named as such; None when the sentence names none."""
    sent = sentence_at(text, start)
    if sent is None:
        return None
    gaz = gazetteer()
    lex = lexicon()
    found = []
    for m in _PLACE_PHRASE.finditer(sent.text):
        name = m.group(1).rstrip(".")
        words = name.split()
        for n in range(len(words), 0, -1):  # "the White House" before "White"
            cand = " ".join(words[:n])
            place = gaz.landmark(cand) or gaz.hand.get(cand) or gaz.city(cand)
            if place is None:
                hits = [h for h in lex.find(cand) if h.kind == "country" and h.text == cand]
                place = gaz.country_point(hits[0].code, cand) if hits else None
            if place is not None:
                if place.kind != "city" or place.name == cand or gaz.landmark(cand) is not None:
                    found.append((m.start() + sent.start, place))
                else:
                    found.append((m.start() + sent.start, replace(place, name=cand)))
                break
    if not found:
        return None
    inside = [p for s, p in found if start <= s < end]
    return inside[0] if inside else min(found, key=lambda x: abs(x[0] - start))[1]


def amount_of(text: str, start: int, end: int) -> Amount | None:
    """The dollar sum stated in the span's sentence nearest the span (None without dollars)."""
    sent = sentence_at(text, start)
    if sent is None:
        return None
    amounts = [
        replace(a, start=a.start + sent.start, end=a.end + sent.start)
        for a in find_amounts(sent.text)
        if a.usd is not None
    ]
    return _nearest(amounts, start, end)


def complete(ev: Event, text: str, published: dt.date | dt.datetime | None) -> Event:
    """`ev` with what it lacks filled from its evidence span: date, place, amount (AID and
    COOPERATE only, as FORMAT.md says), CAMEO code, Goldstein score and quad class."""
    start, end = ev.evidence_start, ev.evidence_end
    if ev.event_date is None:
        t = date_of(text, start, end, published)
        if t is not None:
            ev.event_date, ev.date_precision, ev.date_text = t.date, t.precision, t.text
    if ev.location_name is None:
        p = place_of(text, start, end)
        if p is not None:
            ev.location_name, ev.location_kind, ev.location_country = p.name, p.kind, p.country
            ev.latitude, ev.longitude = p.latitude, p.longitude
    if ev.amount_usd is None and ev.event_type in AMOUNT_TYPES:
        a = amount_of(text, start, end)
        if a is not None:
            ev.amount_usd, ev.amount_text = a.usd, a.text
    if ev.cameo_code is None:
        ev.cameo_code = DEFAULT_CAMEO.get(ev.event_type)
    if ev.goldstein is None:
        ev.goldstein = codes.goldstein(ev.cameo_code)
    if ev.quad_class is None:
        ev.quad_class = codes.quad_class(ev.event_type)
    return ev


def merge(events: list[Event]) -> list[Event]:
    """One row per event of an article: mentions with the same type and actors (either order when
    symmetric) and compatible dates become one, with the most precise date, a city over a
    country, and the amount."""
    out: list[Event] = []
    for ev in events:
        same = next(
            (
                o
                for o in out
                if o.event_type == ev.event_type
                and (
                    (o.source_country, o.target_country) == (ev.source_country, ev.target_country)
                    or (
                        o.symmetric
                        and ev.symmetric
                        and (o.source_country, o.target_country)
                        == (ev.target_country, ev.source_country)
                    )
                )
                and (o.event_date is None or ev.event_date is None or o.event_date == ev.event_date)
            ),
            None,
        )
        if same is None:
            out.append(ev)
            continue
        if _PRECISION[ev.date_precision] < _PRECISION[same.date_precision]:
            same.event_date, same.date_precision, same.date_text = (
                ev.event_date,
                ev.date_precision,
                ev.date_text,
            )
        if ev.location_kind == "city" and same.location_kind != "city":
            same.location_name, same.location_kind, same.location_country = (
                ev.location_name,
                ev.location_kind,
                ev.location_country,
            )
            same.latitude, same.longitude = ev.latitude, ev.longitude
        if same.amount_usd is None and ev.amount_usd is not None:
            same.amount_usd, same.amount_text = ev.amount_usd, ev.amount_text
        same.confidence = max(same.confidence, ev.confidence)
    return out
