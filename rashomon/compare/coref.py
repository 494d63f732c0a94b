"""Cross-document event coreference: mentions in different reports that are the same real event.

Two event mentions of different documents corefer when nothing known about them disagrees — the same
PLOVER type, compatible actors (equal, or one the other's parent code: SDN-MIL and SDN-MIL-saf), the
same day unless their words are nearly the same (then their days conflict) — and the words around
their triggers say the same thing: a weighted overlap of content words, each weighted by how rare it is
among the story's documents (every report of a truce says "ceasefire"; only the ones about the same
clause say "hospitals"). Links are taken best first
and merge two groups only when no report is in both (agglomerative clustering with a cannot-link between
mentions of one document), so an event has at most one mention per report and loosely similar sentences
cannot chain into one event of everything. Event places are not compared: the events stage gives the
sentence's place, which in "Russian peacekeepers will be deployed in Karabakh, Moscow said" is not the
event's own.

Cost: candidate pairs come from an inverted index of the rarer words (in at most MAX_POSTING reports), and
each mention is compared with at most MAX_CANDIDATES of them, those sharing the most weight of rare words:
the work grows with a story's mentions, not with their pairs; the whole runs inside one story.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from rashomon.model import Annotations, Claim, Event

SIMILARITY = 0.2  # weighted word overlap (of the smaller context) above which compatible mentions corefer
# (chosen on the corpus gold, benchmarks/compare.py: 0.2-0.4 with trigger windows or whole sentences all give
# claim-pair precision 0.72-0.82; the whole sentence at 0.2 gave the best recall at that precision)
SAME_WORDS = 0.6  # mentions dated to different days still corefer when their words are this alike (the
# dates then conflict: "talks on Thursday" against "talks on 21 November")
CONTEXT = 60  # words either side of the trigger: in practice the whole sentence
COMMON = 0.5  # a word in more than this share of the story's documents is not used to find candidates
MAX_POSTING = 40  # nor a word in more documents than this: candidate lists stay short in a large story
MAX_CANDIDATES = 60  # mentions compared with each mention: those sharing the most weight of rare words
STEM = 5  # words compared by their first letters: "deploy" and "deployed", "peacekeepers" and "peacekeeping"
STATED = frozenset({"asserted", "reported", "confirmed", "agreed"})  # clauses that state what happened
FAMILIES = {"AGREE": "agree", "SUPPORT": "agree", "COOPERATE": "agree", "ASSAULT": "fight", "FIGHT": "fight",
            "COERCE": "fight"}
_WORD = re.compile(r"[^\W\d_]{3,}", re.U)
_STOP = frozenset("""the and for that this with from have has had were was will would their they them said says
also been which about after there other into more than when what over only some such these those while where
being could should its his her our who whom not but are all any can may one two three four five new""".split())


@dataclass(eq=False)
class EventMention:
    event: Event
    doc: str
    words: frozenset[str]
    country: str | None  # of the event's place, when resolved
    day: str | None  # the event's date (YYYY-MM-DD) or coarser ISO value, when known
    factuality: str = "happened"  # happened | denied | planned | …, read with the clause that states it
    speaker: str | None = None  # actor id of who says it (the claims layer), None = the outlet's own voice


def event_mentions(ann: Annotations) -> list[EventMention]:
    """One mention per event of a document, with the words around its trigger."""
    countries = {p.geonames_id: p.country for p in ann.places if p.geonames_id is not None}
    out = []
    for e in ann.events:
        sentence = ann.doc.text[e.start:e.end]
        words = [w.lower() for w in _WORD.findall(sentence)]
        at = next((i for i, w in enumerate(words) if w == e.trigger.lower().split()[0]), len(words) // 2) \
            if e.trigger else len(words) // 2
        context = {w[:STEM] for w in words[max(0, at - CONTEXT):at + CONTEXT + 1] if w not in _STOP}
        clause = _clause(ann, e)
        out.append(EventMention(e, ann.doc.id, frozenset(context), countries.get(e.place), _day(e.time),
                                _polarity(e, clause), clause.speaker if clause else None))
    return out


def _clause(ann: Annotations, e: Event) -> Claim | None:
    """The claim (claims layer) whose clause holds the event's trigger."""
    at = e.start + max(ann.doc.text[e.start:e.end].find(e.trigger), 0) if e.trigger else e.start
    return next((c for c in ann.claims if c.start <= at < c.end), None)


def _polarity(e: Event, clause: Claim | None) -> str:
    """Whether the report says the event happened, that it did not, or something else (a plan, a pledge):
    the event's own factuality, overruled by the claim whose clause holds the trigger when that clause is
    negated or denied ("civilians were not targeted") or is not stated as fact (a plan, a condition)."""
    if clause is None:
        return e.factuality
    if clause.factuality in {"denied", "negated"}:
        return "denied"
    if e.factuality == "happened" and clause.factuality not in STATED:
        return clause.factuality
    return e.factuality


def _day(value: str | None) -> str | None:
    if not value or value.startswith(("X", "P")) or not value[:4].isdigit() or value.endswith("_REF"):
        return None
    return value[:10]


def coreferent_events(anns: list[Annotations]) -> list[list[EventMention]]:
    """Groups of mentions, across documents, of one real event (groups of one included), in text order."""
    mentions = [m for ann in anns for m in event_mentions(ann)]
    docs = len({m.doc for m in mentions}) or 1
    words_of: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        words_of[m.doc] |= m.words
    df = Counter(w for words in words_of.values() for w in words)
    weight = {w: math.log(1 + docs / n) for w, n in df.items()}
    index: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        for w in m.words:
            if (df[w] / docs <= COMMON or docs <= 2) and df[w] <= MAX_POSTING:
                index[w].append(i)
    parent = list(range(len(mentions)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    totals = [sum(weight.get(w, 0.0) for w in m.words) for m in mentions]  # each mention's, once
    links = []
    for i, m in enumerate(mentions):
        shared: Counter[int] = Counter()
        for w in m.words:
            for j in index.get(w, ()):
                if j > i:
                    shared[j] += weight[w]
        for j, _ in shared.most_common(MAX_CANDIDATES):
            pair = (totals[i], totals[j])
            if compatible(m, mentions[j]) and (score := similarity(m, mentions[j], weight, pair)) >= SIMILARITY \
                    and (score >= SAME_WORDS or not _different_days(m, mentions[j])):
                links.append((score, i, j))
    # best links first; two groups merge only if no document is in both, so a group holds one mention
    # per report and a chain of loosely similar sentences cannot grow into one event of everything
    docs_of = {i: {m.doc} for i, m in enumerate(mentions)}
    for _, i, j in sorted(links, key=lambda link: (-link[0], link[1], link[2])):
        a, b = root(i), root(j)
        if a != b and not docs_of[a] & docs_of[b]:
            parent[b] = a
            docs_of[a] |= docs_of.pop(b)
    groups: dict[int, list[EventMention]] = defaultdict(list)
    for i, m in enumerate(mentions):
        groups[root(i)].append(m)
    return list(groups.values())


def similarity(a: EventMention, b: EventMention, weight: dict[str, float],
               totals: tuple[float, float] | None = None) -> float:
    """Weight of the shared words over the lighter mention's; `totals`, each mention's weight if known."""
    shared = sum(weight.get(w, 0.0) for w in a.words & b.words)
    if totals is None:
        totals = sum(weight.get(w, 0.0) for w in a.words), sum(weight.get(w, 0.0) for w in b.words)
    smaller = min(totals)
    return shared / smaller if smaller else 0.0


def compatible(a: EventMention, b: EventMention) -> bool:
    """Nothing known about the two mentions' types and actors disagrees (unknowns fit anything)."""
    if a.doc == b.doc or family(a.event.type) != family(b.event.type):
        return False
    return _same_actor(a.event.source, b.event.source) and _same_actor(a.event.target, b.event.target)


def _different_days(a: EventMention, b: EventMention) -> bool:
    return bool(a.day and b.day and not (a.day.startswith(b.day) or b.day.startswith(a.day)))


def family(plover_type: str) -> str:
    """Types one report may use where another uses the other: "signed" is AGREE to one coder and SUPPORT to
    the next; an attack is ASSAULT or FIGHT. Other types stand alone."""
    return FAMILIES.get(plover_type, plover_type)


def _same_actor(a: str | None, b: str | None) -> bool:
    if a is None or b is None or a.startswith("UNK") or b.startswith("UNK"):
        return True
    return a == b or a.startswith(b + "-") or b.startswith(a + "-")


def claim_key(group: list[EventMention]) -> str:
    """How a merged event is named to a reader: its type, the actors any mention knows, and its trigger."""
    first = group[0].event
    source = next((m.event.source for m in group if m.event.source), None)
    target = next((m.event.target for m in group if m.event.target), None)
    return f"{first.type} {source or '?'} → {target or '?'}: {first.trigger}"


def alike(a: EventMention, b: EventMention) -> bool:
    """Whether two mentions plainly tell one thing: the same type and verb (by its stem) and nearly the same
    words (most of the smaller context shared) — the evidence a conflict between them needs."""
    smaller = min(len(a.words), len(b.words))
    return (a.event.type == b.event.type and _stem(a.event.trigger) == _stem(b.event.trigger)
            and bool(smaller) and len(a.words & b.words) / smaller >= SAME_WORDS)


def _stem(trigger: str) -> str:
    return trigger.lower().split()[0][:STEM] if trigger else ""
