"""The store: one transaction per document, typed rows per layer, migrations on open.

`db` is a SQLite path (the embedded default, WAL mode) or any SQLAlchemy URL; the SQL is portable
so PostgreSQL works with the same code. Saving is idempotent by content hash, so re-analysis
never stores a document twice, and a crash mid-document leaves no half-written document.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields, is_dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, delete, event, func, insert, inspect, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError

from rashomon.cache import cache_dir
from rashomon.errors import StoreError
from rashomon.model import (
    ActorMention,
    Agreement,
    Annotations,
    Claim,
    Comparison,
    Document,
    Event,
    Fact,
    FactValue,
    FramingMention,
    LanguageSpan,
    PlaceMention,
    Provision,
    ProvisionMention,
    ProvisionStatus,
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
    runs,
    stories,
    story_documents,
)

# The newest migration in migrations/versions: a store already at it opens without loading Alembic
# (a third of a second of a one-file run). tests/test_store.py checks it against Alembic's own head.
SCHEMA_REVISION = "0009"
MENTION_TYPES = {"times": TimeMention, "places": PlaceMention, "actors": ActorMention, "claims": Claim,
                 "framing": FramingMention}


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
            _from_template(url.database)
        try:
            _migrate(self.engine)
        except (OperationalError, DatabaseError) as err:
            raise StoreError(f"{db}: cannot open the database ({_reason(err)})") from err

    @property
    def shareable(self) -> bool:
        """Whether another process can open this same store by `db` (not an in-memory SQLite)."""
        url = self.engine.url
        return url.get_backend_name() != "sqlite" or url.database not in (None, "", ":memory:")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    def has_hash(self, hash_: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(documents.c.pk).where(documents.c.hash == hash_)).first() is not None

    def save(self, ann: Annotations, run: int | None = None) -> bool:
        """Store a document and all its layers in one transaction; False when its text is stored already."""
        return self.save_many([ann], run)[0]

    def save_many(self, anns: list[Annotations], run: int | None = None) -> list[bool]:
        """Store documents and their layers in one transaction, so a crash leaves none or all of them (a
        resumed run analyzes the missing ones again); for each, False when its text is stored already.
        One commit per batch instead of per document: the commit's disk sync was a third of storing."""
        stored = []
        current = anns[0] if anns else None
        try:
            with self.engine.begin() as conn:
                for current in anns:
                    stored.append(_insert(conn, current, run))
        except (OperationalError, DatabaseError) as err:
            raise StoreError(f"{self.db}: cannot store {current.doc.id} ({_reason(err)})") from err
        return stored

    def start_run(self, inputs: list[str], options: dict[str, Any]) -> int:
        with self.engine.begin() as conn:
            return conn.execute(insert(runs).values(started=_now(), status="running", inputs=inputs,
                                                    options=options)).inserted_primary_key[0]

    def update_run(self, pk: int, *, analyzed: int, skipped: int, rejected: int, status: str = "running") -> None:
        """Counts so far (they add up across resumes); `status` done or failed ends the run."""
        finished = None if status == "running" else _now()
        with self.engine.begin() as conn:
            conn.execute(update(runs).where(runs.c.pk == pk).values(
                analyzed=analyzed, skipped=skipped, rejected=rejected, status=status, finished=finished))

    def hashes(self) -> set[str]:
        """Content hashes of every stored document (64 bytes each: a million documents fit in memory)."""
        with self.engine.connect() as conn:
            return set(conn.execute(select(documents.c.hash)).scalars())

    def hashes_of_run(self, pk: int) -> set[str]:
        with self.engine.connect() as conn:
            return set(conn.execute(select(documents.c.hash).where(documents.c.run_pk == pk)).scalars())

    def analyzed_by_run(self, pk: int) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).where(documents.c.run_pk == pk)).scalar_one()

    def unfinished_run(self) -> Run | None:
        """The latest run that never finished (killed, interrupted, or failed), if any."""
        with self.engine.connect() as conn:
            row = conn.execute(select(runs).where(runs.c.status != "done").order_by(runs.c.pk.desc())).first()
        if row is None:
            return None
        return Run(pk=row.pk, started=row.started, status=row.status, inputs=list(row.inputs),
                   options=dict(row.options), analyzed=row.analyzed, skipped=row.skipped, rejected=row.rejected)

    def load_all(self) -> list[Annotations]:
        """Every stored document with its layers, in the order they were stored."""
        return self.load()

    def load(self, doc_ids: Iterable[str] | None = None, *, pks: Iterable[int] | None = None) -> list[Annotations]:
        """The stored documents with these ids or keys (all when neither is given) and their layers, in the
        order they were stored."""
        with self.engine.connect() as conn:
            query = select(documents).order_by(documents.c.pk)
            if doc_ids is not None:
                query = query.where(documents.c.id.in_(list(doc_ids)))
            if pks is not None:
                query = query.where(documents.c.pk.in_(list(pks)))
            anns = {row["pk"]: _annotations(row) for row in conn.execute(query).mappings()}
            tables = [*MENTION_TABLES.items(), ("events", events), ("agreements", agreement_mentions)]
            for layer, table in tables:
                query = select(table).order_by(table.c.pk)
                if doc_ids is not None or pks is not None:
                    query = query.where(table.c.doc_pk.in_(list(anns)))
                for row in conn.execute(query).mappings():
                    ann = anns[row["doc_pk"]]
                    getattr(ann, layer).append(_layer_item(layer, row, ann.doc.id))
        return list(anns.values())

    def publication_dates(self) -> list[tuple[int, str | None]]:
        """(key, published) of every stored document: small enough to sort a whole store by date in memory."""
        with self.engine.connect() as conn:
            query = select(documents.c.pk, documents.c.published).order_by(documents.c.pk)
            return [tuple(r) for r in conn.execute(query)]

    def save_comparison(self, result: Comparison) -> None:
        """Replace the stored stories (and their agreements) with these; one transaction."""
        with self.story_writer() as write:
            agreements = {a.id: a for a in result.agreements}
            for story in result.stories:
                write(story, _pop_story_agreements(agreements, story.id))
            write.orphans.extend(agreements.values())

    @contextmanager
    def story_writer(self) -> Iterator[StoryWriter]:
        """Replace all stories, one at a time as they are computed, in one transaction (readers never see half)."""
        with self.engine.begin() as conn:
            conn.execute(delete(comparison))
            conn.execute(delete(story_documents))
            conn.execute(delete(stories))
            writer = StoryWriter(conn)
            yield writer
            conn.execute(insert(comparison).values(payload={"agreements": [asdict(a) for a in writer.orphans]},
                                                   computed_at=_now()))

    def load_comparison(self) -> Comparison:
        with self.engine.connect() as conn:
            rows = conn.execute(select(stories.c.payload, stories.c.agreement).order_by(stories.c.pk)).all()
            marker = conn.execute(select(comparison.c.payload).order_by(comparison.c.pk.desc())).first()
        agreements = [ag for _, a in rows for ag in agreements_from_column(a)]
        agreements += [agreement_from_dict(a) for a in (marker[0] if marker else {}).get("agreements", [])]
        return Comparison(stories=[story_from_dict(p) for p, _ in rows], agreements=agreements)

    def stats(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            counts = {name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                      for name, table in (("documents", documents), *MENTION_TABLES.items(), ("events", events))}
            counts["stories"] = conn.execute(select(func.count()).select_from(stories)).scalar_one()
            counts["agreements"] = conn.execute(
                select(func.count()).select_from(stories).where(stories.c.agreement.is_not(None))).scalar_one()
        return counts


@dataclass(frozen=True)
class Run:
    """One `rashomon analyze`, as recorded in the runs table."""

    pk: int
    started: str
    status: str
    inputs: list[str]
    options: dict[str, Any]
    analyzed: int
    skipped: int
    rejected: int


def _migrate(engine: Engine) -> None:
    if _revision(engine) == SCHEMA_REVISION:
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("rashomon.store").joinpath("migrations")))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def _from_template(path: str | None) -> None:
    """A new SQLite store starts as a copy of an empty store migrated once per schema (kept in the cache
    beside the gazetteer index, keyed by the migrations' own text): running every migration, and loading
    Alembic to do it, was a quarter of a CPU-second of each one-file run into a new database. The copy
    is what the migrations made, so the store is the same; anything unusual (an in-memory or existing
    database, a cache that cannot be written) takes the ordinary path."""
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    target = Path(path)
    if target.exists():
        return
    try:
        template = _template()
        partial = target.with_name(f".{target.name}.{os.getpid()}.new")
        shutil.copyfile(template, partial)
        try:
            os.link(partial, target)  # never over a database another process created meanwhile
        except FileExistsError:
            pass
        finally:
            partial.unlink()
    except (OSError, DatabaseError):
        return


def _template() -> Path:
    versions = resources.files("rashomon.store").joinpath("migrations", "versions")
    digest = hashlib.sha256()
    for name in sorted(f.name for f in versions.iterdir() if f.name.endswith(".py")):
        digest.update(name.encode() + versions.joinpath(name).read_bytes())
    path = cache_dir() / f"empty-store-{SCHEMA_REVISION}-{digest.hexdigest()[:12]}.sqlite"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(f".{path.name}.{os.getpid()}.new")
    engine = create_engine(f"sqlite:///{building}")
    event.listen(engine, "connect", _sqlite_pragmas)
    try:
        _migrate(engine)
    finally:
        engine.dispose()  # the last connection closed: the WAL is checkpointed into the file and removed
    if Path(f"{building}-wal").exists():
        raise OSError(f"{building}: write-ahead log left beside the template")
    os.replace(building, path)
    return path


def _revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


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


def _insert(conn: Connection, ann: Annotations, run: int | None) -> bool:
    if conn.execute(select(documents.c.pk).where(documents.c.hash == ann.doc.hash)).first():
        return False
    row = {**_document_row(ann.doc), "run_pk": run, "languages": [_span_row(s) for s in ann.languages],
           "quantities": [_quantity_row(q) for q in ann.quantities]}
    doc_pk = conn.execute(insert(documents).values(**row)).inserted_primary_key[0]
    for layer, table in MENTION_TABLES.items():
        rows = [_row(m, doc_pk) for m in getattr(ann, layer)]
        if rows:
            conn.execute(insert(table), rows)
    if ann.events:
        conn.execute(insert(events), [_row(e, doc_pk) for e in ann.events])
    if ann.agreements:
        conn.execute(insert(agreement_mentions), [{"doc_pk": doc_pk, "payload": _plain(a)} for a in ann.agreements])
    return True


def _plain(value: Any) -> Any:
    """A dataclass as dicts and lists, what `asdict` gives for a JSON column, without its deep copy of
    every leaf (storing spent as long in `asdict` as in SQLite)."""
    names = _FIELD_NAMES.get(type(value))
    if names is None and is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES[type(value)] = tuple(f.name for f in fields(value))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, list | tuple):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _document_row(doc: Document) -> dict[str, Any]:
    return {"id": doc.id, "hash": doc.hash, "outlet": doc.outlet, "url": doc.url, "published": doc.published,
            "title": doc.title, "source": doc.source, "meta": doc.meta, "text": doc.text, "analyzed_at": _now(),
            "language": doc.language}


def _document(row: Any) -> Document:
    return Document(id=row["id"], text=row["text"], hash=row["hash"], outlet=row["outlet"], url=row["url"],
                    published=row["published"], title=row["title"], source=row["source"], meta=row["meta"] or {},
                    language=row["language"])


def _annotations(row: Any) -> Annotations:
    """A document row and the layers it carries itself (its language stretches, its counts)."""
    doc = _document(row)
    spans = [LanguageSpan(doc=doc.id, **span) for span in row["languages"] or []]
    counts = [Quantity(doc=doc.id, **q) for q in row["quantities"] or []]
    return Annotations(doc=doc, languages=spans, quantities=counts)


def _quantity_row(quantity: Quantity) -> dict[str, Any]:
    """A count as Quantity's own fields (a language's Count also carries the number before its qualifier, which the
    comparison reads again from the text)."""
    return {name: getattr(quantity, name) for name in QUANTITY_FIELDS}


QUANTITY_FIELDS = ("kind", "low", "high", "text", "start", "end")


def _span_row(span: LanguageSpan) -> dict[str, Any]:
    row = _plain(span)
    del row["doc"]
    return row


def _row(record: Any, doc_pk: int) -> dict[str, Any]:
    """A mention or event as a row: the document is referred to by its key, not its id."""
    row = _plain(record)
    del row["doc"]
    return {**row, "doc_pk": doc_pk}


def _layer_item(layer: str, row: Any, doc_id: str) -> Any:
    if layer == "events":
        return _event(row, doc_id)
    if layer == "agreements":
        return agreement_from_dict(row["payload"])
    cls = MENTION_TYPES[layer]
    return cls(doc=doc_id, **{f.name: row[f.name] for f in fields(cls) if f.name != "doc"})


def _event(row: Any, doc_id: str) -> Event:
    values = {f.name: row[f.name] for f in fields(Event) if f.name not in {"doc", "quantities"}}
    return Event(doc=doc_id, quantities=[Quantity(**q) for q in row["quantities"]], **values)


def agreement_from_dict(data: dict[str, Any]) -> Agreement:
    return Agreement(**{**data, "provisions": [_provision(p) for p in data["provisions"]],
                        "reports": [_provision(p) for p in data.get("reports", [])]})


def _provision(data: dict[str, Any]) -> Provision:
    return Provision(**{**data, "mentions": [ProvisionMention(**m) for m in data["mentions"]],
                        "status": [ProvisionStatus(**s) for s in data.get("status", [])]})


def agreements_from_column(value: dict[str, Any] | list[dict[str, Any]] | None) -> list[Agreement]:
    """A story row's agreements: one object (older stores and one-deal stories) or a list of them."""
    if not value:
        return []
    return [agreement_from_dict(a) for a in (value if isinstance(value, list) else [value])]


def _pop_story_agreements(agreements: dict[str, Agreement], story_id: str) -> list[Agreement]:
    """Take a story's agreements ('<story>:agreement', '<story>:agreement-2', …) out of the pool."""
    ids = [i for i in agreements if i == f"{story_id}:agreement" or i.startswith(f"{story_id}:agreement-")]
    return [agreements.pop(i) for i in ids]


def story_from_dict(data: dict[str, Any]) -> Story:
    return Story(id=data["id"], docs=data["docs"], title=data.get("title"), copies=data.get("copies", []),
                 facts=[Fact(aspect=f["aspect"], key=f["key"], verdict=f["verdict"],
                             values=[FactValue(**v) for v in f["values"]]) for f in data["facts"]])


def comparison_from_dict(data: dict[str, Any]) -> Comparison:
    return Comparison(stories=[story_from_dict(s) for s in data.get("stories", [])],
                      agreements=[agreement_from_dict(a) for a in data.get("agreements", [])])


class StoryWriter:
    """Writes story rows on an open transaction: each row carries the counts and publication span a story
    list sorts and shows, so listing stories never opens their payloads."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.orphans: list[Agreement] = []  # agreements no story owns, kept in the comparison marker

    def __call__(self, story: Story, agreement: Agreement | list[Agreement] | None) -> None:
        found = agreement if isinstance(agreement, list) else ([agreement] if agreement else [])
        published = dict(self.conn.execute(select(documents.c.id, documents.c.published)
                                           .where(documents.c.id.in_(story.docs))).all())
        dates = sorted(p for d in story.docs if (p := published.get(d)))
        verdicts = Counter(f.verdict for f in story.facts)
        row = {"id": story.id, "title": story.title, "size": len(story.docs), "conflicts": verdicts["conflict"],
               "single_source": verdicts["single-source"], "first_published": dates[0] if dates else None,
               "last_published": dates[-1] if dates else None, "payload": asdict(story),
               "agreement": (asdict(found[0]) if len(found) == 1 else [asdict(a) for a in found]) if found else None}
        pk = self.conn.execute(insert(stories).values(**row)).inserted_primary_key[0]
        if story.docs:
            self.conn.execute(insert(story_documents), [{"story_pk": pk, "doc_id": d} for d in story.docs])


def write_stories(conn: Connection, result: Comparison) -> None:
    """Insert one row per story, its agreement beside it (for migrations that move stories into rows)."""
    agreements = {a.id: a for a in result.agreements}
    write = StoryWriter(conn)
    for story in result.stories:
        write(story, _pop_story_agreements(agreements, story.id))
