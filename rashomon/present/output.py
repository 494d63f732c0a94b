"""The rashomon/1 output document: built from the model, validated against the shipped JSON Schema.

Every presentation (JSON, exports, report, web) starts from this one dict, so they cannot disagree.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator

from rashomon.errors import RashomonError
from rashomon.model import SCHEMA_VERSION, Annotations, Comparison, to_plain

DOCUMENT_FIELDS = ("id", "hash", "outlet", "url", "published", "title", "text")


def build_output(anns: list[Annotations], comparison: Comparison) -> dict[str, Any]:
    out: dict[str, Any] = {"schema": SCHEMA_VERSION, "documents": [], "times": [], "places": [], "actors": [],
                           "events": [], "agreements": to_plain(comparison.agreements),
                           "stories": to_plain(comparison.stories), "framing": []}
    for ann in anns:
        out["documents"].append({k: getattr(ann.doc, k) for k in DOCUMENT_FIELDS})
        for layer in ("times", "places", "actors", "events", "framing"):
            out[layer].extend(to_plain(getattr(ann, layer)))
    return out


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    schema = json.loads(resources.files("rashomon.data").joinpath("schema/rashomon-1.schema.json").read_text())
    return Draft202012Validator(schema)


def validate_output(output: dict[str, Any]) -> None:
    """Raise RashomonError naming the first invalid place (JSON path) and why."""
    error = next(iter(sorted(_validator().iter_errors(output), key=lambda e: list(e.absolute_path))), None)
    if error is not None:
        raise RashomonError(f"output does not match {SCHEMA_VERSION} at {error.json_path}: {error.message}")
