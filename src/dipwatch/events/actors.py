"""Actor dictionary: names, demonyms, capitals, metonyms, organisations, people -> actor codes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pycountry

from dipwatch.events.lexicon import TOKEN, read_tsv

ORG_CODES = frozenset(
    "EU UN NATO AU ASEAN IAEA IMF WB WHO OPEC G7 G20 ICC WTO OSCE GCC ARAB_LEAGUE".split()
)

# When two dictionaries name the same words, the first kind here wins.
_PRIORITY = ("agency", "org", "country", "metonym", "capital", "group", "demonym", "person", "title")


@dataclass(frozen=True, slots=True)
class Entry:
    """What a dictionary phrase stands for."""

    code: str | None  # None for agencies and titles
    kind: str  # country | demonym | capital | metonym | org | group | person | agency | title
    ambiguous: bool = False
    sub: str = ""  # titles: person | institution | military | legislature | group; persons: role


@dataclass(frozen=True, slots=True)
class Mention:
    """A dictionary phrase found in a text (offsets are into that text)."""

    start: int
    end: int
    text: str
    entry: Entry

    @property
    def code(self) -> str | None:
        return self.entry.code

    @property
    def kind(self) -> str:
        return self.entry.kind


def _key(phrase: str) -> tuple[str, ...]:
    phrase = re.sub(r"^(?:the|The)\s+", "", phrase.strip())
    return tuple(TOKEN.findall(phrase))


def _valid(code: str) -> bool:
    return code in ORG_CODES or pycountry.countries.get(alpha_3=code) is not None


class ActorLexicon:
    """Longest-match lookup of dictionary phrases in text."""

    def __init__(self) -> None:
        self.exact: dict[tuple[str, ...], Entry] = {}
        self.folded: dict[tuple[str, ...], Entry] = {}  # titles, matched in any case
        self.lengths: dict[str, set[int]] = {}
        self.surnames: dict[str, Entry] = {}
        self._load()

    # ------------------------------------------------------------ building

    def add(self, phrase: str, entry: Entry) -> None:
        key = _key(phrase)
        if not key:
            return
        table = self.folded if entry.kind == "title" else self.exact
        if entry.kind == "title":
            key = tuple(t.lower() for t in key)
        old = table.get(key)
        if old is not None and _PRIORITY.index(old.kind) <= _PRIORITY.index(entry.kind):
            return
        table[key] = entry
        self.lengths.setdefault(key[0].lower(), set()).add(len(key))

    def _load(self) -> None:
        for c in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                name = getattr(c, attr, None)
                if name and "," not in name:
                    self.add(name, Entry(c.alpha_3, "country"))
        for row in read_tsv("country_aliases.tsv"):
            self._add_row(row.get("alias", ""), row, "country")
        for row in read_tsv("demonyms.tsv"):
            self._add_row(row.get("demonym", ""), row, "demonym")
        for row in read_tsv("metonyms.tsv"):
            self._add_row(row.get("name", ""), row, "metonym")
        for row in read_tsv("organisations.tsv"):
            self._add_row(row.get("name", ""), row, "org")
        for row in read_tsv("groups.tsv"):
            self._add_row(row.get("name", ""), row, "group")
        self._load_capitals()
        for row in read_tsv("agencies.tsv"):
            if row.get("name"):
                self.add(row["name"], Entry(None, "agency"))
        for row in read_tsv("titles.tsv"):
            if row.get("title"):
                self.add(row["title"], Entry(None, "title", sub=row.get("kind", "")))
        for row in read_tsv("persons.tsv"):
            code = row.get("code", "")
            if not row.get("name") or not _valid(code):
                continue
            ambiguous = "ambiguous" in row.get("note", "")
            entry = Entry(code, "person", ambiguous, row.get("role", ""))
            self.add(row["name"], entry)
            surname = row.get("surname") or row["name"].split()[-1]
            if not ambiguous:
                self.surnames.setdefault(surname, entry)

    def _add_row(self, phrase: str, row: dict[str, str], kind: str) -> None:
        code = row.get("code", "")
        if phrase and _valid(code):
            self.add(phrase, Entry(code, kind, "ambiguous" in row.get("note", "").lower()))

    def _load_capitals(self) -> None:
        from dipwatch.events.places import gazetteer

        for name, code in gazetteer().capitals.items():
            self.add(name, Entry(code, "capital"))

    # ------------------------------------------------------------ lookup

    def find(self, text: str) -> list[Mention]:
        """Non-overlapping longest matches, left to right."""
        toks = [(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(text)]
        out: list[Mention] = []
        i = 0
        n = len(toks)
        while i < n:
            first = toks[i][0]
            lengths = self.lengths.get(first.lower())
            hit = None
            if lengths:
                for size in sorted(lengths, reverse=True):
                    if i + size > n:
                        continue
                    words = tuple(t[0] for t in toks[i:i + size])
                    entry = self.exact.get(words) or self.folded.get(tuple(w.lower() for w in words))
                    if entry is not None:
                        hit = (size, entry)
                        break
            if hit is None:
                i += 1
                continue
            size, entry = hit
            start, end = toks[i][1], toks[i + size - 1][2]
            out.append(Mention(start, end, text[start:end], entry))
            i += size
        return out


@cache
def lexicon() -> ActorLexicon:
    """The shared dictionary (built once per process)."""
    return ActorLexicon()
