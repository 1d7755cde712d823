"""dipwatch.events.actors: the actor dictionary, its longest-match lookup and people by year."""

from __future__ import annotations

import pytest

from dipwatch.events.actors import ActorLexicon, lexicon


@pytest.fixture(scope="module")
def lex() -> ActorLexicon:
    """The shared dictionary."""
    return lexicon()


def found(lex: ActorLexicon, text: str) -> list[tuple[str, str | None, str]]:
    """(text, code, kind) of every dictionary phrase of `text`."""
    return [(m.text, m.code, m.kind) for m in lex.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("North Korea fired a missile.", [("North Korea", "PRK", "country")]),
        ("North and South Korea", [("South Korea", "KOR", "country")]),
        ("the Republic of Korea", [("Republic of Korea", "KOR", "country")]),
        ("the United Nations Security Council", [("United Nations Security Council", "UN", "org")]),
        ("the White House said", [("White House", "USA", "metonym")]),
    ],
)
def test_longest_match_wins(lex, text, expected):
    assert found(lex, text) == expected


def test_mentions_left_to_right_with_offsets(lex):
    text = "U.S. Secretary of State Antony Blinken met Chinese officials."
    mentions = lex.find(text)
    assert [(m.text, m.code, m.kind) for m in mentions] == [
        ("U.S.", "USA", "country"),
        ("Secretary of State", None, "title"),
        ("Antony Blinken", "USA", "person"),
        ("Chinese", "CHN", "demonym"),
        ("officials", None, "title"),
    ]
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_titles_match_in_any_case(lex):
    for text in ("foreign minister", "Foreign Minister", "FOREIGN MINISTER"):
        assert found(lex, text) == [(text, None, "title")]


def test_ambiguous_names_are_not_coded_inside_a_longer_name(lex):
    assert found(lex, "Michael Jordan scored.") == []
    assert found(lex, "Jordan said on Monday.") == [("Jordan", "JOR", "country")]
    assert found(lex, "In Georgia, protests went on.") == [("Georgia", "GEO", "country")]
    assert [m.ambiguous for m in lex.find("Korea said")] == [True]


@pytest.mark.parametrize(
    ("name", "year", "code"),
    [
        ("Mark Rutte", 2020, "NLD"),
        ("Mark Rutte", 2024, "NATO"),  # both offices that year: the later one
        ("Mark Rutte", 2025, "NATO"),
        ("Jens Stoltenberg", 2012, "NOR"),  # no office listed for 2012: the latest one
        ("Jens Stoltenberg", 2016, "NATO"),
        ("Jens Stoltenberg", 2025, "NOR"),
        ("Donald Tusk", 2016, "EU"),
        ("Donald Tusk", 2024, "POL"),
        ("Christine Lagarde", 2012, "IMF"),
        ("Christine Lagarde", 2020, "EU"),
        ("Christine Lagarde", None, "EU"),  # no year: the latest office
        ("Nobody Atall", 2020, None),
    ],
)
def test_person_code_by_year(lex, name, year, code):
    assert lex.person_code(name, year) == code


@pytest.mark.parametrize(
    ("surname", "year", "code"),
    [
        ("Rutte", 2016, "NLD"),
        ("Rutte", 2024, "NATO"),
        ("Tusk", 2016, "EU"),
        ("Tusk", 2012, None),  # two offices, neither held in 2012
        ("Kim", 2024, None),  # marked "ambiguous surname" in persons.tsv
    ],
)
def test_surname_code_by_year(lex, surname, year, code):
    assert lex.surname_code(surname, year) == code
