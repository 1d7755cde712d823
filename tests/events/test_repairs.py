"""Rule families that repair what the parser or the clause leaves out: each on, and off."""

from __future__ import annotations

import datetime as dt

import pytest

from dipwatch.events.engine import extract_events

PUB = dt.date(2006, 12, 5)


def keys(text: str) -> set[tuple[str, str | None, str | None]]:
    """(type, source, target) of every event of a one-paragraph text."""
    return {(e.event_type, e.source_country, e.target_country) for e in extract_events(text, PUB)}


CALL = (
    "Turkish Prime Minister Recep Tayyip Erdogan said he telephoned German Chancellor Angela "
    "Merkel hours before she was to meet French President Jacques Chirac in Mettlach."
)


def test_a_name_the_parser_hung_elsewhere_is_the_verbs_object(monkeypatch):
    # the small parser makes "Merkel" a compound of "hours": the call had no recipient
    assert ("CONSULT", "TUR", "DEU") in keys(CALL)
    monkeypatch.setenv("DIPWATCH_ABLATE", "stray-object")
    assert ("CONSULT", "TUR", "DEU") not in keys(CALL)


def test_a_weekday_after_the_verb_is_no_object():
    assert not any(
        k[2] for k in keys("Iran's foreign minister visited Monday.") if k[0] == "CONSULT"
    )


def test_she_under_he_is_not_the_subject_he_names(monkeypatch):
    found = keys(CALL)
    assert not any(s == "TUR" and t == "FRA" for _, s, t in found)  # Erdogan is "he"
    assert any(s == "DEU" and t == "FRA" for _, s, t in found)  # she: the one he called
    monkeypatch.setenv("DIPWATCH_ABLATE", "pronoun-gender")
    assert any(s == "TUR" and t == "FRA" for _, s, t in keys(CALL))


@pytest.mark.parametrize(
    "text, key",
    [
        ("Two British journalists were detained in Iran on Monday.", ("COERCE", "IRN", "GBR")),
        (
            "The 50-year-old former general, a Croatian, was arrested in Spain on Wednesday.",
            ("COERCE", "ESP", "HRV"),
        ),
    ],
)
def test_a_detention_with_no_agent_was_made_by_the_state_it_happened_in(monkeypatch, text, key):
    assert key in keys(text)
    monkeypatch.setenv("DIPWATCH_ABLATE", "arrested-in")
    assert key not in keys(text)


def test_a_month_is_never_a_place():
    text = "OPEC had in March demonstrated its commitment to quota agreements, the sources said."
    assert not any(e.location_name == "March" for e in extract_events(text, PUB))
    assert not any(t == "GBR" for _, _, t in keys(text))


@pytest.mark.parametrize(
    "text, key",
    [
        (
            "Denmark's motion received support from the United States on Tuesday.",
            ("SUPPORT", "USA", "DNK"),
        ),
        ("Iran drew sharp criticism from France on Monday.", ("ACCUSE", "FRA", "IRN")),
    ],
)
def test_what_the_subject_received_from_an_actor_is_that_actors_act(monkeypatch, text, key):
    assert key in keys(text)
    monkeypatch.setenv("DIPWATCH_ABLATE", "received-from")
    assert key not in keys(text)


def test_received_with_no_giver_named_is_coded_the_usual_way():
    found = keys("Egypt received 50 million dollars in aid from Japan.")
    assert ("AID", "JPN", "EGY") in found and ("AID", "EGY", "JPN") not in found


def test_the_state_before_led_is_the_source_of_the_noun_event(monkeypatch):
    text = "The vote marks a new start following the US-led invasion of Iraq in March 2003."
    assert ("ASSAULT", "USA", "IRQ") in keys(text)
    monkeypatch.setenv("DIPWATCH_ABLATE", "x-led")
    assert ("ASSAULT", "USA", "IRQ") not in keys(text)


@pytest.mark.parametrize(
    "text, key",
    [
        ("West Germany strongly opposed the U.S. proposal on Monday.", ("REJECT", "DEU", "USA")),
        ("The EU voiced opposition to Turkey.", ("REJECT", "EU", "TUR")),
        ("China retaliated against the United States on Monday.", ("SANCTION", "CHN", "USA")),
        ("Syrian troops marched into Lebanon on Monday.", ("MOBILIZE", "SYR", "LBN")),
        (
            "Japanese Vice Minister Makoto Kuroda leaves for Washington today.",
            ("CONSULT", "JPN", "USA"),
        ),
    ],
)
def test_verbs_and_nouns_of_the_dictionary(text, key):
    assert key in keys(text)


def test_the_commission_is_the_eus_only_where_the_story_names_the_eu():
    eu = "The European Commission proposed a tax on oilseeds. Britain rejected the Commission's plan."
    assert ("REJECT", "GBR", "EU") in keys(eu)
    kenya = "The Electoral Commission of Kenya met. Britain rejected the Commission's plan."
    assert not any(t == "EU" for _, _, t in keys(kenya))


def test_an_ambiguous_demonym_before_a_title_is_the_demonym(monkeypatch):
    from dipwatch.events.actors import lexicon

    def codes(text: str) -> set[str | None]:
        return {m.code for m in lexicon().find(text)}

    assert "POL" in codes("Polish Foreign Minister Dariusz Rosati spoke.")
    assert "IND" in codes("Indian Prime Minister Manmohan Singh spoke.")
    assert "USA" not in codes("The Latin American Ambassador spoke.")  # still inside a name
    assert "USA" not in codes("American Airlines flew.")
    monkeypatch.setenv("DIPWATCH_ABLATE", "demonym-before-title")
    assert "POL" not in codes("Polish Foreign Minister Dariusz Rosati spoke.")


def test_on_a_visit_the_clause_subject_is_the_visitor(monkeypatch):
    text = (
        "Polish Foreign Minister Dariusz Rosati told reporters midway through a three-day official "
        "visit to Thailand that ties were good."
    )
    assert ("CONSULT", "POL", "THA") in keys(text)
    monkeypatch.setenv("DIPWATCH_ABLATE", "on-a-visit")
    assert ("CONSULT", "POL", "THA") not in keys(text)
