"""Figures a report states — counts and durations — with the kind of thing they measure, as ranges.

Two outlets' numbers are one fact only when they measure the same kind of thing ("50 hostages" and
"at least 50 hostages", not "50 hostages" and "150 prisoners"), so every figure carries a kind read from
the noun it counts or the thing that lasts (rashomon/data/compare/fact_kinds.csv). Qualifiers become
ranges ("at least 12" = [12, ∞), "more than 10" = (10, ∞) read as [11, ∞), "some 120,000" = ±5%,
"dozens" = [24, 99]); durations are normalized to days (hours as fractions, months as 30.44 days,
so "24 months" and "two years" are the same figure). Tolls (killed, wounded, …) come from the
annotate stage's quantity reader; the counts and durations here add what it does not cover.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rashomon.annotate.gazetteer import data_rows
from rashomon.annotate.quantities import VAGUE, WORD_NUMBERS, find_quantities
from rashomon.annotate.quantities_multilingual import find_counts, lasting_words
from rashomon.annotate.times_multilingual import unmarked
from rashomon.model import Annotations, Quantity

TOLLS = frozenset({"killed", "wounded", "displaced", "missing"})
# kinds one outlet may use where another uses the other for the same people: "50 hostages" in one report is
# "50 released" or "50 prisoners (أسرى) exchanged" in the next, "an estimated 240 held" is "roughly 240
# hostages"; a figure of one of them is the same fact as the same figure of another (never a conflict:
# non-toll figures are one fact per stated number)
CAPTIVES = frozenset({"hostages", "prisoners", "detained", "released", "exchanged"})
LOOSE = 0.15  # an unqualified duration in weeks, months or years ("a week-long meeting", "two years of war")
APPROXIMATE = 0.05  # "some", "about", "around", and unqualified round figures ("2,000-strong"): ±5%
DAYS = {"H": 1 / 24, "D": 1.0, "W": 7.0, "M": 365.25 / 12, "Y": 365.25}
WINDOW = 90  # characters before a duration searched for the thing it measures
_QUALIFIER = (r"(?P<qual>at least|a minimum of|minimum of|no fewer than|more than|over|some|about|around|nearly|"
              r"almost|up to|fewer than|less than|approximately|roughly|an estimated|estimated)")
_SCALE = r"(?:\s*(?P<scale>million|mn|billion|bn|thousand))?"
_NUMBER = (r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|half an?|an?|dozens|scores|hundreds|thousands|"
           + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + r")")
# words that may stand between a number and the noun it counts ("50 Israeli hostages", "90 armoured vehicles")
_MODIFIER = (r"(?:[A-Z][\w'-]*|more|other|additional|new|incoming|civilian|foreign|metric|armou?red|administrative|"
             r"[a-z]+(?:al|an|ese|ish|ive|ary|ic))")
_DURATION = re.compile(r"P(?:T)?(?P<n>\d+(?:\.\d+)?)(?P<unit>[HDWMY])")
_COMPOUND = re.compile(r"[\s-]*(?:of\s+)?(?:(?!(?:to|for|in|on|at|after|before|since|with|by|from|and|that|which|"
                       r"was|is|were|has|had|have)\b)[A-Za-z][\w'-]*\s*){1,3}")
_LONG_WEEK = re.compile(r"\b(?:a\s+)?week-?long\b", re.I)


@dataclass
class Measure:
    """One figure in one document: its words, what it measures, and the range they allow."""

    doc: str
    start: int
    end: int
    text: str
    kind: str  # killed | hostages | duration of truce | …
    low: float
    high: float | None  # None = unbounded
    stated: float  # the number the words give, before any qualifier (what "the same figure" compares); -1 vague

    @property
    def toll(self) -> bool:
        """Casualty-type counts are one fact per story (the toll); other kinds may be many facts."""
        return self.kind in TOLLS

    @property
    def family(self) -> str:
        """The kinds this figure may be told under by another outlet (CAPTIVES), else its own kind."""
        return "captives" if self.kind in CAPTIVES else self.kind


@lru_cache(maxsize=1)
def _kinds() -> tuple[dict[str, str], dict[str, str], re.Pattern[str], re.Pattern[str]]:
    counts, durations = {}, {}
    for row in data_rows("compare/fact_kinds.csv"):
        (counts if row["class"] == "count" else durations)[row["word"].lower()] = row["kind"]

    def alternation(words: dict[str, str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    count = re.compile(
        rf"(?<![\w.,])(?:{_QUALIFIER}\s+)?{_NUMBER}{_SCALE}(?:\s+|-)(?:of\s+(?:the\s+)?)?(?:{_MODIFIER}\s+){{0,2}}?"
        rf"(?P<noun>{alternation(counts)})(?:e?s)?\b", re.I)
    lasting = re.compile(rf"\b(?P<thing>{alternation(durations)})(?:e?s)?\b", re.I)
    return counts, durations, count, lasting


def measures(ann: Annotations, quantities: list[Quantity] | None = None) -> list[Measure]:
    """Every toll, count and duration one document states, in text order, one reading per span: a toll
    first, then a counted noun ("50 hostages will be released" counts hostages), then the other quantities
    the annotate stage read (released, detained, …), then durations. `quantities` defaults to reading the
    whole text with the annotate stage's reader."""
    text, doc = ann.doc.text, ann.doc.id
    read = [from_quantity(q) for q in (find_quantities(text, doc=doc) if quantities is None else quantities)]
    read = [m for m in read if m is not None]
    kept: list[Measure] = []
    for layer in ([m for m in read if m.toll], _counts(text, doc), [m for m in read if not m.toll], _durations(ann)):
        for m in layer:
            if not any(k.start < m.end and m.start < k.end for k in kept):
                kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def counted_measures(ann: Annotations, language: str) -> list[Measure]:
    """The figures of a document in another language (annotate/quantities_multilingual.py): the same kinds
    and ranges as English figures, so "не менее 12 погибших" and "at least 12 killed" are one fact; then its
    durations, so "هدنة لمدة أربعة أيام" and "a four-day truce" are one figure too."""
    counts = [Measure(ann.doc.id, c.start, c.end, c.text, c.kind, c.low, c.high, c.stated)
              for c in find_counts(ann.doc.text, language, ann.doc.id)]
    lasting = [m for m in foreign_durations(ann, language)
               if not any(c.start < m.end and m.start < c.end for c in counts)]
    return sorted(counts + lasting, key=lambda m: m.start)


def foreign_durations(ann: Annotations, language: str) -> list[Measure]:
    """Durations the times stage read in a document in another language, each with the thing it measures:
    the lasting word (data/lexicons/numbers.yaml `lasting`) nearest before it in its sentence, an extension
    winning as in English ("تمديد وقف إطلاق النار خمسة أيام"), else one just after it, else the English
    words (a quoted English statement); none, no figure.
    Unqualified weeks, months and years are loose (±15%) as in English."""
    words = lasting_words(language)
    if words is None:
        return []
    text, out = ann.doc.text, []
    for t in ann.times:
        unit = _DURATION.fullmatch(t.value) if t.type == "DURATION" else None
        if unit is None:
            continue
        before = unmarked(re.split(r"[.!?؟\n]\s*", text[max(0, t.start - WINDOW):t.start])[-1])[0]
        after = unmarked(re.split(r"[.!?؟\n,،]", text[t.end:t.end + WINDOW // 3])[0])[0]
        found = [(m.end(), kind) for m in words.finditer(before) for kind, g in m.groupdict().items() if g]
        things = [kind for _, kind in sorted(found)]
        thing = "extension" if "extension" in things else things[-1] if things else next(
            (kind for m in words.finditer(after) for kind, g in m.groupdict().items() if g), None)
        thing = thing or _thing(text, t.start, t.end)  # a stretch in English: "a five-day extension"
        if thing is None:
            continue
        days = float(unit["n"]) * DAYS[unit["unit"]]
        low, high = (days * (1 - LOOSE), days * (1 + LOOSE)) if unit["unit"] in "WMY" else (days, days)
        out.append(Measure(ann.doc.id, t.start, t.end, t.text, f"duration of {thing}", low, high, days))
    return out


def from_quantity(q: Quantity) -> Measure | None:
    """A quantity of the annotate stage as a figure; None for a misread across a conjunction ("killing two
    crew members and injuring a third" is not two wounded)."""
    if re.search(r"\band\b", q.text) or q.low is None:
        return None
    number = next((n for n in re.finditer(_NUMBER + _SCALE, q.text, re.I)
                   if n["num"].lower() not in {"a", "an"} or n["scale"]), None)  # "an estimated 240" states 240
    vague = number is None or number["num"].lower() in VAGUE
    stated = -1.0 if vague else (number_value(number["num"], number["scale"]) or q.low)
    floor = number is not None and number["num"].lower() in {"hundreds", "thousands"}
    high = None if floor else q.high  # "killed thousands" is a floor, not a cap at 9,999
    return Measure(q.doc, q.start, q.end, q.text, q.kind, q.low, high, stated)


def _counts(text: str, doc: str) -> list[Measure]:
    counts, _, pattern, _ = _kinds()
    out = []
    for m in pattern.finditer(text):
        if m["num"].lower() in VAGUE and not m["scale"]:
            low, high = VAGUE[m["num"].lower()]
            out.append(Measure(doc, m.start(), m.end(), m.group(0), counts[m["noun"].lower()], low, high, -1.0))
            continue
        value = number_value(m["num"], m["scale"])
        if value is None or re.fullmatch(r"(19|20)\d\d", m["num"]):
            continue
        low, high = qualified(value, (m["qual"] or "").lower())
        out.append(Measure(doc, m.start(), m.end(), m.group(0), counts[m["noun"].lower()], low, high, value))
    return out


def _durations(ann: Annotations) -> list[Measure]:
    text, out = ann.doc.text, []
    spans = [(t.start, t.end, t.value) for t in ann.times if t.type == "DURATION"]
    spans += [(m.start(), m.end(), "P1W") for m in _LONG_WEEK.finditer(text)
              if not any(s < m.end() and m.start() < e for s, e, _ in spans)]
    for start, end, value in spans:
        unit = _DURATION.fullmatch(value)
        thing = _thing(text, start, end)
        if unit is None or thing is None:
            continue
        days = float(unit["n"]) * DAYS[unit["unit"]]
        before = text[max(0, start - 20):start].lower() + " " + text[start:end].lower()
        qual = next((q for q in re.findall(_QUALIFIER, before)), "")
        low, high = qualified(days, qual, rounded=False)
        if not qual and unit["unit"] in "WMY":
            low, high = days * (1 - LOOSE), days * (1 + LOOSE)
        elif qual in {"more than", "over"}:
            low = days
        out.append(Measure(ann.doc.id, start, end, text[start:end], f"duration of {thing}", low, high, days))
    return out


def _thing(text: str, start: int, end: int) -> str | None:
    """What a duration measures: the noun it qualifies ("seven-day ceasefire"), else the nearest lasting
    thing named before it in its sentence, an extension word winning ("extended the truce by two days")."""
    _, durations, _, lasting = _kinds()
    compound = _COMPOUND.match(text, end)
    named = list(lasting.finditer(compound.group(0))) if compound else []
    if named:  # the head of what follows: "4-day fighting lull" measures the lull, "two years of war" the war
        return durations[named[-1]["thing"].lower()]
    window = text[max(0, start - WINDOW):start]
    window = re.split(r"[.!?;\n]\s", window)[-1]
    things = [durations[m["thing"].lower()] for m in lasting.finditer(window)]
    if "extension" in things:
        return "extension"
    return things[-1] if things else None


def number_value(num: str, scale: str | None = None) -> float | None:
    """The number a figure's words give: digits, words, "a million", "half a million", "1mn"."""
    num = num.lower()
    factor = {"million": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "thousand": 1e3}.get((scale or "").lower(), 1.0)
    if num.startswith("half"):
        return 0.5 * factor if scale else None
    if num in {"a", "an"}:
        return factor if scale else None
    if num in WORD_NUMBERS:
        return WORD_NUMBERS[num] * factor
    try:
        return float(num.replace(",", "")) * factor
    except ValueError:
        return None


def qualified(n: float, qual: str, rounded: bool = True) -> tuple[float, float | None]:
    """The range a qualified figure allows; an unqualified round figure (2,000; 20 million) reads as ±5%."""
    if qual in {"at least", "a minimum of", "minimum of", "no fewer than"}:
        return n, None
    if qual in {"more than", "over"}:
        return (n + 1 if n == int(n) and n < 1e5 else n), None
    if qual in {"some", "about", "around", "approximately", "roughly", "an estimated", "estimated"}:
        return round(n * (1 - APPROXIMATE), 2), round(n * (1 + APPROXIMATE), 2)
    if qual in {"nearly", "almost"}:
        return round(n * (1 - 2 * APPROXIMATE), 2), n
    if qual == "up to":
        return 0.0, n
    if qual in {"fewer than", "less than"}:
        return 0.0, n
    if rounded and n >= 1000 and _round(n):
        return round(n * (1 - APPROXIMATE), 2), round(n * (1 + APPROXIMATE), 2)
    return n, n


def _round(n: float) -> bool:
    digits = str(int(n)).rstrip("0")
    return len(digits) <= 1 or (len(str(int(n))) - len(digits) >= 3 and len(digits) <= 2)


def same_figure(a: Measure, b: Measure) -> bool:
    """Two non-toll figures of one kind are the same fact when the numbers they state are within 5%
    (a vague figure, "dozens", when its range holds the other); of two kinds of one family (CAPTIVES) only
    when they state the same number: "58 hostages" and "60 prisoners" are two groups of people."""
    if a.kind != b.kind:
        return a.stated == b.stated >= 0
    if a.stated < 0 or b.stated < 0:
        return overlap(a, b)
    return abs(a.stated - b.stated) <= APPROXIMATE * max(a.stated, b.stated)


def overlap(a: Measure, b: Measure) -> bool:
    a_high = float("inf") if a.high is None else a.high
    b_high = float("inf") if b.high is None else b.high
    return a.low <= b_high and b.low <= a_high
