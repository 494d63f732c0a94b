"""Document counts: the counts a document in another language states (Annotations.quantities, issue #12).

English counts live in their events (events.quantities); a Russian, Arabic, Turkish, … report's counts are read
by the language's own rules, with no event to hold them. Stores written before this migration keep those
documents without counts (re-analysing a document fills them; the comparison reads counts from the stored text
either way).

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("quantities", sa.JSON))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("quantities")
