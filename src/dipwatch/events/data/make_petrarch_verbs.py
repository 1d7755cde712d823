"""Convert PETRARCH-2's CAMEO verb dictionary (MIT) into triggers_petrarch.tsv.

    python src/dipwatch/events/data/make_petrarch_verbs.py ../shared/reference

A development-time tool: the product reads only the TSV it writes. Each verb of
petrarch/CAMEO.2.0.txt gets its CAMEO code (its own, else its synonym block's), mapped to a
PLOVER type and mode by CAMEO2PLOVER-2021.txt (CAMEO 02x appeals -> REQUEST; 01x public
statements are no event and are left out). Where a recipient is found depends on the PLOVER
type (see SLOTS). Verbs that triggers.tsv already has are left out: the hand-kept file wins.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "triggers_petrarch.tsv"

SLOTS = {  # PLOVER type -> where its recipient is, in the order tried
    "CONSULT": "obj|with|to",
    "AGREE": "with|obj|to",
    "SUPPORT": "obj|for|to|with",
    "COOPERATE": "with|obj|to",
    "AID": "to|for|dative",
    "CONCEDE": "obj|to|dative",
    "RETREAT": "from|obj|to",
    "REQUEST": "obj|dative|to|on",
    "ACCUSE": "obj|against|over|on",
    "REJECT": "obj|to",
    "THREATEN": "obj|dative|against|to|on",
    "PROTEST": "against|outside|obj",
    "SANCTION": "obj|on|against|from",
    "MOBILIZE": "against|toward|near|to",
    "COERCE": "obj|from",
    "ASSAULT": "obj|on|against|at|in",
}
# verbs too general to code by themselves (CAMEO lists them for its patterns, not alone)
SKIP = {
    "be",
    "have",
    "do",
    "get",
    "go",
    "come",
    "make",
    "take",
    "give",
    "put",
    "set",
    "say",
    "tell",
    "see",
    "look",
    "find",
    "keep",
    "hold",
    "run",
    "turn",
    "call",
    "show",
    "move",
    "leave",
    "bring",
    "play",
    "pass",
    "work",
    "use",
    "seek",
    "carry",
    "face",
    "meet",
    "open",
    "close",
    "end",
    "start",
    "begin",
    "continue",
    "change",
    "raise",
    "lower",
    "cut",
    "fall",
    "rise",
    "grow",
    "receive",
    "return",
    "release",
    "sign",
    "agree",
    "deal",
    "offer",
    "expect",
    "decide",
    "determine",
    "vote",
    "fail",
    "decline",
    "express",
    "communicate",
    "outline",
    "affirm",
    "search",
    "evacuate",
    "airlift",
    "resign",
    "dismiss",
    "consider",
    "plan",
    "prepare",
    "want",
    "need",
    "try",
    "hope",
    "wish",
    "allow",
    "let",
    "help",
    "join",
    "form",
    "build",
    "develop",
    "reach",
    "enter",
    "break",
    "fire",
    "drop",
    "launch",
    "charge",
    "fight",
    "strike",
    "attack",
    "mark",
    "note",
    "add",
    "include",
    "order",
    "report",
    "claim",
    "state",
    "announce",
    "declare",
    "issue",
    "warn",
    "accept",
    "approve",
    "stop",
    "block",
    "lift",
    "ease",
    "free",
    "host",
    "visit",
    "talk",
    "discuss",
    "negotiate",
    "urge",
    "ask",
    "press",
    "push",
    "pull",
    "hit",
    "beat",
    "shoot",
    "kill",
    "seize",
    "arrest",
    "detain",
    # WordNet-style senses that are rarely the CAMEO act in news
    "die",
    "engage",
    "hear",
    "intend",
    "signal",
    "strive",
    "influence",
    "rejoice",
    "link",
    "trade",
    "monitor",
    "compensate",
    "renounce",
    "despair",
    "dismay",
    "debate",
    "aim",
    "target",
    "explode",
    "pound",
    "bar",
    "fine",
    "abandon",
    "submit",
    "merge",
    "enact",
    "import",
    "provoke",
    "disturb",
    "march",
    "extract",
    "abuse",
    "hurt",
    "loot",
    "parade",
    "betray",
    "suppress",
    "punish",
    "impel",
    "favor",
    "respect",
    "bless",
    "greet",
    "appreciate",
    "reassert",
    "bargain",
    "coordinate",
    "collaborate",
    "inspect",
    "spy",
    "secede",
    "disrupt",
    "undermine",
    "confine",
    "steal",
    "intervene",
    "stabilise",
    "grill",
    "interrogate",
    "disband",
    "decree",
    "revive",
    "notify",
    "breach",
    "retreat",
    "comply",
    "defect",
    "abort",
    "reexamine",
    "apply",
    "suggest",
    "injure",
    "arm",
    "defend",
}
_BLOCK = re.compile(r"^---\s+(\S.*?)\s+\[([^\]]*)\]\s+---")
_VERB = re.compile(r"^([A-Z][A-Z'-]*)\s*(\{[^}]*\})?\s*(\[[^\]]*\])?\s*(#.*)?$")


def plover_table(path: Path) -> dict[str, tuple[str, str | None]]:
    out: dict[str, tuple[str, str | None]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d+):\s*([A-Z]+)\s*(?:,\s*([a-z -]*))?", line)
        if m and m.group(1) not in out:
            out[m.group(1)] = (m.group(2), (m.group(3) or "").strip() or None)
    return out


def to_plover(code: str, table: dict) -> tuple[str, str | None] | None:
    if code.startswith("01"):
        return None
    if code.startswith("02"):
        return ("REQUEST", None)
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


def verbs(path: Path) -> list[tuple[str, list[str], str]]:
    """(lemma, irregular forms, CAMEO code) of every single-word verb with a code."""
    out = []
    block_code = None
    block_head = ""
    in_verbs = False
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if "VERB PATTERNS" in line:
            in_verbs = True
            continue
        if not in_verbs:
            continue
        b = _BLOCK.match(line)
        if b:
            block_code = b.group(2).strip()
            block_head = b.group(1).strip().split()[0].upper()
            continue
        if not line or line.startswith(("-", "+", "#", "&", " ", "\t")):
            continue
        m = _VERB.match(line.strip())
        if not m:
            continue
        lemma, forms, own = m.group(1), m.group(2), m.group(3)
        # a verb's own code, else its block's when the block's head word is this verb: the
        # WordNet synonyms of a block are too loose to code by themselves ("mean", "train")
        code = (own or "").strip("[] ") or (block_code if lemma == block_head else "") or ""
        code = code.split(":")[0]
        if not code or code.startswith("-") or not code.isdigit():
            continue
        irregular = forms.strip("{} ").split() if forms else []
        out.append((lemma.lower(), [f.lower() for f in irregular], code))
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    ref = Path(argv[0])
    table = plover_table(ref / "CAMEO2PLOVER-2021.txt")
    onto = json.loads((HERE / "plover_ontology.json").read_text(encoding="utf-8"))["event_types"]
    hand = set()
    for line in (HERE / "triggers.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            cells = line.split("\t")
            if len(cells) > 1 and cells[1] in ("V", "L"):
                hand.add(cells[0].split()[0])
    rows, seen = [], set()
    for lemma, irregular, code in verbs(ref / "petrarch" / "CAMEO.2.0.txt"):
        if lemma in hand or lemma in SKIP or lemma in seen or "-" in lemma or len(lemma) < 3:
            continue
        mapped = to_plover(code, table)
        if mapped is None or mapped[0] not in SLOTS:
            continue
        etype, mode = mapped
        modes = {m["mode"] for m in onto[etype].get("modes", [])}
        mode = mode if mode in modes else "-"
        seen.add(lemma)
        rows.append([lemma, "V", etype, mode, code, SLOTS[etype], "-", "|".join(irregular), ""])
    header = [
        "# triggers_petrarch.tsv: verbs of PETRARCH-2's CAMEO verb dictionary (openeventdata/petrarch2,",
        "# MIT licence, (c) Open Event Data Alliance; see LICENSE-petrarch.txt), converted by",
        "# make_petrarch_verbs.py: CAMEO code of the verb (or its synonym block) -> PLOVER type and mode",
        "# by CAMEO2PLOVER-2021.txt. Columns as in triggers.tsv (word pos type mode cameo target object",
        "# irregular flags). Rows for verbs triggers.tsv already has are left out: the hand file wins.",
        "word\tpos\ttype\tmode\tcameo\ttarget\tobject\tirregular\tflags",
    ]
    OUT.write_text("\n".join(header + ["\t".join(r) for r in rows]) + "\n", encoding="utf-8")
    print(f"{len(rows)} verbs -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
