"""Agreements: each deal a document announces or reports, its parties, mediators, times and terms.

An announcement is a sentence that names an agreement (agreement, deal, truce, ceasefire, …) and
says it was reached, signed, accepted or announced, or says that sides agreed to something. A
document can report several: a truce and its extension, an agreement and the declaration that lays
out its implementation, an earlier accord it recalls. Announcements are grouped by the role the text
gives them (named, extension, earlier, implementation, main). Terms are the provision clauses
(annotate/provisions.py) of the announcement sentences, of sentences that refer to the deal or say a
side agreed or pledged, and of the sentences that continue a list or carry shall/must/will clauses
right after them; each term goes to the agreement announced nearest before it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

from spacy.attrs import LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from rashomon.annotate.actors import state_names
from rashomon.annotate.agreement_cues import cue_alternation, cue_words
from rashomon.annotate.gazetteer import data_rows
from rashomon.annotate.provisions import Term, terms_in
from rashomon.model import (
    ActorMention,
    Agreement,
    Document,
    PlaceMention,
    Provision,
    ProvisionMention,
    ProvisionStatus,
    TimeMention,
)

ANNOUNCE_LEMMAS = cue_words("announce")  # every language's rows: data/lexicons/agreement_cues.csv
COMMIT_LEMMAS = cue_words("commit")
AGREE_LEMMAS = cue_words("agree")
PARTY_SECTORS = {"GOV", "MIL", "REB"}
MEDIATOR_SECTORS = {"PKO", "IGO"}
_MEDIATION = re.compile(rf"(?:{cue_alternation('mediation')})\s+(?:the\s+)?$", re.I)
_OBLIGATION = re.compile(rf"(?<!\w)(?:{cue_alternation('obligation')})(?!\w)", re.I)
_LIST_END = re.compile(rf"(?::|{cue_alternation('list')})\s*$", re.I)
_LIST_INSIDE = re.compile(rf"(?:{cue_alternation('list', 'list_inside')})\s*:", re.I)
STRONG = {"territory", "withdrawal", "disarmament", "handover", "exchange", "peacekeeping", "disbandment",
          "demobilization"}
_EFFECT = re.compile(r"\b(?:tak(?:e|es|en|ing) effect|took effect|go(?:es)? into effect|went into effect|"
                     r"(?:come|comes|came) into (?:force|effect)|enter(?:s|ed)? into force|effective|commenced?|"
                     r"as of|from|start(?:s|ed|ing)?|begins?|began|in effect|suspension)\b|"
                     rf"(?<!\w)(?:{cue_alternation('effect')})(?!\w)", re.I)
_EXTENSION = re.compile(r"\b(?:agree\w*|reach\w*|announce\w*)\b[^.]{0,80}\bexten(?:d|sion)\b|"
                        r"\b(?:has|had|have) been extended\b|\bwas extended\b|\bextension (?:to|of) (?:the|their)\b",
                        re.I)
_EARLIER = {"previous", "previously", "earlier", "prior", "former"}  # 'the original deal' is this deal
_GENERIC = {"previous", "numerous", "number", "several", "other", "past", "earlier", "many", "series", "all"}
_SIGNED_IN = re.compile(r"\b(?:sign\w*|reached|conclu\w*|held|talks|meeting|negotiations|ceremony|summit|"
                        r"agreement|deal|accord)\b(?:\s+\S+){0,3}?\s+(?:in|at)\s+(?:the\s+)?"
                        r"(?-i:(?:(?:[A-Z][\w'-]*|capital|city|port|town|of)\s+){0,5})$", re.I)
_IMPLEMENTING = re.compile(r"\b(?:road ?map|modalities|plan|declaration)\b[^.]{0,40}\bimplementation of "
                           r"(?:the |a |an |this )?(?:[\w-]+ ){0,3}"
                           r"(?:agreement|deal|accord|pact|treaty|truce|ceasefire)\b", re.I)


@lru_cache(maxsize=1)
def _agreement_words() -> dict[str, str]:
    return {r["word"]: r["kind"] for r in data_rows("lexicons/agreement_words.csv")}


@dataclass
class _Group:
    """The announcements of one agreement within a document."""

    role: str
    kind: str
    name: str | None
    sents: list[Span] = field(default_factory=list)
    terms: list[tuple[Span, Term]] = field(default_factory=list)


def find_agreements(document: Document, doc: Doc, actors: list[ActorMention], times: list[TimeMention],
                    places: list[PlaceMention] | None = None) -> list[Agreement]:
    if not _may_announce(doc):
        return []
    sents = list(doc.sents)
    groups: list[_Group] = []
    owner: dict[int, _Group] = {}  # sentence index → the agreement announced there
    for i, sent in enumerate(sents):
        found = _announcement(sent)
        if found is None:
            continue
        role, kind, name = found
        implementing = next((g for g in groups if g.role == "implementation"), None)
        if role == "main" and implementing and kind == implementing.kind:
            role = "implementation"  # 'the declaration …' after a declaration that implements a deal
        group = _group_for(groups, role, kind, name)
        group.sents.append(sent)
        owner[i] = group
        if _IMPLEMENTING.search(sent.text) and role == "implementation":
            referenced = _group_for(groups, "main", _kind_in(sent) or "agreement", None)
            referenced.sents.append(sent)
    if not groups:
        return []
    _reconcile(groups)
    for i, sent_terms in _term_sentences(sents, owner):
        group = _group_of_sentence(sents, i, owner, groups)
        group.terms += [(sents[i], t) for t in sent_terms]
    agreements = []
    for k, group in enumerate(g for g in groups if g.sents):
        agreements.append(_agreement(document, f"{document.id}:a{k + 1}", group, sents, actors, times, places or []))
    agreements[0].reports = _reports(document, sents, times)
    return agreements


def _may_announce(doc: Doc) -> bool:
    """Whether any sentence can announce a deal: it needs an agreement word or the verb 'agree' (see
    _announcement). Most of a news stream names neither, and the per-sentence tests were most of the
    stage's cost on such reports; one look at the document's word and lemma arrays rules them out."""
    rows = doc.to_array([LOWER, LEMMA])
    words = _agreement_hashes()
    if not words.isdisjoint(rows[:, 0].tolist()) or not words.isdisjoint(rows[:, 1].tolist()):
        return True
    strings = doc.vocab.strings
    return any(strings[lemma].lower() in AGREE_LEMMAS for lemma in set(rows[:, 1].tolist()))


@lru_cache(maxsize=1)
def _agreement_hashes() -> frozenset[int]:
    return frozenset(get_string_id(word) for word in _agreement_words())


def _reports(document: Document, sents: list[Span], times: list[TimeMention]) -> list[Provision]:
    """Sentences that report a term acted on or put off, each as a provision carrying only that status."""
    found = []
    for sent in sents:
        for term in terms_in(sent, reports=True):
            status = report_status(sent.text, term.report)
            when = next((t.utc or t.value for t in times if sent.start_char <= t.start < sent.end_char
                         and t.type in {"DATE", "TIME"} and re.match(r"\d{4}", t.value or "")), None)
            step = ProvisionStatus(status=status, doc=document.id, start=sent.start_char, end=sent.end_char,
                                   time=when or document.published)
            found.append(Provision(category=term.category, text=document.text[term.start:term.end], words=term.words,
                                   status=[step]))
    return found


_DELAY = re.compile(r"\b(?:delay\w*|postpon\w*|not before|yet to|not yet|lapse[sd]?|put off|will not|won't)\b", re.I)
_VIOLATION = re.compile(r"\b(?:violat\w*|breach\w*|broke|broken|renege\w*|in defiance)\b", re.I)
_DONE = re.compile(r"\b(?:completed?|finished|fully)\b", re.I)


def report_status(sentence: str, report: str | None) -> str:
    """The status a report gives its term: delayed, violation alleged, completed, or implementation reported."""
    if report == "delayed" or _DELAY.search(sentence):
        return "delayed"
    if _VIOLATION.search(sentence):
        return "violation-alleged"
    if _DONE.search(sentence):
        return "completed"
    return "implementation-reported"


def _announcement(sent: Span) -> tuple[str, str, str | None] | None:
    """(role, kind, name) when the sentence announces or reports an agreement, else None."""
    words = _agreement_words()
    nouns = [t for t in sent if _deal_word(t) and t.pos_ in {"NOUN", "PROPN"} and not _generic(t)
             and not (t.dep_ == "compound" and t.head.lemma_.lower() in words)]
    lemmas = {t.lemma_.lower() for t in sent}
    agreed = any(t.lemma_.lower() in AGREE_LEMMAS and t.pos_ == "VERB" for t in sent)
    if not nouns and not agreed:
        return None
    if nouns and not (lemmas & ANNOUNCE_LEMMAS or _under_deal(sent) or _headline(sent)):
        return None
    kind = words[_deal_word(nouns[0])] if nouns else "agreement"
    text = sent.text
    if _EXTENSION.search(text) and not re.search(r"\b(?:can|could|may|might) be extended\b", text, re.I):
        return "extension", kind, None
    if _IMPLEMENTING.search(text):
        return "implementation", kind, None
    if any(_earlier(n) for n in nouns) or re.search(r"\b(?:had|have) previously (?:reached|signed|agreed|concluded)\b",
                                                    text, re.I):
        return "earlier", kind, None
    name = _name(sent, nouns)
    if name:
        return name.lower(), words.get(name.split()[-1].lower(), kind), name
    return "main", kind, None


def _deal_word(token) -> str | None:
    """The agreement word a token is, as written ('accords') or by its lemma ('соглашения' → 'соглашение')."""
    words = _agreement_words()
    if token.lower_ in words:
        return token.lower_
    lemma = token.lemma_.lower()
    return lemma if lemma in words else None


def _generic(noun) -> bool:
    """'numerous previous ceasefire agreements', 'a series of truces': deals in general, not one deal."""
    if noun.tag_ in {"NNS", "NNPS"} and noun.lower_ not in {"arrangements", "terms", "accords"}:
        if noun.lower_ in {"deals", "memorandums", "agreements"} and any(
                c.lower_ in {"two", "three", "both"} for c in noun.children):
            return False
        return True
    near = {t.lower_ for t in noun.doc[max(noun.i - 3, noun.sent.start):noun.i]}
    return bool(near & _GENERIC - {"earlier", "previous"}) and noun.tag_ in {"NNS", "NNPS"}


def _earlier(noun) -> bool:
    mods = {c.lower_ for c in noun.children} | {noun.doc[k].lower_ for k in range(max(noun.i - 3, 0), noun.i)}
    return bool(mods & _EARLIER)


def _under_deal(sent: Span) -> bool:
    return bool(re.search(r"\b(?:under|according to|as per|in line with|part of|implementation of|terms of)\s+"
                          r"(?:the|this|that|a|their)?\s*\w*\s*(?:agreement|deal|accord|truce|ceasefire|statement|"
                          r"declaration|memorandum|initiative|plan|pact)", sent.text, re.I))


def _following(sent: Span, n: int) -> str:
    """The `n` characters after a sentence, read from the next tokens: `Doc.text` joins every token of the
    document on each call, which made this stage the slowest of all."""
    doc, out, i = sent.doc, sent[-1].whitespace_ if len(sent) else "", sent.end
    while len(out) < n and i < len(doc):
        out += doc[i].text_with_ws
        i += 1
    return out[:n]


def _headline(sent: Span) -> bool:
    return sent.start_char < 200 and "\n" in _following(sent, 2) and \
        not sent.text.rstrip().endswith(".")


def _name(sent: Span, nouns) -> str | None:
    """A proper name the text gives the deal: capitalised words ending or starting in an agreement noun."""
    words = [t for t in sent if t.is_alpha and not t.is_stop]
    if words and sum(t.text[:1].isupper() for t in words) / len(words) > 0.85:
        return None  # a headline in title case names nothing
    for noun in nouns:
        if not noun.text[:1].isupper() or noun.i == sent.start:
            continue
        left = noun.i
        while left - 1 >= sent.start and (sent.doc[left - 1].text[:1].isupper() or
                                          sent.doc[left - 1].lower_ in {"of", "on", "for", "the"}):
            left -= 1
        right = noun.i
        while right + 1 < sent.end and (sent.doc[right + 1].text[:1].isupper() or
                                        sent.doc[right + 1].lower_ in {"of", "on", "for", "the"}):
            right += 1
        while sent.doc[left].lower_ in {"of", "on", "for", "the"} and left < noun.i:
            left += 1
        while sent.doc[right].lower_ in {"of", "on", "for", "the"} and right > noun.i:
            right -= 1
        if sum(sent.doc[k].text[:1].isupper() for k in range(left, right + 1)) >= 2:
            return sent.doc[left:right + 1].text
    return None


def _kind_in(sent: Span) -> str | None:
    words = _agreement_words()
    kinds = [words[w] for w in map(_deal_word, sent) if w]
    return kinds[-1] if kinds else None


def _group_for(groups: list[_Group], role: str, kind: str, name: str | None) -> _Group:
    for g in groups:
        if g.role == role:
            return g
    group = _Group(role=role, kind=kind, name=name)
    groups.append(group)
    return group


def _reconcile(groups: list[_Group]) -> None:
    """A named deal the text signs is the deal its other mentions speak of; beside an extension, 'the
    original truce' is the main deal, not an earlier one."""
    roles = {g.role for g in groups}
    named = [g for g in groups if g.name]
    main = next((g for g in groups if g.role == "main"), None)
    if main and len(named) == 1 and "implementation" not in roles and not _referenced(named[0]):
        named[0].sents = sorted(named[0].sents + main.sents, key=lambda s: s.start)
        main.sents = []  # 'signed the Black Sea Initiative' … 'the deal': one deal
    if "extension" in roles:
        for g in groups:
            if g.role == "earlier":
                g.role = "main"


_REFERENCE = re.compile(r"\b(?:r?provisions?|terms|implementation|under|according to|in line with|as per|ensure|"
                        r"violation of|basis of)\b(?:\s+\S+){0,2}\s*$", re.I)


def _referenced(group: _Group) -> bool:
    """Every mention of the named deal cites it ('the provisions of the X Statement'): an older deal."""
    if not group.name:
        return False
    for sent in group.sents:
        at = sent.text.find(group.name)
        if at < 0 or not _REFERENCE.search(sent.text[max(0, at - 40):at]):
            return False
    return True


def _term_sentences(sents: list[Span], owner: dict[int, _Group]):
    """(sentence index, terms) for the sentences that state terms of a deal."""
    follow = 0
    first = min(owner, default=len(sents))
    for i, sent in enumerate(sents):
        context = i in owner or _refers_to_deal(sent) or _commits(sent) or bool(_LIST_INSIDE.search(sent.text))
        listed = i > 0 and _LIST_END.search(sents[i - 1].text.rstrip())
        obliged = bool(_OBLIGATION.search(sent.text))
        if context or listed or (follow and (obliged or _present_passive(sent))) or (obliged and i > first):
            terms = terms_in(sent)
            if not (context or listed or follow):  # a will-clause far from any deal: only unmistakable terms
                terms = [t for t in terms if t.category in STRONG]
            if terms:
                yield i, terms
                follow = 3
                continue
            follow = 3 if context else max(0, follow - 1)
        else:
            follow = max(0, follow - 1)
        if "\n\n" in _following(sent, 4) and not _LIST_END.search(sent.text.rstrip()):
            follow = min(follow, 1)


def _refers_to_deal(sent: Span) -> bool:
    return any(_deal_word(t) and t.pos_ in {"NOUN", "PROPN"} and not _generic(t) for t in sent) \
        or _under_deal(sent)


def _commits(sent: Span) -> bool:
    return any(t.lemma_.lower() in COMMIT_LEMMAS and t.pos_ == "VERB" for t in sent)


def _present_passive(sent: Span) -> bool:
    """'The process is conducted in coordination with …': a standing arrangement, stated as a rule."""
    return any(t.dep_ == "auxpass" and t.lower_ in {"is", "are"} for t in sent)


def _group_of_sentence(sents: list[Span], i: int, owner: dict[int, _Group], groups: list[_Group]) -> _Group:
    live = [g for g in groups if g.sents]
    if i in owner and owner[i].sents:
        return owner[i]
    implementing = next((g for g in live if g.role == "implementation"), None)
    if implementing:  # a document about a deal's implementation plan states that plan's terms
        return implementing
    text = sents[i].text.lower()
    for g in live:
        if g.role == "extension" and re.search(r"\bexten(?:d|sion)\b", text):
            return g
        if g.name and g.name.lower() in text:
            return g
    # a deal the text recalls ('had previously reached an agreement on …') lends its terms only to its own
    # sentence: what follows it is about the deal at hand again ('… have vowed not to seek military gains')
    before = [k for k in owner if k <= i and owner[k].sents and owner[k].role != "earlier"]
    if before:
        return owner[max(before)]
    return next((g for g in live if g.role == "main"), live[0])


def _agreement(document: Document, agreement_id: str, group: _Group, sents: list[Span], actors: list[ActorMention],
               times: list[TimeMention], places: list[PlaceMention]) -> Agreement:
    text = document.text
    announced = [(s.start_char, s.end_char) for s in group.sents]
    scope = announced + [(s.start_char, s.end_char) for s, _ in group.terms]
    in_scope = [a for a in actors if any(s <= a.start < e for s, e in scope)]
    mediators = _mediators(text, actors, [a for a in actors if any(s <= a.start < e for s, e in announced)],
                           group.sents)
    provisions = [_provision(document, t, actors, times) for _, t in group.terms]
    parties = [a.actor for a in in_scope if a.sector in PARTY_SECTORS and a.actor not in mediators]
    parties += [p.party for p in provisions if p.party and p.party not in mediators]
    effective = _effective(sents, times, announced, group)
    duration = _duration(times, announced)
    place = _place(places, [(s.start_char, s.end_char) for s in group.sents
                            if group.role != "implementation" or not _IMPLEMENTING.search(s.text)], text)
    signed = next((t.value for t in times if t.type in {"DATE", "TIME"} and any(s <= t.start < e for s, e in announced)
                   and re.match(r"\d{4}-\d\d-\d\d", t.value)), None)
    first = group.sents[0]
    return Agreement(
        id=agreement_id, docs=[document.id], kind=group.kind, parties=list(dict.fromkeys(parties)),
        mediators=mediators, effective_utc=effective, provisions=provisions, start=first.start_char,
        end=first.end_char, role=group.role if not group.name else "named", name=group.name,
        place=place.geonames_id if place else None, place_name=place.name if place else None,
        place_country=place.country if place else None, signed=signed,
        duration=duration, expires_utc=_expiry(effective, duration),
    )


def _provision(document: Document, term: Term, actors: list[ActorMention], times: list[TimeMention]) -> Provision:
    party = None
    if term.party_tokens:
        lo, hi = term.party_tokens[0].idx, term.party_tokens[-1].idx + len(term.party_tokens[-1])
        party = next((a.actor for a in actors if lo <= a.start < hi and a.sector), None)
    deadline = next((t.utc or t.value for t in times if term.start <= t.start < term.end and t.value
                     and t.type in {"DATE", "TIME", "DURATION"} and not t.value.endswith("_REF")), None)
    mention = ProvisionMention(doc=document.id, start=term.start, end=term.end, party=party, deadline=deadline)
    return Provision(category=term.category, text=document.text[term.start:term.end], mentions=[mention],
                     party=party, deadline=deadline, words=term.words)


def _mediators(text: str, actors: list[ActorMention], announced: list[ActorMention], sents: list[Span]) -> list[str]:
    """Actors introduced by 'mediation of', 'brokered by', '… mediator Qatar', 'X-brokered'; peacekeepers or
    IGOs in the announcement; and a third state or organisation that announces a deal other sides agreed
    to ('Saudi Arabia and the US said the warring sides agreed …')."""
    cued = [a for a in actors if _MEDIATION.search(text[max(0, a.start - 40):a.start])
            or re.match(r"\s*(?:-\s*\w+\s*)?-?\s*(?:brokered|mediated|facilitated|sponsored)\b", text[a.end:a.end + 30])
            or re.match(r"[^.;]{0,40}\b(?:which|who) (?:mediated|brokered|facilitated)\b", text[a.end:a.end + 60])]
    found = [a.actor for a in cued if a.sector] + [a.actor for a in announced if a.sector in MEDIATOR_SECTORS]
    found += named_brokers(text)
    doc = sents[0].doc if sents else None
    if doc is not None:
        signers = {a.country for a in announced if a.country and _signs(doc, a)}
        sides = {a.country for a in announced if a.sector in {"MIL", "REB"} and a.country} | signers
        found += [a.actor for a in announced if a.sector in {"GOV", "IGO"} and a.country not in sides
                  and not _signs(doc, a) and _announces(doc, a)]
    return list(dict.fromkeys(found))


# 'through' introduces a mediator actor ('talks through Qatar') but also a route ('a corridor through Armenia'):
# for names the actors stage did not find as actors, only the unmistakable phrases
_BROKER_BEFORE = re.compile(rf"(?<!\w)(?:{cue_alternation('mediation', exclude={'through'})})\s*,?\s+(?:the\s+)?", re.I)
_BROKER_BEFORE_END = re.compile(rf"(?:{_BROKER_BEFORE.pattern})$", re.I)
_BROKER_AFTER = re.compile(rf"^\s*,?\s*-?\s*(?:the\s+)?(?:{cue_alternation('mediated')})(?!\w)", re.I)
_LIST_GLUE = re.compile(r"^(?:\s*,\s*(?:along with\s+|and\s+)?|\s+and\s+|\s*-\s*|\s*/\s*|\s+)(?:the\s+)?$")


def named_brokers(text: str) -> list[str]:
    """States and organisations a report names as brokers in a list next to a mediation cue, whether or not
    the actors stage found them: 'with mediation from Turkey and UN officials', 'the Turkish and UN-brokered
    accord', 'Qatari, Egyptian and American mediators', 'Qatar, along with the United States and Egypt,
    has been the key mediator' (lexicons/agreement_cues.csv roles mediation and mediated)."""
    pattern, table = _broker_names()
    spots = [(m.start(), m.end(), table[m.group()]) for m in pattern.finditer(text)]
    found: list[str] = []
    for k, (start, end, _) in enumerate(spots):
        if _BROKER_BEFORE_END.search(text[max(0, start - 45):start]):
            found += [a for _, _, a in _run(spots, k, text, +1)]
        if _BROKER_AFTER.match(text[end:end + 45]):
            found += [a for _, _, a in _run(spots, k, text, -1)]
    return list(dict.fromkeys(found))


def _run(spots: list[tuple[int, int, str]], k: int, text: str, step: int) -> list[tuple[int, int, str]]:
    """The name at `k` and its neighbours in one list ('X, Y and Z', 'X-Y', 'X, along with Y'), walking
    forward (`step` +1) or backward (-1)."""
    run = [spots[k]]
    j = k
    while 0 <= j + step < len(spots):
        a, b = (spots[j], spots[j + step]) if step > 0 else (spots[j + step], spots[j])
        if not _LIST_GLUE.match(text[a[1]:b[0]]):
            break
        j += step
        run.append(spots[j])
    return run


@lru_cache(maxsize=1)
def _broker_names() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern over every state and organisation name (longest first), and name → actor id."""
    table = state_names()
    words = sorted(table, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)"), table


def _token_at(doc: Doc, char: int):
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _signs(doc: Doc, actor: ActorMention) -> bool:
    """The actor is a subject of agreeing or signing: a side of the deal, not its mediator."""
    return _subject_of(doc, actor, {"agree", "sign", "reach", "accept", "conclude", "commit", "pledge", "vow"})


def _announces(doc: Doc, actor: ActorMention) -> bool:
    return _subject_of(doc, actor, {"say", "announce", "state", "declare", "confirm", "note", "tell"})


def _subject_of(doc: Doc, actor: ActorMention, lemmas: set[str]) -> bool:
    token = _token_at(doc, actor.start)
    if token is None:
        return False
    head = token
    while head.dep_ in {"compound", "amod", "poss", "conj", "appos", "det"} and head.head.i != head.i:
        head = head.head
    return head.dep_ in {"nsubj", "nsubjpass"} and head.head.lemma_.lower() in lemmas


def _effective(sents: list[Span], times: list[TimeMention], announced: list[tuple[int, int]],
               group: _Group) -> str | None:
    """The UTC instant the deal takes effect: from a 'takes effect / as of / from' sentence of its own
    (or, for the main deal, any such sentence about a deal), else from its announcement."""
    instants = [t for t in times if t.utc]
    own = announced + [(s.start_char, s.end_char) for s, _ in group.terms]
    for sent in sents:
        if not _EFFECT.search(sent.text):
            continue
        mine = any(s <= sent.start_char < e for s, e in own)
        if not (mine or (group.role == "main" and _refers_to_deal(sent))):
            continue
        hit = next((t for t in instants if sent.start_char <= t.start < sent.end_char), None)
        if hit:
            return hit.utc
    return next((t.utc for t in instants if any(s <= t.start < e for s, e in announced)), None)


def _duration(times: list[TimeMention], announced: list[tuple[int, int]]) -> str | None:
    return next((t.value for t in times if t.type == "DURATION" and any(s <= t.start < e for s, e in announced)
                 and re.fullmatch(r"P\d+[DWM]|PT\d+H", t.value or "")), None)


def _expiry(effective: str | None, duration: str | None) -> str | None:
    if not effective or not duration:
        return None
    m = re.fullmatch(r"P(\d+)([DW])|PT(\d+)H", duration)
    if not m:
        return None
    delta = timedelta(hours=int(m[3])) if m[3] else timedelta(days=int(m[1]) * (7 if m[2] == "W" else 1))
    start = datetime.strptime(effective, "%Y-%m-%dT%H:%M:%SZ")
    return (start + delta).strftime("%Y-%m-%dT%H:%M:%SZ")


def _place(places: list[PlaceMention], announced: list[tuple[int, int]], text: str) -> PlaceMention | None:
    """Where it was signed or announced: a place the announcement puts it 'in' or 'at'."""
    for p in places:
        if any(s <= p.start < e for s, e in announced) and _SIGNED_IN.search(text[max(0, p.start - 80):p.start]):
            return p
    return None
