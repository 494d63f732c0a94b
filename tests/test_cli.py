"""The CLI end to end on the demo corpus: DB, valid JSON, report, idempotence, bad input, exports."""
from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from rashomon.cli import app
from rashomon.present.output import validate_output

runner = CliRunner()


@pytest.fixture(scope="module")
def demo(tmp_path_factory, examples_dir):
    """One analysis of the demo corpus, shared by the tests that only read its results."""
    out = tmp_path_factory.mktemp("demo")
    db, json_out, report = out / "demo.db", out / "out.json", out / "report"
    result = runner.invoke(app, ["analyze", str(examples_dir), "--db", str(db), "--json", str(json_out),
                                 "--report", str(report)])
    return result, db, json.loads(json_out.read_text(encoding="utf-8")), report


def test_cli_analyze_demo_succeeds(demo):
    result, db, output, report = demo
    assert result.exit_code == 0, result.output
    assert db.exists() and (report / "index.html").exists()
    assert len(output["documents"]) >= 6


def test_cli_output_is_valid_and_offsets_slice_mentions(demo):
    _, _, output, _ = demo
    validate_output(output)
    texts = {d["id"]: d["text"] for d in output["documents"]}
    for layer in ("times", "places", "actors", "framing"):
        assert output[layer], layer
        for m in output[layer]:
            assert texts[m["doc"]][m["start"]:m["end"]] == m["text"], (layer, m)
    for story in output["stories"]:
        for fact in story["facts"]:
            for v in fact["values"]:
                assert 0 <= v["start"] < v["end"] <= len(texts[v["doc"]])


def test_cli_demo_same_instant_in_different_clocks(demo):
    _, _, output, _ = demo
    instants = {t["utc"] for t in output["times"] if t["utc"]}
    surfaces = {t["text"] for t in output["times"] if t["utc"] == "2031-11-18T12:00:00Z"}
    assert "2031-11-18T12:00:00Z" in instants
    assert len(surfaces) >= 3, surfaces  # one instant, written in several clocks


def test_cli_demo_contested_city_is_one_place(demo):
    _, _, output, _ = demo
    names = {p["text"]: p["geonames_id"] for p in output["places"]}
    assert names.get("Mitrovicë") == names.get("Kosovska Mitrovica") == 789225


def test_cli_demo_casualty_conflict_found(demo):
    _, _, output, _ = demo
    facts = [f for s in output["stories"] for f in s["facts"] if f["aspect"] == "number" and f["key"] == "killed"]
    assert facts and facts[0]["verdict"] == "conflict"


def test_cli_reanalysis_stores_nothing_twice(tmp_path, examples_dir):
    db = tmp_path / "again.db"
    assert runner.invoke(app, ["analyze", str(examples_dir), "--db", str(db), "--quiet"]).exit_code == 0
    before = store_counts(db)
    assert runner.invoke(app, ["analyze", str(examples_dir), "--db", str(db), "--quiet"]).exit_code == 0
    assert store_counts(db) == before and before["documents"] >= 6
    stats = runner.invoke(app, ["stats", "--db", str(db)])
    assert stats.exit_code == 0 and "documents" in stats.output


def store_counts(db):
    from rashomon.store import open_store

    with open_store(str(db)) as store:
        return store.stats()


def store_ids(db):
    from rashomon.store import open_store

    with open_store(str(db)) as store:
        return [a.doc.id for a in store.load_all()]


def test_cli_bad_file_among_good_ones(tmp_path, examples_dir):
    inputs = tmp_path / "inputs"
    shutil.copytree(examples_dir, inputs)
    (inputs / "broken.json").write_text("{ this is not json", encoding="utf-8")
    (inputs / "empty.txt").write_bytes(b"")
    db = tmp_path / "mixed.db"
    result = runner.invoke(app, ["analyze", str(inputs), "--db", str(db), "--quiet"])
    assert result.exit_code == 1
    assert "broken.json" in result.stderr and "invalid JSON" in result.stderr
    assert "empty.txt" in result.stderr and "empty file" in result.stderr
    assert len(store_ids(db)) >= 6  # the good ones were analyzed and stored


def test_cli_usage_error_exits_2():
    assert runner.invoke(app, ["analyze"]).exit_code == 2
    assert runner.invoke(app, ["no-such-command"]).exit_code == 2


@pytest.mark.parametrize("fmt", ["json", "csv", "parquet", "geojson", "acled", "plover"])
def test_cli_export_formats(demo, tmp_path, fmt):
    _, db, _, _ = demo
    target = tmp_path / f"export.{fmt}"
    result = runner.invoke(app, ["export", "--db", str(db), "--format", fmt, "--out", str(target)])
    assert result.exit_code == 0, result.output
    if fmt in ("csv", "parquet"):  # a folder of one file per table
        assert (target / f"acled.{fmt}").stat().st_size > 0 and (target / f"events.{fmt}").stat().st_size > 0
    else:
        assert target.stat().st_size > 0


def test_cli_export_unknown_format(demo, tmp_path):
    _, db, _, _ = demo
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "xlsx", "--out", str(tmp_path / "x")])
    assert result.exit_code == 2 and "unknown format" in result.stderr


def test_cli_report_command(demo, tmp_path):
    _, db, _, _ = demo
    result = runner.invoke(app, ["report", "--db", str(db), "--out", str(tmp_path / "rep")])
    assert result.exit_code == 0
    html = (tmp_path / "rep" / "index.html").read_text(encoding="utf-8")
    assert "<html" in html.lower() and 'src="http' not in html


def test_cli_same_output_on_every_backend(db_url, tmp_path, examples_dir, demo):
    """The demo analysed into this backend gives the same rashomon/1 document as the SQLite run."""
    _, _, expected, _ = demo
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["analyze", str(examples_dir), "--db", db_url, "--json", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8")) == expected


def test_cli_a_stage_failing_on_one_document_spares_the_rest(tmp_path, monkeypatch):
    """A bug that a strange document triggers in one stage rejects that document only, by name."""
    from rashomon.annotate import pipeline

    def fragile(ann, doc):
        if "poison" in ann.doc.text:
            raise ValueError("cannot cope")

    monkeypatch.setattr(pipeline, "STAGES", (*pipeline.STAGES, ("fragile", fragile)))
    (tmp_path / "a.txt").write_text("A calm report about talks in Skopje on Tuesday.")
    (tmp_path / "b.txt").write_text("A poison report that breaks a stage.")
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--db", str(db), "-q"])
    assert result.exit_code == 1
    assert "b.txt" in result.stderr and "stage fragile" in result.stderr and "cannot cope" in result.stderr
    assert store_ids(db) == ["a"]


def test_cli_export_min_confidence_moves_events_to_rejected(demo, tmp_path):
    _, db, _, _ = demo
    everything, strict = tmp_path / "all.json", tmp_path / "strict.json"
    for path, threshold in ((everything, "0"), (strict, "1")):
        result = runner.invoke(app, ["export", "--db", str(db), "--out", str(path), "--min-confidence", threshold])
        assert result.exit_code == 0, result.output
    loose, tight = json.loads(everything.read_text()), json.loads(strict.read_text())
    assert loose["events"] and not loose["rejected_events"]
    kept = {e["id"] for e in tight["events"]}
    rejected = {e["id"] for e in tight["rejected_events"]}
    assert kept | rejected == {e["id"] for e in loose["events"]} and rejected  # nothing silently dropped
    assert all(e["reason"].startswith("confidence") for e in tight["rejected_events"])
    validate_output(tight)


def test_cli_demo_russian_and_arabic_reports_join_the_story(demo):
    """The Russian and the Arabic report of the demo truce (#12): one story with the English ones, their clocks
    in the same UTC instant, their names of the city on the same GeoNames id, their tolls in the toll fact —
    each value in its own words."""
    _, _, output, _ = demo
    ru, ar = "severny-vestnik-2031-11-18-peremirie", "al-wadi-2031-11-18-hudna"
    (story,) = [s for s in output["stories"] if ru in s["docs"]]
    assert ar in story["docs"] and "northern-courier" in story["docs"]
    facts = {f["key"]: f for f in story["facts"]}
    instant = {v["doc"]: v["value"] for v in facts["instant 2031-11-18T12:00Z"]["values"]}
    assert instant[ru] == "15:00 по московскому времени" and instant[ar] == "الساعة 13:00 بالتوقيت المحلي"
    (city,) = [f for f in story["facts"] if f["aspect"] == "place" and "GeoNames 789225" in f["key"]]
    assert {"ميتروفيتسا", "Косовска-Митровицы"} <= {v["value"] for v in city["values"]}
    toll = {v["doc"]: v["value"] for v in facts["killed"]["values"]}
    assert toll[ru] == "погибли 14" and toll[ar] == "١٨ شخصاً على الأقل قُتلوا"
