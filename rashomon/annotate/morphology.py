"""Dictionary forms of words, to match names however a sentence declines them or attaches to them.

A word's key set holds the word itself and its other possible dictionary forms, folded (case, yo as ye,
typographic apostrophes; Arabic alef and ya variants, short vowels and tatweel): two words match when
their sets meet. Russian and Ukrainian: the normal form of every reading pymorphy3 gives the word
("Министерства" meets "Министерство"; an ambiguous "Гутерреша" meets whichever reading the name has).
Arabic: the word without its proclitics (`arabic_proclitics`: wa-/fa- "and", bi-/li-/ka- "by, for, as";
li- + al- is written lil-), so "والجيش" and "للجيش" meet "الجيش". Other languages get the folded word alone.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

LANGUAGES = frozenset({"ru", "uk"})  # pymorphy3-dicts-ru (OpenCorpora) and pymorphy3-dicts-uk (VESUM)


@lru_cache(maxsize=2)
def analyzer(language: str) -> Any:
    """pymorphy3's analyser for Russian or Ukrainian, loaded on first use (~0.3 s, ~15 MB each)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=language)


_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ـ": None})
_ARABIC_MARKS = re.compile("[\u064b-\u0652\u0670]")
MIN_STEM = 2  # letters a proclitic must leave


def fold(text: str) -> str:
    text = text.casefold().replace("ё", "е").replace("’", "'").replace("ʼ", "'")
    return _ARABIC_MARKS.sub("", text.translate(_ARABIC_FOLD))


ARABIC_PREPOSITIONS = "بلك"  # bi-, li-, ka- "by, for, as"


def arabic_proclitics(word: str) -> list[tuple[int, str]]:
    """The word with its proclitics peeled, one reading per layer: (characters dropped from the front, the rest).
    A conjunction (و; ف only before a preposition or the article, so "فرانس" keeps its fa), then a
    preposition; li- + al- is written lil- and gives back the article. "والقاهرة" → "القاهرة"; "بغزة" → "غزة";
    "للجيش" → "لجيش", "الجيش". The one peeler of the project: names (actors.py through `normal_forms`) and
    places (places_multilingual.py) read Arabic words alike."""
    out = [(0, word)]
    rest, dropped = word, 0
    if len(rest) > MIN_STEM + 1 and (rest[0] == "و" or (rest[0] == "ف" and rest[1] in "ال" + ARABIC_PREPOSITIONS)):
        rest, dropped = rest[1:], 1
        out.append((dropped, rest))
    if len(rest) > MIN_STEM + 1 and rest[0] in ARABIC_PREPOSITIONS:
        if rest.startswith("لل"):
            out.append((dropped + 1, "ا" + rest[1:]))  # ل + ال is written لل
        rest, dropped = rest[1:], dropped + 1
        out.append((dropped, rest))
    return out


@lru_cache(maxsize=65536)
def normal_forms(word: str, language: str | None) -> frozenset[str]:
    """The folded word and the folded normal forms of all its readings."""
    forms = {fold(word)}
    if language in LANGUAGES and any(c.isalpha() for c in word):
        forms |= {fold(p.normal_form) for p in analyzer(language).parse(word.replace("’", "'"))}
    elif language == "ar":
        forms = {rest for _, rest in arabic_proclitics(fold(word))}
    return frozenset(forms)
