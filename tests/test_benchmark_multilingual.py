"""The multilingual benchmark's scorer counts right on a tiny synthetic gold, and the real gold fits its README."""
from __future__ import annotations

import hashlib
import json
from types import SimpleNamespace as NS

import pytest

from benchmarks.common import ROOT
from benchmarks.multilingual import (
    DEMO_GOLD,
    DEMO_TEXTS,
    DEV_GOLD,
    DEV_TEXTS,
    GOLD,
    HELDOUT_GOLD,
    HELDOUT_TEXTS,
    Tally,
    chosen_sets,
    offset_errors,
    row,
    score_document,
)

KINDS = {"killed", "released", "detained"}


def _ann(language=None, languages=(), times=(), places=(), quantities=()):
    doc = NS(id="d", language=language) if language else NS(id="d")
    return NS(doc=doc, languages=list(languages), times=list(times), places=list(places),
              events=[NS(quantities=list(quantities))])


GOLD_DOC = {
    "doc": "d", "language": "ru",
    "paragraphs": [{"start": 0, "end": 10, "language": "ru"}, {"start": 11, "end": 30, "language": "en"}],
    "times": [{"start": 0, "end": 7, "type": "DATE", "value": "2022-07-22", "utc": None},
              {"start": 20, "end": 32, "type": "TIME", "value": "2022-07-22T16:30", "utc": "2022-07-22T13:30:00Z"}],
    "places": [{"start": 40, "end": 47, "geonames_id": 745044, "lat": 41.01, "lon": 28.95},
               {"start": 50, "end": 56, "geonames_id": 2017370, "lat": 60.0, "lon": 100.0}],
    "numbers": [{"start": 60, "end": 62, "kind": "released", "low": 13, "high": 13},
                {"start": 70, "end": 74, "kind": "other", "low": 1960, "high": 1960},
                {"start": 80, "end": 85, "kind": "detained", "low": 19, "high": None}],
}


def test_scorer_counts_each_layer():
    ann = _ann(
        language="ru",
        languages=[NS(start=11, end=30, language="en")],
        times=[NS(start=0, end=7, type="DATE", value="2022-07-22", utc=None),  # right
               NS(start=22, end=27, type="TIME", value="2022-07-22T16:30", utc="2022-07-22T14:30:00Z"),  # wrong utc
               NS(start=90, end=95, type="DATE", value="2022", utc=None)],  # spurious
        places=[NS(start=40, end=47, geonames_id=745044, lat=41.01, lon=28.95),  # exact, right id
                NS(start=49, end=56, geonames_id=5168839, lat=40.0, lon=-80.0)],  # overlap only, wrong place
        quantities=[NS(start=60, end=62, kind="released", low=13.0, high=13.0),  # right
                    NS(start=69, end=74, kind="troops", low=1960.0, high=1960.0),  # 'other' matches a new kind
                    NS(start=80, end=85, kind="killed", low=19.0, high=None),  # kind wrong
                    NS(start=88, end=89, kind="killed", low=2.0, high=2.0)],  # spurious
    )
    tally = Tally()
    score_document(GOLD_DOC, ann, tally, KINDS)
    assert (tally.language_right, tally.paragraphs, tally.paragraphs_right) == (1, 2, 2)
    relaxed, value = tally.times["relaxed"], tally.times["value"]
    assert (relaxed.tp, relaxed.fp, relaxed.fn) == (2, 1, 0)
    assert (value.tp, value.fp, value.fn) == (2, 1, 0)
    assert (tally.utc_gold, tally.utc_right) == (1, 0)
    assert (tally.place_overlap.tp, tally.place_overlap.fp, tally.place_overlap.fn) == (2, 0, 0)
    assert (tally.place_ids, tally.place_ids_right) == (2, 1)
    assert (tally.numbers.tp, tally.numbers.fp, tally.numbers.fn) == (2, 2, 1)
    assert (tally.counts.tp, tally.counts.fp, tally.counts.fn) == (3, 1, 0)
    cells, detail = row("ru", tally)
    assert cells[2] == "1/1" and cells[3] == "2/2"
    assert detail["places_exact"]["tp"] == 1 and detail["places_exact"]["fp"] == 1  # exact spans: one of two
    assert cells[12] == 0.5  # acc@161km over the two found: Istanbul right, the other far off
    assert cells[5] == cells[6] == 0.8  # relaxed and value F1: P 2/3, R 1
    assert cells[-1] == "no t,v,p,a"  # Russian targets 0.92/0.82/0.80/0.86


def test_scorer_without_document_language_says_not_available():
    tally = Tally()
    score_document(GOLD_DOC, _ann(), tally, KINDS)
    cells, _ = row("ru", tally)
    assert cells[2] == "n/a" and cells[3] == "n/a"
    assert tally.times["relaxed"].fn == 2 and tally.numbers.fn == 3


def test_offset_check_catches_a_changed_text():
    text = "Стамбул, 22 июля"
    check = {"length": 7, "sha1": hashlib.sha1("Стамбул".encode()).hexdigest()[:10]}
    gold = [{"doc": "d", "places": [{"start": 0, "end": 7, "check": check}]}]
    assert offset_errors(gold, {"d": text}) == []
    assert offset_errors(gold, {"d": "Стамбуле, 22 июля"}) == []  # same first 7 letters: the span still fits
    assert offset_errors(gold, {"d": "СТАМБУЛ, 22 июля"}) == ["d places 0-7"]


@pytest.mark.parametrize(("gold_path", "texts_path"), [(DEMO_GOLD, DEMO_TEXTS), (HELDOUT_GOLD, HELDOUT_TEXTS),
                                                      (DEV_GOLD, DEV_TEXTS)])
def test_our_own_reports_fit_their_gold(gold_path, texts_path):
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines()]
    texts = {r["id"]: r["text"] for r in map(json.loads, texts_path.read_text(encoding="utf-8").splitlines())}
    assert {r["doc"] for r in gold} == set(texts)
    assert offset_errors(gold, texts) == []


def test_heldout_covers_the_languages_the_corpus_lacks():
    records = [json.loads(line) for line in HELDOUT_GOLD.read_text(encoding="utf-8").splitlines()]
    for language in ("tr", "az", "hy", "uk"):
        mine = [r for r in records if r["language"] == language]
        assert len(mine) >= 2 and all(r["times"] and r["places"] and r["numbers"] for r in mine)
        assert any(t["utc"] for r in mine for t in r["times"])  # a clock in a stated or local zone


def test_dev_set_is_apart_from_the_heldout_set():
    """The development reports are other reports (other ids, other texts) in the languages the rules were tuned on."""
    dev = [json.loads(line) for line in DEV_GOLD.read_text(encoding="utf-8").splitlines()]
    heldout = [json.loads(line) for line in HELDOUT_GOLD.read_text(encoding="utf-8").splitlines()]
    assert not {r["doc"] for r in dev} & {r["doc"] for r in heldout}
    assert {r["language"] for r in dev} == {"tr", "hy", "az"}
    texts = [json.loads(line)["text"] for path in (DEV_TEXTS, HELDOUT_TEXTS)
             for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(set(texts)) == len(texts)


def test_sets_can_be_chosen_without_the_heldout_rows():
    assert chosen_sets(None) == {"corpus", "demo", "dev", "held-out"}
    assert chosen_sets("corpus, dev") == {"corpus", "dev"}
    with pytest.raises(ValueError):
        chosen_sets("heldout")


@pytest.mark.parametrize(("path", "least"), [(GOLD, 13), (DEMO_GOLD, 2), (HELDOUT_GOLD, 8), (DEV_GOLD, 10)])
def test_gold_is_well_formed_and_holds_no_text(path, least):
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len({r["doc"] for r in records}) == len(records) >= least
    readme = (ROOT / "benchmarks" / "data" / "multilingual" / "README.md").read_text(encoding="utf-8")
    for r in records:
        assert r["doc"] in readme or path in (DEMO_GOLD, HELDOUT_GOLD, DEV_GOLD)
        assert r["language"] in {"ru", "uk", "ar", "nl", "en", "tr", "az", "hy"}
        for layer in ("times", "places", "numbers"):
            for g in r.get(layer) or []:
                assert 0 <= g["start"] < g["end"] and g["check"]["length"] == g["end"] - g["start"]
                assert "text" not in g
        for t in r.get("times") or []:
            assert t["type"] in {"DATE", "TIME", "DURATION", "SET"}
            assert t["utc"] is None or t["utc"].endswith("Z")
        for n in r.get("numbers") or []:
            assert n["high"] is None or n["low"] <= n["high"]
