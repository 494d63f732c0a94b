"""Framing: the words that mark a side — contested place names and loaded terms.

The lexicons (rashomon/data/framing/names.csv and terms.csv, see docs/framing.md) say which side a
word belongs to and what a neutral wire would write instead, each entry with its source, so the
comparison can show each outlet's vocabulary next to the others'. A side's words are listed as the
side uses them about any event of its conflict ("anti-terrorist operation", "Kiev regime"), never as
strings of one report. Actor names the actors dictionary marks with a perspective count as well.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rashomon.annotate.actors import dictionary
from rashomon.annotate.gazetteer import data_rows
from rashomon.model import Document, FramingMention, PlaceMention

STANCES = frozenset({"delegitimising", "legitimising"})
NAMES = "framing/names.csv"
TERMS = "framing/terms.csv"


@lru_cache(maxsize=1)
def _contested() -> dict[str, tuple[str, str]]:
    return {r["name"].casefold(): (r["perspective"], r["neutral"]) for r in data_rows(NAMES)}


@lru_cache(maxsize=1)
def _loaded() -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    terms = {r["term"].lower(): (r["perspective"], r["neutral"]) for r in data_rows(TERMS)}
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
    named = [(f.start, f.end) for f in found]
    pattern, terms = _loaded()
    for m in pattern.finditer(document.text):
        if any(s < m.end() and m.start() < e for s, e in named):
            continue  # a contested name the places stage found is not counted again as a term
        perspective, neutral = terms[m.group(0).lower()]
        if perspective in STANCES and _inside_name(document.text, m.start(), m.end()):
            continue  # "Liberation" in "Tigray People's Liberation Front" is a name, not the outlet's wording
        found.append(FramingMention(doc=document.id, start=m.start(), end=m.end(), text=m.group(0),
                                    kind="loaded-term", perspective=perspective, neutral=neutral or None))
    return sorted(found, key=lambda f: f.start)


def _inside_name(text: str, start: int, end: int) -> bool:
    """A capitalised word with a capitalised neighbour is part of a proper name ("People's Liberation Front")."""
    if not text[start:start + 1].isupper():
        return False
    before = re.search(r"([\w'’]+)\s+$", text[max(0, start - 30):start])
    after = re.match(r"\s+([\w'’]+)", text[end:end + 30])
    return any(m is not None and m.group(1)[:1].isupper() for m in (before, after))
