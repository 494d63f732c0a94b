"""The web app over a store holding the hand-made reports: pages, filters, search, API, upload, safety.

Runs on both backends (the full-text search is FTS5 on SQLite and tsvector on PostgreSQL).
"""
from __future__ import annotations

import re
import time
from dataclasses import replace
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from handmade import PAPER, comparison, paper, wire

from rashomon.model import Annotations, Document
from rashomon.present.markup import anchor_id
from rashomon.present.output import validate_output
from rashomon.present.web import create_app
from rashomon.store import open_store

WIRE_ID, PAPER_ID = "wire/1 #a", "paper 2"


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
    with TestClient(create_app(db, analyze=stub_analyze(db, seen))) as client:
        answer = client.post("/upload", files=[("files", ("../../etc/a.txt", b"A new report.")),
                                               ("files", ("b.txt", b"bad bytes"))], follow_redirects=False)
        assert answer.status_code == 303
        job_id = answer.headers["location"].rsplit("/", 1)[1]
        job = wait_for(client, job_id)
        assert job["status"] == "done" and job["analyzed"] == 1
        assert job["errors"] == ["b.txt: not a report"]
        assert all("/etc/" not in p and "/tmp/" in p for p in seen)  # stored under safe names in a private folder
        page = client.get(f"/jobs/{job_id}").text
        assert "done" in page and "b.txt: not a report" in page and 'http-equiv="refresh"' not in page
        assert client.get("/api/stats").json()["documents"] == 3


def test_web_upload_without_files_is_refused(client):
    assert client.post("/api/jobs").status_code == 422
    assert client.get("/api/jobs/nope").status_code == 404


def test_web_refuses_posts_from_other_origins(client):
    other = client.post("/api/jobs", headers={"origin": "https://evil.example"},
                        files=[("files", ("a.txt", b"A report."))])
    assert other.status_code == 403 and other.json() == {"detail": "cross-origin request refused"}
    assert client.get("/api/stats").json()["documents"] == 2
