"""Present: the schema, exports and the offline report, from a small output built by hand (no spaCy)."""
from __future__ import annotations

import csv
import html
import json
import re

import pyarrow.parquet as pq
import pytest
from handmade import WIRE, comparison, paper, wire
from hypothesis import given
from hypothesis import strategies as st

from rashomon.errors import RashomonError
from rashomon.present.export import EVENT_SCHEMA, export
from rashomon.present.markup import Mark, highlight
from rashomon.present.output import build_output, validate_output
from rashomon.present.report import write_report


@pytest.fixture
def output() -> dict:
    return build_output([wire(), paper()], comparison())


def test_present_output_validates(output):
    validate_output(output)
    assert output["schema"] == "rashomon/1"
    assert [d["id"] for d in output["documents"]] == ["wire/1 #a", "paper 2"]
    assert set(output["documents"][0]) == {"id", "hash", "outlet", "url", "published", "title", "text", "language"}
    assert len(output["events"]) == 2 and output["events"][0]["trigger"] == "killed"


def test_present_output_carries_a_documents_own_counts():
    """A report in another language has counts but no events to hold them: they are their own layer."""
    from rashomon.model import Quantity

    ann = wire()
    at = ann.doc.text.index("killed")
    ann.quantities = [Quantity(kind="killed", low=12.0, high=None, text="killed", doc=ann.doc.id, start=at,
                               end=at + 6)]
    output = build_output([ann, paper()], comparison())
    validate_output(output)
    assert output["quantities"] == [{"doc": ann.doc.id, "start": at, "end": at + 6, "text": "killed",
                                     "kind": "killed", "low": 12.0, "high": None}]
    output["quantities"][0]["start"] += 1
    with pytest.raises(RashomonError, match="quantities"):
        validate_output(output)


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
    path = export(output, "csv", tmp_path / "deep" / "csv") / "events.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(output["events"])
    assert rows[0]["attribution"] == "separatists < Wire" and rows[0]["evidence"] == WIRE
    assert rows[1]["outlet"] == "Daily Paper" and rows[1]["place"] == "Khankendi"


def test_present_export_parquet_typed_columns(output, tmp_path):
    table = pq.read_table(export(output, "parquet", tmp_path / "pq") / "events.parquet")
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


def report_pages(output, folder) -> dict[str, str]:
    write_report(output, folder)
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


def test_present_report_is_offline_and_escapes_text(output, tmp_path):
    pages = report_pages(output, tmp_path / "report")
    assert len(pages) == 1 + len(output["stories"]) + len(output["documents"])
    for page in pages.values():
        assert not re.search(r"""(src|href|action)=["']?(https?:)?//""", page) and "url(" not in page
        assert "@import" not in page and "<script" not in page
    site = "".join(pages.values())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in site
    for value in ("12", "15", "Khankendi", "armed groups", "ceasefire", "Wire", "Daily Paper"):
        assert value in site
    assert '<span class="verdict conflict">conflict</span>' in site


def test_present_report_links_resolve_to_existing_pages_and_ids(output, tmp_path):
    pages = report_pages(output, tmp_path / "report")
    ids = {name: re.findall(r'\bid="([^"]+)"', page) for name, page in pages.items()}
    links = 0
    for name, page in pages.items():
        assert len(ids[name]) == len(set(ids[name])), name
        assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids[name])
        for href in re.findall(r'href="([^"]+)"', page):
            target, _, fragment = href.partition("#")
            target = target or name
            assert target in pages, href
            assert not fragment or fragment in ids[target], href
            links += 1
    assert links > 20


def test_present_report_marks_every_layer(output, tmp_path):
    page = report_pages(output, tmp_path / "report")
    wire_page = next(text for name, text in page.items() if name.startswith("doc-wire"))
    for layer in ("event", "time", "place", "actor", "framing"):
        assert f'<mark class="{layer}"' in wire_page
    # the event sentence contains the place: they nest instead of one hiding the other
    assert re.search(r'<mark class="event"[^>]*>(?:(?!</mark>).)*<mark class="place"[^>]*>Khankendi</mark>', wire_page)


def test_present_report_names_copies(output, tmp_path):
    output["stories"][0]["copies"] = [["wire/1 #a", "paper 2"]]
    assert "Wire = Daily Paper" in "".join(report_pages(output, tmp_path / "r").values())


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


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_present_colours_meet_wcag_aa():
    """Every text colour the stylesheet sets is readable on the background it sits on (ratio >= 4.5)."""
    from importlib import resources

    css = resources.files("rashomon.present").joinpath("templates/style.css").read_text(encoding="utf-8")
    variables = dict(re.findall(r"--(\w+):\s*(#[0-9a-f]{6})", css))
    pairs = [(variables[name], "#ffffff") for name in ("ink", "muted", "link")]
    for rule in re.findall(r"\{([^}]*)\}", css):
        background = re.search(r"background:\s*(#[0-9a-f]{6})", rule)
        colour = re.search(r"(?<![-\w])color:\s*(#[0-9a-f]{6}|var\(--(\w+)\))", rule)
        if background:
            text = colour.group(1) if colour and colour.group(1).startswith("#") else variables[
                colour.group(2) if colour else "ink"]
            pairs.append((text, background.group(1)))
    assert len(pairs) > 12
    for text, background in pairs:
        assert _contrast(text, background) >= 4.5, (text, background)


def test_present_summary_collapses_facts_told_by_the_same_sentences():
    """An event coded twice over the same sentences is one summary line; a claim is named by its words."""
    from rashomon.present.pages import summary

    def row(key, verdict, aspect="claim", at=0):
        values = [{"doc": "a", "start": at, "end": at + 20, "value": "Talks were held today.", "href": "#a"},
                  {"doc": "b", "start": at + 5, "end": at + 30, "value": "Talks took place today.", "href": "#b"}]
        fact = {"aspect": aspect, "key": key, "verdict": verdict, "values": values}
        return {"fact": fact, "id": key, "cells": {v["doc"]: [v] for v in values}}

    lines = summary([row("CONSULT ? → ?: talks", "agree"), row("AGREE ? → ?: held", "agree"),
                     row("Odesa (GeoNames 1)", "agree", aspect="place", at=40)], {"a": "Wire", "b": "Paper"})
    (line,) = lines["agree"]
    assert line["label"] == "claim: Talks were held today." and line["outlets"] == 2
    assert [v["value"] for v in line["values"]] == ["Wire", "Paper"]
    assert [x["fact"]["aspect"] for x in lines["names"]] == ["place"]


def test_present_sides_quoted_by_each_outlet():
    from rashomon.present.pages import sides_quoted

    output = {"actors": [{"doc": "a", "actor": "org:ministry", "country": "AZE"}],
              "claims": [{"doc": "a", "speaker": "org:ministry"}, {"doc": "a", "speaker": "RUS-GOV-kremlin"},
                         {"doc": "b", "speaker": None}, {"doc": "b", "speaker": "unk:witness"}]}
    assert sides_quoted(output, {"a": "Wire", "b": "Paper"}) == {"Wire": {"AZE": 1, "RUS": 1}}


def test_present_framing_profile_marks_a_side_s_words_in_a_quote():
    from rashomon.present.pages import framing_profile

    framing = [{"doc": "a", "start": 10, "end": 21, "text": "separatists", "perspective": "delegitimising"},
               {"doc": "a", "start": 60, "end": 71, "text": "separatists", "perspective": "delegitimising"}]
    claims = [{"doc": "a", "start": 0, "end": 40, "speaker": "AZE-GOV"}, {"doc": "a", "start": 50, "end": 90,
                                                                        "speaker": None}]
    (row,) = framing_profile(framing, {"a": "Wire"}, {"Wire": {"AZE": 1}}, claims)
    assert row["perspectives"] == {"delegitimising": ["separatists", "separatists (quoted)"]}
    assert row["quoted"] == {"AZE": 1}


def test_present_large_story_lists_accounts_per_fact_instead_of_a_column_per_document(output, monkeypatch):
    from rashomon.present import pages
    from rashomon.present.report import LINKS

    story_id = output["stories"][0]["id"]
    wide = pages.render("story.html.j2", web=False, links=LINKS, **pages.story_page(output, story_id, LINKS))
    monkeypatch.setattr(pages, "MATRIX_MAX_DOCUMENTS", 1)  # the two handmade documents count as many
    long = pages.render("story.html.j2", web=False, links=LINKS, **pages.story_page(output, story_id, LINKS))

    def facts_table(page: str) -> str:
        return page.split('id="facts"', 1)[1].split("</section>", 1)[0]

    assert facts_table(wide).count('<th scope="col">') == 2 + len(output["stories"][0]["docs"])
    assert facts_table(long).count('<th scope="col">') == 3  # fact, verdict, accounts
    # every account of every fact is still there, with its evidence link
    evidence = re.compile(r'<a class="evidence" href="([^"]+)">')
    assert sorted(evidence.findall(facts_table(long))) == sorted(evidence.findall(facts_table(wide)))
    assert evidence.findall(facts_table(long))


def test_report_lists_stories_latest_coverage_then_most_covered_like_the_web_list():
    from rashomon.present.pages import story_rows

    documents = [{"id": f"d{i}", "published": p} for i, p in enumerate(["2031-11-18", "2031-11-19", "2031-11-18",
                                                                         "2031-11-18"])]
    stories = [{"id": "one", "title": "", "docs": ["d0"], "facts": []},
               {"id": "two", "title": "", "docs": ["d2", "d3"], "facts": []},
               {"id": "late", "title": "", "docs": ["d1"], "facts": []}]
    rows = story_rows({"documents": documents, "stories": stories})
    assert [r["id"] for r in rows] == ["late", "two", "one"]
