"""The event coder: sentences -> candidate triggers -> parsed frames -> PLOVER events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token

from dipwatch.events import codes
from dipwatch.events.ablation import enabled
from dipwatch.events.actors import FORUMS, ORG_CODES, Mention, lexicon
from dipwatch.events.amounts import WORD_CURRENCY, find_amounts
from dipwatch.events.attributes import confidence, event_amount, event_date, event_location
from dipwatch.events.dates import TimeExpr, find_times, remember
from dipwatch.events.document import (
    PAIR_PHRASE,
    YEARISH,
    DocState,
    Found,
    dateline_date,
    dateline_place,
    drop_loose_anaphors,
    published_date,
    strip_dateline,
)
from dipwatch.events.grammar import (
    ENTITY_NOUNS,
    INSTITUTIONS,
    Actor,
    Modality,
    SentenceView,
    actors_of,
    children,
    is_event_verb,
    is_pair_anaphor,
    is_passive,
    is_verb,
    logical_object,
    logical_subject,
    mentions_in,
    modality,
    place_of,
    purpose_noun_head,
)
from dipwatch.events.lexicon import TOKEN, word_classes, word_list
from dipwatch.events.merge import finish
from dipwatch.events.nlp import pipeline
from dipwatch.events.people import build_registry
from dipwatch.events.places import Place
from dipwatch.events.sentences import Sentence, split_sentences
from dipwatch.events.triggers import Frame, trigger_index
from dipwatch.models import Event

VERSION = "rules-1"
COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT"})
CONFLICTUAL = frozenset({"ASSAULT", "COERCE", "SANCTION"})
AMOUNT_TYPES = frozenset({"AID", "COOPERATE", "AGREE", "SANCTION", "RETREAT", "SUPPORT"})


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
                    if YEARISH.search(sent.text):
                        remember(
                            state.times, find_times(sent.text, state.published, context=state.times)
                        )
            out.append(finish(state))
        return out

    # ------------------------------------------------------------------ document

    def _prepare(self, text: str, published):
        sentences = strip_dateline(split_sentences(text))
        mentions = [self.lex.find(s.text) for s in sentences]
        mentions = drop_loose_anaphors(mentions, [x.text for x in sentences])
        pub = dateline_date(text, published_date(published))
        filed_from = dateline_place(text)
        home = filed_from.country if filed_from is not None else None
        registry = build_registry(sentences, mentions, self.lex, pub.year, home)
        state = DocState(pub, registry, filed_from)
        state.named = {m.code for ms in mentions for m in ms if m.code and m.kind in _NAMED_KINDS}
        candidates = []
        for k, (s, ments) in enumerate(zip(sentences, mentions, strict=True)):
            words = TOKEN.findall(s.text)
            lower = [w.lower() for w in words]
            if not any(w in self._forms for w in lower):
                continue
            has_actor = (
                any(m.code and m.kind not in ("agency", "title") for m in ments)
                or any(w[:1].isupper() and w in registry for w in words)
                or PAIR_PHRASE.search(s.text) is not None
            )
            if has_actor:
                candidates.append((k, s))
        return state, sentences, candidates, mentions

    def _remember(self, state: DocState, mentions: list[Mention]) -> None:
        for m in mentions:
            if m.code and m.kind in ("country", "capital", "metonym", "org", "demonym"):
                state.last_state = m.code
                break
        for m in mentions:
            if m.kind == "person" and m.code:
                state.last_person = m.code

    # ------------------------------------------------------------------ sentence

    def _sentence(self, state: DocState, sent: Sentence, mentions: list[Mention], doc: Doc) -> None:
        view = SentenceView(
            doc,
            mentions,
            state.registry,
            state.last_state,
            state.last_person,
            state.pair,
            state.dateline.country if state.dateline is not None else None,
            state.lead_org,
        )
        question = sent.text.rstrip().endswith("?")
        times = find_times(sent.text, state.published, context=state.times)
        remember(state.times, times)
        if question:
            self._remember_parsed(state, view)
            return
        amounts = find_amounts(sent.text)
        consumed: set[int] = set()
        for tok in doc:
            frames = self.index.by_form.get(tok.text.lower())
            if not frames or not is_verb(tok):
                continue
            aimed = False  # an earlier frame's recipient phrase is there but named no one foreign
            for frame, obj in self._verb_frames(tok, frames, view):
                if aimed and "nontarget" in frame.flags:
                    break  # "launched missiles at the government": not a weapons test
                if self._verb_event(state, view, sent, tok, obj, frame, times, amounts):
                    if obj is not None:  # "renewed a currency swap line": the line, and its words
                        consumed.update(
                            t.i for t in obj.subtree if t.i == obj.i or t.dep_ == "compound"
                        )
                    break
                aimed = aimed or (frame.type == "ASSAULT" and _names_actor_in(view, tok, frame))
        for tok in doc:
            if tok.i in consumed or not tok.tag_.startswith("NN"):
                continue
            for frame in self._noun_frames(tok):
                if self._noun_event(state, view, sent, tok, frame, times, amounts):
                    break
        self._remember_parsed(state, view)

    def _remember_parsed(self, state: DocState, view: SentenceView) -> None:
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
            mods = [c.text.lower() for c in t.children if c.dep_ == "amod" and c.i == t.i - 1]
            if mods:  # "high commissioner", "military aid": an adjective that is part of the name
                words.append(" ".join([*mods, t.text.lower()]))
            if (
                t.tag_ == "$"
                or t.text.lower() in _CURRENCY
                or any(c.tag_ == "$" or c.text.lower() in _CURRENCY for c in t.children)
            ):
                words.append("money")  # "provided $4.5 billion to Ukraine": money is aid
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
        self, verb: Token, frames: Iterable[Frame], view: SentenceView | None = None
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
                and not ("person" in frame.flags and _named_person(obj, view))
            ):
                continue
            if frame.exclude and any(w in frame.exclude for w in words):
                continue
            if "subjtroops" in frame.flags:
                subj = logical_subject(verb)
                if subj is None or subj.text.lower() not in self.classes.get("troops", ()):
                    continue
            if "subjcrowd" in frame.flags:
                subj = logical_subject(verb)
                if subj is None or subj.text.lower() not in self.classes.get("crowd", ()):
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
        frame_type: str | None = None,
    ) -> tuple[list[Actor], Place | None]:
        """Actors (and a place) filling one target slot of a frame."""
        if slot in ("obj", "objnat"):
            if obj is None:
                return [], None
            place = place_of(view, obj)
            found = actors_of(view, obj)
            if not found and slot == "objnat":
                found = _modifier_actors(view, obj)
            return found, place
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
        if slot == "cctarget":
            # "warned that they could close their borders with Belarus": whom the warning is about
            for h in heads:
                for c in children(h, "ccomp"):
                    found = mentions_in(view, c)
                    if found:
                        return found[:1], None  # the first named, not every name in the clause
            return [], None
        if slot == "xtarget":
            for h in heads:
                for x in children(h, "xcomp", "advcl", "acl", "relcl"):
                    if x.dep_ != "xcomp" and not any(
                        c.dep_ == "aux" and c.text.lower() == "to" for c in x.children
                    ):
                        continue
                    xo = logical_object(x)  # "refused to meet Rwanda's leader at an AU summit"
                    if xo is not None:
                        got = actors_of(view, xo) or mentions_in(view, xo)
                        if got:
                            return got, None
                    for p in children(x, "prep"):
                        for o in children(p, "pobj"):
                            got = actors_of(view, o)
                            if got:
                                return got, None
                    if frame_type in ("THREATEN", "REJECT"):
                        got = mentions_in(view, x)  # "threatened to respond if Tehran ..."
                        if got:
                            return got[:1], None
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
                        parties = actors_of(view, o)
                        return (
                            parties if len(parties) >= 2 else mentions_in(view, o, shallow=True)
                        ), None
                    found = actors_of(view, o)
                    place = place_of(view, o)
                    if o.text.lower() in _FRONTIER:
                        # "troops to its border with Belarus": the neighbour across it
                        found = [
                            a
                            for w in children(o, "prep")
                            if w.text.lower() == "with"
                            for g in children(w, "pobj")
                            for a in actors_of(view, g)
                        ] or found
                    if found or place:
                        if not found and place is not None and place.country:
                            found = [Actor(place.country, place.name, "place", o.i)]
                        return found, place
        return [], None

    def _targets(self, view, frame, heads, obj, sources):
        src_codes = {a.code for a in sources}
        for slot in frame.targets:
            found, place = self._slot(view, slot, heads, obj, frame.type)
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
        if "opinion" in frame.flags and children(verb, "ccomp"):
            return False  # "many businesses agree that China ..." is an opinion
        if (
            "intent" in frame.flags
            and not children(verb, "dobj")
            and any(
                is_event_verb(x) and not any(c.dep_ == "neg" for c in x.children)
                for x in children(verb, "xcomp")
            )
        ):
            return False  # "pledged to expel X": the expulsion, as a threat, is the event
        mod = modality(verb)
        subj = logical_subject(verb)
        if _habitual(verb, frame, mod, times):
            return False
        if (
            frame.type == "CONSULT"
            and subj is not None
            and subj.text.lower()
            in self.classes.get("troops", ()) | self.classes.get("vehicles", ())
        ):
            return False  # "a Russian frigate arrived in Havana" is a show of force, not a visit
        if (
            subj is not None
            and subj.text.lower() in ("who", "which", "that")
            and subj.head.dep_ == "relcl"
        ):
            subj_np = subj.head.head  # "Scotland, who travel to Paris"
        else:
            subj_np = subj
        if (
            frame.type == "CONSULT"
            and subj_np is not None
            and any(c.text.lower() in self.classes.get("vehicles", ()) for c in subj_np.subtree)
            and not any(c.text.lower() in self.classes.get("person", ()) for c in subj_np.subtree)
        ):
            return False  # "The British patrol ship HMS Trent arrived in Georgetown"
        if frame.type == "PROTEST" and subj_np is not None and _bare_state(view, subj_np):
            return (
                False  # "Jordan ... blocked the crossing": a state closing a border, not a protest
            )
        if "personal" in frame.flags and subj_np is not None and _bare_state(view, subj_np):
            return False  # "Scotland travel to Paris next week": a team, not a delegation

        sources = actors_of(view, subj) if subj is not None else []
        how = "verb"
        gerund = (
            verb.dep_ == "pcomp" and verb.head.text.lower() == "with"
        )  # parsed "with visiting [X]"
        if (
            verb.text.lower() == "visiting"
            and (verb.dep_ in ("amod", "acl", "compound") or gerund)
            and enabled("visiting-counterpart")
        ):  # "met with visiting Premier X": the visitor visits, the clause's subject hosts
            visitors = actors_of(view, obj if gerund and obj is not None else verb.head)
            clause = verb.head.head if gerund else verb.head
            while clause.head is not clause and not is_verb(clause):
                clause = clause.head
            host_np = logical_subject(clause) if is_verb(clause) else None
            hosts = actors_of(view, host_np) if host_np is not None else []
            hosts = [a for a in hosts if a.code not in {v.code for v in visitors}]
            if not visitors or not hosts:
                return False
            return self._emit(
                state,
                view,
                sent,
                frame,
                verb,
                clause,
                visitors,
                hosts,
                None,
                False,
                modality(clause),
                times,
                amounts,
                "verb",
            )
        if (
            sources
            and subj_np is not None
            and subj_np.lemma_.lower() in _COMMERCIAL
            and enabled("companies-not-sources")
        ):
            sources = []  # "a Chinese company signed a contract": a firm is no actor as a source
        if not sources and frame.type == "COERCE" and is_passive(verb) and enabled("arrested-in"):
            # "was arrested in Spain": the state where a detention took place made it
            where = event_location(view, verb, verb, own_only=True)
            if where is not None and where.country:
                sources, how = [Actor(where.country, where.name, "place", verb.i)], "place"
        if not sources and "objsource" in frame.flags and obj is not None:
            sources = actors_of(view, obj)
            how = "objsource"
        if not sources and "srcto" in frame.flags:
            sources, _ = self._slot(view, "to", [verb], obj)
            how = "objsource"
        heads = [verb]
        if obj is not None:
            heads += [obj, *obj.conjuncts]  # "sent rescue teams and aid to Turkey"
            if obj.text.lower() in _QUANTITY:  # "a new package of sanctions on Russia"
                heads += [g for p in children(obj, "prep") for g in children(p, "pobj")]
        targets, place, pair = self._targets(view, frame, heads, obj, sources)
        if (
            place is None
            and obj is not None
            and frame.type == "ASSAULT"
            and enabled("struck-place")
        ):
            # "bombed Mogadishu airport": where the strike fell
            place = next(
                (p for c in obj.children if c.dep_ == "compound" and (p := place_of(view, c))),
                None,
            )
        counterpart = obj is not None or any(
            p.text.lower() == "with" for p in children(verb, "prep")
        )
        if (
            not targets
            and frame.type in ("CONSULT", "PROTEST")
            and len(sources) >= 1
            and not pair
            and (
                frame.type == "PROTEST"
                or (len(sources) == 1 and counterpart and _travels(sources[0]))
            )
        ):
            # "the WHO director met the health minister in Lilongwe": a visit to Malawi
            # (but "the council met in Addis Ababa" is a meeting, not a visit to Ethiopia)
            loc = event_location(view, verb, verb, own_only=True)
            if loc is not None and loc.country and loc.country not in {a.code for a in sources}:
                targets, place = [Actor(loc.country, loc.name, "place", verb.i)], loc
        if (
            not targets
            and sources
            and obj is not None
            and frame.type in REACTIONS
            and enabled("reaction-object-owner")
        ):  # "welcomed the proposals announced by Japan's ruling party": Japan's proposals
            mine = {a.code for a in sources}
            inside = [a for a in mentions_in(view, obj) if a.code not in mine]
            if "sym" in frame.flags and len(mine) >= 2:
                inside = []  # "A and B signed a pact": their pact, whatever it is about
            if inside:
                targets, how = inside[:1], "objany"
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
            if prior is None and enabled("reaction-fallback"):
                prior = _reaction_fallback(state, view, {a.code for a in sources})
            if prior is not None:
                targets, how = [Actor(prior, obj.text, "context:reaction", obj.i)], "context"
        if (
            not targets
            and sources
            and frame.type in PAIR_TARGET_TYPES
            and frame.require is not None
            and state.pair is not None
            and {a.code for a in sources} <= set(state.pair)
            and len({a.code for a in sources}) == 1
        ):
            # "Tokyo tightened the export controls": in a story about Tokyo and Seoul, on Seoul;
            # when the source has a rival in the story's hostile events, on that rival
            other = (
                _rival(state, sources[0].code) or [c for c in state.pair if c != sources[0].code][0]
            )
            targets, how = [Actor(other, "", "context:rival", verb.i)], "context"
        if (
            frame.type == "CONSULT"
            and targets
            and sources
            and enabled("visiting-counterpart")
            and _visiting_counterpart(verb, obj)
        ):  # "Wu Yi met with visiting Bulgarian Prime Minister X": X visits China
            sources, targets = targets, sources
            frame = replace(frame, mode="visit", flags=frame.flags - {"sym"})
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
            and head.head.text.lower() in ("of", "in")
            and (head.head.head.text.lower() in _LOOK_THROUGH or head.head.head.tag_ == "CD")
        ):
            holder = head.head.head  # "began two days of military drills", "a new round of talks"
        governor = None
        if holder.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and is_verb(holder.head):
            governor = holder.head
        light = governor is not None and self.index.has(governor.text, "L")
        if (
            governor is not None
            and governor.text.lower() in _RECEIVING
            and enabled("received-from")
        ):
            done = self._received(state, view, sent, noun, head, governor, frame, times, amounts)
            if done is not None:
                return done
        if "lightonly" in frame.flags and not light:
            return False  # "concerns about China's support for Russia": a topic, not an act
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
        if not sources and enabled("x-led"):
            # "the US-led invasion", "a Saudi-led coalition": the leader named before "-led"
            for c in head.children:
                if c.dep_ == "amod" and c.text.lower() in _LED:
                    for x in c.children:
                        if x.dep_ in ("npadvmod", "compound", "nmod", "amod") and x.i < c.i:
                            sources = sources or actors_of(view, x)
        if not sources and (frame.type != "CONSULT" or frame.mode == "visit"):
            # "a visit to Nairobi by the Ethiopian prime minister" (but "talks mediated by Egypt")
            for p in children(head, "prep", "agent"):
                if p.text.lower() == "by" or (p.text.lower() == "from" and frame.type == "AID"):
                    for o in children(p, "pobj"):
                        sources = actors_of(view, o)
        if (
            not sources
            and frame.type == "CONSULT"
            and head.dep_ == "pobj"
            and (
                head.head.text.lower() in ("after", "following", "before", "during", "at", "since")
                or (  # "X, on a three-day visit to Thailand, told reporters": X visits
                    head.head.text.lower() in ("on", "through", "throughout")
                    and frame.mode == "visit"
                    and enabled("on-a-visit")
                )
            )
            and is_verb(head.head.head)
            and enabled("talks-of-the-clause")
        ):  # "Gul said after talks with his Swedish counterpart": Gul talked
            subj = logical_subject(head.head.head)
            sources = actors_of(view, subj) if subj is not None else []
            how = "clause"
        if not sources and (light or (purpose is not None and frame.type == "CONSULT")):
            anchor_verb = governor if light else purpose
            subj = logical_subject(anchor_verb)
            sources = actors_of(view, subj) if subj is not None else []
            how = "light" if light else "purpose"
        heads = [head] if holder is head else [head, holder]
        if light and governor is not None:
            heads.append(governor)
        targets, place, pair = self._targets(view, frame, heads, None, sources)
        if not targets and sources and frame.type == "ASSAULT" and enabled("victims-of-clause"):
            targets = _victims(view, head, {a.code for a in sources})
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
            loc = event_location(view, noun, governor or noun)
            if loc is None:
                loc = next(
                    (
                        p
                        for t in head.subtree
                        if t.tag_ in ("NNP", "NNPS")
                        and (p := place_of(view, t)) is not None
                        and p.kind == "city"
                    ),
                    None,
                )
            if loc is not None and loc.country:
                sources = [Actor(loc.country, loc.name, "place", noun.i)]
                how = "place"
        if not sources and not pair:
            return False
        background = (
            how == "nominal"
            and governor is None
            and frame.type in ("ASSAULT", "COERCE", "MOBILIZE")
        )
        if background and enabled("dated-clause") and _dated_clause(noun, times):
            background = False  # "nine were wounded Wednesday in an Israeli air strike"
        if background and not _dated_noun(noun, times):
            return False  # a war or seizure named in passing is background, not a new event
        anchor = governor if light else noun
        if (
            not targets
            and not pair
            and frame.type in ("CONSULT", "PROTEST")
            and sources
            and how != "nominal"
            and (frame.type == "PROTEST" or all(_travels(a) for a in sources))
        ):
            loc = event_location(view, noun, anchor, own_only=True)
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

    def _received(self, state, view, sent, noun, head, governor, frame, times, amounts):
        """ "Denmark's motion received support from the United States": the from-phrase acts on
        the subject. None when the sentence names no giver (the noun is tried the usual way)."""
        givers: list[Actor] = []
        for p in [*children(head, "prep"), *children(governor, "prep")]:
            if p.text.lower() == "from":
                for o in children(p, "pobj"):
                    givers = givers or actors_of(view, o)
        subj = logical_subject(governor)
        receivers = actors_of(view, subj) if subj is not None else []
        if not receivers and subj is not None:
            receivers = next((actors_of(view, c) for c in children(subj, "poss")), [])
        if not givers or not receivers:
            return None
        return self._emit(
            state,
            view,
            sent,
            frame,
            noun,
            governor,
            givers,
            receivers,
            None,
            False,
            modality(governor),
            times,
            amounts,
            "light",
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
            if mod.future and "intent" not in frame.flags and not enabled("future-as-agree"):
                return False
            etype, cameo, mode = "AGREE", codes.INTENT_CAMEO.get(etype, "030"), None
        if not targets and not pair and frame.type == "AID" and sources:
            # "The United States announced $100,000 in immediate assistance": for the country the
            # story's aid goes to, else the one it is datelined in
            rec = _aid_recipient(state, view, {a.code for a in sources})
            if rec is not None:
                targets, how = [Actor(rec, "", "context:aid-recipient", trigger.i)], "context"
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
        elif "nontarget" in frame.flags and not (
            etype == "MOBILIZE" and mode == "troops" and enabled("mobilize-needs-target")
        ):  # troops deployed against no one named are no interstate event (a weapons test is)
            pairs = [(a, None) for a in sources]
        if symmetric or pair:
            pairs = _one_per_pair(pairs)
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
                if etype in HOSTILE_TYPES:
                    state.rivals[key] = state.rivals.get(key, 0) + 1
                if etype == "AID" and frame.type == "AID":
                    state.recipients[b.code] = state.recipients.get(b.code, 0) + 1
        if state.pairs:  # "the two sides": the pair the story is most about so far
            state.pair = max(state.pairs, key=lambda k: state.pairs[k])
        # date
        date, precision, date_text, needs = event_date(view, trigger, anchor, mod, times)
        # place: where a visit went, else an "in"/"at" phrase of the event
        loc = place if "place" in frame.flags else None
        loc = loc or event_location(view, trigger, anchor)
        # amount
        amount = event_amount(trigger, anchor, amounts) if etype in AMOUNT_TYPES else None
        score = confidence(how, sources, targets, mod, future, frame)
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
                confidence=score,
                trigger=trigger.text,
                rules=_rule_ids(frame, how, a, b),
            )
            if state.lead_org is None and not state.found and a is not None and a.code in ORG_CODES:
                state.lead_org = a.code
            verbal = is_verb(trigger) and date_text is not None
            state.found.append(Found(ev, sent.index, sent.paragraph, needs, future, verbal))
        return True


# currency words ("5 million pounds"); crowns name no single country's currency
_CURRENCY = frozenset(WORD_CURRENCY) | {"crowns"}
_FRONTIER = word_list("_FRONTIER")
_QUANTITY = word_list("_QUANTITY") | _CURRENCY
_CONTAINERS = word_list("_CONTAINERS")
_COMMERCIAL = word_list("_COMMERCIAL")
_LOOK_THROUGH = _CONTAINERS | _QUANTITY  # "a series of talks": the talks


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


REACTIONS = frozenset({"ACCUSE", "SUPPORT", "REJECT"})
PAIR_TARGET_TYPES = frozenset({"SANCTION", "THREATEN", "REJECT", "ACCUSE", "RETREAT"})
HOSTILE_TYPES = frozenset(
    {"SANCTION", "THREATEN", "REJECT", "ACCUSE", "PROTEST", "COERCE", "ASSAULT", "MOBILIZE"}
)


_NAMED_KINDS = ("country", "demonym", "capital")
_RECEIVING = word_list("RECEIVING")
_LED = frozenset({"led", "sponsored"})  # "the US-led invasion": the leader is the source


def _names_actor_in(view: SentenceView, verb: Token, frame: Frame) -> bool:
    """Whether one of the frame's recipient phrases names an actor ("at the Georgian government")."""
    return any(
        c.dep_ == "prep"
        and c.text.lower() in frame.targets
        and any(mentions_in(view, o) for o in children(c, "pobj"))
        for c in verb.children
    )


def _aid_recipient(state: DocState, view: SentenceView, givers: set[str]) -> str | None:
    """Where aid with no stated recipient goes: the story's most frequent recipient, else the
    dateline's country if the story names it; never a guess when its sentence names other states
    (co-donors, transit places)."""
    if any(m.code not in givers for m in view.mentions if m.code and m.kind in _NAMED_KINDS):
        return None
    known = {c: n for c, n in state.recipients.items() if c not in givers}
    if known:
        return max(known, key=lambda c: known[c])
    country = state.dateline.country if state.dateline is not None else None
    return country if country in state.named and country not in givers else None


def _rival(state: DocState, code: str) -> str | None:
    """The actor the story most often shows in hostile events with `code`."""
    mine = {k: n for k, n in state.rivals.items() if code in k}
    if not mine:
        return None
    best = max(mine, key=lambda k: mine[k])
    return best[0] if best[1] == code else best[1]


def _author_of_prior_event(state: DocState, reacting: set[str]) -> str | None:
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


def _named_here(view: SentenceView, reacting: set[str]) -> str | None:
    """A foreign state the reaction's own sentence names ("calling it an Israeli escalation")."""
    for m in view.mentions:
        if m.code and m.code not in reacting and m.kind in ("country", "demonym", "metonym", "org"):
            return m.code
    return None


def _reaction_fallback(state: DocState, view: SentenceView, reacting: set[str]) -> str | None:
    """Whom a reaction answers when the story's lead names no author: a foreign state named in
    the same sentence, else the author of any earlier event, else the other side of its pair."""
    named = _named_here(view, reacting)
    if named is not None:
        return named
    for f in reversed(state.found):
        if f.event.source_country and f.event.source_country not in reacting:
            return f.event.source_country
    if state.pair is not None and len(reacting) == 1 and next(iter(reacting)) in state.pair:
        return next(c for c in state.pair if c not in reacting)
    return None


def _reciprocal(sources: list[Actor], anchor: Token) -> bool:
    """'The two sides signed...', 'expelled each other's ambassadors': both directions."""
    return any(
        t.text.lower() in ("other", "another")
        and t.i > 0
        and t.doc[t.i - 1].text.lower() in ("each", "one")
        for t in anchor.subtree
    )


def _habitual(verb: Token, frame: Frame, mod: Modality, times: list[TimeExpr]) -> bool:
    """'Algeria supplies gas to Spain': a present-tense state of affairs, not an event
    (but 'the ministry said it supports...' is a statement made now)."""
    if mod.reported_by is not None:
        return False
    if verb.tag_ not in ("VBZ", "VBP") or frame.type not in _HABITUAL_TYPES or mod.future:
        return False
    if any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    span = [t.idx for t in verb.subtree]
    return not any(min(span) <= t.start <= max(span) for t in times)


def _modifier_actors(view: SentenceView, tok: Token) -> list[Actor]:
    """Names inside the noun's own modifiers ("a British-drafted resolution"), not its phrases."""
    out: list[Actor] = []
    stack = [c for c in tok.children if c.dep_ in ("amod", "compound", "npadvmod", "nmod", "poss")]
    while stack:
        t = stack.pop()
        m = view.mention_at.get(t.i)
        if (
            m is not None
            and m.code
            and m.kind not in ("agency", "title")
            and all(a.code != m.code for a in out)
        ):
            out.append(Actor(m.code, m.text, m.kind, t.i))
        stack += [
            c for c in t.children if c.dep_ in ("amod", "compound", "npadvmod", "nmod", "advmod")
        ]
    return out


def _travels(actor: Actor) -> bool:
    """A state or an agency whose officials visit (WHO, IMF), not a forum of states (G7, AU)."""
    return actor.code not in FORUMS


def _bare_state(view: SentenceView, tok: Token) -> bool:
    """The subject is just a country's or capital's name ("Scotland", "Paris")."""
    m = view.mention_at.get(tok.i)
    return (
        m is not None
        and m.kind in ("country", "capital", "metonym")
        and not any(c.dep_ in ("compound", "amod", "appos") for c in tok.children)
    )


def _dated_noun(noun: Token, times: list[TimeExpr]) -> bool:
    """A time expression inside the noun's phrase ("the invasion in February 2022")."""
    span = [t.idx for t in noun.subtree]
    return any(min(span) <= t.start <= max(span) + 1 for t in times)


def _visiting_counterpart(verb: Token, obj: Token | None) -> bool:
    """The counterpart of a meeting is called 'visiting' ("met visiting Premier X", "held talks
    with the visiting minister")."""
    heads = [obj] if obj is not None else []
    heads += [
        g for p in children(verb, "prep") if p.text.lower() == "with" for g in children(p, "pobj")
    ]
    return any(
        c.text.lower() == "visiting"
        for h in heads
        for c in h.subtree
        if c.i < h.i and c.head.i >= c.i
    )


def _victims(view: SentenceView, noun: Token, attackers: set[str]) -> list[Actor]:
    """'nine Palestinians were wounded in an Israeli air strike': the harmed are the target."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.text.lower() not in ("in", "during", "by") or prep.head is prep:
        return []
    verb = prep.head
    if not is_verb(verb):
        return []
    for c in verb.children:
        if c.dep_ in ("nsubjpass", "nsubj", "dobj"):
            found = [a for a in actors_of(view, c) if a.code not in attackers]
            if found:
                return found
    return []


def _dated_clause(noun: Token, times: list[TimeExpr]) -> bool:
    """A recent-past time expression in the clause the noun belongs to ("killed on Wednesday in
    an air strike"), not a war named in passing."""
    head = noun.head
    while head.head is not head and not is_verb(head):
        head = head.head
    if not is_verb(head) or head.i == noun.i:
        return False
    span = [t.idx for t in head.subtree]
    return any(min(span) <= t.start <= max(span) + 1 and t.precision == "day" for t in times)


def _agentive(view: SentenceView, tok: Token) -> bool:
    """A noun for people or institutions ("Polish authorities"), not for an event ("an offensive")."""
    m = view.mention_at.get(tok.i)
    return (m is not None and m.kind == "title") or tok.text.lower() in INSTITUTIONS | ENTITY_NOUNS


def _named_person(tok: Token | None, view: SentenceView | None = None) -> bool:
    """A person as the object: a name, a pronoun, or a national ("freed a French schoolteacher")."""
    if tok is None:
        return False
    if view is not None and any(
        c.dep_ in ("amod", "compound")
        and view.mention_at.get(c.i) is not None
        and view.mention_at[c.i].kind == "demonym"
        for c in tok.children
    ):
        return True
    if tok.tag_ == "PRP" and tok.text.lower() in ("him", "her", "them"):
        return True
    return tok.tag_ in ("NNP", "NNPS")


_EXTRACTOR: Extractor | None = None


def _rule_ids(frame: Frame, how: str, a: Actor | None, b: Actor | None) -> list[str]:
    """Provenance of one event: the trigger row, how its roles were filled, context rules."""
    ids = [frame.id, f"role:{how}"]
    for side, actor in (("source", a), ("target", b)):
        if actor is not None and actor.how.startswith("context:"):
            ids.append(actor.how)
        elif actor is not None and actor.how in (
            "pronoun",
            "relative",
            "registry",
            "place",
            "pair",
        ):
            ids.append(f"{side}:{actor.how}")
    return ids


MAX_PARTIES = 3  # a symmetric act of more parties is a multilateral one: no pairwise rows


def _one_per_pair(pairs: list[tuple]) -> list[tuple]:
    """A symmetric event once per pair of parties (either direction matches), and none for
    acts of many parties ("the G-7, the United States, Britain... agreed")."""
    parties = {x.code for ab in pairs for x in ab if x is not None}
    if len(parties) > MAX_PARTIES:
        return []
    seen: set[frozenset] = set()
    out = []
    for a, b in pairs:
        key = frozenset(x.code for x in (a, b) if x is not None)
        if key not in seen:
            seen.add(key)
            out.append((a, b))
    return out


def extractor() -> Extractor:
    """The process-wide extractor (loading the model takes about a second)."""
    global _EXTRACTOR
    if _EXTRACTOR is None:
        _EXTRACTOR = Extractor()
    return _EXTRACTOR


def extract_events(text: str, published: dt.datetime | dt.date | None = None) -> list[Event]:
    """The PLOVER events of one article text, dated against its publication time."""
    return extractor().extract(text, published)
