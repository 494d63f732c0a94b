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
from dataclasses import dataclass, field

from rashomon.model import Annotations, Claim, Event

RETOLD = 0.1  # weighted word overlap two tellings of one event in one report need beside the same verb (a
# report's "agreed to disarm" and "agreed to a cessation of hostilities" stay two; on the corpus gold 0-0.3
# all give claim pairs P 0.70-0.73 / R 0.20-0.22)
SIMILARITY = 0.2  # weighted word overlap (of the smaller context) above which compatible mentions corefer
# (chosen on the corpus gold, benchmarks/compare.py: 0.2-0.4 with trigger windows or whole sentences all give
# claim-pair precision 0.72-0.82; the whole sentence at 0.2 gave the best recall at that precision)
SAME_WORDS = 0.6  # mentions dated to different days still corefer when their words are this alike (the
# dates then conflict: "talks on Thursday" against "talks on 21 November")
ALIKE_WORDS = 3  # content words the shorter of two sentences needs before they can be called alike (a
# two-word caption "hostages released" shares most of its words with any sentence on releases)
CONTEXT = 60  # words either side of the trigger: in practice the whole sentence
COMMON = 0.5  # a word in more than this share of the story's documents is not used to find candidates
MAX_POSTING = 40  # nor a word in more documents than this: candidate lists stay short in a large story
MAX_CANDIDATES = 60  # mentions compared with each mention: those sharing the most weight of rare words
STEM = 5  # words compared by their first letters: "deploy" and "deployed", "peacekeepers" and "peacekeeping"
STATED = frozenset({"asserted", "reported", "confirmed", "agreed"})  # clauses that state what happened
FAMILIES = {"AGREE": "agree", "SUPPORT": "agree", "COOPERATE": "agree", "ASSAULT": "fight", "FIGHT": "fight",
            "COERCE": "fight"}
AGREEING = frozenset({"AGREE", "SUPPORT", "CONCEDE", "COOPERATE"})  # types under which a deal is told
AGREEMENT_VERBS = frozenset({"agre", "sign", "reach", "concl", "seal", "ink", "accep"})  # stems (_stem)
HEADLINE_WORDS = 20  # a line this short without a final stop is a headline or caption
_FINAL_STOP = re.compile(r"[.!?…。؟][\"'”’»)\]]*$")
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
    headline: bool = False  # told in a headline or caption line, not in the report's own sentences
    language: str | None = None  # the report's language: across languages only the ids compare
    kind: str = field(init=False)  # the type family (family()), read once: compared for every candidate pair
    verb: str = field(init=False)  # the trigger's stem (_stem())

    def __post_init__(self) -> None:
        self.kind = family(self.event)
        self.verb = _stem(self.event.trigger)


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
        context |= _named(ann, e)
        clause = _clause(ann, e)
        out.append(EventMention(e, ann.doc.id, frozenset(context), countries.get(e.place), _day(e.time),
                                _polarity(e, clause), clause.speaker if clause else None,
                                headline_line(ann.doc.text, e.start), ann.doc.language))
    return out


def headline_line(text: str, at: int) -> bool:
    """Whether the line holding `at` reads as a headline or caption: short and without a sentence's final
    stop. Reports repeat their headline inside the text; the report's own telling is the sentence below."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = text[start:end if end >= 0 else len(text)].strip()
    return bool(line) and len(line.split()) <= HEADLINE_WORDS and not _FINAL_STOP.search(line)


def _named(ann: Annotations, e: Event) -> set[str]:
    """The places and actors the sentence names, by their ids ("#g" GeoNames id, "#a" actor id): the same
    in every language and spelling, so "Шойгу прибыл в Стамбул" and "Shoigu arrived in Istanbul" share
    them where they share no word. Weighted by rarity like the words."""
    inside = [f"#g{p.geonames_id}" for p in ann.places if p.geonames_id is not None and e.start <= p.start < e.end]
    inside += [f"#a{a.actor}" for a in ann.actors if a.actor and e.start <= a.start < e.end]
    return set(inside)


def _clause(ann: Annotations, e: Event) -> Claim | None:
    """The claim (claims layer) whose clause holds the event's trigger."""
    at = trigger_at(ann.doc.text, e)
    return next((c for c in ann.claims if c.start <= at < c.end), None)


def trigger_at(text: str, e: Event) -> int:
    """Where the event's trigger starts in the text: its own span when the events stage gave one (a sentence
    may hold the trigger's word twice: "signed today … will sign"), else the word's first place in it."""
    if e.trigger_start is not None and e.start <= e.trigger_start < e.end:
        return e.trigger_start
    return e.start + max(text[e.start:e.end].find(e.trigger), 0) if e.trigger else e.start


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
    """Groups of mentions, across documents, of one real event (groups of one included): in text order,
    except that a report's tellings in headline lines come after its others, so that the first telling of
    each report is one from its own sentences when it has one."""
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

    for a, b in _retellings(mentions, weight):  # one report telling one event twice is one event
        parent[b] = a

    totals = [sum(weight.get(w, 0.0) for w in m.words) for m in mentions]  # each mention's, once
    links = []
    for i, m in enumerate(mentions):
        shared: Counter[int] = Counter()
        for w in m.words:
            for j in index.get(w, ()):
                if j > i:
                    shared[j] += weight[w]
        for j, _ in shared.most_common(MAX_CANDIDATES):
            if not compatible(m, mentions[j]):
                continue
            if m.language != mentions[j].language:
                score = neutral_similarity(m, mentions[j], weight)
            else:
                score = similarity(m, mentions[j], weight, (totals[i], totals[j]))
            if score >= SIMILARITY and (score >= SAME_WORDS or not _different_days(m, mentions[j])):
                links.append((score, i, j))
    # best links first; two groups merge only if no document is in both, so a group holds one event per
    # report and a chain of loosely similar sentences cannot grow into one event of everything — unless
    # each report in both tells it there with the same verb (the events stage gave its tellings a wrong
    # day or actor, which kept them apart inside the report: the other reports show they are one)
    held: dict[int, dict[str, list[EventMention]]] = defaultdict(dict)  # group -> report -> its tellings
    for i, m in enumerate(mentions):
        held[root(i)].setdefault(m.doc, []).append(m)
    for _, i, j in sorted(links, key=lambda link: (-link[0], link[1], link[2])):
        a, b = root(i), root(j)
        if a != b and _may_merge(held[a], held[b]):
            if len(held[a]) < len(held[b]):
                a, b = b, a
            parent[b] = a
            for doc, told in held.pop(b).items():
                held[a].setdefault(doc, []).extend(told)
    groups: dict[int, list[EventMention]] = defaultdict(list)
    for i, m in enumerate(mentions):
        groups[root(i)].append(m)
    return [sorted(group, key=lambda m: m.headline) for group in groups.values()]


def _may_merge(a: dict[str, list[EventMention]], b: dict[str, list[EventMention]]) -> bool:
    """Whether two groups (report -> its tellings) may become one event: no report in both, or every report
    in both tells it in both with one verb (same type family and stem, same polarity)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return all(len({(m.kind, m.verb, m.factuality == "denied")
                    for m in small[doc] + large[doc]}) == 1 for doc in small if doc in large)


def _retellings(mentions: list[EventMention], weight: dict[str, float]) -> list[tuple[int, int]]:
    """Mentions of one report that tell the same event again, as (first telling, later telling): the same
    type family and verb (by its stem: "signed", "signing" and "sign" are one), actors that fit, no two
    days, both said to have happened or both denied — checked against every telling already merged, so
    "signed" on 6 October and "signed" on 10 November do not meet through an undated "signed" between
    them. A report names its main event in its headline and again further down; merged first, the report
    joins the other reports' event through whichever telling is closest to theirs."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        by_doc[m.doc].append(i)
    pairs = []
    for indices in by_doc.values():
        events: list[list[int]] = []
        for i in indices:
            home = next((ev for ev in events if all(_retold(mentions[j], mentions[i], weight) for j in ev)), None)
            if home is None:
                events.append([i])
            else:
                home.append(i)
                pairs.append((home[0], i))
    return pairs


def _retold(a: EventMention, b: EventMention, weight: dict[str, float]) -> bool:
    return (a.kind == b.kind and bool(a.verb) and a.verb == b.verb and similarity(a, b, weight) >= RETOLD
            and (a.factuality == "denied") == (b.factuality == "denied")
            and _same_actor(a.event.source, b.event.source) and _same_actor(a.event.target, b.event.target)
            and not _different_days(a, b))


def similarity(a: EventMention, b: EventMention, weight: dict[str, float],
               totals: tuple[float, float] | None = None) -> float:
    """Weight of the shared words over the lighter mention's; `totals`, each mention's weight if known."""
    shared = sum(weight.get(w, 0.0) for w in a.words & b.words)
    if totals is None:
        totals = sum(weight.get(w, 0.0) for w in a.words), sum(weight.get(w, 0.0) for w in b.words)
    smaller = min(totals)
    return shared / smaller if smaller else 0.0


def neutral_similarity(a: EventMention, b: EventMention, weight: dict[str, float]) -> float:
    """Across languages the words cannot meet, only what the sentences name by id (places, actors): the
    weight of the shared ids over the lighter mention's, when at least two ids are shared (one shared
    country is no evidence of one event)."""
    ids_a, ids_b = {w for w in a.words if w[0] == "#"}, {w for w in b.words if w[0] == "#"}
    if len(ids_a & ids_b) < 2:
        return 0.0
    smaller = min(sum(weight.get(w, 0.0) for w in ids_a), sum(weight.get(w, 0.0) for w in ids_b))
    return sum(weight.get(w, 0.0) for w in ids_a & ids_b) / smaller if smaller else 0.0


def compatible(a: EventMention, b: EventMention) -> bool:
    """Nothing known about the two mentions' types and actors disagrees (unknowns fit anything)."""
    if a.doc == b.doc or a.kind != b.kind:
        return False
    return _same_actor(a.event.source, b.event.source) and _same_actor(a.event.target, b.event.target)


def _different_days(a: EventMention, b: EventMention) -> bool:
    return bool(a.day and b.day and not (a.day.startswith(b.day) or b.day.startswith(a.day)))


def family(event: Event) -> str:
    """Types one report may use where another uses the other: an attack is ASSAULT or FIGHT; reaching or
    signing a deal is AGREE to one coder, SUPPORT or CONCEDE ("agreed to a ceasefire") to the next — so
    those types are one family when their verb is a verb of agreeing (AGREEMENT_VERBS), and a SUPPORT
    that is praise ("hailed") or a CONCEDE that is a concession ("eased") stays apart. Others stand alone."""
    if event.type in AGREEING and _stem(event.trigger) in AGREEMENT_VERBS:
        return "agree"
    return FAMILIES.get(event.type, event.type)


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
    words (most of the smaller context shared; the ids of what they name do not count: two sentences naming
    the same parties may still say different things) — the evidence a conflict between them needs."""
    words_a, words_b = {w for w in a.words if w[0] != "#"}, {w for w in b.words if w[0] != "#"}
    smaller = min(len(words_a), len(words_b))
    return (a.event.type == b.event.type and a.verb == b.verb
            and smaller >= ALIKE_WORDS and len(words_a & words_b) / smaller >= SAME_WORDS)


_SUFFIX = re.compile(r"(?:ing|ed|es|e|s)$")


def _stem(trigger: str) -> str:
    """A verb's stem: its first word without an inflection, cut to STEM letters ("signed", "signing" and
    "signs" are all "sign")."""
    return _SUFFIX.sub("", trigger.lower().split()[0])[:STEM] if trigger.strip() else ""
