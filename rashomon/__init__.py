"""Rashomon: one event, many accounts.

The public surface: the data model and the entry points. Everything else is internal.
"""
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

__version__ = "0.1.0"

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
]
