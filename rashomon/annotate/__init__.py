"""Annotate: per-document stages (nlp, places, times, actors, events, agreements, framing)."""
from rashomon.annotate.pipeline import STAGES, annotate

__all__ = ["STAGES", "annotate"]
