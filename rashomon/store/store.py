"""The store: one transaction per document, typed rows per layer, migrations on open.

`db` is a SQLite path (the embedded default, WAL mode) or any SQLAlchemy URL; the SQL is portable
so PostgreSQL works with the same code. Saving is idempotent by content hash, so re-analysis
never stores a document twice, and a crash mid-document leaves no half-written document.
"""
from __future__ import annotations

from dataclasses import asdict, fields
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, func, insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError

from rashomon.errors import StoreError
from rashomon.model import (
    ActorMention,
    Agreement,
    Annotations,
    Comparison,
    Document,
    Event,
    Fact,
    FactValue,
    FramingMention,
    PlaceMention,
    Provision,
    ProvisionMention,
    Quantity,
    Story,
    TimeMention,
)
from rashomon.store.schema import (
    MENTION_TABLES,
    agreement_mentions,
    comparison,
    documents,
    events,
)

MENTION_TYPES = {"times": TimeMention, "places": PlaceMention, "actors": ActorMention, "framing": FramingMention}


def database_url(db: str) -> str:
    """A path becomes a SQLite URL (its folder created); a URL is taken as it is."""
    if "://" in db:
        return db
    path = Path(db).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def open_store(db: str) -> Store:
    return Store(db)


class Store:
    def __init__(self, db: str) -> None:
        self.db = db
        try:
            url = make_url(database_url(db))
            self.engine = create_engine(url)
        except (ArgumentError, ValueError) as err:
            raise StoreError(f"{db}: not a database path or URL ({err})") from err
        if url.get_backend_name() == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            _migrate(self.engine)
        except (OperationalError, DatabaseError) as err:
            raise StoreError(f"{db}: cannot open the database ({_reason(err)})") from err

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    def has_hash(self, hash_: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(documents.c.pk).where(documents.c.hash == hash_)).first() is not None

    def save(self, ann: Annotations) -> bool:
        """Store a document and all its layers in one transaction; False when its text is stored already."""
        try:
            with self.engine.begin() as conn:
                if conn.execute(select(documents.c.pk).where(documents.c.hash == ann.doc.hash)).first():
                    return False
                doc_pk = conn.execute(insert(documents).values(**_document_row(ann.doc))).inserted_primary_key[0]
                for layer, table in MENTION_TABLES.items():
                    rows = [_row(m, doc_pk) for m in getattr(ann, layer)]
                    if rows:
                        conn.execute(insert(table), rows)
                if ann.events:
                    conn.execute(insert(events), [_row(e, doc_pk) for e in ann.events])
                if ann.agreements:
                    conn.execute(insert(agreement_mentions),
                                 [{"doc_pk": doc_pk, "payload": asdict(a)} for a in ann.agreements])
        except (OperationalError, DatabaseError) as err:
            raise StoreError(f"{self.db}: cannot store {ann.doc.id} ({_reason(err)})") from err
        return True

    def load_all(self) -> list[Annotations]:
        """Every stored document with its layers, in the order they were stored."""
        with self.engine.connect() as conn:
            docs = conn.execute(select(documents).order_by(documents.c.pk)).mappings().all()
            anns = {row["pk"]: Annotations(doc=_document(row)) for row in docs}
            for layer, table in MENTION_TABLES.items():
                for row in conn.execute(select(table).order_by(table.c.pk)).mappings():
                    ann = anns[row["doc_pk"]]
                    getattr(ann, layer).append(_mention(MENTION_TYPES[layer], row, ann.doc.id))
            for row in conn.execute(select(events).order_by(events.c.pk)).mappings():
                ann = anns[row["doc_pk"]]
                ann.events.append(_event(row, ann.doc.id))
            for row in conn.execute(select(agreement_mentions).order_by(agreement_mentions.c.pk)).mappings():
                anns[row["doc_pk"]].agreements.append(agreement_from_dict(row["payload"]))
        return list(anns.values())

    def save_comparison(self, result: Comparison) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(comparison))
            conn.execute(insert(comparison).values(payload=asdict(result), computed_at=_now()))

    def load_comparison(self) -> Comparison:
        with self.engine.connect() as conn:
            row = conn.execute(select(comparison.c.payload).order_by(comparison.c.pk.desc())).first()
        return comparison_from_dict(row[0]) if row else Comparison()

    def stats(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            counts = {name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                      for name, table in (("documents", documents), *MENTION_TABLES.items(), ("events", events))}
        result = self.load_comparison()
        counts["stories"] = len(result.stories)
        counts["agreements"] = len(result.agreements)
        return counts


def _migrate(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("rashomon.store").joinpath("migrations")))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _reason(err: Exception) -> str:
    return str(getattr(err, "orig", None) or err).splitlines()[0]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _document_row(doc: Document) -> dict[str, Any]:
    return {"id": doc.id, "hash": doc.hash, "outlet": doc.outlet, "url": doc.url, "published": doc.published,
            "title": doc.title, "source": doc.source, "meta": doc.meta, "text": doc.text, "analyzed_at": _now()}


def _document(row: Any) -> Document:
    return Document(id=row["id"], text=row["text"], hash=row["hash"], outlet=row["outlet"], url=row["url"],
                    published=row["published"], title=row["title"], source=row["source"], meta=row["meta"] or {})


def _row(record: Any, doc_pk: int) -> dict[str, Any]:
    """A mention or event as a row: the document is referred to by its key, not its id."""
    row = asdict(record)
    del row["doc"]
    return {**row, "doc_pk": doc_pk}


def _mention(cls: type, row: Any, doc_id: str) -> Any:
    return cls(doc=doc_id, **{f.name: row[f.name] for f in fields(cls) if f.name != "doc"})


def _event(row: Any, doc_id: str) -> Event:
    values = {f.name: row[f.name] for f in fields(Event) if f.name not in {"doc", "quantities"}}
    return Event(doc=doc_id, quantities=[Quantity(**q) for q in row["quantities"]], **values)


def agreement_from_dict(data: dict[str, Any]) -> Agreement:
    provisions = [Provision(category=p["category"], text=p["text"],
                            mentions=[ProvisionMention(**m) for m in p["mentions"]]) for p in data["provisions"]]
    return Agreement(**{**data, "provisions": provisions})


def comparison_from_dict(data: dict[str, Any]) -> Comparison:
    stories = [Story(id=s["id"], docs=s["docs"], title=s.get("title"), copies=s.get("copies", []),
                     facts=[Fact(aspect=f["aspect"], key=f["key"], verdict=f["verdict"],
                                 values=[FactValue(**v) for v in f["values"]]) for f in s["facts"]])
               for s in data["stories"]]
    return Comparison(stories=stories, agreements=[agreement_from_dict(a) for a in data["agreements"]])
