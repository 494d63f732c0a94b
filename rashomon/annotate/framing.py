"""Framing: the words that mark a side — contested place names and loaded terms.

The lexicons say which side a word belongs to and what a neutral wire would write instead,
so the comparison can show each outlet's vocabulary next to the others'.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rashomon.annotate.actors import dictionary
from rashomon.annotate.gazetteer import data_rows
from rashomon.model import Document, FramingMention, PlaceMention


@lru_cache(maxsize=1)
def _contested() -> dict[str, tuple[str, str]]:
    return {r["name"].casefold(): (r["perspective"], r["neutral"]) for r in data_rows("places/contested.csv")}


@lru_cache(maxsize=1)
def _loaded() -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    terms = {r["term"].lower(): (r["perspective"], r["neutral"]) for r in data_rows("lexicons/loaded_terms.csv")}
    for alias in dictionary().values():
        if alias.perspective:
            terms.setdefault(alias.name.lower(), (alias.perspective, ""))
    alternation = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.I), terms


def find_framing(document: Document, places: list[PlaceMention]) -> list[FramingMention]:
    found: list[FramingMention] = []
    for place in places:
        entry = _contested().get(place.text.casefold())
        if entry:
            found.append(FramingMention(doc=document.id, start=place.start, end=place.end, text=place.text,
                                        kind="contested-name", perspective=entry[0], neutral=entry[1]))
    pattern, terms = _loaded()
    for m in pattern.finditer(document.text):
        perspective, neutral = terms[m.group(0).lower()]
        found.append(FramingMention(doc=document.id, start=m.start(), end=m.end(), text=m.group(0),
                                    kind="loaded-term", perspective=perspective, neutral=neutral or None))
    return sorted(found, key=lambda f: f.start)
