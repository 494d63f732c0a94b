"""What is reported of each agreement term after it was announced: steps, completion, delays, violations.

The events stage codes what happened in each sentence; an event is a report on a term when what it
acts on concerns that term: the event's trigger and object ("released 39 Palestinian women", "the
disarmament began") carry a cue of the term's category and score as the same term by the alignment's
similarity (so the release of hostages is not news of the prisoners' release). Each report goes to the
one term of each deal it fits best, and only to a deal already announced when it was published and,
for an extension or a recalled earlier deal, reported by the same document (news of a truce's first
day is no step of the extension agreed four days later). Its status
comes from the sentence: violation alleged (fighting or attacks after the deal, "breach", "violate"),
delayed ("postponed", "not before", "yet to"), completed ("completed", "fully"), else implementation
reported. Every step keeps its document, sentence and event, so a monitor sees who reported it; the
first step of every term is its announcement by the earliest outlet that states it.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from rashomon.compare.agreements import TERM_WORDS, _norm, _plain_words, similarity, term_keys
from rashomon.model import Agreement, Annotations, Event, Provision, ProvisionStatus

VIOLENT = {"ASSAULT", "FIGHT", "COERCE", "MOBILIZE", "THREATEN"}
_VIOLATION = re.compile(r"\b(?:violat\w*|breach\w*|broke|broken|renege\w*|despite|in defiance|continued fighting|"
                        r"fighting continued|shelling|air ?strikes?|missiles?|fighter jets?|attack\w*|clash\w*)\b",
                        re.I)
_DELAY = re.compile(r"\b(?:delay\w*|postpon\w*|not before|yet to|has not|have not|had not|not yet|lapse[sd]?|"
                    r"put off|will not (?:happen|begin|start|take place))\b", re.I)
_DONE = re.compile(r"\b(?:completed?|finished|fully (?:implemented|withdrawn|handed)|"
                   r"all (?:of )?the \w+ (?:were|have been) (?:released|freed|handed))\b", re.I)
_STARTED = re.compile(r"\b(?:began|begun|begins|started|starts|commenced|under ?way|first (?:group|batch|stage)|"
                      r"(?:were|was|been|had been|have been) (?:released|freed|handed over|delivered|deployed|"
                      r"withdrawn|convened|formed|established)|arrived|delivered|convened|evacuating|released|freed|"
                      r"reached|crossed|entered)\b", re.I)


_VIOLATION_WORDS = re.compile(r"\b(?:violat\w*|breach\w*|renege\w*|in defiance)\b", re.I)


def link_implementation(agreements: list[Agreement], members: list[Annotations]) -> None:
    """Fill each provision's status history from the events of the story's documents."""
    if not agreements:
        return
    published = {m.doc.id: m.doc.published for m in members}
    for agreement in agreements:
        for p in agreement.provisions:
            first = min(p.mentions, key=lambda m: (published.get(m.doc) or "9999", m.doc))
            p.status = [ProvisionStatus(status="announced", doc=first.doc, start=first.start, end=first.end,
                                        time=published.get(first.doc))]
    starts: dict[str, set[int]] = {}
    for m in members:
        starts.setdefault(m.doc.id, set()).update(pm.start for a in m.agreements for p in a.provisions
                                                  for pm in p.mentions)
    stated = {doc: sorted(found) for doc, found in starts.items()}  # document → starts of the terms it states
    announced = {a.id: min((published[d] or "")[:10] for d in a.docs if d in published) if any(
        published.get(d) for d in a.docs) else "" for a in agreements}
    for member in members:
        live = _live(agreements, announced, member)
        for report in (r for a in member.agreements for r in a.reports):
            step = report.status[0]
            for p in _best_terms(live, term_keys(report), {report.category}):
                if not any(s.doc == step.doc and s.start == step.start for s in p.status):
                    p.status.append(step)
    effective = {a.id: a.effective_utc for a in agreements}
    for member in members:
        live = _live(agreements, announced, member)
        for event in member.events:
            if _inside_a_term(event, member, stated):
                continue
            sentence = member.doc.text[event.start:event.end]
            status = _status(event, sentence)
            if status is None:
                continue
            if status == "violation-alleged" and not _VIOLATION_WORDS.search(sentence):
                # fighting after the deal is in force breaks its ceasefire, not each of its terms
                found = [next(iter(p for p in a.provisions if p.category == "ceasefire"), None) for a in live
                         if _after(event, member, effective[a.id], sentence)]
                found = [p for p in found if p is not None]
            else:
                if status == "violation-alleged":
                    live_now = [a for a in live if _after(event, member, effective[a.id], sentence)]
                else:
                    live_now = live
                found = _concerned(live_now, event, member.doc.text)
            for p in found:
                if any(s.doc == event.doc and s.start == event.start for s in p.status):
                    continue
                p.status.append(ProvisionStatus(status=status, doc=event.doc, start=event.start, end=event.end,
                                                time=event.time or member.doc.published, event=event.id))
    for agreement in agreements:
        for p in agreement.provisions:
            p.status.sort(key=lambda s: (s.status != "announced", s.time or "9999"))


def _inside_a_term(event: Event, member: Annotations, stated: dict[str, list[int]]) -> bool:
    """An event in a sentence that states a term is the term itself, not news of its implementation
    (what such a sentence reports as done is found by the agreements stage as a report)."""
    starts = stated.get(member.doc.id, [])
    k = bisect_left(starts, event.start)
    return k < len(starts) and starts[k] < event.end


def _after(event: Event, member: Annotations, effective: str | None, sentence: str) -> bool:
    """Fighting is a violation only once the deal is in force (or when the report calls it one)."""
    if re.search(r"\b(?:violat\w*|breach\w*|renege\w*|despite)\b", sentence, re.I):
        return True
    when = event.time or member.doc.published
    if not effective or not when or not re.match(r"\d{4}-\d\d-\d\d", when):
        return False
    if len(when) > 10 and when.endswith("Z"):
        return when >= effective
    # a day's report recounts the war that led to the deal ('after six weeks of fighting'): fighting on a
    # known day counts when the sentence speaks of the truce ('the ceasefire began with continued fighting')
    return when[:10] >= effective[:10] and bool(_TRUCE.search(sentence))


_TRUCE = re.compile(r"\b(?:cease-?fire|truce|cessation|lull|pause|armistice)s?\b", re.I)


def _live(agreements: list[Agreement], announced: dict[str, str], member: Annotations) -> list[Agreement]:
    """The deals a document's reports may speak of: those announced by its publication date, and an
    extension or a recalled earlier deal only when the document itself reports it (news of a truce's
    first day is no step of the extension agreed days later)."""
    published = member.doc.published
    return [a for a in agreements if (not announced[a.id] or not published or published[:10] >= announced[a.id])
            and (a.role not in {"extension", "earlier"} or member.doc.id in a.docs)]


REPORT_MATCH = 0.4  # similarity at or above which a report concerns a term: a shared term word at least


def _best_terms(agreements: list[Agreement], keys: set[str], categories: set[str]) -> list[Provision]:
    """In each deal, the term that a report's words fit best, at REPORT_MATCH or above; of equally fitting
    terms the one most outlets state ('the first day of a four-day pause' is news of the truce, not of
    each ceasefire clause that shares its word)."""
    keys = {k for k in keys if not k.isdigit()}  # a step frees some of the number the term names
    found = []
    for a in agreements:
        scored = [(similarity(keys, term_keys(p)), len({m.doc for m in p.mentions}), -k, p)
                  for k, p in enumerate(a.provisions) if p.category in categories]
        best = max(scored, key=lambda s: s[:3], default=None)
        if best is not None and best[0] >= REPORT_MATCH:
            found.append(best[3])
    return found


def _status(event: Event, sentence: str) -> str | None:
    if event.factuality in {"pledged", "planned"} and not _DELAY.search(sentence):
        return None
    if _DELAY.search(sentence):
        return "delayed"
    if event.type in VIOLENT or _VIOLATION.search(sentence):
        return "violation-alleged"
    if _DONE.search(sentence):
        return "completed"
    if _STARTED.search(sentence) and event.factuality == "happened":
        return "implementation-reported"
    return None


def _concerned(agreements: list[Agreement], event: Event, text: str) -> list[Provision]:
    """The terms an event reports on: what the event acts on (its trigger, the words after it and its
    target) must share the term's own word (release, withdraw, disarm, …, inflections folded) and fit
    its wording best."""
    keys = set(map(_norm, _plain_words(_acted_on(event, text))))
    if not keys & TERM_WORDS:
        return []
    categories = {p.category for a in agreements for p in a.provisions if keys & term_keys(p) & TERM_WORDS}
    return _best_terms(agreements, keys, categories)


_CLAUSE_END = re.compile(r"[.;:,!?()\n\"“”]| (?:and|but|while|after|before|as|since|under|amid|despite|which|who) ")


def _acted_on(event: Event, text: str) -> str:
    """The event's trigger with the words it governs: up to six words after it, within its clause, and
    the target the events stage found ('Israel released 39 Palestinian women' → 'released 39 Palestinian
    women'); without the trigger's offsets, the whole sentence."""
    if event.trigger_start is None or event.trigger_end is None:
        return text[event.start:event.end]
    after = text[event.trigger_end:event.end]
    stop = _CLAUSE_END.search(after)
    words = after[:stop.start() if stop else len(after)].split()[:6]
    target = (event.arguments.get("target") or {}).get("text") or ""
    before = text[max(event.start, event.trigger_start - 40):event.trigger_start].split()[-2:]
    return " ".join([*before, text[event.trigger_start:event.trigger_end], *words, target])
