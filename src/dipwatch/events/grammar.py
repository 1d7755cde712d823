"""Reading a dependency parse: who is an actor, who is the subject, is the clause real."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from dipwatch.events.ablation import enabled
from dipwatch.events.actors import Mention
from dipwatch.events.lexicon import word_list
from dipwatch.events.people import Registry
from dipwatch.events.places import Place, gazetteer
from dipwatch.events.triggers import trigger_index

SUBJ = ("nsubj", "csubj")
PASS_SUBJ = ("nsubjpass", "csubjpass")
# the word lists are in events/data/wordlists.tsv, whose note column says what each is for
REPORTING = word_list("REPORTING")
INTENT = word_list("INTENT")
REQUEST = word_list("REQUEST")
THREAT = word_list("THREAT")
NEGATIVE = word_list("NEGATIVE")
DENIAL = word_list("DENIAL")
ALLEGING = word_list("ALLEGING")
CAUSATIVE = word_list("CAUSATIVE")
HEDGE_AUX = word_list("HEDGE_AUX")
FUTURE_AUX = word_list("FUTURE_AUX")
PLACE_HEADS = word_list("PLACE_HEADS")  # "the port of Rason"
PERSON_PRONOUNS = word_list("PERSON_PRONOUNS")
STATE_PRONOUNS = word_list("STATE_PRONOUNS")
RELATIVE = word_list("RELATIVE")
ENTITY_NOUNS = word_list("ENTITY_NOUNS")


@dataclass(slots=True)
class Actor:
    """An actor code with the words that named it."""

    code: str
    text: str
    how: str  # name | demonym | metonym | person | registry | pronoun | relative | place
    token: int


@dataclass(slots=True)
class SentenceView:
    """A parsed sentence with the dictionary matches mapped onto its tokens."""

    doc: Doc
    mentions: list[Mention]
    registry: Registry
    last_state: str | None = None
    last_person: str | None = None
    pair: tuple[str, str] | None = None  # the two sides of the story so far
    home: str | None = None  # the state the story was filed from (its dateline)
    lead_org: str | None = None  # the organisation that acts in the story's lede, if any
    mention_at: dict[int, Mention] = field(default_factory=dict)
    mention_tokens: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.mentions:
            return
        starts = [(m.start, m.end, m) for m in self.mentions]
        k = 0
        for tok in self.doc:
            idx = tok.idx
            while k < len(starts) and starts[k][1] <= idx:
                k += 1
            if k < len(starts) and starts[k][0] <= idx < starts[k][1]:
                m = starts[k][2]
                self.mention_at[tok.i] = m
                self.mention_tokens.setdefault(id(m), []).append(tok.i)


# ------------------------------------------------------------------ actors


def is_verb(tok: Token) -> bool:
    return tok.tag_.startswith("VB") or tok.tag_ == "MD"


def propn_span(tok: Token) -> list[Token]:
    """The run of proper nouns (compound chain) that ends at or contains `tok`."""
    doc = tok.doc
    i = tok.i
    start = i
    while (
        start > 0
        and doc[start - 1].tag_ in ("NNP", "NNPS")
        and doc[start - 1].dep_ in ("compound", "nmod", "amod", "appos")
        or (
            start > 0
            and doc[start - 1].text in ("-",)
            and start > 1
            and doc[start - 2].tag_ == "NNP"
        )
    ):
        start -= 1
    end = i
    while (
        end + 1 < len(doc)
        and doc[end + 1].tag_ in ("NNP", "NNPS")
        and doc[end + 1].head.i in range(start, end + 3)
    ):
        end += 1
    return list(doc[start : end + 1])


def _name_actor(view: SentenceView, tok: Token) -> Actor | None:
    if tok.tag_ not in ("NNP", "NNPS"):
        if tok.text[:1].isupper() and tok.i > 0 and tok.text in view.registry.doc:
            entry = view.registry.doc[tok.text]  # a known name the tagger took for a noun
            return Actor(entry.code, tok.text, "registry", tok.i) if entry.code else None
        return None
    span = propn_span(tok)
    words = [t.text for t in span if t.text != "-"]
    candidates = [" ".join(words)]
    candidates += [" ".join(words[k:]) for k in range(1, len(words))]
    candidates += [tok.text]
    for cand in candidates:
        entry = view.registry.get(cand)
        if entry is not None and entry.code:
            return Actor(entry.code, " ".join(t.text for t in span), "registry", tok.i)
    return None


def single_actor(view: SentenceView, tok: Token, depth: int = 0) -> Actor | None:
    """The actor a noun phrase headed by `tok` stands for, or None."""
    if depth > 4:
        return None
    low = tok.text.lower()
    m = view.mention_at.get(tok.i)
    if m is not None:
        if m.kind == "agency":
            return None
        if m.kind == "person":
            entry = None
            for name in (m.text, tok.text):  # what the story said of this person comes first
                entry = entry or view.registry.doc.get(name)
            entry = entry or view.registry.get(m.text)
            code = entry.code if entry is not None else m.code
            return Actor(code, m.text, "person", tok.i) if code else None
        if m.code and m.kind == "org" and m.ambiguous:
            owner = next(
                (
                    c
                    for c in tok.children
                    if c.dep_ in ("poss", "amod", "compound")
                    and view.mention_at.get(c.i) is not None
                    and view.mention_at[c.i].kind
                    in ("country", "demonym", "capital", "metonym", "org")
                    and view.mention_at[c.i] is not m
                ),
                None,
            )
            if owner is not None:  # "Algeria's High Security Council" is Algeria's, not the UN's
                return Actor(view.mention_at[owner.i].code, m.text, "demonym", tok.i)
        if m.code and m.kind != "title":
            return Actor(m.code, m.text, m.kind, tok.i)
    if tok.tag_ in ("PRP", "PRP$"):
        if tok.tag_ == "PRP$" or tok.dep_ == "poss":
            owner = _clause_subject(tok)
            if owner is not None and depth < 3:
                got = single_actor(view, owner, depth + 1)
                if got is not None:
                    return Actor(got.code, tok.text, "pronoun", tok.i)
        if (
            tok.dep_ in SUBJ + PASS_SUBJ
            and tok.head.dep_ == "ccomp"
            and tok.head.head.text.lower() in REPORTING
        ):
            # "the FSB said it had detained ...": the speaker
            for speaker in children(tok.head.head, *SUBJ):
                got = single_actor(view, speaker, depth + 1)
                if got is not None:
                    return Actor(got.code, tok.text, "pronoun", tok.i)
        if tok.dep_ in SUBJ + PASS_SUBJ + ("dobj", "pobj") and depth < 3:
            owner = _clause_subject(tok, skip_own=True)
            other = _other_gender_above(tok) if enabled("pronoun-gender") else None
            if other is not None:
                # "he telephoned Merkel hours before she was to meet Chirac": not the subject
                # above, whom "he" names; the person that clause acted on, if any
                owner = logical_object(other.head) if is_verb(other.head) else None
                got = single_actor(view, owner, depth + 1) if owner is not None else None
                if got is not None and got.how in ("person", "registry"):
                    return Actor(got.code, tok.text, "pronoun", tok.i)
                return None
            if owner is not None:
                got = single_actor(view, owner, depth + 1)
                if got is not None and (
                    low not in PERSON_PRONOUNS or got.how in ("person", "registry")
                ):
                    return Actor(got.code, tok.text, "pronoun", tok.i)
        if low in PERSON_PRONOUNS and view.last_person and tok.tag_ == "PRP":
            return Actor(view.last_person, tok.text, "pronoun", tok.i)
        if low in STATE_PRONOUNS and view.last_state:
            return Actor(view.last_state, tok.text, "pronoun", tok.i)
        return None
    if low in RELATIVE and tok.dep_ in SUBJ + PASS_SUBJ and tok.head.dep_ == "relcl":
        antecedent = tok.head.head
        got = single_actor(view, antecedent, depth + 1)
        if got is None and antecedent.text.lower() in DOCUMENTS and antecedent.dep_ == "dobj":
            # "issued a joint statement that urged Tehran ...": the statement speaks for its authors
            issuer = logical_subject(antecedent.head) if is_verb(antecedent.head) else None
            got = single_actor(view, issuer, depth + 1) if issuer is not None else None
        return Actor(got.code, got.text, "relative", got.token) if got else None
    named = _name_actor(view, tok)
    if named is not None:
        return named
    if view.lead_org and low in PLURAL_PEOPLE and _unqualified(view, tok):
        # "The leaders also urged OPEC ..." in a story about a G7 summit: the G7's leaders
        return Actor(view.lead_org, tok.text, "context", tok.i)
    if view.home and low in HOME_INSTITUTIONS and _unqualified(view, tok):
        # "The foreign ministry summoned ..." in a story filed from Warsaw: Poland's
        return Actor(view.home, tok.text, "context", tok.i)
    if low in OTHER_SIDE and view.pair:
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        mine = single_actor(view, owner, depth + 1) if owner is not None else None
        if mine is not None and mine.code in view.pair:
            # "Algeria ... accusing its neighbour": the other side of the story
            other = view.pair[1] if view.pair[0] == mine.code else view.pair[0]
            return Actor(other, tok.text, "pair", tok.i)
    # the head is a common noun: its modifiers say whose it is
    if any(
        view.mention_at.get(c.i) is not None and view.mention_at[c.i].kind == "agency"
        for c in tok.children
        if c.dep_ in ("compound", "amod")
    ):
        return None
    order = {"poss": 0, "compound": 1, "amod": 1, "nmod": 1, "appos": 2, "prep": 3}

    def rank(c: Token) -> tuple[float, int]:
        # "his Australian counterpart": the demonym says more than the pronoun
        pronoun = c.dep_ == "poss" and c.tag_ in ("PRP$", "PRP")
        return (1.5 if pronoun else order[c.dep_], c.i)

    mods = sorted((c for c in tok.children if c.dep_ in order), key=rank)
    for c in mods:
        if c.dep_ == "prep":
            word = c.text.lower()
            own = view.mention_at.get(tok.i)
            if own is not None and own.kind not in ("title",):
                continue
            if word not in ("of", "for", "from") and not (
                word == "in" and low in ENTITY_NOUNS | INSTITUTIONS
            ):
                continue
            if low in RELATIONAL or any(
                x.dep_ == "compound" and x.text.lower() in RELATIONAL for x in tok.children
            ):
                continue  # "a member (state) of the ICC", "an ally of Russia": not the ICC, not Russia
            objs = [g for g in c.children if g.dep_ == "pobj"]
            for obj in objs:
                got = single_actor(view, obj, depth + 1)
                if got:
                    return got
            continue
        got = single_actor(view, c, depth + 1)
        if got:
            return got
    return None


HOME_INSTITUTIONS = word_list("HOME_INSTITUTIONS")


def _unqualified(view: SentenceView, tok: Token) -> bool:
    """'the foreign ministry' with no state named in the phrase."""
    if not any(c.dep_ == "det" and c.text.lower() == "the" for c in tok.children):
        return False
    return not any(
        view.mention_at.get(t.i) is not None and view.mention_at[t.i].code for t in tok.subtree
    )


_GENDER = dict.fromkeys(("he", "him", "his", "himself"), "m") | dict.fromkeys(
    ("she", "her", "hers", "herself"), "f"
)


def _other_gender_above(tok: Token) -> Token | None:
    """A subject pronoun of the other gender in the clauses above a pronoun ("she" under "he")."""
    mine = _GENDER.get(tok.text.lower())
    if mine is None:
        return None
    t = tok.head
    for _ in range(10):
        if is_verb(t):
            for s in children(t, *SUBJ):
                if s is not tok and s.i < tok.i and _GENDER.get(s.text.lower(), mine) != mine:
                    return s
        if t.head is t:
            return None
        t = t.head
    return None


def _clause_subject(tok: Token, skip_own: bool = False) -> Token | None:
    """The nearest subject before a pronoun, in its clause or the clauses above it."""
    t = tok.head if skip_own else tok
    for _ in range(10):
        if is_verb(t):
            for s in children(t, *SUBJ):
                if s.i < tok.i and s.tag_ not in ("PRP", "PRP$", "WDT", "WP") and s is not tok:
                    return s
        if t.head is t:
            return None
        t = t.head
    return None


def mentions_in(view: SentenceView, tok: Token, shallow: bool = False) -> list[Actor]:
    """Every actor named anywhere under `tok`, in order ("between Russia's port and North Korea's")."""
    out: list[Actor] = []
    skip: set[int] = set()
    if shallow:
        # not inside clauses or places hanging off the phrase ("..., which signed a truce in
        # Pretoria", "at the headquarters of the GCC in Riyadh")
        for t in tok.subtree:
            if t is not tok and (
                t.dep_ in ("relcl", "acl", "advcl")
                or (t.dep_ == "prep" and t.text.lower() not in ("of", "from"))
            ):
                skip.update(x.i for x in t.subtree)
    for t in tok.subtree:
        if t.i in skip:
            continue
        m = view.mention_at.get(t.i)
        if m is None or not m.code or m.kind in ("agency", "title"):
            continue
        if (
            m.kind == "demonym"
            and t.dep_ in ("amod", "npadvmod")
            and "-"
            in [x.text for x in t.head.children] + [view.doc[min(t.i + 1, len(view.doc) - 1)].text]
        ):
            continue  # "Iranian-backed Houthis": a backer, not the owner
        if all(a.code != m.code for a in out):
            out.append(Actor(m.code, m.text, m.kind, t.i))
    return out


DOCUMENTS = word_list("DOCUMENTS")
PLURAL_PEOPLE = word_list("PLURAL_PEOPLE")
PAIR_NOUNS = word_list("PAIR_NOUNS")


def _pair_before(view: SentenceView, tok: Token) -> tuple[str, str] | None:
    """The last two states named earlier in the sentence, not counting the clause's own subject
    ("China ... regretted India's action and urged both countries" -> India and Pakistan;
    "Iraq and Oman hosted talks between the two sides" -> not Iraq and Oman)."""
    subject_span: set[int] = set()
    t = tok
    for _ in range(10):
        if is_verb(t):
            for subj in children(t, *SUBJ):
                subject_span.update(x.idx for x in subj.subtree)
            break
        if t.head is t:
            break
        t = t.head
    codes: list[str] = []
    for m in view.mentions:
        if m.start >= tok.idx:
            break
        if m.start in subject_span:
            continue
        if m.code and m.kind not in ("agency", "title"):
            if m.code in codes:
                codes.remove(m.code)
            codes.append(m.code)
    return (codes[-2], codes[-1]) if len(codes) >= 2 else None


def is_pair_anaphor(tok: Token) -> bool:
    """'the two sides', 'both countries', 'the two leaders'."""
    if tok.text.lower() not in PAIR_NOUNS:
        return False
    return any(c.text.lower() in ("two", "both") for c in tok.children) or (
        tok.i > 0 and tok.doc[tok.i - 1].text.lower() in ("two", "both")
    )


def actors_of(view: SentenceView, tok: Token | None) -> list[Actor]:
    """Actors of a noun phrase and its conjuncts ("the United States and the EU" -> two)."""
    if tok is None:
        return []
    out: list[Actor] = []
    if is_pair_anaphor(tok):
        people = tok.text.lower() in (
            "leaders",
            "presidents",
            "ministers",
            "premiers",
            "heads",
            "delegations",
        )
        pair = (
            (view.pair or _pair_before(view, tok))
            if people
            else (_pair_before(view, tok) or view.pair)
        )
        return [Actor(code, tok.text, "pair", tok.i) for code in pair] if pair else []
    if tok.tag_ in ("PRP", "PRP$") and tok.text.lower() in ("they", "their", "them", "theirs"):
        owner = _clause_subject(tok, skip_own=tok.tag_ == "PRP")
        if owner is not None and owner.conjuncts:
            return [Actor(a.code, tok.text, "pronoun", tok.i) for a in actors_of(view, owner)]
    conjuncts = list(tok.conjuncts)
    m = view.mention_at.get(tok.i)
    if (
        m is not None
    ):  # a name split by the parser ("Barack" / "Obama"): the conjuncts of either part
        for i in view.mention_tokens.get(id(m), ()):
            if i != tok.i:
                conjuncts += [
                    c for c in view.doc[i].conjuncts if c not in conjuncts and c is not tok
                ]
    if tok.tag_ == "NNS" and tok.text.lower() in PLURAL_PEOPLE and not conjuncts:
        # "the foreign ministers of Congo and Rwanda", "delegations of the two Gulf states"
        for p in children(tok, "prep"):
            if p.text.lower() == "of":
                for o in children(p, "pobj"):
                    if is_pair_anaphor(o):
                        return actors_of(view, o)
        every = mentions_in(view, tok, shallow=True)
        if len(every) >= 2:
            return [Actor(a.code, a.text, a.how, a.token) for a in every]
    for p in children(tok, "prep"):
        # "its creditors, including China, India and Japan"
        if p.text.lower() in ("including", "like") and single_actor(view, tok) is None:
            for o in children(p, "pobj"):
                listed = actors_of(view, o)
                if listed:
                    return listed
    for t in (tok, *conjuncts):
        if t.i < tok.i and t is not tok and tok.dep_ == "conj":
            continue
        a = single_actor(view, t)
        if a is None:
            continue
        found = [a]
        if a.token != t.i:  # "officials in Russia and China": the owner's conjuncts too
            for c in view.doc[a.token].conjuncts:
                b = single_actor(view, c)
                if b is not None:
                    found.append(b)
        elif a.how in ("country", "capital", "metonym", "org"):
            for ap in children(t, "appos"):  # "Saudi Arabia, the UAE and Kuwait"
                for c in (ap, *ap.conjuncts):
                    b = single_actor(view, c)
                    if (
                        b is not None
                        and b.token == c.i
                        and b.how in ("country", "capital", "metonym", "org")
                    ):
                        found.append(b)
        for b in found:
            if all(b.code != x.code for x in out):
                out.append(b)
    return out


_CALENDAR = word_list("_CALENDAR")


_LANDMARK_NOUNS = frozenset(["headquarters"])  # common nouns ending a landmark's name


def _of_end(doc: Doc, end: int) -> int:
    """Where "of (the) Name" after a name ends ("Strait | of Hormuz", "Great Hall | of the People")."""
    if end >= len(doc) or doc[end].lower_ != "of":
        return end
    start = end + 1 + (end + 1 < len(doc) and doc[end + 1].lower_ == "the")
    stop = start
    while stop < len(doc) and doc[stop].tag_.startswith("NN") and doc[stop].text[:1].isupper():
        stop += 1  # "People" may be tagged NNS
    return stop if stop > start else end


def _name_texts(tok: Token) -> list[str]:
    """The texts that may name a place at `tok`, longest first ("Gulf of Aden", "Gulf")."""
    doc = tok.doc
    if tok.tag_ in ("NNP", "NNPS"):
        span = propn_span(tok)
        start, end = span[0].i, span[-1].i + 1
    else:  # "NATO headquarters", "United Nations headquarters"
        names = [c for c in tok.lefts if c.dep_ == "compound" and c.tag_ in ("NNP", "NNPS")]
        if not names:
            return []
        start, end = min(t.i for c in names for t in c.subtree), tok.i + 1
    long_end = _of_end(doc, end)
    return ([doc[start:long_end].text] if long_end > end else []) + [doc[start:end].text]


def _qualifier(view: SentenceView, tok: Token) -> str | None:
    """The state named after a place, as in "Toledo, Spain"."""
    doc = tok.doc
    end = propn_span(tok)[-1].i + 1
    if end + 1 < len(doc) and doc[end].text == ",":
        m = view.mention_at.get(end + 1)
        if m is not None and m.kind == "country" and m.code:
            return m.code
    return None


def place_of(view: SentenceView, tok: Token) -> Place | None:
    """The place the phrase headed by `tok` names: a landmark's city ("White House": Washington)."""
    gaz = gazetteer()
    texts = _name_texts(tok)
    for text in texts:
        landmark = gaz.landmark(text)
        if landmark is not None:
            return landmark
    if tok.tag_ not in ("NNP", "NNPS") or tok.text in _CALENDAR:
        return None
    name = texts[-1]
    m = view.mention_at.get(tok.i)
    if m is not None and m.kind == "country":
        own = gaz.hand.get(name)  # "Gaza" is the strip, not the Palestinian capital
        if own is not None and own.country == m.code:
            return own
        return gaz.country_point(m.code, m.text)
    for text in [*texts, tok.text]:
        place = gaz.city(text)
        if place is None:
            continue
        state = _qualifier(view, tok)
        if state is not None and state != place.country:
            place = gaz.city_in(text, state) or place  # "Toledo, Spain", not Toledo, Ohio
        return Place(
            text, place.country, place.latitude, place.longitude, place.kind, place.population
        )
    if (
        m is not None
        and m.kind in ("capital", "metonym")
        and m.code
        and len(m.code) == 3
        and m.code.isalpha()
    ):
        cp = gaz.country_point(m.code)
        if cp is not None:
            return Place(m.text, m.code, cp.latitude, cp.longitude, "city")
    return None


# ------------------------------------------------------------------ clause structure


def children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def logical_object(verb: Token) -> Token | None:
    """Direct object, or the subject of a passive verb, or the noun a participle modifies."""
    if is_passive(verb):
        subj = children(verb, *PASS_SUBJ)
        if subj:
            return subj[0]
        if verb.dep_ == "acl":
            return verb.head
        stray = _stray_subject(verb)
        if stray is not None:
            return stray
    objs = children(verb, "dobj", "obj")
    if objs:
        if objs[0].text.lower() in RELATIVE and verb.dep_ == "relcl":
            return verb.head
        return objs[0]
    if verb.dep_ == "relcl" and any(
        c.dep_ in SUBJ and c.text.lower() not in RELATIVE for c in verb.children
    ):
        return verb.head  # "the export controls it imposed on South Korea"
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return verb.head
    return _stray_object(verb) if enabled("stray-object") else None


def _stray_object(verb: Token) -> Token | None:
    """A name right after an active verb that the parser hung elsewhere ("telephoned German
    Chancellor Angela Merkel hours before ...": Merkel as a compound of "hours")."""
    doc = verb.doc
    i = verb.i + 1
    if i >= len(doc) or doc[i].tag_ not in ("NNP", "NNPS") or is_verb(doc[i]):
        return None
    end = i
    while end + 1 < len(doc) and doc[end + 1].tag_ in ("NNP", "NNPS"):
        end += 1
    last = doc[end]
    chain = range(i, end + 1)
    if any(doc[k].text in _CALENDAR for k in chain):
        return None
    if last.head.i in chain or last.head.i == verb.i or last.dep_ not in ("compound", "npadvmod"):
        return None
    return last


def _stray_subject(verb: Token) -> Token | None:
    """A subject the parser hung on an inserted clause ("Choe, believed to be X, was sent")."""
    for c in verb.children:
        if c.dep_ in ("parataxis", "ccomp") and c.i < verb.i:
            for s in children(c, *SUBJ):
                if s.i < c.i:
                    return s
    return None


def logical_subject(verb: Token, depth: int = 0) -> Token | None:
    """The doer: nsubj, the passive agent, or the subject shared with a governing verb."""
    if depth > 5:
        return None
    if is_passive(verb) or (verb.dep_ == "acl" and verb.tag_ == "VBN"):
        for agent in children(verb, "agent"):
            objs = children(agent, "pobj")
            if objs:
                return objs[0]
        if verb.dep_ == "acl":
            return None
    else:
        subj = children(verb, *SUBJ)
        if subj:
            return subj[0]
    head = verb.head
    if head is verb:
        return None if is_passive(verb) else _stray_subject(verb)
    if verb.dep_ == "conj" and is_verb(head):
        return logical_subject(head, depth + 1)
    if (
        verb.dep_ == "xcomp"
        and is_verb(head)
        and not is_passive(head)
        and head.text.lower() not in INTENT
    ):
        objs = children(head, "dobj")
        if objs and objs[0].i < verb.i:
            return objs[0]  # object control: "prompting Algeria to recall its ambassador"
    if verb.dep_ in ("xcomp", "advcl") and is_verb(head):
        # "X was sent to China to meet Y": the one sent meets; "X agreed to visit": X visits
        if is_passive(head):
            subj = children(head, *PASS_SUBJ)
            if subj:
                return subj[0]
        return logical_subject(head, depth + 1)
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and is_verb(head.head):
        return logical_subject(head.head, depth + 1)
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        if head.text.lower() in DOCUMENTS and head.dep_ == "dobj" and is_verb(head.head):
            issuer = logical_subject(head.head, depth + 1)  # "passed a resolution criticising Iran"
            if issuer is not None:
                return issuer
        return head
    if verb.dep_ == "relcl":
        return head
    return None


@dataclass(slots=True)
class Modality:
    """How real a clause is."""

    negated: bool = False
    future: bool = False
    hedged: bool = False
    conditional: bool = False
    request: bool = False
    threat: bool = False
    denied: bool = False
    alleged: bool = False
    purpose: bool = False
    backstory: bool = False
    perfect: bool = False
    reported_by: Token | None = None


OTHER_SIDE = word_list("OTHER_SIDE")
RELATIONAL = word_list("RELATIONAL")
INSTITUTIONS = word_list("INSTITUTIONS")


def is_event_verb(tok: Token) -> bool:
    """A verb of the trigger dictionary (not a light verb)."""
    return is_verb(tok) and trigger_index().has(tok.text, "V")


def _aux_words(verb: Token) -> list[str]:
    return [c.text.lower() for c in verb.children if c.dep_ in ("aux", "auxpass")]


BLOCKING = word_list("BLOCKING")
_CANCELLING = BLOCKING | NEGATIVE  # "blocked an aid package": the aid did not happen
_GOVERNING = INTENT | REQUEST | THREAT | NEGATIVE  # verbs whose complement is no purpose
FUTURE_ADJ = word_list("FUTURE_ADJ")
PLAN_NOUNS = word_list("PLAN_NOUNS")


def _noun_clause(noun: Token, mod: Modality) -> Token | None:
    """Move from an event noun to the verb whose clause it is in (None: a free nominal)."""
    if any(c.dep_ in ("det", "neg") and c.text.lower() in ("no", "never") for c in noun.children):
        mod.negated = True
    if any(c.dep_ == "amod" and c.text.lower() in FUTURE_ADJ for c in noun.children):
        mod.future = True
    tok = noun
    while tok.dep_ in ("compound", "conj") and tok.head is not tok:
        tok = tok.head
    if tok.dep_ == "nsubj":
        return None  # "Japan's loan to Indonesia will finance a railway": the loan itself is a fact
    if tok.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
        if tok.dep_ in ("dobj", "nsubjpass") and tok.head.text.lower() in _CANCELLING:
            mod.negated = True  # "Hungary blocked an EU aid package": the aid did not happen
        return tok.head if is_verb(tok.head) else None
    if tok.dep_ == "pobj":
        prep = tok.head
        if prep.text.lower() == "without":
            mod.negated = True
        owner = prep.head
        if owner.text.lower() in PLAN_NOUNS:
            mod.future = True
            return _noun_clause(owner, mod)
        return owner if is_verb(owner) else None
    return None


def modality(anchor: Token) -> Modality:
    """Negation, tense and embedding of the clause of `anchor` (a verb or an event noun)."""
    mod = Modality()
    tok: Token | None = anchor
    if not is_verb(anchor):
        tok = _noun_clause(anchor, mod)
    first = True
    for step in range(8):
        if tok is None:
            break
        first_step = step == 0 and tok is anchor
        aux = _aux_words(tok)
        if any(c.dep_ == "neg" for c in tok.children) or any(
            c.dep_ == "advmod" and c.text.lower() == "never" for c in tok.children
        ):
            mod.negated = True
        if any(a in FUTURE_AUX for a in aux):
            mod.future = True
        if any(a in HEDGE_AUX for a in aux):
            mod.hedged = True
        if first and any(a in ("has", "have", "'ve") for a in aux):
            mod.perfect = True
        if any(
            c.dep_ == "mark" and c.text.lower() in ("if", "unless", "whether") for c in tok.children
        ):
            mod.conditional = True
        first = False
        dep, head = tok.dep_, tok.head
        if head is tok:
            break
        hlow = head.text.lower()
        if dep == "xcomp":
            if (
                first_step
                and is_event_verb(head)
                and hlow not in _GOVERNING
                and any(c.dep_ == "aux" and c.text.lower() == "to" for c in tok.children)
            ):
                mod.purpose = True
            if hlow in THREAT:
                mod.threat = True
            elif hlow in NEGATIVE:
                mod.negated = True
            elif hlow in REQUEST and (children(head, "dobj") or hlow.startswith("call")):
                mod.request = True
            elif hlow in INTENT or hlow in ("is", "are", "was", "were", "be", "'s"):
                mod.future = True
            tok = head
            continue
        if dep == "conj":
            if (
                tok.tag_ in ("VBD", "VBZ")
                and head.tag_ == "VBG"
                and head.dep_ == "pcomp"
                and is_verb(head.head.head)
            ):
                tok = (
                    head.head.head
                )  # "accused X of allowing Y and invited Z": invited joins accused
                continue
            tok = head if is_verb(head) else None
            continue
        if dep == "pcomp":
            topic = head.head.tag_.startswith("NN") and head.text.lower() in ("on", "about", "over")
            if first_step and topic:
                mod.purpose = True  # "an agreement on sharing intelligence": a topic, not an act
            if head.text.lower() in ("of", "for") and head.head.text.lower() in ALLEGING:
                mod.alleged = (
                    True  # "accused Iran of providing drones": the accusation is the event
                )
            tok = head.head if is_verb(head.head) else None
            continue
        if dep == "advcl" and any(c.dep_ == "aux" and c.text.lower() == "to" for c in tok.children):
            if first_step and is_event_verb(head) and hlow not in _GOVERNING:
                mod.purpose = (
                    True  # "lent Kenya $5 billion to build a railway": one event, the loan
                )
            tok = head  # "hoped to travel to Caracas to meet Maduro": the purpose shares the mood
            continue
        if dep == "ccomp" and hlow in CAUSATIVE:
            tok = head  # "refused to let the envoy meet Suu Kyi"
            continue
        if dep == "ccomp":
            if hlow in DENIAL:
                mod.denied = True
            elif hlow in REQUEST:
                mod.request = True
            elif hlow in INTENT:
                mod.future = True
            if hlow in REPORTING:
                mod.reported_by = head
                if any(c.dep_ == "neg" for c in head.children):
                    mod.negated = True
            break
        if dep == "relcl" and first_step and "had" in aux:
            mod.backstory = True  # "two Americans it had sentenced": background to the main event
        if dep in ("acl", "relcl") and any(
            c.dep_ == "aux" and c.text.lower() == "to" for c in tok.children
        ):
            mod.purpose = (
                True  # "the only two states to have signed", "for troops to begin leaving"
            )
            break
        if dep in ("acl", "relcl") and head.tag_.startswith("NN"):
            if head.text.lower() in PLAN_NOUNS:
                mod.future = True
            grand = head.head
            if head.dep_ in ("dobj", "pobj") and grand.text.lower() in DENIAL:
                mod.denied = True
            break
        if dep == "advcl":
            break
        break
    return mod


def purpose_noun_head(noun: Token) -> Token | None:
    """For "for talks" / "on a visit", the verb the phrase belongs to."""
    if not (
        noun.dep_ == "pobj"
        and noun.head.dep_ == "prep"
        and noun.head.text.lower() in ("for", "on", "during", "in", "at")
    ):
        return None
    owner = noun.head.head
    if is_verb(owner):
        return owner
    # "welcomed the agreement in a phone call with X": the phrase hangs on the verb's object
    if owner.dep_ == "dobj" and is_verb(owner.head):
        return owner.head
    return None
