"""Syndicated copies: documents that carry one wire text, found with MinHash LSH and counted once.

Two outlets printing the same Reuters story are one source, not two: a fact they alone report is
still single-source. Shingles are word 5-grams of the lower-cased text, so a changed headline, a
dateline or a closing line leaves the copy recognisable.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from rashomon.model import Annotations, Fact

if TYPE_CHECKING:
    from datasketch import MinHash

THRESHOLD = 0.7  # estimated Jaccard similarity of shingles above which two texts are copies
NUM_PERM = 128
SHINGLE = 5
_WORD = re.compile(r"\w+", re.U)


def minhash(text: str) -> MinHash:
    from datasketch import MinHash  # imports scipy: ~1 s that a one-file run should not pay up front

    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(len(words) - SHINGLE + 1, 1))}
    signature = MinHash(num_perm=NUM_PERM)
    signature.update_batch([s.encode("utf-8") for s in shingles])
    return signature


def prepare() -> None:
    """Load datasketch (it imports scipy: ~0.5 s) and derive the bands, e.g. once before forking workers
    that compare stories, instead of once in each."""
    _bands(THRESHOLD)


@lru_cache(maxsize=8)
def _bands(threshold: float) -> tuple[int, int]:
    """LSH bands and rows for the threshold. datasketch derives them by numerical integration (scipy) on
    every index it builds, ~15 ms, which was most of the cost of comparing a small story."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def copy_groups(anns: list[Annotations], threshold: float = THRESHOLD) -> list[list[str]]:
    """Groups of two or more documents that are copies of one text, in input order."""
    if len(anns) < 2:
        return []
    from datasketch import MinHashLSH

    lsh = MinHashLSH(num_perm=NUM_PERM, params=_bands(threshold))
    parent: dict[str, str] = {}

    def root(doc: str) -> str:
        while parent[doc] != doc:
            parent[doc] = parent[parent[doc]]
            doc = parent[doc]
        return doc

    for ann in anns:
        doc = ann.doc.id
        parent[doc] = doc
        signature = minhash(ann.doc.text)
        for other in lsh.query(signature):
            parent[root(other)] = root(doc)
        lsh.insert(doc, signature)
    groups: dict[str, list[str]] = {}
    for ann in anns:
        groups.setdefault(root(ann.doc.id), []).append(ann.doc.id)
    return [g for g in groups.values() if len(g) > 1]


def count_copies_once(facts: list[Fact], groups: list[list[str]]) -> None:
    """A fact told only by copies of one text has one source, however many outlets printed it."""
    group_of = {doc: i for i, group in enumerate(groups) for doc in group}
    for fact in facts:
        sources = {group_of.get(v.doc, v.doc) for v in fact.values}
        if fact.verdict == "agree" and len(sources) == 1 and fact.aspect in {"claim", "number"}:
            fact.verdict = "single-source"
