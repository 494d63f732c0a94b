"""In a real browser (Playwright driving Debian's Chromium): the demo report from file:// and the web app.

Each test clicks through as an analyst would and asserts on what the page shows; screenshots go to
test-artifacts/browser/. Every request the browser makes is recorded, and any request to a host other
than the app's own (or to anything but file:// for the report) fails the test.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = os.environ.get("RASHOMON_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM:
    pytest.skip("no Chromium (scripts/test.sh installs Debian's chromium)", allow_module_level=True)

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "browser"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
TOKEN = "browser-test-token"
UPLOADED = "A convoy of grain lorries crossed the Zelenbrod bridge on Friday, the port authority said."


@pytest.fixture(scope="module")
def demo(tmp_path_factory, examples_dir):
    from rashomon.analysis import analyze

    folder = tmp_path_factory.mktemp("browser")
    db, report = folder / "demo.db", folder / "report"
    analyze([str(examples_dir)], db=str(db), report_dir=report)
    return db, report


@pytest.fixture(scope="module")
def server(demo):
    import uvicorn

    from rashomon.present.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app_server = uvicorn.Server(uvicorn.Config(create_app(str(demo[0]), token=TOKEN), host="127.0.0.1", port=port,
                                               log_level="warning"))
    thread = threading.Thread(target=app_server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if app_server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    app_server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    """A fresh page whose every request is recorded; the test fails if one leaves the allowed origin."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    requested: list[str] = []
    context.on("request", lambda r: requested.append(r.url))
    tab = context.new_page()
    tab.requested = requested
    yield tab
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}-last.png"), full_page=True)
    context.close()
    allowed = getattr(tab, "allowed_origin", "file://")
    strangers = [u for u in requested if not (u.startswith(allowed) or u.startswith(("data:", "about:")))]
    assert not strangers, f"requests left {allowed}: {strangers[:5]}"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def follow(page, link) -> None:
    """Click a link and wait for the page it opens; a screenshot or query made while the old
    page is being replaced can hang until its timeout (seen once in CI)."""
    with page.expect_navigation():
        link.click()


def follow_first_conflict(page) -> str:
    """Click the first evidence link in a conflict row; return the value clicked."""
    link = page.locator("tr:has(.verdict.conflict) a.evidence").first
    value = link.inner_text()
    follow(page, link)
    return value


def assert_landed_on_evidence(page, value: str) -> None:
    fragment = page.url.split("#", 1)[1]
    assert page.locator(f"[id='{fragment}']").count() == 1
    # the text right after the anchor is the document's own wording of the value
    following = page.evaluate("""id => {
        const range = document.createRange();
        range.setStartAfter(document.getElementById(id));
        range.setEndAfter(document.querySelector('.doctext').lastChild);
        return range.toString().slice(0, 200);
    }""", fragment)
    assert re.search(r"\d+", value) is None or re.search(r"\d+", value).group() in following or any(
        w.lower() in following.lower() for w in ("twelve", "fifteen", "dozen", "ten"))


def test_browser_report_from_file_links_a_conflict_to_its_sentence(page, demo):
    page.goto((demo[1] / "index.html").as_uri())
    assert page.title() == "Stories · Rashomon"
    follow(page, page.locator("main ul a").first)
    shot(page, "report-story")
    assert page.locator("svg[role=img]").count() == 2  # the timeline and the map, drawn inline
    value = follow_first_conflict(page)
    shot(page, "report-evidence")
    assert page.url.startswith("file://") and "/doc-" in page.url
    assert_landed_on_evidence(page, value)


def test_browser_web_story_to_evidence_and_back(page, server):
    page.allowed_origin = server
    page.goto(server + "/")
    follow(page, page.locator("main ul a").first)
    story_url = page.url
    assert "/stories/" in story_url and page.locator("#summary h3").first.inner_text().startswith("Agreed core")
    value = follow_first_conflict(page)
    shot(page, "web-evidence")
    assert "/documents/" in page.url
    assert_landed_on_evidence(page, value)
    follow(page, page.locator("#cited a[href*='/stories/']").first)
    assert page.url.split("#")[0] == story_url.split("#")[0]
    assert page.evaluate("document.querySelector(':target') !== null")


def test_browser_web_filter_by_outlet_and_search(page, server):
    page.allowed_origin = server
    page.goto(server + "/documents")
    options = page.locator("select[name=outlet] option").all_inner_texts()
    outlet = options[1].rsplit(" (", 1)[0]
    page.select_option("select[name=outlet]", outlet)
    follow(page, page.get_by_role("button", name="Apply"))
    shot(page, "web-filter")
    cells = page.locator("main table tr td:first-child").all_inner_texts()
    assert cells and set(cells) == {outlet}
    page.fill("header input[type=search]", "ceasefire")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    shot(page, "web-search")
    assert "matching “ceasefire”" in page.locator("[role=status]").inner_text()
    hits = page.locator("mark.hit").all_inner_texts()
    assert hits and all(h.lower().startswith("ceasefire") for h in hits)


def test_browser_web_upload_shows_progress_then_the_document(page, server, tmp_path):
    page.allowed_origin = server
    report = tmp_path / "zelenbrod.txt"
    report.write_text(UPLOADED, encoding="utf-8")
    page.goto(server + "/upload")
    page.fill("input[name=token]", TOKEN)
    page.set_input_files("input[type=file]", str(report))
    page.get_by_role("button", name="Analyze").click()
    page.wait_for_url(re.compile(r".*/jobs/\w+"))
    page.wait_for_selector("#job-status:has-text('done')", timeout=120_000)
    shot(page, "web-upload-done")
    assert "1 documents analyzed" in page.locator("#job-status").inner_text()
    page.goto(server + "/documents?q=Zelenbrod")
    follow(page, page.locator("main table a", has_text="zelenbrod").first)
    assert "Zelenbrod" in page.locator(".doctext").inner_text()
    assert page.locator(".doctext mark.place").count() >= 1 or page.locator(".doctext mark.time").count() >= 1


def test_browser_small_screen_and_keyboard(browser, server):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(server + "/")
    follow(page, page.locator("main ul a").first)
    shot(page, "web-story-360px")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # wide tables scroll inside their box
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    page.keyboard.press("Tab")  # the first thing after the skip target is the page's own first link
    assert page.evaluate("document.activeElement.closest('main') !== null")
    context.close()


def test_browser_report_marks_a_document_it_reads_only_in_part(page, tmp_path):
    """A Russian report and an English one with a Russian caption: the index and the Russian document's page
    say what was not analyzed; the English page links to its Russian stretch."""
    import json

    from rashomon.analysis import analyze

    texts = [{"id": "ru-1", "outlet": "Vestnik", "published": "2023-03-03", "title": "Переговоры в Анкаре",
              "text": "Министр иностранных дел России провёл переговоры в Анкаре в пятницу.\n"
                      "Стороны подписали заявление о прекращении огня, сообщила пресс-служба."},
             {"id": "en-1", "outlet": "Wire", "published": "2023-03-03", "title": "Talks in Ankara",
              "text": "Фото: пресс-служба министерства обороны\nThe Russian foreign minister held talks in "
                      "Ankara on Friday, and the two sides signed a ceasefire statement, his ministry said."}]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")
    analyze([str(source)], db=str(tmp_path / "db.sqlite"), report_dir=tmp_path / "report")
    page.goto((tmp_path / "report" / "index.html").as_uri())
    row = page.locator("tr", has_text="Переговоры в Анкаре")
    assert "Russian" in row.inner_text() and "not fully analyzed" in row.inner_text()
    assert "not fully analyzed" not in page.locator("tr", has_text="Talks in Ankara").inner_text()
    follow(page, row.locator("a"))
    note = page.locator("[role=note]")
    assert note.inner_text().startswith("Not fully analyzed (language Russian)")
    shot(page, "report-partly-analyzed")
    page.goto((tmp_path / "report" / "index.html").as_uri())
    follow(page, page.locator("tr", has_text="Talks in Ankara").locator("a"))
    assert page.locator("[role=note]").count() == 0
    follow(page, page.get_by_role("link", name="Russian", exact=True))
    assert page.url.endswith("-0")  # the anchor at the caption's first character
