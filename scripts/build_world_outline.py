"""Build rashomon/data/geo/countries-110m.json, the country outlines behind `charts.world_map`.

A one-off converter, kept so the data file can be rebuilt and checked. Source: Natural Earth 1:110m Admin 0
countries (public domain) as TopoJSON from the npm package world-atlas 2.0.2 (ISC,
https://github.com/topojson/world-atlas). It was run as:

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python scripts/build_world_outline.py /tmp/package/countries-110m.json

TopoJSON is decoded here (no extra dependency): arcs are quantized and delta-encoded, so each arc's points
are running sums mapped through transform.scale/translate; a ring lists arc indexes, ~i meaning arc i
reversed, and consecutive arcs share their joining point. Rings that cross the antimeridian are cut
there. The output is a list of
{"name", "iso_n3", "bbox": [minlon, minlat, maxlon, maxlat], "rings": [[[lon, lat], ...], ...]} with
coordinates rounded to 2 decimals (about 1 km, far below what 1:110m resolves).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "rashomon" / "data" / "geo" / "countries-110m.json"


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Every arc as absolute (lon, lat) points: undo the delta encoding, then the quantization."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """One closed ring with its arcs joined (a negative index ~i is arc i backwards)."""
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def split_antimeridian(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring that jumps across lon ±180 (Fiji, Chukotka) as rings within [-180, 180], so a flat map draws no
    line across the world. The ring is unwrapped to continuous longitudes, then clipped to the world once as
    is and once shifted by each of ±360. A ring around the pole (Antarctica: unwrapped, it does not close)
    is kept as it is; its closing edge runs along the map's bottom, which is right on a flat map."""
    unwrapped = [points[0]]
    for lon, lat in points[1:]:
        previous = unwrapped[-1][0]
        lon += 360 * round((previous - lon) / 360)
        unwrapped.append((lon, lat))
    if unwrapped == points or abs(unwrapped[-1][0] - unwrapped[0][0]) > 180:
        return [points]
    pieces = []
    for shift in (-360, 0, 360):
        piece = [(lon + shift, lat) for lon, lat in unwrapped]
        piece = clip(clip(piece, -180, lambda lon: lon >= -180), 180, lambda lon: lon <= 180)
        if len(piece) >= 3 and max(p[0] for p in piece) > min(p[0] for p in piece):
            pieces.append([*piece, piece[0]])
    return pieces


def clip(points: list[tuple[float, float]], edge: float, keep: Any) -> list[tuple[float, float]]:
    """Sutherland-Hodgman against the half-plane of longitudes `keep` accepts, bounded by meridian `edge`."""
    out: list[tuple[float, float]] = []
    for a, b in zip(points[-1:] + points[:-1], points, strict=True):
        if keep(a[0]) != keep(b[0]):
            t = (edge - a[0]) / (b[0] - a[0])
            out.append((edge, a[1] + t * (b[1] - a[1])))
        if keep(b[0]):
            out.append(b)
    return out


def rounded(points: list[tuple[float, float]]) -> list[list[float]]:
    """Coordinates to 2 decimals (about 1 km, far below what 1:110m resolves), repeats dropped."""
    out: list[list[float]] = []
    for lon, lat in points:
        p = [round(lon, 2) + 0.0, round(lat, 2) + 0.0]  # + 0.0 turns -0.0 into 0.0
        if not out or out[-1] != p:
            out.append(p)
    return out


def features(topology: dict[str, Any]) -> list[dict[str, Any]]:
    arcs = decode_arcs(topology)
    result = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [r for polygon in polygons for idx in polygon for piece in split_antimeridian(ring(idx, arcs))
                 if len(r := rounded(piece)) >= 4]
        if not rings:
            continue
        lons = [p[0] for r in rings for p in r]
        lats = [p[1] for r in rings for p in r]
        result.append({"name": geometry.get("properties", {}).get("name"), "iso_n3": geometry.get("id"),
                       "bbox": [min(lons), min(lats), max(lons), max(lats)], "rings": rings})
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="countries-110m.json from the world-atlas npm package")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    data = features(json.loads(args.topojson.read_text(encoding="utf-8")))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(data)} countries -> {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
