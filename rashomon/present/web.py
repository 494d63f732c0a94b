"""The web app (`rashomon serve`): the report's views live over the store, plus search, filters, upload and a JSON API.

Pages and API answers are built from the slice of the store they show (one story's documents, one page
of a list), through the same page models as the static report. Every JSON answer that carries
annotations is a valid rashomon/1 document. No page loads anything from another host.

Writing (uploads) needs the token the server was started with (`RASHOMON_TOKEN` or `serve --token`),
sent as the form field `token` or the header `Authorization: Bearer <token>`; a server started
without one is read-only. There are no accounts: the token is one shared secret, so put the app
behind an authenticating proxy before exposing it beyond people who may all write.
"""
from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from rashomon.model import Comparison
from rashomon.present.jobs import Jobs
from rashomon.present.output import build_output
from rashomon.present.pages import WebLinks, document_page, render, story_page
from rashomon.store import browse
from rashomon.store.store import Store, agreements_from_column, open_store, story_from_dict

LINKS = WebLinks()
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_REQUEST_BYTES = 256 * 1024 * 1024  # a whole upload request, refused by its Content-Length before it is parsed
READ_ONLY = "read-only: this server was started without a write token (set RASHOMON_TOKEN or use serve --token)"
BAD_TOKEN = "a valid token is required to upload (form field 'token' or header 'Authorization: Bearer <token>')"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # no-referrer would make browsers send `Origin: null` on our own forms
    "X-Frame-Options": "DENY",
}
FILTER_FIELDS = ("q", "outlet", "country", "date_from", "date_to", "event_type", "place", "actor", "story", "language")


def create_app(db: str, analyze: Any = None, token: str | None = None) -> FastAPI:
    """The app over the store at `db`; `analyze` runs uploads (rashomon.analysis.analyze unless a test swaps it).

    `token` guards every write; None reads RASHOMON_TOKEN, and no token (or an empty one) makes the app read-only.
    """
    token = os.environ.get("RASHOMON_TOKEN") if token is None else token
    writes = Writes(token or None)
    store = open_store(db)
    if analyze is None:
        from rashomon.analysis import analyze
    jobs = Jobs(store.db, analyze)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.close()
        store.close()

    app = FastAPI(title="Rashomon", version="1", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
                  description="One event, many accounts: stories, documents and their annotations as rashomon/1.",
                  lifespan=lifespan)
    app.state.store, app.state.jobs, app.state.writes = store, jobs, writes
    cached: dict[str, Any] = {}

    def facets() -> dict[str, list[tuple[str, int]]]:
        key = browse.version(store)
        if cached.get("key") != key:
            cached.update(key=key, facets=browse.facets(store))
        return cached["facets"]

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        refusal = _bad_address(request)
        if refusal is None and request.method not in ("GET", "HEAD"):
            # refused from the headers, before the body is parsed: an uninvited upload costs neither disk nor time
            refusal = writes.refusal_before_body(request)
        response = _refused(request, *refusal) if refusal else await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    # --- pages -----------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(page: int = 1) -> str:
        listing = browse.list_stories(store, page)
        return _page("index.html.j2", stories=listing.items, counts=store.stats(),
                     pager=_pager(listing, "/", {}))

    @app.get("/stories/{story_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def story(story_id: str) -> str:
        return _page("story.html.j2", **story_page(_story_output(store, story_id), story_id, LINKS))

    @app.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def documents(request: Request, page: int = 1) -> Response:
        params = {k: v for k, v in request.query_params.items() if k in FILTER_FIELDS and v.strip()}
        filters, error = _filters(params)
        listing = browse.list_documents(store, filters, page) if error is None else None
        error = error or (listing.extra.get("error") if listing else None)
        page_html = _page("documents.html.j2", listing=listing, params=params, facets=facets(),
                          error=error, pager=_pager(listing, "/documents", params) if listing else None)
        return HTMLResponse(page_html, status_code=400 if error else 200)

    @app.get("/documents/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def document(doc_id: str) -> str:
        return _page("document.html.j2", **document_page(_document_output(store, doc_id), doc_id, LINKS))

    @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_form() -> str:
        return _page("upload.html.j2", error=None, writable=writes.enabled)

    @app.post("/upload", include_in_schema=False)
    async def upload(request: Request, files: Annotated[list[UploadFile], File()],
                     token: Annotated[str | None, Form()] = None) -> Response:
        if not writes.allowed(request, token):
            return HTMLResponse(_page("upload.html.j2", error=BAD_TOKEN, writable=True), status_code=403)
        try:
            job = jobs.submit(await _read_uploads(files))
        except ValueError as err:
            return HTMLResponse(_page("upload.html.j2", error=str(err), writable=True), status_code=400)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @app.get("/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def job_page(job_id: str) -> str:
        return _page("job.html.j2", job=_job(jobs, job_id).to_dict())

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_docs() -> str:
        return _page("api.html.j2", spec=app.openapi())

    # --- API -------------------------------------------------------------------------------------

    @app.get("/api/stories", tags=["stories"])
    def api_stories(page: int = 1, size: int = browse.PAGE_SIZE) -> dict[str, Any]:
        """One page of stories with their counts (documents, conflicts, single-source claims)."""
        return _listing(browse.list_stories(store, page, size))

    @app.get("/api/stories/{story_id:path}", tags=["stories"])
    def api_story(story_id: str) -> dict[str, Any]:
        """The story as a rashomon/1 document: its documents, their annotations, its facts and agreement."""
        return _story_output(store, story_id)

    @app.get("/api/documents", tags=["documents"])
    def api_documents(
        q: str | None = None, outlet: str | None = None, country: str | None = None,
        date_from: date | None = None, date_to: date | None = None, event_type: str | None = None,
        place: str | None = None, actor: str | None = None, story: str | None = None, language: str | None = None,
        page: int = 1, size: Annotated[int, Query(le=browse.MAX_PAGE_SIZE)] = browse.PAGE_SIZE,
    ) -> dict[str, Any]:
        """One page of documents (without their text), filtered; `q` is a full-text search."""
        filters = browse.Filters(q=q, outlet=outlet, country=country, date_from=date_from, date_to=date_to,
                                 event_type=event_type, place=place, actor=actor, story=story, language=language)
        listing = browse.list_documents(store, filters, page, size)
        if "error" in listing.extra:
            raise HTTPException(400, listing.extra["error"])
        return _listing(listing)

    @app.get("/api/documents/{doc_id:path}", tags=["documents"])
    def api_document(doc_id: str) -> dict[str, Any]:
        """The document as a rashomon/1 document: its text, annotations and the stories it is part of."""
        return _document_output(store, doc_id)

    @app.get("/api/facets", tags=["documents"])
    def api_facets() -> dict[str, Any]:
        """The outlets, countries and event types in the store, with how many documents have each."""
        return {k: [{"value": v, "documents": n} for v, n in rows] for k, rows in facets().items()}

    @app.get("/api/stats", tags=["store"])
    def api_stats() -> dict[str, int]:
        return store.stats()

    @app.post("/api/jobs", status_code=202, tags=["upload"])
    async def api_upload(request: Request, files: Annotated[list[UploadFile], File()],
                         token: Annotated[str | None, Form()] = None) -> dict[str, Any]:
        """Analyze uploaded files (text, HTML, JSON, JSONL, RSS/Atom) in the background; poll the job.

        Needs the server's token: header `Authorization: Bearer <token>` or form field `token`.
        """
        if not writes.allowed(request, token):
            raise HTTPException(403, BAD_TOKEN)
        try:
            return jobs.submit(await _read_uploads(files)).to_dict()
        except ValueError as err:
            raise HTTPException(400, str(err)) from None

    @app.get("/api/jobs/{job_id}", tags=["upload"])
    def api_job(job_id: str) -> dict[str, Any]:
        return _job(jobs, job_id).to_dict()

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return HTMLResponse(_page("error.html.j2", status=exc.status_code, detail=exc.detail),
                            status_code=exc.status_code)

    return app


class Writes:
    """Who may write: requests from this origin that carry the server's token; nobody when it has none."""

    def __init__(self, token: str | None) -> None:
        self.token = token.encode("utf-8") if token else None

    @property
    def enabled(self) -> bool:
        return self.token is not None

    def refusal_before_body(self, request: Request) -> tuple[int, str] | None:
        """(status, reason) when a write can be refused from its headers alone, else None."""
        if not _same_origin(request):
            # a page elsewhere must not be able to post through a visitor's browser
            return 403, "cross-origin request refused"
        if self.token is None:
            return 403, READ_ONLY
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > MAX_REQUEST_BYTES:
            return 413, f"request larger than {MAX_REQUEST_BYTES // 2**20} MB"
        bearer = _bearer(request)
        if bearer is not None and not self._matches(bearer):
            return 403, BAD_TOKEN
        return None

    def allowed(self, request: Request, form_token: str | None) -> bool:
        """The header's token or the form's matches (compared in constant time)."""
        given = _bearer(request)
        return self._matches(given if given is not None else form_token)

    def _matches(self, given: str | None) -> bool:
        if self.token is None or not given:
            return False
        return secrets.compare_digest(given.encode("utf-8"), self.token)


def _bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def _bad_address(request: Request) -> tuple[int, str] | None:
    """NUL in the path or query: no store takes it in text (PostgreSQL refuses it), so it is the client's error."""
    if "\x00" in request.url.path or "%00" in request.url.query:
        return 400, "NUL character in the address"
    return None


def _refused(request: Request, status: int, reason: str) -> Response:
    if request.url.path.startswith("/api"):
        return JSONResponse({"detail": reason}, status_code=status)
    return HTMLResponse(_page("error.html.j2", status=status, detail=reason), status_code=status)


def _same_origin(request: Request) -> bool:
    """True unless the browser says the request comes from another origin (scripts and curl send no Origin)."""
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == request.headers.get("host")


def _page(template: str, **context: Any) -> str:
    return render(template, web=True, links=LINKS, **context)


def _story_output(store: Store, story_id: str) -> dict[str, Any]:
    row = browse.get_story(store, story_id)
    if row is None:
        raise HTTPException(404, f"no story {story_id!r}")
    story = story_from_dict(row["payload"])
    agreements = agreements_from_column(row["agreement"])
    return build_output(store.load(story.docs), Comparison(stories=[story], agreements=agreements))


def _document_output(store: Store, doc_id: str) -> dict[str, Any]:
    anns = store.load([doc_id])
    if not anns:
        raise HTTPException(404, f"no document {doc_id!r}")
    rows = browse.stories_of(store, doc_id)
    comparison = Comparison(stories=[story_from_dict(r["payload"]) for r in rows],
                            agreements=[a for r in rows for a in agreements_from_column(r["agreement"])])
    output = build_output(anns, comparison)
    # The stories' other documents are not in this slice: keep only this document's part of each.
    for story in output["stories"]:
        story["docs"] = [doc_id]
        story["facts"] = [{**f, "values": [v for v in f["values"] if v["doc"] == doc_id]} for f in story["facts"]]
        story["facts"] = [f for f in story["facts"] if f["values"]]
        story["copies"] = []
    for agreement in output["agreements"]:
        agreement["docs"] = [doc_id]
        for provision in agreement["provisions"]:
            provision["mentions"] = [m for m in provision["mentions"] if m["doc"] == doc_id]
    return output


def _filters(params: dict[str, str]) -> tuple[browse.Filters, str | None]:
    """Form fields as filters; a malformed date is reported on the page instead of failing the request."""
    values: dict[str, Any] = dict(params)
    for name in ("date_from", "date_to"):
        if name in values:
            try:
                values[name] = date.fromisoformat(values[name])
            except ValueError:
                return browse.Filters(), f"{name.replace('_', ' ')}: {params[name]!r} is not a date (YYYY-MM-DD)"
    return browse.Filters(**values), None


def _pager(listing: browse.Page, path: str, params: dict[str, str]) -> dict[str, Any]:
    def at(page: int) -> str:
        return f"{path}?{urlencode({**params, 'page': page})}"

    return {"page": listing.page, "pages": listing.pages, "total": listing.total,
            "previous": at(listing.page - 1) if listing.page > 1 else None,
            "next": at(listing.page + 1) if listing.page < listing.pages else None}


def _listing(listing: browse.Page) -> dict[str, Any]:
    items = [{k: str(v) if k == "snippet" and v is not None else v for k, v in item.items() if k != "pk"}
             for item in listing.items]
    return {"items": items, "total": listing.total, "page": listing.page, "size": listing.size,
            "pages": listing.pages}


def _job(jobs: Jobs, job_id: str) -> Any:
    job = jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"no job {job_id!r}")
    return job


async def _read_uploads(files: list[UploadFile]) -> list[tuple[str, bytes]]:
    """The uploaded files' bytes; one over the size limit fails the upload with its name and the limit."""
    uploads = []
    for upload in files:
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            raise ValueError(f"{upload.filename}: larger than {MAX_UPLOAD_BYTES // 2**20} MB")
        uploads.append((upload.filename or "upload", data))
    return uploads


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    """Run the app with uvicorn; `token` (else RASHOMON_TOKEN) allows uploads, without one it is read-only."""
    import uvicorn

    if "://" not in db and not Path(db).exists():
        raise FileNotFoundError(db)
    uvicorn.run(create_app(db, token=token), host=host, port=port, log_level="info")
