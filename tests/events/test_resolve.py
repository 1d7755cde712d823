"""dipwatch.events.resolve: span-based resolution any coder can use."""

from __future__ import annotations

import datetime as dt

from dipwatch.events import resolve
from dipwatch.models import Event

TEXT = (
    "BEIJING (Reuters) - Chinese President Xi Jinping met Russia's Vladimir Putin at the "
    "Kremlin on Monday. Japan pledged $500 million in aid to the Philippines last month. "
    "Iran sent warships to the Red Sea."
)
PUB = dt.date(2024, 3, 6)  # a Wednesday


def _event(phrase: str, etype: str, src: str | None, tgt: str | None) -> Event:
    i = TEXT.index(phrase)
    return Event(etype, src, tgt, TEXT[i : i + len(phrase)], i, i + len(phrase))


def test_actors_of_a_text_with_people_by_year():
    found = [(m.text, m.code) for m in resolve.actors(TEXT, 2024)]
    assert ("Xi Jinping", "CHN") in found and ("Kremlin", "RUS") in found
    assert ("Philippines", "PHL") in found


def test_complete_dates_places_and_codes_an_event_from_its_span():
    ev = resolve.complete(_event("met Russia", "CONSULT", "CHN", "RUS"), TEXT, PUB)
    assert (ev.event_date, ev.date_precision) == (dt.date(2024, 3, 4), "day")  # Monday before
    assert (ev.location_name, ev.location_country) == ("Moscow", "RUS")  # the Kremlin's city
    assert (ev.cameo_code, ev.quad_class) == ("040", 1) and ev.goldstein == 1.0


def test_amounts_only_on_aid_and_cooperation_and_recipients_are_not_places():
    aid = resolve.complete(_event("pledged", "AID", "JPN", "PHL"), TEXT, PUB)
    assert aid.amount_usd == 500e6 and (aid.event_date, aid.date_precision) == (
        dt.date(2024, 2, 1),
        "month",
    )
    assert aid.location_name is None  # "aid to the Philippines" names the recipient, not a place
    told = resolve.complete(_event("pledged", "AGREE", "JPN", "PHL"), TEXT, PUB)
    assert told.amount_usd is None


def test_a_sea_is_a_place_of_no_country():
    ev = resolve.complete(_event("sent warships", "MOBILIZE", "IRN", None), TEXT, PUB)
    assert ev.event_date is None  # the sentence names no time
    assert ev.location_name is None  # "to the Red Sea" is where they went, not an in/at place
    assert (
        resolve.place_of(
            TEXT + " Talks were held in the Red Sea port.", len(TEXT) + 1, len(TEXT) + 40
        ).country
        is None
    )


def test_merge_keeps_one_row_per_event_with_the_best_attributes():
    a = _event("met Russia", "CONSULT", "CHN", "RUS")
    a.symmetric = True
    b = Event(
        "CONSULT",
        "RUS",
        "CHN",
        "x",
        0,
        1,
        symmetric=True,
        event_date=dt.date(2024, 3, 4),
        date_precision="day",
        location_name="Moscow",
        location_kind="city",
    )
    merged = resolve.merge([a, b])
    assert len(merged) == 1
    assert merged[0].event_date == dt.date(2024, 3, 4) and merged[0].location_name == "Moscow"
    other = Event("ACCUSE", "CHN", "RUS", "y", 2, 3)
    assert len(resolve.merge([a, other])) == 2
