"""Crash safety: kill -9 in the middle of an analysis, run it again, get exactly the uninterrupted result."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest
from conftest import EXAMPLES

VARIANTS = 12


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The demo corpus six times over, each copy with its own closing line: long enough to kill mid-way."""
    root = tmp_path_factory.mktemp("crash-corpus")
    for i in range(VARIANTS):
        note = f"Correction {i}: this version was updated."
        for path in EXAMPLES.glob("*.txt"):
            (root / f"{path.stem}-{i}.txt").write_text(path.read_text(encoding="utf-8") + f"\n\n{note}\n")
        records = [json.loads(line) for line in (EXAMPLES / "agencies.jsonl").read_text().splitlines() if line]
        with (root / f"agencies-{i}.jsonl").open("w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps({**r, "id": f"{r['id']}-{i}", "text": r["text"] + "\n\n" + note}) + "\n")
    return root


def run_recorded(db) -> bool:
    """Whether a run is recorded as running, read with plain sqlite3 (opening the store would migrate)."""
    import sqlite3

    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM runs WHERE status = 'running'").fetchone()[0] > 0
    except sqlite3.OperationalError:  # no database or no runs table yet
        return False


def run_analysis(corpus, db, out=None, kill_after=None, extra=(), once_recorded=False):
    target = ["--resume"] if corpus is None else [str(corpus)]
    args = [sys.executable, "-m", "rashomon.cli", "analyze", *target, "--db", str(db), "--quiet", *extra]
    if out is not None:
        args += ["--json", str(out)]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if kill_after is None:
        assert proc.wait(timeout=300) == 0
        return
    if once_recorded:  # the delay counts from the moment the run is in the database
        while not run_recorded(db) and proc.poll() is None:
            time.sleep(0.05)
    time.sleep(kill_after)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


@pytest.mark.slow
def test_crash_kill_9_then_rerun_gives_the_uninterrupted_result(tmp_path, corpus):
    reference = tmp_path / "reference.json"
    run_analysis(corpus, tmp_path / "reference.db", reference)
    expected = json.loads(reference.read_text(encoding="utf-8"))
    rng = random.Random(20311118)
    for attempt in range(3):
        db, out = tmp_path / f"killed{attempt}.db", tmp_path / f"killed{attempt}.json"
        for _ in range(2):  # killed twice at random moments: loading, annotating, storing or comparing
            run_analysis(corpus, db, kill_after=rng.uniform(3.5, 7.5))
        run_analysis(corpus, db, out)
        assert json.loads(out.read_text(encoding="utf-8")) == expected


def survivors(db, wait=5.0):
    """Processes still running with this database on their command line (forked workers share it)."""
    from pathlib import Path

    deadline = time.monotonic() + wait
    while True:
        alive = []
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                if str(db).encode() in cmdline.read_bytes():
                    alive.append(cmdline.parent.name)
            except OSError:
                continue
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


def unfinished_run(db):
    from rashomon.store import open_store

    with open_store(str(db)) as store:
        return store.unfinished_run()


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_crash_kill_9_then_resume_finishes_the_run_once(tmp_path, corpus, workers):
    """`--resume` continues the killed run with its own inputs: same output, each document stored once,
    and the run's count of analyzed documents is exact across the kills."""
    reference = tmp_path / "reference.json"
    run_analysis(corpus, tmp_path / "reference.db", reference)
    expected = json.loads(reference.read_text(encoding="utf-8"))
    db, out = tmp_path / "killed.db", tmp_path / "killed.json"
    rng = random.Random(20311123 + workers)
    run_analysis(corpus, db, kill_after=rng.uniform(0.5, 3.0), extra=["--workers", str(workers)], once_recorded=True)
    assert unfinished_run(db) is not None
    assert survivors(db) == []  # worker processes die with the run they serve
    run_analysis(None, db, kill_after=rng.uniform(0.5, 3.0), extra=["--workers", str(workers)], once_recorded=True)
    run_analysis(None, db, out, extra=["--workers", str(workers)])
    assert json.loads(out.read_text(encoding="utf-8")) == expected
    assert unfinished_run(db) is None
    from rashomon.store import open_store

    with open_store(str(db)) as store:  # every document was stored by the one resumed run, once
        assert store.analyzed_by_run(1) == len(expected["documents"]) == store.stats()["documents"]
