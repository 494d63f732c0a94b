"""Scale: workers and Ray against one process, peak memory as the corpus grows, cost of the comparison.

The corpus is synthesized from our own demo reports (examples/): each synthetic event takes each demo
report's lead and two other paragraphs, its city renamed to another real city, outlets and dates
shifted, and a closing line that makes every text unique, so nothing is deduplicated away. All
events share actors and a country, the way a month of reports on one war does, so the stream is a
stress test of story chaining (see compare.stories.MAX_STORY_DAYS).
Every run is `rashomon analyze` in a subprocess; peak memory is read from /proc while it runs (the
largest single process and the whole process tree). Sizes: RASHOMON_SCALE_SIZES (default
1000,10000,50000); the scaling runs use the first size, capped at RASHOMON_SCALE_SPEED_DOCS (400).
Parts (RASHOMON_SCALE_PARTS, default speed,memory): speed, memory, and compare, the comparison's cost over
the first N reports of the largest memory store (or RASHOMON_SCALE_STORE) with 2 workers.
"""
from __future__ import annotations

import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import islice
from pathlib import Path

from benchmarks.common import RESULTS, ROOT, Report, Skip, console

CITIES = ("Tuzla", "Mostar", "Prizren", "Peja", "Gjakova", "Kumanovo", "Tetovo", "Bitola", "Shkoder", "Durres",
          "Vlore", "Elbasan", "Novi Pazar", "Kraljevo", "Nis", "Leskovac", "Vranje", "Podgorica", "Niksic", "Bar",
          "Zenica", "Bihac", "Banja Luka", "Doboj", "Osijek", "Split", "Zadar", "Rijeka", "Varna", "Burgas",
          "Plovdiv", "Ruse", "Constanta", "Iasi", "Cluj-Napoca", "Timisoara", "Chisinau", "Odesa", "Kherson",
          "Mykolaiv", "Batumi", "Kutaisi", "Gyumri", "Ganja", "Sumqayit", "Tabriz", "Erbil", "Kirkuk", "Mosul",
          "Aleppo", "Homs", "Idlib", "Tripoli", "Misrata", "Benghazi", "Sirte", "Kassala", "El Fasher", "Nyala",
          "Kismayo", "Baidoa", "Gao", "Timbuktu", "Mopti", "Agadez", "Maiduguri", "Goma", "Bukavu", "Beni")
SHARD = 5000
BODY_PARAGRAPHS = 2  # short reports (~100 words, wire-brief length) keep 50,000 of them within a session
DEMO_CITY = re.compile(r"\b(?:Kosovska Mitrovica|Mitrovica|Mitrovicë)\b")


@dataclass
class Measured:
    seconds: float
    peak_process_mb: float
    peak_tree_mb: float


def run() -> Report:
    sizes = [int(s) for s in os.environ.get("RASHOMON_SCALE_SIZES", "1000,10000,50000").split(",")]
    parts = os.environ.get("RASHOMON_SCALE_PARTS", "speed,memory").split(",")
    speed_docs = min(sizes[0], int(os.environ.get("RASHOMON_SCALE_SPEED_DOCS", "400")))
    work = RESULTS / "scale"
    work.mkdir(parents=True, exist_ok=True)
    report = Report("scale", ["run", "documents", "words", "seconds", "docs/s", "words/s per core",
                              "peak process MB", "peak tree MB", "vs 1 process"])
    if "speed" in parts:
        scaling(report, work, speed_docs)
    if "memory" in parts:
        memory(report, work, sizes)
    if "compare" in parts:
        store = Path(os.environ.get("RASHOMON_SCALE_STORE", work / f"memory-{max(sizes)}.db"))
        compare_cost(report, work, store, sizes)
    return report


def scaling(report: Report, work: Path, speed_docs: int) -> None:
    corpus, words = synthesize(work / f"corpus-{speed_docs}", speed_docs)
    single = None
    for label, args, cores in (("1 process", [], 1), ("--workers 2", ["--workers", "2"], 2),
                               ("--engine ray, 2 CPUs", ["--engine", "ray", "--workers", "2"], 2)):
        measured = analyze(corpus, work / f"speed-{label.split()[0].strip('-')}-{cores}.db", args)
        single = single or measured.seconds
        report.rows.append([label, speed_docs, words, round(measured.seconds, 1),
                            round(speed_docs / measured.seconds, 2),
                            round(words / measured.seconds / cores), round(measured.peak_process_mb),
                            round(measured.peak_tree_mb), round(single / measured.seconds, 2)])
    report.extra["cold_start_seconds"] = cold_start(work)
    report.rows.append(["cold start: one short file", 1, "", report.extra["cold_start_seconds"], "", "", "", "", ""])


def memory(report: Report, work: Path, sizes: list[int]) -> None:
    compare_rows = []
    for size in sizes:
        corpus, words = synthesize(work / f"corpus-{size}", size)
        db = work / f"memory-{size}.db"
        measured = analyze(corpus, db, ["--workers", "2"])
        report.rows.append(["memory, --workers 2", size, words, round(measured.seconds, 1),
                            round(size / measured.seconds, 2), round(words / measured.seconds / 2),
                            round(measured.peak_process_mb), round(measured.peak_tree_mb), ""])
        refresh = compare_only(db)
        compare_rows.append({"documents": size, "seconds": round(refresh.seconds, 2),
                             "ms_per_document": round(1000 * refresh.seconds / size, 3),
                             "peak_process_mb": round(refresh.peak_process_mb)})
        report.rows.append(["compare stage only", size, "", round(refresh.seconds, 1), round(size / refresh.seconds, 1),
                            "", round(refresh.peak_process_mb), round(refresh.peak_tree_mb), ""])
    report.extra["compare_cost"] = compare_rows
    report.extra["compare_ms_per_document"] = ", ".join(f"{r['documents']}: {r['ms_per_document']}"
                                                         for r in compare_rows)


def synthesize(folder: Path, size: int) -> tuple[Path, int]:
    """`size` synthetic reports as a folder of JSONL shards of SHARD documents each (one file of 50,000
    would pass the reader's size limit, and a firehose comes in shards anyway); returns it and its words."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.jsonl"):
        old.unlink()
    words = 0
    records = synthetic_reports(size)
    for shard in range(-(-size // SHARD)):
        with (folder / f"part-{shard:05d}.jsonl").open("w", encoding="utf-8") as fh:
            for record in islice(records, SHARD):
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                words += len(record["text"].split())
    return folder, words


def synthetic_reports(size: int, seed: int = 20311118) -> Iterator[dict]:
    """Unique reports of synthetic events: one per demo report, published over two days, four events a day."""
    sources = demo_reports()
    rng = random.Random(seed)
    for n in range(size):
        event, member = divmod(n, len(sources))
        city = CITIES[event % len(CITIES)]
        day = date(2030, 1, 1) + timedelta(days=event // 4)
        source = sources[member]
        lead, *body = [DEMO_CITY.sub(city, p) for p in source["paragraphs"]]
        rng.shuffle(body)
        closing = f"Report {n} of the series on {city} (update {event})."
        yield {"id": f"syn-{n:06d}", "outlet": f"{source['outlet']} {event % 25}",
               "published": (day + timedelta(days=member % 2)).isoformat() + "T09:00:00+00:00",
               "title": DEMO_CITY.sub(city, source["title"]),
               "text": "\n\n".join([lead, *body[:BODY_PARAGRAPHS], closing])}


def demo_reports() -> list[dict]:
    """The demo corpus as (outlet, title, paragraphs), read through Rashomon's own readers."""
    from rashomon.ingest import read_inputs
    from rashomon.model import Document

    reports = []
    for doc in read_inputs([str(ROOT / "examples")]):
        if isinstance(doc, Document):
            paragraphs = [p.strip() for p in doc.text.split("\n\n") if p.strip()]
            reports.append({"outlet": doc.outlet or "Outlet", "title": doc.title or paragraphs[0][:80],
                            "paragraphs": paragraphs})
    return reports


def cold_start(work: Path, repeats: int = 3) -> float:
    """Best wall time of `rashomon analyze` on one short file into a new database (models load, nothing
    is cached but the compiled gazetteer index and the OS's file cache, as on a second run of the day)."""
    short = work / "one-short-report.txt"
    short.write_text("Officials in Tuzla said on Tuesday that talks with the mediators would resume tomorrow "
                     "at 13:00 local time.\n", encoding="utf-8")
    return round(min(analyze(short, work / "cold-start.db", []).seconds for _ in range(repeats)), 2)


def analyze(corpus: Path, db: Path, args: list[str]) -> Measured:
    for stale in db.parent.glob(db.name + "*"):
        stale.unlink()
    command = [sys.executable, "-m", "rashomon.cli", "analyze", str(corpus), "--db", str(db), "--quiet", *args]
    return measured_run(command)


def compare_cost(report: Report, work: Path, store: Path, sizes: list[int]) -> None:
    """The comparison over the first N documents of one analyzed store (the same reports a corpus of N
    would hold), with 2 workers as `analyze --workers 2` runs it: no re-analysis per size."""
    if not store.exists():
        raise Skip(f"{store}: no analyzed store (run the memory part first, or set RASHOMON_SCALE_STORE)")
    rows = []
    for size in sizes:
        prefix = work / f"compare-{size}.db"
        for stale in prefix.parent.glob(prefix.name + "*"):
            stale.unlink()
        with closing(sqlite3.connect(store)) as source:
            source.execute("VACUUM INTO ?", (str(prefix),))
        with closing(sqlite3.connect(prefix)) as copy:
            copy.execute("PRAGMA foreign_keys=ON")  # annotations go with their documents
            copy.execute("DELETE FROM documents WHERE pk > ?", (size,))
            copy.commit()
            kept = copy.execute("SELECT count(*) FROM documents").fetchone()[0]
        measured = compare_only(prefix, workers=2)
        rows.append({"documents": kept, "seconds": round(measured.seconds, 2),
                     "ms_per_document": round(1000 * measured.seconds / kept, 3)})
        report.rows.append(["compare stage, 2 workers", kept, "", round(measured.seconds, 1),
                            round(kept / measured.seconds, 1), "", round(measured.peak_process_mb),
                            round(measured.peak_tree_mb), ""])
    report.extra["compare_cost_2_workers"] = rows


def compare_only(db: Path, workers: int = 1) -> Measured:
    """The cross-document stage alone over a stored corpus (what `analyze` runs after storing)."""
    code = ("import sys; from rashomon.analysis import refresh; from rashomon.store import open_store\n"
            "with open_store(sys.argv[1]) as s: refresh(s, workers=int(sys.argv[2]))")
    return measured_run([sys.executable, "-c", code, str(db), str(workers)])


def measured_run(command: list[str]) -> Measured:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_process = peak_tree = 0
    while process.poll() is None:
        sizes = tree_rss(process.pid)
        if sizes:
            peak_process, peak_tree = max(peak_process, max(sizes)), max(peak_tree, sum(sizes))
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    if process.returncode != 0:  # 1 would mean inputs were rejected: the synthesized corpus has none
        console.print(process.stderr.read().decode(errors="replace")[-2000:])
        raise RuntimeError(f"{' '.join(command[:6])} … failed with exit status {process.returncode}")
    return Measured(seconds, peak_process / 1024, peak_tree / 1024)


def tree_rss(root: int) -> list[int]:
    """Resident memory (kB) of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        pid = int(status.parent.name)
        children.setdefault(int(fields.get("PPid", "0").strip()), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(rss.get(pid, 0))
        stack.extend(children.get(pid, []))
    return found
