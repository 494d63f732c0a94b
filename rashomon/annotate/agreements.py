"""Agreements: an announced deal, its parties and mediators, its effective time and its terms.

An announcement is a sentence that names an agreement (agreement, deal, truce, ceasefire, …)
and says it was reached, signed, accepted or announced. Its terms are read from the list it
introduces ("under the following conditions:", "the terms are", a colon) and from the
shall/must/pledged clauses that follow, each sorted into a provision category by cue words.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span

from rashomon.annotate.gazetteer import data_rows
from rashomon.model import ActorMention, Agreement, Document, Provision, ProvisionMention, TimeMention

ANNOUNCE_LEMMAS = {"reach", "sign", "accept", "announce", "broker", "agree", "conclude", "strike", "seal", "take",
                   "approve", "adopt"}
PARTY_SECTORS = {"GOV", "MIL", "REB"}
MEDIATOR_SECTORS = {"PKO", "IGO"}
_INTRODUCER = re.compile(
    r"(?:under the following (?:conditions|terms)|the following (?:conditions|terms)|the terms (?:are|include)|"
    r"(?:terms|conditions|provisions)\s*(?:include|are)?\s*:|\binclude[s]?\s*:|(?<!\d):(?!\d))\s*", re.I)
_OBLIGATION = re.compile(r"\b(?:shall|must|will|agreed to|pledged to|promised to|are obliged to|undertook to)\b", re.I)
_MEDIATION = re.compile(r"(?:mediation of|mediated by|brokered by|facilitated by|through|in coordination with|"
                        r"with the participation of|hosted by)\s+(?:the\s+)?$", re.I)


@lru_cache(maxsize=1)
def _agreement_words() -> dict[str, str]:
    return {r["word"]: r["kind"] for r in data_rows("lexicons/agreement_words.csv")}


@lru_cache(maxsize=1)
def _provision_cues() -> list[tuple[str, list[str]]]:
    return [(r["category"], r["cues"].split("|")) for r in data_rows("lexicons/provisions.csv")]


def categorize(text: str) -> str:
    """The provision category whose cue appears first in the lexicon order, else 'other'."""
    lower = text.lower()
    for category, cues in _provision_cues():
        if any(cue in lower for cue in cues):
            return category
    return "other"


def find_agreements(
    document: Document, doc: Doc, actors: list[ActorMention], times: list[TimeMention]
) -> list[Agreement]:
    sents = list(doc.sents)
    for i, sent in enumerate(sents):
        kind = _announcement_kind(sent)
        if kind is None:
            continue
        provisions = _provisions(document, sents, i)
        spans = [(sent.start_char, sent.end_char)] + [(m.start, m.end) for p in provisions for m in p.mentions]
        in_scope = [a for a in actors if any(s <= a.start < e for s, e in spans)]
        mediators = _mediators(document.text, actors, in_scope)
        parties = [a.actor for a in in_scope if a.sector in PARTY_SECTORS and a.actor not in mediators]
        return [Agreement(
            id=f"{document.id}:a1",
            docs=[document.id],
            kind=kind,
            parties=list(dict.fromkeys(parties)),
            mediators=mediators,
            effective_utc=_effective(times, spans),
            provisions=provisions,
            start=sent.start_char,
            end=sent.end_char,
        )]
    return []


def _announcement_kind(sent: Span) -> str | None:
    words = _agreement_words()
    nouns = [t for t in sent if t.pos_ in {"NOUN", "PROPN"} and t.lower_ in words]
    if not nouns:
        return None
    if not any(t.lemma_.lower() in ANNOUNCE_LEMMAS for t in sent):
        return None
    return words[nouns[0].lower_]


def _provisions(document: Document, sents: list[Span], i: int) -> list[Provision]:
    """Terms listed after the announcement's introducer, then obligation clauses that follow it."""
    provisions: list[Provision] = []
    sent = sents[i]
    intro = _INTRODUCER.search(sent.text)
    if intro and intro.end() < len(sent.text.rstrip(" .")):
        provisions += _split_inline(document, sent.start_char + intro.end(), sent.end_char)
    listed = bool(intro) and not provisions
    for follower in sents[i + 1:i + 8]:
        if listed or _OBLIGATION.search(follower.text):
            category = categorize(follower.text)
            if category != "other" or listed:
                provisions.append(_provision(document, follower.start_char, follower.end_char, category))
        elif provisions and follower.text.count("\n") == 0 and not _OBLIGATION.search(follower.text):
            break
        if "\n\n" in document.text[follower.end_char:follower.end_char + 3] and not listed:
            break
    return _merge_same_category(provisions)


def _split_inline(document: Document, start: int, end: int) -> list[Provision]:
    """'…: A lay down arms, withdraw from positions, and equipment is handed over.' → three terms."""
    text = document.text[start:end]
    provisions = []
    for m in re.finditer(r"[^,;]+", text):
        lead = re.match(r"\s*(?:and\s+)?", m.group(0)).end()
        s, e = start + m.start() + lead, start + m.end()
        while e > s and document.text[e - 1] in " .":
            e -= 1
        if e - s >= 8:
            provisions.append(_provision(document, s, e, categorize(document.text[s:e])))
    return provisions


def _provision(document: Document, start: int, end: int, category: str) -> Provision:
    return Provision(category=category, text=document.text[start:end],
                     mentions=[ProvisionMention(doc=document.id, start=start, end=end)])


def _merge_same_category(provisions: list[Provision]) -> list[Provision]:
    merged: dict[str, Provision] = {}
    for p in provisions:
        if p.category in merged and p.category != "other":
            merged[p.category].mentions.extend(p.mentions)
        else:
            merged.setdefault(p.category if p.category != "other" else f"other{len(merged)}", p)
    return list(merged.values())


def _mediators(text: str, actors: list[ActorMention], in_scope: list[ActorMention]) -> list[str]:
    """Actors introduced anywhere by 'mediation of', 'brokered by', …, and peacekeepers or IGOs in the terms."""
    cued = [a for a in actors if _MEDIATION.search(text[max(0, a.start - 40):a.start])]
    found = [a.actor for a in cued] + [a.actor for a in in_scope if a.sector in MEDIATOR_SECTORS]
    return list(dict.fromkeys(found))


def _effective(times: list[TimeMention], spans: list[tuple[int, int]]) -> str | None:
    for t in times:
        if t.utc and any(s <= t.start < e for s, e in spans):
            return t.utc
    return None
