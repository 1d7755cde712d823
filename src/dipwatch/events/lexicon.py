"""Reading the hand-kept TSV dictionaries in events/data/ (a `#` header, a column row, rows)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

TOKEN = re.compile(r"\w+|[^\w\s]")


def tokens(text: str) -> list[str]:
    """The tokenisation shared by dictionary keys and text (words and single punctuation)."""
    return TOKEN.findall(text)


@cache
def read_tsv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of events/data/<name> as dicts keyed by the header row; empty cells are ''."""
    path = resources.files("dipwatch.events").joinpath("data", name)
    if not path.is_file():
        return ()
    header: list[str] | None = None
    rows: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = cells
            continue
        cells += [""] * (len(header) - len(cells))
        rows.append(dict(zip(header, cells, strict=False)))
    return tuple(rows)


@cache
def word_classes() -> dict[str, frozenset[str]]:
    """Classes of words (`@detainee`, `@sanction`...) from classes.tsv: class -> lower-case words."""
    out: dict[str, set[str]] = {}
    for row in read_tsv("classes.tsv"):
        out.setdefault(row["class"], set()).update(
            w.strip().lower() for w in row["words"].split("|") if w.strip()
        )
    return {k: frozenset(v) for k, v in out.items()}


@cache
def _word_lists() -> dict[str, tuple[str, ...]]:
    """wordlists.tsv: list name -> its words, in file order."""
    return {
        row["list"]: tuple(w.strip() for w in row["words"].split("|") if w.strip())
        for row in read_tsv("wordlists.tsv")
    }


def words(name: str) -> tuple[str, ...]:
    """The words of one list of wordlists.tsv, in file order (for lists used in order)."""
    lists = _word_lists()
    if name not in lists:
        raise KeyError(f"no list {name!r} in events/data/wordlists.tsv")
    return lists[name]


@cache
def word_list(name: str) -> frozenset[str]:
    """The words of one list of wordlists.tsv, as written (the `case` column says how)."""
    return frozenset(words(name))


@cache
def _word_maps() -> dict[str, tuple[tuple[str, str], ...]]:
    """wordmaps.tsv: map name -> its (word, value) pairs, in file order."""
    out: dict[str, tuple[tuple[str, str], ...]] = {}
    for row in read_tsv("wordmaps.tsv"):
        pairs = (p.rpartition("=") for p in row["pairs"].split("|") if p.strip())
        out[row["map"]] = tuple((k.strip(), v.strip()) for k, _, v in pairs)
    return out


def word_map(name: str) -> dict[str, str]:
    """The word -> value pairs of one map of wordmaps.tsv, in file order (a new dict each call)."""
    maps = _word_maps()
    if name not in maps:
        raise KeyError(f"no map {name!r} in events/data/wordmaps.tsv")
    return dict(maps[name])
