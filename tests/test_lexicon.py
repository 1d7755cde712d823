"""The coder's word lists and word maps (events/data/wordlists.tsv, wordmaps.tsv) and their checks."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from dipwatch.events import amounts, dates
from dipwatch.events.lexicon import read_tsv, word_list, word_map, words

EVENTS = Path(__file__).resolve().parents[1] / "src" / "dipwatch" / "events"


def _check_data():
    """events/data/check_data.py, a script, loaded as a module."""
    spec = importlib.util.spec_from_file_location("check_data", EVENTS / "data" / "check_data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _errors(check, folder: Path | None = None) -> list[str]:
    """The errors check_data.py finds in the word files of `folder` (default: events/data)."""
    if folder is not None:
        check.HERE = folder
    rep = check.Report()
    for name in check.WORD_FILES:
        check.check_words(name, check.read(name, rep), rep)
    return rep.errors


def test_the_word_files_pass_the_dictionary_checks():
    assert _errors(_check_data()) == []


def test_the_checks_find_repeated_words_capitals_empty_lists_and_pairs_without_value(tmp_path):
    (tmp_path / "wordlists.tsv").write_text(
        "# test\nlist\tcase\twords\tnote\n"
        "A\tlower\tone|Two|one\tfor a test\n"
        "B\texact\t\tfor a test\n"
        "A\tmixed\tx\t\n",
        encoding="utf-8",
    )
    (tmp_path / "wordmaps.tsv").write_text(
        "# test\nmap\tcase\tpairs\tnote\nM\tlower\ta=1|b\tfor a test\n", encoding="utf-8"
    )
    errors = "\n".join(_errors(_check_data(), tmp_path))
    assert "A: 'one' more than once" in errors
    assert "'Two' is not lower case" in errors
    assert "B: empty words" in errors
    assert "list 'A' repeated" in errors
    assert "case 'mixed'" in errors
    assert "empty note" in errors
    assert "M: 'b' is not word=value" in errors


def test_lists_keep_the_order_of_the_file_and_unknown_names_fail():
    row = next(r for r in read_tsv("wordlists.tsv") if r["list"] == "_CALENDAR")
    assert words("_CALENDAR") == tuple(row["words"].split("|"))
    assert words("_CALENDAR")[0] == "January"
    assert word_list("_CALENDAR") == frozenset(words("_CALENDAR"))
    assert list(word_map("_NUMBERS"))[:3] == ["a", "an", "one"]
    with pytest.raises(KeyError, match="NO_SUCH_LIST"):
        word_list("NO_SUCH_LIST")
    with pytest.raises(KeyError, match="NO_SUCH_MAP"):
        word_map("NO_SUCH_MAP")


def test_every_list_and_map_is_loaded_by_a_module():
    source = "\n".join(p.read_text(encoding="utf-8") for p in EVENTS.glob("*.py"))
    names = [r["list"] for r in read_tsv("wordlists.tsv")] + [
        r["map"] for r in read_tsv("wordmaps.tsv")
    ]
    unused = [n for n in names if f'"{n}"' not in source]
    assert unused == []


def test_the_amount_and_date_patterns_match_every_word_of_their_maps():
    scales = [w for w in amounts._SCALE if not re.fullmatch(amounts._SCALES, w, re.I)]
    symbols = [s for s in amounts._SYMBOL if not re.fullmatch(amounts._SYM, s, re.I)]
    numbers = [w for w in dates._NUMBERS if not re.fullmatch(dates._NUM, w, re.I)]
    assert (scales, symbols, numbers) == ([], [], [])
    assert amounts.find_amounts("300 million euros")[0].currency == "EUR"
    assert amounts.find_amounts("HK$5 bn")[0].value == 5e9
