"""Agreement terms as clauses: each cue of the provision taxonomy grows to the clause or phrase it heads.

News lists terms in many shapes ("under the following conditions: A, B and C", "the deal calls for
A and B", "X shall A. Y shall B", "agreed to A, B and C"). Instead of one pattern per shape, every
cue of `data/lexicons/provisions.csv` in a sentence is lifted to its syntactic head (the verb whose
object it is, the noun it is "of"), and the term is that head with its own dependents: coordinated
siblings, the subject and other terms' subtrees stay out, so "lay down their weapons, leave their
positions and fully disarm" gives three terms, and "release 50 hostages in exchange for 150
prisoners" two. A term stated in the past tense as a main clause ("Armenia handed over the region")
is a report of implementation, not a term, and is left to the events stage.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from spacy.tokens import Doc, Span, Token

from rashomon.annotate.agreement_cues import cue_alternation, cue_words
from rashomon.annotate.gazetteer import data_rows
from rashomon.annotate.literals import LiteralFilter
from rashomon.annotate.nlp import doc_text

# verbs that report, announce or accept a deal: a cue's head never climbs onto them (every language's rows)
FRAME_LEMMAS = cue_words("frame")
AGREEMENT_NOUNS = {"agreement", "deal", "accord", "truce", "ceasefire", "cease-fire", "statement", "memorandum",
                   "protocol", "declaration", "pact", "treaty", "initiative", "arrangement", "document", "plan",
                   "understanding", "terms", "term", "provision", "cessation"} | {
    r["word"] for r in data_rows("lexicons/agreement_words.csv")}  # other languages' nouns (lemmas) too
_DROP_DEPS = {"conj", "cc", "punct", "nsubj", "aux", "mark", "appos", "preconj", "advmod", "dep", "parataxis",
              "meta", "npadvmod", "intj", "discourse"}
_KEEP_ADVMOD = {"fully", "completely", "immediately", "not", "only", "also", "permanently", "concurrently",
                "partially", "further", "all", "jointly",
                "полностью", "немедленно", "незамедлительно", "окончательно", "не", "только", "также"}


@dataclass(frozen=True)  # cached per sentence (see _clauses): shared, so never changed
class Term:
    """One provision clause in a sentence: its span, category and the tokens that name who must act."""

    start: int  # character offsets in the document
    end: int
    category: str
    head: Token
    party_tokens: list[Token]
    words: list[str] = field(default_factory=list)  # content lemmas, durations as ISO ("P7D"): alignment keys
    report: str | None = None  # for a report of a term: "reported" (acted on) or "delayed" (refused, put off)


@cache
def taxonomy(language: str = "en") -> list[tuple[str, str, list[re.Pattern[str]]]]:
    """(category, PA-X category, one compiled pattern per cue) of one language's rows, in file order; cues
    are matched one by one so that a long cue ('aid convoy') is found even where a short one ('aid')
    starts at the same word. A language without rows has no cues."""
    return [(r["category"], r["pax"], [re.compile(c) for c in _alternatives(r["cues"])])
            for r in data_rows("lexicons/provisions.csv") if (r.get("language") or "en") == language]


@cache
def _cues(language: str = "en") -> tuple[list[tuple[str, re.Pattern[str]]], LiteralFilter]:
    """(category, pattern) of every cue of one language in file order, and the filter that tells which may
    match a text."""
    cues = [(category, p) for category, _, patterns in taxonomy(language) for p in patterns]
    return cues, LiteralFilter([p for _, p in cues])


def _alternatives(pattern: str) -> list[str]:
    """Split a regular expression at its top-level '|' (not inside groups or classes, not escaped)."""
    parts, depth, start, k = [], 0, 0, 0
    while k < len(pattern):
        ch = pattern[k]
        if ch == "\\":
            k += 2
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:k])
            start = k + 1
        k += 1
    parts.append(pattern[start:])
    return [p for p in parts if p]


def categories() -> list[str]:
    return [c for c, _, _ in taxonomy()]


def _lemma_text(tokens: list[Token]) -> tuple[str, list[int]]:
    """Lower-case lemmas joined by spaces, and for each character the index of its token in `tokens`."""
    parts, owner = [], []
    for k, t in enumerate(tokens):
        lemma = (t.lemma_ or t.text).lower().replace("ё", "е")
        if lemma in {"arms"}:
            lemma = "arm"
        if parts:
            parts.append(" ")
            owner.append(k)
        parts.append(lemma)
        owner.extend([k] * len(lemma))
    return "".join(parts), owner


def cue_matches(tokens: list[Token]) -> list[tuple[str, int, int]]:
    """Every (category, first token, last token + 1) where a cue matches, indices into `tokens`."""
    language = tokens[0].doc.lang_ if tokens else "en"
    text, owner = _lemma_text(tokens)
    found = []
    cues, literals = _cues(language)
    for k in literals.candidates(text):  # most cues need a word the sentence lacks: no scan for them
        category, pattern = cues[k]
        for m in pattern.finditer(text):
            if m.end() > m.start():
                found.append((category, owner[m.start()], owner[m.end() - 1] + 1))
    return list(dict.fromkeys(found))


def categorize(text_or_span: str | Span) -> str:
    """The category of a clause: the cue covering its head, else the longest, else the first; 'other'."""
    if isinstance(text_or_span, str):
        lower = text_or_span.lower()
        for category, _, patterns in taxonomy():
            if any(p.search(lower) for p in patterns):
                return category
        return "other"
    tokens = list(text_or_span)
    matches = cue_matches(tokens)
    if not matches:
        return "other"
    root = text_or_span.root.i - text_or_span.start
    return _best(matches, root)[0]


def _best(matches: list[tuple[str, int, int]], head: int) -> tuple[str, int, int]:
    order = {c: k for k, c in enumerate(categories())}
    return min(matches, key=lambda m: (not (m[1] <= head < m[2]), -(m[2] - m[1]), m[1], order[m[0]]))


def terms_in(sent: Span, reports: bool = False) -> list[Term]:
    """The provision clauses of one sentence (empty when it states no term); with `reports`, instead the
    clauses that report a term acted on, delayed or refused ('the disarmament began at 12:00')."""
    return _drop_nested([t for t in _clauses(sent.doc, sent.start, sent.end) if (t.report is None) != reports])


@lru_cache(maxsize=256)
def _clauses(doc: Doc, start: int, end: int) -> tuple[Term, ...]:
    """Every term clause of a sentence, stated or reported: the agreements stage asks for both kinds of
    most sentences, and finding them is its costliest step. Cached per sentence (the last few documents)."""
    sent = doc[start:end]
    tokens = list(sent)
    matches = [m for m in cue_matches(tokens) if not _names_the_deal(_match_head(tokens[m[1]:m[2]]))]
    matches = [m for m in matches if not any(o[1] <= m[1] and m[2] <= o[2] and (o[2] - o[1]) > (m[2] - m[1])
                                             for o in matches)]
    heads: dict[int, list[tuple[str, int, int]]] = {}
    for m in matches:
        head = _lift(_match_head(tokens[m[1]:m[2]]))
        if head is None or _names_the_deal(head) or _describes_the_deal(head):
            continue
        heads.setdefault(head.i, []).append(m)
    anchors = {i: sent.doc[i] for i in heads}
    anchors = {i: t for i, t in anchors.items() if not _inside_other(t, set(anchors) - {i})}
    for i, head in list(anchors.items()):
        for obj in _other_objects(head):
            if obj.i not in anchors:
                anchors[obj.i] = obj
                heads[obj.i] = [(_best(heads[i], head.i - sent.start)[0], obj.i - sent.start, obj.i - sent.start + 1)]
    terms = []
    for i, head in sorted(anchors.items()):
        kind = "delayed" if _denied(head) else ("reported" if _reported(head) else None)
        if kind == "reported" and head.lemma_.lower() in _DEAL_ITSELF and _has_duration(head):
            continue  # 'marked the first day of a four-day pause': the deal's course, not a step of one term
        category, a, b = _best(heads[i], head.i - sent.start)
        left, right = _own_extent(head, set(anchors) - {i})
        if a + sent.start <= right + 1 and b + sent.start >= left:  # the cue itself always belongs to the term
            left, right = min(left, a + sent.start), max(right, b + sent.start - 1)
        left, right = _clip(sent, head, left, right)
        span = sent.doc[left:right + 1]
        if _brokered(span):
            continue  # 'mediated by the peacekeeping contingent': who brokered the deal, not a term of it
        terms.append(Term(span.start_char, span.end_char, category, head, _party_tokens(head), content_words(span),
                          report=kind))
    return tuple(terms)


_BROKERED = re.compile(rf"(?<!\w)(?:{cue_alternation('brokered')})\s+(?:the\s+)?", re.I)


def _brokered(span: Span) -> bool:
    """The span follows, or starts inside, a phrase that introduces who brokered the deal."""
    base = max(span.sent.start_char, span.start_char - 40)
    text = doc_text(span.doc)[base:span.start_char + 30]
    at = span.start_char - base
    return any(m.start() <= at <= m.end() for m in _BROKERED.finditer(text))
_DEAL_GOVERNORS = {"agree", "reach", "sign", "call", "provide", "include", "announce", "declare", "accept", "commit",
                   "conclude", "approve", "broker", "stipulate", "encompass", "outline", "secure", "seal", "strike",
                   "implement", "begin", "start", "lead"}
# other languages' verbs of reaching and committing to a deal govern its terms too (Russian 'agreed on …')
_DEAL_GOVERNORS |= {w for w in cue_words("announce") | cue_words("commit") if not w.isascii()}
_ONSET = {"begin", "start", "lead", "implement"}  # 'the disarmament began': a report, whatever governs it
_NOT_THIS_DEAL = {"previous", "earlier", "past", "new", "controversial", "full", "another", "series", "lasting",
                  "permanent", "first"}


_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "twelve": 12, "fourteen": 14, "thirty": 30, "sixty": 60, "ninety": 90}
_UNITS = {"day": "D", "week": "W", "month": "M", "hour": "H", "year": "Y"}
_CONTENT_POS = {"NOUN", "VERB", "ADJ", "NUM", "ADV"}


def content_words(span: Span) -> list[str]:
    """The lemmas that say what a term is: nouns, verbs, adjectives, numbers; 'seven-day' → 'P7D'."""
    words, skip = [], set()
    tokens = list(span)
    for k, t in enumerate(tokens):
        if k in skip:
            continue
        lemma = t.lemma_.lower()
        if t.like_num:
            n = int(t.text) if t.text.isdigit() else _NUMBERS.get(t.lower_)
            nxt = [u for u in tokens[k + 1:k + 3] if u.text != "-"]
            if n is not None and nxt and nxt[0].lemma_.lower() in _UNITS:
                unit = _UNITS[nxt[0].lemma_.lower()]
                words.append(f"PT{n}H" if unit == "H" else (f"P{n * 7}D" if unit == "W" else f"P{n}{unit}"))
                skip.add(tokens.index(nxt[0]))
                continue
            words.append(str(n) if n is not None else t.text)
        elif lemma == "fire" and k >= 2 and tokens[k - 2].lower_ == "cease":
            words[-1:] = ["ceasefire"]
        elif t.pos_ in _CONTENT_POS and not t.is_stop and t.is_alpha:
            words.append("weapon" if lemma == "arms" else lemma)
    return words


def _names_the_deal(head: Token) -> bool:
    """'the ceasefire took effect', 'previous ceasefires', 'a Cessation of Hostilities Agreement': a deal
    itself, not one of its terms. A ceasefire is a term when a deal provides for it: 'agreed to a
    seven-day ceasefire', 'an agreement for a humanitarian truce'."""
    lemma = head.lemma_.lower()
    if lemma not in {"ceasefire", "truce", "cease-fire", "fire", "cessation", "lull", "pause", "deal", "agreement",
                     "перемирие", "прекращение"} \
            or head.pos_ not in {"NOUN", "PROPN"}:
        return False
    if head.tag_ in {"NNS", "NNPS"} or (head.text[:1].isupper() and head.i != head.sent.start):
        return True
    if lemma in _DEAL_ITSELF and _has_duration(head) and head.dep_ not in {"nsubj", "nsubjpass", "nsubj:pass"}:
        # 'a seven-day humanitarian ceasefire (agreement)': its length is a term, however governed; as the
        # subject ('the four-day pause would be delayed') the deal is what a report is about
        return False
    if head.dep_ == "compound" and head.head.lemma_.lower() in AGREEMENT_NOUNS:
        # 'ceasefire agreements' names deals; 'a 7-day humanitarian ceasefire agreement' also states the term
        return not any(c.dep_ in {"amod", "nummod", "compound"} and c.lower_ not in _NOT_THIS_DEAL
                       for c in head.children)
    mods = {c.lower_ for c in head.children} | {head.doc[k].lower_ for k in range(max(head.i - 3, 0), head.i)}
    if mods & _NOT_THIS_DEAL - ({"permanent"} if lemma == "cessation" else set()):
        return lemma != "cessation" or bool(mods & {"previous", "earlier", "series", "another"})
    if any(t.dep_ in {"acl", "relcl"} and t.lemma_.lower() == "agree" for t in head.subtree):
        return False  # 'a four-day pause in hostilities agreed to by both sides'

    gov = head
    for _ in range(4):
        if (gov.dep_ in {"conj", "pobj", "prep", "appos"} or _prepositional(gov)) and gov.head.i != gov.i:
            gov = gov.head
            if gov.lemma_.lower() in _DEAL_GOVERNORS or gov.lemma_.lower() in AGREEMENT_NOUNS - {lemma}:
                return False
        else:
            break
    if head.dep_ in {"dobj", "attr"} and head.head.lemma_.lower() in _DEAL_GOVERNORS:
        return False
    return True


_DURATION_WORDS = {"weeklong", "week-long", "monthlong", "month-long", "daylong", "day-long"}


def _has_duration(head: Token) -> bool:
    """The deal's noun phrase gives its length ('a 7-day', 'a one-week', 'weeklong', 'a four-day … agreement'):
    the words left of the noun (or of the deal noun it is a compound of) hold a number and a unit of time."""
    phrase = head.head if head.dep_ == "compound" and head.head.lemma_.lower() in AGREEMENT_NOUNS else head
    left = [t for t in phrase.doc[phrase.left_edge.i:phrase.i] if t.i != head.i]
    if any(t.lower_ in _DURATION_WORDS for t in left):
        return True
    return any(t.lemma_.lower() in _UNITS and k > 0 and (left[k - 1].like_num or
                                                          (left[k - 1].text == "-" and k > 1 and left[k - 2].like_num))
               for k, t in enumerate(left))


def _duration_modifier(child: Token) -> bool:
    """'4-day' before 'fighting lull' (parsed as an adverbial noun): the term's length, part of the term."""
    return child.dep_ == "npadvmod" and child.i < child.head.i and child.lemma_.lower() in _UNITS and \
        any(t.like_num for t in child.subtree)


def _prepositional(token: Token) -> bool:
    """A noun attached through a preposition of its own (UD 'nmod'/'obl' with a 'case' word, as in the Russian
    for 'agreement on the cessation of fire'); English 'pobj' says the same with the preposition as head."""
    return token.dep_ in {"nmod", "obl"} and any(c.dep_ == "case" for c in token.children)


def _describes_the_deal(head: Token) -> bool:
    """'humanitarian' in 'humanitarian agreements', 'talks' heads: words about the deal, not its terms."""
    if head.dep_ in {"amod", "compound"} and head.head.lemma_.lower() in AGREEMENT_NOUNS:
        return not (head.lemma_.lower() in _DEAL_ITSELF and _has_duration(head))  # 'a 7-day ceasefire agreement'
    return head.pos_ in {"NOUN", "PROPN"} and head.lemma_.lower() in NOT_A_TERM


# nouns a cue must not be lifted onto: they speak about a deal or a term, they are not one
NOT_A_TERM = {"negotiation", "talk", "contact", "discussion", "effort", "hope", "news", "report", "question", "issue",
              "start", "end", "beginning", "expiry", "violation", "text", "detail", "announcement", "ngo", "movement",
              "group", "spokesman", "spokesperson", "official", "source", "statement"}


def _match_head(tokens: list[Token]) -> Token:
    """The token of a matched stretch whose head lies outside it (its syntactic head)."""
    inside = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in inside or t.head.i == t.i:
            return t
    return tokens[0]


def _lift(token: Token) -> Token | None:
    """From a cue word to the head of the term it belongs to: 'law' → 'restoration', 'hostages' → 'free'."""
    for _ in range(4):
        head = token.head
        if token.lemma_.lower() in _DEAL_ITSELF and token.dep_ in {"nsubj", "nsubjpass", "nsubj:pass"}:
            break  # 'the four-day pause … would be delayed': what happens to the deal is no term of it
        if token.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in {"of", "to", "for", "over"} \
                and head.head.pos_ in {"NOUN", "PROPN"} and head.head.lemma_.lower() not in AGREEMENT_NOUNS:
            token = head.head
        elif token.dep_ in {"compound", "amod", "nmod"} and head.pos_ in {"NOUN", "PROPN"} \
                and head.lemma_.lower() not in AGREEMENT_NOUNS:
            token = head
        elif token.dep_ in {"dobj", "obj", "nsubjpass", "nsubj:pass", "oprd", "attr"} and head.pos_ in {"VERB", "AUX"} \
                and head.lemma_.lower() not in FRAME_LEMMAS:
            token = head
        elif token.dep_ == "prt" and head.pos_ == "VERB":
            token = head
        else:
            break
    if token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in FRAME_LEMMAS and token.lemma_.lower() not in \
            {"lay", "allow", "set", "take"}:
        return None
    return token


def _reported(head: Token) -> bool:
    """A past or perfect clause reports what happened ('Armenia handed over Kelbajar', 'the disarmament
    began', 'crews made repairs'): an implementation report for the events stage, not a term. A modal
    or a verb of agreeing or providing on the way up ('said the deal included …') keeps it a term, and
    so does a list after 'under the following terms:', whatever tense the parser reads into it."""
    if _LISTED.search(head.doc[head.sent.start:head.i].text):
        return False
    t = head
    for _ in range(10):
        if t.pos_ in {"VERB", "AUX"} and t.dep_ == "acl" and t.head.lemma_.lower() in AGREEMENT_NOUNS \
                and any(c.lower_ == "to" for c in t.children):
            return False  # 'released under a truce agreement to pause the fighting': what the deal says
        if t.i != head.i and t.pos_ == "NOUN" and t.lemma_.lower() in _SIGNING:
            return False  # 'culminated in the signing of a 7-day ceasefire agreement'
        if t.pos_ in {"VERB", "AUX"}:
            lemma = t.lemma_.lower()
            if lemma in (_DEAL_GOVERNORS - _ONSET) | COMMIT_LEMMAS or any(c.lower_ in MODALS for c in t.children
                                                                  if c.dep_ in {"aux", "auxpass"}):
                return False
            aux = {c.lower_ for c in t.children if c.dep_ in {"aux", "auxpass"}}
            if t.tag_ == "VBD" or (t.tag_ == "VBN" and aux & {"have", "has", "had"}):
                return True
            if t.tag_ in {"VB", "VBG"} and t.dep_ in {"xcomp", "advcl", "acl"} \
                    and any(c.lower_ == "to" for c in t.children):
                return False
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _denied(head: Token) -> bool:
    """'The release … will not happen before Friday', 'will not disarm': a delay or refusal, not a term."""
    verb = head.head if head.dep_ in {"nsubj", "nsubjpass"} else head
    return any(c.dep_ == "neg" for c in verb.children) and verb.pos_ in {"VERB", "AUX"} and \
        verb.lemma_.lower() not in {"seek", "conduct", "block", "attack", "launch", "use", "fire"}


COMMIT_LEMMAS = cue_words("commit")
# nouns of making a deal: a term under them ('the signing of a 7-day ceasefire agreement') is stated, not reported
_SIGNING = {"signing", "signature", "conclusion", "adoption", "approval", "announcement"}
_LISTED = re.compile(r"(?:following (?:conditions|terms)|as follows|terms (?:are|include)|"
                     r"conditions (?:are|include))\s*:", re.I)
MODALS = {"will", "would", "shall", "should", "must", "may", "can", "could", "to"}
_INTRO = re.compile(r"(?:following (?:conditions|terms)|terms (?:are|include)|provides? for|calls? for|"
                    r"stipulates?|includes?|included|encompasses|agreed (?:to|on|that|for))\s*:?\s*$", re.I)


def _clip(sent: Span, head: Token, left: int, right: int) -> tuple[int, int]:
    """A term never runs across a colon, semicolon or list introducer on either side of its head."""
    doc = sent.doc
    for k in range(head.i - 1, left - 1, -1):
        if doc[k].text in {":", ";", "—"} or (doc[k].text == "," and _INTRO.search(doc[sent.start:k].text)):
            left = k + 1
            break
    for k in range(head.i + 1, right + 1):
        if doc[k].text in {":", ";"}:
            right = k - 1
            break
    while right > left and (doc[right].is_punct or doc[right].dep_ == "cc"):
        right -= 1
    while left < right and (doc[left].is_punct or doc[left].dep_ == "cc" or
                            (doc[left].dep_ == "case" and doc[left].head.i == head.i)):  # UD: the head's preposition
        left += 1
    return left, right


def _own_extent(head: Token, others: set[int]) -> tuple[int, int]:
    """The head with its own dependents: no coordinated siblings, subject, or another term's subtree."""
    keep = [head.i]
    for child in head.children:
        if child.i in others:
            continue
        if child.dep_ in _DROP_DEPS and not (child.dep_ == "advmod" and child.lower_ in _KEEP_ADVMOD):
            if not (child.dep_ == "nsubj" and head.tag_ == "VBN") and not _duration_modifier(child):
                continue
        if child.dep_ == "prep" and child.lower_ in {"in", "under"} and _exchange(child):
            continue
        if child.dep_ == "advcl" or (child.dep_ == "prep" and child.lower_ in _CIRCUMSTANCE):
            continue  # 'disarm following the conclusion of …', '… taking into account the situation'
        if child.dep_ == "prep" and child.lower_ in _WHEN and _names_a_deal(child):
            continue  # '… gains in the run-up to the entry into force of the ceasefire': when, not what

        sub = [t.i for t in child.subtree if not _under_other(t, others, head)]
        keep.extend(sub)
    kept = set(keep)
    if max(kept) > head.i:  # 'the delivery and distribution of aid': a bare sibling between the head and
        for child in head.children:  # its complement shares that complement, and the term spans both
            if child.dep_ == "conj" and child.i not in others and child.i < max(kept) and \
                    all(c.dep_ in {"det", "amod", "compound", "cc", "punct"} for c in child.children):
                kept |= {t.i for t in child.subtree} | {c.i for c in head.children if c.dep_ == "cc"}
    doc = head.doc
    left = right = head.i
    while left - 1 in kept or (left - 2 in kept and doc[left - 1].is_punct):
        left -= 1
    while right + 1 in kept or (right + 2 in kept and doc[right + 1].is_punct):
        right += 1
    return left, right


@lru_cache(maxsize=1)
def object_classes() -> dict[str, str]:
    """Noun → class of what a term is about (data/lexicons/term_objects.csv): hostage, prisoner."""
    return {r["word"]: r["class"] for r in data_rows("lexicons/term_objects.csv")}


def _other_objects(head: Token) -> list[Token]:
    """Coordinated objects of a term of another class than the first ('the release of 50 hostages and 150
    prisoners'): each is a term of its own, as the two sides free different people."""
    classes = object_classes()
    found = []
    for t in head.subtree:
        if t.dep_ != "conj" or t.lemma_.lower() not in classes:
            continue
        first = t
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        if first.lemma_.lower() in classes and classes[first.lemma_.lower()] != classes[t.lemma_.lower()]:
            found.append(t)
    return found


_DEAL_ITSELF = {"ceasefire", "cease-fire", "truce", "cessation", "lull", "pause", "armistice"}
_CIRCUMSTANCE = {"following", "after", "since", "amid", "despite", "pending", "upon"}
_WHEN = {"before", "during", "until", "till", "ahead", "prior", "in", "throughout", "by"}


def _names_a_deal(prep: Token) -> bool:
    """A phrase that places a term in the deal's time ('during the truce', 'before the ceasefire takes effect')
    names the deal itself: its words are no part of the term."""
    return any(t.lemma_.lower() in AGREEMENT_NOUNS - {"terms", "term", "provision", "plan", "document"}
               and t.pos_ in {"NOUN", "PROPN"} for t in prep.subtree)
_SIBLING_DEPS = {"conj", "cc", "advcl", "xcomp", "ccomp", "parataxis", "relcl", "ROOT"}


def _inside_other(token: Token, others: set[int]) -> bool:
    """A cue inside another term's object ('monitor the implementation of the ceasefire') is part of
    that term; one coordinated with it, or in its 'in exchange for' phrase, is a term of its own."""
    if token.dep_ == "conj":
        first = token
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        if not (token.lemma_.lower() in _DEAL_ITSELF and first.lemma_.lower() in _DEAL_ITSELF):
            return False  # a coordinated verb or noun is a term of its own, however the parser attached it
        token = first  # 'monitor the ceasefire and the cessation of hostilities': both name the deal
    t = token
    for _ in range(12):
        parent = t.head
        if parent.i == t.i:
            return False
        if parent.i in others:
            if t.dep_ in _SIBLING_DEPS or (t.dep_ == "prep" and _exchange(t)):
                return False
            return parent.pos_ in {"VERB", "AUX"} or t.dep_ in {"pobj", "prep", "compound", "amod", "nmod", "obl"}
        if (t.dep_ == "prep" and _exchange(t)) or t.dep_ in {"advcl", "ccomp", "parataxis", "relcl"}:
            return False
        t = parent
    return False


def _under_other(token: Token, others: set[int], head: Token) -> bool:
    t = token
    while t.i != head.i:
        if t.i in others:
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _exchange(prep: Token) -> bool:
    return any(c.lower_ in {"exchange", "return"} for c in prep.children)


def _party_tokens(head: Token) -> list[Token]:
    """Who must act: the clause's subject, or the subject of the verb that commits to it."""
    verb = head
    for _ in range(4):
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass" if verb.tag_ != "VBN" else "nsubj"}]
        if subjects:
            return list(subjects[0].subtree)
        if verb.dep_ in {"conj", "xcomp", "advcl", "ccomp", "acl"} and verb.head.i != verb.i:
            verb = verb.head
        else:
            break
    return []


def _drop_nested(terms: list[Term]) -> list[Term]:
    """Of two terms where one lies inside the other with the same category, keep the outer one."""
    kept = []
    for t in terms:
        if any(o is not t and o.start <= t.start and t.end <= o.end and o.category == t.category
               and (o.start, o.end) != (t.start, t.end) for o in terms):
            continue
        if any((o.start, o.end) == (t.start, t.end) for o in kept):
            continue
        kept.append(t)
    return kept
