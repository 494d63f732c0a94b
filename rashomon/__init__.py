"""Rashomon: one event, many accounts.

The public surface: the data model and the entry points. Everything else is internal.

    import rashomon
    result = rashomon.analyze(["examples/"], db="rashomon.db")
    frames = result.to_pandas()  # documents, events, times, places, actors, framing, facts, provisions, acled
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rashomon.model import (
    SCHEMA_VERSION,
    ActorMention,
    Agreement,
    Annotations,
    Comparison,
    Document,
    Event,
    Fact,
    FactValue,
    FramingMention,
    PlaceMention,
    Provision,
    ProvisionMention,
    Quantity,
    Story,
    TimeMention,
)

if TYPE_CHECKING:
    from rashomon.analysis import Result

__version__ = "0.1.0"


def analyze(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    db: str | os.PathLike[str] = "rashomon.db",
    **options: Any,
) -> Result:
    """Analyze files, folders or globs into the store at `db` (SQLite path or URL); see rashomon.analysis.analyze.

    `inputs` may be one path or a list of them. The pipeline (spaCy, the gazetteer) is imported on the first
    call, not when `rashomon` is imported.
    """
    from rashomon.analysis import analyze as run

    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    return run([os.fspath(item) for item in inputs], db=os.fspath(db), **options)


__all__ = [
    "SCHEMA_VERSION",
    "ActorMention",
    "Agreement",
    "Annotations",
    "Comparison",
    "Document",
    "Event",
    "Fact",
    "FactValue",
    "FramingMention",
    "PlaceMention",
    "Provision",
    "ProvisionMention",
    "Quantity",
    "Story",
    "TimeMention",
    "analyze",
]
