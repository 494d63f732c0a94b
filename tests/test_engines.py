"""Engines: worker processes and Ray give exactly what one process gives, in the same order."""
from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES

from rashomon import analysis
from rashomon.analysis import analyze
from rashomon.store import open_store


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The demo corpus three times over, each copy with its own closing line, a Parquet shard, one unreadable file."""
    root = tmp_path_factory.mktemp("engines")
    for i in range(3):
        for path in EXAMPLES.glob("*.txt"):
            text = path.read_text(encoding="utf-8") + f"\n\nUpdate {i}: corrected the spelling of a name.\n"
            (root / f"{path.stem}-{i}.txt").write_text(text, encoding="utf-8")
        records = [json.loads(line) for line in (EXAMPLES / "agencies.jsonl").read_text().splitlines() if line]
        with (root / f"agencies-{i}.jsonl").open("w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps({**r, "id": f"{r['id']}-{i}", "text": f"{r['text']}\n\nUpdate {i}."}) + "\n")
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist([{**r, "id": f"{r['id']}-pq", "text": f"{r['text']}\n\nParquet copy."}
                                         for r in records]), root / "agencies.parquet")  # Ray reads shards too
    (root / "zz-broken.json").write_text("{ not json", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def serial(corpus, tmp_path_factory):
    db = tmp_path_factory.mktemp("serial") / "serial.db"
    result = analyze([str(corpus)], db=str(db))
    return result, result.output


def outcome(result):
    return result.analyzed, result.skipped, [e.source.rsplit("/", 1)[-1] for e in result.errors]


def test_workers_store_what_one_process_stores(corpus, serial, tmp_path, monkeypatch):
    monkeypatch.setattr(analysis, "WORKER_BATCH_SIZE", 4)  # many batches, so several are in flight at once
    result = analyze([str(corpus)], db=str(tmp_path / "w.db"), workers=2)
    expected_result, expected = serial
    assert outcome(result) == outcome(expected_result)
    assert result.analyzed > 8 and outcome(result)[2] == ["zz-broken.json"]
    assert result.output == expected


def test_stories_compared_in_workers_equal_one_process(tmp_path):
    """Three months of the same coverage make three stories; two workers compare them, same result."""
    records = [json.loads(line) for line in (EXAMPLES / "agencies.jsonl").read_text().splitlines() if line]
    with (tmp_path / "months.jsonl").open("w", encoding="utf-8") as fh:
        for month in range(3):
            for r in records:
                published = r["published"].replace("2031-11", f"2031-0{month + 1}")
                fh.write(json.dumps({**r, "id": f"{r['id']}-{month}", "published": published,
                                     "text": f"{r['text']}\n\nMonth {month}."}) + "\n")
    db = str(tmp_path / "m.db")
    analyze([str(tmp_path / "months.jsonl")], db=db)
    with open_store(db) as store:
        assert analysis.refresh(store, workers=1) == 3
        serial = store.load_comparison()
        assert analysis.refresh(store, workers=2) == 3
        assert store.load_comparison() == serial


def test_a_stage_failing_in_a_worker_rejects_that_document_by_name(tmp_path, monkeypatch):
    from rashomon.annotate import pipeline

    def fragile(ann, doc):
        if "poison" in ann.doc.text:
            raise ValueError("cannot cope")

    monkeypatch.setattr(pipeline, "STAGES", (*pipeline.STAGES, ("fragile", fragile)))  # forked workers inherit it
    (tmp_path / "a.txt").write_text("A calm report about talks in Skopje on Tuesday.")
    (tmp_path / "b.txt").write_text("A poison report that breaks a stage.")
    result = analyze([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], db=str(tmp_path / "s.db"), workers=2)
    assert result.analyzed == 1
    (error,) = result.errors
    assert error.source.endswith("b.txt") and "stage fragile" in error.reason and "cannot cope" in error.reason


@pytest.mark.slow
def test_ray_engine_stores_what_one_process_stores(corpus, serial, tmp_path):
    """A local Ray with 2 CPUs: files read on Ray workers, models in an actor pool, same output."""
    pytest.importorskip("ray", reason="the test extra installs ray[data]")
    import ray

    try:
        result = analyze([str(corpus)], db=str(tmp_path / "r.db"), engine="ray", workers=2)
        again = analyze([str(corpus)], db=str(tmp_path / "r.db"), engine="ray", workers=2)
    finally:
        ray.shutdown()
    expected_result, expected = serial
    assert outcome(result) == outcome(expected_result)
    assert result.output == expected
    assert again.analyzed == 0 and again.skipped == expected_result.analyzed  # stored ones dropped on the workers


def test_input_errors_survive_the_trip_between_processes():
    import pickle

    from rashomon.errors import InputError

    error = pickle.loads(pickle.dumps(InputError("feeds/a.xml", "record 3: invalid JSON")))
    assert (error.source, error.reason, str(error)) == ("feeds/a.xml", "record 3: invalid JSON",
                                                        "feeds/a.xml: record 3: invalid JSON")
