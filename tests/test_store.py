"""Store: exact round trips, idempotent saves, WAL, and clear errors for a bad database."""
from __future__ import annotations

import sqlite3

import pytest

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
    LanguageSpan,
    PlaceMention,
    Provision,
    ProvisionMention,
    Quantity,
    Story,
    TimeMention,
)
from rashomon.store import open_store

TEXT = "Twelve were killed in Khankendi at 13:00 (GMT+4), separatists said.\nФото: пресс-служба"


def full_annotations(doc_id: str = "d1", text: str = TEXT) -> Annotations:
    doc = Document(id=doc_id, text=text, hash=f"hash-{doc_id}-{len(text)}", outlet="Wire", url="https://x.example/1",
                   published="2023-09-20T12:30:00+03:00", title="T", source="in.jsonl record 1", meta={"lang": "en"},
                   language="en")
    q = Quantity(kind="killed", low=12.0, high=12.0, text="Twelve were killed", doc=doc_id, start=0, end=18)
    agreement = Agreement(id=f"{doc_id}:a1", docs=[doc_id], kind="ceasefire", parties=["ARM-REB"],
                          mediators=["RUS-PKO"], effective_utc="2023-09-20T09:00:00Z",
                          provisions=[Provision(category="ceasefire", text="x",
                                                mentions=[ProvisionMention(doc=doc_id, start=0, end=5)])])
    return Annotations(
        doc=doc,
        languages=[LanguageSpan(doc=doc_id, start=68, end=len(text), language="ru", confidence=0.98)],
        times=[TimeMention(doc=doc_id, start=35, end=48, text="13:00 (GMT+4)", type="TIME", value="2023-09-20T13:00",
                           utc="2023-09-20T09:00:00Z")],
        places=[PlaceMention(doc=doc_id, start=22, end=31, text="Khankendi", geonames_id=146970, name="Khankendi",
                             lat=39.8177, lon=46.7528, country="AZ", timezone="Asia/Baku")],
        actors=[ActorMention(doc=doc_id, start=50, end=61, text="separatists", actor="NKR-REB", country="ARM",
                             sector="REB")],
        events=[Event(id=f"{doc_id}:e1", doc=doc_id, start=0, end=len(text), type="ASSAULT", trigger="killed",
                      source=None, target=None, place=146970, time="2023-09-20T09:00:00Z", factuality="happened",
                      attribution=["separatists", "Wire"], quantities=[q])],
        agreements=[agreement],
        framing=[FramingMention(doc=doc_id, start=50, end=61, text="separatists", kind="loaded-term",
                                perspective="delegitimising", neutral="armed groups")],
        quantities=[Quantity(kind="killed", low=12.0, high=None, text="Twelve were killed", doc=doc_id, start=0,
                             end=18)],  # a document's own count (kept for documents in other languages, 0009)
    )


def test_store_round_trip_is_exact(db_url):
    ann = full_annotations()
    with open_store(db_url) as store:
        assert store.save(ann) is True
        assert store.load_all() == [ann]


def test_store_same_text_twice_is_stored_once(db_url):
    with open_store(db_url) as store:
        assert store.save(full_annotations("d1")) is True
        before = store.stats()
        assert store.save(full_annotations("d1")) is False
        assert store.stats() == before and before["documents"] == 1 and before["events"] == 1


def test_store_batch_is_one_transaction(db_url):
    """A batch stores what is new (a repeat inside it counts as stored already); a failure stores none of it."""
    with open_store(db_url) as store:
        assert store.save(full_annotations("d1")) is True
        batch = [full_annotations("d2", TEXT + " Two."), full_annotations("d1"), full_annotations("d2", TEXT + " Two.")]
        assert store.save_many(batch) == [True, False, False]
        assert [a.doc.id for a in store.load_all()] == ["d1", "d2"]
        broken = full_annotations("d4", TEXT + " Four.")
        broken.events[0].type = None  # NOT NULL: the database refuses the row
        with pytest.raises(StoreError, match="d4"):
            store.save_many([full_annotations("d3", TEXT + " Three."), broken])
        assert store.stats()["documents"] == 2


def test_store_comparison_round_trip(db_url):
    result = Comparison(
        stories=[Story(id="s1", docs=["d1", "d2"], title="T",
                       facts=[Fact(aspect="number", key="killed", verdict="conflict",
                                   values=[FactValue(doc="d1", value="12", start=0, end=2)])])],
        agreements=[full_annotations().agreements[0]],
    )
    with open_store(db_url) as store:
        assert store.load_comparison() == Comparison()
        store.save_comparison(result)
        store.save_comparison(result)  # replaces, never accumulates
        assert store.load_comparison() == result
        assert store.stats()["stories"] == 1


def test_store_sqlite_file_uses_wal_and_creates_folders(tmp_path):
    path = tmp_path / "deep" / "er" / "s.db"
    with open_store(str(path)) as store:
        store.save(full_annotations())
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_corrupt_file_is_a_named_error(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError) as info:
        open_store(str(path))
    assert str(path) in str(info.value)


def test_store_reopen_keeps_data_and_schema(db_url):
    path = db_url
    with open_store(path) as store:
        store.save(full_annotations("d1"))
    with open_store(path) as store:  # migrations run again: nothing to do, nothing lost
        store.save(full_annotations("d2", TEXT + " More."))
        assert [a.doc.id for a in store.load_all()] == ["d1", "d2"]


def test_store_migrates_an_older_database_in_place(tmp_path):
    """A database made at revision 0001 gains the time anchor columns, keeping its rows."""
    from importlib import resources

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(resources.files("rashomon.store").joinpath("migrations")))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(text("INSERT INTO documents (id, hash, text, analyzed_at) VALUES ('d', 'h', 'x', 'now')"))
        conn.execute(text("INSERT INTO times (doc_pk, start, \"end\", text, type, value) "
                          "VALUES (1, 0, 1, 'x', 'DATE', '2023')"))
    engine.dispose()
    with open_store(str(path)) as store:
        (ann,) = store.load_all()
    assert ann.times[0].anchor == "explicit" and ann.times[0].granularity is None
    assert ann.doc.language is None and ann.languages == []  # stored before language identification (0008)
    assert ann.quantities == []  # stored before documents kept their counts (0009)


def test_store_migration_0003_moves_stories_to_rows_and_indexes_old_text(tmp_path):
    """Stories kept in the old one-payload comparison become rows; text stored before 0003 is searchable."""
    import json
    from dataclasses import asdict
    from importlib import resources

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    from rashomon.store.browse import Filters, list_documents, list_stories

    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(resources.files("rashomon.store").joinpath("migrations")))
    result = Comparison(stories=[Story(id="s1", docs=["d"], title="Old story")], agreements=[])
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
        conn.execute(text("INSERT INTO documents (id, hash, text, published, analyzed_at) "
                          "VALUES ('d', 'h', 'Shelling near the bridge', '2023-09-20', 'now')"))
        conn.execute(text("INSERT INTO comparison (payload, computed_at) VALUES (:p, 'now')"),
                     {"p": json.dumps(asdict(result))})
    engine.dispose()
    with open_store(str(path)) as store:
        assert store.load_comparison() == result
        assert list_stories(store).items[0]["first_published"] == "2023-09-20"
        assert [d["id"] for d in list_documents(store, Filters(q="shelling")).items] == ["d"]


def test_schema_revision_constant_is_alembic_head():
    """The fast open path trusts SCHEMA_REVISION: it must name the newest migration, or new ones never run."""
    from importlib import resources

    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from rashomon.store.store import SCHEMA_REVISION

    config = Config()
    config.set_main_option("script_location", str(resources.files("rashomon.store").joinpath("migrations")))
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_REVISION


def test_new_sqlite_store_is_a_copy_of_the_migrated_template(tmp_path, monkeypatch):
    """A new SQLite store is copied from an empty store migrated once: it must be the store the migrations
    make (same tables, indexes, triggers, full-text table, revision), and work like one."""
    from sqlalchemy import create_engine

    from rashomon.store.store import SCHEMA_REVISION, _migrate

    monkeypatch.setenv("RASHOMON_CACHE_DIR", str(tmp_path / "cache"))
    open_store(str(tmp_path / "first.db")).close()  # builds the template
    assert len(list((tmp_path / "cache").glob("empty-store-*.sqlite"))) == 1
    with open_store(str(tmp_path / "copied.db")) as store:  # copied from it
        assert store.save(full_annotations("d1")) is True
    engine = create_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    _migrate(engine)
    engine.dispose()

    def schema(path):
        with sqlite3.connect(path) as conn:
            return (conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall(),
                    conn.execute("SELECT version_num FROM alembic_version").fetchall())

    assert schema(tmp_path / "copied.db") == schema(tmp_path / "migrated.db")
    assert schema(tmp_path / "copied.db")[1] == [(SCHEMA_REVISION,)]
    with sqlite3.connect(tmp_path / "copied.db") as conn:  # the full-text triggers came along
        assert conn.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'killed'").fetchone()[0] == 1


def test_existing_database_is_never_replaced_by_the_template(tmp_path, monkeypatch):
    monkeypatch.setenv("RASHOMON_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "kept.db"
    with open_store(str(path)) as store:
        store.save(full_annotations("d1"))
    with open_store(str(path)) as store:
        assert store.has_hash(full_annotations("d1").doc.hash)


def test_runs_record_counts_and_the_latest_unfinished_one(db_url):
    with open_store(db_url) as store:
        assert store.unfinished_run() is None
        first = store.start_run(["/in/a"], {"outlet": None})
        store.update_run(first, analyzed=2, skipped=0, rejected=1, status="done")
        second = store.start_run(["/in/b", "/in/c"], {"outlet": "X"})
        store.update_run(second, analyzed=5, skipped=1, rejected=0)
        run = store.unfinished_run()
    assert (run.pk, run.inputs, run.options, run.analyzed, run.status) == (
        second, ["/in/b", "/in/c"], {"outlet": "X"}, 5, "running")
