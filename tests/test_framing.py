"""Framing lexicons: every entry complete and sourced, contested names resolving to one place, and the
wording of a side recognised in sentences no entry was written from."""
from __future__ import annotations

import pytest

from rashomon.annotate.framing import NAMES, TERMS, find_framing
from rashomon.annotate.gazetteer import data_rows, default_gazetteer
from rashomon.model import Document


@pytest.mark.parametrize("name", [NAMES, TERMS])
def test_framing_every_entry_has_a_side_a_neutral_wording_and_a_source(name):
    rows = data_rows(name)
    key = "name" if name == NAMES else "term"
    assert rows and all(r[key] and r["perspective"] and r["neutral"] and r["conflict"] and r["source"] for r in rows)
    keys = [r[key].casefold() for r in rows]
    assert len(keys) == len(set(keys)), "an entry is listed twice"


def test_framing_contested_names_of_one_place_resolve_to_one_geonames_id():
    """Names sharing a neutral form ("Stepanakert/Khankendi") are one place under the sides' names: the
    gazetteer's first candidate of each name the gazetteer knows is the same place."""
    gazetteer = default_gazetteer()
    groups: dict[str, set[int]] = {}
    for row in data_rows(NAMES):
        candidates = gazetteer.candidates(row["name"])
        if "/" in row["neutral"] and candidates:
            groups.setdefault(row["neutral"], set()).add(candidates[0].geonames_id)
    assert len(groups) >= 4
    assert {neutral: ids for neutral, ids in groups.items() if len(ids) > 1} == {}


def found(text: str) -> list[tuple[str, str | None]]:
    return [(f.text, f.perspective) for f in find_framing(Document(id="d", text=text, hash="d"), [])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials said the special military operation would continue into the spring.",
         [("special military operation", "RUS")]),
        ("The army accused the rebel militia of shelling a market.", [("rebel militia", "SDN-MIL-saf")]),
        ("Hamas terrorists fired rockets at the town.", [("Hamas terrorists", "ISR")]),
        ("Artillery of the Defense Army answered the fire.", [("Defense Army", "ARM")]),
        ("The Tigray People's Liberation Front signed the accord.", []),  # a name, not wording
        ("The liberation of the district took two days.", [("liberation", "legitimising")]),
    ],
)
def test_framing_side_wording_in_new_sentences(text, expected):
    assert found(text) == expected
