"""dipwatch.events.merge: mentions of one event in one article become one row."""

from __future__ import annotations

import datetime as dt

from dipwatch.events.actors import lexicon
from dipwatch.events.document import DocState, Found
from dipwatch.events.merge import finish
from dipwatch.events.people import Registry
from dipwatch.models import Event

PUB = dt.date(2024, 3, 6)


def mention(
    etype: str,
    source: str | None,
    target: str | None,
    sentence: int,
    paragraph: int | None = None,
    *,
    needs_date: bool = False,
    verbal: bool = False,
    **fields,
) -> Found:
    """An event the coder found in sentence `sentence` (paragraph = sentence unless given)."""
    fields.setdefault("confidence", 0.6)
    event = Event(
        event_type=etype,
        source_country=source,
        target_country=target,
        evidence=f"Sentence {sentence}.",
        evidence_start=100 * sentence,
        evidence_end=100 * sentence + 12,
        **fields,
    )
    para = sentence if paragraph is None else paragraph
    return Found(event, sentence, para, needs_date=needs_date, verbal=verbal)


def rows(*found: Found) -> list[Event]:
    """What finish makes of these mentions."""
    state = DocState(PUB, Registry(lexicon(), PUB.year), None)
    state.found.extend(found)
    return finish(state)


def keys(events: list[Event]) -> list[tuple[str, str | None, str | None]]:
    return [(e.event_type, e.source_country, e.target_country) for e in events]


def test_two_mentions_of_one_event_become_one_row():
    lede = mention(
        "SANCTION",
        "USA",
        "RUS",
        0,
        cameo_code="163",
        event_date=dt.date(2024, 3, 1),
        date_precision="month",
        confidence=0.6,
    )
    later = mention(
        "SANCTION",
        "USA",
        "RUS",
        3,
        cameo_code="163",
        event_date=dt.date(2024, 3, 4),
        date_precision="day",
        location_name="Washington",
        location_kind="city",
        location_country="USA",
        confidence=0.5,
    )
    (row,) = rows(lede, later)
    assert row.evidence == "Sentence 0."  # the most confident mention
    assert (row.event_date, row.date_precision) == (dt.date(2024, 3, 4), "day")  # the finest
    assert (row.location_name, row.location_kind) == ("Washington", "city")
    assert row.confidence == 0.63  # +0.03 per further mention


def test_amount_is_taken_from_any_mention():
    first = mention("AID", "JPN", "UKR", 0, cameo_code="071")
    second = mention(
        "AID", "JPN", "UKR", 2, cameo_code="071", amount_usd=4.5e9, amount_text="$4.5 billion"
    )
    (row,) = rows(first, second)
    assert (row.amount_usd, row.amount_text) == (4.5e9, "$4.5 billion")


def test_dates_that_disagree_are_two_events():
    first = mention(
        "CONSULT", "USA", "CHN", 0, event_date=dt.date(2024, 3, 4), date_precision="day"
    )
    second = mention(
        "CONSULT", "USA", "CHN", 2, event_date=dt.date(2024, 2, 1), date_precision="month"
    )
    assert [r.event_date for r in rows(first, second)] == [dt.date(2024, 3, 4), dt.date(2024, 2, 1)]


def test_two_dated_verbs_in_two_sentences_are_two_acts():
    first = mention("SANCTION", "USA", "RUS", 0, cameo_code="163", verbal=True)
    second = mention("SANCTION", "USA", "RUS", 1, cameo_code="163", verbal=True)
    assert len(rows(first, second)) == 2


def test_a_symmetric_event_is_one_row():
    first = mention("AGREE", "CHN", "USA", 0, cameo_code="057", symmetric=True)
    second = mention("AGREE", "CHN", "USA", 2, cameo_code="057", symmetric=True)
    (row,) = rows(first, second)
    assert (row.source_country, row.target_country, row.symmetric) == ("CHN", "USA", True)


def test_a_symmetric_event_is_not_a_directed_one():
    both = mention("AGREE", "CHN", "USA", 0, cameo_code="057", symmetric=True)
    one_way = mention("AGREE", "CHN", "USA", 2, cameo_code="057")
    assert [r.symmetric for r in rows(both, one_way)] == [True, False]


def test_a_symmetric_event_named_both_ways_is_one_row():
    first = mention("CONSULT", "CHN", "USA", 0, symmetric=True)
    second = mention("CONSULT", "USA", "CHN", 2, symmetric=True)
    assert len(rows(first, second)) == 1


def test_undated_lede_event_takes_the_story_date():
    dated = mention(
        "CONSULT",
        "USA",
        "CHN",
        0,
        event_date=dt.date(2024, 3, 4),
        date_precision="day",
        date_text="on Monday",
    )
    undated = mention("ACCUSE", "CHN", "USA", 1, needs_date=True)
    accuse = rows(dated, undated)[1]
    assert (accuse.event_date, accuse.date_precision) == (dt.date(2024, 3, 4), "day")
    assert accuse.date_text == "(story date: on Monday)"


def test_undated_lede_event_without_a_story_date_takes_the_publication_day():
    (row,) = rows(mention("ACCUSE", "CHN", "USA", 0, needs_date=True))
    assert (row.event_date, row.date_precision, row.date_text) == (
        PUB,
        "day",
        "(publication date)",
    )


def test_undated_event_far_down_the_story_stays_undated():
    (row,) = rows(mention("COERCE", "CHN", "USA", 8, needs_date=True))
    assert row.event_date is None


def test_talks_on_the_sources_soil_make_the_target_the_visitor():
    talks = mention(
        "CONSULT",
        "CHN",
        "BRA",
        0,
        symmetric=True,
        source_actor="Xi",
        target_actor="Lula",
        location_name="Beijing",
        location_kind="city",
        location_country="CHN",
    )
    (row,) = rows(talks)
    assert keys([row]) == [("CONSULT", "BRA", "CHN")]
    assert (row.source_actor, row.event_mode, row.symmetric) == ("Lula", "visit", False)


def test_rows_follow_the_story():
    found = [
        mention("ACCUSE", "RUS", "UKR", 4),
        mention("CONSULT", "USA", "CHN", 1),
        mention("AID", "JPN", "UKR", 2, cameo_code="071"),
    ]
    assert keys(rows(*found)) == [
        ("CONSULT", "USA", "CHN"),
        ("AID", "JPN", "UKR"),
        ("ACCUSE", "RUS", "UKR"),
    ]
