"""Events carry their confidence, PLOVER auxiliary mode, trigger span, resolved arguments and notes.

Old rows get confidence 1.0 (they were kept as certain) and empty arguments/notes.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("confidence", sa.Float, nullable=False, server_default="1.0"))
        batch.add_column(sa.Column("aux_mode", sa.String(16)))
        batch.add_column(sa.Column("trigger_start", sa.Integer))
        batch.add_column(sa.Column("trigger_end", sa.Integer))
        batch.add_column(sa.Column("arguments", sa.JSON, nullable=False, server_default="{}"))
        batch.add_column(sa.Column("notes", sa.JSON, nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        for name in ("notes", "arguments", "trigger_end", "trigger_start", "aux_mode", "confidence"):
            batch.drop_column(name)
