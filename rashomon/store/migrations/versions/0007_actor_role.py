"""Actor roles: a person's office as the report gives it ("Assistant to the President of Azerbaijan").

Stores written before this migration keep their actor rows with no role (re-analysing fills it).

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("actors") as batch:
        batch.add_column(sa.Column("role", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("actors") as batch:
        batch.drop_column("role")
