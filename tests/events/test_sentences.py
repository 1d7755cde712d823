"""dipwatch.events.sentences: sentences and paragraphs with character offsets."""

from __future__ import annotations

import pytest

from dipwatch.events.sentences import Sentence, split_sentences


def texts(text: str) -> list[str]:
    """The sentences of `text`."""
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. military said Gen. Mark Milley would visit Seoul on Monday.",
        "Mr. Smith met Dr. Jones in Washington, D.C. on Monday.",
        "John F. Kennedy spoke to the U.N. General Assembly.",
        "Talks resumed on Jan. 5 at the residence of Sen. Graham.",
        "It rose 3.5 percent after the U.K. vote.",
    ],
)
def test_abbreviations_and_initials_do_not_end_a_sentence(text):
    assert texts(text) == [text]


def test_sentence_ends_and_offsets():
    text = 'Gen. Li arrived in Hanoi. "We will talk," he said! Talks began? Yes.'
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Gen. Li arrived in Hanoi.",
        '"We will talk," he said!',
        "Talks began?",
        "Yes.",
    ]
    assert [(s.start, s.end) for s in sentences] == [(0, 25), (26, 50), (51, 63), (64, 68)]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_paragraphs_and_indices():
    text = "First one. Second one.\n\n  Next paragraph here.  \n \nLast."
    assert split_sentences(text) == [
        Sentence("First one.", 0, 10, 0, 0),
        Sentence("Second one.", 11, 22, 0, 1),
        Sentence("Next paragraph here.", 26, 46, 1, 2),
        Sentence("Last.", 51, 56, 2, 3),
    ]


def test_a_lower_case_word_after_a_period_does_not_start_a_sentence():
    assert texts("Exports rose 2 pct. in March.") == ["Exports rose 2 pct. in March."]


def test_empty_text():
    assert split_sentences("") == []
    assert split_sentences("\n \n") == []
