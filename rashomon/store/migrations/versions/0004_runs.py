"""Runs: each `rashomon analyze` is recorded, so an interrupted one can be found and resumed.

Each document records the run that stored it: a resumed run recognises its own documents (they are
not "already stored" skips) and counts what it analyzed exactly, however often it was killed.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs", sa.Column("pk", sa.Integer, primary_key=True),
        sa.Column("started", sa.String(40), nullable=False), sa.Column("finished", sa.String(40)),
        sa.Column("status", sa.String(16), nullable=False), sa.Column("inputs", sa.JSON, nullable=False),
        sa.Column("options", sa.JSON, nullable=False),
        sa.Column("analyzed", sa.Integer, nullable=False, server_default="0"),
        sa.Column("skipped", sa.Integer, nullable=False, server_default="0"),
        sa.Column("rejected", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_runs_status", "runs", ["status"])
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("run_pk", sa.Integer))
    op.create_index("ix_documents_run_pk", "documents", ["run_pk"])


def downgrade() -> None:
    op.drop_index("ix_documents_run_pk", "documents")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("run_pk")
    op.drop_index("ix_runs_status", "runs")
    op.drop_table("runs")
