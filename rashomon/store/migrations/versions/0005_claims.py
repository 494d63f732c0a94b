"""Claims: every clause that states something, with its speaker, intermediary, publisher and factuality.

Stores written before this migration have no claims; their documents keep loading with none
(re-analysing a document fills them).

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claims", sa.Column("pk", sa.Integer, primary_key=True),
        sa.Column("doc_pk", sa.Integer, sa.ForeignKey("documents.pk", ondelete="CASCADE"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False), sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("speaker", sa.String(256)), sa.Column("speaker_text", sa.Text),
        sa.Column("speaker_start", sa.Integer), sa.Column("speaker_end", sa.Integer),
        sa.Column("verb", sa.String(128)), sa.Column("intermediary", sa.String(512)),
        sa.Column("publisher", sa.String(512)), sa.Column("factuality", sa.String(16), nullable=False),
        sa.Column("time", sa.String(64)),
    )
    op.create_index("ix_claims_doc_pk", "claims", ["doc_pk"])


def downgrade() -> None:
    op.drop_index("ix_claims_doc_pk", "claims")
    op.drop_table("claims")
