"""Actor dictionary: names, demonyms, capitals, metonyms, organisations, people -> actor codes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pycountry

from dipwatch.events.ablation import enabled
from dipwatch.events.lexicon import TOKEN, read_tsv

ORG_CODES = frozenset(
    "EU UN NATO AU ASEAN IAEA IMF WB WHO OPEC G7 G20 ICC WTO OSCE GCC ARAB_LEAGUE".split()
)
# organisations whose meetings gather member states ("the council met in Addis Ababa" is no
# visit to Ethiopia); the others (IAEA IMF WB WHO ICC WTO) send officials who visit countries
FORUMS = frozenset("EU UN NATO AU ASEAN OPEC G7 G20 OSCE GCC ARAB_LEAGUE".split())

# When two dictionaries name the same words, the first kind here wins.
_PRIORITY = (
    "agency",
    "org",
    "country",
    "metonym",
    "capital",
    "group",
    "demonym",
    "person",
    "title",
)


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

    @property
    def ambiguous(self) -> bool:
        return self.entry.ambiguous


def _key(phrase: str) -> tuple[str, ...]:
    phrase = re.sub(r"^(?:the|The)\s+", "", phrase.strip())
    return tuple(TOKEN.findall(phrase))


def _valid(code: str) -> bool:
    return code in ORG_CODES or pycountry.countries.get(alpha_3=code) is not None


@dataclass(frozen=True, slots=True)
class Role:
    """One office of a person (persons.tsv row)."""

    code: str
    start: int | None
    end: int | None

    def held_in(self, year: int) -> bool:
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)


def _year(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else None


class ActorLexicon:
    """Longest-match lookup of dictionary phrases in text."""

    def __init__(self) -> None:
        self.exact: dict[tuple[str, ...], Entry] = {}
        self.folded: dict[tuple[str, ...], Entry] = {}  # titles, matched in any case
        self.lengths: dict[str, set[int]] = {}
        self.roles: dict[str, list[Role]] = {}  # full name -> offices
        self.surname_roles: dict[str, list[Role]] = {}  # unambiguous surname -> offices
        self.titled_roles: dict[str, list[Role]] = {}  # Phoenix surnames, after a title only
        self._load()

    # ------------------------------------------------------------ building

    def add(self, phrase: str, entry: Entry, replace: bool = False) -> None:
        key = _key(phrase)
        if not key:
            return
        table = self.folded if entry.kind == "title" else self.exact
        if entry.kind == "title":
            key = tuple(t.lower() for t in key)
        old = table.get(key)
        if (
            old is not None
            and not replace
            and _PRIORITY.index(old.kind) <= _PRIORITY.index(entry.kind)
        ):
            return
        table[key] = entry
        self.lengths.setdefault(key[0].lower(), set()).add(len(key))

    def _load(self) -> None:
        # the hand-kept files first: where they disagree with pycountry, they win
        for row in read_tsv("agencies.tsv"):
            if row.get("name"):
                self.add(row["name"], Entry(None, "agency"))
        for name, column, kind in (
            ("organisations.tsv", "name", "org"),
            ("country_aliases.tsv", "alias", "country"),
            ("metonyms.tsv", "name", "metonym"),
            ("groups.tsv", "name", "group"),
            ("demonyms.tsv", "demonym", "demonym"),
        ):
            for row in read_tsv(name):
                self._add_row(row.get(column, ""), row, kind)
        for c in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                name = getattr(c, attr, None)
                if name and "," not in name and _key(name) not in self.exact:
                    self.add(name, Entry(c.alpha_3, "country"))
        for row in read_tsv("titles.tsv"):
            if row.get("title"):
                self.add(row["title"], Entry(None, "title", sub=row.get("kind", "")))
        for row in read_tsv("persons.tsv"):
            code = row.get("code", "")
            if not row.get("name") or not _valid(code):
                continue
            role = Role(code, _year(row.get("start", "")), _year(row.get("end", "")))
            name = " ".join(_key(row["name"]))
            self.roles.setdefault(name, []).append(role)
            self.add(row["name"], Entry(code, "person", False, row.get("role", "")))
            surname = row.get("surname") or row["name"].split()[-1]
            if "ambiguous surname" not in row.get("note", ""):
                self.surname_roles.setdefault(surname, []).append(role)
        if enabled("phoenix-persons"):
            self._load_phoenix()

    def _load_phoenix(self) -> None:
        """Office holders of the Phoenix dictionaries (older news); the hand-kept file wins."""
        hand_names = set(self.roles)
        for row in read_tsv("persons_phoenix.tsv"):
            code = row.get("code", "")
            name = " ".join(_key(row.get("name", "")))
            if not name or name in hand_names or not _valid(code):
                continue
            role = Role(code, _year(row.get("start", "")), _year(row.get("end", "")))
            self.roles.setdefault(name, []).append(role)
            self.add(row["name"], Entry(code, "person", False, row.get("role", "")))
            surname = row.get("surname", "")
            if surname and not row.get("note"):  # "President Reagan", not a bare "Reagan"
                self.titled_roles.setdefault(surname, []).append(role)

    def _add_row(self, phrase: str, row: dict[str, str], kind: str) -> None:
        code = row.get("code", "")
        if phrase and _valid(code):
            self.add(phrase, Entry(code, kind, row.get("note", "").lower().startswith("ambiguous")))

    # ------------------------------------------------------------ people

    @staticmethod
    def _pick(roles: list[Role], year: int | None) -> str | None:
        if not roles:
            return None
        if year is not None:
            held = [r for r in roles if r.held_in(year)]
            if held:
                return max(held, key=lambda r: r.start or 0).code
            if len({r.code for r in roles}) > 1:
                before = [r for r in roles if r.start is None or r.start <= year]
                if before:
                    return max(before, key=lambda r: r.start or 0).code
        return max(roles, key=lambda r: r.start or 0).code

    def person_code(self, name: str, year: int | None) -> str | None:
        """The state (or organisation) a known person stood for in that year."""
        return self._pick(self.roles.get(" ".join(_key(name)), []), year)

    def surname_code(self, surname: str, year: int | None) -> str | None:
        """Same, for a surname used alone (only surnames no two people share)."""
        roles = self.surname_roles.get(surname, [])
        if (
            len({r.code for r in roles}) > 1
            and year is not None
            and not any(r.held_in(year) for r in roles)
        ):
            return None
        return self._pick(roles, year)

    def titled_surname_code(self, surname: str, year: int | None) -> str | None:
        """A Phoenix office holder named by title and surname ("Chancellor Kohl") in that year."""
        if year is None:
            return None
        held = {r.code for r in self.titled_roles.get(surname, []) if r.held_in(year)}
        return held.pop() if len(held) == 1 else None

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
                    words = tuple(t[0] for t in toks[i : i + size])
                    entry = self.exact.get(words) or self.folded.get(
                        tuple(w.lower() for w in words)
                    )
                    if entry is not None:
                        hit = (size, entry)
                        break
            if hit is None:
                i += 1
                continue
            size, entry = hit
            if (
                entry.ambiguous
                and entry.kind in ("country", "demonym", "metonym")
                and _in_name(toks, i, size)
                and not (
                    entry.kind == "demonym"
                    and not _capital_before(toks, i)
                    and self._title_at(toks, i + size)
                )
            ) or (
                entry.ambiguous and entry.kind == "org" and size == 1 and _capital_before(toks, i)
            ):  # "Latin American" is no American, but "Indian Prime Minister" is Indian; the
                # "Special Commission" or a "Public Investment Fund" is no EU or IMF anaphor
                i += size
                continue
            start, end = toks[i][1], toks[i + size - 1][2]
            out.append(Mention(start, end, text[start:end], entry))
            i += size
        return out

    def _title_at(self, toks: list[tuple[str, int, int]], j: int) -> bool:
        """A title of the dictionary starts at token j ("Prime Minister", "Foreign Minister")."""
        if j >= len(toks) or not enabled("demonym-before-title"):
            return False
        for size in self.lengths.get(toks[j][0].lower(), ()):
            words = tuple(t[0] for t in toks[j : j + size])
            if len(words) < size:
                continue
            entry = self.exact.get(words) or self.folded.get(tuple(w.lower() for w in words))
            if entry is not None and entry.kind == "title":
                return True
        return False


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and word.isalpha() and word not in ("The", "In", "On", "At", "And")


def _capital_before(toks: list[tuple[str, int, int]], i: int) -> bool:
    return i > 0 and _capitalised(toks[i - 1][0])


def _in_name(toks: list[tuple[str, int, int]], i: int, size: int) -> bool:
    """An ambiguous word inside a longer proper name ("Latin America", "Michael Jordan")."""
    after = toks[i + size][0] if i + size < len(toks) else ""
    return _capital_before(toks, i) or _capitalised(after)


@cache
def lexicon() -> ActorLexicon:
    """The shared dictionary (built once per process)."""
    return ActorLexicon()
