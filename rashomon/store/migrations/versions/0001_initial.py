"""Initial store: documents, one table per mention layer, events, agreement mentions, comparison.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _doc_fk() -> sa.Column:
    return sa.Column("doc_pk", sa.Integer, sa.ForeignKey("documents.pk", ondelete="CASCADE"), nullable=False)


def _span() -> list[sa.Column]:
    return [sa.Column("start", sa.Integer, nullable=False), sa.Column("end", sa.Integer, nullable=False),
            sa.Column("text", sa.Text, nullable=False)]


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(512), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
        sa.Column("outlet", sa.String(512)),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.String(40)),
        sa.Column("title", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("meta", sa.JSON),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("analyzed_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_documents_id", "documents", ["id"])
    op.create_table("times", sa.Column("pk", sa.Integer, primary_key=True), _doc_fk(), *_span(),
                    sa.Column("type", sa.String(16), nullable=False), sa.Column("value", sa.String(64), nullable=False),
                    sa.Column("utc", sa.String(24)))
    op.create_table("places", sa.Column("pk", sa.Integer, primary_key=True), _doc_fk(), *_span(),
                    sa.Column("geonames_id", sa.Integer), sa.Column("name", sa.String(256)),
                    sa.Column("lat", sa.Float), sa.Column("lon", sa.Float), sa.Column("country", sa.String(8)),
                    sa.Column("timezone", sa.String(64)))
    op.create_table("actors", sa.Column("pk", sa.Integer, primary_key=True), _doc_fk(), *_span(),
                    sa.Column("actor", sa.String(256), nullable=False), sa.Column("country", sa.String(8)),
                    sa.Column("sector", sa.String(16)))
    op.create_table("events", sa.Column("pk", sa.Integer, primary_key=True), _doc_fk(),
                    sa.Column("id", sa.String(600), nullable=False), sa.Column("start", sa.Integer, nullable=False),
                    sa.Column("end", sa.Integer, nullable=False), sa.Column("type", sa.String(32), nullable=False),
                    sa.Column("trigger", sa.String(128), nullable=False), sa.Column("mode", sa.String(64)),
                    sa.Column("source", sa.String(256)), sa.Column("target", sa.String(256)),
                    sa.Column("place", sa.Integer), sa.Column("time", sa.String(64)),
                    sa.Column("factuality", sa.String(16), nullable=False),
                    sa.Column("attribution", sa.JSON, nullable=False), sa.Column("quantities", sa.JSON, nullable=False))
    op.create_table("framing", sa.Column("pk", sa.Integer, primary_key=True), _doc_fk(), *_span(),
                    sa.Column("kind", sa.String(32), nullable=False), sa.Column("perspective", sa.String(64)),
                    sa.Column("neutral", sa.String(256)))
    op.create_table("agreement_mentions", sa.Column("pk", sa.Integer, primary_key=True), _doc_fk(),
                    sa.Column("payload", sa.JSON, nullable=False))
    op.create_table("comparison", sa.Column("pk", sa.Integer, primary_key=True),
                    sa.Column("payload", sa.JSON, nullable=False),
                    sa.Column("computed_at", sa.String(40), nullable=False))
    for table in ("times", "places", "actors", "events", "framing", "agreement_mentions"):
        op.create_index(f"ix_{table}_doc_pk", table, ["doc_pk"])


def downgrade() -> None:
    for table in ("comparison", "agreement_mentions", "framing", "events", "actors", "places", "times", "documents"):
        op.drop_table(table)
