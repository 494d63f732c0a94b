"""The web app over a store holding the hand-made reports: pages, filters, search, API, upload, safety.

Runs on both backends (the full-text search is FTS5 on SQLite and tsvector on PostgreSQL).
"""
from __future__ import annotations

import re
import time
from dataclasses import replace
from types import SimpleNamespace
from urllib.parse import quote, urlencode

import pytest
from fastapi.testclient import TestClient
from handmade import PAPER, comparison, paper, wire

from rashomon.model import Annotations, Document
from rashomon.present.markup import anchor_id
from rashomon.present.output import validate_output
from rashomon.present.web import create_app
from rashomon.store import open_store

WIRE_ID, PAPER_ID = "wire/1 #a", "paper 2"
TOKEN = "test-token-5f0c1e"
AUTH = {"authorization": f"Bearer {TOKEN}"}


@pytest.fixture(autouse=True)
def no_token_in_environment(monkeypatch):
    monkeypatch.delenv("RASHOMON_TOKEN", raising=False)


def filled(db: str, extra: int = 0) -> str:
    with open_store(db) as store:
        store.save(wire())
        store.save(paper())
        for i in range(extra):
            text = f"Filler report number {i} about the harvest in the valley."
            store.save(Annotations(doc=Document(id=f"filler-{i}", text=text, hash=f"f{i}", outlet="Farm Weekly",
                                                published=f"2023-08-{1 + i % 28:02d}")))
        store.save_comparison(comparison())
    return db


@pytest.fixture
def client(db_url):
    with TestClient(create_app(filled(db_url))) as c:
        yield c


def doc_url(doc_id: str) -> str:
    return f"/documents/{quote(doc_id, safe='')}"


def ids(response) -> list[str]:
    return [item["id"] for item in response.json()["items"]]


def test_web_index_lists_the_story_with_its_counts(client):
    page = client.get("/").text
    assert "Deaths in Khankendi" in page and "2 documents" in page and "1 conflicts" in page


def test_web_story_page_links_each_mark_to_its_sentence(client):
    page = client.get(f"/stories/{quote('story/1', safe='')}").text
    row = re.search(r'<tr id="fact-number_killed[^"]*">(.*?)</tr>', page, re.S).group(1)
    assert '<span class="verdict conflict">conflict</span>' in row
    links = re.findall(r'<a class="evidence" href="([^"]+)">(\d+)</a>', row)
    assert [value for _, value in links] == ["12", "15"]
    for href, _ in links:
        path, fragment = href.split("#")
        target = client.get(path).text
        assert f'id="{fragment}"' in target  # the anchor exists on the document page it points to
    assert anchor_id(PAPER_ID, PAPER.index("Fifteen")) in links[1][0]
    assert "<svg" in page and "UTC" in page  # timeline and map are drawn inline


def test_web_story_page_shows_agreement_and_framing(client):
    page = client.get(f"/stories/{quote('story/1', safe='')}").text
    assert 'id="agreement"' in page and "RUS-PKO" in page and "2023-09-20T09:00:00Z UTC" in page
    assert "delegitimising" in page and "armed groups" in page


def test_web_document_page_escapes_text_and_links_back(client):
    page = client.get(doc_url(PAPER_ID)).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script" not in page
    assert '<mark class="place"' in page
    assert "Cited in comparisons" in page and "/stories/story%2F1#fact-number_killed" in page


def test_web_unknown_story_and_document_are_404(client):
    assert client.get("/stories/none").status_code == 404
    assert client.get(doc_url("none")).status_code == 404
    answer = client.get("/api/stories/none")
    assert answer.status_code == 404 and answer.json() == {"detail": "no story 'none'"}


@pytest.mark.parametrize(("query", "expected"), [
    ({"outlet": "Wire"}, [WIRE_ID]),
    ({"country": "az"}, [PAPER_ID, WIRE_ID]),
    ({"date_from": "2023-09-21"}, [PAPER_ID]),
    ({"date_to": "2023-09-20"}, [WIRE_ID]),
    ({"event_type": "assault", "actor": "NKR-REB"}, [WIRE_ID]),
    ({"place": "146970"}, [PAPER_ID, WIRE_ID]),
    ({"place": "Stepanakert"}, [PAPER_ID]),
    ({"place": "the valley"}, [PAPER_ID]),
    ({"story": "story/1", "outlet": "Daily Paper"}, [PAPER_ID]),
    ({"outlet": "Nobody"}, []),
])
def test_web_api_filters(client, query, expected):
    assert ids(client.get("/api/documents", params=query)) == expected


def test_web_full_text_search_finds_words_and_phrases(client):
    answer = client.get("/api/documents", params={"q": "fifteen died"}).json()
    assert [i["id"] for i in answer["items"]] == [PAPER_ID]
    assert '<mark class="hit">' in answer["items"][0]["snippet"]
    assert ids(client.get("/api/documents", params={"q": '"killed in Khankendi"'})) == [WIRE_ID]
    assert ids(client.get("/api/documents", params={"q": '"Khankendi killed"'})) == []


@pytest.mark.parametrize("query", ['"', "AND (", "NEAR(x", "*", "col:umn", "'; DROP TABLE documents; --"])
def test_web_search_syntax_never_breaks_the_page(client, query):
    page = client.get("/documents", params={"q": query})
    assert page.status_code in (200, 400) and "<h1>Documents</h1>" in page.text
    assert client.get("/api/stats").json()["documents"] == 2


def test_web_documents_page_filters_and_pages(db_url):
    with TestClient(create_app(filled(db_url, extra=25))) as client:
        first = client.get("/documents", params={"outlet": "Farm Weekly"}).text
        assert "25 documents" in first and "Page 1 of 2" in first
        assert 'href="/documents?outlet=Farm+Weekly&amp;page=2"' in first
        second = client.get("/documents", params={"outlet": "Farm Weekly", "page": 2}).text
        assert second.count('href="/documents/filler-') == 5
        api = client.get("/api/documents", params={"size": 10, "page": 3}).json()
        assert (api["total"], api["pages"], len(api["items"])) == (27, 3, 7)


def test_web_documents_page_reports_a_bad_date(client):
    page = client.get("/documents", params={"date_from": "20/09/2023"})
    assert page.status_code == 400 and "is not a date (YYYY-MM-DD)" in page.text


def test_web_api_answers_are_valid_rashomon_documents(client):
    story = client.get(f"/api/stories/{quote('story/1', safe='')}").json()
    validate_output(story)
    assert [d["id"] for d in story["documents"]] == [WIRE_ID, PAPER_ID] and story["agreements"]
    document = client.get(f"/api/documents/{quote(PAPER_ID, safe='')}").json()
    validate_output(document)
    assert [d["id"] for d in document["documents"]] == [PAPER_ID]
    assert [v["value"] for f in document["stories"][0]["facts"] for v in f["values"]] == ["15", "Khankendi"]


def test_web_api_lists_stories_and_facets(client):
    stories = client.get("/api/stories").json()
    assert stories["total"] == 1 and stories["items"][0]["conflicts"] == 1
    facets = client.get("/api/facets").json()
    assert {"value": "AZ", "documents": 2} in facets["country"]
    assert client.get("/api/documents", params={"size": 10_000}).status_code == 422


def test_web_openapi_and_its_page(client):
    spec = client.get("/api/openapi.json").json()
    assert {"/api/stories", "/api/documents", "/api/jobs"} <= set(spec["paths"])
    page = client.get("/api").text
    assert "GET /api/documents" in page and "date_from" in page


def test_web_pages_send_no_one_elsewhere(client):
    for path in ("/", "/documents", doc_url(WIRE_ID), f"/stories/{quote('story/1', safe='')}", "/upload", "/api"):
        response = client.get(path)
        assert "default-src 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
        assert not re.search(r"""(src|href|action)=["']?(https?:)?//""", response.text), path
        assert "<script" not in response.text


def stub_analyze(db, seen):
    """Stands in for rashomon.analysis.analyze: stores each uploaded file as a document, fails on 'bad'."""
    def analyze(paths, *, db, on_error, on_progress):
        stored = 0
        with open_store(db) as store:
            for path in paths:
                text = open(path, encoding="utf-8", errors="replace").read()
                seen.append(path)
                if "bad" in text:
                    on_error(f"{path}: not a report")
                    continue
                stored += store.save(Annotations(doc=replace(wire().doc, id=path, text=text, hash=text)))
                on_progress(1)
        return SimpleNamespace(analyzed=stored, skipped=0)
    return analyze


def wait_for(client, job_id):
    for _ in range(100):
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError("job did not finish")


def test_web_upload_runs_a_job_and_names_bad_files_as_uploaded(tmp_path):
    seen: list[str] = []
    db = filled(str(tmp_path / "w.db"))
    with TestClient(create_app(db, analyze=stub_analyze(db, seen), token=TOKEN)) as client:
        files = [("files", ("../../etc/a.txt", b"A new report.")), ("files", ("b.txt", b"bad bytes"))]
        answer = client.post("/upload", data={"token": TOKEN}, files=files, follow_redirects=False)
        assert answer.status_code == 303
        job_id = answer.headers["location"].rsplit("/", 1)[1]
        job = wait_for(client, job_id)
        assert job["status"] == "done" and job["analyzed"] == 1
        assert job["errors"] == ["b.txt: not a report"]
        assert all("/etc/" not in p and "/tmp/" in p for p in seen)  # stored under safe names in a private folder
        page = client.get(f"/jobs/{job_id}").text
        assert "done" in page and "b.txt: not a report" in page and 'http-equiv="refresh"' not in page
        assert client.get("/api/stats").json()["documents"] == 3


def test_web_upload_without_files_is_refused(tmp_path):
    with TestClient(create_app(filled(str(tmp_path / "w.db")), token=TOKEN)) as client:
        assert client.post("/api/jobs", headers=AUTH).status_code == 422
        assert client.get("/api/jobs/nope").status_code == 404


def test_web_refuses_posts_from_other_origins_even_with_the_token(tmp_path):
    with TestClient(create_app(filled(str(tmp_path / "w.db")), token=TOKEN)) as client:
        other = client.post("/api/jobs", headers={"origin": "https://evil.example", **AUTH},
                            files=[("files", ("a.txt", b"A report."))])
        assert other.status_code == 403 and other.json() == {"detail": "cross-origin request refused"}
        assert other.headers["x-content-type-options"] == "nosniff"
        assert client.get("/api/stats").json()["documents"] == 2


# --- write token (#11) -----------------------------------------------------------------------------

def uploads(name: str = "a.txt") -> list:
    return [("files", (name, b"A new report about the harvest."))]


def test_web_without_a_token_is_read_only(tmp_path):
    seen: list[str] = []
    db = filled(str(tmp_path / "w.db"))
    with TestClient(create_app(db, analyze=stub_analyze(db, seen))) as client:
        page = client.get("/upload").text
        assert "This server is read-only" in page and "<form method=\"post\"" not in page
        for token in (None, "", TOKEN):
            form = client.post("/upload", data={"token": token} if token is not None else {}, files=uploads())
            assert form.status_code == 403 and "read-only" in form.text and "<h1>403</h1>" in form.text
            api = client.post("/api/jobs", headers={"authorization": f"Bearer {token}"}, files=uploads())
            assert api.status_code == 403 and api.json()["detail"].startswith("read-only:")
    assert seen == [] and open_store(db).stats()["documents"] == 2


def test_web_token_from_the_environment_allows_uploads(tmp_path, monkeypatch):
    monkeypatch.setenv("RASHOMON_TOKEN", TOKEN)
    seen: list[str] = []
    db = filled(str(tmp_path / "w.db"))
    with TestClient(create_app(db, analyze=stub_analyze(db, seen))) as client:
        assert 'name="token"' in client.get("/upload").text
        answer = client.post("/api/jobs", headers=AUTH, files=uploads())
        assert answer.status_code == 202 and wait_for(client, answer.json()["id"])["analyzed"] == 1
    monkeypatch.setenv("RASHOMON_TOKEN", "")
    with TestClient(create_app(db)) as client:
        assert client.post("/api/jobs", headers=AUTH, files=uploads()).status_code == 403


@pytest.mark.parametrize(("headers", "form"), [
    ({}, {}),
    ({}, {"token": ""}),
    ({}, {"token": TOKEN[:-1]}),
    ({}, {"token": TOKEN + "x"}),
    ({}, {"token": "тoken-ü"}),  # not ASCII: compare_digest on str would raise; bytes do not
    ({"authorization": f"Bearer {TOKEN[:-1]}"}, {"token": TOKEN}),  # a wrong header is not saved by the form
    ({"authorization": f"Basic {TOKEN}"}, {}),
    ({"authorization": TOKEN}, {}),
])
def test_web_wrong_or_missing_token_is_refused(tmp_path, headers, form):
    seen: list[str] = []
    db = filled(str(tmp_path / "w.db"))
    with TestClient(create_app(db, analyze=stub_analyze(db, seen), token=TOKEN)) as client:
        api = client.post("/api/jobs", headers=headers, data=form, files=uploads())
        assert api.status_code == 403 and "a valid token is required" in api.json()["detail"]
        page = client.post("/upload", headers=headers, data=form, files=uploads())
        assert page.status_code == 403 and "a valid token is required" in page.text
    assert seen == []


def test_web_token_compared_in_constant_time(tmp_path, monkeypatch):
    import rashomon.present.web as web

    compared: list[tuple[bytes, bytes]] = []

    def spy(a, b):
        compared.append((a, b))
        return web.secrets.__dict__["_real_compare_digest"](a, b)

    monkeypatch.setitem(web.secrets.__dict__, "_real_compare_digest", web.secrets.compare_digest)
    monkeypatch.setattr(web.secrets, "compare_digest", spy)
    db = filled(str(tmp_path / "w.db"))
    with TestClient(create_app(db, analyze=stub_analyze(db, []), token=TOKEN)) as client:
        assert client.post("/upload", data={"token": TOKEN}, files=uploads(), follow_redirects=False).status_code == 303
        assert client.post("/upload", data={"token": "nope"}, files=uploads()).status_code == 403
    assert compared == [(TOKEN.encode(), TOKEN.encode()), (b"nope", TOKEN.encode())]


def test_web_oversized_request_refused_before_it_is_read(tmp_path):
    with TestClient(create_app(filled(str(tmp_path / "w.db")), token=TOKEN)) as client:
        answer = client.post("/api/jobs", headers={**AUTH, "content-length": str(2**40)}, content=b"x")
        assert answer.status_code == 413 and "larger than" in answer.json()["detail"]


# --- hostile documents: everything a page shows from a document is inert (#11) -----------------------

SCRIPT = '<script>alert("s")</script>'
JS_LINK = '<a href="javascript:alert(1)">click</a>'
QUOTES = "\" onmouseover=\"alert(2)\" x=\"' onfocus='alert(3)' autofocus '"
IMG = "<img src=x onerror=alert(4)>"
SVG = "</title></textarea><svg onload=alert(5)>"
CODE = '"><svg onload=1'  # short enough for the code columns (sector, country), which have widths
IN_TEXT = (SCRIPT, JS_LINK, QUOTES, IMG, SVG)
PAYLOADS = (*IN_TEXT, CODE)
HOSTILE_TEXT = f"Twelve were killed in Khankendi. {SCRIPT} {JS_LINK} {QUOTES} {IMG} {SVG} Alert over."
HOSTILE_ID = f'x"><script>alert(6)</script>{QUOTES}'
HOSTILE_STORY = "st'\"><svg onload=alert(8)>"


def hostile_store(db: str) -> str:
    """A document whose text, id, title, outlet, url and every annotation are attacks, in a hostile story."""
    from rashomon.model import (
        ActorMention,
        Comparison,
        Event,
        Fact,
        FactValue,
        FramingMention,
        PlaceMention,
        Story,
        TimeMention,
    )

    def span(part: str) -> dict:
        start = HOSTILE_TEXT.index(part)
        return {"doc": HOSTILE_ID, "start": start, "end": start + len(part), "text": part}

    doc = Document(id=HOSTILE_ID, text=HOSTILE_TEXT, hash="hostile", outlet=f"{QUOTES}{SCRIPT}",
                   published="2023-09-20", title=f"{IMG}{QUOTES}", url="javascript:alert(7)", source=SCRIPT)
    ann = Annotations(
        doc=doc,
        places=[PlaceMention(**span(SCRIPT), geonames_id=146970, name=SVG, lat=39.8, lon=46.7, country='"<')],
        times=[TimeMention(**span(QUOTES), type="DATE", value=IMG, utc=None)],
        actors=[ActorMention(**span(IMG), actor=SCRIPT, country="ARM", sector=CODE)],
        framing=[FramingMention(**span(JS_LINK), kind="loaded-term", perspective=SCRIPT, neutral=QUOTES)],
        events=[Event(id=SCRIPT, doc=HOSTILE_ID, start=0, end=len(HOSTILE_TEXT), type=IMG, trigger=QUOTES,
                      source=SCRIPT, target=JS_LINK, factuality="happened", attribution=[SVG])],
    )
    story = Story(id=HOSTILE_STORY, docs=[HOSTILE_ID, WIRE_ID], title=SCRIPT + QUOTES, facts=[
        Fact(aspect="number", key=QUOTES, verdict="conflict",
             values=[FactValue(doc=HOSTILE_ID, value=IMG, **{k: v for k, v in span(SVG).items() if k in
                                                            ("start", "end")}),
                     FactValue(doc=WIRE_ID, value=JS_LINK, start=0, end=6)])])
    with open_store(db) as store:
        store.save(wire())
        store.save(ann)
        store.save_comparison(Comparison(stories=[story]))
    return db


def assert_inert(html: str, where: str) -> None:
    """No script, no event handler, no javascript: URL; and no payload survives unescaped."""
    import lxml.html

    tree = lxml.html.document_fromstring(html)
    assert not tree.xpath("//script|//iframe|//object|//embed|//img[@onerror]"), where
    for element in tree.iter():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (where, element.tag, name)
            if name.lower() in ("href", "src", "action", "formaction", "xlink:href"):
                assert not value.strip().lower().startswith(("javascript:", "data:text")), (where, value)
    for payload in PAYLOADS:
        assert payload not in html, (where, payload)


def test_web_hostile_documents_render_inert_on_every_page(db_url):
    db = hostile_store(db_url)
    story, doc = quote(HOSTILE_STORY, safe=""), quote(HOSTILE_ID, safe="")
    with TestClient(create_app(db)) as client:
        pages = {
            "stories": "/", "story": f"/stories/{story}", "documents": "/documents",
            "search": "/documents?q=alert", "filtered": f"/documents?{urlencode({'outlet': QUOTES + SCRIPT})}",
            "document": f"/documents/{doc}", "missing document": f"/documents/{quote(SCRIPT, safe='')}",
            "missing story": f"/stories/{quote(IMG, safe='')}", "upload": "/upload", "api": "/api",
            "bad filter": f"/documents?{urlencode({'date_from': SCRIPT})}",
        }
        for name, url in pages.items():
            response = client.get(url)
            assert response.status_code in (200, 400, 404), name
            assert response.headers["content-type"].startswith("text/html"), name
            assert_inert(response.text, name)
        shown = client.get(f"/documents/{doc}").text
        text = lxml_text(shown)
        for payload in IN_TEXT:  # shown as the words they are, not dropped
            assert payload in text
        assert "javascript:alert(7)" in text and 'href="javascript' not in shown
        assert lxml_text(client.get("/documents?q=alert").text).count("alert") >= 2
        api = client.get(f"/api/documents/{doc}")
        assert api.headers["content-type"] == "application/json" and api.json()["documents"][0]["text"] == HOSTILE_TEXT


def lxml_text(html: str) -> str:
    import lxml.html

    return lxml.html.document_fromstring(html).text_content()


def test_web_hostile_upload_names_and_errors_render_inert(tmp_path):
    db = filled(str(tmp_path / "w.db"))

    def analyze(paths, *, db, on_error, on_progress):
        for path in paths:
            on_error(f"{path}: {SCRIPT} {QUOTES}")
        return SimpleNamespace(analyzed=0, skipped=0)

    with TestClient(create_app(db, analyze=analyze, token=TOKEN)) as client:
        answer = client.post("/api/jobs", headers=AUTH, files=uploads(f"{SCRIPT}{QUOTES}.txt"))
        job = wait_for(client, answer.json()["id"])
        page = client.get(f"/jobs/{job['id']}").text
        assert_inert(page, "job")
        assert "alert(2)" in lxml_text(page)  # the error is shown, escaped
        assert_inert(client.post("/upload", data={"token": "x"}, files=uploads(SCRIPT)).text, "refused upload")


# --- SQL injection in search and filters (#11) ---------------------------------------------------------

INJECTIONS = [
    "' OR 1=1 --", "'; DROP TABLE documents; --", '" OR ""="', "1' UNION SELECT id, text FROM documents --",
    "%' OR '%'='", "') OR ('a'='a", "*/ OR 1=1 /*", "\\", "%", "_", "1; SELECT pg_sleep(5)",
    "x' AND (SELECT COUNT(*) FROM documents) > 0 AND 'a'='a", "\u2019 OR 1=1", "NULL", "' || '",
]


@pytest.mark.parametrize("injection", INJECTIONS)
def test_web_sql_injection_in_search_and_filters_matches_nothing(client, injection):
    for field in ("q", "outlet", "country", "event_type", "place", "actor", "story"):
        api = client.get("/api/documents", params={field: injection})
        assert api.status_code in (200, 400), (field, api.text)
        if api.status_code == 200:
            assert ids(api) == [], (field, injection)
        page = client.get("/documents", params={field: injection})
        assert page.status_code in (200, 400) and "<h1>Documents</h1>" in page.text, field
    for field in ("date_from", "date_to"):
        assert client.get("/api/documents", params={field: injection}).status_code == 422
        assert client.get("/documents", params={field: injection}).status_code == 400
    assert client.get("/api/stats").json()["documents"] == 2
    assert ids(client.get("/api/documents", params={"outlet": "Wire"})) == [WIRE_ID]  # the table is intact


def test_web_nul_in_a_query_is_not_a_server_error(client):
    for field in ("q", "outlet", "place"):
        assert client.get("/api/documents", params={field: "a\x00b"}).status_code in (200, 400), field
        assert client.get("/documents", params={field: "a\x00b"}).status_code in (200, 400), field


def test_web_documents_filter_and_facet_by_language(db_url):
    filled(db_url)
    with open_store(db_url) as store:
        store.save(Annotations(doc=Document(id="ru-1", text="Стороны подписали заявление.", hash="ru1",
                                            outlet="Vestnik", language="ru")))
    with TestClient(create_app(db_url)) as client:
        assert ids(client.get("/api/documents", params={"language": "ru"})) == ["ru-1"]
        assert ids(client.get("/api/documents", params={"language": "ar"})) == []
        assert {"value": "ru", "documents": 1} in client.get("/api/facets").json()["language"]
        page = client.get("/documents", params={"language": "ru"}).text
        assert '<option value="ru" selected>Russian (1)</option>' in page
        assert "not fully analyzed" in page  # the listing's language column
