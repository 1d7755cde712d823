"""Money amounts ("$11-billion", "€300 million (about $330 million)", "1.2 trillion yen")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dipwatch.events.lexicon import word_map

# the words and symbols are in events/data/wordmaps.tsv; the patterns below must match them
_SCALE = {word: float(value) for word, value in word_map("_SCALE").items()}
_SCALES = r"(?:thousand|million|billion|trillion|mln|bln|mn|bn|tn|trn|k|m|b)\b"
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SYMBOL = word_map("_SYMBOL")
_SYMBOL_FOLDED = {k.casefold(): v for k, v in _SYMBOL.items()}  # "rs." and "usd" as well
WORD_CURRENCY = word_map("WORD_CURRENCY")
_SYM = (
    r"(?:U\.S\.\$|US\$|A\$|C\$|HK\$|S\$|NZ\$|R\$|\$|€|£|¥|₹|₽|₩|USD|EUR|GBP|JPY|CNY|RMB|CHF|Rs\.?)"
)
_WORDS = "|".join(sorted((re.escape(w) for w in WORD_CURRENCY), key=len, reverse=True))

_SYMBOL_FIRST = re.compile(
    rf"(?P<cur>{_SYM})\s?(?P<num>{_NUMBER})(?:(?:\s|-)?(?P<scale>{_SCALES}))?", re.I
)
_WORD_AFTER = re.compile(
    rf"(?P<num>{_NUMBER})(?:(?:\s|-)(?P<scale>{_SCALES}))?\s+(?P<cur>{_WORDS})\b", re.I
)


@dataclass(frozen=True, slots=True)
class Amount:
    """A sum of money found in text."""

    start: int
    end: int
    text: str
    value: float
    currency: str
    usd: float | None  # the dollar value when the text states it


def _value(num: str, scale: str | None) -> float:
    return float(num.replace(",", "")) * _SCALE.get((scale or "").lower(), 1.0)


def find_amounts(text: str) -> list[Amount]:
    """Every amount in the text; a non-dollar sum takes the dollar figure given right after it."""
    raw: list[tuple[int, int, float, str]] = []
    for m in _SYMBOL_FIRST.finditer(text):
        cur = m.group("cur")
        code = _SYMBOL.get(cur) or _SYMBOL_FOLDED.get(cur.rstrip(".").casefold()) or "USD"
        raw.append((m.start(), m.end(), _value(m.group("num"), m.group("scale")), code))
    for m in _WORD_AFTER.finditer(text):
        if any(s <= m.start() < e for s, e, _, _ in raw):
            continue
        raw.append(
            (
                m.start(),
                m.end(),
                _value(m.group("num"), m.group("scale")),
                WORD_CURRENCY[m.group("cur").lower()],
            )
        )
    raw.sort()
    out: list[Amount] = []
    skip: set[int] = set()
    for i, (s, e, value, code) in enumerate(raw):
        if i in skip:
            continue
        usd = value if code == "USD" else None
        end = e
        if usd is None and i + 1 < len(raw):
            ns, ne, nvalue, ncode = raw[i + 1]
            gap = text[e:ns]
            if (
                ncode == "USD"
                and len(gap) <= 25
                and re.fullmatch(
                    r"\s*(?:\(|,|—|–|-)?\s*(?:about|around|roughly|approximately|some|nearly|almost|or|or about|worth|equivalent to|~)?\s*",
                    gap,
                    re.I,
                )
            ):
                usd = nvalue
                end = ne + (1 if text[ne : ne + 1] == ")" else 0)
                skip.add(i + 1)
        if value <= 0:
            continue
        out.append(Amount(s, end, text[s:end], value, code, usd))
    return out
