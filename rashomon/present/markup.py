"""HTML pieces every page shares: safe ids for any string, and document text with its marks nested.

Document text only ever reaches a page through `highlight`, which escapes every character it emits.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from markupsafe import Markup, escape

LAYERS = ("event", "time", "place", "actor", "framing")  # outermost first when spans coincide


class Mark(NamedTuple):
    """A span to highlight; a plain (start, end, layer, title) tuple works too."""

    start: int
    end: int
    layer: str
    title: str


# --- ids -------------------------------------------------------------------------------------------

def html_id(kind: str, raw: str) -> str:
    """An HTML id (and URL fragment) for any string: ids from inputs may hold '/', '#', spaces or quotes.

    The readable part is sanitised; a short digest of the raw string keeps ids that sanitise alike apart.
    """
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", raw)[:40]
    digest = hashlib.sha1(raw.encode("utf-8")).hexdigest()[:6]
    return f"{kind}-{safe}-{digest}"


def anchor_id(doc: str, start: int) -> str:
    """The link target of a position in a document: `doc-<docid>-<start>`, with the doc id made safe."""
    return f"{html_id('doc', doc)}-{start}"


# --- highlighting ----------------------------------------------------------------------------------

def highlight(text: str, marks: Iterable[tuple[int, int, str, str]], doc: str,
              anchors: Iterable[int] = ()) -> Markup:
    """The text as HTML with marks nested properly and a link target at each anchor position.

    A mark inside another nests; a mark that crosses one already open is left out, so the markup is always
    well formed and, tags stripped and entities decoded, gives back exactly the text.
    """
    chosen = _nested(marks, len(text))
    targets = {a for a in anchors if 0 <= a <= len(text)}
    opening = defaultdict(list)
    for mark in chosen:
        opening[mark.start].append(mark)
    cuts = sorted({0, len(text), *targets, *(m.start for m in chosen), *(m.end for m in chosen)})
    parts: list[str] = []
    open_ends: list[int] = []
    for here, after in zip(cuts, [*cuts[1:], len(text)], strict=True):
        while open_ends and open_ends[-1] == here:
            open_ends.pop()
            parts.append("</mark>")
        if here in targets:
            parts.append(f'<span class="anchor" id="{anchor_id(doc, here)}"></span>')
        for mark in opening[here]:
            parts.append(f'<mark class="{escape(mark.layer)}" title="{escape(mark.title)}">')
            open_ends.append(mark.end)
        parts.append(str(escape(text[here:after])))
    return Markup("".join(parts))


def _nested(marks: Iterable[tuple[int, int, str, str]], length: int) -> list[Mark]:
    """Marks in document order, outer before inner, keeping only those that nest in what is open."""
    valid = [Mark(*m) for m in marks if 0 <= m[0] < m[1] <= length]
    rank = {layer: i for i, layer in enumerate(LAYERS)}
    chosen: list[Mark] = []
    open_ends: list[int] = []
    for mark in sorted(valid, key=lambda m: (m.start, -m.end, rank.get(m.layer, len(rank)))):
        while open_ends and open_ends[-1] <= mark.start:
            open_ends.pop()
        if open_ends and mark.end > open_ends[-1]:
            continue
        chosen.append(mark)
        open_ends.append(mark.end)
    return chosen
