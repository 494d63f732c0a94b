"""Read-side queries for people browsing a store: one page of stories or documents, filtered and searched.

Each query touches only the rows one page shows, through the indexes of migration 0003, so a page costs
the same in a store of ten documents and of a hundred thousand. Full-text search is SQLite FTS5 or
PostgreSQL's tsvector, behind one function.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from math import ceil
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import Select, and_, exists, func, literal_column, or_, select, text

from rashomon.store.schema import actors, comparison, documents, events, places, stories, story_documents
from rashomon.store.store import Store

PAGE_SIZE = 20
MAX_PAGE_SIZE = 200
HIT_OPEN, HIT_CLOSE = "\ue000", "\ue001"  # private-use marks around hits: escaped text can never contain them
LISTED = (documents.c.pk, documents.c.id, documents.c.outlet, documents.c.published, documents.c.title, documents.c.url,
          documents.c.language)


@dataclass(frozen=True)
class Filters:
    """What a reader narrows documents by; every field optional, all of them combined with AND."""

    q: str | None = None  # full-text query: words (all must occur) and "quoted phrases"
    outlet: str | None = None
    country: str | None = None  # ISO 3166 alpha-2 of a place the document mentions
    date_from: date | None = None  # publication date, inclusive
    date_to: date | None = None  # publication date, inclusive
    event_type: str | None = None  # PLOVER type of an event in the document
    place: str | None = None  # GeoNames id, or a place's canonical name or wording in the text
    actor: str | None = None  # actor id, e.g. AZE-MIL-mod
    story: str | None = None
    language: str | None = None  # ISO 639-1 code of the document's language


@dataclass
class Page:
    items: list[dict[str, Any]]
    total: int
    page: int
    size: int
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.size))


def list_stories(store: Store, page: int = 1, size: int = PAGE_SIZE) -> Page:
    """Stories, latest coverage first, then the most covered."""
    page, size = _bounds(page, size)
    columns = [c for c in stories.c if c.name not in {"payload", "agreement", "pk"}]
    query = (select(*columns).order_by(stories.c.last_published.desc(), stories.c.size.desc(), stories.c.pk)
             .limit(size).offset((page - 1) * size))
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(stories)).scalar_one()
        items = [dict(r) for r in conn.execute(query).mappings()]
    return Page(items, total, page, size)


def get_story(store: Store, story_id: str) -> dict[str, Any] | None:
    """The story row: its payload (facts) and its agreement, or None."""
    with store.engine.connect() as conn:
        row = conn.execute(select(stories).where(stories.c.id == story_id)).mappings().first()
    return dict(row) if row else None


def stories_of(store: Store, doc_id: str) -> list[dict[str, Any]]:
    query = (select(stories.c.payload, stories.c.agreement).join(story_documents)
             .where(story_documents.c.doc_id == doc_id))
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def outlets(store: Store, doc_ids: set[str]) -> dict[str, str | None]:
    """The outlet of each of these documents."""
    with store.engine.connect() as conn:
        return dict(conn.execute(select(documents.c.id, documents.c.outlet).where(documents.c.id.in_(doc_ids))).all())


def list_documents(store: Store, filters: Filters = Filters(), page: int = 1, size: int = PAGE_SIZE) -> Page:
    """One page of documents matching the filters: best match first when searching, else latest first."""
    page, size = _bounds(page, size)
    with store.engine.connect() as conn:
        dialect = conn.dialect.name
        query = _filtered(select(*LISTED), filters)
        search = _fts_terms(filters.q) if filters.q else None
        if filters.q and not search:
            return Page([], 0, page, size, {"error": "the search has no words to look for"})
        if search and dialect == "sqlite":
            fts = text("documents_fts")
            snippet = literal_column(f"snippet(documents_fts, 1, '{HIT_OPEN}', '{HIT_CLOSE}', '…', 24)")
            query = (query.add_columns(snippet.label("snippet"))
                     .join(fts, literal_column("documents_fts.rowid") == documents.c.pk)
                     .where(literal_column("documents_fts").op("MATCH")(search))
                     .order_by(literal_column("bm25(documents_fts)")))
        elif filters.q:
            vector = func.to_tsvector("english", func.coalesce(documents.c.title, "") + " " + documents.c.text)
            tsquery = func.websearch_to_tsquery("english", filters.q)
            options = f"StartSel={HIT_OPEN}, StopSel={HIT_CLOSE}, MaxWords=30, MinWords=12"
            query = (query.add_columns(func.ts_headline("english", documents.c.text, tsquery, options).label("snippet"))
                     .where(vector.op("@@")(tsquery)).order_by(func.ts_rank(vector, tsquery).desc()))
        query = query.order_by(documents.c.published.desc(), documents.c.pk.desc())
        total = conn.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()
        rows = conn.execute(query.limit(size).offset((page - 1) * size)).mappings().all()
    items = [{**row, "snippet": highlight_hits(row["snippet"]) if row.get("snippet") else None} for row in rows]
    return Page(items, total, page, size)


def version(store: Store) -> tuple[int | None, int | None]:
    """Changes whenever a document is stored or the comparison recomputed: the key of any cache over the store."""
    with store.engine.connect() as conn:
        return (conn.execute(select(func.max(documents.c.pk))).scalar_one(),
                conn.execute(select(func.max(comparison.c.pk))).scalar_one())


def facets(store: Store, limit: int = 200) -> dict[str, list[tuple[str, int]]]:
    """The values worth offering in the filter menus, most frequent first.

    Counting over every mention takes a fifth of a second at 10,000 documents, so callers cache the
    answer under `version(store)`.
    """
    def top(column: Any, table: Any, per: Any) -> Select:
        count = func.count(func.distinct(per))
        return (select(column, count).select_from(table).where(column.is_not(None)).group_by(column)
                .order_by(count.desc(), column).limit(limit))

    with store.engine.connect() as conn:
        return {name: [tuple(r) for r in conn.execute(query)] for name, query in (
            ("outlet", top(documents.c.outlet, documents, documents.c.pk)),
            ("country", top(places.c.country, places, places.c.doc_pk)),
            ("event_type", top(events.c.type, events, events.c.doc_pk)),
            ("language", top(documents.c.language, documents, documents.c.pk)),
        )}


def highlight_hits(snippet: str) -> Markup:
    """A search snippet as HTML: the text escaped, each hit in <mark class="hit">."""
    escaped = str(escape(snippet))
    return Markup(escaped.replace(HIT_OPEN, '<mark class="hit">').replace(HIT_CLOSE, "</mark>"))


def _filtered(query: Select, f: Filters) -> Select:
    conditions = []
    if f.outlet:
        conditions.append(documents.c.outlet == f.outlet)
    if f.language:
        conditions.append(documents.c.language == f.language.lower())
    if f.date_from:
        conditions.append(documents.c.published >= f.date_from.isoformat())
    if f.date_to:
        conditions.append(documents.c.published < (f.date_to + timedelta(days=1)).isoformat())
    if f.country:
        conditions.append(_has(places, places.c.country == f.country.upper()))
    if f.event_type:
        conditions.append(_has(events, events.c.type == f.event_type.upper()))
    if f.actor:
        conditions.append(_has(actors, actors.c.actor == f.actor))
    if f.place:
        if f.place.lstrip("-").isdigit():
            conditions.append(_has(places, places.c.geonames_id == int(f.place)))
        else:
            conditions.append(_has(places, or_(places.c.name == f.place, places.c.text == f.place)))
    if f.story:
        in_story = select(story_documents.c.doc_id).join(stories).where(stories.c.id == f.story)
        conditions.append(documents.c.id.in_(in_story))
    return query.where(and_(*conditions)) if conditions else query


def _has(table: Any, condition: Any) -> Any:
    return exists().where(table.c.doc_pk == documents.c.pk, condition)


def _fts_terms(q: str) -> str:
    """A reader's words as an FTS5 query that cannot be a syntax error: each word or "phrase" quoted."""
    terms = [m.group(1) or m.group(2) for m in re.finditer(r'"([^"]+)"|([^\s"]+)', q)]
    terms = [t for t in (" ".join(re.findall(r"\w+", t)) for t in terms) if t]
    return " ".join(f'"{t}"' for t in terms)


def _bounds(page: int, size: int) -> tuple[int, int]:
    return max(1, page), min(max(1, size), MAX_PAGE_SIZE)
