"""The learned part of the rule coder: a logistic model of whether an event the rules made is
right, from what the rules know about it (its trigger row, how its roles were filled, the
context rules used, its type, mood and attributes).

It gives every event a calibrated `confidence` (the model's probability that a gold annotator
would code the same type, source and target). Dropping events under the threshold chosen on
the tuning data is measured but off by default (`drop=True` turns it on): on the real-news test
part it removed as many right events as wrong ones. Trained by `make train` (`python -m
dipwatch.quality.train`), which writes `events/data/calibration.json`; without that file the
rule scores stand.
"""

from __future__ import annotations

import json
import math
from functools import cache
from importlib import resources

from dipwatch.events.ablation import enabled
from dipwatch.events.actors import ORG_CODES
from dipwatch.models import Event


def features(ev: Event) -> list[str]:
    """The model's view of one event (string features, each worth 1)."""
    rules = ev.rules or []
    trigger_row = rules[0] if rules else "none"
    role = rules[1] if len(rules) > 1 else "role:none"
    words = len(ev.evidence.split())
    out = [
        "bias",
        f"type={ev.event_type}",
        f"trigger={trigger_row}",
        f"trigger_file={trigger_row.split(':')[0]}",
        f"word={(ev.trigger or '').lower()}",
        role,
        f"type|{role}",
        f"src_how={ev.source_how}",
        f"mode={ev.event_mode}",
        f"sym={ev.symmetric}",
        f"date={ev.date_precision}",
        f"place={ev.location_name is not None}",
        f"amount={ev.amount_usd is not None}",
        f"rule_score={round(ev.confidence, 1)}",
        f"target_none={ev.target_country is None}",
        f"source_org={ev.source_country in ORG_CODES}",
        f"target_org={ev.target_country in ORG_CODES}",
        f"length={min(words // 10, 5)}",
        f"reported={' said' in ev.evidence or ' told ' in ev.evidence}",
        f"quote={chr(34) in ev.evidence or chr(8220) in ev.evidence}",
    ]
    out += [f"rule={r}" for r in rules[2:]]
    return out


@cache
def model() -> dict | None:
    """events/data/calibration.json, or None when the model was never trained."""
    path = resources.files("dipwatch.events").joinpath("data", "calibration.json")
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def probability(ev: Event, weights: dict[str, float]) -> float:
    z = sum(weights.get(f, 0.0) for f in features(ev))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def calibrate(events: list[Event], drop: bool = False) -> list[Event]:
    """Events with the model's confidence (and, with `drop`, those under its threshold out)."""
    m = model()
    if m is None or not enabled("learned-confidence"):
        return events
    out = []
    for ev in events:
        p = probability(ev, m["weights"])
        if drop and p < m["threshold"]:
            continue
        ev.confidence = round(p, 2)
        ev.rules = [*(ev.rules or []), "model:calibration"]
        out.append(ev)
    return out
