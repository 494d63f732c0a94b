"""Readers: every supported input becomes Documents, or an InputError naming file and reason.

A reader never raises for bad content: it yields an InputError and goes on, so one
broken file (or one broken JSON line) never stops the batch.
"""
from __future__ import annotations

import glob
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from rashomon.errors import InputError, RashomonError
from rashomon.ingest.decode import decode_bytes
from rashomon.ingest.text import content_hash, normalize_text, parse_dateline, unwrap
from rashomon.model import Document


def _limit(name: str, default: int) -> int:
    """A size limit from the environment, in bytes; a value that is not a whole number is a usage error."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise RashomonError(f"{name}={value!r}: expected a whole number of bytes")
    return int(value)


# Documented in docs/reliability.md. Read once at import; tests patch the module attributes.
MAX_BYTES = _limit("RASHOMON_MAX_BYTES", 50 * 2**20)  # a file, stdin, or what a .gz inflates to
MAX_LINE_BYTES = _limit("RASHOMON_MAX_LINE_BYTES", 10 * 2**20)  # a line of plain text, a JSON Lines record
KNOWN_SUFFIXES = {".txt", ".text", ".html", ".htm", ".json", ".jsonl", ".ndjson", ".xml", ".rss", ".atom", ".gz",
                  ".parquet"}
GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 2**20
_DECLARES_ENTITIES = re.compile(r"<!ENTITY", re.I)

Item = Document | InputError


@dataclass(frozen=True)
class Source:
    """One input as the readers see it: how errors name it, the name its format and ids come from
    (a .gz file's inner name), and the lines over MAX_LINE_BYTES found while reading it."""

    label: str
    name: str
    long_lines: tuple[int, ...] = ()


def expand_paths(args: Iterable[str]) -> tuple[list[str], list[InputError]]:
    """Files, folders (recursively, known suffixes only), globs and '-' → input paths."""
    found: list[str] = []
    missing: list[InputError] = []
    for arg in args:
        if arg == "-":
            found.append(arg)
        elif os.path.isdir(arg):
            found.extend(
                str(p)
                for p in sorted(Path(arg).rglob("*"))
                if p.suffix.lower() in KNOWN_SUFFIXES and not p.name.startswith(".") and p.is_file()
            )
        elif os.path.isfile(arg):
            found.append(arg)
        elif os.path.exists(arg):  # a device, pipe or socket: reading it could block or never end
            missing.append(InputError(printable(arg), "not a regular file or folder (use '-' for a pipe)"))
        elif matches := sorted(glob.glob(arg, recursive=True)):
            found.extend(m for m in matches if os.path.isfile(m))
        else:
            missing.append(InputError(printable(arg), "no such file, folder or glob match"))
    return list(dict.fromkeys(found)), missing


def read_inputs(args: Iterable[str], *, outlet: str | None = None) -> Iterator[Item]:
    """Documents from every input, in order; InputErrors in place of what cannot be read."""
    paths, missing = expand_paths(args)
    yield from missing
    for path in paths:
        yield from read_path(path, outlet=outlet)


def printable(path: str) -> str:
    """A path as an error line can show it: control characters escaped, undecodable bytes replaced.

    A file name may hold a newline (which would split the one-line error) or bytes that are not
    UTF-8 (which the terminal and the database cannot take).
    """
    path = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m[0]):02x}", path)


def read_path(path: str, *, outlet: str | None = None) -> Iterator[Item]:
    """Read one file (or stdin for '-'), detecting its format by content and suffix; `outlet` overrides
    what the file says of every document's outlet."""
    label = "<stdin>" if path == "-" else printable(path)
    items = _read_parquet(label, path) if path.lower().endswith(".parquet") else _read_file(label, path)
    for item in items:
        if isinstance(item, Document) and outlet:
            item.outlet = outlet
        yield item


def _read_file(label: str, path: str) -> Iterator[Item]:
    try:
        data, long_lines = _read_bytes(path)
        text = decode_bytes(data)
    except InputError as err:
        yield InputError(label, err.reason)
        return
    except OSError as err:
        yield InputError(label, err.strerror or str(err))
        return
    source = Source(label, label.removesuffix(".gz"), long_lines)
    fmt = detect_format(source.name, text)
    if problem := _file_problem(source, fmt, text):
        yield InputError(label, problem)
        return
    reader = {"text": _read_text, "html": _read_html, "json": _read_json, "jsonl": _read_jsonl, "feed": _read_feed}[fmt]
    try:
        yield from reader(source, text)
    except RecursionError:
        yield InputError(label, f"cannot read as {fmt} (nested too deeply)")
    except Exception as err:  # a parser's failure on hostile input must not stop the batch; it is named instead
        yield InputError(label, f"cannot read as {fmt} ({type(err).__name__}: {_one_line(str(err))})")


def _file_problem(source: Source, fmt: str, text: str) -> str | None:
    """Why a whole file is refused before its reader runs: NUL bytes, or an over-long line of plain text.

    JSON Lines is spared both: its bad lines are named one by one and the good ones are read.
    """
    if fmt == "jsonl":
        return None
    if "\x00" in text:
        stripped = text.rstrip("\x00")
        if "\x00" not in stripped:
            return f"ends in {len(text) - len(stripped)} NUL bytes (an incomplete download or copy)"
        return f"{text.count(chr(0))} NUL bytes, the first at character {text.index(chr(0))} (a corrupted file)"
    if fmt == "text" and source.long_lines:
        return f"line {source.long_lines[0]} is longer than the {_size(MAX_LINE_BYTES)} line limit " \
               "(RASHOMON_MAX_LINE_BYTES)"
    return None


def _read_bytes(path: str) -> tuple[bytes, tuple[int, ...]]:
    """The input's bytes (a .gz inflated) and its over-long lines, refusing it past MAX_BYTES.

    Read in chunks, so neither a 100 MB file nor a gzip bomb is ever held whole before it is refused.
    """
    if path == "-":
        return _read_stream(sys.stdin.buffer, "standard input")
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise InputError(path, "not a regular file")
    if info.st_size > MAX_BYTES:
        raise InputError(path, f"too large: the file is {_size(info.st_size)}, over the {_size(MAX_BYTES)} limit "
                               "(RASHOMON_MAX_BYTES)")
    with open(path, "rb") as fh:
        if fh.read(2) != GZIP_MAGIC:
            fh.seek(0)
            return _read_stream(fh, "file")
        fh.seek(0)
        return _gunzip(fh)


def _gunzip(fh: BinaryIO) -> tuple[bytes, tuple[int, ...]]:
    """Inflate in chunks, refusing anything that inflates past the size limit (a gzip bomb stays small here)."""
    import gzip
    import zlib

    try:
        with gzip.GzipFile(fileobj=fh) as inflated:
            return _read_stream(inflated, "inflated gzip content")
    except (OSError, EOFError, zlib.error) as err:
        raise InputError("", f"broken gzip file ({err})") from None


def _read_stream(stream: BinaryIO, what: str) -> tuple[bytes, tuple[int, ...]]:
    data = bytearray()
    lines = _LineLengths(MAX_LINE_BYTES)
    while chunk := stream.read(CHUNK):
        if len(data) + len(chunk) > MAX_BYTES:
            raise InputError("", f"too large: the {what} is over the {_size(MAX_BYTES)} limit (RASHOMON_MAX_BYTES)")
        lines.feed(chunk)
        data += chunk
    if not data.strip():
        raise InputError("", "empty file")
    return bytes(data), tuple(lines.long)


class _LineLengths:
    """Numbers of the lines longer than `limit` bytes, found chunk by chunk as the input streams in."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.line = 1
        self.run = 0  # bytes of the current line so far
        self.long: list[int] = []

    def feed(self, chunk: bytes) -> None:
        if self.run + len(chunk) <= self.limit:  # the common case: no line in this chunk can be too long
            if (last := chunk.rfind(b"\n")) >= 0:
                self.line += chunk.count(b"\n")
                self.run = len(chunk) - last - 1
            else:
                self.run += len(chunk)
            return
        *ended, rest = chunk.split(b"\n")
        for piece in ended:
            self._check(self.run + len(piece))
            self.line += 1
            self.run = 0
        self.run += len(rest)
        self._check(self.run)

    def _check(self, length: int) -> None:
        if length > self.limit and (not self.long or self.long[-1] != self.line):
            self.long.append(self.line)


def _size(n: int) -> str:
    """Bytes for people: '50 MiB', '1.5 KiB', '12 bytes'."""
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def _one_line(message: str) -> str:
    return " ".join(message.split())[:300]


def detect_format(label: str, text: str) -> str:
    """Content decides where it is clear; the suffix breaks ties."""
    suffix = Path(label).suffix.lower()
    head = text.lstrip()[:2000].lower()
    if head.startswith("<"):
        if "<rss" in head or "<feed" in head or "<rdf:rdf" in head:
            return "feed"
        if head.startswith("<?xml") and suffix in {".xml", ".rss", ".atom"}:
            return "feed"
        return "html"
    if head.startswith("{") or head.startswith("["):
        first_line = text.lstrip().split("\n", 1)[0].strip()
        one_object_per_line = first_line.startswith("{") and first_line.endswith("}") and "\n{" in text
        if suffix in {".jsonl", ".ndjson"} or one_object_per_line:
            return "jsonl"
        return "json"
    if suffix in {".jsonl", ".ndjson"}:
        return "jsonl"
    if suffix == ".json":  # a JSON scalar or junk under a .json name is reported as JSON, not read as prose
        return "json"
    return "text"


def _document(
    label: str, text: str, *, record: dict[str, Any] | None = None, default_id: str, hard_wrapped: bool = False
) -> Item:
    """Build a Document; the dateline (if any) gives the publication time and is cut from the text."""
    record = record or {}
    text = normalize_text(text)
    dateline_time, body_start = parse_dateline(text)
    if body_start:
        text = text[body_start:].lstrip("\n")
    if hard_wrapped:
        text = unwrap(text)
    text = text.strip()
    if not text:
        return InputError(label, "no text")
    published = _iso_published(record.get("published"))
    if dateline_time and (published is None or len(published) == 10):
        published = dateline_time.isoformat()
    if published is None:
        published = date_in_url(record.get("url"))
    meta = {k: v for k, v in record.items() if k not in {"id", "url", "outlet", "published", "title", "text"}}
    return Document(
        id=str(record.get("id") or default_id),
        text=text,
        hash=content_hash(text),
        outlet=record.get("outlet"),
        url=record.get("url"),
        published=published,
        title=record.get("title"),
        source=label,
        meta=meta,
    )


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?=[/-]|$|\.)")


def date_in_url(url: Any) -> str | None:
    """'…/2023/09/20/…' in an address is the publication date when nothing better says it."""
    m = _URL_DATE.search(url) if isinstance(url, str) else None
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def _iso_published(value: Any) -> str | None:
    """A record's publication time as ISO 8601, keeping its precision (a date stays a date)."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat()
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    from dateutil import parser as date_parser  # rare path: free-form dates

    try:
        return date_parser.parse(value).isoformat()
    except (ValueError, OverflowError):
        return None


def _file_id(name: str) -> str:
    return Path(name).stem if name != "<stdin>" else "stdin"


def _read_text(source: Source, text: str) -> Iterator[Item]:
    yield _document(source.label, text, default_id=_file_id(source.name), hard_wrapped=True)


def _read_html(source: Source, text: str) -> Iterator[Item]:
    import warnings

    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        extracted = trafilatura.bare_extraction(
            text,
            with_metadata=True,
            include_comments=False,
            date_extraction_params={"max_date": "2099-12-31", "original_date": True, "extensive_search": True,
                                    "outputformat": "%Y-%m-%dT%H:%M:%S%z"},
        )
    if extracted is None or not (extracted.text or "").strip():
        yield InputError(source.label, "no article text found in HTML")
        return
    record = {"title": extracted.title, "outlet": extracted.sitename, "url": extracted.url,
              "published": meta_published(text) or extracted.date}
    body = extracted.text
    if extracted.title and body.startswith(extracted.title + "\n"):
        body = body[len(extracted.title) + 1:]
    yield _document(source.label, body, record=record, default_id=_file_id(source.name))


_PUBLISHED_META = re.compile(
    r"<meta\s+[^>]*(?:property|name|itemprop)=[\"'](?:article:published_time|og:published_time|datePublished|"
    r"pubdate|publishdate|dc\.date\.issued)[\"'][^>]*>", re.I)
_CONTENT = re.compile(r"content=[\"']([^\"']+)[\"']", re.I)


def meta_published(html: str) -> str | None:
    """The page's own publication time from its head, with clock and zone (htmldate may keep only the day)."""
    for tag in _PUBLISHED_META.finditer(html[:100_000]):
        content = _CONTENT.search(tag.group(0))
        if content and (value := _iso_published(content.group(1))):
            return value
    return None


_FIELDS = ("id", "url", "outlet", "published", "title")


def _read_records(source: Source, records: Iterable[tuple[int, Any]], unit: str) -> Iterator[Item]:
    """Each record (a JSON object or a feed entry) as a Document, or an InputError naming it by `unit` and number."""
    for n, record in records:
        where = f"{source.label} {unit} {n}"
        if isinstance(record, InputError):
            yield record
        elif not isinstance(record, dict):
            yield InputError(where, f"not a JSON object (a {type(record).__name__})")
        elif not isinstance(record.get("text"), str) or not record["text"].strip():
            yield InputError(where, "no text" if unit == "entry" else "no 'text' field (a non-empty string)")
        else:
            fields = {k: _scalar(record.get(k)) for k in _FIELDS}
            yield _document(where, record["text"], record={**record, **fields},
                            default_id=f"{_file_id(source.name)}#{n}")


def _scalar(value: Any) -> str | None:
    """A metadata field as text: numbers are spelled out, lists and objects (which no field means) dropped."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _read_jsonl(source: Source, text: str) -> Iterator[Item]:
    long_lines = set(source.long_lines)

    def records() -> Iterator[tuple[int, Any]]:
        for n, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            where = f"{source.label} line {n}"
            if n in long_lines:
                yield n, InputError(where, f"longer than the {_size(MAX_LINE_BYTES)} line limit "
                                           "(RASHOMON_MAX_LINE_BYTES)")
            elif "\x00" in line:
                yield n, InputError(where, f"NUL byte at column {line.index(chr(0)) + 1} (a corrupted record)")
            else:
                yield n, _json_line(where, line)

    yield from _read_records(source, records(), "line")


def _read_parquet(label: str, path: str) -> Iterator[Item]:
    """A Parquet file of records (the JSON Lines fields as columns), streamed a row group at a time.

    The columnar shard format of data pipelines (Ray Data, Spark, pandas). It is compressed and read in
    batches, so the file-size limit does not apply; each row's text is held to the record limit instead.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        if "text" not in parquet.schema_arrow.names:
            yield InputError(label, "no 'text' column in the Parquet file")
            return
        rows = (row for batch in parquet.iter_batches(batch_size=1024) for row in batch.to_pylist())
        source = Source(label, label)
        yield from _read_records(source, _parquet_records(label, rows), "row")
    except OSError as err:
        yield InputError(label, err.strerror or _one_line(str(err)))
    except (pa.ArrowException, ValueError) as err:
        yield InputError(label, f"cannot read as Parquet ({type(err).__name__}: {_one_line(str(err))})")


def _parquet_records(label: str, rows: Iterable[dict[str, Any]]) -> Iterator[tuple[int, Any]]:
    for n, row in enumerate(rows, start=1):
        text = row.get("text")
        if isinstance(text, str) and len(text) > MAX_LINE_BYTES // 4 and len(text.encode()) > MAX_LINE_BYTES:
            yield n, InputError(f"{label} row {n}", f"text longer than the {_size(MAX_LINE_BYTES)} record limit "
                                                    "(RASHOMON_MAX_LINE_BYTES)")
        elif isinstance(text, str) and "\x00" in text:
            yield n, InputError(f"{label} row {n}", "NUL byte in the text (a corrupted record)")
        else:
            yield n, {k: _json_value(v) for k, v in row.items()}


def _json_value(value: Any) -> Any:
    """A Parquet cell as JSON can hold it (metadata is stored as JSON): times as ISO 8601, bytes dropped."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return None


def _json_line(where: str, line: str) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError as err:
        return InputError(where, f"invalid JSON ({err.msg} at column {err.colno})")
    except RecursionError:
        return InputError(where, "invalid JSON (nested too deeply)")


def _read_json(source: Source, text: str) -> Iterator[Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        yield InputError(source.label, f"invalid JSON ({err.msg} at line {err.lineno} column {err.colno})")
        return
    if isinstance(data, dict):
        data = data.get("articles") or data.get("documents") or [data]
    if not isinstance(data, list):
        yield InputError(source.label, "JSON must be an object, a list of objects or {'articles': [...]}")
        return
    yield from _read_records(source, enumerate(data, start=1), "record")


def _read_feed(source: Source, text: str) -> Iterator[Item]:
    import feedparser

    from rashomon.ingest.feeds import entry_records

    if refusal := unsafe_xml(text):
        yield InputError(source.label, refusal)
        return
    parsed = feedparser.parse(_as_utf8_xml(text))
    if not parsed.entries:
        reason = _one_line(str(parsed.get("bozo_exception") or "no entries"))
        yield InputError(source.label, f"feed has no readable entries ({reason})")
        return
    site = parsed.feed.get("title")
    yield from _read_records(source, enumerate(entry_records(parsed.entries, site), start=1), "entry")


_XML_ENCODING = re.compile(r"""\A(\s*<\?xml[^>]*?encoding\s*=\s*)["'][^"']*["']""")


def _as_utf8_xml(text: str) -> bytes:
    """The decoded feed as UTF-8 bytes, its XML declaration saying so (not the code page it arrived in)."""
    return _XML_ENCODING.sub(r'\1"utf-8"', text, count=1).encode("utf-8")


def unsafe_xml(text: str) -> str | None:
    """Why an XML document must not be parsed, or None: entity declarations (billion laughs, external entities).

    defusedxml parses it with entities forbidden; where the document is too broken for that, any
    `<!ENTITY` in it is enough. A news feed has no honest use for a DTD's entities.
    """
    import defusedxml
    import defusedxml.ElementTree as safe_tree

    try:
        safe_tree.fromstring(_as_utf8_xml(text), forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.ExternalReferenceForbidden:
        return "refers to an external XML entity; refused (XXE)"
    except defusedxml.EntitiesForbidden:
        return "declares XML entities; refused (entity expansion / billion laughs, external entities)"
    except (safe_tree.ParseError, ValueError):
        pass
    if _DECLARES_ENTITIES.search(text):
        return "declares XML entities; refused (entity expansion / billion laughs, external entities)"
    return None
