"""The trigger dictionary (triggers.tsv): surface forms -> candidate event frames."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from dipwatch.events.ablation import enabled
from dipwatch.events.lexicon import read_tsv, word_classes

_VOWELS = "aeiou"


@dataclass(frozen=True, slots=True)
class Frame:
    """One row of triggers.tsv."""

    word: str  # head word (lemma)
    particle: str | None  # "off" in "write off"
    pos: str  # V | N | L
    type: str | None
    mode: str | None
    cameo: str | None
    targets: tuple[str, ...]
    require: frozenset[str] | None  # object must be one of these words
    exclude: frozenset[str]  # object must not be one of these words
    flags: frozenset[str]
    no_object: bool = False  # the verb must have no direct object ("flew to Paris")
    id: str = ""  # provenance: "<file>:<row number>", recorded on the events the frame makes


def verb_forms(lemma: str) -> set[str]:
    """Regular inflections of an English verb (both spellings where doubling is unsure)."""
    forms = {lemma}
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(lemma + "es")
    elif lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    if lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing"}
        if lemma.endswith("ee"):
            forms.add(lemma + "ing")
    elif lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        forms |= {lemma[:-1] + "ied", lemma + "ing"}
    else:
        forms |= {lemma + "ed", lemma + "ing"}
        if (
            len(lemma) >= 3
            and lemma[-1] not in _VOWELS + "wxy"
            and lemma[-2] in _VOWELS
            and lemma[-3] not in _VOWELS
        ):
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


def noun_forms(lemma: str) -> set[str]:
    """Singular and plural of a noun."""
    if lemma.endswith("s"):
        return {lemma, lemma[:-1]} if lemma.endswith(("ks", "ts", "ns", "es")) else {lemma}
    if lemma.endswith(("x", "ch", "sh")):
        return {lemma, lemma + "es"}
    if lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        return {lemma, lemma[:-1] + "ies"}
    return {lemma, lemma + "s"}


def _object_constraint(spec: str) -> tuple[frozenset[str] | None, frozenset[str]]:
    classes = word_classes()
    if not spec or spec in ("-", "0"):
        return None, frozenset()
    require: set[str] = set()
    exclude: set[str] = set()
    for part in spec.split("|"):
        neg = part.startswith("!")
        name = part.lstrip("!")
        if name.startswith("@"):
            words = classes.get(name[1:], frozenset())
        elif neg:  # "!diplomat" a class, "!support" a word
            words = classes.get(name, frozenset({name}))
        else:
            words = {name}
        (exclude if neg else require).update(words)
    return (frozenset(require) if require else None), frozenset(exclude)


@dataclass(frozen=True, slots=True)
class TriggerIndex:
    """Frames by inflected head word."""

    by_form: dict[str, tuple[Frame, ...]]
    nouns_multi: dict[str, tuple[Frame, ...]]  # "nuclear test": keyed by last word

    def has(self, word: str, *pos: str) -> bool:
        """Whether `word` (an inflected form) has a frame of one of these kinds (V, L, N)."""
        return any(f.pos in pos for f in self.by_form.get(word.lower(), ()))


def _frames(name: str, skip: set[tuple[str, str]] | None = None):
    """(forms, multi-word key or None, frame) for each row of a trigger file."""
    for n, row in enumerate(read_tsv(name), 1):
        words = row["word"].split()
        pos = row["pos"]
        if skip is not None and (words[0], "N" if pos == "N" else "V") in skip:
            continue
        require, exclude = _object_constraint(row.get("object", "-"))
        frame = Frame(
            word=row["word"] if pos == "N" else words[0],
            particle=words[1] if pos != "N" and len(words) > 1 else None,
            pos=pos,
            type=None if row["type"] in ("", "-") else row["type"],
            mode=None if row["mode"] in ("", "-") else row["mode"],
            cameo=None if row["cameo"] in ("", "-") else row["cameo"],
            targets=tuple(t for t in row.get("target", "-").split("|") if t and t != "-"),
            require=require,
            exclude=exclude,
            flags=frozenset(f.strip() for f in row.get("flags", "").split(",") if f.strip()),
            no_object=row.get("object", "").strip() == "0",
            id=f"{name.removesuffix('.tsv')}:{n}",
        )
        irregular = {f for f in row.get("irregular", "").split("|") if f}
        if pos == "N" and len(words) > 1:
            yield noun_forms(words[-1]), True, frame
            continue
        forms = (verb_forms(words[0]) if pos in ("V", "L") else noun_forms(words[0])) | irregular
        yield forms, False, frame


@cache
def trigger_index() -> TriggerIndex:
    """Build the index from triggers.tsv (and the PETRARCH verbs it lacks), once per process."""
    by_form: dict[str, list[Frame]] = {}
    multi: dict[str, list[Frame]] = {}
    hand: set[tuple[str, str]] = set()
    files = [("triggers.tsv", None)]
    if enabled("petrarch-verbs"):
        files.append(("triggers_petrarch.tsv", hand))
    for name, skip in files:
        for forms, is_multi, frame in _frames(name, skip):
            if name == "triggers.tsv":
                hand.add((frame.word.split()[0], "N" if frame.pos == "N" else "V"))
            for form in forms:
                (multi if is_multi else by_form).setdefault(form, []).append(frame)
    return TriggerIndex(
        {k: tuple(v) for k, v in by_form.items()},
        {k: tuple(v) for k, v in multi.items()},
    )
