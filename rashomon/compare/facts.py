"""Facts: one question, every outlet's answer, and a verdict (agree, conflict, update, single-source).

Numbers compare as ranges ("at least 15" overlaps "more than 10" but not "12"); clock times as
UTC instants (so "13:00 (GMT+4)" and "12:00 Moscow time" agree); places by GeoNames id (so
Khankendi and Stepanakert are one place, named two ways).
"""
from __future__ import annotations

import re
from collections import defaultdict

from rashomon.annotate.quantities import find_quantities
from rashomon.annotate.quantities_multilingual import LANGUAGES as COUNT_LANGUAGES
from rashomon.compare.coref import EventMention, alike, claim_key, coreferent_events
from rashomon.compare.measures import Measure, counted_measures, measures, overlap, same_figure
from rashomon.model import Annotations, Fact, FactValue


def number_facts(anns: list[Annotations]) -> list[Fact]:
    """Figures by what they measure: a toll (killed, wounded, …) is one fact per story, whatever the figures;
    other kinds (hostages, days of truce, …) are one fact per stated figure, so "50 hostages freed" and
    "240 hostages held" are two facts, not a conflict. Each document gives its first figure of a fact."""
    groups: list[list[Measure]] = []
    tolls: dict[str, list[Measure]] = {}
    of_kind: dict[str, list[list[Measure]]] = defaultdict(list)  # the figures of one family, by stated number
    for ann in anns:
        taken: set[int] = set()
        for m in document_measures(ann):
            if m.toll:
                group = tolls.setdefault(m.kind, [])
                if not group:
                    groups.append(group)
            else:
                group = next((g for g in of_kind[m.family] if same_figure(g[0], m)), None)
                if group is None:
                    group = []
                    groups.append(group)
                    of_kind[m.family].append(group)
            if id(group) not in taken and all(v.doc != m.doc for v in group):
                group.append(m)
                taken.add(id(group))
    published = {ann.doc.id: ann.doc.published or "" for ann in anns}
    facts = []
    for group in groups:
        per_doc = {m.doc: m for m in group}
        values = [FactValue(doc=m.doc, value=m.text, start=m.start, end=m.end) for m in group]
        key = group[0].kind if group[0].toll else f"{group[0].kind} ({_figure(group[0])})"
        facts.append(Fact(aspect="number", key=key, verdict=_number_verdict(per_doc, published), values=values))
    return sorted(facts, key=lambda f: f.key)


def document_measures(ann: Annotations) -> list[Measure]:
    """The figures of one document: the events' quantities, then what the text states beyond them; a document
    in another language (its `language`, set by the language stage) is read by that language's counts."""
    if ann.doc.language in COUNT_LANGUAGES:
        return counted_measures(ann, ann.doc.language)
    events = [q for e in ann.events for q in e.quantities]
    text_wide = find_quantities(ann.doc.text, doc=ann.doc.id)
    return measures(ann, events + [q for q in text_wide if not any(e.start < q.end and q.start < e.end
                                                                   for e in events)])


def _figure(m: Measure) -> str:
    if m.stated < 0:
        return m.text
    value = f"{m.stated:,.0f}" if m.stated == int(m.stated) else f"{m.stated:,.2f}"
    return f"{value} days" if m.kind.startswith("duration") else value


def _number_verdict(per_doc: dict[str, Measure], published: dict[str, str]) -> str:
    if len(per_doc) < 2:
        return "single-source"
    items = list(per_doc.items())
    disjoint = [(a, b) for i, a in enumerate(items) for b in items[i + 1:] if not overlap(a[1], b[1])]
    if not disjoint:
        return "agree"
    rising = all(_later_is_higher(a, b, published) for a, b in disjoint)
    return "update" if rising else "conflict"


def _later_is_higher(a: tuple[str, Measure], b: tuple[str, Measure], published: dict[str, str]) -> bool:
    """A toll that rises between reports published at different times is an update, not a conflict."""
    (doc_a, qa), (doc_b, qb) = sorted((a, b), key=lambda item: published[item[0]])
    if not published[doc_a] or not published[doc_b]:
        return False  # without both publication times there is no "later"
    return published[doc_a][:13] != published[doc_b][:13] and qb.low > (qa.high or qa.low)


def place_facts(anns: list[Annotations]) -> list[Fact]:
    """One place named differently across outlets (contested or variant names): the same GeoNames id, so
    the values agree, and the key lists the names — the naming difference is what a reader should see.
    Each name a report uses is kept once (a report may itself write "Kalbajar" and "Kelbajar")."""
    by_place: dict[int, dict[tuple[str, str], FactValue]] = defaultdict(dict)
    names: dict[int, str] = {}
    for ann in anns:
        for p in ann.places:
            if p.geonames_id is None:
                continue
            names[p.geonames_id] = p.name or p.text
            by_place[p.geonames_id].setdefault((ann.doc.id, p.text.casefold()),
                                                FactValue(doc=p.doc or ann.doc.id, value=p.text, start=p.start,
                                                          end=p.end))
    facts = []
    for gid, values in by_place.items():
        surfaces = list(dict.fromkeys(v.value for v in values.values()))
        docs = {doc for doc, _ in values}
        if len(docs) >= 2 and len({s.casefold() for s in surfaces}) >= 2:
            facts.append(Fact(aspect="place", key=f"{names[gid]} (GeoNames {gid}), named {' / '.join(surfaces)}",
                              verdict="agree", values=list(values.values())))
    return facts


_NEGATION = re.compile(r"\b(?:not|no|never|none|nothing|neither|nor|denied|denies|deny|denying|rejected|"
                       r"refuted|dismissed)\b|n't\b", re.I)


def _by_polarity(group: list[EventMention], text: dict[str, str]) -> list[tuple[list[EventMention], bool]]:
    """One event, and whether its reports conflict. A report saying it happened and another that it did not
    conflict only when the two sentences plainly tell the same claim and just one of them negates it; when
    both negate ("release 'not before Friday'"), it is one claim the events stage coded two ways; otherwise
    the two sides are kept as separate claims — a wrong conflict costs a reader more than a missed one."""
    shown = list({m.doc: m for m in reversed(group)}.values())  # each report's first telling, the one shown
    denied = [m for m in shown if m.factuality == "denied"]
    happened = [m for m in shown if m.factuality == "happened"]
    if not denied or not happened:
        return [(group, False)]
    if any(alike(a, b) and negated(text[a.doc], a) != negated(text[b.doc], b)
           for a in denied for b in happened if a.doc != b.doc):
        return [(group, True)]
    if all(negated(text[m.doc], m) for m in happened):
        return [(group, False)]
    return [([m for m in group if m.factuality != "denied"], False), ([m for m in group if m.factuality == "denied"],
                                                                     False)]


def negated(text: str, m: EventMention) -> bool:
    """Whether the sentence of a mention holds a negation or denial word."""
    return bool(_NEGATION.search(text[m.event.start:m.event.end]))


def claim_facts(anns: list[Annotations], groups: list[list[EventMention]] | None = None) -> list[Fact]:
    """Events told across outlets, merged by cross-document coreference (see coref.py): told by several
    outlets (agree), by one only (single-source, kept when its actor is known, so a story does not list
    every verb of every report), or said to have happened by one and denied by another (conflict)."""
    if len(anns) < 2:
        return []
    text = {ann.doc.id: ann.doc.text for ann in anns}
    facts = []
    for group in coreferent_events(anns) if groups is None else groups:
        for told, conflicting in _by_polarity(group, text):
            per_doc: dict[str, EventMention] = {}
            for m in told:  # a report's first telling stands for it (coref may merge a report's retellings)
                per_doc.setdefault(m.doc, m)
            first = told[0].event
            if len(per_doc) < 2 and first.source is None and first.target is None:
                continue
            verdict = "single-source" if len(per_doc) < 2 else "conflict" if conflicting else "agree"
            values = [FactValue(doc=d, value=text[d][m.event.start:m.event.end], start=m.event.start,
                                end=m.event.end, speaker=m.speaker) for d, m in per_doc.items()]
            facts.append(Fact(aspect="claim", key=claim_key(told), verdict=verdict, values=values))
    return sorted(facts, key=lambda f: (-len(f.values), f.key))
