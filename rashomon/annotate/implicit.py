"""Implicit arguments at document level: who did what a sentence leaves unsaid.

A sentence often names no doer ("the truce took effect", "39 prisoners were released", "the port came under
attack") because the report has said it before, or calls the doers "the two sides". Three readings of the
whole document fill such gaps; each filled argument is noted on the event, and nothing a sentence names
itself is overwritten:

- the sides of the conflict: the first "between X and Y" (or "pits X against Y", or "X and Y" as the
  doers of an agreement, a ceasefire, talks or fighting) in the report, else the first act of force whose
  doer and object are both known. They are the doers of a ceasefire, of an agreement's signing or
  reaching, of talks that name no doer, and of "the two sides", "the parties", "the warring sides";
  disarmament with no doer is the non-state armed side's; force against one side with no doer named is
  the other side's.
- captives: who holds them ("hostages held by Hamas", "prisoners held in Israeli jails") and whose they are
  ("Israeli hostages") give the releaser and the released of a release that names neither; an earlier
  release of the same captives lends its doer; captives are civilians unless they are soldiers.

The readings look only at the few words around event triggers and "between" phrases, never at every token.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Token

from rashomon.annotate import events as ev  # the argument resolvers (events imports this module the same way)
from rashomon.annotate.nlp import doc_text
from rashomon.annotate.ontology import Ontology, Trigger, ontology
from rashomon.model import ActorMention, Event, PlaceMention

FORCE = {"FIGHT", "ASSAULT"}
BILATERAL = {"CONCEDE", "RETREAT", "SUPPORT", "AGREE", "CONSULT"}
# acts one side does to the other: with no target named, the target is the other side of the report's conflict
ONE_SIDED = {"FIGHT", "ASSAULT", "COERCE", "RETREAT", "AGREE", "SUPPORT", "CONCEDE"}
HOLDING_DEPS = {"acl", "relcl"}


@dataclass
class Told:
    """An event as the sentence told it: its trigger token and the trigger row that coded it."""
    token: Token
    trigger: Trigger
    event: Event


def fill_implicit(doc: Doc, told: list[Told], actors: list[ActorMention], places: list[PlaceMention],
                  onto: Ontology, event_id: Callable[[int, str], str] | None = None) -> list[Event]:
    """The document's events with their unsaid source and target filled from the whole report."""
    if not told:
        return []
    if event_id is not None:
        told = _truce_agreements(told, onto, event_id)

    def resolve(token: Token | None) -> ev.Argument | None:
        return ev._resolve(token, actors, places, [], "source", []) if token is not None else None

    sides = _sides(doc, told, onto, resolve)
    captives = onto.classes.get("captive", frozenset())
    holders, nationality = _captivity(doc, told, captives, onto, resolve)
    sides = sides or _sides_of_captivity(holders, nationality)
    released_by: dict[str, ev.Argument] = {}
    out: list[Event] = []
    for item in told:
        event, token = item.event, item.token
        source = said_source = _argument(event, "source")
        target = said_target = _argument(event, "target")
        notes = list(event.notes)
        group = source is not None and _is_group(_source_text_head(token, onto), onto)
        if event.type == "RETREAT" and event.mode == "release":
            captive = _captive_of(token, captives)
            lemma = captive.lemma_.lower() if captive is not None else None
            if lemma and source is None:
                source = holders.get(lemma) or released_by.get(lemma)
                if source is None and sides and nationality.get(lemma):
                    source = _other_side(sides, nationality[lemma])
                if source is not None:
                    notes.append(f"source {source.text!r} implicit: who holds the {lemma}s in this report")
            if source is not None and lemma in holders and holders[lemma].country != source.country and (
                    source.country in {nationality.get(lemma), _own_country(captive)}):
                source = holders[lemma]  # "Netanyahu aide says hostage release …": Israelis do not free Israelis
                notes.append(f"source {source.text!r} implicit: who holds the {lemma}s in this report")
            if target is not None and captive is not None and not target.start <= captive.idx < target.end:
                target = None  # "hostages held by militants": the militants are the holders, not the released
            if target is None or (lemma and target.sector is None):
                # "39 released from prison by Israel": with no captives named, the other side's people
                country = (target.country if target is not None else None) or (
                    _own_country(captive) or nationality.get(lemma) if lemma else None)
                if country is None and source is not None and sides:
                    country = (_other_of(sides, source) or source).country
                if country is not None and country != (source.country if source else None):
                    sector = "MIL" if lemma in onto.classes.get("captive_soldier", frozenset()) else "CIV"
                    named = target if target is not None else captive
                    text = named.text if named is not None else ""
                    start = target.start if target is not None else captive.idx if captive is not None else token.idx
                    end = (target.end if target is not None else captive.idx + len(captive) if captive is not None
                           else token.idx + len(token))
                    target = ev.Argument(f"{country}-{sector}", country, sector, text, start, end)
                    notes.append(f"target {text!r} implicit: the released are {country} {sector}")
            if lemma and source is not None:
                released_by.setdefault(lemma, source)
        elif sides:
            if source is None or group:
                filled = _side_for(event, token, target, sides, onto)
                if filled is not None:
                    what = "the conflict's non-state side" if event.mode == "disarm" else "the sides of the conflict"
                    named = f" {source.text!r}" if source is not None else ""
                    notes.append(f"source{named} implicit: {what} in this report")
                    source = filled
            other = _other_of(sides, source) if source is not None and event.type in ONE_SIDED else None
            own_ground = (target is not None and source is not None and event.type in FORCE and target.sector is None
                          and target.country == source.country)  # a town of the doer's own country
            if other is not None and (target is None or own_ground):
                # "Armenia will give up territory", "took over the town" (in its own country): the other side
                target = _armed(other) if event.type in FORCE and other.sector in {None, "GOV"} else other
                notes.append(f"target {target.text!r} implicit: the other side of the conflict in this report")
        if source is said_source and target is said_target:
            out.append(event)
            continue
        arguments = dict(event.arguments)
        for role, arg in (("source", source), ("target", target)):
            if arg is not None:
                arguments[role] = arg.plain()
            else:
                arguments.pop(role, None)
        bonus = onto.confidence.get("implicit_bonus", 0.0) * (event.source is None and source is not None)
        out.append(replace(event, source=source.actor if source else None, target=target.actor if target else None,
                           arguments=arguments, notes=notes, confidence=round(min(1.0, event.confidence + bonus), 3)))
    return out


def _own_country(captive: Token) -> str | None:
    """The captives' country as their own phrase gives it ("Israeli hostages", "Palestinian prisoners")."""
    return next((c for m in captive.children if m.dep_ in {"amod", "compound"}
                 and (c := ev.country_of_word(m.text))), None)


def _sides_of_captivity(holders: dict, nationality: dict[str, str]) -> tuple | None:
    """Where no conflict is named, captives and their holder are the two sides ("Israeli hostages held by
    Hamas")."""
    for lemma, holder in holders.items():
        country = nationality.get(lemma)
        if country and holder.country and country != holder.country:
            return holder, ev.Argument(f"{country}-GOV", country, "GOV", country, holder.start, holder.end)
    return None


def _other_of(sides: tuple, arg) -> ev.Argument | None:
    """The side an argument is not: by country where the sides are two states, else non-state against state."""
    first, second = sides
    if first.country != second.country:
        return _other_side(sides, arg.country)
    if arg.country != first.country or (first.sector == "REB") == (second.sector == "REB"):
        return None
    return second if (arg.sector == "REB") == (first.sector == "REB") else first


GENERIC_DEALS = {"agreement", "deal", "extension", "accord", "pact", "it", "this"}
DURATIONS = {"hour", "day", "week", "month", "year"}  # "a two-day extension" says how long, not what kind


def _truce_agreements(told: list[Told], onto: Ontology, event_id: Callable[[int, str], str]) -> list[Told]:
    """After a ceasefire is told, agreeing to or reaching "an agreement", "the deal", "a two-day extension" with
    nothing to say what else it is refers to that ceasefire: CONCEDE (mode ceasefire), not a new AGREE. A deal
    with content of its own ("a peace deal", "the grain deal") stays AGREE."""
    out: list[Told] = []
    truce = False
    for item in told:
        event, token = item.event, item.token
        if truce and event.type == "AGREE" and token.lemma_.lower() in {"agree", "reach", "accept"} and (
                _generic_deal(token)):
            recoded = replace(event, id=event_id(event.trigger_start or token.idx, "CONCEDE"), type="CONCEDE",
                              mode="ceasefire",
                              notes=[*event.notes, "the agreement is the ceasefire told before in this report"])
            item = Told(token, Trigger("CONCEDE", "ceasefire", item.trigger.weight, item.trigger.phrase), recoded)
        truce = truce or (item.event.mode == "ceasefire" and item.event.type in {"CONCEDE", "RETREAT"})
        out.append(item)
    return out


def _generic_deal(token: Token) -> bool:
    """What is agreed or reached is a bare deal word ("an agreement had been reached", "agreed to a two-day
    extension"), with no noun that says what kind of deal it is."""
    nouns = [c for c in token.children if c.dep_ in {"dobj", "obj", "nsubjpass", "nsubj"}]
    nouns += [p for c in token.children if c.dep_ == "prep" and c.lower_ == "to" for p in c.children
              if p.dep_ == "pobj"]
    deals = [n for n in nouns if n.lemma_.lower() in GENERIC_DEALS]
    return bool(deals) and not any(m.dep_ in {"compound", "amod", "nmod"} and m.pos_ in {"NOUN", "PROPN"}
                                   and m.lemma_.lower() not in DURATIONS for n in deals for m in n.children)


def _argument(event: Event, role: str) -> ev.Argument | None:
    plain = event.arguments.get(role)
    return ev.Argument(**plain) if plain else None


def _source_text_head(token: Token, onto: Ontology) -> Token | None:
    return ev._source_head(token, onto)


def _tokens_at(doc: Doc, pattern: re.Pattern[str]) -> list[Token]:
    """The tokens where a word pattern matches the text: a regular-expression scan, not a loop over tokens."""
    found = []
    for match in pattern.finditer(doc_text(doc)):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None and len(span):
            found.append(span[0])
    return found


@lru_cache(maxsize=8)
def _word_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """Words and their inflections ("hostage" finds "hostages")."""
    alternatives = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def _is_group(head: Token | None, onto: Ontology) -> bool:
    """'the two sides', 'both parties', 'the warring sides', 'rival generals': the conflict's sides."""
    if head is None or head.tag_ not in {"NNS", "NNPS"}:
        return False
    words = onto.classes.get("sides", frozenset())
    markers = onto.classes.get("sides_markers", frozenset())
    modifiers = {c.lower_ for c in head.children if c.dep_ in {"det", "amod", "nummod", "compound", "predet"}}
    return (head.lemma_.lower() in words and bool(modifiers & (markers | {"the", "both", "two"}))) or bool(
        modifiers & markers)


def _sides(doc: Doc, told: list[Told], onto: Ontology, resolve) -> tuple | None:
    """The two sides of the report's conflict, the strongest evidence first (then the first in the text):
    "between X and Y" under a word of fighting or "pits X against Y"; an act of force whose doer and object are
    both known; "between X and Y" under a truce, an agreement or talks; "X and Y" as the doers of force, then of
    an agreement, a ceasefire or talks; an agreement's doer and its "with" partner. Signatories and mediators
    of a deal come last: they are not always the warring sides."""
    hostile = onto.classes.get("event_noun", frozenset()) | onto.classes.get("hostile", frozenset())
    about = (onto.classes.get("ceasefire", frozenset()) | onto.classes.get("agreement", frozenset())
             | onto.classes.get("talks", frozenset()))
    ranked: list[tuple[int, int, ev.Argument | None, ev.Argument | None]] = []

    def add(rank: int, first: Token, second: Token) -> None:
        ranked.append((rank, first.i, _alone(first, resolve), _alone(second, resolve)))

    for token in _tokens_at(doc, _word_pattern(frozenset({"between"}))):
        head = token.head
        words = {head.lemma_.lower(), head.lower_}
        if token.lower_ != "between" or token.dep_ != "prep" or not words & (hostile | about):
            continue
        first = next((c for c in token.children if c.dep_ == "pobj"), None)
        second = next((c for c in first.children if c.dep_ == "conj"), None) if first is not None else None
        if second is None and first is not None:  # "between Israeli and Hamas forces"
            modifier = next((c for c in first.children if c.dep_ in {"amod", "compound"}
                             and any(g.dep_ == "conj" for g in c.children)), None)
            if modifier is not None:
                first, second = modifier, next(g for g in modifier.children if g.dep_ == "conj")
        if first is not None and second is not None:
            add(0 if words & hostile else 2, first, second)
    for token in _tokens_at(doc, _word_pattern(frozenset({"pit"}))):
        if token.lemma_.lower() != "pit" or token.pos_ != "VERB":
            continue  # "the fighting pits the army against the RSF"
        pitted = next((c for c in token.children if c.dep_ in {"dobj", "obj"}), None)
        against = next((p for t in token.subtree if t.dep_ == "prep" and t.lower_ == "against"
                        for p in t.children if p.dep_ == "pobj"), None)
        if pitted is not None and against is not None:
            add(0, pitted, against)
    for item in told:
        event, token = item.event, item.token
        if event.type not in FORCE and event.type not in BILATERAL:
            continue
        source, target = _argument(event, "source"), _argument(event, "target")
        if source and target and source.country and target.country and source.country != target.country:
            pair = (_as_state(source), _as_state(target)) if event.type in FORCE else (source, target)
            ranked.append((1 if event.type in FORCE else 5, token.i, *pair))  # "Russian missiles hit Odesa"
        head = _source_text_head(token, onto)
        conj = next((c for c in head.children if c.dep_ == "conj"), None) if head is not None else None
        if conj is not None:
            add(3 if event.type in FORCE else 4, head, conj)
    for _, _, a, b in sorted(ranked, key=lambda r: (r[0], r[1])):
        if a is not None and b is not None and a.country and b.country and a.actor != b.actor:
            return a, b
    return None


def _as_state(arg: ev.Argument) -> ev.Argument:
    """A state's weapons, forces, places or people hit as a side: the state (its government), which signs and
    talks."""
    if arg.sector in {"REB", "IGO", "NGO", "PKO"} or arg.actor.count("-") > 1:
        return arg  # a non-state side, or a named person or body
    return ev.Argument(f"{arg.country}-GOV", arg.country, "GOV", arg.text, arg.start, arg.end)


def _armed(arg: ev.Argument | None) -> ev.Argument | None:
    """A state as the doer of force: its armed forces."""
    if arg is None or arg.sector not in {None, "GOV"} or arg.actor.count("-") > 1:
        return arg
    return ev.Argument(f"{arg.country}-MIL", arg.country, "MIL", arg.text, arg.start, arg.end)


def _alone(token: Token, resolve):
    """An argument for one conjunct, without the conjuncts that follow it in its subtree."""
    found = resolve(token)
    if found is not None and found.start <= token.idx < found.end + 1:
        return found
    country = ev.country_of_word(token.text)
    if country is not None:
        head = token.head if token.dep_ in {"amod", "compound"} else token
        sector = ontology().sector_words.get(head.lower_)
        return ev.Argument(f"{country}-{sector}" if sector else country, country, sector, token.text, token.idx,
                        token.idx + len(token))
    return found


def _side_for(event: Event, token: Token, target, sides: tuple, onto: Ontology):
    """The side that did an event the sentence names no doer of, where the kind of event says which."""
    first, second = sides
    if event.mode == "disarm":
        return next((s for s in sides if s.sector == "REB"), None)
    if event.type in FORCE:
        if event.mode == "aerial" and (first.sector == "REB") != (second.sector == "REB"):
            return _armed(first if second.sector == "REB" else second)  # air raids: the side with an air force
        if event.type == "FIGHT" and target is None or (target is not None and target.sector is None
                                                         and first.country == second.country):
            return first  # "fighting has continued": both sides fight
        if target is None or not target.country or first.country == second.country:
            return None
        return _armed(_other_side(sides, target.country))
    if event.type not in BILATERAL or event.mode == "third-party":
        return None
    if event.mode == "ceasefire" or event.type == "CONSULT":
        return first
    agreement = onto.classes.get("agreement", frozenset()) | onto.classes.get("ceasefire", frozenset())
    near = [c for c in token.children if c.dep_ in {"dobj", "obj", "nsubjpass", "nsubj"}]
    if token.dep_ in {"acl", "relcl"}:
        near.append(token.head)
    return first if any(t.lemma_.lower() in agreement for t in near) else None


def _other_side(sides: tuple, country: str | None):
    first, second = sides
    if country is None or first.country == second.country:
        return None
    return second if first.country == country else first if second.country == country else None


def _captive_of(token: Token, captives: frozenset[str]) -> Token | None:
    """The captives a release is about: in its phrase ("the release of 50 hostages", "hostage release"), the noun
    it describes ("detainees freed under the plan"), or the subject of the verb it completes ("prisoners set to
    be released")."""
    if token.dep_ in HOLDING_DEPS and token.head.lemma_.lower() in captives:
        return token.head
    for t in token.subtree:
        if t.i != token.i and t.lemma_.lower() in captives and t.pos_ in {"NOUN", "PROPN"}:
            return t
    head, hops = token, 0
    while head.dep_ in {"xcomp", "conj", "auxpass"} and hops < 2:
        head, hops = head.head, hops + 1
        subject = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}
                        and c.lemma_.lower() in captives), None)
        if subject is not None:
            return subject
    return None


def _captivity(doc: Doc, told: list[Told], captives: frozenset[str], onto: Ontology, resolve):
    """Who holds each kind of captive in this report and whose they are: "hostages held by Hamas",
    "prisoners held in Israeli jails", "Hamas's hostages"; "Israeli hostages", "hostages from Israel"."""
    country_of_word = ev.country_of_word
    holders: dict[str, ev.Argument] = {}
    nationality: dict[str, str] = {}
    if not any(t.event.mode == "release" for t in told):
        return holders, nationality
    holding = onto.classes.get("holding", frozenset())
    for token in _tokens_at(doc, _word_pattern(captives)):
        lemma = token.lemma_.lower()
        if lemma not in captives or token.pos_ not in {"NOUN", "PROPN"}:
            continue
        verb = token.head
        if token.dep_ in {"dobj", "obj"} and verb.lemma_.lower() in holding and lemma not in holders:
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)  # "Hamas holds 240 hostages"
            found = resolve(subject) if subject is not None and subject.lower_ not in ev.PRONOUNS else None
            if found is not None and found.country:
                holders[lemma] = found
        for child in token.children:
            if child.dep_ in {"amod", "compound"} and lemma not in nationality:
                country = country_of_word(child.text)
                if country is not None:
                    nationality[lemma] = country
            elif child.dep_ == "prep" and child.lower_ == "from" and lemma not in nationality:
                place = next((c for c in child.children if c.dep_ == "pobj"), None)
                found = resolve(place)
                if found is not None and found.country:
                    nationality[lemma] = found.country
            elif child.dep_ == "poss" and lemma not in holders and child.lower_ not in {"its", "their", "his", "her"}:
                found = resolve(child)
                if found is not None and found.country:
                    holders[lemma] = found
            elif child.dep_ in HOLDING_DEPS and child.lemma_.lower() in holding and lemma not in holders:
                for prep in child.children:
                    if prep.dep_ not in {"agent", "prep"} or prep.lower_ not in {"by", "in"}:
                        continue
                    for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                        if prep.lower_ == "by":
                            found = resolve(pobj)
                        else:  # "held in Israeli jails": the jailing state
                            country = next((country_of_word(m.text) for m in pobj.children
                                            if m.dep_ in {"amod", "compound"} and country_of_word(m.text)), None)
                            found = ev.Argument(f"{country}-GOV", country, "GOV", pobj.text, pobj.idx,
                                             pobj.idx + len(pobj)) if country else None
                        if found is not None and found.country and lemma not in holders:
                            holders[lemma] = found
    return holders, nationality
