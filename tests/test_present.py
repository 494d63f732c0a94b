"""Present: the schema, exports and the offline report, built from hand-made model objects."""
from __future__ import annotations

import html
import json
import re

import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_store import full_annotations

from rashomon.errors import RashomonError
from rashomon.model import Comparison, Fact, FactValue, Story
from rashomon.present.export import export
from rashomon.present.highlight import Mark, highlight
from rashomon.present.output import build_output, validate_output
from rashomon.present.report import render_report


@pytest.fixture
def output():
    anns = [full_annotations("d1"), full_annotations("d2", "<script>alert(1)</script> " + "x" * 70)]
    story = Story(id="s1", docs=["d1", "d2"], title="Story",
                  facts=[Fact(aspect="number", key="killed", verdict="conflict",
                              values=[FactValue(doc="d1", value="Twelve were killed", start=0, end=18)])])
    return build_output(anns, Comparison(stories=[story], agreements=[anns[0].agreements[0]]))


def test_present_output_validates(output):
    validate_output(output)
    assert output["schema"] == "rashomon/1" and len(output["documents"]) == 2 and len(output["events"]) == 2


def test_present_schema_rejects_missing_field_with_path(output):
    del output["times"][0]["utc"]
    with pytest.raises(RashomonError, match=r"\$\.times\[0\]"):
        validate_output(output)


def test_present_schema_rejects_unknown_verdict(output):
    output["stories"][0]["facts"][0]["verdict"] = "probably"
    with pytest.raises(RashomonError, match="verdict"):
        validate_output(output)


def test_present_export_json_round_trip(output, tmp_path):
    path = export(output, "json", tmp_path / "o.json")
    assert json.loads(path.read_text(encoding="utf-8")) == output


def test_present_export_event_tables(output, tmp_path):
    csv_path = export(output, "csv", tmp_path / "e.csv")
    assert len(csv_path.read_text(encoding="utf-8").strip().splitlines()) == 1 + len(output["events"])
    table = pq.read_table(export(output, "parquet", tmp_path / "e.parquet"))
    assert table.num_rows == 2
    row = table.to_pylist()[0]
    assert row["place"] == "Khankendi" and row["latitude"] == pytest.approx(39.8177) and row["fatalities_low"] == 12
    assert row["attribution"] == "separatists < Wire"


def test_present_export_geojson(output, tmp_path):
    data = json.loads(export(output, "geojson", tmp_path / "p.geojson").read_text())
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 2
    assert data["features"][0]["geometry"]["coordinates"] == [46.7528, 39.8177]


def test_present_export_unknown_format(output, tmp_path):
    with pytest.raises(ValueError, match="choose one of"):
        export(output, "xlsx", tmp_path / "x")


def test_present_report_is_offline_and_escapes_text(output):
    page = render_report(output)
    assert not re.search(r'(src|href)="(https?:)?//', page) and "@import" not in page
    assert "<script" not in page and "&lt;script&gt;alert(1)" in page
    assert "Twelve were killed" in page and "Wire" in page
    assert 'class="verdict conflict"' in page


def test_present_report_links_resolve(output):
    page = render_report(output)
    ids = set(re.findall(r'id="([^"]+)"', page))
    targets = set(re.findall(r'href="#([^"]+)"', page))
    assert targets and targets <= ids


spans = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.sampled_from(["time", "place"])), max_size=8)


@given(st.text(max_size=40), spans, st.sets(st.integers(0, 40), max_size=4))
def test_present_highlight_keeps_text_intact(text, raw_spans, anchors):
    marks = [Mark(min(a, b), max(a, b), layer, "t") for a, b, layer in raw_spans]
    rendered = str(highlight(text, marks, "doc/1 #x", anchors))
    assert html.unescape(re.sub(r"<[^>]+>", "", rendered)) == text
    assert rendered.count("<mark") == rendered.count("</mark>")


def test_present_report_names_copies(output):
    output["stories"][0]["copies"] = [["d1", "d2"]]
    page = render_report(output)
    assert "Copies of one text" in page and "Wire = Wire" in page
