"""dipwatch.events.people: the people of one article and the state each speaks for."""

from __future__ import annotations

import pytest

from dipwatch.events.actors import ActorLexicon, lexicon
from dipwatch.events.people import Registry, build_registry
from dipwatch.events.sentences import split_sentences


@pytest.fixture(scope="module")
def lex() -> ActorLexicon:
    """The shared dictionary."""
    return lexicon()


def registry(lex: ActorLexicon, text: str, year: int | None = 2024) -> Registry:
    """The registry of an article with this text."""
    sentences = split_sentences(text)
    return build_registry(sentences, [lex.find(s.text) for s in sentences], lex, year)


def code(reg: Registry, name: str) -> str | None:
    """The state the registry gives a name, None if it does not know it."""
    entry = reg.get(name)
    return entry.code if entry else None


def test_demonym_and_title_then_surname_later(lex):
    reg = registry(
        lex,
        "North Korean envoy Pak Thae Song arrived in Moscow on Tuesday. "
        "Pak told reporters he was pleased.",
    )
    assert code(reg, "Pak Thae Song") == "PRK"
    assert code(reg, "Pak") == "PRK"  # the name named again alone
    assert code(reg, "Song") == "PRK"
    assert "Pak" in reg


def test_what_the_story_says_beats_the_dictionary(lex):
    text = "North Korean leader Kim Jong Un met Russia's Foreign Minister Sergei Lavrov. Kim said"
    reg = registry(lex, text + " the talks went well.")
    assert (code(reg, "Kim Jong Un"), code(reg, "Kim")) == ("PRK", "PRK")
    assert (code(reg, "Sergei Lavrov"), code(reg, "Lavrov")) == ("RUS", "RUS")


@pytest.mark.parametrize(
    "text",
    [
        "Oleg Petrenko, the Ukrainian envoy, said talks had failed. Petrenko then left.",
        "Oleg Petrenko, Ukraine's envoy, said talks had failed. Petrenko then left.",
        "Talks with Oleg Petrenko of Ukraine failed. Petrenko then left.",
    ],
)
def test_apposition_and_of_phrase(lex, text):
    reg = registry(lex, text)
    assert (code(reg, "Oleg Petrenko"), code(reg, "Petrenko")) == ("UKR", "UKR")


def test_office_named_with_a_state_earlier(lex):
    reg = registry(
        lex,
        "South Korea's foreign minister spoke on Monday. "
        "Foreign Minister Park Seong-ho said talks would go on.",
    )
    assert code(reg, "Park") == "KOR"


def test_acronym_in_brackets_stands_for_the_same_state(lex):
    reg = registry(lex, "Ghana's National Communications Authority (NCA) fined a firm.")
    assert code(reg, "NCA") == "GHA"


def test_unknown_people_fall_back_to_the_dictionary_by_year(lex):
    reg = registry(lex, "Officials met in Geneva.", year=2020)
    assert code(reg, "Mark Rutte") == "NLD"
    assert code(reg, "Rutte") == "NLD"
    assert code(reg, "Pak") is None
    assert registry(lex, "Officials met in Geneva.", year=2025).get("Rutte").code == "NATO"


def test_people_without_a_state_are_not_registered(lex):
    reg = registry(lex, "Jane Doe, a lawyer, said the case would go on. Doe declined to comment.")
    assert reg.doc == {}
    assert code(reg, "Doe") is None


def test_an_office_entry_before_a_name_gives_its_side_and_is_no_name(lex):
    reg = registry(
        lex,
        "Funaro paid a call to World Bank President Barber Conable in Washington. "
        "Conable said the talks went well.",
        1987,
    )
    assert code(reg, "Conable") == "WB"
    assert "President" not in reg.doc  # the office's last word is not a surname of the bank's
    assert "World" not in reg.doc


def test_a_posting_between_office_and_name_is_not_the_side(lex):
    reg = registry(
        lex,
        "US envoy in Sudan Andrew Kessler stepped up efforts on Monday. "
        "Kessler arrived in Khartoum on Saturday.",
    )
    assert code(reg, "Kessler") == "USA"


def test_an_acronym_named_before_gives_its_side_to_its_chief(lex):
    reg = registry(
        lex,
        "The UN Special Commission (UNSCOM) is to report in June. "
        "UNSCOM chief Rolf Engstrom said Iraq was hiding weapons.",
    )
    assert code(reg, "Engstrom") == "UN"
