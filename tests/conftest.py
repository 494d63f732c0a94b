"""Shared fixtures: the demo corpus, and a run of the whole pipeline over a text we wrote."""
from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.annotate import annotate
from rashomon.model import Annotations, Document

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


def run_pipeline(text: str, published: str | None = None, outlet: str | None = "Test Wire") -> Annotations:
    document = Document(id="t", text=text, hash="h", published=published, outlet=outlet)
    (ann,) = annotate([document])
    return ann
