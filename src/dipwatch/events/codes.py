"""PLOVER types and modes, CAMEO codes, Goldstein scores and quad classes."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from dipwatch.events.lexicon import read_tsv

_QUAD = {
    "VERBAL COOPERATION": 1,
    "MATERIAL COOPERATION": 2,
    "VERBAL CONFLICT": 3,
    "MATERIAL CONFLICT": 4,
}

# CAMEO code used when a type changes (a future visit becomes AGREE, a threat THREATEN).
INTENT_CAMEO = {
    "CONSULT": "036",
    "SUPPORT": "032",
    "COOPERATE": "031",
    "AID": "033",
    "RETREAT": "035",
    "AGREE": "030",
}
THREAT_CAMEO = {"SANCTION": "1312", "ASSAULT": "138", "COERCE": "1312", "MOBILIZE": "138"}


@cache
def ontology() -> dict:
    """The PLOVER ontology (types, modes, definitions)."""
    path = resources.files("dipwatch.events").joinpath("data", "plover_ontology.json")
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _goldstein() -> dict[str, float]:
    return {r["code"]: float(r["goldstein"]) for r in read_tsv("cameo_goldstein.tsv")}


def goldstein(cameo: str | None) -> float | None:
    """Goldstein score of a CAMEO code (falls back to its parent code)."""
    table = _goldstein()
    code = cameo or ""
    while code:
        if code in table:
            return table[code]
        code = code[:-1]
    return None


def quad_class(event_type: str) -> int | None:
    """1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."""
    info = ontology()["event_types"].get(event_type)
    return _QUAD.get(info["quad"]) if info else None
