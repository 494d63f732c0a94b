"""Literal prefilters skip only patterns that cannot match: the filtered and the plain scans must agree."""
from __future__ import annotations

import re
import string
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.annotate import quantities
from rashomon.annotate.literals import LiteralFilter, required_literals
from rashomon.annotate.provisions import _cues


def test_literals_read_from_the_pattern():
    assert required_literals(re.compile(r"\bhalt\b")) == ("halt",)
    assert required_literals(re.compile(r"(?<!foreign )\bexchange\b(?! rate)")) == ("exchange",)
    assert required_literals(re.compile(r"(?:district|region|land) (?:\S+ ){0,4}return")) == ("return",)
    assert required_literals(re.compile(r"(?:district|region|land) (?:\S+ ){0,4}(?:be )?(?:go|give)")) == (
        "district", "region", "land")
    assert required_literals(re.compile(r"(hostage|prisoner)s? freed")) == ("hostage", "prisoner")
    assert required_literals(re.compile(r"\bidps?\b")) == ("idp",)


def test_no_literal_no_filter():
    assert required_literals(re.compile(r"halt", re.I)) is None  # case-blind: a substring test would miss 'HALT'
    assert required_literals(re.compile(r"\d+ (?:a|b)")) is None
    assert required_literals(re.compile(r"ab")) is None  # too short to be worth a test


_CUE_WORDS = sorted({w for _, p in _cues()[0] for w in re.findall(r"[a-z][a-z-]+", p.pattern)})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_CUE_WORDS, "the", "be", "to", "of", "not", "s", ","]), max_size=14))
def test_filtered_cues_find_every_match(words):
    text = " ".join(words)
    cues, literals = _cues()
    kept = set(literals.candidates(text))
    for k, (_, pattern) in enumerate(cues):
        if pattern.search(text):
            assert k in kept, (pattern.pattern, text)


def test_filter_keeps_patterns_without_literals():
    patterns = [re.compile(r"\d+"), re.compile(r"halt"), re.compile(r"(?:stop|cease) fire")]
    filt = LiteralFilter(patterns)
    assert filt.candidates("no numbers, no words") == [0]
    assert filt.candidates("we cease fire and halt") == [0, 1, 2]


def test_case_folds_beyond_lower_are_listed():
    """re.IGNORECASE matches a few characters to ASCII letters that str.lower() does not give: the counts'
    kind-word prefilter lets any text holding one of them through, so the list must be complete."""
    letter = re.compile(r"(?i)[a-z]")
    odd = {chr(c) for c in range(sys.maxunicode + 1)
           if letter.fullmatch(chr(c)) and not (len(chr(c).lower()) == 1 and chr(c).lower() in string.ascii_lowercase)}
    assert odd == set(quantities._FOLDS_BEYOND_LOWER)


_KIND_TEXT = st.lists(st.sampled_from(["killed", "KILLED", "kİlled", "taken hostage", "Taken  hostage", "at least",
                                       "12", "twelve", "Hundreds", "were", "people", "ſwapped", "missing", "the",
                                       "over", "deaths of", "1,200", "2024", "and", "soldiers"]), max_size=10)


@settings(max_examples=300, deadline=None)
@given(_KIND_TEXT)
def test_counts_prefilters_change_nothing(words):
    text = " ".join(words)
    plain_after = re.compile(quantities._AFTER.pattern.removeprefix(rf"(?=[\d{quantities._STARTS}])"), re.I)
    assert [m.span() for m in quantities._AFTER.finditer(text)] == [m.span() for m in plain_after.finditer(text)]
    if not quantities._names_a_kind(text):
        assert not re.search(quantities._KIND, text, re.I)
