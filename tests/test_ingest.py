"""Readers: every format becomes Documents; bad input becomes a named InputError, the rest goes on."""
from __future__ import annotations

import gzip
import io
import json

import pytest

from rashomon.errors import InputError
from rashomon.ingest import read_inputs
from rashomon.ingest.readers import detect_format
from rashomon.ingest.text import content_hash, parse_dateline, unwrap

WRAPPED = """and the convoy reached the northern checkpoint before dawn, officials
of the regional administration said on Monday, adding that the road
had been cleared of debris overnight by engineering units.
Local residents were told to stay indoors until the all-clear was
given by the authorities of the district, which was expected later.
"""


def docs_and_errors(paths):
    items = list(read_inputs(paths))
    return [i for i in items if not isinstance(i, InputError)], [i for i in items if isinstance(i, InputError)]


def test_ingest_dateline_sets_publication_time_and_is_cut():
    published, end = parse_dateline(" date 2023-09-20 20 Sep. 12:30 (UTC+3 MSK)\n\nBody text.")
    assert published.isoformat() == "2023-09-20T12:30:00+03:00"
    assert end > 0


def test_ingest_dateline_absent():
    assert parse_dateline("Body text without a dateline.") == (None, 0)


def test_ingest_unwrap_joins_hard_wrapped_lines():
    text = unwrap(WRAPPED)
    assert "\n" not in text.strip()
    assert "officials of the regional administration" in text


def test_ingest_unwrap_keeps_normal_paragraphs():
    text = "First paragraph is a single long line that is not wrapped at all by anyone.\nSecond paragraph."
    assert unwrap(text) == text


def test_ingest_text_file_with_dateline(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(" date 2031-11-18 18 Nov. 15:30 (UTC+1 CET)\n\nThe truce held overnight.", encoding="utf-8")
    (doc,), errors = docs_and_errors([str(path)])
    assert errors == []
    assert doc.id == "report"
    assert doc.published == "2031-11-18T15:30:00+01:00"
    assert doc.text == "The truce held overnight."


def test_ingest_jsonl_keeps_extra_keys_and_names_bad_lines(tmp_path):
    path = tmp_path / "a.jsonl"
    good = {"id": "x-1", "outlet": "Wire", "published": "2031-11-18", "title": "T", "text": "Body one.", "lang": "en"}
    path.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"id": "x-2", "text": "Body two."}) + "\n")
    docs, errors = docs_and_errors([str(path)])
    assert [d.id for d in docs] == ["x-1", "x-2"]
    assert docs[0].meta == {"lang": "en"} and docs[0].outlet == "Wire" and docs[0].published == "2031-11-18"
    assert len(errors) == 1 and "line 2" in str(errors[0]) and "invalid JSON" in str(errors[0])


def test_ingest_json_list_and_missing_text(tmp_path):
    path = tmp_path / "list.json"
    path.write_text(json.dumps([{"id": "a", "text": "Alpha."}, {"id": "b"}]))
    docs, errors = docs_and_errors([str(path)])
    assert [d.id for d in docs] == ["a"]
    assert "record 2" in str(errors[0]) and "no 'text'" in str(errors[0])


def test_ingest_html_main_text_and_metadata(tmp_path):
    body = " ".join(["The ceasefire held through the night along the whole front line."] * 4)
    html = f"""<!doctype html><html><head><title>Truce holds | Site</title>
    <meta property="og:site_name" content="Example Wire">
    <meta property="article:published_time" content="2031-11-18T14:05:00+00:00"></head>
    <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Truce holds</h1><p>{body}</p><p>{body}</p></article>
    <footer>Copyright Example Wire. All rights reserved.</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(html)
    (doc,), _errors = docs_and_errors([str(path)])
    assert doc.outlet == "Example Wire"
    assert doc.published.startswith("2031-11-18T14:05")
    assert "ceasefire held" in doc.text and "All rights reserved" not in doc.text


def test_ingest_rss_entries_become_documents(tmp_path):
    rss = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Feed Outlet</title>
    <item><title>One</title><link>https://example.org/1</link><pubDate>Tue, 18 Nov 2031 16:10:00 +0000</pubDate>
    <description>First entry text.</description></item>
    <item><title>Two</title><link>https://example.org/2</link>
    <description>&lt;p&gt;Second &lt;b&gt;entry&lt;/b&gt;.&lt;/p&gt;</description></item>
    </channel></rss>"""
    path = tmp_path / "feed.xml"
    path.write_text(rss)
    docs, errors = docs_and_errors([str(path)])
    assert errors == []
    assert [d.title for d in docs] == ["One", "Two"]
    assert docs[0].outlet == "Feed Outlet" and docs[0].published == "2031-11-18T16:10:00+00:00"
    assert docs[1].text == "Second entry."


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty file"), (b"   \n\n", "empty file"), (bytes(range(256)) * 4, "binary file")],
)
def test_ingest_bad_file_named_with_reason(tmp_path, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("A good report.")
    docs, errors = docs_and_errors([str(bad), str(good)])
    assert [d.id for d in docs] == ["good"]
    assert errors[0].source == str(bad) and reason in errors[0].reason


def test_ingest_utf16_and_cp1251(tmp_path):
    (tmp_path / "u16.txt").write_bytes("Report from Kyiv.".encode("utf-16"))
    (tmp_path / "cyr.txt").write_bytes("Сообщение из Москвы о перемирии и переговорах.".encode("cp1251"))
    docs, errors = docs_and_errors([str(tmp_path)])
    assert errors == []
    assert {d.text for d in docs} == {"Report from Kyiv.", "Сообщение из Москвы о перемирии и переговорах."}


def test_ingest_missing_path_is_an_error():
    _, errors = docs_and_errors(["/nonexistent/nothing-here.txt"])
    assert "no such file" in errors[0].reason


def test_ingest_folder_recursive_and_glob(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Alpha report.")
    (tmp_path / "b.txt").write_text("Beta report.")
    (tmp_path / "notes.md").write_text("not an input")
    docs, _ = docs_and_errors([str(tmp_path)])
    assert sorted(d.id for d in docs) == ["a", "b"]
    docs, _ = docs_and_errors([str(tmp_path / "*.txt")])
    assert [d.id for d in docs] == ["b"]


def test_ingest_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"Report read from standard input.")))
    (doc,), _ = docs_and_errors(["-"])
    assert doc.id == "stdin" and doc.text == "Report read from standard input."


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("x.txt", "<html><body><p>hi</p></body></html>", "html"),
        ("x.dat", '{"id": 1, "text": "a"}\n{"id": 2, "text": "b"}\n', "jsonl"),
        ("x.json", '[{"text": "a"}]', "json"),
        ("x.txt", '<?xml version="1.0"?><rss version="2.0"></rss>', "feed"),
        ("x.html", "Plain words only.", "text"),
    ],
)
def test_ingest_format_detected_by_content(name, text, expected):
    assert detect_format(name, text) == expected


def test_ingest_hash_ignores_wrapping():
    assert content_hash("one two\nthree") == content_hash("one  two three")
    assert content_hash("one two") != content_hash("one three")


def test_ingest_gzip_files_are_read(tmp_path):
    record = {"id": "z1", "text": "Compressed report text."}
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress((json.dumps(record) + "\n").encode()))
    (tmp_path / "b.txt").write_bytes(gzip.compress(b"A gzipped plain text report."))
    docs, errors = docs_and_errors([str(tmp_path)])
    assert errors == [] and sorted(d.text for d in docs) == ["A gzipped plain text report.", "Compressed report text."]


def test_ingest_gzip_bomb_and_broken_gzip_are_named(tmp_path, monkeypatch):
    monkeypatch.setattr("rashomon.ingest.readers.MAX_BYTES", 10_000)
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 1_000_000))
    (tmp_path / "broken.txt").write_bytes(gzip.compress(b"report")[:12])
    _, errors = docs_and_errors([str(tmp_path)])
    reasons = {e.source.rsplit("/", 1)[-1]: e.reason for e in errors}
    assert "too large" in reasons["bomb.txt.gz"] and "broken gzip" in reasons["broken.txt"]


def test_ingest_feed_with_entity_declarations_is_refused(tmp_path):
    bomb = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
            '<rss version="2.0"><channel><title>t</title><item><title>&b;</title>'
            '<description>x &b;</description></item></channel></rss>')
    (tmp_path / "bomb.xml").write_text(bomb)
    docs, errors = docs_and_errors([str(tmp_path / "bomb.xml")])
    assert docs == [] and "declares XML entities" in errors[0].reason


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/news/2023/09/20/truce-holds", "2023-09-20"),
        ("https://example.org/2020-11-10-deal.html", "2020-11-10"),
        ("https://example.org/2023/13/45/nonsense", None),
        ("https://example.org/story/12345", None),
        (None, None),
    ],
)
def test_ingest_publication_date_from_url(url, expected):
    from rashomon.ingest.readers import date_in_url

    assert date_in_url(url) == expected


def test_ingest_url_date_used_only_when_nothing_better(tmp_path):
    path = tmp_path / "a.jsonl"
    rows = [{"id": "u", "url": "https://x.example/2031/11/18/a", "text": "Body."},
            {"id": "p", "url": "https://x.example/2031/11/18/b", "published": "2031-11-19", "text": "Other body."}]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    docs, _ = docs_and_errors([str(path)])
    assert {d.id: d.published for d in docs} == {"u": "2031-11-18", "p": "2031-11-19"}


def test_ingest_mojibake_is_repaired_and_clean_text_left_alone(tmp_path):
    damaged = "Café talks in Kyiv – ‘a first step’".encode().decode("cp1252").encode("utf-8")
    (tmp_path / "bad.txt").write_bytes(damaged)
    (tmp_path / "good.txt").write_text("“Our fighters held,” he said – at 13:00.", encoding="utf-8")
    docs = {d.id: d.text for d in docs_and_errors([str(tmp_path)])[0]}
    assert docs["bad"] == "Café talks in Kyiv – ‘a first step’"
    assert docs["good"] == "“Our fighters held,” he said – at 13:00."


def test_ingest_html_meta_publication_time_keeps_clock_and_zone():
    from rashomon.ingest.readers import meta_published

    html = '<html><head><meta content="2031-11-18T14:05:00+00:00" property="article:published_time"></head></html>'
    assert meta_published(html) == "2031-11-18T14:05:00+00:00"
    assert meta_published("<html><head><title>x</title></head></html>") is None


def test_ingest_parquet_rows_become_documents_and_bad_rows_are_named(tmp_path):
    from datetime import UTC, datetime

    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({
        "id": ["a-1", "a-2", "a-3"],
        "text": ["Talks resumed in Tuzla on Monday.", None, "Shelling was reported near Mostar overnight."],
        "outlet": ["Valley Post", "Valley Post", "Northern Courier"],
        "published": [datetime(2031, 11, 18, 9, 30, tzinfo=UTC)] * 3,
        "lang": ["en", "en", "en"],
    })
    path = tmp_path / "shard-00000.parquet"
    pq.write_table(table, path, row_group_size=2)  # rows span two row groups
    docs, errors = docs_and_errors([str(tmp_path)])  # found in a folder by its suffix
    assert [d.id for d in docs] == ["a-1", "a-3"]
    assert docs[1].outlet == "Northern Courier" and docs[1].published == "2031-11-18T09:30:00+00:00"
    assert docs[0].meta == {"lang": "en"}
    assert [(e.source, e.reason) for e in errors] == [(f"{path} row 2", "no 'text' field (a non-empty string)")]


def test_ingest_parquet_without_text_or_corrupt_is_one_named_error(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"body": ["no text column here"]}), tmp_path / "a.parquet")
    (tmp_path / "b.parquet").write_bytes(b"PAR1 this is not really parquet")
    docs, errors = docs_and_errors([str(tmp_path / "a.parquet"), str(tmp_path / "b.parquet")])
    assert docs == []
    assert errors[0].reason == "no 'text' column in the Parquet file"
    assert errors[1].source.endswith("b.parquet") and errors[1].reason.startswith("cannot read as Parquet")
    assert all("\n" not in e.reason for e in errors)
