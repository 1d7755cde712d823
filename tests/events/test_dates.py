"""dipwatch.events.dates: temporal expressions resolved against the publication day."""

from __future__ import annotations

import datetime as dt

import pytest

from dipwatch.events.dates import TimeExpr, find_times, remember, render

PUB = dt.date(2024, 3, 6)  # a Wednesday
D = dt.date


def one(text: str, ref: dt.date = PUB, **kw) -> TimeExpr:
    """The only temporal expression of `text`."""
    times = find_times(text, ref, **kw)
    assert len(times) == 1, times
    return times[0]


def resolved(text: str, ref: dt.date = PUB, **kw) -> tuple[dt.date, str]:
    """(date, precision) of the only temporal expression of `text`."""
    te = one(text, ref, **kw)
    return te.date, te.precision


# ------------------------------------------------------------------ FORMAT.md's house rules


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on Monday", D(2024, 3, 4)),
        ("on Sunday", D(2024, 3, 3)),
        ("on Thursday", D(2024, 2, 29)),  # the Thursday of the week before
        ("on Wednesday", D(2024, 3, 6)),  # the publication day itself
        ("The Monday talks", D(2024, 3, 4)),
    ],
)
def test_weekday_is_latest_such_day_on_or_before_publication(text, expected):
    assert resolved(text) == (expected, "day")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("on Monday", D(2024, 3, 11)), ("on Wednesday", D(2024, 3, 6))],
)
def test_weekday_of_a_future_event_is_the_next_one(text, expected):
    assert resolved(text, future=True) == (expected, "day")


@pytest.mark.parametrize(
    ("text", "ref", "expected"),
    [
        ("last week", PUB, D(2024, 2, 1)),  # seven days before 6 March is in February
        ("last week", D(2024, 3, 20), D(2024, 3, 1)),
        ("last month", PUB, D(2024, 2, 1)),
        ("last month", D(2024, 1, 15), D(2023, 12, 1)),
        ("this month", PUB, D(2024, 3, 1)),
        ("in July", PUB, D(2023, 7, 1)),  # the latest July not after publication
        ("in March", PUB, D(2024, 3, 1)),
        ("in February", PUB, D(2024, 2, 1)),
    ],
)
def test_week_and_month_phrases_have_month_precision(text, ref, expected):
    assert resolved(text, ref) == (expected, "month")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("last year", D(2023, 1, 1)), ("in 2017", D(2017, 1, 1)), ("since 2012", D(2012, 1, 1))],
)
def test_year_phrases_have_year_precision(text, expected):
    assert resolved(text) == (expected, "year")


@pytest.mark.parametrize(
    ("text", "ref", "expected"),
    [
        ("on March 3", PUB, D(2024, 3, 3)),
        ("on 3 March", PUB, D(2024, 3, 3)),
        ("on March 3", D(2024, 2, 20), D(2023, 3, 3)),  # March 2024 is still to come
        ("on Jan. 5", PUB, D(2024, 1, 5)),
        ("on Dec. 28", PUB, D(2023, 12, 28)),
    ],
)
def test_month_and_day_is_that_day_in_latest_such_month(text, ref, expected):
    assert resolved(text, ref) == (expected, "day")


@pytest.mark.parametrize(
    ("text", "ref", "expected"),
    [
        ("on March 3", D(2024, 2, 27), D(2023, 3, 3)),
        ("on April 2", D(2024, 3, 28), D(2023, 4, 2)),
    ],
)
def test_month_and_day_never_in_a_month_after_publication(text, ref, expected):
    assert resolved(text, ref) == (expected, "day")


def test_a_day_after_a_date_is_resolved_from_that_date():
    assert resolved("The envoy arrived a day after March 3.") == (D(2024, 3, 4), "day")


# ------------------------------------------------------------------ what the module does besides


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last Wednesday", D(2024, 2, 28)),  # said on a Wednesday: a week before
        ("last Monday", D(2024, 3, 4)),
        ("next Monday", D(2024, 3, 11)),
        ("yesterday", D(2024, 3, 5)),
        ("today", D(2024, 3, 6)),
        ("tomorrow", D(2024, 3, 7)),
        ("three days ago", D(2024, 3, 3)),
        ("March 3, 2021", D(2021, 3, 3)),
        ("3 March 2021", D(2021, 3, 3)),
        ("2023-05-01", D(2023, 5, 1)),
        ("on March 20", D(2023, 3, 20)),  # more than a week after publication: the year before
    ],
)
def test_day_expressions(text, expected):
    assert resolved(text) == (expected, "day")


@pytest.mark.parametrize(
    ("text", "future", "expected"),
    [
        ("late June 2022", False, D(2022, 6, 1)),
        ("July last year", False, D(2023, 7, 1)),
        ("last July", False, D(2023, 7, 1)),
        ("two weeks ago", False, D(2024, 2, 1)),
        ("in July", True, D(2024, 7, 1)),
        ("in February", True, D(2025, 2, 1)),
    ],
)
def test_month_expressions(text, future, expected):
    assert resolved(text, future=future) == (expected, "month")


def test_no_date_in_numbers_and_modal_may():
    assert find_times("Exports fell 4 percent, and officials may meet soon.", PUB) == []
    assert find_times("Aid rose by March 10 million dollars.", PUB) == []
    assert find_times("a treaty of 1850", PUB) == []  # years before 1950 are not matched


def test_offsets_kinds_and_order():
    text = "On Monday, ministers recalled talks held last month and a deal signed in 2017."
    times = find_times(text, PUB)
    assert [(t.text, t.kind) for t in times] == [
        ("Monday", "weekday"),
        ("last month", "rel_unit"),
        ("in 2017", "year"),
    ]
    assert all(text[t.start : t.end] == t.text for t in times)


def test_story_context_resolves_anaphors_and_later_days():
    context: dict[str, tuple[dt.date, str]] = {}
    remember(context, find_times("The summit opened on March 3, 2021.", PUB))
    assert context == {unit: (D(2021, 3, 3), "day") for unit in ("year", "month", "day")}
    assert resolved("a day later", context=context) == (D(2021, 3, 4), "day")
    assert resolved("two days later", context=context) == (D(2021, 3, 5), "day")
    assert resolved("the next day", context=context) == (D(2021, 3, 4), "day")
    assert resolved("that year", context=context) == (D(2021, 1, 1), "year")
    assert resolved("the same month", context=context) == (D(2021, 3, 1), "month")
    assert resolved("the same day", context=context) == (D(2021, 3, 3), "day")


def test_anaphors_without_context_resolve_to_nothing():
    assert find_times("that year", PUB) == []
    assert find_times("a day later", PUB) == []


def test_remember_keeps_the_last_date_at_each_precision():
    context: dict[str, tuple[dt.date, str]] = {}
    remember(context, find_times("in 2017", PUB))
    assert context == {"year": (D(2017, 1, 1), "year")}
    remember(context, find_times("last month", PUB))
    assert context == {"year": (D(2024, 2, 1), "month"), "month": (D(2024, 2, 1), "month")}
    remember(context, find_times("that year", PUB, context=context))  # anaphors are not kept
    assert context["year"] == (D(2024, 2, 1), "month")


@pytest.mark.parametrize(
    ("precision", "expected"), [("day", "2024-03-06"), ("month", "2024-03"), ("year", "2024")]
)
def test_render(precision, expected):
    assert render(PUB, precision) == expected
