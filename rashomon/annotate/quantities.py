"""How many: counts of people killed, wounded, detained, … with their qualifiers kept as ranges.

"at least 15" and "12" must compare as overlapping ranges, not as two different numbers, so
every count is stored as [low, high] (high None = unbounded) together with its words.
"""
from __future__ import annotations

import re

from rashomon.model import Quantity

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "a hundred": 100, "hundred": 100, "a thousand": 1000, "a million": 1_000_000,
}
VAGUE = {"dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999), "thousands": (2000, 9999)}
KINDS = {
    "killed": "killed", "dead": "killed", "died": "killed", "killing": "killed", "deaths": "killed",
    "wounded": "wounded", "injured": "wounded", "wounding": "wounded", "injuring": "wounded",
    "detained": "detained", "arrested": "detained", "captured": "detained", "detaining": "detained",
    "released": "released", "freed": "released", "releasing": "released",
    "displaced": "displaced", "evacuated": "displaced", "missing": "missing",
    "exchanged": "exchanged", "tonnes": "tonnes", "tons": "tonnes",
    "arresting": "detained", "kidnapped": "detained", "abducted": "detained", "taken hostage": "detained",
    "handed over": "released", "set free": "released", "fled": "displaced", "swapped": "exchanged",
    "release of": "released", "exchange of": "exchanged", "swap of": "exchanged", "deaths of": "killed",
}
QUALIFIERS = ("at least", "no fewer than", "more than", "over", "some", "about", "around", "nearly", "almost", "up to",
              "fewer than", "less than", "approximately", "roughly", "an estimated")
_QUAL = "(?P<qual>" + "|".join(QUALIFIERS) + ")"
_NUM = (r"(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(?:million|thousand|mn|bn|m\b))?|dozens|scores|hundreds|"
        r"thousands|"
        + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + r")")
_KIND = r"(?P<kind>" + "|".join(sorted(KINDS, key=len, reverse=True)) + r")"
# A count starts with a digit or the first letter of a qualifier or number word: the lookahead rules out
# every other position with one test, before the engine tries each alternative there (same matches).
_STARTS = "".join(sorted({w[0] for w in (*QUALIFIERS, *WORD_NUMBERS, *VAGUE)}))
_AFTER = re.compile(
    rf"(?=[\d{_STARTS}])(?:{_QUAL}\s+)?{_NUM}\s+(?:(?!(?:and|or|but|while|after|before)\b)[A-Za-z\-]+\s+){{0,3}}?"
    r"(?:(?:were|was|have been|had been|are|is|been|being|people)\s+)?"
    rf"(?:reportedly\s+)?{_KIND}\b", re.I)
_BEFORE = re.compile(rf"\b{_KIND}\s+(?:{_QUAL}\s+)?{_NUM}\b(?!\s*(?:[:.]\d|percent|%))", re.I)


_ANY_NUMBER = re.compile(r"\d|\b(?:" + "|".join(sorted({*WORD_NUMBERS, *VAGUE}, key=len, reverse=True)) + r")\b", re.I)


def find_quantities(text: str, offset: int = 0, doc: str = "") -> list[Quantity]:
    """Counts in a sentence; offset maps sentence positions back to the document."""
    if not _ANY_NUMBER.search(text) or not _names_a_kind(text):
        return []  # most sentences: cheap scans instead of the two patterns
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_AFTER, _BEFORE):
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken) or _is_year_or_time(m):
                continue
            low, high = _range(m["num"].lower(), (m["qual"] or "").lower())
            if low is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(Quantity(kind=KINDS[m["kind"].lower()], low=low, high=high, text=m.group(0), doc=doc,
                                  start=offset + m.start(), end=offset + m.end()))
    return sorted(found, key=lambda q: q.start)


_KIND_WORDS = tuple(sorted({kind.lower() for kind in KINDS}))
# Characters re.IGNORECASE matches to an ASCII letter that str.lower() does not turn into that letter
# (tests/test_literals.py checks the list against every code point).
_FOLDS_BEYOND_LOWER = ("\u0130", "\u0131", "\u017f")  # İ and ı (as i), ſ (as s)


def _names_a_kind(text: str) -> bool:
    """Whether a kind word ("killed", "taken hostage") may be in the text, as both patterns need one:
    a plain substring test on the lower-cased text, far cheaper than the case-blind pattern."""
    if any(c in text for c in _FOLDS_BEYOND_LOWER):
        return True
    lower = text.lower()
    return any(word in lower for word in _KIND_WORDS)


def _is_year_or_time(m: re.Match[str]) -> bool:
    num = m["num"]
    return bool(re.fullmatch(r"(19|20)\d\d", num))


def _value(num: str) -> float | None:
    if num in WORD_NUMBERS:
        return float(WORD_NUMBERS[num])
    scale = 1.0
    for suffix, factor in (("million", 1e6), ("thousand", 1e3), ("mn", 1e6), ("bn", 1e9), ("m", 1e6)):
        if num.endswith(suffix) and num[:-len(suffix)].strip()[-1:].isdigit():
            scale, num = factor, num.removesuffix(suffix).strip()
            break
    try:
        return float(num.replace(",", "")) * scale
    except ValueError:
        return None


def _range(num: str, qual: str) -> tuple[float | None, float | None]:
    """The interval a qualified count allows: 'at least 15' = [15, ∞), 'more than 10' = [11, ∞)."""
    if num in VAGUE:
        return tuple(float(x) for x in VAGUE[num])  # type: ignore[return-value]
    n = _value(num)
    if n is None:
        return None, None
    if qual in {"at least", "no fewer than"}:
        return n, None
    if qual in {"more than", "over"}:
        return (n + 1 if n == int(n) else n), None
    if qual in {"some", "about", "around", "approximately", "roughly", "an estimated"}:
        return round(n * 0.95, 2), round(n * 1.05, 2)
    if qual in {"nearly", "almost"}:
        return round(n * 0.9, 2), n
    if qual in {"up to"}:
        return 0.0, n
    if qual in {"fewer than", "less than"}:
        return 0.0, max(n - 1, 0.0) if n == int(n) else n  # "fewer than 0" is no negative count
    return n, n
