"""Stories: documents about the same event grouped by what they name, when, and how they say it.

Similarity mixes the resolved places and actors two documents share, the words they share,
and whether their publication dates are close; documents join the most similar story above
a threshold (single-link), so a new report joins an existing story without re-clustering.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rashomon.model import Annotations

THRESHOLD = 0.22
MAX_DAYS_APART = 10
_WORD = re.compile(r"[^\W\d_]{4,}", re.U)
_STOP = frozenset("""that this with from have were will their they them said also been which would about after
there other into more than when what over only some such these those while where being could should""".split())


@dataclass
class Profile:
    """What a document is about, reduced to sets that can be compared cheaply."""

    doc: str
    entities: frozenset[str]
    words: frozenset[str]
    day: date | None


def profile(ann: Annotations) -> Profile:
    places = {f"p{p.geonames_id}" for p in ann.places if p.geonames_id is not None}
    actors = {f"a{a.actor}" for a in ann.actors if ":" not in a.actor and not a.actor.startswith("UNK")}
    words = {w.lower() for w in _WORD.findall(ann.doc.text)} - _STOP
    published = ann.doc.published_time
    return Profile(ann.doc.id, frozenset(places | actors), frozenset(words), published.date() if published else None)


def similarity(a: Profile, b: Profile) -> float:
    if a.day and b.day and abs((a.day - b.day).days) > MAX_DAYS_APART:
        return 0.0
    return 0.6 * _jaccard(a.entities, b.entities) + 0.4 * _jaccard(a.words, b.words)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def cluster(profiles: list[Profile], threshold: float = THRESHOLD) -> list[list[str]]:
    """Each document joins the story holding its most similar document, else starts one."""
    stories: list[list[Profile]] = []
    for p in profiles:
        best, best_score = None, threshold
        for story in stories:
            score = max(similarity(p, q) for q in story)
            if score >= best_score:
                best, best_score = story, score
        if best is None:
            stories.append([p])
        else:
            best.append(p)
    return [[p.doc for p in story] for story in stories]
