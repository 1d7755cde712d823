"""dipwatch.events.amounts: sums of money and their dollar value."""

from __future__ import annotations

import pytest

from dipwatch.events.amounts import Amount, find_amounts


def dollars(text: str) -> list[float | None]:
    """The dollar value of every amount of `text`, in order."""
    return [a.usd for a in find_amounts(text)]


@pytest.mark.parametrize(
    ("text", "usd"),
    [
        ("The bank pledged $4.5 billion in loans.", 4.5e9),
        ("Japan offered 76 billion dollars.", 76e9),
        ("a $11-billion arms deal", 11e9),
        ("US$2.5bn for reconstruction", 2.5e9),
        ("a grant of 250,000 dollars", 250_000.0),
        ("an aid package worth 1.2 trillion U.S. dollars", 1.2e12),
    ],
)
def test_dollar_amounts(text, usd):
    (amount,) = find_amounts(text)
    assert (amount.currency, amount.value, amount.usd) == ("USD", usd, usd)
    assert text[amount.start : amount.end] == amount.text


def test_more_than_is_the_stated_sum():
    (amount,) = find_amounts("Washington pledged more than $25 billion to Ukraine.")
    assert amount == Amount(29, 40, "$25 billion", 25e9, "USD", 25e9)


def test_wire_dlrs_are_dollars():
    assert dollars("Tokyo will lend 76 billion dlrs to Manila.") == [76e9]
    assert dollars("a 300 mln dlr loan") == [300e6]


def test_dollars_with_a_bracketed_euro_conversion():
    amounts = find_amounts("a fund of 700 million dollars (550 million euros)")
    assert [(a.text, a.currency, a.value, a.usd) for a in amounts] == [
        ("700 million dollars", "USD", 700e6, 700e6),
        ("550 million euros", "EUR", 550e6, None),
    ]


def test_euros_without_a_dollar_figure_have_no_dollar_value():
    (amount,) = find_amounts("The EU gave 300 million euros in aid.")
    assert (amount.currency, amount.value, amount.usd) == ("EUR", 300e6, None)


@pytest.mark.parametrize(
    ("text", "span", "usd"),
    [
        ("€300 million (about $330 million)", "€300 million (about $330 million)", 330e6),
        ("€50 million, or about $54 million, in aid", "€50 million, or about $54 million", 54e6),
    ],
)
def test_other_currency_takes_the_dollar_conversion_after_it(text, span, usd):
    (amount,) = find_amounts(text)
    assert (amount.text, amount.currency, amount.usd) == (span, "EUR", usd)


def test_a_later_unrelated_dollar_sum_is_no_conversion():
    assert dollars("5 million euros from Brussels and $3 million from Washington") == [None, 3e6]


@pytest.mark.parametrize(
    ("text", "currency", "value"),
    [("1.2 trillion yen", "JPY", 1.2e12), ("£40m", "GBP", 40e6), ("2 billion yuan", "CNY", 2e9)],
)
def test_other_currencies(text, currency, value):
    (amount,) = find_amounts(text)
    assert (amount.currency, amount.value, amount.usd) == (currency, value, None)


def test_zero_and_text_without_money():
    assert find_amounts("$0 million") == []
    assert find_amounts("Talks lasted 3 hours and drew 200 delegates.") == []
