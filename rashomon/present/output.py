"""The rashomon/1 output document: built from the model, validated against the shipped JSON Schema.

Every presentation (JSON, exports, report, web) starts from this one dict, so they cannot disagree.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, NoReturn

from rashomon.errors import RashomonError
from rashomon.model import SCHEMA_VERSION, Annotations, Comparison, Quantity, to_plain

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

# Document.source (a local input path) and Document.meta stay internal: they say nothing about the
# article and would leak the analyst's file system into a shared output.
DOCUMENT_FIELDS = ("id", "hash", "outlet", "url", "published", "title", "text", "language")
MENTION_LAYERS = ("times", "places", "actors", "claims", "framing")
# every per-document layer of spans into the text; "quantities": the counts a document in another language states
# (English counts are in their events)
SPAN_LAYERS = ("languages", *MENTION_LAYERS, "quantities")
MAX_REASON = 200


def build_output(annotations: list[Annotations], comparison: Comparison,
                 min_confidence: float | None = None) -> dict[str, Any]:
    """Per-document layers come from the annotations, in document order; cross-document ones from the comparison.

    Events below `min_confidence` (default: the ontology's) are not dropped: they go to `rejected_events`,
    each with the reason (its confidence and the notes that lowered it)."""
    threshold = default_min_confidence() if min_confidence is None else min_confidence
    output: dict[str, Any] = {"schema": SCHEMA_VERSION, "documents": [], "languages": [], "times": [], "places": [],
                              "actors": [], "claims": [], "quantities": [], "events": [],
                              "agreements": to_plain(comparison.agreements),
                              "stories": to_plain(comparison.stories), "framing": [], "rejected_events": []}
    for ann in annotations:
        output["documents"].append({name: getattr(ann.doc, name) for name in DOCUMENT_FIELDS})
        for layer in SPAN_LAYERS:
            items = getattr(ann, layer)
            output[layer].extend([_quantity(q) for q in items] if layer == "quantities" else to_plain(items))
        for event in to_plain(ann.events):
            if event["confidence"] >= threshold:
                output["events"].append(event)
            else:
                output["rejected_events"].append({**event, "reason": rejection_reason(event, threshold)})
    return output


def _quantity(q: Quantity) -> dict[str, Any]:
    """A document's count as the schema's quantity mention (a language's Count says no more than that)."""
    return {"doc": q.doc, "start": q.start, "end": q.end, "text": q.text, "kind": q.kind, "low": q.low, "high": q.high}


def default_min_confidence() -> float:
    from rashomon.annotate.ontology import ontology

    return ontology().confidence["default_min"]


def rejection_reason(event: dict[str, Any], threshold: float) -> str:
    """Why an event is held back: its confidence against the threshold, and what lowered it."""
    return "; ".join([f"confidence {event['confidence']:.2f} below {threshold:.2f}", *event.get("notes", [])])


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator  # ~0.1 s of imports, paid only when output is validated

    text = resources.files("rashomon.data").joinpath("schema/rashomon-1.schema.json").read_text(encoding="utf-8")
    return Draft202012Validator(json.loads(text))


def validate_output(output: dict[str, Any]) -> None:
    """Raise RashomonError naming the first invalid place (JSON path) and why, on one line.

    Beyond the schema, every span must point into an existing document, and a mention's text must be
    exactly what its offsets cut from that document: that is the promise the whole output makes.
    """
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(output))
    if error is not None:
        _fail(error.json_path, error.message)
    span_error = next(_span_errors(output), None)
    if span_error is not None:
        _fail(*span_error)


def _fail(path: str, reason: str) -> NoReturn:
    reason = " ".join(reason.split())
    if len(reason) > MAX_REASON:
        reason = reason[:MAX_REASON - 1] + "…"
    raise RashomonError(f"output does not match {SCHEMA_VERSION} at {path}: {reason}")


def _span_errors(output: dict[str, Any]) -> Iterator[tuple[str, str]]:
    texts = {d["id"]: d["text"] for d in output["documents"]}
    for group in ("agreements", "stories"):
        for i, item in enumerate(output[group]):
            for j, doc in enumerate(item["docs"]):
                if doc not in texts:
                    yield f"$.{group}[{i}].docs[{j}]", f"no document with id {doc!r}"
    for path, span in _spans(output):
        text = texts.get(span["doc"])
        if text is None:
            yield f"{path}.doc", f"no document with id {span['doc']!r}"
        elif not 0 <= span["start"] <= span["end"] <= len(text):
            yield path, f"offsets {span['start']}:{span['end']} outside the document's {len(text)} characters"
        elif "text" in span and text[span["start"]:span["end"]] != span["text"]:
            yield f"{path}.text", f"{span['text']!r} is not the document text at {span['start']}:{span['end']}"


def _spans(output: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object of the output that points into a document, with its JSON path."""
    for layer in (*SPAN_LAYERS, "events", "rejected_events"):
        for i, span in enumerate(output.get(layer, [])):
            yield f"$.{layer}[{i}]", span
    for i, agreement in enumerate(output["agreements"]):
        for j, provision in enumerate(agreement["provisions"]):
            for k, mention in enumerate(provision["mentions"]):
                yield f"$.agreements[{i}].provisions[{j}].mentions[{k}]", mention
    for i, story in enumerate(output["stories"]):
        for j, fact in enumerate(story["facts"]):
            for k, value in enumerate(fact["values"]):
                yield f"$.stories[{i}].facts[{j}].values[{k}]", value
