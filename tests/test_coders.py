"""Event coders behind one interface: the registry, entry points, provenance, error isolation."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from collections.abc import Sequence
from importlib import metadata, resources
from pathlib import Path

import pytest

from dipwatch.events import coders
from dipwatch.events.coders import CoderError, available_coders, get_coder, register_coder
from dipwatch.models import Article, Event
from dipwatch.pipeline import code_events

# ---------------------------------------------------------------- a trivial second coder

COUNTRIES = {
    "China": "CHN",
    "Russia": "RUS",
    "Iran": "IRN",
    "Japan": "JPN",
    "Indonesia": "IDN",
    "Kenya": "KEN",
    "Egypt": "EGY",
    "Vietnam": "VNM",
    "Venezuela": "VEN",
    "Philippines": "PHL",
    "North Korea": "PRK",
    "United States": "USA",
    "Chinese": "CHN",
    "Japanese": "JPN",
}


class PairCoder:
    """One CONSULT per article between the first two countries it names (by these names)."""

    name = "pairs"
    version = "1"

    def code(self, articles: Sequence[Article]) -> list[list[Event]]:
        """One event for an article naming two countries, else none; dated and placed by the
        coder-independent resolution (dipwatch.events.resolve), as any coder can be."""
        from dipwatch.events import resolve

        return [
            [resolve.complete(ev, a.text, a.published_at) for ev in self._one(a.text)]
            for a in articles
        ]

    def _one(self, text: str) -> list[Event]:
        found = sorted((text.find(name), code) for name, code in COUNTRIES.items() if name in text)
        codes = list(dict.fromkeys(code for _, code in found))
        if len(codes) < 2:
            return []
        start = found[0][0]
        end = text.find(".", start) + 1 or len(text)
        return [
            Event(
                "CONSULT",
                codes[0],
                codes[1],
                text[start:end],
                start,
                end,
                confidence=0.5,
                rules=["pairs:first-two-countries"],
                coder="not-me",  # the registry stamps the real name
            )
        ]


@pytest.fixture
def pairs():
    """The pair coder registered as "pairs" for one test."""
    register_coder("pairs", PairCoder, replace=True)
    yield "pairs"
    coders.unregister_coder("pairs")


def _art(text: str, url: str = "https://news.example/a.html") -> Article:
    return Article(url=url, text=text, feed_url="https://news.example/feed.xml")


# ---------------------------------------------------------------- registry


def test_import_is_fast_and_loads_no_model():
    code = (
        "import sys, dipwatch.events as e; print(e.available_coders()); "
        "print('spacy' in sys.modules, 'dipwatch.events.engine' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert "'rules'" in out[0]
    assert out[1] == "False False"


def test_the_rule_coder_is_registered_and_built_lazily():
    assert "rules" in available_coders()
    coder = get_coder("rules")
    assert coder.name == "rules"
    assert get_coder("rules") is coder  # built once a process
    import dipwatch.events as ev

    assert ev.get_coder is get_coder and isinstance(coder, ev.EventCoder)


def test_an_unknown_coder_is_one_line_listing_the_known_ones(pairs):
    with pytest.raises(CoderError) as err:
        get_coder("nope")
    msg = str(err.value)
    assert "\n" not in msg and "'nope'" in msg and "rules" in msg and "pairs" in msg


def test_registering_a_taken_name_needs_replace(pairs):
    with pytest.raises(ValueError, match="already registered"):
        register_coder("pairs", lambda: PairCoder())
    register_coder("pairs", PairCoder)  # the same factory again is fine


def test_the_wrapper_stamps_name_and_version_and_checks_the_shape(pairs):
    coder = get_coder("pairs")
    found = coder.code([_art("China and Russia held talks."), _art("Nothing here.")])
    assert [len(evs) for evs in found] == [1, 0]
    ev = found[0][0]
    assert (ev.coder, ev.coder_version, ev.rules) == ("pairs", "1", ["pairs:first-two-countries"])
    assert (ev.source_country, ev.target_country) == ("CHN", "RUS")

    class Short(PairCoder):
        def code(self, articles):
            return []

    register_coder("short", Short)
    try:
        with pytest.raises(CoderError, match="returned 0 event lists for 1 articles"):
            get_coder("short").code([_art("China and Russia.")])
    finally:
        coders.unregister_coder("short")


def test_a_factory_that_fails_is_one_line():
    def broken():
        raise RuntimeError("model file missing")

    register_coder("broken", broken)
    try:
        with pytest.raises(
            CoderError, match="could not be built: RuntimeError: model file missing"
        ):
            get_coder("broken")
    finally:
        coders.unregister_coder("broken")


def test_third_party_coders_come_from_entry_points(monkeypatch):
    eps = [
        metadata.EntryPoint("echo", "test_coders:PairCoder", coders.ENTRY_POINT_GROUP),
        metadata.EntryPoint("gone", "no_such_module_xyz:Coder", coders.ENTRY_POINT_GROUP),
    ]
    real = metadata.entry_points

    def fake(**kw):
        if kw.get("group") == coders.ENTRY_POINT_GROUP:
            return metadata.EntryPoints(eps)
        return real(**kw)

    monkeypatch.setattr(coders.metadata, "entry_points", fake)
    try:
        assert {"echo", "gone", "rules"} <= set(available_coders())
        found = get_coder("echo").code([_art("Japan and Indonesia signed a loan.")])
        assert found[0][0].coder == "echo"  # stamped with the name it was chosen by
        with pytest.raises(CoderError, match="'gone' .* could not be loaded: ModuleNotFoundError"):
            get_coder("gone")
    finally:
        coders._coders.pop("echo", None)


# ---------------------------------------------------------------- the rule coder's version


def test_the_rule_version_is_the_engine_constant_and_a_hash_of_its_dictionaries(tmp_path):
    from dipwatch.events import engine
    from dipwatch.events.rules import data_hash, tsv_hash

    version = get_coder("rules").version
    assert version == f"{engine.VERSION}+data.{data_hash()}"
    src = Path(str(resources.files("dipwatch.events").joinpath("data")))
    copy = tmp_path / "data"
    shutil.copytree(src, copy)
    assert tsv_hash(copy) == data_hash()
    (copy / "triggers.tsv").write_text(
        (copy / "triggers.tsv").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    assert tsv_hash(copy) != data_hash()  # a change of vocabulary is a new version
    shutil.copy(src / "triggers.tsv", copy / "triggers.tsv")
    (copy / "calibration.json").write_text("{}", encoding="utf-8")
    assert tsv_hash(copy) != data_hash()  # so is a retrained model


def test_switched_off_rule_families_are_part_of_the_version(monkeypatch):
    monkeypatch.setenv("DIPWATCH_ABLATE", "dateline-here")
    assert get_coder("rules").version.endswith("+ablate.dateline-here")


def test_the_rule_coder_records_the_trigger_row_and_role_rule_it_used():
    text = (
        "MOSCOW (Reuters) - Chinese President Xi Jinping arrived in Moscow on Monday for a "
        "three-day state visit, the Kremlin said."
    )
    events, errors = code_events([_art(text)], "rules")
    assert errors == [] and events[0]
    for ev in events[0]:
        assert ev.coder == "rules" and ev.coder_version == get_coder("rules").version
        trigger_row, role = ev.rules[:2]
        assert trigger_row.startswith(("triggers:", "triggers_petrarch:")), ev.rules
        assert role.startswith("role:"), ev.rules
    from dipwatch.events.lexicon import read_tsv

    visit = next(e for e in events[0] if e.event_type == "CONSULT")
    name, row = visit.rules[0].split(":")
    assert read_tsv(name + ".tsv")[int(row) - 1]["word"] == "arrive"  # the row that fired


# ---------------------------------------------------------------- code_events


def test_code_events_uses_dipwatch_coder_by_default(pairs, monkeypatch):
    monkeypatch.setenv("DIPWATCH_CODER", "pairs")
    events, errors = code_events([_art("Iran and Russia met.")])
    assert errors == [] and events[0][0].coder == "pairs"
    monkeypatch.setenv("DIPWATCH_CODER", "nope")
    with pytest.raises(CoderError, match="unknown event coder 'nope'"):
        code_events([_art("Iran and Russia met.")])  # not one error row per article


def test_an_article_the_coder_fails_on_gets_an_error_row_and_the_rest_are_coded(pairs):
    class Picky(PairCoder):
        def code(self, articles):
            if any("Kenya" in a.text for a in articles):
                raise ValueError("cannot code Kenya")
            return super().code(articles)

    register_coder("picky", Picky)
    try:
        arts = [
            _art("China and Russia met.", "https://x/1"),
            _art("Kenya and Egypt.", "https://x/2"),
        ]
        events, errors = code_events(arts, "picky")
    finally:
        coders.unregister_coder("picky")
    assert [len(e) for e in events] == [1, 0]
    assert [(e.url, e.stage) for e in errors] == [("https://x/2", "events")]
    assert "ValueError: cannot code Kenya" in errors[0].error


def test_dipwatch_coder_is_not_an_unknown_setting(monkeypatch, caplog):
    from dipwatch.config import load_settings

    monkeypatch.setenv("DIPWATCH_CODER", "rules")
    with caplog.at_level(logging.WARNING, logger="dipwatch"):
        load_settings(read_feeds=False)
    assert "DIPWATCH_CODER" not in caplog.text
