"""An event's date, place, amount and confidence, read off its clause."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dipwatch.events.amounts import Amount
from dipwatch.events.grammar import (
    PLACE_HEADS,
    REPORTING,
    Actor,
    Modality,
    SentenceView,
    children,
    is_verb,
    logical_object,
    place_of,
)
from dipwatch.events.places import Place
from dipwatch.events.triggers import Frame, trigger_index

# dependents that start another clause: an amount there belongs to another event
CLAUSAL = frozenset({"conj", "advcl", "relcl", "acl", "ccomp", "parataxis", "cc", "punct"})


def _token_at(doc: Doc, char: int) -> Token | None:
    """The token at (or right after) a character offset of the sentence."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is not None and len(span):
        return span[0]
    for tok in doc:
        if tok.idx >= char:
            return tok
    return None


def _owner(tok: Token | None) -> Token | None:
    """The verb (or event noun) a time expression modifies."""
    if tok is None:
        return None
    t = tok
    for _ in range(8):
        head = t.head
        if head is t:
            return t if is_verb(t) else None
        if is_verb(head):
            return head
        if (
            head.tag_.startswith("NN")
            and t.dep_ in ("npadvmod", "pobj", "prep", "nmod", "compound")
            and trigger_index().has(head.text, "N")
        ):
            return head
        t = head
    return None


def _is_event_verb(tok: Token) -> bool:
    return trigger_index().has(tok.text, "V", "L")


def confidence(
    how: str, sources: list[Actor], targets: list[Actor], mod: Modality, future: bool, frame: Frame
) -> float:
    """A score in [0, 1]: structural evidence, lowered for each inference the coder made."""
    score = {
        "verb": 0.85,
        "light": 0.8,
        "nominal": 0.7,
        "purpose": 0.65,
        "objsource": 0.75,
        "context": 0.55,
        "place": 0.6,
    }.get(how, 0.6)
    for a in (*sources[:1], *targets[:1]):
        if a.how in ("pronoun", "relative"):
            score -= 0.1
        elif a.how in ("registry", "place"):
            score -= 0.05
    if future and frame.type != "AGREE":
        score -= 0.1
    if mod.reported_by is not None:
        score -= 0.03
    return round(max(0.05, min(0.99, score)), 2)


# ------------------------------------------------------------------ merging


def event_date(
    view: SentenceView, trigger: Token, anchor: Token, mod: Modality, times: list
) -> tuple:
    """(date, precision, text, needs_story_date) of an event, from its own clause first."""
    # the clause chain the event belongs to: itself, the verbs it shares a subject or mood with
    own = {trigger.i, anchor.i}
    governing: set[int] = set()
    t = anchor
    for _ in range(5):
        head = t.head
        if head is t:
            break
        if t.dep_ == "conj" or (t.dep_ == "advcl" and t.tag_ == "VBG"):
            own.add(
                head.i
            )  # "accused Poland on Wednesday and invited Tusk", "..., accusing Mexico"
        elif t.dep_ in ("xcomp", "pcomp", "ccomp"):
            governing.add(head.i)  # "agreed on Thursday to provide", "said on Tuesday that ..."
            if t.dep_ == "pcomp":
                governing.add(head.head.i)
        else:
            break
        t = head if t.dep_ != "pcomp" else head.head
    if mod.future:
        own = set()  # an intention is dated when it was stated, not when it is to happen
    reported = None
    for te in times:
        owner = _owner(_token_at(view.doc, te.start))
        if owner is None:
            continue
        if owner.i in own:
            return te.date, te.precision, te.text, False
        if owner.i in governing or (owner.text.lower() in REPORTING and reported is None):
            reported = reported or te
    if reported is not None:
        return reported.date, reported.precision, reported.text, False
    if not mod.future and len(times) == 1:
        o = _owner(_token_at(view.doc, times[0].start))
        if o is None or (o.text.lower() not in REPORTING and not _is_event_verb(o)):
            te = times[0]
            return te.date, te.precision, te.text, False
    return None, None, None, not mod.perfect


def event_location(
    view: SentenceView, trigger: Token, anchor: Token, own_only: bool = False
) -> Place | None:
    heads = {trigger, anchor}
    obj = logical_object(anchor) if is_verb(anchor) and not own_only else None
    if obj is not None:
        heads.add(obj)
    for h in heads:
        for p in children(h, "prep"):
            word = p.text.lower()
            for o in children(p, "pobj"):
                if word in ("in", "at"):
                    place = place_of(view, o)
                    if place is not None:
                        return place
                if word not in ("in", "at", "with", "during", "on"):
                    continue
                # "at talks in Luanda", "with his counterpart in Canberra"
                for p2 in children(o, "prep"):
                    if p2.text.lower() in ("in", "at"):
                        for o2 in children(p2, "pobj"):
                            place = place_of(view, o2)
                            if place is not None:
                                return place
    # "the port of Khasan", "the city of Rason" inside the event's phrase
    for h in {trigger, anchor}:
        for t in h.subtree:
            if t.text.lower() in PLACE_HEADS and t.tag_.startswith("NN"):
                for p in children(t, "prep"):
                    if p.text.lower() == "of":
                        for o in children(p, "pobj"):
                            if o.tag_ in ("NNP", "NNPS"):
                                found = place_of(view, o)
                                return found or Place(o.text, "", None, None, "city")
    return None


def event_amount(trigger: Token, anchor: Token, amounts: list[Amount]) -> Amount | None:
    if not amounts:
        return None
    core: set[int] = set()
    for h in {trigger, anchor}:
        core.add(h.i)
        for c in h.children:
            if c.dep_ not in CLAUSAL:
                core.update(t.i for t in c.subtree)
    doc = trigger.doc
    inside = [a for a in amounts if (t := _token_at(doc, a.start)) is not None and t.i in core]
    usd = [a for a in inside if a.usd is not None]
    return (usd or inside or [None])[0]
