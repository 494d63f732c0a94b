"""Dictionary forms of Russian and Ukrainian words (pymorphy3), to match names however a sentence declines them.

A word's key set holds the word itself and the normal form of every reading pymorphy3 gives it, folded
(case, yo as ye, typographic apostrophe): two words match when their sets meet, so "Министерства" meets
"Министерство" and an ambiguous form ("Гутерреша") meets whichever reading the name has. Languages
without a dictionary here get the folded word alone.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

LANGUAGES = frozenset({"ru", "uk"})  # pymorphy3-dicts-ru (OpenCorpora) and pymorphy3-dicts-uk (VESUM)


@lru_cache(maxsize=2)
def analyzer(language: str) -> Any:
    """pymorphy3's analyser for Russian or Ukrainian, loaded on first use (~0.3 s, ~15 MB each)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=language)


def fold(text: str) -> str:
    return text.casefold().replace("ё", "е").replace("’", "'").replace("ʼ", "'")


@lru_cache(maxsize=65536)
def normal_forms(word: str, language: str | None) -> frozenset[str]:
    """The folded word and the folded normal forms of all its readings."""
    forms = {fold(word)}
    if language in LANGUAGES and any(c.isalpha() for c in word):
        forms |= {fold(p.normal_form) for p in analyzer(language).parse(word.replace("’", "'"))}
    return frozenset(forms)
