"""The inline SVG charts: well-formed, escaped, linked, and drawn where the data says."""
from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest

from rashomon.present.charts import (
    MOST_STACKED,
    countries,
    fit_view,
    parse_utc,
    radius,
    tick_times,
    timeline,
    world_map,
)

NS = "{http://www.w3.org/2000/svg}"
KHANKENDI = {"name": "Khankendi", "lat": 39.82, "lon": 46.75, "country": "AZ", "count": 9}
YEREVAN = {"name": "Yerevan", "lat": 40.18, "lon": 44.51, "country": "AM", "count": 1}


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(str(svg))
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img" and root.get("aria-label")
    assert "<script" not in str(svg).lower()
    return root


def view_box(root: ET.Element) -> tuple[float, float, float, float]:
    x, y, w, h = map(float, root.get("viewBox").split())
    return x, y, w, h


def title(element: ET.Element) -> str | None:
    node = element.find(f"{NS}title")
    return None if node is None else node.text


def country_rings(root: ET.Element, name: str) -> list[list[tuple[float, float]]]:
    (path,) = [p for p in root.iter(f"{NS}path") if title(p) == name]
    rings = []
    for sub in re.findall(r"M([^Z]*)Z", path.get("d")):
        numbers = [float(n) for n in re.findall(r"-?[\d.]+", sub)]
        rings.append(list(zip(numbers[::2], numbers[1::2], strict=True)))
    return rings


def inside(x: float, y: float, rings: list[list[tuple[float, float]]]) -> bool:
    """Even-odd point in polygon, as the map fills it."""
    crossings = 0
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1


def circles(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{NS}circle"))


# --- the data --------------------------------------------------------------------------------------

def test_outline_data_is_compact_and_complete():
    data = countries()
    assert len(data) == 177
    by_name = {c["name"]: c for c in data}
    assert by_name["Azerbaijan"]["iso_n3"] == "031"
    for c in data:
        lons = [p[0] for r in c["rings"] for p in r]
        lats = [p[1] for r in c["rings"] for p in r]
        assert c["bbox"] == [min(lons), min(lats), max(lons), max(lats)]
        assert -180 <= c["bbox"][0] <= c["bbox"][2] <= 180
        for ring in c["rings"]:
            assert ring[0] == ring[-1] and len(ring) >= 4
            if c["name"] != "Antarctica":  # the one ring around a pole; all others are cut at ±180
                assert all(abs(a[0] - b[0]) < 180 for a, b in itertools.pairwise(ring))


# --- map -------------------------------------------------------------------------------------------

def test_map_draws_one_circle_per_place_inside_the_view():
    root = parse(world_map([KHANKENDI, YEREVAN]))
    x0, y0, w, h = view_box(root)
    found = circles(root)
    assert len(found) == 2
    for c in found:
        assert x0 <= float(c.get("cx")) <= x0 + w and y0 <= float(c.get("cy")) <= y0 + h
    big, small = sorted(found, key=lambda c: -float(c.get("r")))
    assert "Khankendi" in title(big) and "AZ" in title(big) and "9" in title(big)
    assert float(big.get("r")) == pytest.approx(radius(9), abs=0.05)
    assert radius(9) - radius(1) == pytest.approx(2 * (radius(4) - radius(1)))  # linear in sqrt(count)
    assert float(big.get("cx")) > float(small.get("cx"))  # east is right
    assert float(big.get("cy")) > float(small.get("cy"))  # south is down


def test_khankendi_lies_in_azerbaijan_as_drawn():
    root = parse(world_map([KHANKENDI]))
    (point,) = circles(root)
    x, y = float(point.get("cx")), float(point.get("cy"))
    azerbaijan = country_rings(root, "Azerbaijan")
    xs = [p[0] for r in azerbaijan for p in r]
    ys = [p[1] for r in azerbaijan for p in r]
    assert min(xs) <= x <= max(xs) and min(ys) <= y <= max(ys)
    assert inside(x, y, azerbaijan)
    assert not inside(x, y, country_rings(root, "Armenia"))


def test_map_fits_the_points_but_not_to_street_level():
    one = fit_view([KHANKENDI], 640, 320)
    assert one.east - one.west >= 10 and one.north - one.south >= 5
    assert one.west < 46.75 < one.east and one.south < 39.82 < one.north
    assert (one.east - one.west) / (one.north - one.south) == pytest.approx(2)
    far = fit_view([KHANKENDI, {**YEREVAN, "lat": -33.9, "lon": 18.4}], 640, 320)
    assert far.east - far.west > 30 and far.south < -33.9 and far.north > 39.82
    assert -90 <= far.south and far.north <= 90


def test_map_draws_only_countries_in_view():
    root = parse(world_map([KHANKENDI]))
    names = {title(p) for p in root.iter(f"{NS}path")}
    assert {"Azerbaijan", "Armenia", "Georgia", "Iran"} <= names
    assert "Brazil" not in names and "Australia" not in names
    assert len(str(world_map([KHANKENDI]))) < len(str(world_map([]))) / 4
    assert not re.search(r"\d\.\d\d", str(world_map([KHANKENDI])))  # coordinates keep one decimal at most


def test_empty_map_is_the_whole_world():
    svg = world_map([])
    root = parse(svg)
    assert circles(root) == []
    assert view_box(root) == (0, 0, 640, 320)
    names = {title(p) for p in root.iter(f"{NS}path")}
    assert {"Brazil", "Australia", "Azerbaijan", "Fiji"} <= names
    assert len(str(svg)) < 200_000


def test_map_skips_places_without_coordinates():
    root = parse(world_map([KHANKENDI, {"name": "Nowhere", "lat": None, "lon": None, "country": None, "count": 3}]))
    assert len(circles(root)) == 1


def test_map_escapes_names_and_labels():
    nasty = {**KHANKENDI, "name": "<script>alert(1)</script> & Co", "country": 'A"Z'}
    svg = str(world_map([nasty, {**YEREVAN, "label": "Yerevan <b>bold</b> & co"}]))
    root = parse(svg)
    tooltips = {title(c) for c in circles(root)}
    assert 'A"Z' in next(t for t in tooltips if t.startswith("<script>alert(1)</script> & Co"))
    assert "Yerevan <b>bold</b> & co" in tooltips
    assert "&lt;script&gt;" in svg and "&amp; Co" in svg
    assert "Khankendi" not in root.get("aria-label") and "&lt;script&gt;" in svg.split(">", 1)[0]


def test_map_links_points_that_have_a_target():
    bad = {**YEREVAN, "name": "Bad", "href": "javascript:x()"}
    svg = world_map([{**KHANKENDI, "href": "#place-1&x"}, YEREVAN, bad])
    root = parse(svg)
    links = list(root.iter(f"{NS}a"))
    assert [a.get("href") for a in links] == ["#place-1&x"]
    (circle,) = list(links[0])
    assert circle.tag == f"{NS}circle" and "Khankendi" in title(circle)
    assert len(circles(root)) == 3
    assert "javascript" not in str(svg)


# --- timeline --------------------------------------------------------------------------------------

def markers(root: ET.Element) -> list[ET.Element]:
    """The item markers: every shape whose tooltip names a UTC time."""
    return [e for e in root.iter() if e.tag in (f"{NS}circle", f"{NS}rect", f"{NS}path")
            and (title(e) or "").find(" UTC") >= 0]


def marker_x(element: ET.Element) -> float:
    if element.tag == f"{NS}circle":
        return float(element.get("cx"))
    if element.tag == f"{NS}rect":
        return float(element.get("x")) + float(element.get("width")) / 2
    return float(re.match(r"M(-?[\d.]+)", element.get("d")).group(1))


def marker_y(element: ET.Element) -> float:
    if element.tag == f"{NS}circle":
        return float(element.get("cy"))
    if element.tag == f"{NS}rect":
        return float(element.get("y")) + float(element.get("height")) / 2
    return float(re.match(r"M-?[\d.]+ (-?[\d.]+)", element.get("d")).group(1)) + 6


def ticks(root: ET.Element) -> list[tuple[str, str]]:
    return [(t.get("data-utc"), t.text) for t in root.iter(f"{NS}text") if t.get("class") == "tick"]


ITEMS = [
    {"utc": "2023-09-19T07:00:00Z", "kind": "published", "label": "AP report"},
    {"utc": "2023-09-19T10:00:00Z", "kind": "event", "label": "shelling begins", "href": "#ev-1"},
    {"utc": "2023-09-20T09:00:00Z", "kind": "time", "label": "13:00 local", "local": "13:00 Asia/Baku"},
    {"utc": "2023-09-20T12:00:00+03:00", "kind": "time", "label": "noon Moscow", "local": "12:00 Europe/Moscow"},
]


def test_timeline_ticks_are_ordered_utc_hours():
    root = parse(timeline(ITEMS))
    found = ticks(root)
    assert len(found) >= 3
    stamps = [s for s, _ in found]
    assert stamps == sorted(stamps) and all(s.endswith("Z") for s in stamps)
    for stamp, text in found:  # the label is the UTC clock of the tick, whatever the inputs' offsets
        assert text == datetime.fromisoformat(stamp).strftime("%H:%M")
    xs = [float(t.get("x")) for t in root.iter(f"{NS}text") if t.get("class") == "tick"]
    assert xs == sorted(xs)
    assert any(t.text == "UTC" for t in root.iter(f"{NS}text"))
    assert "UTC" in root.get("aria-label")
    assert any(t.text == "19 Sep 2023" for t in root.iter(f"{NS}text"))  # the date under the first hour


def test_timeline_offset_input_lands_on_its_utc_instant():
    root = parse(timeline(ITEMS))
    baku, moscow = (m for m in markers(root) if "local:" in title(m))
    assert marker_x(baku) == marker_x(moscow)
    assert title(moscow) == "noon Moscow — 2023-09-20 09:00 UTC (local: 12:00 Europe/Moscow)"
    assert marker_y(baku) != marker_y(moscow)  # stacked, not hidden


def test_timeline_items_at_one_instant_all_show():
    same = [{"utc": "2023-09-20T09:00:00Z", "kind": "event", "label": f"report {i}"} for i in range(3)]
    root = parse(timeline(same))
    found = markers(root)
    assert sorted(title(m) for m in found) == [f"report {i} — 2023-09-20 09:00 UTC" for i in range(3)]
    assert len({(marker_x(m), marker_y(m)) for m in found}) == 3
    _, y0, _, h = view_box(root)
    assert all(y0 < marker_y(m) < y0 + h for m in found)


def test_timeline_a_crowded_instant_draws_a_bounded_stack_that_counts_the_rest():
    crowd = [{"utc": "2023-09-20T09:00:00Z", "kind": "published", "label": f"outlet {i} published"}
             for i in range(400)]
    root = parse(timeline(crowd))
    found = markers(root)
    assert len(found) == MOST_STACKED
    assert sum("(and 391 more at this time)" in title(m) for m in found) == 1
    _, _, _, height = view_box(root)
    assert height < 200  # not a column of 400 markers
    assert len({(marker_x(m), marker_y(m)) for m in found}) == MOST_STACKED


def test_timeline_lanes_links_and_escaping():
    items = [*ITEMS, {"utc": "2023-09-19T12:00:00Z", "kind": "event", "label": "<script>x</script> & more"}]
    svg = str(timeline(items))
    root = parse(svg)
    assert len(markers(root)) == 5
    lanes = [t.text for t in root.iter(f"{NS}text") if t.get("text-anchor") == "end"]
    assert lanes == ["events", "published", "times"]
    (link,) = root.iter(f"{NS}a")
    assert link.get("href") == "#ev-1" and "shelling begins" in title(link[0])
    assert any(title(m) == "<script>x</script> & more — 2023-09-19 12:00 UTC" for m in markers(root))
    assert "&lt;script&gt;" in svg
    width = view_box(root)[2]
    assert all(0 <= marker_x(m) <= width for m in markers(root))


def test_timeline_empty_and_undated():
    for items in ([], [{"utc": "not a date", "kind": "event", "label": "x"}]):
        root = parse(timeline(items))
        assert "no dated items" in "".join(root.itertext())
        assert markers(root) == []


def test_tick_units_follow_the_span():
    def at(text: str) -> datetime:
        return parse_utc(text)

    unit, found = tick_times(at("2023-09-20T01:10Z"), at("2023-09-20T05:50Z"))
    assert unit == "hour" and found[0] == at("2023-09-20T02:00Z") and len(found) == 4
    unit, found = tick_times(at("2023-09-01T00:00Z"), at("2023-09-20T00:00Z"))
    assert unit == "day" and all(t.hour == 0 for t in found) and 2 <= len(found) <= 8
    unit, found = tick_times(at("2022-01-15T00:00Z"), at("2023-09-20T00:00Z"))
    assert unit == "month" and all(t.day == 1 for t in found) and 2 <= len(found) <= 8
    assert found == sorted(found)
    assert parse_utc("2023-09-20T12:00:00+03:00") == datetime(2023, 9, 20, 9, tzinfo=UTC)
    assert parse_utc("2023-09-20") == datetime(2023, 9, 20, tzinfo=UTC)


def test_timeline_long_spans_label_months():
    items = [{"utc": "2022-03-01T00:00:00Z", "kind": "published", "label": "a"},
             {"utc": "2023-09-20T09:00:00Z", "kind": "event", "label": "b"}]
    found = ticks(parse(timeline(items)))
    assert found and all(re.fullmatch(r"[A-Z][a-z]{2} \d{4}", text) for _, text in found)
