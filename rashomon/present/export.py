"""Exports in the shapes researchers already use: an ACLED-like event table (CSV, Parquet),
GeoJSON places for QGIS, and the full rashomon/1 JSON."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

FORMATS = ("json", "csv", "parquet", "geojson")

EVENT_COLUMNS = [
    ("event_id", pa.string()), ("doc", pa.string()), ("outlet", pa.string()), ("published", pa.string()),
    ("event_type", pa.string()), ("mode", pa.string()), ("source", pa.string()), ("target", pa.string()),
    ("geonames_id", pa.int64()), ("place", pa.string()), ("latitude", pa.float64()), ("longitude", pa.float64()),
    ("country", pa.string()), ("time", pa.string()), ("factuality", pa.string()), ("attribution", pa.string()),
    ("fatalities_low", pa.float64()), ("fatalities_high", pa.float64()), ("evidence", pa.string()),
]


def export(output: dict[str, Any], fmt: str, path: Path) -> Path:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        path.write_text(json.dumps(output, ensure_ascii=False, indent=2), encoding="utf-8")
    elif fmt == "csv":
        pa_csv.write_csv(event_table(output), path)
    elif fmt == "parquet":
        pq.write_table(event_table(output), path)
    else:
        path.write_text(json.dumps(places_geojson(output), ensure_ascii=False), encoding="utf-8")
    return path


def event_table(output: dict[str, Any]) -> pa.Table:
    """One row per event, ACLED-style: who, what, where (with coordinates), when, how many, says who."""
    docs = {d["id"]: d for d in output["documents"]}
    places = {p["geonames_id"]: p for p in output["places"] if p["geonames_id"] is not None}
    rows = []
    for e in output["events"]:
        doc, place = docs[e["doc"]], places.get(e["place"], {})
        killed = [q for q in e.get("quantities", []) if q["kind"] == "killed"]
        rows.append({
            "event_id": e["id"], "doc": e["doc"], "outlet": doc.get("outlet"), "published": doc.get("published"),
            "event_type": e["type"], "mode": e["mode"], "source": e["source"], "target": e["target"],
            "geonames_id": e["place"], "place": place.get("name"), "latitude": place.get("lat"),
            "longitude": place.get("lon"), "country": place.get("country"), "time": e["time"],
            "factuality": e["factuality"], "attribution": " < ".join(e["attribution"]),
            "fatalities_low": killed[0]["low"] if killed else None,
            "fatalities_high": killed[0]["high"] if killed else None,
            "evidence": doc["text"][e["start"]:e["end"]],
        })
    schema = pa.schema(EVENT_COLUMNS)
    return pa.Table.from_pylist(rows, schema=schema)


def places_geojson(output: dict[str, Any]) -> dict[str, Any]:
    """One Point per place mention with coordinates, with how many events each place holds."""
    outlets = {d["id"]: d.get("outlet") for d in output["documents"]}
    events_at = Counter(e["place"] for e in output["events"] if e["place"] is not None)
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
         "properties": {"doc": p["doc"], "outlet": outlets.get(p["doc"]), "text": p["text"], "name": p["name"],
                        "geonames_id": p["geonames_id"], "country": p["country"],
                        "events": events_at.get(p["geonames_id"], 0)}}
        for p in output["places"] if p["lat"] is not None and p["lon"] is not None
    ]
    return {"type": "FeatureCollection", "features": features}
