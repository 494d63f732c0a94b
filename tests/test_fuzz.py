"""Property and fuzz tests (#11): readers, decoding, the time and the number parsers never fail on any input.

Every property is a Hypothesis test with a bounded number of examples, so CI time stays fixed. The same
tests are atheris targets (Hypothesis hands atheris its `fuzz_one_input`): `python tests/test_fuzz.py
readers -max_total_time=600` fuzzes the readers with coverage feedback for ten minutes, and
`test_fuzz_atheris_runs_each_target` runs every target for a few seconds in CI.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rashomon.annotate.nlp import load_nlp
from rashomon.annotate.quantities import find_quantities
from rashomon.annotate.times import find_times, granularity
from rashomon.errors import InputError
from rashomon.ingest.decode import decode_bytes, repair_mojibake
from rashomon.ingest.readers import read_path
from rashomon.model import Document

EXAMPLES = int(os.environ.get("RASHOMON_FUZZ_EXAMPLES", "150"))
BOUNDED = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow])

SUFFIXES = [".txt", ".html", ".json", ".jsonl", ".xml", ".rss", ".gz", ".dat"]
SEEDS = [b"", b"<", b"<html><body><p>", b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item>", b"{",
         b"[", b'{"text": "', b"\x1f\x8b\x08\x00", b"\xef\xbb\xbf", b"\xff\xfe", b" date 2031-11-18 ",
         b"<!DOCTYPE rss [<!ENTITY a \"b\">]>"]


def read_as(name: str, data: bytes) -> tuple[list, str]:
    """What the readers make of `data` saved as `name` (a folder of its own: no fixture, so atheris can run it)."""
    with tempfile.TemporaryDirectory(prefix="rashomon-fuzz-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return list(read_path(str(path))), str(path)


def check_items(items: list, label: str) -> None:
    """What every reader promises: Documents with text and offsets-safe fields, or one-line named errors."""
    for item in items:
        if isinstance(item, InputError):
            assert item.source.startswith(label) and item.reason and "\n" not in str(item), item
        else:
            assert isinstance(item, Document), item
            assert item.text and item.text == item.text.strip() and "\x00" not in item.text
            assert isinstance(item.id, str) and item.id and len(item.hash) == 32
            for value in (item.title, item.outlet, item.url, item.published):
                assert value is None or isinstance(value, str)


@BOUNDED
@given(head=st.sampled_from(SEEDS), body=st.binary(max_size=2000), suffix=st.sampled_from(SUFFIXES))
def test_fuzz_readers_any_bytes(head, body, suffix):
    check_items(*read_as(f"input{suffix}", head + body))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)
RECORDS = st.fixed_dictionaries({}, optional={
    "id": JSON_VALUES, "url": JSON_VALUES, "outlet": JSON_VALUES, "published": JSON_VALUES | st.datetimes().map(str),
    "title": JSON_VALUES, "text": st.text(min_size=1, max_size=200) | JSON_VALUES, "lang": JSON_VALUES})


@BOUNDED
@given(lines=st.lists(RECORDS | JSON_VALUES | st.text(max_size=60), min_size=1, max_size=8))
def test_fuzz_json_lines_one_outcome_per_line(lines):
    """Every non-blank line gives exactly one Document or one error naming that line, whatever it holds."""
    rendered = [line if isinstance(line, str) and not line.startswith(("{", "[")) else json.dumps(line)
                for line in lines]
    rendered = [r.replace("\n", " ").replace("\r", " ").replace("\x0b", " ").replace("\x0c", " ")
                .replace("\x1c", " ").replace("\x1d", " ").replace("\x1e", " ").replace("\x85", " ")
                .replace("\u2028", " ").replace("\u2029", " ") for r in rendered]
    items, path = read_as("records.jsonl", "\n".join(rendered).encode("utf-8"))
    check_items(items, path)
    if any(isinstance(i, InputError) and i.source == path for i in items):
        return  # the whole file was refused (binary-looking control characters): one error, named
    expected = [n for n, r in enumerate(rendered, start=1) if r.strip()]
    assert [int(i.source.rsplit(" ", 1)[1]) for i in items] == expected


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), min_size=1, max_size=300)


@BOUNDED
@given(text=TEXT, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom"]))
def test_fuzz_decoding_is_lossless_up_to_mojibake_repair(text, encoding):
    data = {"utf-16-le-bom": b"\xff\xfe" + text.encode("utf-16-le"),
            "utf-16-be-bom": b"\xfe\xff" + text.encode("utf-16-be")}.get(encoding) or text.encode(encoding)
    assert decode_bytes(data) == (text if encoding.startswith("utf-16") else repair_mojibake(text))


TIME_WORDS = ["on", "at", "last", "next", "this", "week", "month", "year", "Monday", "Thursday", "21", "November",
              "2031", "13:00", "(GMT+4)", "UTC", "local time", "a year earlier", "the second quarter", "of", "1990",
              "early", "mid-", "since", "until", "-", "/", "'90s", "yesterday", "tomorrow", "ago", "days", "Q3",
              "fiscal", "Christmas", "Easter", "noon", "midnight", "p.m.", "a.m.", "12", "0", "99:99", "31", "02",
              "February", "29", "24:00", "T", "Z", "+14:00", "−", "hours", "the", "past", "two", "months", ",",
              "was shot", "killed", "planned", "will", "before", "after", "the day", "to", "three", "in the morning",
              "'s", "ruling", "postponed", "said"]
TIMEY_TEXT = st.lists(st.sampled_from(TIME_WORDS) | st.text(max_size=6), max_size=40).map(" ".join)
PUBLISHED = st.none() | st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1),
                                     timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=-5, minutes=-30))]))


@BOUNDED
@given(text=TIMEY_TEXT, published=PUBLISHED)
def test_fuzz_times_any_text(text, published):
    if not text.strip():
        return
    document = Document(id="f", text=text, hash="h", published=published.isoformat() if published else None)
    _check_times(text, find_times(document, [(0, len(text))], []))


@BOUNDED
@given(text=TIMEY_TEXT, published=PUBLISHED)
def test_fuzz_times_with_the_parse(text, published):
    """As the pipeline runs the stage: with spaCy's sentences and parse (tense, event anchors)."""
    if not text.strip():
        return
    parsed = load_nlp()(text)
    document = Document(id="f", text=text, hash="h", published=published.isoformat() if published else None)
    _check_times(text, find_times(document, [(s.start_char, s.end_char) for s in parsed.sents], [], parsed))


def _check_times(text, mentions):
    last_end = -1
    for m in sorted(mentions, key=lambda m: m.start):
        assert text[m.start:m.end] == m.text and m.start >= last_end and m.value
        last_end = m.end
        granularity(m.value)
        if m.utc:
            datetime.fromisoformat(m.utc.replace("Z", "+00:00"))


NUMBER_WORDS = ["at least", "more than", "about", "some", "up to", "fewer than", "12", "1,000", "3.5", "million",
                "dozens", "hundreds", "twelve", "a hundred", "killed", "wounded", "were", "people", "detained",
                "2020", "percent", "%", ":", ".", "0", "999,999,999,999", "1" * 30, "released", "tons", "injuring"]
NUMBERY_TEXT = st.lists(st.sampled_from(NUMBER_WORDS) | st.text(max_size=5), max_size=30).map(" ".join)


@BOUNDED
@given(text=NUMBERY_TEXT, offset=st.integers(0, 10_000))
def test_fuzz_quantities_any_text(text, offset):
    for q in find_quantities(text, offset=offset, doc="d"):
        assert text[q.start - offset:q.end - offset] == q.text
        assert q.low is not None and q.low >= 0 and (q.high is None or q.high >= q.low)


TARGETS = {"readers": test_fuzz_readers_any_bytes, "records": test_fuzz_json_lines_one_outcome_per_line,
           "decode": test_fuzz_decoding_is_lossless_up_to_mojibake_repair, "times": test_fuzz_times_any_text,
           "quantities": test_fuzz_quantities_any_text}


@pytest.mark.parametrize("target", ["decode", "times", "quantities", "readers"])
def test_fuzz_atheris_runs_each_target(target):
    """A few seconds of coverage-guided fuzzing per target: proof the harness works, and a little fuzzing."""
    pytest.importorskip("atheris", reason="atheris is in the test extra; pip install -e '.[test]'")
    run = subprocess.run([sys.executable, __file__, target, "-max_total_time=4", "-rss_limit_mb=4096"],
                         capture_output=True, text=True, timeout=180, cwd=Path(__file__).parent)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Done" in run.stderr and "Uncaught Python exception" not in run.stderr, run.stderr[-3000:]


def _fuzz(target: str, argv: list[str]) -> None:
    """atheris feeds its bytes to the Hypothesis test, which decodes them into the test's own arguments."""
    import atheris

    _instrument_rashomon(atheris)
    atheris.Setup([sys.argv[0], *argv], TARGETS[target].hypothesis.fuzz_one_input)
    atheris.Fuzz()


def _instrument_rashomon(atheris) -> None:
    """Coverage feedback from Rashomon's own functions (instrument_all would take minutes over every library)."""
    import inspect

    for name, module in list(sys.modules.items()):
        if not name.startswith("rashomon") or module is None:
            continue
        for obj in vars(module).values():
            members = vars(obj).values() if inspect.isclass(obj) and obj.__module__ == name else [obj]
            for member in members:
                if inspect.isfunction(member) and member.__module__ == name:
                    atheris.instrument_func(member)


if __name__ == "__main__":
    _fuzz(sys.argv[1], sys.argv[2:])
