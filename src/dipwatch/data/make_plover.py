"""Write plover.json, the part of the PLOVER ontology the exports need, from ../shared/reference.

    python src/dipwatch/data/make_plover.py [ONTOLOGY_JSON]

The product reads only the file written here (no reference directory at run time): the record
fields, the entity and location fields, each event type's quad class and modes, and the
context names. PLOVER is CC BY-SA 4.0 (see LICENSE-plover.txt next to this script).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parents[2].parent / "shared" / "reference" / "plover_ontology.json"


def trimmed(ontology: dict) -> dict:
    """The fields, types, modes and contexts of the ontology, without the definitions."""
    return {
        "source": ontology["source"],
        "record_required_fields": ontology["record_required_fields"],
        "record_optional_fields": ontology["record_optional_fields"],
        "entity_fields": ontology["entity_fields"],
        "location_fields": ontology["location_fields"],
        "event_types": {
            name: {
                "quad": spec["quad"],
                "requires_recipient": spec["requires_recipient"],
                "modes": [m["mode"] for m in spec["modes"]],
            }
            for name, spec in ontology["event_types"].items()
        },
        "contexts": [c["context"] for c in ontology["contexts"]],
    }


def main(argv: list[str]) -> int:
    """Read the reference ontology, write plover.json."""
    src = Path(argv[0]) if argv else DEFAULT
    out = HERE / "plover.json"
    data = trimmed(json.loads(src.read_text(encoding="utf-8")))
    out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"{out}: {len(data['event_types'])} event types, {len(data['contexts'])} contexts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
