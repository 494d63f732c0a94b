"""Where: place mentions found by NER and the gazetteer, resolved to one GeoNames entry each.

Recognition trusts the NER's GPE/LOC/FAC spans and adds gazetteer matches the small model
misses or mislabels ("Yevlakh" as PERSON), but only for capitalised proper-noun spans of known
places of some size, so the thousands of villages named like common words stay out.
Resolution prefers countries and regions, then places in the document's focus countries,
then population.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from rashomon.annotate.gazetteer import Gazetteer, Place, data_rows, default_gazetteer
from rashomon.annotate.nlp import load_nlp
from rashomon.model import Document, PlaceMention

NER_PLACE_LABELS = {"GPE", "LOC", "FAC"}
NER_OTHER_LABELS = {"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"}
MIN_POPULATION_UNTAGGED = 20_000  # a place the NER did not tag as a place must be at least this big
_STRIP_PREFIXES = ("the ", "The ")
# Capitalised words that are village names somewhere but almost never places in news.
_NOT_PLACES = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "wed", "thu", "fri", "sat", "sun", "president", "minister", "news", "live", "update",
}


@lru_cache(maxsize=1)
def _phrase_matcher() -> PhraseMatcher:
    """Multi-word and lower-case names (\"Karabakh economic region\") that token scanning misses."""
    nlp = load_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    names = {row["name"] for row in data_rows("places/supplement.csv")}
    for row in data_rows("places/supplement.csv"):
        names.update(filter(None, row["aliases"].split("|")))
    names.update(row["name"] for row in data_rows("places/contested.csv"))
    matcher.add("PLACE", [nlp.make_doc(name) for name in sorted(names)])
    return matcher


def find_places(document: Document, doc: Doc, gazetteer: Gazetteer | None = None) -> list[PlaceMention]:
    gazetteer = gazetteer or default_gazetteer()
    spans = _candidate_spans(doc, gazetteer)
    focus = _focus(spans)
    mentions = []
    for span, candidates in spans:
        place = _resolve(candidates, focus)
        mentions.append(_mention(document, span, place))
    return mentions


def _candidate_spans(doc: Doc, gazetteer: Gazetteer) -> list[tuple[Span, tuple[Place, ...]]]:
    found: list[tuple[Span, tuple[Place, ...]]] = []
    taken = [False] * len(doc)

    def take(span: Span, candidates: tuple[Place, ...]) -> None:
        if candidates and not any(taken[span.start:span.end]) and not _is_clock_name(span):
            found.append((span, candidates))
            for i in range(span.start, span.end):
                taken[i] = True

    for _, start, end in sorted(_phrase_matcher()(doc), key=lambda m: (m[1], -(m[2] - m[1]))):
        span = doc[start:end]
        take(span, gazetteer.candidates(span.text))
    for ent in doc.ents:
        if ent.label_ in NER_PLACE_LABELS:
            span = _strip_article(ent)
            take(span, gazetteer.candidates(span.text))
    for ent in doc.ents:
        if ent.label_ in NER_OTHER_LABELS and ent.label_ != "NORP":
            big = tuple(p for p in gazetteer.candidates(ent.text) if _notable(p))
            if big and len(ent) <= 3 and ent.label_ == "PERSON":
                take(ent, big)
    for token in doc:
        if taken[token.i] or token.ent_type_ in NER_OTHER_LABELS or not _proper(token):
            continue
        take(doc[token.i:token.i + 1], tuple(p for p in gazetteer.candidates(token.text) if _notable(p)))
    return sorted(found, key=lambda item: item[0].start_char)


def _strip_article(span: Span) -> Span:
    if span.text.startswith(_STRIP_PREFIXES) and len(span) > 1:
        return span[1:]
    return span


def _proper(token) -> bool:
    return (
        token.pos_ == "PROPN"
        and token.is_title
        and not token.is_sent_start
        and len(token.text) > 2
        and token.lower_ not in _NOT_PLACES
    )


def _is_clock_name(span: Span) -> bool:
    """'Moscow' in '12:00 Moscow time' names a clock, not where anything happened."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].lower_ == "time"


def _notable(place: Place) -> bool:
    return place.kind != "city" or place.population >= MIN_POPULATION_UNTAGGED


@dataclass(frozen=True)
class Focus:
    """What the document is about: countries, and first-level divisions (states) it names or implies."""

    countries: frozenset[str]
    admin1: frozenset[tuple[str, str]]


def _focus(spans: list[tuple[Span, tuple[Place, ...]]]) -> Focus:
    """Named countries and states, and the country/state of places that have one reading only."""
    countries, admin1 = set(), set()
    for _, candidates in spans:
        first = candidates[0]
        if first.kind in {"country", "admin1"} or len(candidates) == 1:
            if first.country:
                countries.add(first.country)
            if first.admin1 and first.kind != "country":
                admin1.add((first.country, first.admin1))
    return Focus(frozenset(countries), frozenset(admin1))


def _resolve(candidates: tuple[Place, ...], focus: Focus) -> Place:
    """Countries and regions first; then a place in a state the text names; then one in a focus country
    unless a far larger namesake exists elsewhere; then the largest."""
    best = candidates[0]
    if best.kind in {"continent", "country", "region", "admin1"}:
        return best
    in_state = [p for p in candidates if (p.country, p.admin1) in focus.admin1]
    if in_state:
        return in_state[0]
    in_country = [p for p in candidates if p.country in focus.countries]
    if in_country and in_country[0].population * 20 >= best.population:
        return in_country[0]
    return best


def _mention(document: Document, span: Span, place: Place) -> PlaceMention:
    return PlaceMention(
        doc=document.id,
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        geonames_id=place.geonames_id,
        name=place.name,
        lat=place.lat,
        lon=place.lon,
        country=place.country,
        timezone=place.timezone,
    )
