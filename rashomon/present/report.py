"""The offline HTML report: one self-contained index.html built from the rashomon/1 output.

No request leaves the page (inline CSS, no scripts, fonts or images from anywhere), so it opens
from file:// on an air-gapped laptop. Jinja2 autoescaping is on; document text goes through
the highlighter, which escapes every character it emits.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from rashomon.present.highlight import Mark, anchor_id, doc_anchor, highlight


def write_report(output: dict[str, Any], out_dir: Path) -> Path:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "index.html"
    path.write_text(render_report(output), encoding="utf-8")
    return path


def render_report(output: dict[str, Any]) -> str:
    env = Environment(loader=PackageLoader("rashomon.present", "templates"), autoescape=select_autoescape(["j2"]))
    env.globals.update(anchor_id=anchor_id, doc_anchor=doc_anchor)
    docs = {d["id"]: d for d in output["documents"]}
    return env.get_template("report.html.j2").render(
        out=output,
        docs=docs,
        stories=[_story_view(s, docs) for s in output["stories"]],
        agreements=[_agreement_view(a, docs) for a in output["agreements"]],
        documents=[_document_view(d, output) for d in output["documents"]],
        counts={k: len(v) for k, v in output.items() if isinstance(v, list)},
    )


def _story_view(story: dict[str, Any], docs: dict[str, Any]) -> dict[str, Any]:
    rows = []
    for fact in story["facts"]:
        cells = defaultdict(list)
        for v in fact["values"]:
            cells[v["doc"]].append(v)
        rows.append({"fact": fact, "cells": cells})
    return {"story": story, "docs": [docs[d] for d in story["docs"] if d in docs], "rows": rows}


def _agreement_view(agreement: dict[str, Any], docs: dict[str, Any]) -> dict[str, Any]:
    rows = []
    for p in agreement["provisions"]:
        cells = defaultdict(list)
        for m in p["mentions"]:
            cells[m["doc"]].append({**m, "text": docs[m["doc"]]["text"][m["start"]:m["end"]]})
        rows.append({"provision": p, "cells": cells})
    return {"agreement": agreement, "docs": [docs[d] for d in agreement["docs"] if d in docs], "rows": rows}


def _time_title(t: dict[str, Any]) -> str:
    utc = f" = {t['utc']} UTC" if t["utc"] else ""
    return f"{t['type']} {t['value']}{utc}"


def _document_view(doc: dict[str, Any], output: dict[str, Any]) -> dict[str, Any]:
    did = doc["id"]
    marks = [Mark(t["start"], t["end"], "time", _time_title(t)) for t in output["times"] if t["doc"] == did]
    marks += [Mark(p["start"], p["end"], "place", f"{p['name']} ({p['country']}), GeoNames {p['geonames_id']}")
              for p in output["places"] if p["doc"] == did]
    marks += [Mark(a["start"], a["end"], "actor", f"{a['actor']} {a['country'] or ''} {a['sector'] or ''}".strip())
              for a in output["actors"] if a["doc"] == did]
    marks += [Mark(f["start"], f["end"], "framing", f"{f['kind']}: {f['perspective']} (neutral: {f['neutral']})")
              for f in output["framing"] if f["doc"] == did]
    anchors = {v["start"] for s in output["stories"] for f in s["facts"] for v in f["values"] if v["doc"] == did}
    anchors |= {m["start"] for a in output["agreements"] for p in a["provisions"] for m in p["mentions"]
                if m["doc"] == did}
    anchors |= {e["start"] for e in output["events"] if e["doc"] == did}
    anchors |= {f["start"] for f in output["framing"] if f["doc"] == did}
    events = [e for e in output["events"] if e["doc"] == did]
    return {"doc": doc, "html": highlight(doc["text"], marks, did, anchors), "events": events}
