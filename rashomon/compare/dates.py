"""Times across reports: one instant in many clocks, and the day each report gives one event.

Clock times compare as UTC instants (so "13:00 (GMT+4)" and "12:00 Moscow time" agree, and an undated
report's "1945 GMT" joins "21:45 Khartoum time on May 22"); an event's dates compare as spans of time
("later this week" fits "Thursday"), weekdays by the day they fall on; two different days for one event
(merged across reports by coref.py) conflict.
"""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime, timedelta

from rashomon.compare.clock import utc_clock
from rashomon.compare.coref import EventMention, alike, claim_key, coreferent_events, trigger_at
from rashomon.model import Annotations, Event, Fact, FactValue, TimeMention

MIN_DOCS_FOR_INSTANT = 2
EFFECTIVE = "agreement takes effect (UTC)"
REACH = 60  # characters between an event's trigger and the date that dates it
_CLAUSE_BREAK = re.compile(r"[;:()\[\]—–]|\.\s|,\s+(?:which|who|where|while|after|before|since|when)\b")
_ASIDE = re.compile(r"\([^()]{0,40}\)")
_BOUND = re.compile(r"\b(?:since|until|till|before|after|from|by|(?:not|no) later than)\s+$", re.I)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DAY_WORDS = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|\b{_MONTH}\s+\d{{1,2}}\b|\d{{4}}-\d\d-\d\d|"
                        r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|\b(?:today|tomorrow|yesterday|tonight)\b",
                        re.I)
_ISO = re.compile(r"\d{4}-\d\d-\d\d")


def instant_facts(anns: list[Annotations]) -> list[Fact]:
    """Clock times that several outlets give for the same UTC instant, in whatever clock they used.

    A clock time whose day is unknown (a report without a date: "1945 GMT") joins the instant with the
    same UTC clock time, the one nearest the story's day if there are several; with none, the undated ones
    agree among themselves.
    """
    return [_instant_fact(instant, values) for instant, values in _instants(anns).items()
            if len(values) >= MIN_DOCS_FOR_INSTANT]


def _instant_fact(instant: str, values: dict[str, FactValue]) -> Fact:
    return Fact(aspect="time", key=f"instant {instant}", verdict="agree", values=list(values.values()))


def _instants(anns: list[Annotations]) -> dict[str, dict[str, FactValue]]:
    """Each UTC instant (or UTC clock, day not stated) the reports give, with each report's first wording."""
    day = story_day(anns)
    dated: dict[str, dict[str, FactValue]] = defaultdict(dict)
    undated: dict[str, dict[str, FactValue]] = defaultdict(dict)
    for ann in anns:
        for t in ann.times:
            value = FactValue(doc=t.doc or ann.doc.id, value=t.text, start=t.start, end=t.end)
            if t.utc:
                dated[t.utc[:16] + "Z" if len(t.utc) > 16 else t.utc].setdefault(ann.doc.id, value)
            elif (clock := utc_clock(t, ann.doc.text, day, ann.doc.language, ann.places)) is not None:
                on, hhmm = clock
                if on:
                    dated[f"{on}T{hhmm}Z"].setdefault(ann.doc.id, value)
                else:
                    undated[hhmm].setdefault(ann.doc.id, value)
    for hhmm, values in undated.items():
        same = [instant for instant in dated if instant[11:16] == hhmm]
        if same:
            nearest = min(same, key=lambda i: (abs((date.fromisoformat(i[:10]) - day).days) if day else 0,
                                               -len(dated[i])))
            for doc, value in values.items():
                dated[nearest].setdefault(doc, value)
        else:
            dated[f"{hhmm} UTC, day not stated"] = values
    return dict(sorted(dated.items()))


def time_facts(anns: list[Annotations], groups: list[list[EventMention]] | None = None) -> list[Fact]:
    """Every time fact of a story: when the agreement took effect, each coreferent event's date, and the
    instants the reports give — with what answers one question folded into one fact. An instant or an
    event's date joins the effective time when it shares a wording with it (the same words of the same
    report), and an instant also when its clock fits every report's effective time: "21:45 Khartoum time"
    read as the effective time in one report, only as a clock time in a second and as the date of "the
    truce goes into effect" in a third is one answer to one question. An instant stays a fact of its own
    as well (the same instant in every clock the reports use); a folded event date does not."""
    effective = _effective_values(anns)
    instants = _instants(anns)
    dated = event_dates(anns, groups)
    if effective:
        spans = {(fv.doc, fv.start) for _, fv in effective.values()}
        given = list(effective.values())
        for instant, values in instants.items():
            value = instant if instant.endswith("Z") else f"clock {instant[:5]}"
            if any((fv.doc, fv.start) in spans for fv in values.values()) \
                    or all(dates_fit(value, v) for v, _ in given):
                for doc, fv in values.items():
                    effective.setdefault(doc, (value, fv))
        kept = []
        for key, per_doc in dated:
            if any((fv.doc, fv.start) in spans for _, fv in per_doc.values()):
                for doc, found in per_doc.items():
                    effective.setdefault(doc, found)
            else:
                kept.append((key, per_doc))
        dated = kept
    facts = [_dated_fact(EFFECTIVE, effective)] if effective else []
    facts += [_dated_fact(key, per_doc) for key, per_doc in dated]
    return facts + [_instant_fact(i, v) for i, v in instants.items() if len(v) >= MIN_DOCS_FOR_INSTANT]


def story_day(anns: list[Annotations]) -> date | None:
    """The middle publication day of a story's dated reports: the day an undated clock time most likely has."""
    days = sorted(d.date() for a in anns if (d := a.doc.published_time) is not None)
    return days[len(days) // 2] if days else None


def event_date_facts(anns: list[Annotations], groups: list[list[EventMention]] | None = None) -> list[Fact]:
    """When each outlet says one event (merged across reports by coreference) happens or will happen:
    talks "on Thursday" against "on 21 November" conflict, "later this week" fits "Thursday", and an
    undated report's "on Saturday" fits another's "20 May" when that day is a Saturday."""
    return [_dated_fact(key, per_doc) for key, per_doc in event_dates(anns, groups)]


def event_dates(anns: list[Annotations], groups: list[list[EventMention]] | None = None
                ) -> list[tuple[str, dict[str, tuple[str, FactValue]]]]:
    """Each coreferent event told with a date by two reports or more: its key, and each report's date."""
    by_doc = {ann.doc.id: ann for ann in anns}
    found_dates = []
    for group in coreferent_events(anns) if groups is None else groups:
        per_doc: dict[str, tuple[str, FactValue]] = {}
        said_by: dict[str, EventMention] = {}
        for m in group:  # a report's most precise date of the event, of its first telling on a tie
            found = event_date(by_doc[m.doc], m.event)
            if found is not None and (m.doc not in per_doc or _finer(found[0], per_doc[m.doc][0])):
                per_doc[m.doc], said_by[m.doc] = found, m
        if len(per_doc) < 2:
            continue
        unfit = [(a, b) for i, a in enumerate(per_doc) for b in list(per_doc)[i + 1:]
                 if not dates_fit(per_doc[a][0], per_doc[b][0])]
        # two days for one event is a conflict only when the two sentences say nearly the same thing;
        # a looser match may be two events, and a wrong conflict costs a reader more than a missed one:
        # then the reports whose dates fit are kept as the event's date, the others left out
        if not all(alike(said_by[a], said_by[b]) for a, b in unfit):
            per_doc = {doc: per_doc[doc] for doc in _fitting(per_doc)}
        if len(per_doc) >= 2:
            found_dates.append((f"date of {claim_key(group)}", per_doc))
    return found_dates


def _finer(a: str, b: str) -> bool:
    """Whether date value `a` says more than `b` ("24 February" more than "February"): a shorter span; a
    day without its year ("XXXX-02-24") or a weekday counts as one day."""
    def length(value: str) -> timedelta:
        if value.startswith("XXXX"):
            return timedelta(days=1)
        span = time_span(value)
        return span[1] - span[0] if span else timedelta.max
    return length(a) < length(b)


def _fitting(per_doc: dict[str, tuple[str, FactValue]]) -> list[str]:
    """The reports of the largest set of dates that all fit one another (each distinct date in turn seeds a
    set that takes every other date fitting all it holds; the first largest wins). Work grows with the
    distinct dates, not with the reports."""
    docs_of: dict[str, list[str]] = defaultdict(list)
    for doc, (value, _) in per_doc.items():
        docs_of[value].append(doc)
    best: list[str] = []
    for seed in docs_of:
        held = [seed]
        for value in docs_of:
            if value not in held and all(dates_fit(value, h) for h in held):
                held.append(value)
        docs = [doc for value in held for doc in docs_of[value]]
        if len(docs) > len(best):
            best = docs
    return best


def event_date(ann: Annotations, e: Event) -> tuple[str, FactValue] | None:
    """The date the words give for an event: the date mention nearest its trigger in the same clause
    (no clause break between them, at most REACH characters away), not a "since …"/"until …" bound."""
    text = ann.doc.text
    at = trigger_at(text, e)
    at_end = e.trigger_end if e.trigger_start == at and e.trigger_end else at + len((e.trigger or " ").split()[0])
    dated = []
    for t in ann.times:
        if not (e.start <= t.start < e.end and t.type in {"DATE", "TIME"}) or date_value(t) is None:
            continue
        # the words between the trigger and the date ("(1945 GMT)" breaks no clause)
        between = _ASIDE.sub("", text[t.end:at] if t.end <= at else text[max(at_end, at):t.start])
        if len(between) > REACH or _CLAUSE_BREAK.search(between) or _BOUND.search(text[max(0, t.start - 8):t.start]):
            continue
        if _ISO.fullmatch(t.text.strip()):  # a bare ISO date is a page's metadata, not the report's words
            continue
        dated.append(t)
    if not dated:
        return None
    t = min(dated, key=lambda t: abs(t.start - at))
    return str(date_value(t)), FactValue(doc=ann.doc.id, value=t.text, start=t.start, end=t.end)


def date_value(t: TimeMention) -> str | None:
    """A mention's value at day level or coarser (a weekday alone, XXXX-WXX-6, when the day is unknown)."""
    if t.utc:
        return t.utc[:10]
    value = t.value
    if re.fullmatch(r"XXXX-WXX-[1-7]", value) or re.fullmatch(r"XXXX-\d\d-\d\d", value):
        return value
    m = re.match(r"(\d{4}(?:-\d\d(?:-\d\d)?|-W\d\d)?)", value)
    return m.group(1) if m else None


def states_day(words: str) -> bool:
    """Whether a time's own words name its day (a date, a weekday, today/tomorrow), not only a clock time."""
    return bool(_DAY_WORDS.search(words))


def dates_fit(a: str, b: str) -> bool:
    """Whether two values can be the same time: spans overlap, a weekday matches a date's weekday, a day
    without its year matches a date's month and day, a clock time without a day matches the clock of an
    instant; what cannot be compared fits."""
    if a.startswith("clock ") or b.startswith("clock "):
        clock = [v[6:] if v.startswith("clock ") else v[11:16] for v in (a, b)]
        return clock[0] == clock[1] or not all(re.fullmatch(r"\d\d:\d\d", c) for c in clock)
    for x, y in ((a, b), (b, a)):
        if m := re.fullmatch(r"XXXX-WXX-([1-7])", x):
            if y.startswith("XXXX-WXX"):
                return x == y
            span = time_span(y)
            return span is None or span[1] - span[0] > timedelta(days=1) or span[0].isoweekday() == int(m[1])
        if m := re.fullmatch(r"XXXX-(\d\d-\d\d)", x):
            return y[5:10] == m[1] if re.fullmatch(r"\d{4}-\d\d-\d\d", y) or (
                y.startswith("XXXX-") and "W" not in y) else True
    span_a, span_b = time_span(a), time_span(b)
    return span_a is None or span_b is None or (span_a[0] < span_b[1] and span_b[0] < span_a[1])


def effective_facts(anns: list[Annotations]) -> list[Fact]:
    """When each outlet says the agreement took effect, compared as UTC instants — by the clock alone when
    the words give no day ("01:00 local time"): the day was then inferred from the publication date, and
    two outlets' identical words must not conflict because they were published on different days."""
    per_doc = _effective_values(anns)
    return [_dated_fact(EFFECTIVE, per_doc)] if per_doc else []


def _effective_values(anns: list[Annotations]) -> dict[str, tuple[str, FactValue]]:
    per_doc: dict[str, tuple[str, FactValue]] = {}
    for ann in anns:
        for ag in ann.agreements:
            if ag.effective_utc:
                t = next((t for t in ann.times if t.utc == ag.effective_utc), None)
                if t is not None and _BOUND.search(ann.doc.text[max(0, t.start - 20):t.start]):
                    continue  # "not later than midnight" is a deadline, not when anything took effect
                fv = FactValue(doc=ann.doc.id, value=t.text if t else ag.effective_utc,
                               start=t.start if t else ag.start, end=t.end if t else ag.end)
                value = ag.effective_utc if t is None or states_day(t.text) else f"clock {ag.effective_utc[11:16]}"
                per_doc.setdefault(ann.doc.id, (value, fv))
    return per_doc


def _dated_fact(key: str, per_doc: dict[str, tuple[str, FactValue]]) -> Fact:
    """Dates agree when their spans overlap: "later this week" fits "Thursday", "21 November" does not fit it."""
    values = [n for n, _ in per_doc.values()]
    if len(per_doc) < 2:
        verdict = "single-source"
    elif all(dates_fit(a, b) for i, a in enumerate(values) for b in values[i + 1:]):
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
