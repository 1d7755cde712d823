"""Mentions of one event in one article become one row, with the best attributes."""

from __future__ import annotations

import re

from dipwatch.events.ablation import enabled
from dipwatch.events.document import DocState, Found
from dipwatch.models import Event

_HERE = re.compile(r"\bhere\b", re.I)
# what a story reports being said: made for the story, on its day unless it says otherwise
STATEMENTS = frozenset({"ACCUSE", "REQUEST", "REJECT", "THREATEN", "SUPPORT"})


def _compatible(a: Event, b: Event) -> bool:
    if a.event_date is None or b.event_date is None:
        return True
    width = {"year": 4, "month": 7, "day": 10}
    w = min(width[a.date_precision or "year"], width[b.date_precision or "year"])
    return a.event_date.isoformat()[:w] == b.event_date.isoformat()[:w]


def _same_kind(a: Event, b: Event) -> bool:
    """Two mentions of one event: meetings of a pair by the same people, else the same CAMEO action."""
    if a.symmetric != b.symmetric:
        return False  # "the two sides agreed" is not "X will visit Y"
    if a.event_type in ("CONSULT", "AGREE"):
        people = {a.source_how, b.source_how} <= {"person", "registry"}
        return not people or _same_name(a.source_actor, b.source_actor)
    return (a.cameo_code or "")[:3] == (b.cameo_code or "")[:3]


def _same_name(x: str | None, y: str | None) -> bool:
    """'Choe Ryong Hae' and 'Choe' are one person; 'King Abdullah' and 'Ayman Safadi' are not."""
    if not x or not y:
        return True
    a, b = set(x.lower().split()), set(y.lower().split())
    return bool(a & b)


def _two_acts(a: Found, b: Found) -> bool:
    """Two dated verbs in two sentences are two acts ("suspended trade", "suspended the train
    service"), unless they are meetings of the same pair (one visit told in several sentences)."""
    return (
        a.verbal
        and b.verbal
        and a.sentence != b.sentence
        and a.event.event_type not in ("CONSULT", "AGREE")
    )


def _rank(f: Found) -> tuple:
    prec = {"day": 3, "month": 2, "year": 1, None: 0}[f.event.date_precision]
    return (f.event.confidence, prec, f.event.location_name is not None, -f.sentence)


def finish(state: DocState) -> list[Event]:
    """Fill dates from the story, merge mentions of the same event, order by position."""
    story = next(
        (
            f
            for f in sorted(state.found, key=lambda f: f.sentence)
            if f.paragraph <= 2 and f.event.date_precision == "day" and not f.future
        ),
        None,
    )
    for f in state.found:
        statement = f.event.event_type in STATEMENTS and enabled("story-date-statements")
        if (
            f.event.event_date is None
            and f.needs_date
            and (f.paragraph <= 3 or statement)
            and (not f.future or f.event.event_type in ("AGREE", "REJECT", "THREATEN"))
        ):
            if story is not None:
                f.event.event_date, f.event.date_precision = story.event.event_date, "day"
                f.event.date_text = f"(story date: {story.event.date_text})"
            elif f.paragraph <= 1 or statement:
                f.event.event_date, f.event.date_precision = state.published, "day"
                f.event.date_text = "(publication date)"
    groups: dict[tuple, list[list[Found]]] = {}
    for f in sorted(state.found, key=lambda f: f.sentence):
        e = f.event
        key = (e.event_type, e.source_country, e.target_country)
        if e.symmetric and (e.event_type, e.target_country, e.source_country) in groups:
            key = (e.event_type, e.target_country, e.source_country)  # B-A after A-B: one event
        clusters = groups.setdefault(key, [])
        for cluster in clusters:
            if all(
                _compatible(e, g.event) and _same_kind(e, g.event) and not _two_acts(f, g)
                for g in cluster
            ):
                cluster.append(f)
                break
        else:
            clusters.append([f])
    out: list[tuple[int, Event]] = []
    for clusters in groups.values():
        for cluster in clusters:
            best = max(cluster, key=_rank)
            ev = best.event
            dated = [g.event for g in cluster if g.event.event_date is not None]
            if dated:
                finest = max(
                    dated, key=lambda e: {"day": 3, "month": 2, "year": 1}[e.date_precision]
                )
                ev.event_date, ev.date_precision, ev.date_text = (
                    finest.event_date,
                    finest.date_precision,
                    finest.date_text,
                )
            if ev.location_kind != "city":
                ranked = sorted(cluster, key=_rank, reverse=True)
                other = next((g.event for g in ranked if g.event.location_kind == "city"), None)
                other = other or (
                    None
                    if ev.location_name
                    else next((g.event for g in cluster if g.event.location_name), None)
                )
                if other is not None:
                    ev.location_name, ev.location_country = (
                        other.location_name,
                        other.location_country,
                    )
                    ev.location_kind = other.location_kind
                    ev.latitude, ev.longitude = other.latitude, other.longitude
            if ev.amount_usd is None:
                other = next((g.event for g in cluster if g.event.amount_usd is not None), None)
                if other is not None:
                    ev.amount_usd, ev.amount_text = other.amount_usd, other.amount_text
            ev.confidence = round(min(0.99, ev.confidence + 0.03 * (len(cluster) - 1)), 2)
            out.append((min(g.sentence for g in cluster), ev))
    if state.dateline is not None:
        # a dateline is not evidence of where an event happened, but "talks here" names it
        place = state.dateline
        for first, ev in out:
            lede = first <= 1 and enabled("dateline-lede")
            here = enabled("dateline-here") and _HERE.search(ev.evidence)
            if ev.location_name is None and (lede or here):
                ev.location_name, ev.location_kind, ev.location_country = (
                    place.name,
                    place.kind,
                    place.country,
                )
                ev.latitude, ev.longitude = place.latitude, place.longitude
    for _, ev in out:
        if (
            ev.event_type == "CONSULT"
            and ev.location_country
            and ev.target_country
            and ev.location_country == ev.source_country != ev.target_country
            and ev.event_mode != "visit"
        ):
            # "Xi held talks with Lula in Beijing": Lula visited, Xi hosted
            ev.source_country, ev.target_country = ev.target_country, ev.source_country
            ev.source_actor, ev.target_actor = ev.target_actor, ev.source_actor
            ev.event_mode = "visit"
            ev.symmetric = False
    for _, ev in out:
        if (
            ev.event_type == "CONSULT"
            and ev.location_country
            and ev.location_country == ev.target_country != ev.source_country
        ):
            ev.event_mode, ev.symmetric = "visit", False  # a meeting on the target's soil: a visit
    # a visit orients the story's symmetric events: "the two sides signed..." during X's visit to Y
    visits = {
        (ev.source_country, ev.target_country)
        for _, ev in out
        if ev.event_type == "CONSULT" and not ev.symmetric and ev.event_mode == "visit"
    }
    for _, ev in out:
        if (
            ev.symmetric
            and (ev.target_country, ev.source_country) in visits
            and (ev.source_country, ev.target_country) not in visits
        ):  # the visitor leads
            ev.source_country, ev.target_country = ev.target_country, ev.source_country
            ev.source_actor, ev.target_actor = ev.target_actor, ev.source_actor
    out.sort(key=lambda x: x[0])
    # re-oriented events can now repeat one another: keep the first of each
    seen: set[tuple] = set()
    unique = []
    for _, ev in out:
        key = (
            ev.event_type,
            ev.source_country,
            ev.target_country,
            ev.event_date,
            ev.evidence_start,
        )
        if key not in seen:
            seen.add(key)
            unique.append(ev)
    return unique
