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

# One typed schema for both table formats, so a column never changes type with the data (all-null columns
# in a small run would otherwise come out as null-typed in Parquet).
EVENT_SCHEMA = pa.schema([
    ("event_id", pa.string()), ("doc", pa.string()), ("outlet", pa.string()), ("published", pa.string()),
    ("event_type", pa.string()), ("mode", pa.string()), ("source", pa.string()), ("target", pa.string()),
    ("geonames_id", pa.int64()), ("place", pa.string()), ("latitude", pa.float64()), ("longitude", pa.float64()),
    ("country", pa.string()), ("time", pa.string()), ("factuality", pa.string()), ("attribution", pa.string()),
    ("fatalities_low", pa.float64()), ("fatalities_high", pa.float64()), ("evidence", pa.string()),
])


def export(output: dict[str, Any], fmt: str, path: Path) -> Path:
    """Write one file in `fmt`; the format is chosen by name, never guessed from the file suffix."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        _write_json(output, path)
    elif fmt == "geojson":
        _write_json(places_geojson(output), path)
    elif fmt == "csv":
        pa_csv.write_csv(event_table(output), path)
    else:
        pq.write_table(event_table(output), path)
    return path


def _write_json(data: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def event_table(output: dict[str, Any]) -> pa.Table:
    """One row per event, ACLED-style: who, what, where (with coordinates), when, how many, says who."""
    docs = {d["id"]: d for d in output["documents"]}
    places = {p["geonames_id"]: p for p in output["places"] if p["geonames_id"] is not None}
    rows = [_event_row(e, docs[e["doc"]], places.get(e["place"], {})) for e in output["events"]]
    return pa.Table.from_pylist(rows, schema=EVENT_SCHEMA)


def _event_row(event: dict[str, Any], doc: dict[str, Any], place: dict[str, Any]) -> dict[str, Any]:
    killed = next((q for q in event.get("quantities", []) if q["kind"] == "killed"), {})
    return {
        "event_id": event["id"], "doc": event["doc"], "outlet": doc["outlet"], "published": doc["published"],
        "event_type": event["type"], "mode": event["mode"], "source": event["source"], "target": event["target"],
        "geonames_id": event["place"], "place": place.get("name"), "latitude": place.get("lat"),
        "longitude": place.get("lon"), "country": place.get("country"), "time": event["time"],
        "factuality": event["factuality"], "attribution": " < ".join(event["attribution"]),
        "fatalities_low": killed.get("low"), "fatalities_high": killed.get("high"),
        "evidence": doc["text"][event["start"]:event["end"]],
    }


def places_geojson(output: dict[str, Any]) -> dict[str, Any]:
    """One Point per place mention with coordinates (RFC 7946: [lon, lat]).

    Each feature counts the events placed there by its own document (`events`), which is what the mention
    supports, and by all documents (`events_all`), which is what the place saw across the coverage.
    """
    outlets = {d["id"]: d["outlet"] for d in output["documents"]}
    located = [e for e in output["events"] if e["place"] is not None]
    per_doc = Counter((e["doc"], e["place"]) for e in located)
    overall = Counter(e["place"] for e in located)
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
         "properties": {"doc": p["doc"], "outlet": outlets.get(p["doc"]), "text": p["text"], "name": p["name"],
                        "geonames_id": p["geonames_id"], "country": p["country"],
                        "events": per_doc[p["doc"], p["geonames_id"]], "events_all": overall[p["geonames_id"]]}}
        for p in output["places"] if p["lat"] is not None and p["lon"] is not None
    ]
    return {"type": "FeatureCollection", "features": features}
