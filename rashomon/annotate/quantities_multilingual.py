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
# Turkish, Azerbaijani and Armenian put the verb last: "39 Filistinli kadın ve çocuk serbest bırakıldı" has four
# words between the count and what happened to them, and "4 զինծառայող զոհվել է" says what happened to the
# servicemen after naming them; such a count takes the kind of the verb that closes its clause
VERB_FINAL = {"tr", "az", "hy"}
_GAP_VERB_FINAL = rf"(?:\s+(?:[^\W\d_]|[{_MARKS}])+){{0,5}}?"
# the kinds that say what happened to those counted (quantities.py's vocabulary), as against what they are
HAPPENED = ("killed", "wounded", "detained", "released", "displaced", "missing", "exchanged")
CLAUSE_REACH = 80  # characters after a count searched for its clause's verb


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
    verb: re.Pattern[str] | None  # verb-final languages: what happened to the counted, one group h0, h1, … per kind
    verb_kinds: tuple[str, ...]  # the kind of each group of `verb`
    months: dict[str, int]  # month words: a number beside one is a day of the month, not a count


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
    # a case suffix on the number: "200'den", Armenian and Azerbaijani after a hyphen ("6-ը", "90-dan"); "1960 جنديا"
    # is handled by the kind's own \w*
    suffix = r"(?:['’-]?[^\W\d_]{0,4})?" if language in VERB_FINAL else r"(?:['’]?[^\W\d_]{0,4})?"
    # "2 bin 700'den fazla": a thousand word, the hundreds after it, a case suffix
    scale = rf"(?:\s+(?P<scale>{_alt(scales)})(?:\s+(?P<plus>\d{{1,3}})(?!\d))?{suffix}\.?(?!\w))?"
    kinds = "|".join(f"(?P<k{i}>{pattern})" for i, pattern in enumerate(raw["kinds"].values()))
    if language == "ar":
        kinds = rf"(?:ال)?(?:{kinds})"  # "عشرات الضحايا": the counted noun may take the article
    qual = rf"(?:(?P<qual>{_alt(qualifiers)})\s+)?"
    tail = rf"(?:\s*(?P<after>{_alt(after)})(?!\w))?" if after else r"(?P<after>(?!x)x)?"
    gap = _GAP_VERB_FINAL if language in VERB_FINAL else _GAP
    before = re.compile(rf"{start}{qual}{number}{suffix}{scale}{tail}{gap}\s+(?:من\s+)?(?P<kind>{kinds})(?!\w)"
                        rf"{tail.replace('after', 'after2')}", re.I)
    firsts = "|".join(f"(?P<f{i}>{pattern})" for i, pattern in enumerate(raw["kind_first"].values()))
    lex = lexicon(language)
    not_a_count = rf"(?!\s*(?:[:.]\d|%|(?:{_alt(lex.months)})(?!\w)))" if lex else ""
    first_start = r"(?:(?<!\w)|(?<=(?<!\w)[وف]))" if language == "ar" else r"(?<!\w)"  # "وأصيب ٤٣"
    kind_first = re.compile(rf"{first_start}(?P<first>{firsts})\s*[՝:]?\s+{qual}{number}{scale}(?!\w){not_a_count}",
                            re.I)  # "վիրավորվել՝ ավելի քան 100-ը": wounded — more than 100
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
    happened = "|".join(f"(?P<h{i}>{raw['kinds'][kind]})" for i, kind in enumerate(HAPPENED) if kind in raw["kinds"])
    verb = re.compile(rf"(?<!\w)(?:{happened})(?!\w)", re.I) if language in VERB_FINAL and happened else None
    return _Grammar(language, qualifiers, after, vague, scales, words, tuple(raw["kinds"]), tuple(raw["kind_first"]),
                    before, kind_first, number_of, verb, tuple(k for k in HAPPENED if k in raw["kinds"]),
                    lex.months if lex else {})


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
        if kind not in HAPPENED and g.verb is not None:
            kind = _clause_verb(m.string, m.end("kind"), g) or kind
    num = m["num"]
    if _beside_month(m.string, m.start("num"), m.end("num"), g):
        return None  # "martın 5-də", "10 Mart": a day of the month
    if g.language in {"tr", "az"} and key(num) == "bir" and not m["scale"]:
        return None  # "bir kamyonda": "a truck"; Turkish and Azerbaijani "bir" is the article before it is one
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
        if m["plus"]:
            value += float(m["plus"])
    low, high = _range(f"{value:.6f}".rstrip("0").rstrip("."), qual)
    if low is None:
        return None
    return Count(kind=kind, low=low, high=high, text=text[start:end], doc=doc, start=start, end=end, stated=value)


def _clause_verb(text: str, at: int, g: _Grammar) -> str | None:
    """What happened to those counted, said by the verb that closes their clause ("50 rehinenin serbest
    bırakılacağını" = 50 hostages to be released; "4 զինծառայող զոհվել է" = 4 servicemen killed; "2 hərbçi və 3
    polisi həlak olmuşdu" = both killed): the first such word before the clause ends (a comma, a full stop or
    a line break)."""
    clause = re.match(r"[^,.;:!?։\n]*", text[at:at + CLAUSE_REACH])
    found = g.verb.search(clause.group(0)) if clause and g.verb else None
    if found is None:
        return None
    return next(kind for i, kind in enumerate(g.verb_kinds) if found[f"h{i}"] is not None)


def _beside_month(text: str, start: int, end: int, g: _Grammar) -> bool:
    """The number stands next to a month word ("martın 5-də", "10 Mart'ta", "ապրիլի 11-ին")."""
    if not g.months:
        return False
    before = re.search(r"([^\W\d_]+)\s*$", text[max(0, start - 20):start])
    after = re.match(r"(?:-\w+)?\s*([^\W\d_]+)", text[end:end + 20])
    return any(w is not None and key(w.group(1)) in g.months for w in (before, after))


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
