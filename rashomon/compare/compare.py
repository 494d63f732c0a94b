"""The cross-document stage: stories, their aligned facts, and each story's agreement merged."""
from __future__ import annotations

from collections import Counter

from rashomon.compare.copies import copy_groups, count_copies_once
from rashomon.compare.coref import coreferent_events
from rashomon.compare.dates import effective_facts, event_date_facts, instant_facts
from rashomon.compare.facts import claim_facts, number_facts, place_facts
from rashomon.compare.stories import cluster, profile
from rashomon.model import Agreement, Annotations, Comparison, Provision, Story


def compare(anns: list[Annotations]) -> Comparison:
    """Stories over documents held in memory; a store is compared window by window (analysis.refresh)."""
    by_id = {a.doc.id: a for a in anns}
    stories, agreements = [], []
    for docs in cluster([profile(a) for a in anns]):
        story, agreement = story_of([by_id[d] for d in docs])
        stories.append(story)
        if agreement:
            agreements.append(agreement)
    return Comparison(stories=stories, agreements=agreements)


def story_of(members: list[Annotations]) -> tuple[Story, Agreement | None]:
    """One story's aligned facts, copies and merged agreement, from its documents alone."""
    story_id = "story-" + min(m.doc.hash for m in members)[:10]
    events = coreferent_events(members)
    facts = (number_facts(members) + effective_facts(members) + event_date_facts(members, events)
             + instant_facts(members) + place_facts(members) + claim_facts(members, events))
    copies = copy_groups(members)
    count_copies_once(facts, copies)
    story = Story(id=story_id, docs=[m.doc.id for m in members], facts=facts, title=neutral_title(members),
                  copies=copies)
    return story, merge_agreements(story_id, [ag for m in members for ag in m.agreements])


def neutral_title(members: list[Annotations]) -> str | None:
    """The headline of the member with the least loaded wording, so the story's name takes no side."""
    titled = [m for m in members if m.doc.title]
    if not titled:
        return None
    return min(titled, key=lambda m: len(m.framing) / max(len(m.doc.text), 1)).doc.title


def merge_agreements(story_id: str, found: list[Agreement]) -> Agreement | None:
    """One agreement per story: each outlet's terms mapped onto shared provision categories."""
    if not found:
        return None
    provisions: dict[str, Provision] = {}
    for ag in found:
        for p in ag.provisions:
            key = p.category if p.category != "other" else f"other:{p.text[:40]}"
            if key in provisions:
                provisions[key].mentions.extend(p.mentions)
            else:
                provisions[key] = Provision(category=p.category, text=p.text, mentions=list(p.mentions))
    instants = Counter(ag.effective_utc for ag in found if ag.effective_utc)
    return Agreement(
        id=f"{story_id}:agreement",
        docs=list(dict.fromkeys(d for ag in found for d in ag.docs)),
        kind=Counter(ag.kind for ag in found).most_common(1)[0][0],
        parties=list(dict.fromkeys(p for ag in found for p in ag.parties)),
        mediators=list(dict.fromkeys(m for ag in found for m in ag.mediators)),
        effective_utc=instants.most_common(1)[0][0] if instants else None,
        provisions=list(provisions.values()),
        start=found[0].start,
        end=found[0].end,
    )
