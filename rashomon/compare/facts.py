"""Facts: one question, every outlet's answer, and a verdict (agree, conflict, update, single-source).

Numbers compare as ranges ("at least 15" overlaps "more than 10" but not "12"); clock times as
UTC instants (so "13:00 (GMT+4)" and "12:00 Moscow time" agree); places by GeoNames id (so
Khankendi and Stepanakert are one place, named two ways).
"""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timedelta

from rashomon.annotate.quantities import find_quantities
from rashomon.compare.coref import EventMention, coreferent_events
from rashomon.compare.measures import Measure, measures, overlap, same_figure
from rashomon.model import Annotations, Fact, FactValue

MIN_DOCS_FOR_INSTANT = 2


def number_facts(anns: list[Annotations]) -> list[Fact]:
    """Figures by what they measure: a toll (killed, wounded, …) is one fact per story, whatever the figures;
    other kinds (hostages, days of truce, …) are one fact per stated figure, so "50 hostages freed" and
    "240 hostages held" are two facts, not a conflict. Each document gives its first figure of a fact."""
    groups: list[list[Measure]] = []
    tolls: dict[str, list[Measure]] = {}
    for ann in anns:
        taken: set[int] = set()
        for m in document_measures(ann):
            if m.toll:
                group = tolls.setdefault(m.kind, [])
                if not group:
                    groups.append(group)
            else:
                group = next((g for g in groups if g[0].kind == m.kind and not g[0].toll and same_figure(g[0], m)),
                             None)
                if group is None:
                    group = []
                    groups.append(group)
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
    """The figures of one document: the events' quantities, then what the text states beyond them."""
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


def instant_facts(anns: list[Annotations]) -> list[Fact]:
    """Clock times that several outlets give for the same UTC instant, in whatever clock they used."""
    by_instant: dict[str, dict[str, FactValue]] = defaultdict(dict)
    for ann in anns:
        for t in ann.times:
            if t.utc:
                by_instant[t.utc].setdefault(ann.doc.id, FactValue(doc=t.doc, value=t.text, start=t.start, end=t.end))
    return [
        Fact(aspect="time", key=f"instant {instant}", verdict="agree", values=list(values.values()))
        for instant, values in sorted(by_instant.items())
        if len(values) >= MIN_DOCS_FOR_INSTANT
    ]


def planned_facts(anns: list[Annotations]) -> list[Fact]:
    """When each outlet says a planned or pledged event happens (talks on the 20th vs the 21st)."""
    by_type: dict[str, dict[str, tuple[str, FactValue]]] = defaultdict(dict)
    for ann in anns:
        for e in ann.events:
            if e.factuality in {"planned", "pledged"} and e.time and not e.time.startswith(("X", "P")):
                fv = _time_surface(ann, e.start, e.end) or FactValue(doc=e.doc, value=e.time, start=e.start, end=e.end)
                by_type[e.type].setdefault(ann.doc.id, (e.time if e.time.endswith("Z") else e.time[:10], fv))
    return [_dated_fact(f"{type_.lower()} date (planned)", per_doc) for type_, per_doc in sorted(by_type.items())]


def effective_facts(anns: list[Annotations]) -> list[Fact]:
    """When each outlet says the agreement took effect, compared as UTC instants."""
    per_doc = {}
    for ann in anns:
        for ag in ann.agreements:
            if ag.effective_utc:
                t = next((t for t in ann.times if t.utc == ag.effective_utc), None)
                fv = FactValue(doc=ann.doc.id, value=t.text if t else ag.effective_utc,
                               start=t.start if t else ag.start, end=t.end if t else ag.end)
                per_doc.setdefault(ann.doc.id, (ag.effective_utc, fv))
    return [_dated_fact("agreement takes effect (UTC)", per_doc)] if per_doc else []


def _dated_fact(key: str, per_doc: dict[str, tuple[str, FactValue]]) -> Fact:
    """Dates agree when their spans overlap: "later this week" fits "Thursday", "21 November" does not fit it."""
    spans = [time_span(n) for n, _ in per_doc.values()]
    known = [sp for sp in spans if sp is not None]
    if len(per_doc) < 2:
        verdict = "single-source"
    elif all(a[0] < b[1] and b[0] < a[1] for i, a in enumerate(known) for b in known[i + 1:]):
        verdict = "agree"
    else:
        verdict = "conflict"
    return Fact(aspect="time", key=key, verdict=verdict, values=[fv for _, fv in per_doc.values()])


def time_span(value: str) -> tuple[datetime, datetime] | None:
    """The stretch of time a TIMEX3 value covers (instant, day, ISO week, month, year), else None."""
    try:
        if value.endswith("Z"):
            start = datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None)
            return start, start + timedelta(minutes=1)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            start = datetime.fromisoformat(value)
            return start, start + timedelta(days=1)
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
            start = datetime.fromisocalendar(int(m[1]), int(m[2]), 1)
            return start, start + timedelta(weeks=1)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            start = datetime(int(m[1]), int(m[2]), 1)
            return start, datetime(start.year + start.month // 12, start.month % 12 + 1, 1)
        if re.fullmatch(r"\d{4}", value):
            return datetime(int(value), 1, 1), datetime(int(value) + 1, 1, 1)
    except ValueError:
        return None
    return None


def _time_surface(ann: Annotations, start: int, end: int) -> FactValue | None:
    """The words the outlet used for the event's time, when they lie in its sentence."""
    for t in ann.times:
        if start <= t.start < end and t.type in {"DATE", "TIME"}:
            return FactValue(doc=t.doc, value=t.text, start=t.start, end=t.end)
    return None


def place_facts(anns: list[Annotations]) -> list[Fact]:
    """One place named differently across outlets (contested or variant names): the same place."""
    by_place: dict[int, dict[str, FactValue]] = defaultdict(dict)
    names: dict[int, str] = {}
    for ann in anns:
        for p in ann.places:
            if p.geonames_id is None:
                continue
            names[p.geonames_id] = p.name or p.text
            by_place[p.geonames_id].setdefault(ann.doc.id, FactValue(doc=p.doc, value=p.text, start=p.start,
                                                                      end=p.end))
    facts = []
    for gid, per_doc in by_place.items():
        surfaces = {v.value.casefold() for v in per_doc.values()}
        if len(per_doc) >= 2 and len(surfaces) >= 2:
            facts.append(Fact(aspect="place", key=f"{names[gid]} (GeoNames {gid})", verdict="agree",
                              values=list(per_doc.values())))
    return facts


def claim_facts(anns: list[Annotations]) -> list[Fact]:
    """Events told across outlets, merged by cross-document coreference (see coref.py): told by several
    outlets (agree), by one only (single-source, kept when its actor is known, so a story does not list
    every verb of every report), or said to have happened by one and denied by another (conflict)."""
    if len(anns) < 2:
        return []
    text = {ann.doc.id: ann.doc.text for ann in anns}
    facts = []
    for group in coreferent_events(anns):
        per_doc = {m.doc: m for m in group}  # one mention per report (coref merges no two of one report)
        first = group[0].event
        if len(per_doc) < 2 and first.source is None and first.target is None:
            continue
        said = {m.factuality for m in per_doc.values()}
        verdict = ("single-source" if len(per_doc) < 2
                   else "conflict" if {"happened", "denied"} <= said else "agree")
        source = next((m.event.source for m in group if m.event.source), None)
        target = next((m.event.target for m in group if m.event.target), None)
        key = f"{first.type} {source or '?'} → {target or '?'}: {first.trigger}"
        values = [FactValue(doc=d, value=text[d][m.event.start:m.event.end], start=m.event.start, end=m.event.end)
                  for d, m in per_doc.items()]
        facts.append(Fact(aspect="claim", key=key, verdict=verdict, values=values))
    return sorted(facts, key=lambda f: (-len(f.values), f.key))
