"""Literal prefilters for regular expressions: skip a pattern on a text that cannot hold a match.

Python's `re` tries a pattern at every position of a text; a lexicon of a hundred cue patterns costs a
hundred scans of every sentence, although most cues need a word the sentence does not have. Every match
of `(?:district|region) (?:\\S+ ){0,4}return` contains "district" or "region"; `str.__contains__` answers
that far faster than the engine, so the pattern runs only where one is present. The literals are read
from the pattern's own parse tree, so the filter cannot disagree with the pattern: a pattern whose
literals cannot be read safely (case-insensitive, too short) is simply always run.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

MIN_LITERAL = 3  # shorter literals are in nearly every text: not worth a check

try:  # the parser `re` itself compiles with (private, but stable since 3.11; absent: no filtering)
    from re import _constants as _C  # type: ignore[attr-defined]
    from re import _parser as _P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other Pythons
    _P = _C = None


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of `pattern` contains, or None when none can be named.

    Read from the pattern's top-level sequence: a run of literal characters (zero-width assertions such
    as \\b or a lookbehind do not break it) or a group that is an alternation of plain words. Of the
    candidates, the one whose shortest alternative is longest wins."""
    if _P is None or pattern.flags & (re.IGNORECASE | re.VERBOSE) or not isinstance(pattern.pattern, str):
        return None
    items = list(_P.parse(pattern.pattern, pattern.flags))  # it compiled, so it parses
    candidates: list[tuple[str, ...]] = []
    run: list[str] = []

    def close() -> None:
        if run:
            candidates.append(("".join(run),))
            run.clear()

    for op, av in items:
        if op is _C.LITERAL:
            run.append(chr(av))
        elif op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
            continue  # consumes nothing: the literals on both sides stay adjacent
        elif (words := _alternative_words(op, av)) is not None:
            if len(words) == 1:
                run.append(words[0])
            else:
                close()
                candidates.append(words)
        else:
            close()
    close()
    best = max(candidates, key=lambda words: min(map(len, words)), default=None)
    return best if best is not None and min(map(len, best)) >= MIN_LITERAL else None


def _alternative_words(op: object, av: tuple) -> tuple[str, ...] | None:
    """The words of an alternation `(?:a|b|c)` (`re` inlines a group without a name) or of a capturing group
    `(a|b)` / `(abc)`, when made of literal characters only; else None."""
    if op is _C.BRANCH:
        branches = av[1]
    elif op is _C.SUBPATTERN:
        _, add_flags, del_flags, body = av
        if add_flags or del_flags:
            return None
        items = list(body)
        branches = items[0][1][1] if len(items) == 1 and items[0][0] is _C.BRANCH else [body]
    else:
        return None
    words = []
    for branch in branches:
        chars = []
        for op, av in branch:
            if op is not _C.LITERAL:
                return None
            chars.append(chr(av))
        if not chars:
            return None
        words.append("".join(chars))
    return tuple(words)


class LiteralFilter:
    """Which of many patterns can match a text: those one of whose literals it holds (and those without
    literals). Each distinct literal is looked up once per text, however many patterns share it."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self._always: list[int] = []
        self._by_word: dict[str, list[int]] = {}
        for k, pattern in enumerate(patterns):
            literals = required_literals(pattern)
            if literals is None:
                self._always.append(k)
            for word in literals or ():
                self._by_word.setdefault(word, []).append(k)
        self._words = list(self._by_word)

    def candidates(self, text: str) -> list[int]:
        """Indices (ascending) of the patterns that may match `text`; the others certainly do not."""
        by_word = self._by_word
        found = {k for word in self._words if word in text for k in by_word[word]}
        found.update(self._always)
        return sorted(found)
