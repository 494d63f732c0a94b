"""Web app latency: p50/p95 of the main pages and API calls over a 10,000-document store.

The store is synthesized from our own demo corpus (examples/): it is analyzed once, then its
annotated documents are copied with new ids, outlets and dates shifted a day per copy, each copy
of the corpus forming one story with the demo story's facts. That gives the shape of a real store
(about 100 mentions per document, stories of seven outlets) without analyzing 10,000 texts. It is
kept in benchmarks/results/ and rebuilt when missing. The app runs as `rashomon serve` in its own
process; requests come one at a time from this one, so latency is the app's, not queueing.
"""
from __future__ import annotations

import os
import random
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import httpx

from benchmarks.common import RESULTS, ROOT, Report, console

DOCUMENTS = int(os.environ.get("RASHOMON_WEB_DOCS", "10000"))
REQUESTS = int(os.environ.get("RASHOMON_WEB_REQUESTS", "40"))  # per route
TARGET_P95_MS = 200.0


def run() -> Report:
    db = RESULTS / f"web-{DOCUMENTS}.db"
    if not db.exists():
        build_store(db, DOCUMENTS)
    with served(db) as base, httpx.Client(base_url=base, timeout=30) as client:
        routes = sample_routes(client)
        rows, detail = [], {}
        for name, urls in routes.items():
            timings = [timed(client, urls[i % len(urls)]) for i in range(REQUESTS)]
            p50, p95 = statistics.median(timings), percentile(timings, 95)
            rows.append([name, len(timings), p50, p95, max(timings), "yes" if p95 < TARGET_P95_MS else "NO"])
            detail[name] = {"p50_ms": round(p50, 1), "p95_ms": round(p95, 1), "max_ms": round(max(timings), 1)}
    worst = max(r[3] for r in rows)
    console.print(f"web latency in ms over {DOCUMENTS} documents, {REQUESTS} requests per route, one at a time")
    return Report(name="web",
                  columns=["route", "n", "p50", "p95", "max", f"p95 < {TARGET_P95_MS:.0f}"], rows=rows,
                  extra={"documents": DOCUMENTS, "worst_p95_ms": round(worst, 1), "routes": detail})


def timed(client: httpx.Client, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url}: HTTP {response.status_code}")
    return elapsed


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def sample_routes(client: httpx.Client) -> dict[str, list[str]]:
    """URLs per route, with ids drawn from the store so each request asks for something different."""
    rng = random.Random(7)
    stories = client.get("/api/stories", params={"size": 200, "page": 3}).json()["items"]
    docs = client.get("/api/documents", params={"size": 200, "page": 7}).json()["items"]
    facets = client.get("/api/facets").json()
    story_ids = [quote(s["id"], safe="") for s in rng.sample(stories, 20)]
    doc_ids = [quote(d["id"], safe="") for d in rng.sample(docs, 20)]
    outlet = facets["outlet"][0]["value"]
    return {
        "/ (stories, page 1)": ["/"],
        "/?page=N": [f"/?page={rng.randint(2, 60)}" for _ in range(10)],
        "/stories/{id}": [f"/stories/{s}" for s in story_ids],
        "/documents": ["/documents"],
        "/documents?page=N (deep)": [f"/documents?page={rng.randint(100, 490)}" for _ in range(10)],
        "/documents?q= (search)": [f"/documents?q={w}" for w in ("ceasefire", "bridge", "OSCE envoy", "weapons",
                                                                 "Mitrovica", "prisoners")],
        "/documents filtered": [f"/documents?outlet={quote(outlet)}&country=XK&event_type=ASSAULT",
                                "/documents?date_from=2032-01-01&date_to=2032-03-01",
                                "/documents?place=Mitrovica&actor=IGO-OSCE"],
        "/documents/{id}": [f"/documents/{d}" for d in doc_ids],
        "/api/stories": ["/api/stories?page=5"],
        "/api/stories/{id}": [f"/api/stories/{s}" for s in story_ids],
        "/api/documents?q=": ["/api/documents?q=truce", "/api/documents?q=handover&size=50"],
        "/api/documents/{id}": [f"/api/documents/{d}" for d in doc_ids],
        "/api/facets": ["/api/facets"],
    }


class served:
    """`rashomon serve` on a free port for the length of a with-block."""

    def __init__(self, db: Path) -> None:
        self.db = db

    def __enter__(self) -> str:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.process = subprocess.Popen([sys.executable, "-m", "rashomon.cli", "serve", "--db", str(self.db),
                                         "--port", str(port)], stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                httpx.get(base + "/api/stats", timeout=1)
                return base
            except httpx.HTTPError:
                time.sleep(0.1)
        self.process.kill()
        raise RuntimeError("rashomon serve did not start")

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def build_store(db: Path, size: int) -> None:
    """Copies of the analyzed demo corpus, one story per copy, until the store holds `size` documents."""
    from tempfile import TemporaryDirectory

    from rashomon.analysis import analyze
    from rashomon.model import Comparison, Story
    from rashomon.store import open_store

    with TemporaryDirectory() as tmp:
        seed_db = str(Path(tmp) / "seed.db")
        analyze([str(ROOT / "examples")], db=seed_db)
        with open_store(seed_db) as seed:
            anns, (story, *_) = seed.load_all(), seed.load_comparison().stories
    db.parent.mkdir(parents=True, exist_ok=True)
    stories = []
    started = time.perf_counter()
    with open_store(str(db)) as store:
        for copy in range(-(-size // len(anns))):
            renamed = {}
            for ann in anns:
                if len(renamed) + copy * len(anns) >= size:
                    break
                new = copied(ann, copy)
                renamed[ann.doc.id] = new.doc.id
                store.save(new)
            stories.append(Story(id=f"story-{copy:05d}", docs=list(renamed.values()), title=f"{story.title} ({copy})",
                                 facts=[replace(f, values=[replace(v, doc=renamed[v.doc]) for v in f.values
                                                           if v.doc in renamed]) for f in story.facts]))
        store.save_comparison(Comparison(stories=stories))
    print(f"built {db} in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def copied(ann, copy: int):
    """One annotated document as the `copy`-th copy: new id and hash, the outlet numbered, dates shifted."""
    from rashomon.model import Annotations

    def doc_id(old: str) -> str:
        return f"{old}~{copy}"

    shift = timedelta(days=copy)
    doc = replace(ann.doc, id=doc_id(ann.doc.id), hash=f"{ann.doc.hash[:40]}{copy:08d}",
                  outlet=f"{ann.doc.outlet or 'Outlet'} {copy % 40}", published=shifted(ann.doc.published, shift))
    layers = {name: [replace(m, doc=doc.id) for m in getattr(ann, name)]
              for name in ("times", "places", "actors", "framing")}
    events = [replace(e, doc=doc.id, id=f"{e.id}~{copy}", time=shifted(e.time, shift)) for e in ann.events]
    return Annotations(doc=doc, events=events, agreements=[], **layers)


def shifted(value: str | None, shift: timedelta) -> str | None:
    """An ISO date or date-time moved by `shift`, in the same form; anything else unchanged."""
    if not value:
        return value
    try:
        if len(value) == 10:
            return (date.fromisoformat(value) + shift).isoformat()
        moved = datetime.fromisoformat(value.replace("Z", "+00:00")) + shift
        return moved.isoformat().replace("+00:00", "Z") if value.endswith("Z") else moved.isoformat()
    except ValueError:
        return value
