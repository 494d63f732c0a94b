"""The offline HTML report: one self-contained index.html built from the rashomon/1 output.

No request leaves the page (inline CSS, no scripts, fonts or images from anywhere, and a CSP that
forbids them), so it opens from file:// on an air-gapped laptop. Jinja2 autoescaping is on; document
text goes through `highlight`, which escapes every character it emits.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from jinja2 import Environment, PackageLoader
from markupsafe import Markup, escape

LAYERS = ("event", "time", "place", "actor", "framing")  # outermost first when spans coincide


class Mark(NamedTuple):
    """A span to highlight; a plain (start, end, layer, title) tuple works too."""

    start: int
    end: int
    layer: str
    title: str


def write_report(output: dict[str, Any], out_dir: Path) -> Path:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "index.html"
    path.write_text(render_report(output), encoding="utf-8")
    return path


def render_report(output: dict[str, Any]) -> str:
    docs = {d["id"]: d for d in output["documents"]}
    return _environment().get_template("report.html.j2").render(
        out=output,
        outlet={d["id"]: d["outlet"] or d["id"] for d in output["documents"]},
        stories=[_story_view(s, docs) for s in output["stories"]],
        agreements=[_agreement_view(a, docs) for a in output["agreements"]],
        documents=[_document_view(d, output) for d in output["documents"]],
        place_names={p["geonames_id"]: p["name"] for p in output["places"] if p["geonames_id"] is not None},
        counts={k: len(v) for k, v in output.items() if isinstance(v, list)},
        layers=LAYERS,
    )


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("rashomon.present", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(anchor_id=anchor_id, html_id=html_id)
    return env


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


# --- views -----------------------------------------------------------------------------------------

def _story_view(story: dict[str, Any], docs: dict[str, Any]) -> dict[str, Any]:
    rows = []
    for fact in story["facts"]:
        cells = defaultdict(list)
        for value in fact["values"]:
            cells[value["doc"]].append(value)
        rows.append({"fact": fact, "cells": cells})
    verdicts = [row["fact"]["verdict"] for row in rows]
    return {"story": story, "id": html_id("story", story["id"]), "docs": [docs[d] for d in story["docs"] if d in docs],
            "rows": rows, "conflicts": verdicts.count("conflict"), "single": verdicts.count("single-source")}


def _agreement_view(agreement: dict[str, Any], docs: dict[str, Any]) -> dict[str, Any]:
    rows = []
    for provision in agreement["provisions"]:
        cells = defaultdict(list)
        for m in provision["mentions"]:
            if m["doc"] in docs:
                cells[m["doc"]].append({**m, "text": docs[m["doc"]]["text"][m["start"]:m["end"]]})
        rows.append({"provision": provision, "cells": cells})
    return {"agreement": agreement, "docs": [docs[d] for d in agreement["docs"] if d in docs], "rows": rows}


def _document_view(doc: dict[str, Any], output: dict[str, Any]) -> dict[str, Any]:
    did = doc["id"]
    mine = {layer: [x for x in output[layer] if x["doc"] == did] for layer in ("times", "places", "actors", "framing",
                                                                              "events")}
    marks = [Mark(e["start"], e["end"], "event", _event_title(e)) for e in mine["events"]]
    marks += [Mark(t["start"], t["end"], "time", _time_title(t)) for t in mine["times"]]
    marks += [Mark(p["start"], p["end"], "place", _place_title(p)) for p in mine["places"]]
    marks += [Mark(a["start"], a["end"], "actor", _actor_title(a)) for a in mine["actors"]]
    marks += [Mark(f["start"], f["end"], "framing", _framing_title(f)) for f in mine["framing"]]
    return {"doc": doc, "id": html_id("doc", did), "html": highlight(doc["text"], marks, did, _targets(did, output)),
            "events": mine["events"]}


def _targets(did: str, output: dict[str, Any]) -> set[int]:
    """Every position of this document that some table of the report links to."""
    starts = {v["start"] for s in output["stories"] for f in s["facts"] for v in f["values"] if v["doc"] == did}
    starts |= {m["start"] for a in output["agreements"] for p in a["provisions"] for m in p["mentions"]
               if m["doc"] == did}
    starts |= {x["start"] for layer in ("events", "framing") for x in output[layer] if x["doc"] == did}
    return starts


def _event_title(e: dict[str, Any]) -> str:
    who = f"{e['source'] or '?'} → {e['target'] or '?'}"
    return f"{e['type']}{' ' + e['mode'] if e['mode'] else ''}: {who} ({e['factuality']})"


def _time_title(t: dict[str, Any]) -> str:
    return f"{t['type']} {t['value']}" + (f" = {t['utc']} UTC" if t["utc"] else "")


def _place_title(p: dict[str, Any]) -> str:
    return f"{p['name'] or 'unresolved place'} ({p['country'] or '?'}), GeoNames {p['geonames_id'] or '—'}"


def _actor_title(a: dict[str, Any]) -> str:
    return " ".join(x for x in (a["actor"], a["country"], a["sector"]) if x)


def _framing_title(f: dict[str, Any]) -> str:
    return f"{f['kind']}: {f['perspective'] or '?'} (neutral: {f['neutral'] or '—'})"
