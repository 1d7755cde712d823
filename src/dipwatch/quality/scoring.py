"""Scoring events against a gold file exactly as FORMAT.md describes (keys, optional, attributes)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from typing import Any

COLUMNS = (
    "article_url",
    "event_type",
    "source_country",
    "target_country",
    "event_date",
    "date_precision",
    "location_name",
    "amount_usd",
    "evidence",
)


def slug_of(url: str) -> str:
    """The article a URL belongs to: its last path segment without .html."""
    last = re.sub(r"[?#].*$", "", url).rstrip("/").rsplit("/", 1)[-1]
    return re.sub(r"\.html?$", "", last)


def _norm(code: Any) -> str | None:
    return (code or "").strip().upper() or None


def _key(kind: Any, src: Any, tgt: Any) -> tuple:
    return (_norm(kind), _norm(src), _norm(tgt))


def date_ok(gold: dict, pred: Any) -> bool | None:
    """Right at the gold precision; None when the gold has no date."""
    if not gold.get("date") or gold.get("date_precision") not in ("day", "month", "year"):
        return None
    if pred is None:
        return False
    if isinstance(pred, str):
        pred = dt.date.fromisoformat(pred[:10])
    width = {"year": 4, "month": 7, "day": 10}[gold["date_precision"]]
    return pred.isoformat()[:width] == gold["date"][:width]


def place_ok(gold: dict, pred: str | None) -> bool | None:
    """The gold place name is contained in the predicted one (case-insensitive)."""
    if not gold.get("location"):
        return None
    return bool(pred) and gold["location"].casefold() in pred.casefold()


def amount_ok(gold: dict, pred: Any) -> bool | None:
    """Within 5 % of the gold dollar amount."""
    if gold.get("amount_usd") in (None, 0):
        return None
    return pred is not None and abs(float(pred) - gold["amount_usd"]) <= 0.05 * gold["amount_usd"]


def predictions(rows: list[tuple]) -> dict[str, list[dict]]:
    """Rows of COLUMNS grouped by article slug."""
    by_slug: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        rec = dict(zip(COLUMNS, row, strict=True))
        by_slug[slug_of(rec["article_url"] or "")].append(rec)
    return by_slug


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f, 3),
    }


def score(gold_doc: dict, preds: dict[str, list[dict]]) -> dict:
    """Micro P/R/F1 over (type, source, target) keys, per type, and attribute accuracy."""
    tp, fp, fn = Counter(), Counter(), Counter()
    attrs: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses, extras = [], []
    for art in gold_doc["articles"]:
        required, optional = [], set()
        for ev in art["events"]:
            keys = set()
            for kind in [ev["type"], *ev.get("alt_types", [])]:
                keys.add(_key(kind, ev["source"], ev["target"]))
                if ev.get("symmetric"):
                    keys.add(_key(kind, ev["target"], ev["source"]))
            if ev.get("optional"):
                optional |= keys
            else:
                required.append((keys, ev))
        matched: set[int] = set()
        false_keys: set[tuple] = set()
        for p in preds.get(art["slug"], []):
            k = _key(p["event_type"], p["source_country"], p["target_country"])
            open_ = [i for i, (keys, _) in enumerate(required) if k in keys and i not in matched]
            if open_:
                i = next((i for i in open_ if date_ok(required[i][1], p["event_date"])), open_[0])
                matched.add(i)
                g = required[i][1]
                tp[_norm(g["type"])] += 1
                for name, ok in (
                    ("date", date_ok(g, p["event_date"])),
                    ("location", place_ok(g, p["location_name"])),
                    ("amount", amount_ok(g, p["amount_usd"])),
                ):
                    if ok is not None:
                        attrs[name][0] += ok
                        attrs[name][1] += 1
            elif any(k in keys for keys, _ in required) or k in optional:
                continue
            elif k not in false_keys:
                false_keys.add(k)
                fp[k[0]] += 1
                extras.append(
                    {
                        "slug": art["slug"],
                        "type": p["event_type"],
                        "source": p["source_country"],
                        "target": p["target_country"],
                        "evidence": p["evidence"],
                    }
                )
        for i, (_, g) in enumerate(required):
            if i not in matched:
                fn[_norm(g["type"])] += 1
                misses.append(
                    {
                        "slug": art["slug"],
                        "type": g["type"],
                        "source": g["source"],
                        "target": g["target"],
                        "evidence": g.get("evidence"),
                    }
                )
    types = sorted(set(tp) | set(fp) | set(fn), key=str)
    return {
        "micro": _prf(sum(tp.values()), sum(fp.values()), sum(fn.values())),
        "per_type": {t: _prf(tp[t], fp[t], fn[t]) for t in types},
        "attributes": {k: round(v[0] / v[1], 3) if v[1] else None for k, v in attrs.items()},
        "attribute_counts": dict(attrs),
        "misses": misses,
        "false_positives": extras,
    }


def render(result: dict) -> str:
    """The per-type table and micro figures, as the reference scorer prints them."""
    lines = [f"{'type':<10} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}"]
    for t, s in result["per_type"].items():
        lines.append(
            f"{str(t):<10} {s['tp']:>4} {s['fp']:>4} {s['fn']:>4} {s['precision']:>6} "
            f"{s['recall']:>6} {s['f1']:>6}"
        )
    m = result["micro"]
    lines.append(f"attributes on matched events: {result['attributes']}")
    lines.append(
        f"micro P={m['precision']} R={m['recall']} F1={m['f1']} (tp={m['tp']} fp={m['fp']} fn={m['fn']})"
    )
    return "\n".join(lines)
