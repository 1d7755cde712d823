"""Named rule families of the coder, each of which can be switched off to measure what it buys.

`DIPWATCH_ABLATE=family,family` (or `ablate=[...]` in code) turns families off; `bench/ablation.py`
scores every gold set with each family off in turn. A family's id is also recorded on the events
it makes (the `rules` column), so its effect can be read off the warehouse too.
"""

from __future__ import annotations

import os
from functools import cache

FAMILIES: dict[str, str] = {
    "phoenix-persons": "office holders of the Phoenix dictionaries (persons_phoenix.tsv)",
    "petrarch-verbs": "verbs of PETRARCH-2's CAMEO dictionary that triggers.tsv lacks",
    "dated-clause": "a violent act named as a noun is news, not background, when its clause is dated",
    "reaction-fallback": "'condemned the attack': a foreign state of the sentence, else an earlier event's author",
    "victims-of-clause": "'wounded in an Israeli air strike': the wounded are the strike's target",
    "talks-of-the-clause": "'said after talks with X': the clause's subject held the talks",
    "story-date-statements": "an undated statement anywhere in the story is dated to the story's day",
    "learned-confidence": "the learned model's probability as each event's confidence",
    "reaction-object-owner": "'welcomed the proposals announced by Japan': the owner named in the object",
    "mobilize-needs-target": "troops deployed against no state named are no event (a weapons test still is)",
    "companies-not-sources": "a firm as subject is no actor, whatever its nationality",
    "visiting-counterpart": "'met with visiting Premier X': X is the visitor, the subject's state the host",
    "struck-place": "'bombed Mogadishu airport': the place a strike fell on is where it happened",
    "dateline-here": "an event the sentence places 'here' happened in the dateline's city",
    "office-phrases": "'World Bank President X', 'US envoy in Sudan X', 'UNSCOM chief X': the office, not the posting, names X's side",
    "future-as-agree": "a cooperative act reported as future ('will visit', 'is to meet') is an AGREE",
    "stray-object": "'telephoned German Chancellor Angela Merkel hours before': a name right after the verb that the parser hung elsewhere is its object",
    "pronoun-gender": "'he telephoned Merkel before she met Chirac': 'she' is not the subject that 'he' names",
    "arrested-in": "'was arrested in Spain': with no agent named, the state where a detention took place made it",
    "received-from": "'won support from X', 'drew criticism from X': the from-phrase's act on the subject",
    "x-led": "'the US-led invasion': the state named before -led is the noun event's source",
    "on-a-visit": "'X, on a visit to Y, said': the clause's subject is the visitor",
    "demonym-before-title": "'Indian Prime Minister X', 'Polish Foreign Minister X': an ambiguous demonym before a title is a demonym, not part of a name",
    "dateline-lede": "an event of the first two sentences with no place of its own: the dateline's",
}


def disabled() -> frozenset[str]:
    """The families switched off in this process (DIPWATCH_ABLATE, comma-separated)."""
    return _parse(os.environ.get("DIPWATCH_ABLATE", ""))


@cache
def _parse(raw: str) -> frozenset[str]:
    return frozenset(f.strip() for f in raw.split(",") if f.strip())


def enabled(family: str) -> bool:
    """False when `family` is listed in DIPWATCH_ABLATE."""
    if family not in FAMILIES:
        raise KeyError(f"unknown rule family {family!r} (known: {', '.join(sorted(FAMILIES))})")
    return family not in disabled()
