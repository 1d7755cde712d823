"""The article-extraction benchmark's metric: bags of 4-token shingles.

Same definition as the benchmark's own ``evaluate.py`` (and /work/shared/aeb/score_reference.py):

* text is cut into ``\\w+`` tokens (Unicode, case kept, punctuation ignored);
* each text becomes a multiset of 4-token shingles (1-3 tokens: one shorter shingle);
* per page, shared shingles are true positives, surplus predicted ones false positives,
  missing truth ones false negatives, all divided by their sum so each page weighs the same;
* corpus precision is the mean per-page precision over pages where something was extracted,
  corpus recall the mean per-page recall over pages with a truth; F1 is their harmonic mean;
* accuracy is the share of pages whose token sequence equals the truth's.

Shared by ``bench/aeb.py`` and the CI quality gate in ``tests/test_article.py``.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import NamedTuple

SHINGLE_SIZE = 4
WORD = re.compile(r"\w+", re.UNICODE)


class PageCounts(NamedTuple):
    """Shingle-level outcome for one page, normalised to sum to 1 (or all 0)."""

    tp: float
    fp: float
    fn: float


def words(text: str | None) -> list[str]:
    return WORD.findall(text or "")


def shingle_bag(text: str | None, size: int = SHINGLE_SIZE) -> Counter:
    toks = words(text)
    if not toks:
        return Counter()
    if len(toks) <= size:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + size]) for i in range(len(toks) - size + 1))


def compare_page(truth: str | None, pred: str | None, size: int = SHINGLE_SIZE) -> PageCounts:
    want, got = shingle_bag(truth, size), shingle_bag(pred, size)
    overlap = sum((want & got).values())
    extra = sum((got - want).values())
    missing = sum((want - got).values())
    total = overlap + extra + missing
    if total == 0:
        return PageCounts(0.0, 0.0, 0.0)
    return PageCounts(overlap / total, extra / total, missing / total)


def page_precision(c: PageCounts) -> float:
    if c.fp == 0 and c.fn == 0:
        return 1.0
    return c.tp / (c.tp + c.fp) if c.tp + c.fp else 0.0


def page_recall(c: PageCounts) -> float:
    if c.fp == 0 and c.fn == 0:
        return 1.0
    return c.tp / (c.tp + c.fn) if c.tp + c.fn else 0.0


def exact_match(truth: str | None, pred: str | None) -> bool:
    return words(truth) == words(pred)


def corpus_scores(pages: Iterable[PageCounts]) -> dict[str, float]:
    pages = list(pages)
    precs = [page_precision(c) for c in pages if c.tp + c.fp > 0]
    recs = [page_recall(c) for c in pages if c.tp + c.fn > 0]
    p = statistics.mean(precs) if precs else 0.0
    r = statistics.mean(recs) if recs else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"f1": f1, "precision": p, "recall": r}


def evaluate(truth: Mapping[str, str], preds: Mapping[str, str | None]) -> dict[str, float]:
    """Score predicted bodies against true bodies, both keyed by page id.

    Pages missing from ``preds`` count as empty extractions. Returns f1, precision, recall,
    accuracy (point estimates, no bootstrap).
    """
    ids = sorted(truth)
    pages = [compare_page(truth[i], preds.get(i)) for i in ids]
    out = corpus_scores(pages)
    exact = [exact_match(truth[i], preds.get(i)) for i in ids]
    out["accuracy"] = sum(exact) / len(exact) if exact else 0.0
    return out
