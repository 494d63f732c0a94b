"""What each page shows, shared by the static report and the web app.

Both build a page from a rashomon/1 output (the whole store for the report, the slice one page needs
for the web app) and a `Links` object that says where stories and documents live, so the two cannot
drift apart: a fact cell in the web app and in the report link to the same sentence.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, Protocol
from urllib.parse import quote

from jinja2 import Environment, PackageLoader

from rashomon.present.charts import timeline, world_map
from rashomon.present.markup import LAYERS, Mark, anchor_id, highlight, html_id

TIMELINE_REACH = timedelta(days=30)  # times this far outside a story's publication span are background, not story
VERDICT_ORDER = {"conflict": 0, "update": 1, "single-source": 2, "agree": 3}


class Links(Protocol):
    def index(self) -> str: ...
    def story(self, story_id: str) -> str: ...
    def doc(self, doc_id: str, start: int | None = None) -> str: ...


@dataclass(frozen=True)
class StaticLinks:
    """A flat folder of pages, so every link is a relative file name that works from file://."""

    def index(self) -> str:
        return "index.html"

    def story(self, story_id: str) -> str:
        return f"{html_id('story', story_id)}.html"

    def doc(self, doc_id: str, start: int | None = None) -> str:
        page = f"{html_id('doc', doc_id)}.html"
        return page if start is None else f"{page}#{anchor_id(doc_id, start)}"


@dataclass(frozen=True)
class WebLinks:
    """The web app's routes; ids are quoted whole, since document ids may hold '/', '#' or spaces."""

    def index(self) -> str:
        return "/"

    def story(self, story_id: str) -> str:
        return f"/stories/{quote(story_id, safe='')}"

    def doc(self, doc_id: str, start: int | None = None) -> str:
        page = f"/documents/{quote(doc_id, safe='')}"
        return page if start is None else f"{page}#{anchor_id(doc_id, start)}"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("rashomon.present", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(anchor_id=anchor_id, html_id=html_id, layers=LAYERS, language=language_label)
    return env


def language_label(code: str | None) -> dict[str, str | None]:
    """A document's language as pages show it: its name, and the "not fully analyzed" note where it applies."""
    from rashomon.annotate.language import language_table

    table = language_table()
    return {"code": code, "name": table.name(code) if code else "language unknown", "note": table.note(code)}


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


# --- story ---------------------------------------------------------------------------------------

# Past this many documents a story's facts and terms are listed per fact, not as a column per document:
# a matrix of a 400-document story is 2 MB of mostly empty cells that no one can read across.
MATRIX_MAX_DOCUMENTS = 30


def story_page(output: dict[str, Any], story_id: str, links: Links) -> dict[str, Any]:
    """The story: summary, timeline, map, the matrix of facts by outlet, agreement and framing of its documents."""
    story = next(s for s in output["stories"] if s["id"] == story_id)
    docs = {d["id"]: d for d in output["documents"]}
    members = [docs[d] for d in story["docs"] if d in docs]
    outlet = {d["id"]: d["outlet"] or d["id"] for d in members}
    mine = set(outlet)
    rows = []
    told: set[tuple[str, frozenset[tuple[str, int]]]] = set()
    for fact in sorted(story["facts"], key=lambda f: VERDICT_ORDER.get(f["verdict"], 9)):
        signature = (fact["verdict"], frozenset((v["doc"], v["start"]) for v in fact["values"]))
        if signature in told:
            continue  # the same sentences under another event code: one row
        told.add(signature)
        cells = defaultdict(list)
        for value in fact["values"]:
            cells[value["doc"]].append({**value, "href": links.doc(value["doc"], value["start"])})
        rows.append({"fact": fact, "cells": cells, "id": html_id("fact", f"{fact['aspect']}:{fact['key']}")})
    agreements = [a for a in output["agreements"] if story_of_agreement(a["id"]) == story_id]
    framing = [f for f in output["framing"] if f["doc"] in mine]
    return {
        "story": story, "docs": members, "outlet": outlet, "rows": rows,
        "matrix_max_documents": MATRIX_MAX_DOCUMENTS,
        "summary": summary(rows, outlet, {c["speaker"]: c.get("speaker_text") or c["speaker"]
                                          for c in output.get("claims", []) if c.get("speaker")}),
        "agreement": agreement_view(agreements[0], docs, links) if agreements else None,
        "agreements": [agreement_view(a, docs, links) for a in agreements],
        "framing": [{**f, "href": links.doc(f["doc"], f["start"]), "outlet": outlet[f["doc"]]} for f in framing],
        "framing_profile": framing_profile(framing, outlet, sides_quoted(output, outlet),
                                           [c for c in output.get("claims", []) if c.get("doc") in mine]),
        "timeline": timeline(timeline_items(output, members, links)),
        "map": world_map(map_points(output, mine, outlet, links)),
    }


def summary(rows: list[dict[str, Any]], outlet: dict[str, str],
            speakers: dict[str, str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """The lines a person reads first, each value with its outlet and the link to its sentence.

    Facts told by the same sentences are one line (an event coded twice, "signed" as AGREE and as SUPPORT,
    or several single-source claims of one sentence), most widely told first; a claim is named by its
    words, not its event code. One place under several names is not a fact of the story but a naming
    difference, listed apart ("names").
    """
    speakers = speakers or {}  # actor id -> the words that name the speaker
    lines: dict[str, list[dict[str, Any]]] = {"conflict": [], "update": [], "single-source": [], "agree": [],
                                              "names": []}
    seen: set[tuple[str, frozenset[tuple[str, int]]]] = set()
    labels: set[tuple[str, str]] = set()
    for row in sorted(rows, key=lambda r: (VERDICT_ORDER.get(r["fact"]["verdict"], 9), -len(r["cells"]))):
        fact = row["fact"]
        signature = (fact["verdict"], frozenset((v["doc"], v["start"]) for v in fact["values"]))
        if signature in seen:
            continue
        seen.add(signature)
        values = [{"outlet": outlet.get(doc, doc), "value": v["value"], "href": v["href"],
                   "speaker": speakers.get(v.get("speaker"), v.get("speaker"))}
                  for doc, cell in row["cells"].items() for v in cell[:1]]
        label = f"{fact['aspect']}: {fact['key']}"
        if fact["aspect"] == "claim" and values:
            label = "claim: " + _shorten(values[0]["value"])
            values = [{**v, "value": v["outlet"]} for v in values]  # the sentence is the label; link each outlet
        if (fact["verdict"], label) in labels:
            continue  # the same sentence heads another line already
        labels.add((fact["verdict"], label))
        group = "names" if fact["aspect"] == "place" and fact["verdict"] == "agree" else fact["verdict"]
        lines.setdefault(group, []).append({"fact": fact, "id": row["id"], "values": values, "label": label,
                                            "outlets": len(row["cells"])})
    return lines


def _shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def framing_profile(framing: list[dict[str, Any]], outlet: dict[str, str],
                    quoted: dict[str, dict[str, int]] | None = None,
                    claims: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Per outlet, which perspectives its wording signals (the term profile a reader compares; a term inside
    a clause a named speaker says is marked quoted), and whose officials it quotes: the sides of the
    speakers of its claims."""
    profile: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    spoken = defaultdict(list)  # per document, the clauses a named speaker says
    for claim in claims or []:
        if claim.get("speaker"):
            spoken[claim["doc"]].append((claim["start"], claim["end"]))
    for f in framing:
        in_quote = any(s <= f["start"] < e for s, e in spoken[f["doc"]])
        text = f"{f['text']} (quoted)" if in_quote else f["text"]  # a side's words in a quote are not the outlet's
        profile[outlet[f["doc"]]][f["perspective"] or "unlabelled"].append(text)
    quoted = quoted or {}
    names = sorted(set(profile) | set(quoted))
    return [{"outlet": name,
             "perspectives": {p: sorted(set(t), key=str.lower) for p, t in sorted(profile.get(name, {}).items())},
             "quoted": dict(sorted(quoted.get(name, {}).items(), key=lambda item: (-item[1], item[0])))}
            for name in names]


def sides_quoted(output: dict[str, Any], outlet: dict[str, str]) -> dict[str, dict[str, int]]:
    """Per outlet, how many of its claims each side's speakers make (the side: the speaker's country as the
    actors stage resolved it, else the ISO3 an actor id begins with)."""
    country = {a["actor"]: a["country"] for a in output.get("actors", [])
               if a.get("doc") in outlet and a.get("country")}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for claim in output.get("claims", []):
        speaker = claim.get("speaker")
        if claim.get("doc") not in outlet or not speaker:
            continue
        side = country.get(speaker) or (speaker[:3] if re.match(r"[A-Z]{3}(?:-|$)", speaker) else None)
        if side:
            counts[outlet[claim["doc"]]][side] += 1
    return {name: dict(by) for name, by in counts.items()}


def story_of_agreement(agreement_id: str) -> str:
    """'<story>:agreement' and '<story>:agreement-2' both belong to <story>."""
    return agreement_id.rsplit(":agreement", 1)[0]


def agreement_view(agreement: dict[str, Any], docs: dict[str, Any], links: Links) -> dict[str, Any]:
    """Each term by outlet (which outlet reported which term, in its words) and its reported steps."""
    rows = []
    for provision in agreement["provisions"]:
        cells = defaultdict(list)
        for m in provision["mentions"]:
            if m["doc"] in docs:
                cells[m["doc"]].append({"text": docs[m["doc"]]["text"][m["start"]:m["end"]],
                                        "href": links.doc(m["doc"], m["start"])})
        steps = [{**step, "outlet": (docs[step["doc"]].get("outlet") or step["doc"]),
                  "href": links.doc(step["doc"], step["start"])}
                 for step in provision.get("status", []) if step["doc"] in docs]
        rows.append({"provision": provision, "cells": cells, "steps": steps,
                     "latest": steps[-1]["status"] if steps else None, "outlets": len(cells)})
    return {"agreement": agreement, "docs": [docs[d] for d in agreement["docs"] if d in docs], "rows": rows,
            "anchor": "agreement" + agreement["id"].rsplit(":agreement", 1)[1]}


def timeline_items(output: dict[str, Any], members: list[dict[str, Any]], links: Links) -> list[dict[str, Any]]:
    """Publication times, clock times with a known zone and timed events of the story, on one UTC axis.

    Times far outside the story's publication span (history the articles recall) would stretch the axis
    until the story itself is one dot, so they are left to the document view.
    """
    ids = {d["id"] for d in members}
    outlet = {d["id"]: d["outlet"] or d["id"] for d in members}
    items = [{"utc": _iso_z(at), "kind": "published", "label": f"{outlet[d['id']]} published",
              "local": d["published"], "href": links.doc(d["id"])}
             for d in members if (at := _instant(d["published"]))]
    for t in output["times"]:
        if t["doc"] in ids and t["utc"]:
            items.append({"utc": t["utc"], "kind": "time", "label": f"“{t['text']}” ({outlet[t['doc']]})",
                          "local": t["value"], "href": links.doc(t["doc"], t["start"])})
    for e in output["events"]:
        if e["doc"] in ids and (at := _instant(e["time"])):
            items.append({"utc": _iso_z(at), "kind": "event", "local": e["time"],
                          "label": f"{e['type']} {e['trigger']} ({outlet[e['doc']]})",
                          "href": links.doc(e["doc"], e["start"])})
    published = [at for d in members if (at := _instant(d["published"]))]
    if not published:
        return items
    low, high = min(published) - TIMELINE_REACH, max(published) + TIMELINE_REACH
    return [i for i in items if low <= _instant(i["utc"]) <= high]


def map_points(output: dict[str, Any], ids: set[str], outlet: dict[str, str], links: Links) -> list[dict[str, Any]]:
    """One point per resolved place, its label naming every wording and the outlets that use it."""
    by_place: dict[int, dict[str, Any]] = {}
    for p in output["places"]:
        if p["doc"] not in ids or p["lat"] is None or p["geonames_id"] is None:
            continue
        point = by_place.setdefault(p["geonames_id"], {
            "name": p["name"], "lat": p["lat"], "lon": p["lon"], "country": p["country"], "count": 0,
            "href": links.doc(p["doc"], p["start"]), "names": defaultdict(set)})
        point["count"] += 1
        point["names"][p["text"]].add(outlet[p["doc"]])
    for point in by_place.values():
        point["label"] = f"{point['name']}: " + "; ".join(
            f"“{name}” ({', '.join(sorted(who))})" for name, who in sorted(point.pop("names").items()))
    return list(by_place.values())


# --- document ------------------------------------------------------------------------------------

def document_page(output: dict[str, Any], doc_id: str, links: Links) -> dict[str, Any]:
    """The document with every annotation marked, and every place a story or agreement cites it."""
    doc = next(d for d in output["documents"] if d["id"] == doc_id)
    mine = {layer: [x for x in output[layer] if x["doc"] == doc_id]
            for layer in ("times", "places", "actors", "framing", "events")}
    claims = [c for c in output.get("claims", []) if c["doc"] == doc_id]
    marks = [Mark(e["start"], e["end"], "event", event_title(e)) for e in mine["events"]]
    marks += [Mark(t["start"], t["end"], "time", time_title(t)) for t in mine["times"]]
    marks += [Mark(p["start"], p["end"], "place", place_title(p)) for p in mine["places"]]
    marks += [Mark(a["start"], a["end"], "actor", actor_title(a)) for a in mine["actors"]]
    marks += [Mark(f["start"], f["end"], "framing", framing_title(f)) for f in mine["framing"]]
    citations = list(_citations(output, doc_id, links))
    anchors = {c["start"] for c in citations} | {m.start for m in marks} | {c["start"] for c in claims}
    place_names = {p["geonames_id"]: p["name"] for p in output["places"] if p["geonames_id"] is not None}
    events = [{**e, "href": links.doc(doc_id, e["start"]), "place_name": place_names.get(e["place"], e["place"])}
              for e in mine["events"]]
    claims = [{**c, "href": links.doc(doc_id, c["start"])} for c in claims]
    spans = [s for s in output.get("languages", []) if s["doc"] == doc_id]
    anchors |= {s["start"] for s in spans}
    other_languages = [{"name": language_label(s["language"])["name"], "href": links.doc(doc_id, s["start"])}
                       for s in spans]
    return {"doc": doc, "html": highlight(doc["text"], marks, doc_id, anchors), "events": events, "claims": claims,
            "citations": citations, "stories": [s for s in output["stories"] if doc_id in s["docs"]],
            "other_languages": other_languages}


def _citations(output: dict[str, Any], doc_id: str, links: Links) -> Iterable[dict[str, Any]]:
    """Links back from the document to the story facts and agreement terms that quote it."""
    for story in output["stories"]:
        for fact in story["facts"]:
            for v in fact["values"]:
                if v["doc"] == doc_id:
                    yield {"start": v["start"], "value": v["value"], "verdict": fact["verdict"],
                           "what": f"{fact['aspect']}: {fact['key']}", "story": story["title"] or story["id"],
                           "href": f"{links.story(story['id'])}#{html_id('fact', fact['aspect'] + ':' + fact['key'])}",
                           "here": f"#{anchor_id(doc_id, v['start'])}"}
    for agreement in output["agreements"]:
        for provision in agreement["provisions"]:
            for m in provision["mentions"]:
                if m["doc"] == doc_id:
                    story_id, suffix = agreement["id"].rsplit(":agreement", 1)
                    yield {"start": m["start"], "value": provision["category"], "verdict": "agreement",
                           "what": f"agreement term: {provision['category']}", "story": story_id,
                           "href": f"{links.story(story_id)}#agreement{suffix}",
                           "here": f"#{anchor_id(doc_id, m['start'])}"}


# --- titles (hover text of a mark) ---------------------------------------------------------------

def event_title(e: dict[str, Any]) -> str:
    who = f"{e['source'] or '?'} → {e['target'] or '?'}"
    return f"{e['type']}{' ' + e['mode'] if e['mode'] else ''}: {who} ({e['factuality']})"


def time_title(t: dict[str, Any]) -> str:
    return f"{t['type']} {t['value']}" + (f" = {t['utc']} UTC" if t["utc"] else "")


def place_title(p: dict[str, Any]) -> str:
    return f"{p['name'] or 'unresolved place'} ({p['country'] or '?'}), GeoNames {p['geonames_id'] or '—'}"


def actor_title(a: dict[str, Any]) -> str:
    return " ".join(x for x in (a["actor"], a["country"], a["sector"]) if x)


def framing_title(f: dict[str, Any]) -> str:
    return f"{f['kind']}: {f['perspective'] or '?'} (neutral: {f['neutral'] or '—'})"


# --- time helpers --------------------------------------------------------------------------------

def _instant(value: str | None) -> datetime | None:
    """An ISO date or date-time as an aware UTC instant (a bare date is its midnight UTC); else None."""
    if not value or len(value) < 10 or not value[:4].isdigit():
        return None
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC)


def _iso_z(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def story_rows(output: dict[str, Any]) -> list[dict[str, Any]]:
    """The story list's rows (as the store keeps them): size, verdict counts, publication span; in the web list's
    order (store.browse.list_stories): latest coverage first, then the most covered."""
    published = {d["id"]: d["published"] for d in output["documents"]}
    rows = []
    for s in output["stories"]:
        dates = sorted(p for d in s["docs"] if (p := published.get(d)))
        verdicts = [f["verdict"] for f in s["facts"]]
        rows.append({"id": s["id"], "title": s["title"], "size": len(s["docs"]),
                     "conflicts": verdicts.count("conflict"), "single_source": verdicts.count("single-source"),
                     "first_published": dates[0] if dates else None, "last_published": dates[-1] if dates else None})
    rows.sort(key=lambda r: r["size"], reverse=True)  # stable: the second sort keeps this order among equals
    rows.sort(key=lambda r: r["last_published"] or "", reverse=True)
    return rows
