"""The cross-document stage: stories, their aligned facts, and each story's agreement merged."""
from __future__ import annotations

from collections import Counter

from rashomon.compare.agreements import story_agreements
from rashomon.compare.copies import copy_groups, count_copies_once
from rashomon.compare.coref import coreferent_events
from rashomon.compare.dates import time_facts
from rashomon.compare.facts import claim_facts, number_facts, place_facts
from rashomon.compare.implementation import link_implementation
from rashomon.compare.stories import cluster, profile
from rashomon.model import Agreement, Annotations, Comparison, Story


def compare(anns: list[Annotations]) -> Comparison:
    """Stories over documents held in memory; a store is compared window by window (analysis.refresh)."""
    by_id = {a.doc.id: a for a in anns}
    stories, agreements = [], []
    for docs in cluster([profile(a) for a in anns]):
        story, found = story_of([by_id[d] for d in docs])
        stories.append(story)
        agreements.extend(found)
    return Comparison(stories=stories, agreements=agreements)


def story_of(members: list[Annotations]) -> tuple[Story, list[Agreement]]:
    """One story's aligned facts, copies and merged agreements, from its documents alone."""
    story_id = "story-" + min(m.doc.hash for m in members)[:10]
    events = coreferent_events(members)
    facts = (number_facts(members) + time_facts(members, events) + place_facts(members)
             + claim_facts(members, events))
    copies = copy_groups(members)
    count_copies_once(facts, copies)
    story = Story(id=story_id, docs=[m.doc.id for m in members], facts=facts, title=neutral_title(members),
                  copies=copies)
    agreements = story_agreements(story_id, [ag for m in members for ag in m.agreements])
    link_implementation(agreements, members)
    return story, agreements


def neutral_title(members: list[Annotations]) -> str | None:
    """The headline of the member with the least loaded wording, so the story's name takes no side.

    Only headlines in the language most of the story's reports are written in compete: loaded wording is
    looked up per language, and a report in a language with no framing lexicon would always look neutral.
    """
    titled = [m for m in members if m.doc.title]
    if not titled:
        return None
    language = Counter(m.doc.language for m in titled).most_common(1)[0][0]
    titled = [m for m in titled if m.doc.language == language]
    return min(titled, key=lambda m: len(m.framing) / max(len(m.doc.text), 1)).doc.title
