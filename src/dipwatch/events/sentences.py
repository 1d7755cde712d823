"""Fast rule-based sentence splitting with character offsets (no parser needed)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dipwatch.events.lexicon import word_list

# Abbreviations after which a period does not end a sentence (events/data/wordlists.tsv).
_ABBREV = word_list("_ABBREV")

_END = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])""")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the article text, with its character offsets and paragraph number."""

    text: str
    start: int
    end: int
    paragraph: int
    index: int


def _is_abbreviation(chunk: str) -> bool:
    m = _WORD_BEFORE.search(chunk[:-1] if chunk.endswith(".") else chunk)
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    if word in _ABBREV:
        return True
    # single capital initials ("John F. Kennedy", "U.S."-like runs)
    return len(word) == 1 and word.isalpha()


def split_sentences(text: str) -> list[Sentence]:
    """Split on paragraph breaks, then on sentence-final punctuation followed by a capital."""
    out: list[Sentence] = []
    para = 0
    for pm in re.finditer(r"[^\n]+", text):
        block = pm.group(0)
        if not block.strip():
            continue
        base = pm.start()
        start = 0
        for m in _END.finditer(block):
            end = m.end()
            if block[m.start()] == "." and _is_abbreviation(block[start : m.start() + 1]):
                continue
            _append(out, text, base + start, base + end, para)
            start = end
        _append(out, text, base + start, base + len(block), para)
        para += 1
    return out


def _append(out: list[Sentence], text: str, start: int, end: int, para: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(text[start:end], start, end, para, len(out)))
