"""Stories: documents about the same event grouped by what they name, when, and how they say it.

Similarity mixes the resolved places and actors two documents share, the words they share,
and whether their publication dates are close; documents join the most similar story above
a threshold (single-link). Documents are taken in publication order (undated ones first, since they
may join any story), so a story whose newest document is more than MAX_DAYS_APART behind the
document at hand can take no more: it is closed and handed out, and only the open window is held.
A story also closes once MAX_STORY_DAYS have passed since its first dated document: single-link
would otherwise chain a month of daily reports on one war, sharing its places and actors, into one
"story" that never closes, so memory and the comparison's cost would grow with the whole stream.
Cost and memory grow with the documents of one window, not with the store.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from rashomon.model import Annotations

THRESHOLD = 0.22
MAX_DAYS_APART = 10
# A month. Longer coverage splits into month-long stories (our corpus has one of 46 days: talks, deal,
# follow-up; B3 F1 0.814 -> 0.792 there) so that no story keeps growing with the stream.
MAX_STORY_DAYS = 31
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
    """Places by GeoNames id, actors by dictionary id and clock times by UTC instant are the same in every
    language, so a Russian or Arabic report shares them with an English one although no word is shared."""
    places = {f"p{p.geonames_id}" for p in ann.places if p.geonames_id is not None}
    actors = {f"a{a.actor}" for a in ann.actors if ":" not in a.actor and not a.actor.startswith("UNK")}
    instants = {f"t{t.utc[:16]}" for t in ann.times if t.type == "TIME" and t.utc and len(t.utc) >= 16}
    words = {w.lower() for w in _WORD.findall(ann.doc.text)} - _STOP
    return Profile(ann.doc.id, frozenset(places | actors | instants), frozenset(words),
                   publication_day(ann.doc.published))


def publication_day(published: str | None) -> date | None:
    """The day a document was published, in its own clock (as its dateline gives it)."""
    try:
        return datetime.fromisoformat(published).date() if published else None
    except ValueError:
        return None


def day_order(published: str | None) -> tuple[bool, date]:
    """The sort key of clustering order for a publication time: undated first, then by day."""
    day = publication_day(published)
    return day is not None, day or date.min


def similarity(a: Profile, b: Profile) -> float:
    if a.day and b.day and abs((a.day - b.day).days) > MAX_DAYS_APART:
        return 0.0
    return 0.6 * _jaccard(a.entities, b.entities) + 0.4 * _jaccard(a.words, b.words)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)  # the union's size from it: building the union cost as much as the intersection
    return shared / (len(a) + len(b) - shared)


def publication_order(profiles: list[Profile]) -> list[Profile]:
    """The order clustering takes documents in: undated first, then by publication day (stable)."""
    return sorted(profiles, key=_order_key)


def _order_key(p: Profile) -> tuple[bool, date]:
    return p.day is not None, p.day or date.min  # the same order as day_order


def cluster(profiles: list[Profile], threshold: float = THRESHOLD) -> list[list[str]]:
    """Documents linked by a similarity above the threshold, directly or through others, form one story."""
    clusterer = Clusterer(threshold)
    closed = [story for p in publication_order(profiles) for story in clusterer.add(p)]
    return closed + clusterer.finish()


@dataclass
class _Open:
    members: list[Profile]
    last: date | None  # the newest publication day; None while an undated member can still link anything
    first: date | None  # the oldest publication day of a dated member


class Clusterer:
    """Single-link clustering over documents fed in publication order, closing stories the window has passed."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self.open: list[_Open] = []
        self.previous: Profile | None = None

    def add(self, p: Profile) -> list[list[str]]:
        """Place one document; return the stories that can no longer grow (as document ids)."""
        if self.previous is not None and _order_key(p) < _order_key(self.previous):
            raise ValueError(f"{p.doc}: documents must come in publication order (see publication_order)")
        self.previous = p
        closed = self._close_before(p.day) if p.day else []
        # any member close enough links (single link): the newest first, the likeliest, and stop there
        linked = [s for s in self.open if any(similarity(p, q) >= self.threshold for q in reversed(s.members))]
        # a document that links stories joins them: single-link, so the order documents come in does not matter
        members = [q for s in linked for q in s.members] + [p]
        days = [q.day for q in members]
        dated = [d for d in days if d is not None]
        joined = _Open(members, None if None in days else max(days), min(dated) if dated else None)
        self.open = [s for s in self.open if s not in linked] + [joined]
        return closed

    def finish(self) -> list[list[str]]:
        """Every story still open, once all documents are in."""
        done = [[q.doc for q in s.members] for s in self.open]
        self.open = []
        return done

    def _close_before(self, day: date) -> list[list[str]]:
        passed = [s for s in self.open if (s.last is not None and (day - s.last).days > MAX_DAYS_APART)
                  or (s.first is not None and (day - s.first).days > MAX_STORY_DAYS)]
        self.open = [s for s in self.open if s not in passed]
        return [[q.doc for q in s.members] for s in passed]
