"""Temporal expressions ("on Monday", "last month", "in July", "in 2012"...) resolved to dates."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from dipwatch.events.lexicon import word_map

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_NUM = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"
_NUMBERS = {word: int(value) for word, value in word_map("_NUMBERS").items()}  # wordmaps.tsv

# Order matters: longer, more specific patterns first.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"\b(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-2]\d|3[01])\b")),
    (
        "mdy",
        re.compile(rf"\b(?P<mon>{_MONTH})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>{_YEAR})\b"),
    ),
    (
        "dmy",
        re.compile(
            rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH}),?\s+(?P<y>{_YEAR})\b"
        ),
    ),
    (
        "month_rel_year",
        re.compile(rf"\b(?:(?i:in)\s+)?(?P<mon>{_MONTH})\s+(?P<rel>last|this|next)\s+year\b"),
    ),
    ("anaphor", re.compile(r"\b(?:(?i:that|the same))\s+(?P<unit>year|month|day)\b")),
    (
        "later",  # "a day later", "the following day": counted from the story's last day
        re.compile(
            rf"\b(?:(?P<n>a|{_NUM})\s+days?\s+later|the\s+(?:next|following)\s+day|the\s+day\s+after)\b",
            re.I,
        ),
    ),
    (
        "my",
        re.compile(
            rf"\b(?:(?P<part>early|mid|late|the end of|the start of|the beginning of|the middle of)[\s-]+)?(?P<mon>{_MONTH})(?:\s+of)?,?\s+(?P<y>{_YEAR})\b"
        ),
    ),
    (
        "md",
        re.compile(
            rf"\b(?P<mon>{_MONTH})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?!\s*(?:%|percent|million|billion))"
        ),
    ),
    ("dm", re.compile(rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH})\b")),
    (
        "ago",
        re.compile(rf"\b(?P<n>{_NUM})\s+(?P<unit>day|week|month|year)s?\s+(?:ago|earlier)\b", re.I),
    ),
    (
        "rel_weekday",
        re.compile(rf"\b(?P<rel>last|next|this|this past|this coming|on)\s+(?P<wd>{_WEEKDAY})\b"),
    ),
    ("weekday", re.compile(rf"\b(?P<wd>{_WEEKDAY})\b")),
    ("yesterday", re.compile(r"\b(?:yesterday|the previous day|the day before)\b", re.I)),
    ("today", re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b", re.I)),
    ("tomorrow", re.compile(r"\b(?:tomorrow)\b", re.I)),
    (
        "rel_unit",
        re.compile(
            r"\b(?P<pre>(?:earlier|later|late|early)\s+)?(?P<rel>last|next|this|past|previous|coming)\s+(?P<unit>week|weekend|month|year)\b",
            re.I,
        ),
    ),
    (
        "rel_month",
        re.compile(
            rf"\b(?P<rel>(?i:last|next|this|in|since|until|by|early|late|mid|in early|in late|in mid))[\s-]+(?P<mon>{_MONTH})\b(?!\s+\d)"
        ),
    ),
    (
        "year",
        re.compile(
            rf"\b(?P<pre>(?i:in|since|during|by|of|early|late|mid|in early|in late|in mid|until|from|for))[\s-]+(?P<y>{_YEAR})\b"
        ),
    ),
]


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A temporal expression and the date it resolves to."""

    start: int
    end: int
    text: str
    date: dt.date
    precision: str  # day | month | year
    kind: str


def _month_num(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _last_weekday(ref: dt.date, wd: int, future: bool) -> dt.date:
    delta = (wd - ref.weekday()) % 7
    if future:
        return ref + dt.timedelta(days=delta)
    return ref - dt.timedelta(days=(ref.weekday() - wd) % 7)


def _shift_month(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    return dt.date(d.year + y, m + 1, 1)


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _resolve(
    kind: str,
    g: dict[str, str | None],
    ref: dt.date,
    future: bool,
    context: dict[str, tuple[dt.date, str]] | None = None,
) -> tuple[dt.date, str] | None:
    if kind == "iso":
        d = _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
        return (d, "day") if d else None
    if kind in ("mdy", "dmy"):
        d = _safe_date(int(g["y"]), _month_num(g["mon"]), int(g["d"]))
        return (d, "day") if d else None
    if kind == "my":
        return dt.date(int(g["y"]), _month_num(g["mon"]), 1), "month"
    if kind == "month_rel_year":
        step = {"last": -1, "this": 0, "next": 1}[g["rel"]]
        return dt.date(ref.year + step, _month_num(g["mon"]), 1), "month"
    if kind == "anaphor":
        # "that year", "the same day": the last date the story named at that precision or finer
        unit = g["unit"]
        if not context or unit not in context:
            return None
        d, _ = context[unit]
        return (
            (dt.date(d.year, 1, 1), "year")
            if unit == "year"
            else ((d.replace(day=1), "month") if unit == "month" else (d, "day"))
        )
    if kind == "later":
        if not context or "day" not in context:
            return None
        word = (g.get("n") or "a").lower()
        n = _NUMBERS.get(word) or int(word)
        return context["day"][0] + dt.timedelta(days=n), "day"
    if kind in ("md", "dm"):
        m, day = _month_num(g["mon"]), int(g["d"])
        year = ref.year
        d = _safe_date(year, m, day)
        if d is None:
            return None
        if not future and (m > ref.month or d > ref + dt.timedelta(days=7)):
            # FORMAT.md: the latest such month not after publication ("on March 3" in February)
            d = _safe_date(year - 1, m, day)
        elif future and d < ref - dt.timedelta(days=7):
            d = _safe_date(year + 1, m, day)
        return (d, "day") if d else None
    if kind == "ago":
        n = _NUMBERS.get(g["n"].lower()) or int(g["n"])
        unit = g["unit"].lower()
        if unit == "day":
            return ref - dt.timedelta(days=n), "day"
        if unit == "week":
            return (ref - dt.timedelta(weeks=n)).replace(day=1), "month"
        if unit == "month":
            return _shift_month(ref, -n), "month"
        return dt.date(ref.year - n, 1, 1), "year"
    if kind in ("rel_weekday", "weekday"):
        wd = WEEKDAYS[g["wd"].lower()]
        rel = (g.get("rel") or "").lower()
        if rel == "last":
            d = _last_weekday(ref, wd, False)
            if d == ref:
                d -= dt.timedelta(days=7)
        elif rel in ("next", "this coming"):
            d = _last_weekday(ref + dt.timedelta(days=1), wd, True)
        else:
            d = _last_weekday(ref, wd, future)
        return d, "day"
    if kind == "yesterday":
        return ref - dt.timedelta(days=1), "day"
    if kind == "today":
        return ref, "day"
    if kind == "tomorrow":
        return ref + dt.timedelta(days=1), "day"
    if kind == "rel_unit":
        rel, unit = g["rel"].lower(), g["unit"].lower()
        step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)
        if unit in ("week", "weekend"):
            return (ref + dt.timedelta(weeks=step)).replace(day=1), "month"
        if unit == "month":
            return _shift_month(ref, step), "month"
        return dt.date(ref.year + step, 1, 1), "year"
    if kind == "rel_month":
        m = _month_num(g["mon"])
        rel = g["rel"].lower()
        year = ref.year
        if rel == "next" or (future and rel not in ("last", "since")):
            if m < ref.month or (rel == "next" and m <= ref.month):
                year += 1
        elif rel == "last":
            if m >= ref.month:
                year -= 1
        elif m > ref.month:
            year -= 1
        return dt.date(year, m, 1), "month"
    if kind == "year":
        return dt.date(int(g["y"]), 1, 1), "year"
    return None


def find_times(
    text: str,
    ref: dt.date,
    future: bool = False,
    context: dict[str, tuple[dt.date, str]] | None = None,
) -> list[TimeExpr]:
    """Every temporal expression in `text`, resolved against the publication date `ref`.

    `context` holds the last dates the story named ({"year"|"month"|"day": (date, precision)}),
    for "that year" and "the same day".
    """
    taken: list[tuple[int, int]] = []
    out: list[TimeExpr] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            got = _resolve(kind, m.groupdict(), ref, future, context)
            if got is None:
                continue
            taken.append((s, e))
            out.append(TimeExpr(s, e, m.group(0), got[0], got[1], kind))
    out.sort(key=lambda t: t.start)
    return [_offset(text, t) for t in out]


_OFFSET = re.compile(rf"\b(?P<n>{_NUM})\s+days?\s+(?P<dir>after|before)\s+(?:on\s+)?$", re.I)


def _offset(text: str, t: TimeExpr) -> TimeExpr:
    """ "a day after March 3": the day counted from the date named."""
    m = _OFFSET.search(text, max(0, t.start - 40), t.start) if t.precision == "day" else None
    if m is None or t.kind in ("later", "yesterday", "today", "tomorrow"):
        return t
    word = m.group("n").lower()
    n = _NUMBERS.get(word) or int(word)  # as for "later": _NUM holds digits and _NUMBERS words
    step = dt.timedelta(days=n if m.group("dir").lower() == "after" else -n)
    return TimeExpr(m.start(), t.end, text[m.start() : t.end], t.date + step, "day", t.kind)


def render(d: dt.date, precision: str) -> str:
    """ISO text at the given precision: YYYY-MM-DD, YYYY-MM or YYYY."""
    return d.isoformat()[: {"day": 10, "month": 7, "year": 4}[precision]]


def remember(context: dict[str, tuple[dt.date, str]], times: list[TimeExpr]) -> None:
    """Keep the last date named at each precision, for later "that year" / "the same day"."""
    order = {"year": ("year",), "month": ("year", "month"), "day": ("year", "month", "day")}
    for te in times:
        if te.kind == "anaphor":
            continue
        for unit in order[te.precision]:
            context[unit] = (te.date, te.precision)
