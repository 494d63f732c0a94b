"""Loopback load test: 50 concurrent clients for 60 s against `rashomon serve` while an analysis writes.

The store holds 500 documents synthesized from the demo corpus the way benchmarks/crash.py makes them,
in stories of 10 (each 11 days after the last), analyzed once and kept in
benchmarks/results/load-seed-500-10.db; each run works on a fresh copy.
`rashomon serve` reads it; at the same time `rashomon analyze` writes new synthesized documents (50 a
run) into the same SQLite file (WAL), run after run, for as long as the clients run. Each client
(asyncio + httpx, one connection each) asks for a random page or API answer, waits for it, and asks
again. An error is any transport failure or any status other than 200; a failed analysis run is
reported too. A torn read would show as a client seeing the document count go down between two of its
own `/api/stats` calls.
"""
from __future__ import annotations

import asyncio
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

from benchmarks.common import RESULTS, Report, console
from benchmarks.crash import synthesize
from benchmarks.web import percentile

CLIENTS = int(os.environ.get("RASHOMON_LOAD_CLIENTS", "50"))
SECONDS = float(os.environ.get("RASHOMON_LOAD_SECONDS", "60"))
STORE_DOCS = int(os.environ.get("RASHOMON_LOAD_DOCS", "500"))
STORY_SIZE = 10  # documents per synthesized story, about what an event gets from a handful of outlets
TIMEOUT_S = 30.0


def run() -> Report:
    seed_db = RESULTS / f"load-seed-{STORE_DOCS}-{STORY_SIZE}.db"
    if not seed_db.exists():
        build_seed(seed_db)
    with tempfile.TemporaryDirectory(prefix="rashomon-load-") as tmp:
        db = Path(tmp) / "load.db"
        shutil.copy(seed_db, db)
        batches = synthesize(Path(tmp) / "new", 1000, random.Random(5), prefix="new", story_size=STORY_SIZE,
                             first_day=STORE_DOCS // STORY_SIZE * 11 + 30)
        server = Server(db, Path(tmp) / "serve.log")
        with server as base, Writer(batches, db) as writer:
            routes = asyncio.run(sample_routes(base))
            before = asyncio.run(stats(base))
            results = asyncio.run(load(base, routes, writer))
            after = asyncio.run(stats(base))
            writes = writer.summary()
        writes["server"] = server.summary()
    return report(results, writes, before, after)


class Server:
    """`rashomon serve` on a free port, its log kept; how long it takes to stop is part of the result."""

    def __init__(self, db: Path, log: Path) -> None:
        self.db, self.log = db, log
        self.stop_s: float | None = None

    def __enter__(self) -> str:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.process = subprocess.Popen([sys.executable, "-m", "rashomon.cli", "serve", "--db", str(self.db),
                                         "--port", str(port)], stdout=subprocess.DEVNULL,
                                        stderr=self.log.open("w"))
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                httpx.get(base + "/api/stats", timeout=1)
                return base
            except httpx.HTTPError:
                time.sleep(0.1)
        self.process.kill()
        raise RuntimeError(f"rashomon serve did not start: {self.log.read_text()[-2000:]}")

    def __exit__(self, *exc: object) -> None:
        started = time.perf_counter()
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
            self.stop_s = time.perf_counter() - started
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log_tail = self.log.read_text(errors="replace")[-3000:]

    def summary(self) -> dict:
        return {"stopped_after_s": None if self.stop_s is None else round(self.stop_s, 1),
                "log_tail": self.log_tail}


def build_seed(db: Path) -> None:
    """The served store: STORE_DOCS synthesized documents through a real `rashomon analyze`."""
    with tempfile.TemporaryDirectory(prefix="rashomon-load-seed-") as tmp:
        corpus = synthesize(Path(tmp) / "seed", STORE_DOCS, random.Random(3), prefix="seed", story_size=STORY_SIZE)
        db.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "rashomon.cli", "analyze", str(corpus), "--db", str(db), "--quiet"],
                       check=True, stdout=subprocess.DEVNULL)


class Writer:
    """`rashomon analyze` over one new batch after another into the served store, until the test ends."""

    def __init__(self, corpus: Path, db: Path) -> None:
        self.batches = sorted(corpus.glob("*.jsonl"))
        self.db = db
        self.runs: list[int] = []
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Writer:
        self._next()
        return self

    def _next(self) -> None:
        batch = self.batches[len(self.runs) % len(self.batches)]
        self.process = subprocess.Popen([sys.executable, "-m", "rashomon.cli", "analyze", str(batch), "--db",
                                         str(self.db), "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def poll(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            self.runs.append(self.process.returncode)
            self._next()

    def summary(self) -> dict:
        self.poll()
        return {"finished_runs": len(self.runs), "failed_runs": sum(1 for r in self.runs if r != 0),
                "running_at_end": self.process is not None and self.process.poll() is None}

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


async def stats(base: str) -> dict:
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT_S) as client:
        return (await client.get("/api/stats")).json()


async def sample_routes(base: str) -> dict[str, list[str]]:
    rng = random.Random(11)
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT_S) as client:
        stories = (await client.get("/api/stories", params={"size": 100})).json()["items"]
        docs = (await client.get("/api/documents", params={"size": 200, "page": 2})).json()["items"]
    story_ids = [quote(s["id"], safe="") for s in rng.sample(stories, min(20, len(stories)))]
    doc_ids = [quote(d["id"], safe="") for d in rng.sample(docs, 20)]
    return {
        "/": ["/"],
        "/stories/{id}": [f"/stories/{s}" for s in story_ids],
        "/documents": ["/documents", "/documents?page=10", "/documents?outlet=Valley+Post&country=XK"],
        "/documents?q=": [f"/documents?q={w}" for w in ("ceasefire", "bridge", "OSCE envoy", "Mitrovica")],
        "/documents/{id}": [f"/documents/{d}" for d in doc_ids],
        "/api/documents": ["/api/documents?q=truce", "/api/documents?size=50&page=7"],
        "/api/documents/{id}": [f"/api/documents/{d}" for d in doc_ids],
        "/api/stats": ["/api/stats"],
        "/api/facets": ["/api/facets"],
    }


async def load(base: str, routes: dict[str, list[str]], writer: Writer) -> list[dict]:
    """CLIENTS clients asking one request after another until SECONDS have passed; every answer recorded."""
    deadline = time.perf_counter() + SECONDS
    results: list[dict] = []
    await asyncio.gather(keep_writing(writer, deadline),
                         *(one_client(base, routes, deadline, n, results) for n in range(CLIENTS)))
    return results


async def keep_writing(writer: Writer, deadline: float) -> None:
    while time.perf_counter() < deadline:
        writer.poll()
        await asyncio.sleep(0.5)


async def one_client(base: str, routes: dict[str, list[str]], deadline: float, n: int, results: list[dict]) -> None:
    """One client with its own keep-alive connection, like a browser tab.

    A pool shared by all clients would leave some connections idle past uvicorn's 5 s keep-alive while
    answers are slow, and a request sent on one just as the server closes it fails on the client's side.
    """
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT_S, limits=limits) as client:
        await client_loop(client, routes, deadline, n, results)


async def client_loop(client: httpx.AsyncClient, routes: dict[str, list[str]], deadline: float, n: int,
                      results: list[dict]) -> None:
    rng = random.Random(n)
    names = list(routes)
    last_count = -1
    while time.perf_counter() < deadline:
        name = rng.choice(names)
        url = rng.choice(routes[name])
        started = time.perf_counter()
        try:
            response = await client.get(url)
            status, error = response.status_code, None if response.status_code == 200 else response.text[:200]
        except httpx.HTTPError as exc:
            status, error = 0, f"{type(exc).__name__}: {exc}"
        record = {"route": name, "ms": (time.perf_counter() - started) * 1000, "status": status, "error": error}
        if name == "/api/stats" and status == 200:
            count = response.json()["documents"]
            record["torn"] = count < last_count  # fewer documents than this client saw before
            last_count = max(last_count, count)
        results.append(record)


def report(results: list[dict], writes: dict, before: dict, after: dict) -> Report:
    rows = []
    for name in sorted({r["route"] for r in results}):
        times = [r["ms"] for r in results if r["route"] == name]
        errors = sum(1 for r in results if r["route"] == name and r["error"] is not None)
        rows.append([name, len(times), errors, statistics.median(times), percentile(times, 95), max(times)])
    times = [r["ms"] for r in results]
    errors = [r for r in results if r["error"] is not None]
    torn = sum(1 for r in results if r.get("torn"))
    rows.append(["all", len(times), len(errors), statistics.median(times), percentile(times, 95), max(times)])
    console.print(f"{CLIENTS} clients for {SECONDS:.0f} s over loopback; analysis writing meanwhile: "
                  f"{after['documents'] - before['documents']} documents added in {writes['finished_runs']} "
                  f"finished runs ({writes['failed_runs']} failed)")
    return Report(name="load", columns=["route", "requests", "errors", "p50 ms", "p95 ms", "max ms"], rows=rows,
                  extra={"clients": CLIENTS, "seconds": SECONDS, "requests": len(times), "errors": len(errors),
                         "torn_reads": torn, "requests_per_second": round(len(times) / SECONDS, 1),
                         "p95_ms": round(percentile(times, 95), 1), "p50_ms": round(statistics.median(times), 1),
                         "documents_before": before["documents"], "documents_after": after["documents"],
                         "writer": writes, "error_samples": {"sample": [e["error"] for e in errors[:10]]}})
