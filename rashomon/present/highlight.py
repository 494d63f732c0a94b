"""Document text as HTML with annotations marked and link targets placed, all text escaped.

Marks never nest: where layers overlap, the earlier-starting (then longer) span wins and the
other is left unmarked, so the markup is always well formed and the text always intact.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    layer: str
    title: str


def anchor_id(doc: str, start: int) -> str:
    """An HTML id for a position in a document; doc ids may hold any character, ids may not."""
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", doc)[:40]
    digest = hashlib.sha1(doc.encode("utf-8")).hexdigest()[:6]
    return f"doc-{safe}-{digest}-{start}"


def doc_anchor(doc: str) -> str:
    return anchor_id(doc, 0).rsplit("-", 1)[0]


def highlight(text: str, marks: list[Mark], doc: str, anchors: set[int] = frozenset()) -> Markup:
    chosen = _non_overlapping(marks, len(text))
    cuts = sorted({0, len(text), *(m.start for m in chosen), *(m.end for m in chosen),
                   *(a for a in anchors if 0 <= a <= len(text))})
    starts = {m.start: m for m in chosen}
    ends = {m.end for m in chosen}
    parts: list[str] = []
    for i, pos in enumerate(cuts):
        if pos in ends:
            parts.append("</mark>")
        if pos in anchors:
            parts.append(f'<span class="anchor" id="{anchor_id(doc, pos)}"></span>')
        if pos in starts:
            m = starts[pos]
            parts.append(f'<mark class="{escape(m.layer)}" title="{escape(m.title)}">')
        if i + 1 < len(cuts):
            parts.append(str(escape(text[pos:cuts[i + 1]])))
    return Markup("".join(parts))


def _non_overlapping(marks: list[Mark], length: int) -> list[Mark]:
    chosen: list[Mark] = []
    end = -1
    for m in sorted(marks, key=lambda m: (m.start, -(m.end - m.start))):
        if m.start >= end and 0 <= m.start < m.end <= length:
            chosen.append(m)
            end = m.end
    return chosen
