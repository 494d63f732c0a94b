"""Plain-text clean-up: datelines, hard-wrapped lines, and the content hash."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime, timedelta, timezone

# " date 2023-09-20 20 Sep. 12:30 (UTC+3 MSK)" — a page-store marker, optionally followed by
# a human dateline with a clock time and its offset.
_DATELINE = re.compile(
    r"\A[ \t]*date[ \t]+(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[ \t]+\d{1,2}[ \t]+[A-Za-z]{3,9}\.?)?"
    r"(?:[ \t]+(?P<hh>\d{1,2})[:.](?P<mm>\d{2})"
    r"(?:[ \t]*\((?:UTC|GMT)[ \t]*(?P<off>[+-−]\d{1,2})(?::?(?P<offm>\d{2}))?[^)\n]*\))?)?"
    r"[ \t]*(?:\n|\Z)"
)


def parse_dateline(text: str) -> tuple[datetime | None, int]:
    """The publication time a leading dateline gives, and where the body starts after it.

    Returns (None, 0) when the text has no dateline. A date without a clock time is kept
    as midnight with no zone; a clock time without an offset is kept without zone.
    """
    m = _DATELINE.match(text)
    if not m:
        return None, 0
    year, month, day = (int(x) for x in m["date"].split("-"))
    hh, mm = (int(m["hh"]), int(m["mm"])) if m["hh"] else (0, 0)
    tz = None
    if m["off"]:
        sign = -1 if m["off"][0] in "-−" else 1
        hours = int(m["off"][1:])
        minutes = int(m["offm"] or 0)
        tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
    try:
        published = datetime(year, month, day, hh, mm, tzinfo=tz)
    except ValueError:
        return None, 0
    return published, m.end()


_SENTENCE_END = re.compile(r"[.!?:;\"'”’)\]]$")
_LIST_START = re.compile(r"^(?:[-•*–—]|\d{1,2}[.)]|[a-z][.)])\s")


def _looks_hard_wrapped(lines: list[str]) -> bool:
    """Most lines fill a narrow column (40-120 characters): the mark of hard wrapping."""
    filled = [len(line) for line in lines if line.strip()]
    if len(filled) < 3:
        return False
    width = max(filled)
    if not 40 <= width <= 120:
        return False
    return sum(n > 0.6 * width for n in filled) >= 0.6 * len(filled)


def unwrap(text: str) -> str:
    """Join hard-wrapped lines into paragraphs; keep blank lines and list items as breaks.

    Only text that looks hard-wrapped is touched. There, a break is kept when the line is
    visibly short of the column and ends a sentence (or a colon); otherwise it is a wrap
    artefact and becomes a space.
    """
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    if not _looks_hard_wrapped(lines):
        return "\n".join(lines).strip("\n")
    width = max(len(line) for line in lines)
    out: list[str] = []
    for line in lines:
        prev = out[-1] if out else ""
        continuation = (
            prev
            and line
            and not _LIST_START.match(line)
            and (len(prev) > 0.6 * width or not _SENTENCE_END.search(prev))
        )
        if continuation:
            out[-1] = prev + " " + line.lstrip()
        else:
            out.append(line)
    return "\n".join(out).strip("\n")


def normalize_text(text: str) -> str:
    """NFC, no NULs, unix newlines, runs of 3+ blank lines folded to one."""
    text = unicodedata.normalize("NFC", text).replace("\x00", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def content_hash(text: str) -> str:
    """Hash of the text with whitespace folded, so re-wrapped copies dedupe too."""
    folded = " ".join(text.split()).lower()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:32]
