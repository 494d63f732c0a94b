"""Times say how their value was obtained (anchor) and to what unit it is precise (granularity).

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("times") as batch:
        batch.add_column(sa.Column("anchor", sa.String(16), nullable=False, server_default="explicit"))
        batch.add_column(sa.Column("granularity", sa.String(16)))


def downgrade() -> None:
    with op.batch_alter_table("times") as batch:
        batch.drop_column("granularity")
        batch.drop_column("anchor")
