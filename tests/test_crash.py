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


def run_analysis(corpus, db, out=None, kill_after=None):
    args = [sys.executable, "-m", "rashomon.cli", "analyze", str(corpus), "--db", str(db), "--quiet"]
    if out is not None:
        args += ["--json", str(out)]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if kill_after is None:
        assert proc.wait(timeout=300) == 0
        return
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
