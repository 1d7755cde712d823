"""The rule coder (dipwatch.events.engine) as an EventCoder, registered as "rules".

Its version is the engine's VERSION constant plus a short hash of the dictionaries and the
learned model in events/data/ (*.tsv, *.json), so a change of vocabulary or a retrained model
is a new version; rule families switched off with DIPWATCH_ABLATE are part of it too (the
output differs). Nothing here loads spaCy: the engine is imported on the first `code` call or
`version` read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from dipwatch.events import ablation
from dipwatch.models import Article, Event


def tsv_hash(folder: Traversable) -> str:
    """sha1 of the names and contents of the *.tsv and *.json files in `folder` (the
    dictionaries, the ontology and the learned model), first 8 hex digits."""
    h = hashlib.sha1()
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith((".tsv", ".json")):
            h.update(item.name.encode() + b"\0" + item.read_bytes() + b"\0")
    return h.hexdigest()[:8]


@cache
def data_hash() -> str:
    """tsv_hash of the rule coder's dictionaries (events/data), once per process."""
    return tsv_hash(resources.files("dipwatch.events").joinpath("data"))


def rules_version() -> str:
    """e.g. 'rules-1+data.1a2b3c4d' (plus '+ablate.<families>' when some are switched off)."""
    from dipwatch.events.engine import VERSION

    version = f"{VERSION}+data.{data_hash()}"
    off = sorted(ablation.disabled())
    return version + (f"+ablate.{'.'.join(off)}" if off else "")


class RuleCoder:
    """The rule coder: dictionaries, triggers and a spaCy parse of the candidate sentences."""

    name = "rules"

    @property
    def version(self) -> str:
        """The engine's version, its dictionaries' hash and any families switched off."""
        return rules_version()

    def code(self, articles: Sequence[Article]) -> list[list[Event]]:
        """Events of each article; candidate sentences of the whole batch are parsed together."""
        from dipwatch.events.calibration import calibrate
        from dipwatch.events.engine import extractor

        return [
            calibrate(events)
            for events in extractor().extract_many([(a.text, a.published_at) for a in articles])
        ]
