"""Tables of the store (SQLAlchemy Core): typed rows per annotation layer, portable SQL only.

Per-document layers are rows that SQL users can query directly; cross-document results are one
JSON payload, recomputed after each analysis. Migrations in migrations/ create exactly these.
"""
from __future__ import annotations

from sqlalchemy import JSON, Column, Float, ForeignKey, Integer, MetaData, String, Table, Text

metadata = MetaData()


def _doc_fk() -> Column:
    return Column("doc_pk", Integer, ForeignKey("documents.pk", ondelete="CASCADE"), nullable=False, index=True)


def _span() -> list[Column]:
    return [Column("start", Integer, nullable=False), Column("end", Integer, nullable=False),
            Column("text", Text, nullable=False)]


documents = Table(
    "documents", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("id", String(512), nullable=False, index=True),
    Column("hash", String(64), nullable=False, unique=True),
    Column("outlet", String(512)),
    Column("url", Text),
    Column("published", String(40)),
    Column("title", Text),
    Column("source", Text),
    Column("meta", JSON),
    Column("text", Text, nullable=False),
    Column("analyzed_at", String(40), nullable=False),
    Column("run_pk", Integer, index=True),  # the run that stored it (runs.pk); None before migration 0004
    Column("language", String(16)),  # ISO 639-1; None before migration 0008 or when undetectable
    Column("languages", JSON),  # stretches in other languages: [{start, end, language, confidence}] (0008)
    Column("quantities", JSON),  # its own counts (other languages): [{kind, low, high, text, start, end}] (0009)
)

times = Table(
    "times", metadata, Column("pk", Integer, primary_key=True), _doc_fk(), *_span(),
    Column("type", String(16), nullable=False), Column("value", String(64), nullable=False), Column("utc", String(24)),
    Column("anchor", String(16), nullable=False, server_default="explicit"), Column("granularity", String(16)),
)

places = Table(
    "places", metadata, Column("pk", Integer, primary_key=True), _doc_fk(), *_span(),
    Column("geonames_id", Integer), Column("name", String(256)), Column("lat", Float), Column("lon", Float),
    Column("country", String(8)), Column("timezone", String(64)),
)

actors = Table(
    "actors", metadata, Column("pk", Integer, primary_key=True), _doc_fk(), *_span(),
    Column("actor", String(256), nullable=False), Column("country", String(8)), Column("sector", String(16)),
    Column("role", Text),  # None before migration 0007
)

claims = Table(
    "claims", metadata, Column("pk", Integer, primary_key=True), _doc_fk(), *_span(),
    Column("speaker", String(256)), Column("speaker_text", Text), Column("speaker_start", Integer),
    Column("speaker_end", Integer), Column("verb", String(128)), Column("intermediary", String(512)),
    Column("publisher", String(512)), Column("factuality", String(16), nullable=False), Column("time", String(64)),
)

events = Table(
    "events", metadata, Column("pk", Integer, primary_key=True), _doc_fk(),
    Column("id", String(600), nullable=False), Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False), Column("type", String(32), nullable=False),
    Column("trigger", String(128), nullable=False), Column("mode", String(64)), Column("source", String(256)),
    Column("target", String(256)), Column("place", Integer), Column("time", String(64)),
    Column("factuality", String(16), nullable=False), Column("attribution", JSON, nullable=False),
    Column("quantities", JSON, nullable=False), Column("confidence", Float, nullable=False, server_default="1.0"),
    Column("aux_mode", String(16)), Column("trigger_start", Integer), Column("trigger_end", Integer),
    Column("arguments", JSON, nullable=False, server_default="{}"),
    Column("notes", JSON, nullable=False, server_default="[]"),
)

framing = Table(
    "framing", metadata, Column("pk", Integer, primary_key=True), _doc_fk(), *_span(),
    Column("kind", String(32), nullable=False), Column("perspective", String(64)), Column("neutral", String(256)),
)

agreement_mentions = Table(
    "agreement_mentions", metadata, Column("pk", Integer, primary_key=True), _doc_fk(),
    Column("payload", JSON, nullable=False),
)

# The marker of the last comparison (when it ran); its results are the story rows below.
comparison = Table(
    "comparison", metadata, Column("pk", Integer, primary_key=True),
    Column("payload", JSON, nullable=False), Column("computed_at", String(40), nullable=False),
)

# One row per story so a page can fetch one story, or one page of them, without reading the rest.
stories = Table(
    "stories", metadata, Column("pk", Integer, primary_key=True), Column("id", String(64), nullable=False, unique=True),
    Column("title", Text), Column("size", Integer, nullable=False), Column("conflicts", Integer, nullable=False),
    Column("single_source", Integer, nullable=False), Column("first_published", String(40)),
    Column("last_published", String(40)), Column("payload", JSON, nullable=False), Column("agreement", JSON),
)

story_documents = Table(
    "story_documents", metadata,
    Column("story_pk", Integer, ForeignKey("stories.pk", ondelete="CASCADE"), nullable=False, index=True),
    Column("doc_id", String(512), nullable=False, index=True),
)

# One row per `rashomon analyze`; `status` is running until the comparison is written, so a run killed
# at any point stays findable for `--resume`. Inputs are absolute paths (a resumed run may start elsewhere).
runs = Table(
    "runs", metadata, Column("pk", Integer, primary_key=True), Column("started", String(40), nullable=False),
    Column("finished", String(40)), Column("status", String(16), nullable=False, index=True),
    Column("inputs", JSON, nullable=False), Column("options", JSON, nullable=False),
    Column("analyzed", Integer, nullable=False, default=0), Column("skipped", Integer, nullable=False, default=0),
    Column("rejected", Integer, nullable=False, default=0),
)

# The mention layers and the dataclass each row rebuilds; the store's single source of that mapping.
MENTION_TABLES = {"times": times, "places": places, "actors": actors, "claims": claims, "framing": framing}
