"""What happened: PLOVER-coded events from trigger words, with arguments from the dependency parse.

Each trigger (a lexicon lemma with the right part of speech) yields one event; its source and
target are the actors in its subject and object subtrees, its place and time the sentence's,
its modality what governs it (pledged, planned, denied), its attribution the chain of voices
that report it. Deepened in issue #6; the shape of the record stays.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from rashomon.annotate.gazetteer import data_rows
from rashomon.annotate.quantities import find_quantities
from rashomon.model import ActorMention, Document, Event, PlaceMention, TimeMention

SUBJECT_DEPS = {"nsubj", "csubj"}
_AHEAD = re.compile(r"\b(?:follow-up|further|upcoming|planned|future|next(?: round of)?|new round of)\s+$", re.I)
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
OBJECT_DEPS = {"dobj", "obj", "dative", "attr"}
TARGET_PREPS = {"against", "on", "with", "to", "at", "from"}


@lru_cache(maxsize=1)
def _triggers() -> dict[tuple[str, str], tuple[str, str | None]]:
    return {(r["lemma"], r["pos"]): (r["type"], r["mode"] or None) for r in data_rows("lexicons/plover_triggers.csv")}


@lru_cache(maxsize=1)
def _reporting() -> frozenset[str]:
    return frozenset(r["lemma"] for r in data_rows("lexicons/reporting_verbs.csv"))


@lru_cache(maxsize=1)
def _modality() -> dict[str, str]:
    return {r["lemma"]: r["modality"] for r in data_rows("lexicons/modality.csv")}


def find_events(
    document: Document,
    doc: Doc,
    actors: list[ActorMention],
    places: list[PlaceMention],
    times: list[TimeMention],
) -> list[Event]:
    events: list[Event] = []
    previous_voices: list[str] = []
    for sent in doc.sents:
        voices = _attribution(sent, actors) or (previous_voices if _continues_quote(sent) else [])
        previous_voices = voices
        chain = voices + ([document.outlet] if document.outlet else [])
        quantities = find_quantities(sent.text, sent.start_char, document.id)
        for token in sent:
            coded = _code(token)
            if coded is None:
                continue
            type_, mode = coded
            event = Event(
                id=f"{document.id}:e{len(events) + 1}",
                doc=document.id,
                start=sent.start_char,
                end=sent.end_char,
                type=type_,
                trigger=token.text,
                mode=mode,
                source=_actor_in(_source_tokens(token), actors),
                target=_actor_in(_target_tokens(token), actors),
                place=_place_of(sent, token, places),
                time=_time_of(sent, times),
                factuality=_factuality(token),
                attribution=list(chain),
                quantities=[q for q in quantities if _governs(token, q.start, q.end)],
            )
            events.append(event)
    return events


def _code(token: Token) -> tuple[str, str | None] | None:
    if token.lemma_.lower() in _reporting():
        return None
    pos = "VERB" if token.pos_ in {"VERB", "AUX"} and token.dep_ != "aux" else token.pos_
    attached = [c.lower_ for c in token.children if c.dep_ in {"prt", "prep", "dobj"}]
    for word in attached:  # phrasal verbs first: "lay down" is not "lay", "call for" is not "call"
        phrasal = _triggers().get((f"{token.lemma_.lower()} {word}", pos))
        if phrasal:
            return phrasal
    return _triggers().get((token.lemma_.lower(), pos))


def _source_tokens(token: Token) -> list[Token]:
    """The doer: the subject, the passive agent, or the subject of the verb this one depends on."""
    for child in token.children:
        if child.dep_ in SUBJECT_DEPS:
            return list(child.subtree)
        if child.dep_ == "agent":
            return list(child.subtree)
    if token.dep_ in {"xcomp", "conj", "advcl"} and token.head is not token:
        return _source_tokens(token.head)
    if token.pos_ == "NOUN" and token.head.pos_ in {"VERB", "AUX"}:
        return _source_tokens(token.head)
    return []


def _target_tokens(token: Token) -> list[Token]:
    for child in token.children:
        if child.dep_ in OBJECT_DEPS | PASSIVE_SUBJECT_DEPS:
            return list(child.subtree)
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
            return list(child.subtree)
    return []


def _actor_in(tokens: list[Token], actors: list[ActorMention]) -> str | None:
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    for actor in actors:
        if start <= actor.start and actor.end <= end:
            return actor.actor
    return None


def _place_of(sent: Span, token: Token, places: list[PlaceMention]) -> int | None:
    """The sentence's place nearest the trigger, else the last place named before the sentence."""
    in_sentence = [p for p in places if sent.start_char <= p.start < sent.end_char and p.geonames_id is not None]
    if in_sentence:
        return min(in_sentence, key=lambda p: abs(p.start - token.idx)).geonames_id
    before = [p for p in places if p.end <= sent.start_char and p.geonames_id is not None]
    return before[-1].geonames_id if before else None


def _time_of(sent: Span, times: list[TimeMention]) -> str | None:
    """The sentence's clock time in UTC when known, else its first date."""
    in_sentence = [t for t in times if sent.start_char <= t.start < sent.end_char]
    for t in in_sentence:
        if t.utc:
            return t.utc
    for t in in_sentence:
        if t.type == "DATE" and not t.value.startswith("X"):
            return t.value
    return None


def _factuality(token: Token) -> str:
    """happened | pledged | planned | denied, from negation, modals and governing verbs."""
    if token.pos_ == "NOUN":  # "the next round of talks will be held": the governing verb carries the modality
        if _AHEAD.search(_text_before(token, 25)):
            return "planned"  # "follow-up talks", "further negotiations", "the upcoming summit"
        verb = next((a for a in token.ancestors if a.pos_ in {"VERB", "AUX"}), None)
        return _factuality(verb) if verb is not None else "happened"
    if any(c.dep_ == "neg" for c in token.children):
        return "denied"
    aux = {c.lower_ for c in token.children if c.dep_ in {"aux", "auxpass"}}
    if aux & {"shall", "must"}:
        return "pledged"
    if aux & {"will", "would", "'ll"} or _modality().get(token.lemma_.lower()) == "planned":
        return "planned"  # "will be held", "is scheduled for"
    head, hops = token, 0
    while head.dep_ in {"xcomp", "ccomp", "conj", "pcomp", "pobj", "prep", "acl"} and hops < 3:
        head, hops = head.head, hops + 1
        modality = _modality().get(head.lemma_.lower())
        if modality:
            return "denied" if any(c.dep_ == "neg" for c in head.children) and modality == "pledged" else modality
    if aux & {"to"}:
        return "planned"
    return "happened"


def _text_before(token: Token, chars: int) -> str:
    """The `chars` characters before a token, from its neighbours: `doc.text` would rebuild the whole
    document's text on every call (this once took a third of the events stage)."""
    start = token.i
    while start > 0 and token.idx - token.doc[start - 1].idx < chars:
        start -= 1
    if start > 0:
        start -= 1
    return token.doc[start:token.i].text_with_ws[-chars:] if start < token.i else ""


def _governs(token: Token, start: int, end: int) -> bool:
    """A count belongs to the trigger whose subtree contains it (or that it contains)."""
    subtree = list(token.subtree)
    inside_subtree = subtree[0].idx <= start and end <= subtree[-1].idx + len(subtree[-1])
    return inside_subtree or start <= token.idx < end


def _attribution(sent: Span, actors: list[ActorMention]) -> list[str]:
    """Voices of a sentence, innermost first: the speaker, the outlet they told, the outlet that reports it."""
    speakers, told, reporters = [], [], []
    for token in sent:
        lemma = token.lemma_.lower()
        if lemma in _reporting() and token.pos_ in {"VERB", "AUX"}:
            subject = _name_in([c for c in token.children if c.dep_ in SUBJECT_DEPS], actors)
            (reporters if lemma == "report" else speakers).extend(subject)
            if lemma == "tell":
                told.extend(_name_in([c for c in token.children if c.dep_ in {"dobj", "dative"}], actors))
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
            speakers.extend(_name_in([c for c in token.nbor().children if c.dep_ == "pobj"], actors))
    return list(dict.fromkeys(speakers + told + reporters))


def _name_in(heads: list[Token], actors: list[ActorMention]) -> list[str]:
    names = []
    for head in heads:
        subtree = list(head.subtree)
        start, end = subtree[0].idx, subtree[-1].idx + len(subtree[-1])
        inside = [a for a in actors if start <= a.start and a.end <= end]
        if inside:  # a dictionary actor beats an NER guess spanning the same words
            names.append(min(inside, key=lambda a: (":" in a.actor, a.start)).text)
        elif head.pos_ == "PROPN" or head.ent_type_ in {"PERSON", "ORG"}:
            names.append(" ".join(t.text for t in subtree))
    return names


def _continues_quote(sent: Span) -> bool:
    """'According to him, …' or 'The official went on to say' carries the previous speaker on."""
    text = sent.text.lower()
    return text.startswith(("according to him", "according to her", "according to them", "he ", "she ", "the official"))
