"""Places on LGL and GeoVirus (Gritta et al. 2019): recognition P/R/F1 and resolution accuracy@161 km.

Recognition is scored on exact spans; resolution over gold toponyms that have coordinates and that
the system found (overlapping span), as the geoparsing literature reports it: share within 161 km
(100 miles) and the median error in km.
"""
from __future__ import annotations

import math
import statistics

from benchmarks.common import PRF, Report, read_jsonl, shared_path

SETS = ("lgl", "geovirus")
MILES_100_KM = 161.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def run() -> Report:
    from rashomon.annotate.nlp import parse_many
    from rashomon.annotate.places import find_places
    from rashomon.model import Document

    report = Report("places", ["set", "docs", "gold", "P", "R", "F1", "resolved", "acc@161km", "median km"])
    for name in SETS:
        records = read_jsonl(shared_path("bench", "geoparsing", f"{name}.jsonl"))
        prf, errors = PRF(), []
        for record, doc in zip(records, parse_many(r["text"] for r in records), strict=True):
            found = find_places(Document(id=record["doc_id"], text=record["text"], hash=""), doc)
            gold = record["toponyms"]
            spans = {(g["start"], g["end"]) for g in gold}
            prf.tp += sum((p.start, p.end) in spans for p in found)
            prf.fp += sum((p.start, p.end) not in spans for p in found)
            prf.fn += len(spans) - sum((p.start, p.end) in spans for p in found)
            for g in gold:
                if g.get("lat") is None:
                    continue
                hit = next((p for p in found if p.start < g["end"] and g["start"] < p.end and p.lat is not None), None)
                if hit is not None:
                    errors.append(distance_km(hit.lat, hit.lon, float(g["lat"]), float(g["lon"])))
        within = sum(e <= MILES_100_KM for e in errors) / len(errors) if errors else 0.0
        report.rows.append([name, len(records), sum(len(r["toponyms"]) for r in records), prf.precision,
                            prf.recall, prf.f1, len(errors), within,
                            round(statistics.median(errors), 1) if errors else None])
        report.extra[name] = prf.as_dict()
    return report
