"""Train the rule coder's learned part (dipwatch.events.calibration) on the gold sets.

    python -m dipwatch.quality.train [--realnews-pages DIR] [--out FILE]     (make train)

The rule coder runs over every gold article the repository holds (the bundled sample, the two
invented development sets and, when its pages were built with bench/realnews/build.py, the
real-news tuning part; never the real-news test part). Each event it makes is labelled right
(its type, source and target are a required gold event's, or the reverse of a symmetric one) or
wrong (any other key; events matching only an optional gold event are left out, as the scorer
ignores them). A logistic regression (L2, plain gradient descent: deterministic) is fitted on
string features of the events; the threshold that maximises F1 over five article folds (each
fold scored by a model fitted on the other four) is kept. Writes the weights, the threshold, the
training sets and the cross-validated figures to events/data/calibration.json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
OUT = Path(__file__).resolve().parents[1] / "events" / "data" / "calibration.json"
REAL_WEIGHT = 4.0  # an event of real news counts this many invented ones: calibrate for real text


def gold_sets(realnews: Path | None) -> dict[str, tuple[Path, Path]]:
    sets = {
        "sample": (ROOT / "seeds/gold.json", ROOT / "seeds/pages"),
        "devset": (ROOT / "tests/data/devset/gold.json", ROOT / "tests/data/devset/pages"),
        "heldout": (ROOT / "tests/data/heldout/gold.json", ROOT / "tests/data/heldout/pages"),
    }
    if realnews is not None and realnews.is_dir():
        sets["real-tune"] = (ROOT / "bench/realnews/gold-tune.json", realnews)
    return sets


def gold_keys(ev: dict) -> set[tuple]:
    """The (type, source, target) keys a gold event matches (alt types; both ways if symmetric)."""
    kinds = [ev["type"], *ev.get("alt_types", [])]
    keys = {(k, ev["source"], ev["target"]) for k in kinds}
    if ev.get("symmetric"):
        keys |= {(k, ev["target"], ev["source"]) for k in kinds}
    return keys


def gold_articles(gold_path: Path, pages: Path) -> tuple[list[dict], list]:
    """(gold articles, their Article extracted from the page) for the pages that exist; an
    article whose page names no publication time takes the gold file's, as the feed gives it."""
    import datetime as dt

    from dipwatch.articles.extract import extract_article

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    arts, docs = [], []
    for art in gold["articles"]:
        page = pages / f"{art['slug']}.html"
        if not page.is_file():
            continue
        article = extract_article(page.read_text(encoding="utf-8", errors="replace"), None)
        if article.published_at is None:
            article.published_at = dt.datetime.fromisoformat(
                art["published"].replace("Z", "+00:00")
            )
        arts.append(art)
        docs.append(article)
    return arts, docs


def labelled(art: dict, events: list) -> list[tuple]:
    """(event, 1 right / 0 wrong) for each distinct key the coder gave one gold article; keys
    that match only an optional gold event are left out, as the scorer ignores them."""
    req = [gold_keys(g) for g in art["events"] if not g.get("optional")]
    opt = set().union(*[gold_keys(g) for g in art["events"] if g.get("optional")] or [set()])
    seen, out = set(), []
    for ev in events:
        key = (ev.event_type, ev.source_country, ev.target_country)
        if key in seen:
            continue
        seen.add(key)
        hit = any(key in k for k in req)
        if hit or key not in opt:
            out.append((ev, int(hit)))
    return out


def examples(sets: dict[str, tuple[Path, Path]]) -> tuple[list, list, list, dict]:
    """(feature lists, labels, article ids, required gold events per article)."""
    from dipwatch.events.calibration import features
    from dipwatch.events.engine import extractor

    X, y, groups, required = [], [], [], {}
    ex = extractor()
    for name, (gold_path, pages) in sets.items():
        arts, docs = gold_articles(gold_path, pages)
        for art, events in zip(
            arts, ex.extract_many([(a.text, a.published_at) for a in docs]), strict=True
        ):
            aid = f"{name}/{art['slug']}"
            required[aid] = sum(1 for g in art["events"] if not g.get("optional"))
            for ev, hit in labelled(art, events):
                X.append(features(ev))
                y.append(hit)
                groups.append(aid)
    return X, y, groups, required


def fit(
    X: list[list[str]],
    y: list[int],
    weights: list[float] | None = None,
    l2: float = 3.0,
    steps: int = 600,
) -> dict[str, float]:
    """Weighted L2 logistic regression by full-batch gradient descent (deterministic)."""
    import numpy as np

    vocab = {f: i for i, f in enumerate(sorted({f for row in X for f in row}))}
    rows = np.zeros((len(X), len(vocab)))
    for r, feats in enumerate(X):
        for f in feats:
            rows[r, vocab[f]] = 1.0
    t = np.array(y, dtype=float)
    sw = np.array(weights if weights is not None else [1.0] * len(y), dtype=float)
    n = sw.sum()
    w = np.zeros(len(vocab))
    lr = 0.5
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(rows @ w, -30, 30)))
        grad = rows.T @ (sw * (p - t)) / n + l2 * w / n
        grad[vocab["bias"]] -= l2 * w[vocab["bias"]] / n  # the bias is not penalised
        w -= lr * grad
    return {f: round(float(w[i]), 4) for f, i in vocab.items() if abs(w[i]) > 1e-4}


def _prob(feats: list[str], w: dict[str, float]) -> float:
    z = sum(w.get(f, 0.0) for f in feats)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _f1(probs, y, required, threshold) -> tuple[float, float, float]:
    """F1, precision and recall when events under `threshold` are dropped."""
    tp = sum(1 for p, lab in zip(probs, y, strict=True) if p >= threshold and lab)
    fp = sum(1 for p, lab in zip(probs, y, strict=True) if p >= threshold and not lab)
    fn = sum(required.values()) - tp
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return (2 * prec * rec / (prec + rec) if prec + rec else 0.0), prec, rec


L2_GRID = (1.0, 3.0, 10.0, 30.0, 100.0)


def source_of(group: str) -> str:
    """'real-tune/afp-...' -> 'afp': the corpus an article came from (invented sets are one each)."""
    name, slug = group.split("/", 1)
    return slug.split("-", 1)[0] if name.startswith("real-") else name


def choose_l2(X: list, y: list, groups: list, sw: list) -> tuple[float, dict[float, float]]:
    """The L2 strength whose model predicts best on a source it was not fitted on.

    Leave-one-source-out: each real-news source (Reuters, AFP, AEB pages...) is scored by a model
    fitted on all the others, so the strength chosen is the one that carries over to a new
    outlet's writing (article folds within one outlet reward memorising its phrasings).
    """
    sources = sorted({source_of(g) for g in groups})
    real = [s for s in sources if any(source_of(g) == s and g.startswith("real-") for g in groups)]
    held_out = real or sources
    loss: dict[float, float] = {}
    for l2 in L2_GRID:
        total, n = 0.0, 0
        for src in held_out:
            train = [i for i, g in enumerate(groups) if source_of(g) != src]
            w = fit([X[i] for i in train], [y[i] for i in train], [sw[i] for i in train], l2=l2)
            for i, g in enumerate(groups):
                if source_of(g) == src:
                    p = min(max(_prob(X[i], w), 1e-6), 1 - 1e-6)
                    total -= math.log(p) if y[i] else math.log(1 - p)
                    n += 1
        loss[l2] = total / max(n, 1)
    return min(loss, key=loss.get), loss


def constant_loss(y: list, groups: list, sw: list) -> float:
    """choose_l2's log loss for a model that knows nothing: the other sources' share right."""
    sources = sorted({source_of(g) for g in groups})
    real = [s for s in sources if any(source_of(g) == s and g.startswith("real-") for g in groups)]
    total, n = 0.0, 0
    for src in real or sources:
        train = [i for i, g in enumerate(groups) if source_of(g) != src]
        p = sum(sw[i] * y[i] for i in train) / max(sum(sw[i] for i in train), 1e-9)
        p = min(max(p, 1e-6), 1 - 1e-6)
        for i, g in enumerate(groups):
            if source_of(g) == src:
                total -= math.log(p) if y[i] else math.log(1 - p)
                n += 1
    return total / max(n, 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--realnews-pages", type=Path, default=os.environ.get("DIPWATCH_REALNEWS_PAGES")
    )
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args(argv)
    sets = gold_sets(args.realnews_pages)
    X, y, groups, required = examples(sets)
    print(f"{len(y)} events from {len(required)} articles ({', '.join(sets)}): {sum(y)} right")
    articles = sorted(required)
    fold_of = {a: i % args.folds for i, a in enumerate(articles)}
    cv = [0.0] * len(y)
    sw = [REAL_WEIGHT if g.startswith("real-") else 1.0 for g in groups]
    l2, losses = choose_l2(X, y, groups, sw)
    print(
        "log loss on a source left out, by L2 strength: "
        + ", ".join(f"{k:g}: {v:.3f}" for k, v in losses.items())
        + f" -> {l2:g}; a constant (the other sources' share right): "
        + f"{constant_loss(y, groups, sw):.3f}"
    )
    for k in range(args.folds):
        train = [i for i, g in enumerate(groups) if fold_of[g] != k]
        w = fit([X[i] for i in train], [y[i] for i in train], [sw[i] for i in train], l2=l2)
        for i, g in enumerate(groups):
            if fold_of[g] == k:
                cv[i] = _prob(X[i], w)
    # the threshold is chosen on real news when the set holds some
    on_real = any(g.startswith("real-") for g in groups)
    chosen = [i for i, g in enumerate(groups) if g.startswith("real-") or not on_real]
    req = {a: n for a, n in required.items() if a.startswith("real-") or not on_real}
    labels = [y[i] for i in chosen]
    base = _f1([1.0] * len(chosen), labels, req, 0.5)
    best = max(
        (_f1([cv[i] for i in chosen], labels, req, t / 100), t / 100) for t in range(5, 80, 5)
    )
    (f1, p, r), threshold = best
    print(f"rules alone: F1 {base[0]:.3f} (P {base[1]:.3f} R {base[2]:.3f})")
    print(
        f"with the model (cross-validated), threshold {threshold}: F1 {f1:.3f} (P {p:.3f} R {r:.3f})"
    )
    weights = fit(X, y, sw, l2=l2)
    out = {
        "about": "dipwatch.events.calibration: logistic model of a rule-coded event being right",
        "trained_on": list(sets),
        "events": len(y),
        "threshold": threshold,
        "l2": l2,
        "cross_validated": {
            "rules_alone": {"f1": round(base[0], 3), "precision": round(base[1], 3)},
            "with_model": {"f1": round(f1, 3), "precision": round(p, 3), "recall": round(r, 3)},
        },
        "weights": dict(sorted(weights.items())),
    }
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"{len(weights)} weights -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
