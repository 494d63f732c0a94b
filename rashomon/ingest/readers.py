"""Readers: every supported input becomes Documents, or an InputError naming file and reason.

A reader never raises for bad content: it yields an InputError and goes on, so one
broken file (or one broken JSON line) never stops the batch.
"""
from __future__ import annotations

import glob
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rashomon.errors import InputError
from rashomon.ingest.decode import decode_bytes
from rashomon.ingest.text import content_hash, normalize_text, parse_dateline, unwrap
from rashomon.model import Document

MAX_BYTES = int(os.environ.get("RASHOMON_MAX_BYTES", 50 * 1024 * 1024))
KNOWN_SUFFIXES = {".txt", ".text", ".html", ".htm", ".json", ".jsonl", ".ndjson", ".xml", ".rss", ".atom", ".gz"}
_DECLARES_ENTITIES = re.compile(r"<!ENTITY", re.I)

Item = Document | InputError


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
                if p.is_file() and p.suffix.lower() in KNOWN_SUFFIXES and not p.name.startswith(".")
            )
        elif os.path.isfile(arg):
            found.append(arg)
        elif matches := sorted(glob.glob(arg, recursive=True)):
            found.extend(m for m in matches if os.path.isfile(m))
        else:
            missing.append(InputError(arg, "no such file, folder or glob match"))
    return list(dict.fromkeys(found)), missing


def read_inputs(args: Iterable[str], *, outlet: str | None = None) -> Iterator[Item]:
    """Documents from every input, in order; InputErrors in place of what cannot be read."""
    paths, missing = expand_paths(args)
    yield from missing
    for path in paths:
        yield from read_path(path, outlet=outlet)


def read_path(path: str, *, outlet: str | None = None) -> Iterator[Item]:
    """Read one file (or stdin for '-'), detecting its format by content and suffix."""
    label = "<stdin>" if path == "-" else path
    try:
        data = _read_bytes(path)
        if data[:2] == GZIP_MAGIC:
            data = _gunzip(path, data)
            label = label.removesuffix(".gz") if label.endswith(".gz") else label
        text = decode_bytes(data)
    except InputError as err:
        yield InputError(label, err.reason)
        return
    except OSError as err:
        yield InputError(label, err.strerror or str(err))
        return
    fmt = detect_format(label, text)
    reader = {"text": _read_text, "html": _read_html, "json": _read_json, "jsonl": _read_jsonl, "feed": _read_feed}[fmt]
    try:
        for item in reader(label, text):
            if isinstance(item, Document) and outlet:
                item.outlet = outlet
            yield item
    except (ValueError, TypeError, LookupError, RecursionError) as err:  # a parser's failure on hostile input
        yield InputError(label, f"cannot read as {fmt} ({type(err).__name__}: {err})")


GZIP_MAGIC = b"\x1f\x8b"


def _gunzip(path: str, data: bytes) -> bytes:
    """Decompress, refusing anything that inflates past the size limit (a zip bomb stays small here)."""
    import gzip
    import io

    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = fh.read(MAX_BYTES + 1)
    except (OSError, EOFError) as err:
        raise InputError(path, f"broken gzip file ({err})") from None
    if len(out) > MAX_BYTES:
        raise InputError(path, f"gzip content too large (> limit {MAX_BYTES} bytes; set RASHOMON_MAX_BYTES)")
    return out


def _read_bytes(path: str) -> bytes:
    if path == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise InputError(path, f"file too large ({size} bytes > limit {MAX_BYTES}; set RASHOMON_MAX_BYTES)")
        with open(path, "rb") as fh:
            data = fh.read()
    if len(data) > MAX_BYTES:
        raise InputError(path, f"input too large (> limit {MAX_BYTES} bytes; set RASHOMON_MAX_BYTES)")
    if not data.strip():
        raise InputError(path, "empty file")
    return data


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


def _file_id(label: str) -> str:
    return Path(label).stem if label != "<stdin>" else "stdin"


def _read_text(label: str, text: str) -> Iterator[Item]:
    yield _document(label, text, default_id=_file_id(label), hard_wrapped=True)


def _read_html(label: str, text: str) -> Iterator[Item]:
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
        yield InputError(label, "no article text found in HTML")
        return
    record = {"title": extracted.title, "outlet": extracted.sitename, "url": extracted.url,
              "published": meta_published(text) or extracted.date}
    body = extracted.text
    if extracted.title and body.startswith(extracted.title + "\n"):
        body = body[len(extracted.title) + 1:]
    yield _document(label, body, record=record, default_id=_file_id(label))


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


def _read_records(label: str, records: Iterable[tuple[int, Any]]) -> Iterator[Item]:
    for n, record in records:
        where = f"{label} record {n}"
        if isinstance(record, InputError):
            yield record
        elif not isinstance(record, dict):
            yield InputError(where, "not a JSON object")
        elif not isinstance(record.get("text"), str) or not record["text"].strip():
            yield InputError(where, "no 'text' field")
        else:
            yield _document(where, record["text"], record=record, default_id=f"{_file_id(label)}#{n}")


def _read_jsonl(label: str, text: str) -> Iterator[Item]:
    def records() -> Iterator[tuple[int, Any]]:
        for n, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                yield n, json.loads(line)
            except json.JSONDecodeError as err:
                yield n, InputError(f"{label} line {n}", f"invalid JSON ({err.msg} at column {err.colno})")

    yield from _read_records(label, records())


def _read_json(label: str, text: str) -> Iterator[Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        yield InputError(label, f"invalid JSON ({err.msg} at line {err.lineno} column {err.colno})")
        return
    if isinstance(data, dict):
        data = data.get("articles") or data.get("documents") or [data]
    if not isinstance(data, list):
        yield InputError(label, "JSON must be an object, a list of objects or {'articles': [...]}")
        return
    yield from _read_records(label, enumerate(data, start=1))


def _read_feed(label: str, text: str) -> Iterator[Item]:
    import feedparser

    from rashomon.ingest.feeds import entry_records

    if _DECLARES_ENTITIES.search(text[:20000]):
        yield InputError(label, "feed declares XML entities in a DTD: refused (entity expansion and external "
                                "entity attacks)")
        return
    parsed = feedparser.parse(text.encode("utf-8"))
    if not parsed.entries:
        reason = str(parsed.get("bozo_exception") or "no entries")
        yield InputError(label, f"feed has no readable entries ({reason})")
        return
    site = parsed.feed.get("title")
    yield from _read_records(label, enumerate(entry_records(parsed.entries, site), start=1))
