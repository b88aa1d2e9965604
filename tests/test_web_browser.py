"""End to end in a real headless Chromium (Python Playwright, Debian's /usr/bin/chromium): a journalist's path
from the stories list to a story, its differing figures, an article and a quote's speaker; a deep link to a
figure; and a hostile article that must stay inert. Every request must stay on the server.

``NEWSTRACE_SCREENSHOTS=1`` also writes docs/story.png and docs/article.png (the README's pictures).
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import uvicorn

from newstrace.store import Corpus
from newstrace.web import create_app
from test_web import EVIL_ARTICLE, EVIL_ID, SAMPLES  # tests/ is on sys.path (rootdir conftest)

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
DOCS = Path(__file__).resolve().parents[1] / "docs"
HARBOR_TITLE = "Tanker fire in Rotterdam port injures at least 14 crew"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium: install Debian's "
                       "(apt-get install chromium chromium-driver; .ci/run does) to run the browser tests"),
]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The UI over the sample corpus and a hostile article, served by uvicorn in a thread on a free port."""
    db = tmp_path_factory.mktemp("browser") / "corpus.db"
    with Corpus(db) as corpus:
        corpus.ingest([SAMPLES])
        corpus.ingest_records([EVIL_ARTICLE])
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Watch:
    """What a page did besides rendering: requests, console errors (CSP violations among them), dialogs."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []


@pytest.fixture
def page(browser, base_url: str) -> Iterator[tuple[object, Watch]]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
    pg = context.new_page()
    watch = Watch()
    pg.on("request", lambda r: watch.requests.append(r.url))
    pg.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: watch.errors.append(str(e)))

    def on_dialog(d) -> None:  # type: ignore[no-untyped-def]
        watch.dialogs.append(d.message)
        d.dismiss()

    pg.on("dialog", on_dialog)
    yield pg, watch
    context.close()
    assert all(u.startswith(base_url + "/") for u in watch.requests), watch.requests  # nothing from elsewhere
    assert watch.errors == []  # no script error, no blocked resource or inline code


def _screenshot(pg, name: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pg.set_viewport_size({"width": 1400, "height": 1240})
    pg.screenshot(path=str(tmp_path / name))
    assert (tmp_path / name).stat().st_size > 10_000
    if os.environ.get("NEWSTRACE_SCREENSHOTS") == "1":
        DOCS.mkdir(exist_ok=True)
        pg.screenshot(path=str(DOCS / name))


def test_from_stories_to_a_quote_and_its_speaker(page, base_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    pg, _ = page
    pg.goto(base_url + "/")
    pg.get_by_role("link", name=HARBOR_TITLE).click()
    expect(pg).to_have_url(re.compile(r"/stories/s\d+$"))
    expect(pg.locator(".source-card")).to_have_count(5)

    differing = pg.locator("tr.status-differs a.value.differs")
    expect(differing.first).to_be_visible()
    agreeing = pg.locator("tr.status-corroborated a.value").first
    colour = "e => getComputedStyle(e).backgroundColor"
    assert differing.first.evaluate(colour) != agreeing.evaluate(colour)  # marked so that it shows
    assert differing.first.evaluate("e => getComputedStyle(e, '::before').content") == '"≠ "'
    _screenshot(pg, "story.png", tmp_path)

    pg.locator(".source-card h3 a", has_text=HARBOR_TITLE).click()
    expect(pg).to_have_url(re.compile(r"/articles/harbor-01$"))
    quote_mark = pg.locator("#article-text .hl-quote[data-f-speaker]").nth(1)
    speaker = quote_mark.get_attribute("data-f-speaker")
    assert speaker
    quote_mark.click()
    details = pg.locator("#details")
    expect(details.locator(".rec-quote dd.f-speaker")).to_have_text(speaker)
    expect(details.locator(".rec-quote blockquote")).to_have_text(quote_mark.get_attribute("data-f-text") or "")
    expect(pg.locator(f"#article-text .hl.selected[data-rec='{quote_mark.get_attribute('data-rec')}']").first) \
        .to_be_visible()
    _screenshot(pg, "article.png", tmp_path)

    pg.locator("a.rec-link.k-figure").first.click()  # the side panel selects a figure
    expect(details.locator(".rec-figure dd.f-value")).to_be_visible()


def test_a_differing_value_opens_its_figure_in_the_article(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    pg, _ = page
    pg.goto(base_url + "/")
    pg.get_by_role("link", name=HARBOR_TITLE).click()
    value = pg.locator("tr.status-differs a.value.differs").first
    label = value.inner_text().removeprefix("≠ ").strip()
    value.click()
    expect(pg).to_have_url(re.compile(r"/articles/[^#]+#figure-\d+-\d+$"))
    anchor = pg.url.rsplit("#", 1)[1]
    expect(pg.locator(f"[id='{anchor}']")).to_have_class(re.compile(r"\bselected\b"))
    expect(pg.locator("#details .rec-figure dd.f-value").first).to_have_text(label)


def test_hostile_article_stays_inert(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    pg, watch = page
    pg.goto(base_url + "/articles/" + quote(EVIL_ID, safe=""))
    expect(pg.locator("h1")).to_have_text(EVIL_ARTICLE.title or "")
    expect(pg.locator("#article-text")).to_have_text(EVIL_ARTICLE.text)
    marks = pg.locator("#article-text .hl")
    assert marks.count() >= 3
    for i in range(marks.count()):
        marks.nth(i).hover()
        marks.nth(i).click()
    spoken = pg.locator("#article-text .hl-quote[data-f-speaker*='<script>']")
    if spoken.count():  # the extractor takes "<script>…" for the speaker: shown as text
        spoken.first.click()
        expect(pg.locator("#details .rec-quote dd.f-speaker")).to_contain_text("<script>alert(1)</script>")
    assert pg.evaluate("document.scripts.length") == 1
    assert pg.evaluate("document.querySelectorAll('img, iframe, [onmouseover], [onerror]').length") == 0
    assert watch.dialogs == []
