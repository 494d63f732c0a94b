"""Present: the schema, exports and the offline report, from a small output built by hand (no spaCy)."""
from __future__ import annotations

import csv
import html
import json
import re

import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

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
    FramingMention,
    PlaceMention,
    Provision,
    ProvisionMention,
    Quantity,
    Story,
    TimeMention,
)
from rashomon.present.export import EVENT_SCHEMA, export
from rashomon.present.output import build_output, validate_output
from rashomon.present.report import Mark, highlight, render_report, write_report

WIRE = "Twelve people were killed in Khankendi at 13:00 (GMT+4), separatists said."
PAPER = "<script>alert(1)</script> Fifteen died in Stepanakert on Tuesday, near the valley."
KHANKENDI = {"geonames_id": 146970, "name": "Khankendi", "lat": 39.8177, "lon": 46.7528, "country": "AZ"}


def at(text: str, part: str) -> dict:
    start = text.index(part)
    return {"start": start, "end": start + len(part)}


def wire() -> Annotations:
    doc_id = "wire/1 #a"  # ids from inputs may hold any character
    doc = Document(id=doc_id, text=WIRE, hash="h1", outlet="Wire", published="2023-09-20T12:30:00+03:00",
                   title="Twelve killed", source="/home/analyst/in.jsonl", meta={"lang": "en"})
    return Annotations(
        doc=doc,
        times=[TimeMention(doc=doc_id, text="13:00 (GMT+4)", type="TIME", value="2023-09-20T13:00",
                           utc="2023-09-20T09:00:00Z", **at(WIRE, "13:00 (GMT+4)"))],
        places=[PlaceMention(doc=doc_id, text="Khankendi", **KHANKENDI, **at(WIRE, "Khankendi"))],
        actors=[ActorMention(doc=doc_id, text="separatists", actor="NKR-REB", country="ARM", sector="REB",
                             **at(WIRE, "separatists"))],
        events=[Event(id="e1", doc=doc_id, start=0, end=len(WIRE), type="ASSAULT", trigger="killed",
                      place=146970, time="2023-09-20T09:00:00Z", factuality="happened",
                      attribution=["separatists", "Wire"],
                      quantities=[Quantity(kind="killed", low=12, high=12, text="Twelve people were killed",
                                           doc=doc_id, **at(WIRE, "Twelve people were killed"))])],
        framing=[FramingMention(doc=doc_id, text="separatists", kind="loaded-term", perspective="delegitimising",
                                neutral="armed groups", **at(WIRE, "separatists"))],
    )


def paper() -> Annotations:
    doc_id = "paper 2"
    doc = Document(id=doc_id, text=PAPER, hash="h2", outlet="Daily Paper", published="2023-09-21", title=None)
    return Annotations(
        doc=doc,
        times=[TimeMention(doc=doc_id, text="Tuesday", type="DATE", value="2023-09-19", **at(PAPER, "Tuesday"))],
        places=[PlaceMention(doc=doc_id, text="Stepanakert", **KHANKENDI, **at(PAPER, "Stepanakert")),
                PlaceMention(doc=doc_id, text="the valley", **at(PAPER, "the valley"))],
        events=[Event(id="e2", doc=doc_id, type="ASSAULT", trigger="died", place=146970, factuality="happened",
                      attribution=["Daily Paper"], **at(PAPER, "Fifteen died in Stepanakert on Tuesday"))],
    )


@pytest.fixture
def output() -> dict:
    anns = [wire(), paper()]
    d1, d2 = "wire/1 #a", "paper 2"
    story = Story(id="story/1", docs=[d1, d2], title="Deaths in Khankendi", facts=[
        Fact(aspect="number", key="killed", verdict="conflict",
             values=[FactValue(doc=d1, value="12", **at(WIRE, "Twelve")),
                     FactValue(doc=d2, value="15", **at(PAPER, "Fifteen"))]),
        Fact(aspect="place", key="where", verdict="agree",
             values=[FactValue(doc=d1, value="Khankendi", **at(WIRE, "Khankendi")),
                     FactValue(doc=d2, value="Khankendi", **at(PAPER, "Stepanakert"))]),
    ])
    agreement = Agreement(id="a1", docs=[d1], kind="ceasefire", parties=["ARM-REB"], mediators=["RUS-PKO"],
                          effective_utc="2023-09-20T09:00:00Z",
                          provisions=[Provision(category="ceasefire", text="killed",
                                                mentions=[ProvisionMention(doc=d1, **at(WIRE, "killed"))])])
    return build_output(anns, Comparison(stories=[story], agreements=[agreement]))


def test_present_output_validates(output):
    validate_output(output)
    assert output["schema"] == "rashomon/1"
    assert [d["id"] for d in output["documents"]] == ["wire/1 #a", "paper 2"]
    assert set(output["documents"][0]) == {"id", "hash", "outlet", "url", "published", "title", "text"}
    assert len(output["events"]) == 2 and output["events"][0]["trigger"] == "killed"


def test_present_schema_rejects_missing_field_with_path(output):
    del output["times"][0]["utc"]
    with pytest.raises(RashomonError, match=r"at \$\.times\[0\]: 'utc' is a required property") as info:
        validate_output(output)
    assert "\n" not in str(info.value)


def test_present_schema_rejects_unknown_verdict(output):
    output["stories"][0]["facts"][0]["verdict"] = "probably"
    with pytest.raises(RashomonError, match=re.escape("$.stories[0].facts[0].verdict")):
        validate_output(output)


def test_present_schema_rejects_other_schema_version(output):
    output["schema"] = "rashomon/0"
    with pytest.raises(RashomonError, match=re.escape("at $.schema")):
        validate_output(output)


def test_present_validation_rejects_offsets_that_miss_the_text(output):
    output["places"][0]["start"] += 1
    with pytest.raises(RashomonError, match=re.escape("$.places[0].text")):
        validate_output(output)


def test_present_validation_rejects_unknown_document(output):
    output["stories"][0]["facts"][0]["values"][0]["doc"] = "nowhere"
    with pytest.raises(RashomonError, match=re.escape("$.stories[0].facts[0].values[0].doc")):
        validate_output(output)


def test_present_export_json_round_trip(output, tmp_path):
    path = export(output, "json", tmp_path / "o.json")
    assert json.loads(path.read_text(encoding="utf-8")) == output
    assert "Khankendi" in path.read_text(encoding="utf-8")


def test_present_export_csv_one_row_per_event(output, tmp_path):
    path = export(output, "csv", tmp_path / "deep" / "e.csv")
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(output["events"])
    assert rows[0]["attribution"] == "separatists < Wire" and rows[0]["evidence"] == WIRE
    assert rows[1]["outlet"] == "Daily Paper" and rows[1]["place"] == "Khankendi"


def test_present_export_parquet_typed_columns(output, tmp_path):
    table = pq.read_table(export(output, "parquet", tmp_path / "e.parquet"))
    assert table.num_rows == len(output["events"]) and table.column_names == EVENT_SCHEMA.names
    row = table.to_pylist()[0]
    assert row["geonames_id"] == 146970 and row["latitude"] == pytest.approx(39.8177)
    assert row["fatalities_low"] == 12 and row["mode"] is None


def test_present_export_geojson_points(output, tmp_path):
    data = json.loads(export(output, "geojson", tmp_path / "p.geojson").read_text(encoding="utf-8"))
    located = [p for p in output["places"] if p["lat"] is not None and p["lon"] is not None]
    assert data["type"] == "FeatureCollection" and len(data["features"]) == len(located) == 2
    first = data["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [46.7528, 39.8177]}
    assert first["properties"]["outlet"] == "Wire"
    assert (first["properties"]["events"], first["properties"]["events_all"]) == (1, 2)


def test_present_export_unknown_format(output, tmp_path):
    with pytest.raises(ValueError, match="json, csv, parquet, geojson"):
        export(output, "xlsx", tmp_path / "x")


def test_present_report_is_offline_and_escapes_text(output, tmp_path):
    page = write_report(output, tmp_path / "report").read_text(encoding="utf-8")
    assert 'src="http' not in page and 'href="http' not in page and "@import" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page) and "url(" not in page
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for doc in output["documents"]:
        assert doc["outlet"] in page
    for value in ("12", "15", "Khankendi", "armed groups", "ceasefire"):
        assert value in page
    assert '<span class="verdict conflict">conflict</span>' in page


def test_present_report_links_resolve_to_safe_unique_ids(output):
    page = render_report(output)
    ids = re.findall(r'\bid="([^"]+)"', page)
    targets = set(re.findall(r'href="#([^"]+)"', page))
    assert len(ids) == len(set(ids))
    assert targets and targets <= set(ids)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)


def test_present_report_marks_every_layer(output):
    page = render_report(output)
    for layer in ("event", "time", "place", "actor", "framing"):
        assert f'<mark class="{layer}"' in page
    # the event sentence contains the place: they nest instead of one hiding the other
    assert re.search(r'<mark class="event"[^>]*>(?:(?!</mark>).)*<mark class="place"[^>]*>Khankendi</mark>', page)


def test_present_report_names_copies(output):
    output["stories"][0]["copies"] = [["wire/1 #a", "paper 2"]]
    assert "Wire = Daily Paper" in render_report(output)


def _well_formed(rendered: str) -> bool:
    depth = 0
    for tag in re.findall(r"</?mark\b", rendered):
        depth += -1 if tag.startswith("</") else 1
        if depth < 0:
            return False
    return depth == 0


spans = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.sampled_from(["time", "place", "event"]),
                           st.text(max_size=5)), max_size=10)


@given(st.text(max_size=40), spans, st.sets(st.integers(0, 40), max_size=4))
def test_present_highlight_keeps_text_intact(text, raw_spans, anchors):
    marks = [Mark(min(a, b), max(a, b), layer, title) for a, b, layer, title in raw_spans]
    rendered = str(highlight(text, marks, "doc/1 #x", anchors))
    assert html.unescape(re.sub(r"<[^>]+>", "", rendered)) == text
    assert _well_formed(rendered)


def test_present_highlight_skips_crossing_spans():
    rendered = str(highlight("abcdef", [(0, 4, "time", ""), (2, 6, "place", ""), (1, 3, "actor", "")], "d"))
    assert rendered == '<mark class="time" title="">a<mark class="actor" title="">bc</mark>d</mark>ef'
