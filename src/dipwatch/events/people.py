"""People named in one article, with the state they speak for ("North Korean leader Kim Jong Un")."""

from __future__ import annotations

import re
from bisect import bisect_left

from dipwatch.events.ablation import enabled
from dipwatch.events.actors import ActorLexicon, Entry, Mention
from dipwatch.events.lexicon import TOKEN, word_list
from dipwatch.events.sentences import Sentence

# the word lists are in events/data/wordlists.tsv, whose note column says what each is for
_TITLEISH = word_list("_TITLEISH")
_PARTICLES = word_list("_PARTICLES")
_STOP_NAMES = word_list("_STOP_NAMES")


def offices_enabled() -> bool:
    return enabled("office-phrases")


def _norm(name: str) -> str:
    return re.sub(r"\s*-\s*", " ", name).strip()


def _is_cap(word: str) -> bool:
    return word[:1].isupper() and word not in _STOP_NAMES


class _Sent:
    """Tokens of one sentence with what the dictionary says of each."""

    def __init__(self, text: str, mentions: list[Mention]) -> None:
        self.text = text
        self.toks = [(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(text)]
        self.kind: list[Mention | None] = [None] * len(self.toks)
        starts = [s for _, s, _e in self.toks]
        for m in mentions:
            for i in range(bisect_left(starts, m.start), bisect_left(starts, m.end)):
                self.kind[i] = m

    def names(self) -> list[tuple[int, int]]:
        """Runs of capitalised words that are not dictionary entries (people, presumably)."""
        out = []
        i, n = 0, len(self.toks)
        while i < n:
            w = self.toks[i][0]
            m = self.kind[i]
            if (
                _is_cap(w)
                and w.isalpha()
                and w.lower() in _TITLEISH
                and (m is None or m.kind in ("person", "title"))
            ):
                i += 1  # "King Abdullah": the title is not part of the name
                continue
            if self.is_office(i):
                i += 1  # "World Bank President Barber Conable": the office is not the name
                continue
            if _is_cap(w) and w.isalpha() and (m is None or m.kind == "person") and len(w) > 1:
                j = i + 1
                while j < n:
                    wj = self.toks[j][0]
                    mj = self.kind[j]
                    if mj is not None and mj.kind != "person":
                        break
                    if (_is_cap(wj) and wj.isalpha()) or (
                        wj.lower() in _PARTICLES and j + 1 < n and _is_cap(self.toks[j + 1][0])
                    ):
                        j += 1
                    elif (
                        wj == "-"
                        and j + 1 < n
                        and self.toks[j + 1][0].isalpha()
                        and self.toks[j][2] == self.toks[j + 1][1]
                    ):
                        j += 2
                    else:
                        break
                prev = self.toks[i - 1][0] if i > 0 else ""
                titled = (
                    prev[:1].isupper()
                    and self.is_title(i - 1)
                    and prev.lower() not in ("of", "the", "for", "and")
                )  # "President Biden"
                if 2 <= j - i <= 6 or (j - i == 1 and titled):
                    out.append((i, j))
                i = j
            else:
                i += 1
        return out

    def is_office(self, i: int) -> bool:
        """Part of a dictionary entry that names an office, not a person ('World Bank President')."""
        m = self.kind[i]
        return (
            m is not None
            and m.kind == "person"
            and m.code is not None
            and m.text.split()[-1].lower() in _TITLEISH
            and offices_enabled()
        )

    def span_text(self, i: int, j: int) -> str:
        return self.text[self.toks[i][1] : self.toks[j - 1][2]]

    def is_title(self, i: int) -> bool:
        m = self.kind[i]
        return (
            (m is not None and m.kind == "title")
            or self.toks[i][0].lower() in _TITLEISH
            or self.toks[i][0] in ("'", "’", "s", "-", ".")
        )

    def code_at(self, i: int) -> str | None:
        m = self.kind[i]
        if m is None or m.code is None or m.kind in ("person", "agency", "title"):
            return None
        return m.code


class Registry:
    """People of one article: names seen with a nationality, then the dictionary (by year)."""

    def __init__(self, lex: ActorLexicon, year: int | None) -> None:
        self.lex = lex
        self.year = year
        self.doc: dict[str, Entry] = {}

    def get(self, name: str) -> Entry | None:
        entry = self.doc.get(name)
        if entry is not None:
            return entry
        code = self.lex.person_code(name, self.year)
        if code is None and " " not in name:
            code = self.lex.surname_code(name, self.year)
        return Entry(code, "person") if code else None

    def __contains__(self, name: str) -> bool:
        return self.get(name) is not None

    def setdefault(self, key: str, entry: Entry) -> Entry:
        return self.doc.setdefault(key, entry)

    def __setitem__(self, key: str, entry: Entry) -> None:
        self.doc[key] = entry


def _acronyms(reg: Registry, s: _Sent) -> None:
    """'Russia's Federal Security Service (FSB)': the acronym stands for the same state."""
    for k in range(2, len(s.toks) - 2):
        word = s.toks[k][0]
        if (
            s.toks[k - 1][0] == "("
            and s.toks[k + 1][0] == ")"
            and word.isupper()
            and 2 <= len(word) <= 6
        ):
            if s.kind[k] is not None:
                continue
            for back in range(k - 2, max(-1, k - 10), -1):
                code = s.code_at(back)
                if code:
                    reg.doc.setdefault(word, Entry(code, "person"))
                    break
                if s.toks[back][0] in (",", ";", ".", "(", ")"):
                    break


_SUFFIXES = word_list("_SUFFIXES")


def _register(
    reg: Registry, name: str, code: str, lex: ActorLexicon, override: bool = False
) -> None:
    entry = Entry(code, "person")
    name = _norm(name)
    while " " in name and name.rsplit(" ", 1)[1].rstrip(".") in _SUFFIXES:
        name = name.rsplit(" ", 1)[0]  # "King Abdullah II" is "Abdullah" when named again
    parts = name.split()
    if not override and name in reg.doc:
        return
    reg[name] = entry
    keys = [parts[-1]]
    if len(parts) == 3 or len(parts[0]) <= 4:
        keys.append(parts[0])
    for key in keys:
        if key.lower() in _PARTICLES or key in _STOP_NAMES:
            continue
        if lex.exact.get((key,)) is not None and lex.exact[(key,)].kind != "person":
            continue
        if override:
            reg[key] = entry
        else:
            reg.setdefault(key, entry)


def build_registry(
    sentences: list[Sentence],
    mentions: list[list[Mention]],
    lex: ActorLexicon,
    year: int | None = None,
    home: str | None = None,
) -> Registry:
    """Name and surname -> state, from titles, demonyms and appositions across the article."""
    reg = Registry(lex, year)
    sents = [_Sent(sent.text, ments) for sent, ments in zip(sentences, mentions, strict=True)]
    offices = _offices(sents, home)
    for s, ments in zip(sents, mentions, strict=True):
        stated: list[tuple[int, int]] = []
        for i, j in s.names():
            code = _left_code(s, i, reg) or _right_code(s, j)
            if code:  # what the story says of someone beats the dictionary
                _register(reg, s.span_text(i, j), code, lex, override=True)
                stated.append((s.toks[i][1], s.toks[j - 1][2]))
                continue
            name = s.span_text(i, j)
            if j - i == 1 and i > 0 and s.is_title(i - 1) and name not in reg.doc:
                titled = lex.titled_surname_code(name, year)  # "President Reagan" in 1987
                if titled:
                    _register(reg, name, titled, lex)
                    continue
            office = _office_code(s, i, offices)
            if office and lex.person_code(name, year) is None and _norm(name) not in reg.doc:
                _register(reg, name, office, lex)  # an unknown official with a title seen before

        for m in ments:
            if (
                m.kind == "person"
                and not (offices_enabled() and m.text.split()[-1].lower() in _TITLEISH)
                and m.text not in reg.doc
                and not any(a < m.end and m.start < b for a, b in stated)
            ):
                code = lex.person_code(m.text, year) or m.code
                if code:
                    _register(reg, m.text, code, lex)
        _acronyms(reg, s)
    return reg


def _offices(sents: list[_Sent], home: str | None = None) -> dict[str, str]:
    """Titles the story first gives with a state: "South Korea's foreign minister" -> KOR."""
    offices: dict[str, list[str]] = {}
    for s in sents:
        for k, m in enumerate(s.kind):
            if m is None or m.kind != "title" or (k > 0 and s.kind[k - 1] is m):
                continue
            back = k - 1
            while back >= 0 and s.toks[back][0] in ("'", "’", "s"):
                back -= 1
            code = s.code_at(back) if back >= 0 else None
            if code:
                codes = offices.setdefault(m.text.lower(), [])
                if code not in codes:
                    codes.append(code)
    # not heads of state (every country has one); an office of several states goes to the
    # state the story was filed from, if it is one of them, else to the one named first
    out = {}
    for title, codes in offices.items():
        if title in _HEADS:
            continue
        if len(codes) == 1:
            out[title] = codes[0]
        elif home in codes:
            out[title] = home
    return out


_HEADS = word_list("_HEADS")


def _office_code(s: _Sent, i: int, offices: dict[str, str]) -> str | None:
    """'Foreign Minister Park Seong-ho', after the story named South Korea's foreign minister."""
    k = i - 1
    if k < 0 or s.kind[k] is None or s.kind[k].kind != "title":
        return None
    m = s.kind[k]
    start = k
    while start > 0 and s.kind[start - 1] is m:
        start -= 1
    if start > 0 and s.code_at(start - 1):
        return None  # "Japanese Foreign Minister X" is handled by the demonym itself
    return offices.get(m.text.lower())


def _left_code(s: _Sent, i: int, reg: Registry | None = None) -> str | None:
    """'North Korean leader <Name>', 'Russia's Foreign Minister <Name>'."""
    k = i - 1
    titles = 0
    commas = 0
    while k >= 0:
        if s.is_office(k):
            return s.kind[k].code  # "World Bank President <Name>"
        if (
            s.code_at(k)
            and offices_enabled()
            and k >= 2
            and s.toks[k - 1][0].lower() in ("in", "to")
            and s.is_title(k - 2)
            and s.code_at(k - 2) is None
        ):
            k -= 2  # "US envoy in Sudan <Name>", "ambassador to Japan <Name>": a posting
            continue
        if s.code_at(k) is not None:
            break
        word = s.toks[k][0]
        if offices_enabled() and reg is not None and titles and word in reg.doc and word.isupper():
            return reg.doc[word].code  # "UNSCOM chief <Name>", the acronym named before
        if not (s.is_title(k) or (word == "," and titles and not commas)):
            break
        if word == ",":
            commas += 1  # "Myanmar's military leader, Senior General <Name>"
        elif word.lower() not in ("'", "’", "s", "-", ".", "of", "the", "for", "and"):
            titles += 1
        k -= 1
    if k >= 0 and s.code_at(k) and (titles or s.toks[k + 1][0] in ("'", "’")):
        return s.code_at(k)
    return None


def _right_code(s: _Sent, j: int) -> str | None:
    """'<Name>, a top official of the North Korean party,' or '<Name> of India'."""
    n = len(s.toks)
    if j + 1 < n and s.toks[j][0] == "of" and s.code_at(j + 1):
        return s.code_at(j + 1)
    if j < n and s.toks[j][0] == ",":
        saw_title = False
        for k in range(j + 1, min(n, j + 12)):
            w = s.toks[k][0]
            if w in (",", ".", ";", "(", ")") or w.lower() in (
                "who",
                "which",
                "that",
                "said",
                "says",
            ):
                break
            if (
                s.is_title(k)
                and s.code_at(k) is None
                and w.lower() not in ("of", "the", "for", "and", "'", "s")
            ):
                saw_title = True
            code = s.code_at(k)
            if code and (saw_title or k <= j + 3):
                return code  # "<Name>, a U.S. reporter", "<Name>, the Russian envoy"
            if code and k == j + 1 and k + 2 < n and s.toks[k + 1][0] in ("'", "’"):
                return code  # "<Name>, Russia's ambassador"
    return None
