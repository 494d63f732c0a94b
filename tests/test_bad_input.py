"""The bad-input battery (#11): every kind of broken or hostile file the open web hands a monitor.

Each case sits in a folder beside a good report and is read the way `rashomon analyze` reads it.
A case is either repaired (the text comes out right) or rejected with one line naming the file
(and the record) and the reason; in every case the good report is still read, so the rest of the
batch runs. The 100 MB cases cost almost nothing: the oversized file is sparse and refused by its
size before a byte is read, and the 100 MB line is written in 1 MiB chunks.
"""
from __future__ import annotations

import gzip
import json
import os
import random
import zlib
from pathlib import Path

import pytest

from rashomon.errors import InputError, RashomonError
from rashomon.ingest import read_inputs
from rashomon.ingest import readers as readers_module

GOOD = "The ceasefire held overnight in Khankendi, officials of the district said on Monday."
FRENCH = "Le cessez-le-feu a tenu à Khankendi, selon les autorités françaises, a déclaré le ministère."
RUSSIAN = "Перемирие соблюдалось ночью в Ханкенди, сообщили официальные лица района в понедельник."
ARTICLE = "<p>" + " ".join([GOOD] * 4) + "</p>"
MiB = 2**20


def jsonl(*records: object) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records)


def billion_laughs() -> bytes:
    """The classic: ten entities, each ten of the one before, 10^9 'lol's if anything expanded them."""
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return (f'<?xml version="1.0"?><!DOCTYPE rss [{"".join(entities)}]><rss version="2.0"><channel>'
            "<title>Laughs</title><item><title>&lol9;</title><description>&lol9;</description></item>"
            "</channel></rss>").encode()


def rss(description: str, *, doctype: str = "", encoding: str = "utf-8") -> bytes:
    return (f'<?xml version="1.0" encoding="{encoding}"?>{doctype}<rss version="2.0"><channel><title>Wire</title>'
            f"<item><title>One</title><link>https://example.org/1</link><description>{description}</description>"
            "</item></channel></rss>").encode(encoding)


def gzip_bomb(inflated: int) -> bytes:
    """`inflated` bytes of zeros as gzip, compressed in 1 MiB steps (about 1,000:1)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: gzip container
    zeros = bytes(MiB)
    return b"".join(packer.compress(zeros) for _ in range(inflated // MiB)) + packer.flush()


# (file name, content, where the error points after the file name or None, reason) — rejected cases
REJECTED = [
    ("empty.txt", b"", "", "empty file"),
    ("blank.txt", b"  \n\t\r\n ", "", "empty file"),
    ("random.txt", random.Random(11).randbytes(8192), "", "binary file"),
    ("elf.html", b"\x7fELF\x02\x01\x01" + bytes(600) + b"\x03\x00>\x00" * 200, "", "binary file"),
    ("nul.txt", GOOD[:20].encode() + b"\x00" + GOOD[20:].encode(), "", "1 NUL bytes, the first at character 20"),
    ("padded.txt", GOOD.encode() + bytes(4000), "", "ends in 4000 NUL bytes (an incomplete download or copy)"),
    ("tags.html", b"<" * 5000 + b">" * 5000, "", "no article text found in HTML"),
    ("script-only.html", b"<html><body><script>alert(1)</script></body></html>", "", "no article text found"),
    ("broken.json", b'[{"id": "a", "text": "x"}, {"id": ', "", "invalid JSON (Expecting value at line 1"),
    ("deep.json", b"[" * 100_000 + b"]" * 100_000, "", "nested too deeply"),
    ("scalar.json", b"42", "", "JSON must be an object, a list of objects"),
    ("laughs.xml", billion_laughs(), "", "declares XML entities; refused"),
    ("xxe.rss", rss("&xxe;", doctype='<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'), "",
     "declares XML entities; refused"),
    ("xxe-param.xml", rss("x", doctype='<!DOCTYPE rss [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>'), "",
     "declares XML entities; refused"),
    ("xxe-broken.rss", rss("&xxe;", doctype='<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')[:-20],
     "", "declares XML entities; refused"),
    ("no-entries.rss", b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>', "",
     "feed has no readable entries"),
    ("truncated.txt.gz", gzip.compress(GOOD.encode() * 40)[:40], "", "broken gzip file"),
    ("random.txt.gz", gzip.compress(random.Random(12).randbytes(8192)), "", "binary file"),
    ("bomb.txt.gz", gzip_bomb(100 * MiB), "", "too large: the inflated gzip content is over the 50 MiB limit"),
]


def read_folder(folder: Path) -> tuple[dict[str, str], list[InputError]]:
    items = list(read_inputs([str(folder)]))
    docs = {Path(i.source).name: i.text for i in items if not isinstance(i, InputError)}
    return docs, [i for i in items if isinstance(i, InputError)]


def with_good_report(tmp_path: Path, name: str, content: bytes) -> Path:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / name).write_bytes(content)
    return tmp_path


@pytest.mark.parametrize(("name", "content", "where", "reason"), REJECTED, ids=[c[0] for c in REJECTED])
def test_bad_input_rejected_by_name_with_reason_and_the_batch_goes_on(tmp_path, name, content, where, reason):
    docs, errors = read_folder(with_good_report(tmp_path, name, content))
    assert docs == {"good.txt": GOOD}
    assert len(errors) == 1, errors
    (error,) = errors
    assert error.source == str(tmp_path / name) + where
    assert reason in error.reason, error.reason
    assert "\n" not in str(error) and len(str(error)) < 400


# (file name, content, the text read) — cases repaired or read as they are
REPAIRED = [
    ("utf16-bom.txt", GOOD.encode("utf-16"), GOOD),
    ("utf16be-bom.txt", b"\xfe\xff" + GOOD.encode("utf-16-be"), GOOD),
    ("utf16le-no-bom.txt", GOOD.encode("utf-16-le"), GOOD),
    ("utf16be-no-bom.txt", GOOD.encode("utf-16-be"), GOOD),
    ("utf8-bom.txt", b"\xef\xbb\xbf" + RUSSIAN.encode(), RUSSIAN),
    ("latin1.txt", FRENCH.encode("latin-1"), FRENCH),
    ("cp1251.txt", RUSSIAN.encode("cp1251"), RUSSIAN),
    ("latin1-says-utf8.html", f'<html><head><meta charset="utf-8"></head><body><article><p>{FRENCH}</p><p>{GOOD} '
                              f"{GOOD}</p></article></body></html>".encode("latin-1"), f"{FRENCH}\n{GOOD} {GOOD}"),
    ("mojibake.txt", FRENCH.encode().decode("cp1252").encode(), FRENCH),
    ("mojibake-cyrillic.txt", RUSSIAN.encode().decode("cp1252", errors="ignore").encode(), None),
    ("unclosed.html", f"<html><body><article>{ARTICLE}<div><span><b>".encode(), " ".join([GOOD] * 4)),
    ("junk-tags.html", f"<html><body><article>{ARTICLE}</i></b></table></td></article></body></p>".encode(),
     " ".join([GOOD] * 4)),
    ("rss091.rss", rss(GOOD, doctype='<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
                                      '"http://my.netscape.com/publish/formats/rss-0.91.dtd">'), GOOD),
    ("cp1251.rss", rss(RUSSIAN, encoding="windows-1251"), RUSSIAN),
    ("report.txt.gz", gzip.compress(FRENCH.encode()), FRENCH),
]


@pytest.mark.parametrize(("name", "content", "text"), REPAIRED, ids=[c[0] for c in REPAIRED])
def test_bad_input_repaired_or_read_as_written(tmp_path, name, content, text):
    docs, errors = read_folder(with_good_report(tmp_path, name, content))
    assert errors == []
    read = next(v for k, v in docs.items() if k.startswith(name))
    if text is None:  # damage that loses bytes cannot be undone; it must still come out as text, not fail
        assert read.strip()
    else:
        assert read == text
    assert docs["good.txt"] == GOOD


def test_bad_input_mixed_encodings_line_by_line(tmp_path):
    """UTF-8 records with one pasted from a Latin-1 page and one from a Windows-1251 page."""
    content = (jsonl({"id": "u", "text": "Café talks – the first step"}) + jsonl({"id": "l", "text": FRENCH})
               .replace(FRENCH.encode(), FRENCH.encode("latin-1")) + jsonl({"id": "r", "text": RUSSIAN}))
    docs, errors = read_folder(with_good_report(tmp_path, "mixed.jsonl", content))
    assert errors == []
    assert [docs[f"mixed.jsonl line {n}"] for n in (1, 2, 3)] == ["Café talks – the first step", FRENCH, RUSSIAN]


def test_bad_input_json_lines_each_bad_line_named_the_good_ones_read(tmp_path):
    lines = [
        json.dumps({"id": "a", "text": GOOD}),
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"id": "c", "text": 42}),
        '{"id": "n", "text": "a NUL\x00 inside"}',
        "[" * 50_000 + "]" * 50_000,
        json.dumps({"id": "z", "title": {"nested": True}, "outlet": 7, "text": FRENCH}),
        '{"id": "cut", "text": "truncated downl',
    ]
    docs, errors = read_folder(with_good_report(tmp_path, "feed.jsonl", "\n".join(lines).encode()))
    assert set(docs) == {"good.txt", "feed.jsonl line 1", "feed.jsonl line 7"}
    named = {e.source.rsplit(" ", 1)[1]: e.reason for e in errors}
    assert named == {
        "2": "invalid JSON (Expecting property name enclosed in double quotes at column 2)",
        "3": "not a JSON object (a list)",
        "4": "no 'text' field (a non-empty string)",
        "5": "NUL byte at column 27 (a corrupted record)",
        "6": "invalid JSON (nested too deeply)",
        "8": "invalid JSON (Unterminated string starting at at column 23)",
    }
    assert all(e.source.startswith(str(tmp_path / "feed.jsonl") + " line ") for e in errors)


def test_bad_input_feed_entities_never_expanded(tmp_path):
    """No document may carry the expansion of an entity, from a file or from the network."""
    for name, content in (("laughs.xml", billion_laughs()),
                          ("xxe.rss", rss("&xxe;", doctype='<!DOCTYPE rss [<!ENTITY xxe SYSTEM "/etc/hostname">]>'))):
        docs, errors = read_folder(with_good_report(tmp_path, name, content))
        assert list(docs) == ["good.txt"] and "refused" in errors[0].reason
        (tmp_path / name).unlink()


def test_bad_input_100_mb_file_refused_before_reading(tmp_path):
    with with_good_report(tmp_path, "huge.txt", b"").joinpath("huge.txt").open("wb") as fh:
        fh.truncate(100 * MiB)  # sparse: costs no disk and no time, and is never read
    docs, errors = read_folder(tmp_path)
    assert docs == {"good.txt": GOOD}
    assert errors[0].reason == "too large: the file is 100 MiB, over the 50 MiB limit (RASHOMON_MAX_BYTES)"


def write_long_line(path: Path, size: int, *, before: bytes, after: bytes) -> None:
    with path.open("wb") as fh:
        fh.write(before)
        chunk = b"lorem ipsum " * (MiB // 12)
        for _ in range(size // len(chunk) + 1):
            fh.write(chunk)
        fh.write(after)


def test_bad_input_100_mb_line_refused_even_under_a_raised_file_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(readers_module, "MAX_BYTES", 256 * MiB)
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    write_long_line(tmp_path / "one-line.txt", 100 * MiB, before=b"Headline\n", after=b"\nEnd.\n")
    write_long_line(tmp_path / "records.jsonl", 100 * MiB, before=jsonl({"id": "a", "text": GOOD}) + b'{"text": "',
                    after=b'"}\n' + jsonl({"id": "b", "text": FRENCH}))
    docs, errors = read_folder(tmp_path)
    assert docs == {"good.txt": GOOD, "records.jsonl line 1": GOOD, "records.jsonl line 3": FRENCH}
    assert [(Path(e.source).name, e.reason) for e in errors] == [
        ("one-line.txt", "line 2 is longer than the 10 MiB line limit (RASHOMON_MAX_LINE_BYTES)"),
        ("records.jsonl line 2", "longer than the 10 MiB line limit (RASHOMON_MAX_LINE_BYTES)"),
    ]


def test_bad_input_limits_are_configurable(tmp_path, monkeypatch):
    monkeypatch.setenv("RASHOMON_MAX_BYTES", "1000")
    assert readers_module._limit("RASHOMON_MAX_BYTES", 5) == 1000
    monkeypatch.setenv("RASHOMON_MAX_BYTES", "50MB")
    with pytest.raises(RashomonError, match="expected a whole number of bytes"):
        readers_module._limit("RASHOMON_MAX_BYTES", 5)
    monkeypatch.setattr(readers_module, "MAX_BYTES", 1000)
    monkeypatch.setattr(readers_module, "MAX_LINE_BYTES", 100)
    (tmp_path / "long-line.txt").write_text("x" * 101 + "\nshort\n")
    (tmp_path / "big.txt").write_text("word " * 201)
    (tmp_path / "fine.html").write_text(f"<html><body><article>{ARTICLE}</article></body></html>")  # one long line
    docs, errors = read_folder(tmp_path)
    assert list(docs) == ["fine.html"]  # HTML, JSON and feeds are often one line: only the file limit bounds them
    assert {Path(e.source).name: e.reason for e in errors} == {
        "big.txt": "too large: the file is 1005 bytes, over the 1000 bytes limit (RASHOMON_MAX_BYTES)",
        "long-line.txt": "line 1 is longer than the 100 bytes line limit (RASHOMON_MAX_LINE_BYTES)",
    }


def test_bad_input_names_that_would_break_the_error_line(tmp_path):
    (tmp_path / "two\nlines.txt").write_bytes(b"")
    os.close(os.open(os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt"), os.O_CREAT | os.O_WRONLY))
    _, errors = read_folder(tmp_path)
    assert sorted(str(e) for e in errors) == [f"{tmp_path}/caf\ufffd.txt: empty file",
                                              f"{tmp_path}/two\\x0alines.txt: empty file"]


def test_bad_input_pipes_and_devices_are_refused_not_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # reading it would block the batch forever
    items = list(read_inputs([str(fifo), "/dev/zero", str(tmp_path)]))
    assert [str(i) for i in items] == [f"{fifo}: not a regular file or folder (use '-' for a pipe)",
                                       "/dev/zero: not a regular file or folder (use '-' for a pipe)"]


@pytest.fixture(scope="module")
def ten_thousand(tmp_path_factory) -> Path:
    """10,000 small reports in 100 folders; every 1,000th is empty."""
    root = tmp_path_factory.mktemp("ten-thousand")
    for folder in range(100):
        (root / f"{folder:02d}").mkdir()
    for i in range(10_000):
        text = b"" if i % 1000 == 999 else f"Report {i}: the convoy reached checkpoint {i} before dawn.".encode()
        fd = os.open(root / f"{i % 100:02d}" / f"r{i:05d}.txt", os.O_CREAT | os.O_WRONLY)
        os.write(fd, text)
        os.close(fd)
    return root


def test_bad_input_folder_of_10000_files(ten_thousand):
    docs, errors = read_folder(ten_thousand)
    assert len(docs) == 9_990 and docs["r00042.txt"] == "Report 42: the convoy reached checkpoint 42 before dawn."
    assert sorted(Path(e.source).name for e in errors) == [f"r{i:05d}.txt" for i in range(999, 10_000, 1000)]
    assert {e.reason for e in errors} == {"empty file"}


@pytest.mark.slow
def test_bad_input_cli_names_each_rejection_on_one_line_and_stores_the_rest(tmp_path):
    """Through `rashomon analyze`: one stderr line per rejection, exit status 1, the good report stored."""
    from typer.testing import CliRunner

    from rashomon.cli import app
    from rashomon.store import open_store

    folder = tmp_path / "in-a-folder-with-a-long-name-so-that-every-error-line-is-wider-than-eighty-columns"
    folder.mkdir()
    for name, content, _, _ in REJECTED:
        (folder / name).write_bytes(content)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(folder), "--db", str(tmp_path / "b.db"), "--quiet"])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    expected = sorted(f"rashomon: rejected {folder / name}{where}: " for name, _, where, _ in REJECTED)
    assert len(lines) == len(REJECTED)
    for line, prefix, (_, _, _, reason) in zip(sorted(lines), expected, sorted(REJECTED), strict=True):
        assert line.startswith(prefix) and reason in line, line
    with open_store(str(tmp_path / "b.db")) as store:
        assert store.stats()["documents"] == 1
