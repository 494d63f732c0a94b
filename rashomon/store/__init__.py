"""Store: SQLite (WAL) by default, any SQLAlchemy URL otherwise; Alembic migrations on open."""
from rashomon.store.store import Store, open_store

__all__ = ["Store", "open_store"]
