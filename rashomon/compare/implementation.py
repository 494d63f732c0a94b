"""What is reported of each agreement term after it was announced: steps, completion, delays, violations.

The events stage codes what happened in each sentence; an event whose sentence speaks of a term (a
cue of the term's category, and a content word the term's wordings share) is a report on that term.
Its status comes from the sentence: violation alleged (fighting or attacks after the deal, "breach",
"violate"), delayed ("postponed", "not before", "yet to"), completed ("completed", "fully"), else
implementation reported. Every step keeps its document, sentence and event, so a monitor sees who
reported it; the first step of every term is its announcement by the earliest outlet that states it.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from rashomon.annotate.provisions import taxonomy
from rashomon.compare.agreements import similarity, term_keys
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


def _cues() -> list[tuple[str, list[re.Pattern[str]]]]:
    """Category cues of the provision lexicon (matched here on the sentence's surface text)."""
    return [(category, patterns) for category, _, patterns in taxonomy()]


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
    for member in members:
        for report in (r for a in member.agreements for r in a.reports):
            for agreement in agreements:
                for p in _reported_terms(agreement, report):
                    step = report.status[0]
                    if not any(s.doc == step.doc and s.start == step.start for s in p.status):
                        p.status.append(step)
    effective = {a.id: a.effective_utc for a in agreements}
    for member in members:
        for event in member.events:
            if _inside_a_term(event, member, stated):
                continue
            sentence = member.doc.text[event.start:event.end]
            status = _status(event, sentence)
            if status is None:
                continue
            for agreement in agreements:
                if status == "violation-alleged" and not _after(event, member, effective[agreement.id], sentence):
                    continue
                for p in _concerned(agreement, event, sentence, status):
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
    return when[:10] >= effective[:10]


def _reported_terms(agreement: Agreement, report: Provision) -> list[Provision]:
    """The merged terms a report is about: same category and a shared term word (after synonyms)."""
    keys = term_keys(report)
    scored = [(similarity(keys, term_keys(p)), p) for p in agreement.provisions if p.category == report.category]
    best = max((s for s, _ in scored), default=0.0)
    return [p for s, p in scored if s >= 0.4 and s == best]


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


def _concerned(agreement: Agreement, event: Event, sentence: str, status: str) -> list[Provision]:
    """The terms a report is about: its category cue and a shared word, or, for fighting, the ceasefire."""
    if status == "violation-alleged" and not _VIOLATION_WORDS.search(sentence):
        # fighting after the deal is in force breaks its ceasefire, not each of its terms
        return [p for p in agreement.provisions if p.category == "ceasefire"][:1]
    categories = {c for c, patterns in _cues() if any(p.search(sentence) for p in patterns)}
    words = _stems(sentence)
    return [p for p in agreement.provisions if p.category in categories
            and words & set().union(*(_stems(w) for w in [p.text, *p.words]))]


_STOP = {"the", "and", "for", "with", "from", "that", "this", "their", "will", "would", "shall", "have", "been",
         "were", "which", "under", "into", "over", "after", "before", "agreement", "deal", "said", "also"}


def _stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in _STOP}
