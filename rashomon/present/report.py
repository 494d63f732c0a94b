"""The offline HTML report: a flat folder of pages built from the rashomon/1 output.

No request leaves a page (inline CSS and SVG, no scripts, fonts or images from anywhere, and a CSP
that forbids them), so the folder opens from file:// on an air-gapped laptop. Links between pages
are relative file names, so the folder can be moved or zipped whole.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from rashomon.present.pages import StaticLinks, document_page, render, story_page, story_rows

LINKS = StaticLinks()


def write_report(output: dict[str, Any], out_dir: Path) -> Path:
    """Write index.html, one page per story and one per document; return the index."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for story in output["stories"]:
        page = render("story.html.j2", web=False, links=LINKS, **story_page(output, story["id"], LINKS))
        (out_dir / LINKS.story(story["id"])).write_text(page, encoding="utf-8")
    for doc in output["documents"]:
        page = render("document.html.j2", web=False, links=LINKS, **document_page(output, doc["id"], LINKS))
        (out_dir / LINKS.doc(doc["id"])).write_text(page, encoding="utf-8")
    index = out_dir / LINKS.index()
    index.write_text(render_index(output), encoding="utf-8")
    return index


def render_index(output: dict[str, Any]) -> str:
    counts = {k: len(v) for k, v in output.items() if isinstance(v, list)}
    return render("index.html.j2", web=False, links=LINKS, stories=story_rows(output), counts=counts,
                  documents=output["documents"], pager=None)
