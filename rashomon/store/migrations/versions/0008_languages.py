"""Languages: each document's language (ISO 639-1) and the stretches of it written in other languages.

Stores written before this migration keep their documents with no language and no stretches
(re-analysing a document fills them; `rashomon analyze` passes over stored texts, so only a new store does).

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("language", sa.String(16)))
        batch.add_column(sa.Column("languages", sa.JSON))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("languages")
        batch.drop_column("language")
