"""The event coder: sentences -> candidate triggers -> parsed frames -> PLOVER events."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from dipwatch.events import codes
from dipwatch.events.actors import Mention, lexicon
from dipwatch.events.amounts import Amount, find_amounts
from dipwatch.events.dates import TimeExpr, find_times, remember
from dipwatch.events.grammar import (
    ENTITY_NOUNS,
    INSTITUTIONS,
    REPORTING,
    Actor,
    Modality,
    SentenceView,
    actors_of,
    children,
    is_event_verb,
    is_pair_anaphor,
    is_verb,
    logical_object,
    logical_subject,
    mentions_in,
    modality,
    place_of,
    purpose_noun_head,
)
from dipwatch.events.lexicon import TOKEN, word_classes
from dipwatch.events.nlp import pipeline
from dipwatch.events.people import Registry, build_registry
from dipwatch.events.places import Place, gazetteer
from dipwatch.events.sentences import Sentence, split_sentences
from dipwatch.events.triggers import Frame, trigger_index
from dipwatch.models import Event

VERSION = "rules-1"
COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT"})
CONFLICTUAL = frozenset({"ASSAULT", "COERCE", "SANCTION"})
AMOUNT_TYPES = frozenset({"AID", "COOPERATE", "AGREE", "SANCTION", "RETREAT", "SUPPORT"})
_YEARISH = re.compile(r"\b(?:19|20)\d\d\b")
_PAIR_PHRASE = re.compile(
    r"\b(?:two|both)\s+(?:\w+\s+)?(?:sides|countries|leaders|nations|governments|"
    r"states|neighbou?rs|presidents|ministers|delegations|capitals)\b",
    re.I,
)
_DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Z .'/\-]{2,40}?)(?:,\s*(?P<region>[A-Z][A-Za-z0-9 .,]{1,30}?))?\s*"
    r"(?:\((?P<agency>[A-Za-z .\-]{2,30})\))?\s*(?:—|–|-{1,2}|:)\s+"
)


@dataclass(slots=True)
class _Found:
    """An event before merging, with what is needed to pick the best duplicate."""

    event: Event
    sentence: int
    paragraph: int
    needs_date: bool = False
    perfect: bool = False
    future: bool = False


@dataclass(slots=True)
class _DocState:
    published: dt.date
    registry: Registry
    dateline: Place | None
    last_state: str | None = None
    last_person: str | None = None
    pair: tuple[str, str] | None = None
    pairs: dict[tuple[str, str], int] = field(default_factory=dict)
    times: dict[str, tuple[dt.date, str]] = field(
        default_factory=dict
    )  # last dates the story named
    found: list[_Found] = field(default_factory=list)


def _published_date(published: dt.datetime | dt.date | None) -> dt.date:
    if published is None:
        return dt.datetime.now(dt.UTC).date()
    if isinstance(published, dt.datetime):
        if published.tzinfo is not None:
            published = published.astimezone(dt.UTC)
        return published.date()
    return published


def _dateline_date(text: str, published: dt.date) -> dt.date:
    """'LIMA, Dec 20 (Reuters) -': the local date of the story, when it is within a day or two."""
    m = _DATELINE.match(text[:120])
    if m and m.group("region"):
        for te in find_times(m.group("region"), published):
            if te.precision == "day" and abs((te.date - published).days) <= 2:
                return te.date
    return published


def _dateline(text: str) -> Place | None:
    m = _DATELINE.match(text[:120])
    if not m:
        return None
    city = (
        m.group("city").split("/")[-1].strip().title()
    )  # "WASHINGTON/CARACAS": where it was filed
    place = gazetteer().city(city)
    return (
        Place(city, place.country, place.latitude, place.longitude, place.kind) if place else None
    )


class Extractor:
    """Finds events in article texts; build once, reuse (it holds the dictionaries and model)."""

    def __init__(self) -> None:
        self.lex = lexicon()
        self.index = trigger_index()
        self.classes = word_classes()
        self.nlp = pipeline()
        # words that can make a sentence worth parsing (light verbs alone cannot)
        self._forms = {
            f for f, frames in self.index.by_form.items() if any(x.pos != "L" for x in frames)
        }
        self._forms |= set(self.index.nouns_multi)

    # ------------------------------------------------------------------ public

    def extract(self, text: str, published: dt.datetime | dt.date | None = None) -> list[Event]:
        """Events of one article."""
        return self.extract_many([(text, published)])[0]

    def extract_many(
        self, docs: Sequence[tuple[str, dt.datetime | dt.date | None]]
    ) -> list[list[Event]]:
        """Events of several articles; their candidate sentences are parsed in one batch."""
        prepared = [self._prepare(text, pub) for text, pub in docs]
        batch = [(s.text, (d, k)) for d, p in enumerate(prepared) for k, s in p[2]]
        parsed: dict[tuple[int, int], Doc] = {}
        for doc, key in self.nlp.pipe(batch, as_tuples=True, batch_size=128):
            parsed[key] = doc
        out = []
        for d, (state, sentences, candidates, mentions) in enumerate(prepared):
            cand_ids = {k for k, _ in candidates}
            for k, sent in enumerate(sentences):
                if k in cand_ids:
                    self._sentence(state, sent, mentions[k], parsed[(d, k)])
                else:
                    self._remember(state, mentions[k])
                    if _YEARISH.search(sent.text):
                        remember(
                            state.times, find_times(sent.text, state.published, context=state.times)
                        )
            out.append(_finish(state, docs[d][0]))
        return out

    # ------------------------------------------------------------------ document

    def _prepare(self, text: str, published):
        sentences = _strip_dateline(split_sentences(text))
        mentions = [self.lex.find(s.text) for s in sentences]
        mentions = _drop_loose_anaphors(mentions)
        pub = _dateline_date(text, _published_date(published))
        registry = build_registry(sentences, mentions, self.lex, pub.year)
        state = _DocState(pub, registry, _dateline(text))
        candidates = []
        for k, (s, ments) in enumerate(zip(sentences, mentions, strict=True)):
            words = TOKEN.findall(s.text)
            lower = [w.lower() for w in words]
            if not any(w in self._forms for w in lower):
                continue
            has_actor = (
                any(m.code and m.kind not in ("agency", "title") for m in ments)
                or any(w[:1].isupper() and w in registry for w in words)
                or _PAIR_PHRASE.search(s.text) is not None
            )
            if has_actor:
                candidates.append((k, s))
        return state, sentences, candidates, mentions

    def _remember(self, state: _DocState, mentions: list[Mention]) -> None:
        for m in mentions:
            if m.code and m.kind in ("country", "capital", "metonym", "org", "demonym"):
                state.last_state = m.code
                break
        for m in mentions:
            if m.kind == "person" and m.code:
                state.last_person = m.code

    # ------------------------------------------------------------------ sentence

    def _sentence(
        self, state: _DocState, sent: Sentence, mentions: list[Mention], doc: Doc
    ) -> None:
        view = SentenceView(
            doc, mentions, state.registry, state.last_state, state.last_person, state.pair
        )
        question = sent.text.rstrip().endswith("?")
        times = find_times(sent.text, state.published, context=state.times)
        remember(state.times, times)
        amounts = find_amounts(sent.text)
        consumed: set[int] = set()
        if question:
            self._remember_parsed(state, view)
            return
        for tok in doc:
            frames = self.index.by_form.get(tok.text.lower())
            if not frames or not is_verb(tok):
                continue
            for frame, obj in self._verb_frames(tok, frames):
                if self._verb_event(state, view, sent, tok, obj, frame, times, amounts):
                    if obj is not None:  # "renewed a currency swap line": the line, and its words
                        consumed.update(
                            t.i for t in obj.subtree if t.i == obj.i or t.dep_ == "compound"
                        )
                    break
        for tok in doc:
            if tok.i in consumed or not tok.tag_.startswith("NN"):
                continue
            for frame in self._noun_frames(tok):
                if self._noun_event(state, view, sent, tok, frame, times, amounts):
                    break
        self._remember_parsed(state, view)

    def _remember_parsed(self, state: _DocState, view: SentenceView) -> None:
        root = next((t for t in view.doc if t.dep_ == "ROOT"), None)
        subj = logical_subject(root) if root is not None and is_verb(root) else None
        got = actors_of(view, subj) if subj is not None else []
        if got:
            state.last_state = got[0].code
            if got[0].how in ("registry", "person"):
                state.last_person = got[0].code
        else:
            self._remember(state, view.mentions)

    # ------------------------------------------------------------------ frames

    def _object_words(self, verb: Token, obj: Token | None) -> list[str]:
        words = []
        heads = [
            obj,
            *(obj.conjuncts if obj is not None else ()),
            *[
                g
                for w in children(verb, "prep")
                if w.text.lower() == "with"
                for g in children(w, "pobj")
            ],
            *children(verb, "dative"),
        ]
        for t in heads:
            if t is None:
                continue
            words.append(t.text.lower())
            comp = [c.text.lower() for c in t.children if c.dep_ == "compound"]
            if comp:
                words.append(" ".join([*comp, t.text.lower()]))
                words += comp  # "North Korean leader Kim Jong Un": the title counts too
            if t.text.lower() in _QUANTITY or t.tag_ in ("CD", "$"):
                for p in children(t, "prep"):
                    if p.text.lower() in ("of", "in"):
                        for g in children(p, "pobj"):
                            words.append(g.text.lower())
                            comp = [
                                c.text.lower() for c in g.children if c.dep_ in ("compound", "amod")
                            ]
                            words += [" ".join([c, g.text.lower()]) for c in comp]
        return words

    def _verb_frames(
        self, verb: Token, frames: Iterable[Frame]
    ) -> list[tuple[Frame, Token | None]]:
        """The verb's frames whose particle and object fit, in dictionary order."""
        particles = {c.text.lower() for c in verb.children if c.dep_ in ("prt", "prep", "advmod")}
        obj = logical_object(verb)
        words = self._object_words(verb, obj)
        out = []
        for frame in frames:
            if frame.pos != "V":
                continue
            if frame.particle and frame.particle not in particles:
                continue
            if frame.no_object and children(verb, "dobj"):
                continue
            if (
                frame.require is not None
                and not any(w in frame.require for w in words)
                and not ("person" in frame.flags and _named_person(obj))
            ):
                continue
            if frame.exclude and any(w in frame.exclude for w in words):
                continue
            if "subjtroops" in frame.flags:
                subj = logical_subject(verb)
                if subj is None or subj.text.lower() not in self.classes.get("troops", ()):
                    continue
            out.append((frame, obj))
        return out

    def _noun_frames(self, tok: Token) -> list[Frame]:
        low = tok.text.lower()
        out = []
        for frame in self.index.nouns_multi.get(low, ()):
            first = frame.word.split()[0]
            if tok.i > 0 and tok.doc[tok.i - 1].text.lower() == first:
                out.append(frame)
        if out:
            return out
        return [f for f in self.index.by_form.get(low, ()) if f.pos == "N"]

    # ------------------------------------------------------------------ events

    def _slot(
        self,
        view: SentenceView,
        slot: str,
        heads: list[Token],
        obj: Token | None,
        verb: Token | None,
    ) -> tuple[list[Actor], Place | None]:
        """Actors (and a place) filling one target slot of a frame."""
        if slot in ("obj", "objnat"):
            if obj is None:
                return [], None
            place = place_of(view, obj)
            return actors_of(view, obj), place
        if slot == "objany":
            return (mentions_in(view, obj), None) if obj is not None else ([], None)
        if slot == "dative":
            for h in heads:
                for d in children(h, "dative"):
                    return actors_of(view, d), None
            return [], None
        if slot == "ccsubj":
            for h in heads:
                for c in children(h, "ccomp"):
                    for s in children(c, "nsubj", "nsubjpass"):
                        # "warned that Pyongyang would pay a price", not "that an Israeli offensive would"
                        return [
                            a for a in actors_of(view, s) if a.token == s.i or _agentive(view, s)
                        ], None
            return [], None
        if slot == "xtarget":
            for h in heads:
                for x in children(h, "xcomp", "advcl", "acl", "relcl"):
                    if x.dep_ != "xcomp" and not any(
                        c.dep_ == "aux" and c.text.lower() == "to" for c in x.children
                    ):
                        continue
                    for p in children(x, "prep"):
                        for o in children(p, "pobj"):
                            got = actors_of(view, o)
                            if got:
                                return got, None
                    xo = logical_object(x)
                    if xo is not None:
                        got = actors_of(view, xo) or mentions_in(view, xo)
                        if got:
                            return got, None
            return [], None
        # a preposition
        for h in heads:
            for p in children(h, "prep", "agent", "dative"):
                if p.text.lower() != slot:
                    continue
                for o in children(p, "pobj"):
                    if slot == "between":
                        if is_pair_anaphor(o):  # "talks between the two sides"
                            return actors_of(view, o), None
                        return mentions_in(view, o), None
                    found = actors_of(view, o)
                    place = place_of(view, o)
                    if found or place:
                        if not found and place is not None:
                            found = [Actor(place.country, place.name, "place", o.i)]
                        return found, place
        return [], None

    def _targets(self, view, frame, heads, obj, verb, sources):
        src_codes = {a.code for a in sources}
        for slot in frame.targets:
            found, place = self._slot(view, slot, heads, obj, verb)
            if (
                slot in ("obj", "objnat")
                and obj is not None
                and frame.require is not None
                and obj.text.lower() in frame.require
            ):
                # the object is a theme ("sanctions"): only its owner can be the recipient
                found = [a for a in found if a.token != obj.i or a.how in ("demonym",)]
            if (
                place is not None
                and "place" not in frame.flags
                and found
                and found[0].how == "place"
            ):
                found = []
            if slot == "between" and len(found) >= 2 and (not src_codes or frame.type == "CONSULT"):
                return found, place, True  # talks between A and B, whoever hosted them
            found = [a for a in found if a.code not in src_codes]
            if found:
                return found, place, False
        return [], None, False

    def _verb_event(self, state, view, sent, verb, obj, frame, times, amounts) -> bool:
        if (
            "intent" in frame.flags
            and not children(verb, "dobj")
            and any(is_event_verb(x) for x in children(verb, "xcomp"))
        ):
            return False  # "pledged to expel X": the expulsion, as a threat, is the event
        mod = modality(verb)
        subj = logical_subject(verb)
        if _habitual(verb, frame, mod, times):
            return False
        if (
            frame.type == "CONSULT"
            and subj is not None
            and subj.text.lower() in self.classes.get("troops", ())
        ):
            return False  # "a Russian frigate arrived in Havana" is a show of force, not a visit
        sources = actors_of(view, subj) if subj is not None else []
        how = "verb"
        if not sources and "objsource" in frame.flags and obj is not None:
            sources = actors_of(view, obj)
            how = "objsource"
        if not sources and "srcto" in frame.flags:
            sources, _ = self._slot(view, "to", [verb], obj, verb)
            how = "objsource"
        heads = [verb]
        if obj is not None:
            heads += [obj, *obj.conjuncts]  # "sent rescue teams and aid to Turkey"
            if obj.text.lower() in ("most", "all", "part", "some", "much", "half"):
                heads += [g for p in children(obj, "prep") for g in children(p, "pobj")]
        targets, place, pair = self._targets(view, frame, heads, obj, verb, sources)
        if (
            not targets
            and frame.type in ("CONSULT", "PROTEST")
            and len(sources) >= 1
            and not pair
            and (frame.type == "PROTEST" or len(sources) == 1)
        ):
            # "the WHO director met the health minister in Lilongwe": a visit to Malawi
            loc = self._location(view, verb, verb, own_only=True)
            if loc is not None and loc.country and loc.country not in {a.code for a in sources}:
                targets, place = [Actor(loc.country, loc.name, "place", verb.i)], loc
        if (
            not targets
            and sources
            and obj is not None
            and frame.type in REACTIONS
            and obj.text.lower() in self.classes.get("reaction", ())
            and not mentions_in(view, obj)
        ):
            # "Iran condemned the resolution": the target is whoever the story says passed it
            prior = _author_of_prior_event(state, {a.code for a in sources})
            if prior is not None:
                targets, how = [Actor(prior, obj.text, "context", obj.i)], "context"
        if "host" in frame.flags or "swap" in frame.flags:
            sources, targets = targets, sources
        return self._emit(
            state,
            view,
            sent,
            frame,
            verb,
            verb,
            sources,
            targets,
            place,
            pair,
            mod,
            times,
            amounts,
            how,
        )

    def _noun_event(self, state, view, sent, noun, frame, times, amounts) -> bool:
        head = noun
        while head.dep_ == "compound" and head.head is not head:
            head = head.head
        holder = head
        if (
            head.dep_ == "pobj"
            and head.head.text.lower() == "of"
            and head.head.head.text.lower() in _CONTAINERS
        ):
            holder = head.head.head  # "began two days of military drills", "a new round of talks"
        governor = None
        if holder.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and is_verb(holder.head):
            governor = holder.head
        light = governor is not None and any(
            f.pos == "L" for f in self.index.by_form.get(governor.text.lower(), ())
        )
        purpose = purpose_noun_head(head)
        mod = modality(noun)
        sources: list[Actor] = []
        how = "nominal"
        # the noun's own modifiers: "Choe's visit", "U.S. sanctions", "sanctions ... by Washington"
        own = [c for c in head.children if c.dep_ == "poss"]
        own += [c for c in noun.children if c.dep_ == "poss" and noun is not head]
        for c in own:
            sources = actors_of(view, c)
            if sources:
                break
        if not sources:
            for c in [*head.children, *(noun.children if noun is not head else [])]:
                if c.dep_ in ("amod", "compound") and c.i != noun.i:
                    m = view.mention_at.get(c.i)
                    if (
                        m is not None
                        and m.code
                        and m.kind in ("demonym", "country", "org", "capital", "metonym", "person")
                    ):
                        if (
                            frame.type == "SANCTION"
                            and m.kind in ("country", "capital")
                            and governor is not None
                        ):
                            continue  # "Russia sanctions": the country sanctioned, not sanctioning
                        sources = actors_of(view, c)
                        if sources:
                            break
        if not sources and frame.type != "CONSULT":
            for p in children(head, "prep", "agent"):
                if p.text.lower() == "by" or (p.text.lower() == "from" and frame.type == "AID"):
                    for o in children(p, "pobj"):
                        sources = actors_of(view, o)
        if not sources and (light or (purpose is not None and frame.type == "CONSULT")):
            anchor_verb = governor if light else purpose
            subj = logical_subject(anchor_verb)
            sources = actors_of(view, subj) if subj is not None else []
            how = "light" if light else "purpose"
        heads = [head] if holder is head else [head, holder]
        if light and governor is not None:
            heads.append(governor)
        targets, place, pair = self._targets(view, frame, heads, None, governor, sources)
        if not targets and frame.type == "SANCTION" and sources:
            for c in head.children:
                m = view.mention_at.get(c.i)
                if (
                    c.dep_ == "compound"
                    and m is not None
                    and m.kind in ("country", "capital")
                    and m.code not in {a.code for a in sources}
                ):
                    targets = [Actor(m.code, m.text, m.kind, c.i)]
        if not sources and not pair and frame.type == "PROTEST":
            # "protesters rallied outside the U.S. embassy in Tehran": people of the place protest
            loc = self._location(view, noun, governor or noun)
            if loc is None:
                loc = next(
                    (
                        place_of(view, t)
                        for t in head.subtree
                        if t.tag_ in ("NNP", "NNPS")
                        and place_of(view, t) is not None
                        and place_of(view, t).kind == "city"
                    ),
                    None,
                )
            if loc is not None and loc.country:
                sources = [Actor(loc.country, loc.name, "place", noun.i)]
                how = "place"
        if not sources and not pair:
            return False
        anchor = governor if light else noun
        if (
            not targets
            and not pair
            and frame.type in ("CONSULT", "PROTEST")
            and sources
            and how != "nominal"
        ):
            loc = self._location(view, noun, anchor, own_only=True)
            if loc is not None and loc.country and loc.country not in {a.code for a in sources}:
                targets, place = [Actor(loc.country, loc.name, "place", noun.i)], loc
        return self._emit(
            state,
            view,
            sent,
            frame,
            noun,
            anchor,
            sources,
            targets,
            place,
            pair,
            mod,
            times,
            amounts,
            how,
        )

    # ------------------------------------------------------------------ building records

    def _emit(
        self,
        state,
        view,
        sent,
        frame,
        trigger,
        anchor,
        sources,
        targets,
        place,
        pair,
        mod: Modality,
        times,
        amounts,
        how,
    ) -> bool:
        etype, cameo, mode = frame.type, frame.cameo, frame.mode
        if etype is None:
            return False
        if (
            mod.negated
            and mod.future
            and not (mod.denied or mod.hedged or mod.conditional or mod.request)
            and (etype in COOPERATIVE or "intent" in frame.flags)
        ):
            # "said it would not provide support to Israel": a refusal, which is an event
            etype, cameo, mode = "REJECT", codes.REJECT_CAMEO.get(etype, "120"), None
            mod.negated = mod.future = False
            frame = _as_fact(frame)
        if (
            mod.negated
            or mod.denied
            or mod.hedged
            or mod.conditional
            or mod.request
            or mod.alleged
            or mod.purpose
            or mod.backstory
        ):
            return False
        future = mod.future or "intent" in frame.flags
        if mod.threat or (mod.future and etype in CONFLICTUAL):
            # "threatened to impose sanctions", "wants to attack": a threat
            etype, cameo, mode = "THREATEN", codes.THREAT_CAMEO.get(etype, "130"), None
        elif future and etype in COOPERATIVE:
            etype, cameo, mode = "AGREE", codes.INTENT_CAMEO.get(etype, "030"), None
        pairs: list[tuple[Actor | None, Actor | None]] = []
        symmetric = "sym" in frame.flags and (pair or len(sources) >= 2 and not targets)
        if pair:
            pairs = [(a, b) for a in targets for b in targets if a.code != b.code]
        elif (
            len(sources) >= 2
            and not targets
            and ("sym" in frame.flags or _reciprocal(sources, anchor))
        ):
            pairs = [(a, b) for a in sources for b in sources if a.code != b.code]
        elif targets:
            pairs = [(a, b) for a in sources for b in targets if a.code != b.code]
        elif "nontarget" in frame.flags:
            pairs = [(a, None) for a in sources]
        if not pairs:
            return False
        for a, b in pairs:
            if a is not None and b is not None and a.how != "pair":
                key = tuple(
                    sorted((a.code, b.code))
                )  # meetings say most about who "the two sides" are
                state.pairs[key] = state.pairs.get(key, 0) + (
                    3 if etype in ("CONSULT", "AGREE") else 1
                )
        if state.pairs:  # "the two sides": the pair the story is most about so far
            state.pair = max(state.pairs, key=lambda k: state.pairs[k])
        # date
        date, precision, date_text, needs = self._date(
            view, sent, trigger, anchor, mod, mod.future, state, times
        )
        # place: where a visit went, else an "in"/"at" phrase of the event
        loc = place if "place" in frame.flags else None
        loc = loc or self._location(view, trigger, anchor)
        # amount
        amount = self._amount(trigger, anchor, amounts) if etype in AMOUNT_TYPES else None
        confidence = _confidence(how, sources, targets, mod, future, frame)
        for a, b in pairs:
            ev = Event(
                event_type=etype,
                event_mode=mode,
                source_country=a.code if a else None,
                target_country=b.code if b else None,
                source_actor=a.text if a else None,
                source_how=a.how if a else None,
                target_actor=b.text if b else None,
                symmetric=bool(symmetric),
                evidence=sent.text,
                evidence_start=sent.start,
                evidence_end=sent.end,
                event_date=date,
                date_precision=precision,
                date_text=date_text,
                location_name=loc.name if loc else None,
                location_kind=loc.kind if loc else None,
                location_country=loc.country if loc else None,
                latitude=loc.latitude if loc else None,
                longitude=loc.longitude if loc else None,
                amount_usd=amount.usd if amount else None,
                amount_text=amount.text if amount else None,
                cameo_code=cameo,
                goldstein=codes.goldstein(cameo),
                quad_class=codes.quad_class(etype),
                confidence=confidence,
                trigger=trigger.text,
            )
            state.found.append(_Found(ev, sent.index, sent.paragraph, needs, mod.perfect, future))
        return True

    def _date(self, view, sent, trigger, anchor, mod, future, state, times):
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
        if future:
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
        if not future and len(times) == 1:
            o = _owner(_token_at(view.doc, times[0].start))
            if o is None or (o.text.lower() not in REPORTING and not _is_event_verb(o, self.index)):
                te = times[0]
                return te.date, te.precision, te.text, False
        return None, None, None, not mod.perfect

    def _location(
        self, view: SentenceView, trigger: Token, anchor: Token, own_only: bool = False
    ) -> Place | None:
        heads = {trigger, anchor}
        obj = logical_object(anchor) if is_verb(anchor) and not own_only else None
        if obj is not None:
            heads.add(obj)
        for h in heads:
            for p in children(h, "prep"):
                if p.text.lower() in ("in", "at"):
                    for o in children(p, "pobj"):
                        place = place_of(view, o)
                        if place is not None:
                            return place
                        for p2 in children(
                            o, "prep"
                        ):  # "at talks in Luanda", "at a spaceport in Russia"
                            if p2.text.lower() in ("in", "at"):
                                for o2 in children(p2, "pobj"):
                                    place = place_of(view, o2)
                                    if place is not None:
                                        return place
        # "the port of Khasan", "the city of Rason" inside the event's phrase
        for h in {trigger, anchor}:
            for t in h.subtree:
                if t.text.lower() in (
                    "port",
                    "city",
                    "town",
                    "village",
                    "island",
                ) and t.tag_.startswith("NN"):
                    for p in children(t, "prep"):
                        if p.text.lower() == "of":
                            for o in children(p, "pobj"):
                                if o.tag_ in ("NNP", "NNPS"):
                                    found = place_of(view, o)
                                    return found or Place(o.text, "", None, None, "city")
        return None

    def _amount(self, trigger: Token, anchor: Token, amounts: list[Amount]) -> Amount | None:
        if not amounts:
            return None
        core: set[int] = set()
        for h in {trigger, anchor}:
            core.add(h.i)
            for c in h.children:
                if c.dep_ not in _CLAUSAL:
                    core.update(t.i for t in c.subtree)
        doc = trigger.doc
        inside = [a for a in amounts if (t := _token_at(doc, a.start)) is not None and t.i in core]
        usd = [a for a in inside if a.usd is not None]
        return (usd or inside or [None])[0]


def _strip_dateline(sentences: list[Sentence]) -> list[Sentence]:
    """'MOSCOW (Reuters) - Xi met...' parses better as 'Xi met...' (the place is kept apart)."""
    if not sentences:
        return sentences
    first = sentences[0]
    m = _DATELINE.match(first.text)
    if not m or m.end() >= len(first.text) - 10:
        return sentences
    cut = m.end()
    stripped = Sentence(
        first.text[cut:], first.start + cut, first.end, first.paragraph, first.index
    )
    return [stripped, *sentences[1:]]


def _drop_loose_anaphors(mentions: list[list[Mention]]) -> list[list[Mention]]:
    """'the bloc', 'the alliance', 'the Fund' count only where the story names that body plainly."""
    plain = {m.code for ms in mentions for m in ms if m.code and not m.ambiguous}
    return [
        [m for m in ms if not (m.kind == "org" and m.ambiguous and m.code not in plain)]
        for ms in mentions
    ]


_QUANTITY = frozenset(
    "most all part some much half billions millions thousands hundreds dozens tonnes tons "
    "barrels doses units shipments shipment batch consignment package packages million "
    "billion trillion yen yuan euros dollars pounds rubles roubles rupees won francs".split()
)
_CONTAINERS = frozenset(
    "days weeks months hours round rounds series wave waves package packages set raft batch "
    "number couple string spate flurry week day year years".split()
)
_CLAUSAL = frozenset({"conj", "advcl", "relcl", "acl", "ccomp", "parataxis", "cc", "punct"})


_HABITUAL_TYPES = frozenset(
    {
        "AID",
        "COOPERATE",
        "MOBILIZE",
        "ASSAULT",
        "COERCE",
        "SANCTION",
        "RETREAT",
        "CONSULT",
        "SUPPORT",
    }
)


def _as_fact(frame: Frame) -> Frame:
    """The frame without its intention flag (a refusal is a fact, not a promise)."""
    return Frame(
        frame.word,
        frame.particle,
        frame.pos,
        frame.type,
        frame.mode,
        frame.cameo,
        frame.targets,
        frame.require,
        frame.exclude,
        frame.flags - {"intent"},
        frame.no_object,
    )


REACTIONS = frozenset({"ACCUSE", "SUPPORT", "REJECT"})


def _author_of_prior_event(state: _DocState, reacting: set[str]) -> str | None:
    """Who did what the reacting side reacts to: the lead event's author (aimed at it, if any)."""
    lead = [
        f
        for f in state.found
        if f.paragraph <= 1 and f.event.source_country and f.event.source_country not in reacting
    ]
    for f in lead:
        if f.event.target_country in reacting:
            return f.event.source_country
    return lead[0].event.source_country if lead else None


def _reciprocal(sources: list[Actor], anchor: Token) -> bool:
    """'The two sides signed...', 'expelled each other's ambassadors': both directions."""
    return any(
        t.text.lower() in ("other", "another")
        and t.i > 0
        and t.doc[t.i - 1].text.lower() in ("each", "one")
        for t in anchor.subtree
    )


def _habitual(verb: Token, frame: Frame, mod: Modality, times: list[TimeExpr]) -> bool:
    """'Algeria supplies gas to Spain': a present-tense state of affairs, not an event."""
    if verb.tag_ not in ("VBZ", "VBP") or frame.type not in _HABITUAL_TYPES or mod.future:
        return False
    if any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    span = [t.idx for t in verb.subtree]
    return not any(min(span) <= t.start <= max(span) for t in times)


def _agentive(view: SentenceView, tok: Token) -> bool:
    """A noun for people or institutions ("Polish authorities"), not for an event ("an offensive")."""
    m = view.mention_at.get(tok.i)
    return (m is not None and m.kind == "title") or tok.text.lower() in INSTITUTIONS | ENTITY_NOUNS


def _named_person(tok: Token | None) -> bool:
    """A proper name or a personal pronoun as the object ("freed Brittney Griner", "freed them")."""
    if tok is None:
        return False
    if tok.tag_ == "PRP" and tok.text.lower() in ("him", "her", "them"):
        return True
    return tok.tag_ in ("NNP", "NNPS")


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
            and any(f.pos == "N" for f in trigger_index().by_form.get(head.text.lower(), ()))
        ):
            return head
        t = head
    return None


def _is_event_verb(tok: Token, index) -> bool:
    return any(f.pos in ("V", "L") for f in index.by_form.get(tok.text.lower(), ()))


def _confidence(
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


def _compatible(a: Event, b: Event) -> bool:
    if a.event_date is None or b.event_date is None:
        return True
    width = {"year": 4, "month": 7, "day": 10}
    w = min(width[a.date_precision or "year"], width[b.date_precision or "year"])
    return a.event_date.isoformat()[:w] == b.event_date.isoformat()[:w]


def _same_kind(a: Event, b: Event) -> bool:
    """Two mentions of one event: meetings of a pair by the same people, else the same CAMEO action."""
    if a.symmetric != b.symmetric:
        return False  # "the two sides agreed" is not "X will visit Y"
    if a.event_type in ("CONSULT", "AGREE"):
        people = {a.source_how, b.source_how} <= {"person", "registry"}
        return not people or _same_name(a.source_actor, b.source_actor)
    return (a.cameo_code or "")[:3] == (b.cameo_code or "")[:3]


def _same_name(x: str | None, y: str | None) -> bool:
    """'Choe Ryong Hae' and 'Choe' are one person; 'King Abdullah' and 'Ayman Safadi' are not."""
    if not x or not y:
        return True
    a, b = set(x.lower().split()), set(y.lower().split())
    return bool(a & b)


def _rank(f: _Found) -> tuple:
    prec = {"day": 3, "month": 2, "year": 1, None: 0}[f.event.date_precision]
    return (f.event.confidence, prec, f.event.location_name is not None, -f.sentence)


def _finish(state: _DocState, text: str) -> list[Event]:
    """Fill dates from the story, merge mentions of the same event, order by position."""
    story = next(
        (
            f
            for f in sorted(state.found, key=lambda f: f.sentence)
            if f.paragraph <= 2 and f.event.date_precision == "day" and not f.future
        ),
        None,
    )
    for f in state.found:
        if (
            f.event.event_date is None
            and f.needs_date
            and f.paragraph <= 3
            and (not f.future or f.event.event_type in ("AGREE", "REJECT", "THREATEN"))
        ):
            if story is not None:
                f.event.event_date, f.event.date_precision = story.event.event_date, "day"
                f.event.date_text = f"(story date: {story.event.date_text})"
            elif f.paragraph <= 1:
                f.event.event_date, f.event.date_precision = state.published, "day"
                f.event.date_text = "(publication date)"
    groups: dict[tuple, list[list[_Found]]] = {}
    for f in sorted(state.found, key=lambda f: f.sentence):
        e = f.event
        key = (e.event_type, e.source_country, e.target_country)
        clusters = groups.setdefault(key, [])
        for cluster in clusters:
            if all(_compatible(e, g.event) and _same_kind(e, g.event) for g in cluster):
                cluster.append(f)
                break
        else:
            clusters.append([f])
    out: list[tuple[int, Event]] = []
    for clusters in groups.values():
        for cluster in clusters:
            best = max(cluster, key=_rank)
            ev = best.event
            dated = [g.event for g in cluster if g.event.event_date is not None]
            if dated:
                finest = max(
                    dated, key=lambda e: {"day": 3, "month": 2, "year": 1}[e.date_precision]
                )
                ev.event_date, ev.date_precision, ev.date_text = (
                    finest.event_date,
                    finest.date_precision,
                    finest.date_text,
                )
            if ev.location_kind != "city":
                ranked = sorted(cluster, key=_rank, reverse=True)
                other = next((g.event for g in ranked if g.event.location_kind == "city"), None)
                other = other or (
                    None
                    if ev.location_name
                    else next((g.event for g in cluster if g.event.location_name), None)
                )
                if other is not None:
                    ev.location_name, ev.location_country = (
                        other.location_name,
                        other.location_country,
                    )
                    ev.location_kind = other.location_kind
                    ev.latitude, ev.longitude = other.latitude, other.longitude
            if ev.amount_usd is None:
                other = next((g.event for g in cluster if g.event.amount_usd is not None), None)
                if other is not None:
                    ev.amount_usd, ev.amount_text = other.amount_usd, other.amount_text
            ev.confidence = round(min(0.99, ev.confidence + 0.03 * (len(cluster) - 1)), 2)
            out.append((min(g.sentence for g in cluster), ev))
    if state.dateline is not None:
        # "BEIJING (Reuters) - Xi met Putin": a lede meeting with no place happened at the dateline
        place = state.dateline
        for first, ev in out:
            lede = first <= 1 and ev.location_name is None
            vaguer = ev.location_kind == "country" and ev.location_country == place.country
            if (
                lede or vaguer
            ):  # where the story was filed from, or its city when only the country is named
                ev.location_name, ev.location_kind, ev.location_country = (
                    place.name,
                    place.kind,
                    place.country,
                )
                ev.latitude, ev.longitude = place.latitude, place.longitude
    for _, ev in out:
        if (
            ev.event_type == "CONSULT"
            and ev.location_country
            and ev.target_country
            and ev.location_country == ev.source_country != ev.target_country
            and ev.event_mode != "visit"
        ):
            # "Xi held talks with Lula in Beijing": Lula visited, Xi hosted
            ev.source_country, ev.target_country = ev.target_country, ev.source_country
            ev.source_actor, ev.target_actor = ev.target_actor, ev.source_actor
            ev.event_mode = "visit"
            ev.symmetric = False
    for _, ev in out:
        if (
            ev.event_type == "CONSULT"
            and ev.location_country
            and ev.location_country == ev.target_country != ev.source_country
        ):
            ev.event_mode, ev.symmetric = "visit", False  # a meeting on the target's soil: a visit
    # a visit orients the story's symmetric events: "the two sides signed..." during X's visit to Y
    visits = {
        (ev.source_country, ev.target_country)
        for _, ev in out
        if ev.event_type == "CONSULT" and not ev.symmetric and ev.event_mode == "visit"
    }
    out = [
        (i, ev)
        for i, ev in out
        if not (
            ev.symmetric
            and (ev.target_country, ev.source_country) in visits
            and (ev.source_country, ev.target_country) not in visits
        )
    ]
    out.sort(key=lambda x: x[0])
    # re-oriented events can now repeat one another: keep the first of each
    seen: set[tuple] = set()
    unique = []
    for _, ev in out:
        key = (
            ev.event_type,
            ev.source_country,
            ev.target_country,
            ev.event_date,
            ev.evidence_start,
        )
        if key not in seen:
            seen.add(key)
            unique.append(ev)
    return unique


_EXTRACTOR: Extractor | None = None


def extractor() -> Extractor:
    """The process-wide extractor (loading the model takes about a second)."""
    global _EXTRACTOR
    if _EXTRACTOR is None:
        _EXTRACTOR = Extractor()
    return _EXTRACTOR


def extract_events(text: str, published: dt.datetime | dt.date | None = None) -> list[Event]:
    """The PLOVER events of one article text, dated against its publication time."""
    return extractor().extract(text, published)
