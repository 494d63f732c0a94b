"""Crash safety at scale: 50 random kill -9 during `rashomon analyze` of 500 documents, then reruns until done.

The corpus is synthesized from our own demo corpus (examples/): its documents are cut into paragraphs,
and each synthesized report takes an outlet and a dateline from one of them, three to five paragraphs
from any of them and a closing line of its own (so no two hash alike), its date shifted by up to 20
days so the store holds several stories. One uninterrupted run gives the reference. The other run is
killed with SIGKILL 50 times, then run again, as a user would, until it exits 0. A fifth of the kills
come at a random moment of a run's first seconds (loading the model, reading, migrating); the others
once the run has stored a random 1-40 more documents, plus a random 0-1.5 s (so they land while it
annotates, stores or, with everything stored, compares and writes stories): a run starts by loading
the model for ~10 s, so kills at a plain random time would rarely find it storing. After every kill
SQLite's integrity check must pass; at the end both databases' canonical dumps must be equal: the
rashomon/1 export and every table's row count.
"""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT, Report, console

DOCUMENTS = int(os.environ.get("RASHOMON_CRASH_DOCS", "500"))
KILLS = int(os.environ.get("RASHOMON_CRASH_KILLS", "50"))
EARLY_KILLS = 0.2  # share of kills at a random moment of the first seconds (loading, reading, migrating)
SEED = 20311118
VOLATILE_TABLES = {"runs", "alembic_version"}  # when and how often it ran, not what it found


def run() -> Report:
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory(prefix="rashomon-crash-") as tmp:
        folder = Path(tmp)
        corpus = synthesize(folder / "corpus", DOCUMENTS, rng)
        started = time.perf_counter()
        assert analyze(corpus, folder / "reference.db") == 0, "the uninterrupted run failed"
        reference_s = time.perf_counter() - started
        kills, finished_early, integrity_failures = kill_repeatedly(corpus, folder / "killed.db", rng)
        started = time.perf_counter()
        reruns = 1
        while analyze(corpus, folder / "killed.db") != 0 and reruns < 5:
            reruns += 1
        final_s = time.perf_counter() - started
        reference, killed = dump(folder / "reference.db", folder), dump(folder / "killed.db", folder)
    equal = reference == killed
    phases = {"before the run stored anything": sum(1 for k in kills
                                                    if k["documents"] == k["documents_before"] < DOCUMENTS),
              "while storing (documents added by the killed run)":
                  sum(1 for k in kills if k["documents_before"] < k["documents"]),
              "with every document stored before the run (comparing)":
                  sum(1 for k in kills if k["documents_before"] == DOCUMENTS)}
    rows = [["documents", DOCUMENTS], ["kills (SIGKILL)", len(kills)], *[[f"  {k}", v] for k, v in phases.items()],
            ["integrity check failures after a kill", integrity_failures],
            ["runs that finished before their kill came", finished_early],
            ["reruns after the last kill until exit 0", reruns],
            ["uninterrupted run (s)", round(reference_s, 1)], ["final rerun (s)", round(final_s, 1)],
            ["documents (reference / killed)",
             f"{reference['counts'].get('documents')} / {killed['counts'].get('documents')}"],
            ["canonical dumps equal", "yes" if equal else "NO"]]
    detail = {"documents": DOCUMENTS, "kills": len(kills), "phases": phases, "integrity_failures": integrity_failures,
              "dumps_equal": equal, "reference_seconds": round(reference_s, 1), "table_counts": reference["counts"],
              "killed_table_counts": killed["counts"], "kill_log": kills}
    if not equal:
        detail["first_difference"] = first_difference(reference, killed)
    return Report(name="crash", columns=["what", "value"], rows=rows, extra=detail)


def synthesize(folder: Path, size: int, rng: random.Random, prefix: str = "synth", story_size: int = 0,
               first_day: int = 0) -> Path:
    """`size` reports recombined from the demo corpus's paragraphs, as JSON Lines files of 50 records.

    `prefix` starts every id and closing line, so corpora made with different prefixes never share a document.
    Dates shift by up to 20 days (a few large stories); with `story_size`, each run of that many documents
    is dated 11 days after the one before, from `first_day` on, so each forms a story of its own.
    """
    from rashomon.errors import InputError
    from rashomon.ingest import read_inputs

    sources = [d for d in read_inputs([str(ROOT / "examples")]) if not isinstance(d, InputError)]
    paragraphs = [p.strip() for d in sources for p in d.text.split("\n\n") if len(p.strip()) > 80]
    folder.mkdir(parents=True)
    records = []
    for i in range(size):
        base = rng.choice(sources)
        body = rng.sample(paragraphs, rng.randint(3, 5))
        days = first_day + (i // story_size) * 11 if story_size else i % 20
        records.append({"id": f"{prefix}-{i:04d}", "outlet": base.outlet or f"Outlet {i % 7}",
                        "published": shifted(base.published, days), "title": base.title,
                        "text": "\n\n".join([*body, f"Update {prefix} {i}: this account was revised by the desk."])})
    for n in range(0, size, 50):
        with (folder / f"batch-{n // 50:02d}.jsonl").open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records[n:n + 50])
    return folder


def shifted(published: str | None, days: int) -> str | None:
    from datetime import date, datetime, timedelta

    if not published:
        return None
    if len(published) == 10:
        return (date.fromisoformat(published) + timedelta(days=days)).isoformat()
    return (datetime.fromisoformat(published.replace("Z", "+00:00")) + timedelta(days=days)).isoformat()


def command(corpus: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "rashomon.cli", "analyze", str(corpus), "--db", str(db), "--quiet"]


def analyze(corpus: Path, db: Path) -> int:
    return subprocess.run(command(corpus, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode


def kill_repeatedly(corpus: Path, db: Path, rng: random.Random) -> tuple[list[dict], int, int]:
    """KILLS runs, each killed at a moment chosen as the module says; a run that finishes first is run again."""
    kills: list[dict] = []
    finished_early = integrity_failures = 0
    while len(kills) < KILLS:
        before = check(db)[1]
        process = subprocess.Popen(command(corpus, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started = time.perf_counter()
        if before >= DOCUMENTS or rng.random() < EARLY_KILLS:
            finished = wait_seconds(process, rng.uniform(0.2, 8.0 if before < DOCUMENTS else 20.0))
        else:
            finished = wait_documents(process, db, before + rng.randint(1, 40)) or wait_seconds(
                process, rng.uniform(0.0, 1.5))
        if finished:
            finished_early += 1  # it completed before the kill came: run again
            continue
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        ok, documents = check(db)
        integrity_failures += not ok
        kills.append({"after_s": round(time.perf_counter() - started, 2), "documents_before": before,
                      "documents": documents, "integrity": ok})
        console.print(f"  kill {len(kills):2d} after {kills[-1]['after_s']:5.1f} s: {before} → {documents} "
                      f"documents stored, integrity {'ok' if ok else 'FAILED'}")
    return kills, finished_early, integrity_failures


def wait_seconds(process: subprocess.Popen, seconds: float) -> bool:
    """True when the process ended within `seconds`."""
    try:
        process.wait(timeout=seconds)
        return True
    except subprocess.TimeoutExpired:
        return False


def wait_documents(process: subprocess.Popen, db: Path, target: int) -> bool:
    """Poll the store until it holds `target` documents (False) or the process ends first (True)."""
    while process.poll() is None:
        if check(db, integrity=False)[1] >= target:
            return False
        time.sleep(0.1)
    return True


def check(db: Path, integrity: bool = True) -> tuple[bool, int]:
    """SQLite's own integrity check, and how many documents the store holds (read while a run may write)."""
    if not db.exists():
        return True, 0
    with sqlite3.connect(db, timeout=30) as conn:
        ok = not integrity or conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        has_documents = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'documents'").fetchone()
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0] if has_documents else 0
    return ok, documents


def dump(db: Path, folder: Path) -> dict:
    """The canonical dump: the rashomon/1 export (ids, text, every annotation, stories, facts) and row counts."""
    out = folder / f"{db.stem}.json"
    subprocess.run([sys.executable, "-m", "rashomon.cli", "export", "--db", str(db), "--format", "json",
                    "--out", str(out)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                             "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'")]
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                  for t in sorted(tables) if t not in VOLATILE_TABLES}
    return {"export": json.loads(out.read_text(encoding="utf-8")), "counts": counts}


def first_difference(a: dict, b: dict) -> str:
    if a["counts"] != b["counts"]:
        return f"row counts: {a['counts']} vs {b['counts']}"
    for key in a["export"]:
        if a["export"][key] != b["export"].get(key):
            return f"export section {key!r} differs"
    return "unknown"
