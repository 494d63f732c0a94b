"""How many, beyond English: counts with their qualifiers in Russian, Ukrainian, Arabic, Turkish,
Azerbaijani and Armenian, as the same ranges and fact kinds as the English quantities.

"не менее 12 погибших", "at least 12 killed" and "ما لا يقل عن 12 قتيلا" must be one figure of one fact,
so each qualifier maps to the English qualifier it means (data/lexicons/numbers.yaml) and the range is
computed by quantities.py's own rule; each counted word maps to a kind the compare stage already knows
(killed, wounded, hostages, prisoners, tonnes, ships, …). Number words are read through their lemma
(pymorphy3) in Russian and Ukrainian, so "двенадцати" is 12.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from rashomon.annotate.morphology import analyzer
from rashomon.annotate.quantities import VAGUE, _range
from rashomon.annotate.times_multilingual import DIGITS, _alt, key, lexicon, unmarked
from rashomon.data import load_yaml
from rashomon.model import Quantity

LANGUAGES = ("ru", "uk", "ar", "tr", "az", "hy")
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u0640"
_GAP = rf"(?:\s+(?:[^\W\d_]|[{_MARKS}])+){{0,3}}?"  # up to three words between a number and what it counts


@dataclass
class Count(Quantity):
    """A quantity with the number its words state (before any qualifier); -1 for a vague count ("десятки")."""

    stated: float = -1.0


@dataclass(frozen=True)
class _Grammar:
    language: str
    qualifiers: dict[str, str]
    after: dict[str, str]
    vague: dict[str, str]
    scales: dict[str, float]
    words: dict[str, int]
    kinds: tuple[str, ...]  # the kind of each counted-noun group k0, k1, …
    first_kinds: tuple[str, ...]  # the kind of each group f0, f1, … of words before the number
    before: re.Pattern[str]  # [qualifier] number [scale] … counted noun [qualifier after]
    kind_first: re.Pattern[str]  # what happened [qualifier] number [scale]: "погибли не менее 12", "الإفراج عن 3"
    number_of: re.Pattern[str]  # the number of X … [qualifier] number: "число погибших достигло 15"


@lru_cache(maxsize=1)
def _numbers_yaml() -> dict[str, Any]:
    text = resources.files("rashomon.data").joinpath("lexicons/numbers.yaml").read_text(encoding="utf-8")
    return load_yaml(text)


@cache
def number_words(language: str) -> dict[str, int]:
    """Number words of a language → value; in Russian and Ukrainian every case form ("двенадцати")."""
    words = {key(k): int(v) for k, v in _numbers_yaml()[language]["words"].items()}
    if language in {"ru", "uk"}:
        words = {**{key(f.word): v for w, v in words.items() for p in analyzer(language).parse(w)[:1]
                    for f in p.lexeme}, **words}
    return words


@cache
def lasting_words(language: str) -> re.Pattern[str] | None:
    """The words of a language for things that last (truce, war, talks, deployment, extension), one named
    group per thing (numbers.yaml `lasting`); Arabic words may carry a proclitic (و ف ب ل ك)."""
    if language not in LANGUAGES or not (raw := _numbers_yaml()[language].get("lasting")):
        return None
    clitic = "[وفبلك]?" if language == "ar" else ""
    return re.compile("|".join(rf"(?<![^\W\d_]){clitic}(?P<{thing}>{pattern})(?![^\W\d_])"
                               for thing, pattern in raw.items()), re.I)


@cache
def grammar(language: str) -> _Grammar | None:
    if language not in LANGUAGES:
        return None
    raw: dict[str, Any] = _numbers_yaml()[language]
    qualifiers = {key(k): v for k, v in raw["qualifiers"].items()}
    after = {key(k): v for k, v in (raw.get("after") or {}).items()}
    vague = {key(k): v for k, v in raw["vague"].items()}
    scales = {key(k): float(v) for k, v in raw["scales"].items()}
    words = number_words(language)
    start = r"(?<![\w.,])"
    if language == "ar":  # و ب ل written onto the qualifier or number: "وأكثر من", "بنحو"
        start = r"(?:(?<![\w.,])|(?<=(?<!\w)[وبل]))"
    spelled = rf"(?:{_alt(words)})(?:\s+(?:و\s*)?(?:{_alt(words)})(?![^\W\d_])){{0,2}}"  # "двадцать пять"
    number = (rf"(?P<num>\d{{1,3}}(?:[ ,\u00a0\u202f]\d{{3}})+|\d+(?:[.,]\d+)?|(?:{spelled}|{_alt(vague)})"
              rf"(?![^\W\d_]))")
    scale = rf"(?:\s+(?P<scale>{_alt(scales)})\.?(?!\w))?"
    kinds = "|".join(f"(?P<k{i}>{pattern})" for i, pattern in enumerate(raw["kinds"].values()))
    if language == "ar":
        kinds = rf"(?:ال)?(?:{kinds})"  # "عشرات الضحايا": the counted noun may take the article
    qual = rf"(?:(?P<qual>{_alt(qualifiers)})\s+)?"
    tail = rf"(?:\s*(?P<after>{_alt(after)})(?!\w))?" if after else r"(?P<after>(?!x)x)?"
    suffix = r"(?:['’]?[^\W\d_]{0,4})?"  # "200'den", "1960 جنديا" handled by the kind's own \w*
    before = re.compile(rf"{start}{qual}{number}{suffix}{scale}{tail}{_GAP}\s+(?:من\s+)?(?P<kind>{kinds})(?!\w)"
                        rf"{tail.replace('after', 'after2')}", re.I)
    firsts = "|".join(f"(?P<f{i}>{pattern})" for i, pattern in enumerate(raw["kind_first"].values()))
    lex = lexicon(language)
    not_a_count = rf"(?!\s*(?:[:.]\d|%|(?:{_alt(lex.months)})(?!\w)))" if lex else ""
    first_start = r"(?:(?<!\w)|(?<=(?<!\w)[وف]))" if language == "ar" else r"(?<!\w)"  # "وأصيب ٤٣"
    kind_first = re.compile(rf"{first_start}(?P<first>{firsts})\s+{qual}{number}{scale}(?!\w){not_a_count}", re.I)
    # "число погибших достигло 15", "عدد المفرج عنهم سيكون 13": the number of X is N
    word = rf"(?:[^\W\d_]|[{_MARKS}])+"
    if raw.get("number_of"):
        head = rf"(?:{_alt(raw['number_of'])})\s+(?:ال)?(?P<kind>{kinds})"
    elif raw.get("number_of_after"):
        head = rf"(?P<kind>{kinds})\s+(?:{_alt(raw['number_of_after'])})"
    else:
        head = r"(?P<kind>(?!x)x)"
    to = r"(?:(?:до|إلى|الى)\s+)?"  # "зросла до 20": reached 20, not "up to 20"
    number_of = re.compile(rf"{start}{head}(?!\w)(?:\s+{word}){{0,3}}?\s+{to}{qual}{number}{scale}(?!\w)"
                           rf"{not_a_count}", re.I)
    return _Grammar(language, qualifiers, after, vague, scales, words, tuple(raw["kinds"]), tuple(raw["kind_first"]),
                    before, kind_first, number_of)


def find_counts(text: str, language: str, doc: str = "") -> list[Count]:
    """Every qualified count of a text in `language`, as ranges with their kind, left to right."""
    g = grammar(language)
    if g is None:
        return []
    read, index = unmarked(text.translate(DIGITS))  # Arabic-Indic digits are one character each
    found: list[Count] = []
    for pattern in (g.number_of, g.kind_first, g.before):  # "الإفراج عن 3 أسرى" is a release of 3, as in English
        for m in pattern.finditer(read):
            start, end = (m.start(), m.end()) if index is None else (index[m.start()], index[m.end()])
            while end > start and text[end - 1].isspace():
                end -= 1
            if any(c.start < end and start < c.end for c in found):
                continue
            count = _count(m, g, text, doc, start, end)
            if count is not None:
                found.append(count)
    return sorted(found, key=lambda c: c.start)


def _count(m: re.Match[str], g: _Grammar, text: str, doc: str, start: int, end: int) -> Count | None:
    if "first" in m.re.groupindex:
        kind = next(name for i, name in enumerate(g.first_kinds) if m[f"f{i}"] is not None)
        between = ""
    else:
        kind = next(name for i, name in enumerate(g.kinds) if m[f"k{i}"] is not None)
        between = m.string[m.end("num"):m.start("kind")] if m.start("kind") > m.end("num") else ""
    num = m["num"]
    if re.fullmatch(r"(?:19|20)\d\d", num) and not m["qual"] and re.search(r"[^\W\d_]", between):
        return None  # a year ("в 2020 году погибли"), unless the counted noun follows it at once ("1960 جنديا")
    groups = m.groupdict()
    qual = g.qualifiers.get(key(groups.get("qual") or "")) or g.after.get(key(groups.get("after") or "")) or \
        g.after.get(key(groups.get("after2") or "")) or _after_inside(between, g)  # "13 من الأمهات على الأقل"
    vague = g.vague.get(key(num)) if not num[0].isdigit() else None
    if vague:  # "сотни погибших" is a floor, as compare reads "hundreds killed" (measures.from_quantity)
        low, high = VAGUE[vague]
        high = None if vague in {"hundreds", "thousands"} else float(high)
        return Count(kind=kind, low=float(low), high=high, text=text[start:end], doc=doc, start=start, end=end)
    value = _number(num, g)
    if value is None:
        return None
    if m["scale"]:
        value *= g.scales[key(m["scale"])]
    low, high = _range(f"{value:.6f}".rstrip("0").rstrip("."), qual)
    if low is None:
        return None
    return Count(kind=kind, low=low, high=high, text=text[start:end], doc=doc, start=start, end=end, stated=value)


def _after_inside(between: str, g: _Grammar) -> str:
    """A qualifier written between the number and its noun or verb ("١٨ شخصاً على الأقل قُتلوا")."""
    for phrase, qual in g.after.items():
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", between):
            return qual
    return ""


def _number(num: str, g: _Grammar) -> float | None:
    if num[0].isdigit():
        digits = re.sub(r"[ ,\u00a0\u202f](?=\d{3}\b)", "", num).replace(",", ".")
        try:
            return float(digits)
        except ValueError:
            return None
    parts = [_word_value(w, g) for w in re.split(r"\s+(?:و\s*)?|\s*و(?=\S)", key(num)) if w]
    if not parts or None in parts:
        return None
    if len(parts) > 1 and g.language != "ar" and any(a <= b for a, b in itertools.pairwise(parts)):
        return None  # "сто двадцать пять" adds up; "пять двадцать" is two numbers
    return float(sum(parts))  # Arabic says the units first: "خمسة وعشرون" = 25


def _word_value(word: str, g: _Grammar) -> int | None:
    if word in g.words:
        return g.words[word]
    if g.language in {"ru", "uk"}:
        lemma = analyzer(g.language).parse(word)[0].normal_form
        return g.words.get(lemma)
    return None
