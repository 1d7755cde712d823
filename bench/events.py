"""Event-extraction throughput on a generated corpus of wire-length articles (one core).

    python bench/events.py [--articles 300] [--words 600] [--seed 7] [--batch 50]

Measures only the event coder (sentence split, dictionaries, parsing of candidate sentences,
frames, dates, merging) on article text: no HTML extraction, no warehouse. Prints articles/s,
tokens/s and the share of sentences that were parsed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import statistics
import time

STATES = [
    ("Russia", "Russian", "Moscow", "President Vladimir Putin", "Foreign Minister Sergei Lavrov"),
    ("China", "Chinese", "Beijing", "President Xi Jinping", "Foreign Minister Wang Yi"),
    (
        "the United States",
        "U.S.",
        "Washington",
        "President Joe Biden",
        "Secretary of State Antony Blinken",
    ),
    (
        "Japan",
        "Japanese",
        "Tokyo",
        "Prime Minister Fumio Kishida",
        "Foreign Minister Yoko Kamikawa",
    ),
    (
        "India",
        "Indian",
        "New Delhi",
        "Prime Minister Narendra Modi",
        "External Affairs Minister S. Jaishankar",
    ),
    (
        "Turkey",
        "Turkish",
        "Ankara",
        "President Recep Tayyip Erdogan",
        "Foreign Minister Hakan Fidan",
    ),
    (
        "Brazil",
        "Brazilian",
        "Brasilia",
        "President Luiz Inacio Lula da Silva",
        "Foreign Minister Mauro Vieira",
    ),
    (
        "Egypt",
        "Egyptian",
        "Cairo",
        "President Abdel Fattah el-Sisi",
        "Foreign Minister Sameh Shoukry",
    ),
    ("Germany", "German", "Berlin", "Chancellor Olaf Scholz", "Foreign Minister Annalena Baerbock"),
    (
        "France",
        "French",
        "Paris",
        "President Emmanuel Macron",
        "Foreign Minister Stephane Sejourne",
    ),
    ("Iran", "Iranian", "Tehran", "President Masoud Pezeshkian", "Foreign Minister Abbas Araghchi"),
    (
        "South Africa",
        "South African",
        "Pretoria",
        "President Cyril Ramaphosa",
        "Foreign Minister Naledi Pandor",
    ),
]
DAYS = [
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "last week",
    "in March",
    "last year",
]
EVENTS = [
    "{L1} arrived in {C2} {D} for talks with {L2}, officials said.",
    "{N1} imposed sanctions on {N2} {D} over its support for armed groups, freezing the assets of 12 companies.",
    "{N1} agreed {D} to lend {N2} ${A} billion to build a railway and a port, the finance ministry said.",
    "{F1} met {F2} in {C1} {D} and the two sides signed an agreement on trade and energy.",
    "{N1} released three {J2} citizens {D} who had been held for more than a year.",
    "{C1} accused {N2} of interfering in its internal affairs and summoned the {J2} ambassador {D}.",
    "{L1} will visit {C2} next month, the foreign ministry said in a statement.",
    "{N1} did not meet {N2}'s delegation, and officials denied reports of a secret deal.",
    "{F1} spoke by phone with {F2} {D} about the war and the humanitarian situation.",
    "{N1} and {N2} held joint military exercises {D} near the border, the defence ministry said.",
]
FILLER = [
    "Trade between the two countries reached a record last year, driven by energy and machinery.",
    "Analysts said the meeting reflected a broader effort to diversify partnerships amid global tensions.",
    "The economy grew by 3.2 percent in the second quarter, according to official figures released earlier.",
    "Officials have said for months that the talks would focus on investment, energy and food security.",
    "The ministry did not give further details, and a spokesman declined to comment on the report.",
    "Critics at home say the government has not done enough to address rising prices and unemployment.",
    "The region has seen a sharp rise in tensions since the start of the year, with several incidents at sea.",
    "Local media reported that security was tight around the venue, with roads closed to traffic.",
    '"We are ready to work with all partners on the basis of mutual respect," the spokesman told reporters.',
    "The agreement is expected to be ratified by parliament before the end of the year, officials said.",
]


def article(rng: random.Random, words: int) -> str:
    """A wire-style article of about `words` words: events among background sentences."""
    out: list[str] = []
    city = rng.choice(STATES)[2].upper()
    first = True
    while sum(len(p.split()) for p in out) < words:
        if rng.random() < 0.4:
            a, b = rng.sample(STATES, 2)
            text = rng.choice(EVENTS).format(
                N1=a[0],
                N2=b[0],
                J2=b[1],
                C1=a[2],
                C2=b[2],
                L1=a[3],
                L2=b[3],
                F1=a[4],
                F2=b[4],
                D=rng.choice(DAYS),
                A=rng.choice(["1.5", "2", "4.7", "11"]),
            )
            text = text[0].upper() + text[1:]
        else:
            text = rng.choice(FILLER)
        if first:
            text = f"{city} (Reuters) - {text}"
            first = False
        out.append(text)
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--batch", type=int, default=50, help="articles per extract_many call (the flow's batch)"
    )
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from dipwatch.events.engine import extractor
    from dipwatch.events.sentences import split_sentences

    rng = random.Random(args.seed)
    docs = [(article(rng, args.words), dt.date(2024, 3, 6)) for _ in range(args.articles)]
    tokens = sum(len(re.findall(r"\w+|[^\w\s]", t)) for t, _ in docs)
    words = sum(len(t.split()) for t, _ in docs)
    ex = extractor()
    ex.extract_many(docs[:5])  # load the model and dictionaries outside the timing

    times = []
    events = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        events = 0
        for i in range(0, len(docs), args.batch):
            events += sum(len(e) for e in ex.extract_many(docs[i : i + args.batch]))
        times.append(time.perf_counter() - t0)
    best, median = min(times), statistics.median(times)
    sentences = sum(len(split_sentences(t)) for t, _ in docs)
    parsed = sum(len(ex._prepare(t, p)[2]) for t, p in docs)
    print(
        f"corpus: {len(docs)} articles, {words / len(docs):.0f} words and {tokens / len(docs):.0f} tokens each"
    )
    print(f"events found: {events} ({events / len(docs):.1f} per article)")
    print(f"sentences parsed: {parsed}/{sentences} ({parsed / sentences:.0%})")
    print(
        f"articles/s: {len(docs) / best:.1f} best, {len(docs) / median:.1f} median of {args.repeat}"
    )
    print(f"tokens/s:   {tokens / best:,.0f} best, {tokens / median:,.0f} median")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
