"""Language of each document and of the stretches written in another one (captions, quotes, bilingual pages).

Runs before parsing: the document's language chooses the parser (nlp.py) and which stages run
(data/languages.yaml). lingua-language-detector does the identification, restricted to the languages
listed in that file, in its low-accuracy mode (trigram models only, loaded lazily per script on first
use: ~0.3 s and ~40 MB for the Latin-script languages, ~120 MB for all our scripts, instead of ~700 MB
and ~6 s for every n-gram order; on reports of a paragraph or more the answers are the same, since
lingua reads long texts by trigrams anyway).
Detection runs on every document, so it is kept cheap:

1. letters are counted per script (Latin, Cyrillic, Arabic, …) in runs of words, line by line;
2. the document's language is lingua's answer on a sample of the lines in its main script
   (its first SAMPLE characters: about a millisecond a document whatever its length);
3. only runs of words in another script are identified on their own (a Russian caption in an English
   report, an English tweet under an Arabic article, a Cyrillic quotation inside an English line),
   unless the document-level answer is not confident: then every line is, and the document's language
   is the one most of its letters are in.

A French paragraph inside a confidently English report is not found (same script; docs/notes.md).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from rashomon.data import load_yaml
from rashomon.model import Document, LanguageSpan

if TYPE_CHECKING:
    from lingua import LanguageDetector

SAMPLE = 300  # characters of the main script's text the document's language is read from
CONFIDENT = 0.6  # lingua's relative confidence in its top language below which lines are read one by one
MIN_LETTERS = 10  # fewer letters (a name, an acronym in Latin letters) say nothing of a stretch's language
MIN_SPAN_CONFIDENCE = 0.5  # a stretch lingua is less sure of keeps the document's language

_WORD = re.compile(r"[^\W\d_]+")
_LINE = re.compile(r"[^\n]+")
_OPENING = re.compile(r"[«“„\"'(\[¿¡]+$")  # punctuation a stretch starts with, just before its first word
_CLOSING = re.compile(r"[.!?…»”\"')\]]+")  # and ends with, just after its last word
_SCRIPT_ALIASES = {"HIRAGANA": "HAN", "KATAKANA": "HAN", "CJK": "HAN"}


@dataclass(frozen=True)
class LanguageTable:
    """data/languages.yaml: the languages detected, each one's analysis level and parser, and what each
    level leaves out."""

    names: dict[str, str]  # ISO 639-1 → English name
    analysis: dict[str, str]  # ISO 639-1 → level
    levels: dict[str, frozenset[str]]  # level → the stages that do not run on it
    default: str
    skips: dict[str, frozenset[str]]  # ISO 639-1 → its own list of stages left out, where it differs
    parsers: dict[str, str]  # ISO 639-1 → english | natasha | blank (the default)
    labels: dict[str, str]  # level, or a language with its own skip list → what a document of it gets

    def level(self, language: str | None) -> str:
        """How far a document in this language is analyzed: full | facts | stored-only."""
        return self.analysis.get(language or "", self.default)

    def name(self, language: str | None) -> str:
        return self.names.get(language or "", language or "unknown")

    def note(self, language: str | None) -> str | None:
        """What the report says of a document in this language that is not fully analyzed (None when it is,
        and for a document of unknown language: stored before identification, or without words)."""
        if language is None or self.level(language) == "full":
            return None
        label = self.labels.get(language) or self.labels.get(self.level(language))
        return f"not fully analyzed (language {self.name(language)})" + (f": {label}" if label else "")

    def skipped(self, language: str | None) -> frozenset[str]:
        """The stages that do not run on a document in this language."""
        found = self.skips.get(language or "")
        return self.levels[self.level(language)] if found is None else found

    def parser(self, language: str | None) -> str:
        """Which parser reads it; a text with no detectable language goes through the English pipeline,
        as every text did before identification (it holds no words for any parser to read)."""
        return self.parsers.get(language, "blank") if language else "english"


@lru_cache(maxsize=1)
def language_table() -> LanguageTable:
    text = resources.files("rashomon.data").joinpath("languages.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = load_yaml(text)
    entries = data["languages"]
    return LanguageTable(names={code: e["name"] for code, e in entries.items()},
                         analysis={code: e["analysis"] for code, e in entries.items()},
                         levels={level: frozenset(e["skip"]) for level, e in data["levels"].items()},
                         default=data["default"],
                         skips={code: frozenset(e["skip"]) for code, e in entries.items() if "skip" in e},
                         parsers={code: e.get("parser", "blank") for code, e in entries.items()},
                         labels={**{level: e.get("label", "") for level, e in data["levels"].items()},
                                 **{code: e["label"] for code, e in entries.items() if "label" in e}})


@lru_cache(maxsize=1)
def detector() -> LanguageDetector:
    """lingua restricted to our languages, trigram models only, each loaded on first use, once per process."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in language_table().names]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


def warm_up() -> None:
    """Load the Latin-script models now (before worker processes fork, so they share them)."""
    detector().compute_language_confidence_values("The talks resume on Monday.")


@dataclass(frozen=True)
class _Run:
    """Consecutive words in one script, with what lies between them (spaces, punctuation, digits)."""

    start: int
    end: int
    script: str
    letters: int


def identify(document: Document) -> list[LanguageSpan]:
    """Set `document.language` and return the stretches of its text written in another language."""
    text = document.text
    runs = _runs(text)
    totals: Counter[str] = Counter()
    for run in runs:
        totals[run.script] += run.letters
    if not totals:
        document.language = None
        return []
    main_script = totals.most_common(1)[0][0]
    language, confidence = _best(_sample(text, [r for r in runs if r.script == main_script]))
    if language is None or confidence < CONFIDENT:
        return _line_by_line(document, language)
    document.language = language
    spans = []
    for run in runs:
        if run.script != main_script and run.letters >= MIN_LETTERS:
            found, sure = _best(text[run.start:run.end])
            if found is not None and found != language and sure >= MIN_SPAN_CONFIDENCE:
                start, end = _with_punctuation(text, run)
                spans.append(LanguageSpan(document.id, start, end, found, round(sure, 3)))
    return spans


def _runs(text: str) -> list[_Run]:
    runs: list[_Run] = []
    start = end = letters = 0
    script = None
    for word in _WORD.finditer(text):
        current = _script(word.group()[0])
        if current != script:
            if script is not None:
                runs.append(_Run(start, end, script, letters))
            script, start, letters = current, word.start(), 0
        end = word.end()
        letters += end - word.start()
    if script is not None:
        runs.append(_Run(start, end, script, letters))
    return runs


def _with_punctuation(text: str, run: _Run) -> tuple[int, int]:
    """The run with the quotation marks and the full stop that belong to it."""
    opening = _OPENING.search(text, max(0, run.start - 3), run.start)
    closing = _CLOSING.match(text, run.end)
    return (opening.start() if opening else run.start), (closing.end() if closing else run.end)


@lru_cache(maxsize=4096)
def _script(char: str) -> str:
    """The Unicode script of a letter, from its name ("CYRILLIC SMALL LETTER A" → CYRILLIC)."""
    word = unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]
    return _SCRIPT_ALIASES.get(word, word)


def _sample(text: str, runs: list[_Run]) -> str:
    parts, size = [], 0
    for run in runs:
        parts.append(text[run.start:run.end])
        size += run.end - run.start
        if size >= SAMPLE:
            break
    return "\n".join(parts)[:SAMPLE]


def _best(text: str) -> tuple[str | None, float]:
    """lingua's most likely language of `text` (ISO 639-1) and its relative confidence."""
    values = detector().compute_language_confidence_values(text)
    if not values or values[0].value <= 0:
        return None, 0.0
    return values[0].language.iso_code_639_1.name.lower(), float(values[0].value)


def _line_by_line(document: Document, guess: str | None) -> list[LanguageSpan]:
    """The document-level answer was not confident: read each line, the language of most letters wins."""
    found: list[tuple[int, int, str, float]] = []
    weight: Counter[str] = Counter()
    for line in _LINE.finditer(document.text):
        letters = sum(len(w) for w in _WORD.findall(line.group()))
        if letters < MIN_LETTERS:
            continue
        language, confidence = _best(line.group())
        if language is not None:
            stripped = line.group().strip()
            start = line.start() + line.group().index(stripped)
            found.append((start, start + len(stripped), language, confidence))
            weight[language] += letters
    document.language = weight.most_common(1)[0][0] if weight else guess
    spans = [LanguageSpan(document.id, start, end, language, round(confidence, 3))
             for start, end, language, confidence in found
             if language != document.language and confidence >= MIN_SPAN_CONFIDENCE]
    return _merged(document.text, spans)


def _merged(text: str, spans: list[LanguageSpan]) -> list[LanguageSpan]:
    """Neighbouring spans of one language with only white space between them are one span."""
    merged: list[LanguageSpan] = []
    for span in spans:
        last = merged[-1] if merged else None
        if last and last.language == span.language and not text[last.end:span.start].strip():
            confidence = min(last.confidence or 0.0, span.confidence or 0.0)
            merged[-1] = LanguageSpan(last.doc, last.start, span.end, last.language, confidence)
        else:
            merged.append(span)
    return merged
