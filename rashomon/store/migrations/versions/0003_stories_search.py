"""Stories get rows of their own, documents get full-text search, and the filters get indexes.

A browser asks for one story or one page of documents at a time; with the comparison stored as one
JSON payload every such request had to parse all of it. Full-text search is SQLite FTS5 (an external
content table kept in step by triggers) or, on PostgreSQL, a GIN index over the English tsvector.

Revision ID: 0003
Revises: 0002
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

FILTER_INDEXES = {
    "documents": ["published", "outlet"],
    "places": ["geonames_id", "country"],
    "events": ["type"],
    "actors": ["actor"],
}


def upgrade() -> None:
    op.create_table(
        "stories", sa.Column("pk", sa.Integer, primary_key=True),
        sa.Column("id", sa.String(64), nullable=False, unique=True), sa.Column("title", sa.Text),
        sa.Column("size", sa.Integer, nullable=False), sa.Column("conflicts", sa.Integer, nullable=False),
        sa.Column("single_source", sa.Integer, nullable=False), sa.Column("first_published", sa.String(40)),
        sa.Column("last_published", sa.String(40)), sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("agreement", sa.JSON))
    op.create_table(
        "story_documents",
        sa.Column("story_pk", sa.Integer, sa.ForeignKey("stories.pk", ondelete="CASCADE"), nullable=False),
        sa.Column("doc_id", sa.String(512), nullable=False))
    op.create_index("ix_story_documents_story_pk", "story_documents", ["story_pk"])
    op.create_index("ix_story_documents_doc_id", "story_documents", ["doc_id"])
    for table, columns in FILTER_INDEXES.items():
        for column in columns:
            op.create_index(f"ix_{table}_{column}", table, [column])
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_fts()
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_documents_fts ON documents USING GIN "
                   "(to_tsvector('english', coalesce(title, '') || ' ' || text))")
    _move_stories_out_of_the_payload()


def _sqlite_fts() -> None:
    op.execute("CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', "
               "content_rowid='pk', tokenize='unicode61 remove_diacritics 2')")
    op.execute("CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN "
               "INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text); END")
    op.execute("CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN "
               "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
               "VALUES ('delete', old.pk, old.title, old.text); END")
    op.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")


def _move_stories_out_of_the_payload() -> None:
    """A store written before 0003 holds its stories in the comparison payload: give them their rows."""
    bind = op.get_bind()
    row = bind.execute(sa.text("SELECT pk, payload FROM comparison ORDER BY pk DESC")).first()
    if row is None:
        return
    payload = row[1] if isinstance(row[1], dict) else json.loads(row[1])
    from rashomon.store.store import comparison_from_dict, write_stories

    write_stories(bind, comparison_from_dict(payload))
    bind.execute(sa.text("UPDATE comparison SET payload = :p WHERE pk = :pk"), {"p": "{}", "pk": row[0]})


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("documents_fts_insert", "documents_fts_delete"):
            op.execute(f"DROP TRIGGER {name}")
        op.execute("DROP TABLE documents_fts")
    elif op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_documents_fts", "documents")
    for table, columns in FILTER_INDEXES.items():
        for column in columns:
            op.drop_index(f"ix_{table}_{column}", table)
    op.drop_table("story_documents")
    op.drop_table("stories")
