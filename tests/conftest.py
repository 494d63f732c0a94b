"""Shared fixtures: the demo corpus, and a run of the whole pipeline over a text we wrote."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from rashomon.annotate import annotate
from rashomon.model import Annotations, Document

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


def run_pipeline(text: str, published: str | None = None, outlet: str | None = "Test Wire") -> Annotations:
    document = Document(id="t", text=text, hash="h", published=published, outlet=outlet)
    (ann,) = annotate([document])
    return ann


POSTGRES = os.environ.get("RASHOMON_TEST_POSTGRES")  # set by scripts/test.sh when it could start a server


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty database of each backend: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "test.db")
        return
    if not POSTGRES:
        pytest.skip("no PostgreSQL server (scripts/test.sh starts one; set RASHOMON_TEST_POSTGRES=URL)")
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(POSTGRES)
    name = f"rashomon_{uuid.uuid4().hex[:12]}"
    dsn = f"host={admin.host} port={admin.port} user={admin.username} dbname={admin.database}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield admin.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
