"""Places on LGL and GeoVirus (Gritta et al. 2019): recognition P/R/F1 and resolution, beside two baselines.

Recognition is scored on exact spans. Resolution is scored over gold toponyms that have coordinates, as the
geoparsing literature reports it: on those the system found (an overlapping span) — share within 161 km
(100 miles), AUC of the log-error curve (mean of ln(1 + km) over ln(20039), half the Earth's circumference;
lower is better), median and mean error in km — and end to end (found *and* within 161 km, over all of them).

LGL also marks adjectives and demonyms ("Russian troops", "Palestinians") as toponyms; issue #4 says they are
not place mentions (they map to countries for actors). The row "lgl-nouns" scores the same output against LGL's
gold without them (a gold toponym whose text, or its text less a plural s, is a demonym in countries.csv).

Baselines, scored the same way in the same run: "population" (spaCy's GPE/LOC/FAC spans, each resolved to the
most populous gazetteer entry of that name; published comparisons show it is hard to beat) and the `geotext`
library (regex over capitalised words against GeoNames cities15000 and country names, resolved the same way;
shown when the package is installed: `pip install geotext`).
"""
from __future__ import annotations

import hashlib
import math
import os
import re
import statistics
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import PRF, Report, read_jsonl, shared_path

SETS = ("lgl", "geovirus")
MILES_100_KM = 161.0
HALF_EARTH_KM = 20039.0
Found = list[tuple[int, int, float | None, float | None]]  # start, end, lat, lon


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def rashomon_system(record: dict, doc) -> Found:
    from rashomon.annotate.places import find_places
    from rashomon.model import Document

    found = find_places(Document(id=record["doc_id"], text=record["text"], hash=""), doc)
    return [(p.start, p.end, p.lat, p.lon) for p in found]


def _most_populous(name: str) -> tuple[float | None, float | None]:
    from rashomon.annotate.gazetteer import default_gazetteer

    candidates = default_gazetteer().candidates(name)
    if not candidates:
        return None, None
    best = max(candidates, key=lambda p: p.population)
    return best.lat, best.lon


def population_system(record: dict, doc) -> Found:
    """spaCy NER + the most populous GeoNames match."""
    out = []
    for ent in doc.ents:
        if ent.label_ in {"GPE", "LOC", "FAC"}:
            lat, lon = _most_populous(ent.text)
            out.append((ent.start_char, ent.end_char, lat, lon))
    return out


def geotext_system(record: dict, doc) -> Found:
    """The geotext library's city and country names, found again in the text, most populous match."""
    from geotext import GeoText

    places = GeoText(record["text"])
    out, seen = [], set()
    for name in {*places.cities, *places.countries}:
        if name in seen:
            continue
        seen.add(name)
        lat, lon = _most_populous(name)
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", record["text"]):
            out.append((m.start(), m.end(), lat, lon))
    return out


def systems() -> dict[str, Callable[[dict, object], Found]]:
    out = {"rashomon": rashomon_system, "population": population_system}
    try:
        import geotext  # noqa: F401
    except ImportError:
        pass
    else:
        out["geotext"] = geotext_system
    return out


def score(records: list[dict], docs: list, system: Callable[[dict, object], Found]) -> tuple[PRF, list[float], int]:
    """Span counts, the errors (km) on found gold toponyms, and how many gold toponyms have coordinates."""
    prf, errors, with_coords = PRF(), [], 0
    for record, doc in zip(records, docs, strict=True):
        found = system(record, doc)
        spans = {(g["start"], g["end"]) for g in record["toponyms"]}
        hits = sum((s, e) in spans for s, e, _, _ in found)
        prf.tp += hits
        prf.fp += len(found) - hits
        prf.fn += len(spans) - hits
        for g in record["toponyms"]:
            if g.get("lat") is None:
                continue
            with_coords += 1
            hit = next((f for f in found if f[0] < g["end"] and g["start"] < f[1] and f[2] is not None), None)
            if hit is not None:
                errors.append(distance_km(hit[2], hit[3], float(g["lat"]), float(g["lon"])))
    return prf, errors, with_coords


def demonyms() -> set[str]:
    from rashomon.annotate.gazetteer import data_rows

    return {row["demonym"] for row in data_rows("places/countries.csv") if row["demonym"]}


def without_adjectives(records: list[dict]) -> list[dict]:
    """The records with gold toponyms that are demonyms ('American', 'Russians') left out."""
    adjectives = demonyms()
    return [r | {"toponyms": [g for g in r["toponyms"] if g["text"] not in adjectives
                              and g["text"].removesuffix("s") not in adjectives]} for r in records]


CACHE = Path(os.environ.get("RASHOMON_CACHE", Path.home() / ".cache" / "rashomon")) / "bench"


def parsed(name: str, records: list[dict]) -> list:
    """The records' spaCy parses, kept on disk between runs (a DocBin keyed by the texts, the model and the
    parsing code): the parse is most of a run's cost and the place stage does not change it. Set
    RASHOMON_BENCH_REPARSE=1 to parse afresh."""
    import spacy
    from spacy.tokens import DocBin

    from rashomon.annotate import fastpipes, nlp

    key = hashlib.sha256()
    for part in (spacy.__version__, nlp.MODEL, Path(nlp.__file__).read_text(), Path(fastpipes.__file__).read_text(),
                 *(r["text"] for r in records)):
        key.update(part.encode() + b"\0")
    path = CACHE / f"{name}-{key.hexdigest()[:12]}.spacy"
    vocab = nlp.load_nlp().vocab
    if path.exists() and not os.environ.get("RASHOMON_BENCH_REPARSE"):
        return list(DocBin().from_disk(path).get_docs(vocab))
    docs = list(nlp.parse_many(r["text"] for r in records))
    path.parent.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs).to_disk(path)
    return docs


def run() -> Report:
    report = Report("places", ["set", "system", "docs", "gold", "P", "R", "F1", "resolved", "acc@161km", "AUC",
                               "median km", "mean km", "end-to-end acc@161km"])
    for name in SETS:
        records = read_jsonl(shared_path("bench", "geoparsing", f"{name}.jsonl"))
        docs = parsed(name, records)
        variants = [(name, records)] + ([(f"{name}-nouns", without_adjectives(records))] if name == "lgl" else [])
        for variant, gold in variants:
            for label, system in systems().items():
                prf, errors, with_coords = score(gold, docs, system)
                report.rows.append(row(variant, label, gold, prf, errors, with_coords))
                report.extra[f"{variant}/{label}"] = prf.as_dict()
    return report


def row(name: str, label: str, records: list[dict], prf: PRF, errors: list[float], with_coords: int) -> list:
    """One table row: recognition, then resolution on found toponyms, then end to end."""
    within = sum(e <= MILES_100_KM for e in errors)
    return [
        name, label, len(records), sum(len(r["toponyms"]) for r in records), prf.precision, prf.recall,
        prf.f1, len(errors), within / len(errors) if errors else 0.0,
        statistics.fmean(math.log1p(e) for e in errors) / math.log(HALF_EARTH_KM) if errors else None,
        round(statistics.median(errors), 1) if errors else None,
        round(statistics.fmean(errors), 1) if errors else None,
        within / with_coords if with_coords else 0.0,
    ]
