"""Quantities: counts with their qualifiers become ranges that compare honestly."""
from __future__ import annotations

import pytest

from rashomon.annotate.quantities import find_quantities


@pytest.mark.parametrize(
    ("text", "kind", "low", "high"),
    [
        ("12 people were killed", "killed", 12, 12),
        ("at least 15 killed", "killed", 15, None),
        ("more than 10 civilians were killed", "killed", 11, None),
        ("about 40 wounded", "wounded", 38, 42),
        ("dozens were detained", "detained", 24, 99),
        ("some 120,000 displaced", "displaced", 114000, 126000),
        ("the strike, killing two crew members", "killed", 2, 2),
        ("fewer than 20 were injured", "wounded", 0, 19),
        ("fewer than 0 tons were shipped", "tonnes", 0, 0),  # found by atheris: was the range (0, -1)
    ],
)
def test_quantities_ranges(text, kind, low, high):
    (q,) = find_quantities(text)
    assert (q.kind, q.low, q.high) == (kind, low, high)
    assert text[q.start:q.end] == q.text


def test_quantities_each_count_keeps_its_own_kind():
    text = "Battles have killed around 1,000 people and displaced more than 1mn; police arrested 12."
    found = [(q.kind, q.low, q.high) for q in find_quantities(text)]
    assert found == [("killed", 950, 1050), ("displaced", 1_000_001, None), ("detained", 12, 12)]
    found = find_quantities("the release of 20 hostages and more than a million displaced")
    assert [(q.kind, q.low) for q in found] == [("released", 20), ("displaced", 1_000_001)]


def test_quantities_offsets_shift_to_document():
    (q,) = find_quantities("43 wounded", offset=100, doc="d")
    assert (q.start, q.end, q.doc) == (100, 110, "d")


def test_quantities_years_are_not_counts():
    assert all(not q.text.startswith("2020") for q in find_quantities("the war of 2020 killed thousands"))
