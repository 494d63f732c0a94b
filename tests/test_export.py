"""Exports for pandas, R, QGIS, Excel and DuckDB: typed tables, CSV/Parquet folders, ACLED, PLOVER, GeoJSON.

Built from a small output made by hand (no spaCy), except one slow test of the top-level `rashomon.analyze`.
"""
from __future__ import annotations

import datetime
import json

import pandas as pd
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

import rashomon
from rashomon.analysis import Result
from rashomon.errors import RashomonError
from rashomon.model import (
    ActorMention,
    Agreement,
    Annotations,
    Comparison,
    Document,
    Event,
    Fact,
    FactValue,
    PlaceMention,
    Provision,
    ProvisionMention,
    Quantity,
    Story,
    TimeMention,
)
from rashomon.present.export import FORMATS, SCHEMAS, export, tables
from rashomon.present.output import build_output, validate_output

WIRE = "Azerbaijani troops killed at least 12 separatists and wounded 30 in Khankendi at 13:00 (GMT+4)."
PAPER = "Fifteen died in Nagorno-Karabakh on Tuesday, in Azerbaijan."
BLOG = "Talks were held."
KHANKENDI = {"geonames_id": 146970, "name": "Khankendi", "lat": 39.8177, "lon": 46.7528, "country": "AZ"}
KARABAKH = {"geonames_id": -1001, "name": "Nagorno-Karabakh", "lat": 39.833, "lon": 46.767, "country": "AZ"}
AZERBAIJAN = {"geonames_id": 587116, "name": "Azerbaijan", "lat": 40.4, "lon": 47.6, "country": "AZ"}
ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "event_type", "sub_event_type", "actor1", "actor2", "country",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
                 "factuality", "attribution", "doc"]


def at(text: str, part: str) -> dict:
    start = text.index(part)
    return {"start": start, "end": start + len(part)}


def annotations() -> list[Annotations]:
    wire = Document(id="wire/1", text=WIRE, hash="h1", outlet="Wire", published="2023-09-20T12:30:00+03:00",
                    title="Twelve killed", url="https://wire.example/1")
    paper = Document(id="paper 2", text=PAPER, hash="h2", outlet="Daily Paper", published="2023-09-21")
    blog = Document(id="blog", text=BLOG, hash="h3")  # no outlet, no date: every optional column null
    killed = Quantity(kind="killed", low=12, high=None, text="killed at least 12", doc="wire/1",
                      **at(WIRE, "killed at least 12"))
    wounded = Quantity(kind="wounded", low=30, high=30, text="wounded 30", doc="wire/1", **at(WIRE, "wounded 30"))
    return [
        Annotations(
            doc=wire,
            times=[TimeMention(doc="wire/1", text="13:00 (GMT+4)", type="TIME", value="2023-09-20T13:00",
                               utc="2023-09-20T09:00:00Z", granularity="minute", **at(WIRE, "13:00 (GMT+4)"))],
            places=[PlaceMention(doc="wire/1", text="Khankendi", timezone="Asia/Baku", **KHANKENDI,
                                 **at(WIRE, "Khankendi"))],
            actors=[ActorMention(doc="wire/1", text="Azerbaijani troops", actor="AZE-MIL", country="AZE",
                                 sector="MIL", **at(WIRE, "Azerbaijani troops")),
                    ActorMention(doc="wire/1", text="separatists", actor="ARM-REB", country="ARM", sector="REB",
                                 **at(WIRE, "separatists"))],
            events=[Event(id="wire/1:e1", doc="wire/1", start=0, end=len(WIRE), type="ASSAULT", trigger="killed",
                          mode="firearms", source="AZE-MIL", target="ARM-REB", place=146970,
                          time="2023-09-20T09:00:00Z", factuality="happened", attribution=["Wire"],
                          quantities=[killed, wounded])],
        ),
        Annotations(
            doc=paper,
            times=[TimeMention(doc="paper 2", text="Tuesday", type="DATE", value="XXXX-09-19", anchor="unresolved",
                               **at(PAPER, "Tuesday"))],
            places=[PlaceMention(doc="paper 2", text="Nagorno-Karabakh", **KARABAKH, **at(PAPER, "Nagorno-Karabakh")),
                    PlaceMention(doc="paper 2", text="Azerbaijan", **AZERBAIJAN, **at(PAPER, "Azerbaijan"))],
            events=[Event(id="paper 2:e1", doc="paper 2", type="ASSAULT", trigger="died", place=-1001,
                          time="XXXX-09-19", factuality="happened", attribution=["Daily Paper"],
                          **at(PAPER, "Fifteen died in Nagorno-Karabakh on Tuesday, in Azerbaijan."))],
        ),
        Annotations(
            doc=blog,
            places=[PlaceMention(doc="blog", text="Talks", **at(BLOG, "Talks"))],  # an unresolved place: no coords
            events=[Event(id="blog:e1", doc="blog", type="CONSULT", trigger="held", start=0, end=len(BLOG))],
        ),
    ]


@pytest.fixture
def output() -> dict:
    story = Story(id="story/1", docs=["wire/1", "paper 2"], facts=[
        Fact(aspect="number", key="killed", verdict="conflict",
             values=[FactValue(doc="wire/1", value="at least 12", **at(WIRE, "at least 12")),
                     FactValue(doc="paper 2", value="15", **at(PAPER, "Fifteen"))]),
        Fact(aspect="claim", key="ASSAULT", verdict="single-source",
             values=[FactValue(doc="wire/1", value="killed", **at(WIRE, "killed"))]),
    ])
    agreement = Agreement(id="a1", docs=["blog"], kind="talks", parties=["ARM-GOV", "AZE-GOV"],
                          provisions=[Provision(category="talks", text="talks",
                                                mentions=[ProvisionMention(doc="blog", **at(BLOG, "Talks"))])])
    out = build_output(annotations(), Comparison(stories=[story], agreements=[agreement]))
    validate_output(out)
    return out


ROWS = {"documents": 3, "events": 3, "times": 2, "places": 4, "actors": 2, "claims": 0, "framing": 0, "facts": 3,
        "provisions": 1, "acled": 3}


def test_export_tables_have_declared_schemas_and_rows(output):
    result = tables(output)
    assert list(result) == list(SCHEMAS) == list(ROWS)
    for name, table in result.items():
        assert table.schema == SCHEMAS[name], name
        assert table.num_rows == ROWS[name], name
    assert result["documents"].column_names == ["id", "outlet", "url", "published", "title", "hash", "characters",
                                                "language"]
    assert result["documents"].column("characters").to_pylist() == [len(WIRE), len(PAPER), len(BLOG)]


def test_export_all_null_columns_keep_their_type(output, tmp_path):
    # the framing table is empty and provisions.effective_utc all null: Parquet must still say what they are
    folder = export(output, "parquet", tmp_path / "pq")
    assert pq.read_schema(folder / "framing.parquet").field("start").type == "int64"
    assert pq.read_schema(folder / "provisions.parquet").field("effective_utc").type == "string"


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_export_csv_round_trip(output, tmp_path, name):
    folder = export(output, "csv", tmp_path / "deep" / "csv")
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.csv" for n in SCHEMAS)
    path = folder / f"{name}.csv"
    # with the declared types, pyarrow reads back exactly what was written (null = empty, "" = quoted empty)
    options = pa_csv.ConvertOptions(column_types=SCHEMAS[name], strings_can_be_null=True,
                                    quoted_strings_can_be_null=False)
    assert pa_csv.read_csv(path, convert_options=options).equals(tables(output)[name])
    frame = pd.read_csv(path)
    assert list(frame.columns) == SCHEMAS[name].names and len(frame) == ROWS[name]


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_export_parquet_round_trip(output, tmp_path, name):
    path = export(output, "parquet", tmp_path / "pq") / f"{name}.parquet"
    table = pq.read_table(path)
    assert table.schema.remove_metadata() == SCHEMAS[name] and table.equals(tables(output)[name])
    frame = pd.read_parquet(path)
    assert list(frame.columns) == SCHEMAS[name].names and len(frame) == ROWS[name]


def test_export_csv_and_parquet_known_values(output, tmp_path):
    events = pd.read_csv(export(output, "csv", tmp_path / "csv") / "events.csv")
    first = events.iloc[0]
    assert (first["event_id"], first["source"], first["target"], first["place"]) == \
        ("wire/1:e1", "AZE-MIL", "ARM-REB", "Khankendi")
    assert first["fatalities_low"] == 12 and pd.isna(first["fatalities_high"]) and first["evidence"] == WIRE
    facts = pd.read_parquet(export(output, "parquet", tmp_path / "pq") / "facts.parquet")
    assert facts["fact"].dtype == "int64" and facts["start"].dtype == "int64"
    conflict = facts[facts["verdict"] == "conflict"]
    assert list(conflict["outlet"]) == ["Wire", "Daily Paper"] and list(conflict["evidence"]) == ["at least 12",
                                                                                                  "Fifteen"]
    provisions = pd.read_parquet(tmp_path / "pq" / "provisions.parquet")
    assert provisions.iloc[0]["parties"] == "ARM-GOV; AZE-GOV" and provisions.iloc[0]["evidence"] == "Talks"


def test_export_acled_columns_and_values(output, tmp_path):
    path = export(output, "acled", tmp_path / "acled.csv")
    frame = pd.read_csv(path)
    assert list(frame.columns) == ACLED_COLUMNS
    assert frame["fatalities"].dtype == "int64" and list(frame["fatalities"]) == [12, 0, 0]
    # the event's own UTC date; else the publication date (XXXX-09-19 has no year); else nothing
    assert list(frame["event_date"].fillna("")) == ["2023-09-20", "2023-09-21", ""]
    assert list(frame["year"].fillna(0).astype(int)) == [2023, 2023, 0]
    assert list(frame["geo_precision"].fillna(0).astype(int)) == [1, 3, 0]  # city, region, none
    row = frame.iloc[0]
    assert (row["event_type"], row["sub_event_type"], row["actor1"], row["actor2"]) == \
        ("ASSAULT", "firearms", "AZE-MIL", "ARM-REB")
    assert (row["country"], row["location"], row["source"], row["notes"]) == ("AZ", "Khankendi", "Wire", WIRE)
    assert row["latitude"] == pytest.approx(39.8177) and row["longitude"] == pytest.approx(46.7528)
    assert frame["source_scale"].isna().all()
    typed = tables(output)["acled"]
    assert typed.column("event_date").to_pylist()[0] == datetime.date(2023, 9, 20)
    assert typed.column("fatalities").null_count == 0


def test_export_plover_records(output, tmp_path):
    records = json.loads(export(output, "plover", tmp_path / "plover.json").read_text(encoding="utf-8"))
    assert isinstance(records, list) and len(records) == len(output["events"])
    for record in records:
        for field in ("id", "date", "source", "event"):  # the PLOVER manual's required fields
            assert field in record, field
        assert isinstance(record["source"], list) and isinstance(record["recipient"], list)
        assert isinstance(record["event"], list) and all(isinstance(e, str) for e in record["event"])
        assert {"mode", "context", "event_loc", "event_text", "text", "text_info", "factuality",
                "attribution"} <= set(record)
    first = records[0]
    assert first["id"] == "wire/1:e1" and (first["date"], first["time"]) == ("2023-09-20", "09:00:00Z")
    assert first["source"] == [{"code": "AZE", "sector": "MIL", "actor_text": "Azerbaijani troops",
                                "identifier_id": "AZE-MIL"}]
    assert first["recipient"][0]["actor_text"] == "separatists"
    assert first["event"] == ["ASSAULT"] and first["mode"] == "firearms" and first["quad_code"] == 4
    assert first["event_loc"]["geonameid"] == 146970 and first["event_loc"]["longitude"] == pytest.approx(46.7528)
    assert (first["dead"], first["injured"], first["arrested"]) == (12, 30, None)
    assert first["text"] == WIRE and first["attribution"] == ["Wire"]
    assert records[2]["date"] is None and records[2]["event_loc"] is None and records[2]["quad_code"] == 1


def test_export_geojson_is_valid(output, tmp_path):
    data = json.loads(export(output, "geojson", tmp_path / "places.geojson").read_text(encoding="utf-8"))
    assert set(data) == {"type", "features"} and data["type"] == "FeatureCollection"
    located = {p["name"]: (p["lon"], p["lat"]) for p in output["places"] if p["lat"] is not None}
    assert len(data["features"]) == 3
    for feature in data["features"]:
        assert feature["type"] == "Feature" and set(feature) == {"type", "geometry", "properties"}
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert (lon, lat) == located[feature["properties"]["name"]]  # [lon, lat], not swapped


def result_of(output: dict) -> Result:
    result = Result()
    result.output = output  # what a run would read from its store when first asked
    return result


def test_export_result_to_pandas(output):
    frames = result_of(output).to_pandas()
    assert list(frames) == list(SCHEMAS)
    assert all(isinstance(f, pd.DataFrame) for f in frames.values())
    acled = frames["acled"]
    assert str(acled["year"].dtype) == "Int64" and acled["year"].isna().sum() == 1  # ints stay ints with nulls
    assert acled["event_date"].dtype.kind == "M"
    assert acled.groupby("source")["fatalities"].sum().to_dict() == {"Daily Paper": 0, "Wire": 12}
    assert result_of(output).tables()["events"].num_rows == 3


def test_export_folder_formats_refuse_a_file(output, tmp_path):
    target = tmp_path / "events.csv"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(RashomonError, match="writes a folder"):
        export(output, "csv", target)


def test_export_unknown_format_names_all(output, tmp_path):
    with pytest.raises(ValueError, match=", ".join(FORMATS)):
        export(output, "xlsx", tmp_path / "x")


def test_export_top_level_analyze_is_lazy():
    import subprocess
    import sys

    code = "import sys, rashomon; print(callable(rashomon.analyze), 'rashomon.analysis' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["True", "False"]


@pytest.mark.slow
def test_export_top_level_analyze_on_examples(examples_dir, tmp_path):
    result = rashomon.analyze(examples_dir, db=tmp_path / "api.db")
    frames = result.to_pandas()
    assert len(frames["documents"]) >= 6 and len(frames["acled"]) == len(result.output["events"]) > 0
    assert list(frames["acled"].columns) == ACLED_COLUMNS
    assert frames["acled"]["fatalities"].notna().all()
    assert not frames["acled"]["notes"].str.contains("\n").any()  # one line per note, for spreadsheets
