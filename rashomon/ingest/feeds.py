"""RSS/Atom entries → article records (the same shape as a JSON Lines record)."""
from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any


def entry_records(entries: Iterable[Any], site: str | None) -> Iterator[dict[str, Any]]:
    for entry in entries:
        yield {
            "id": entry.get("id") or entry.get("link"),
            "url": entry.get("link"),
            "outlet": site,
            "title": entry.get("title"),
            "published": _published(entry),
            "text": _entry_text(entry),
        }


def _published(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC).isoformat()


def _entry_text(entry: Any) -> str:
    """Full content when the feed has it, else the summary; markup reduced to text."""
    contents = entry.get("content") or []
    raw = max((c.get("value", "") for c in contents), key=len, default="") or entry.get("summary", "")
    if "<" not in raw:
        return raw
    import lxml.html

    try:
        root = lxml.html.fromstring(raw)
    except Exception:  # lxml raises several types for junk markup; the raw text is still usable
        return raw
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.iter("p", "div", "li"):
        block.tail = "\n\n" + (block.tail or "")
    return root.text_content()
