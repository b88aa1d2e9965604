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

from newstrace.corpus import Corpus
from newstrace.web import create_app
from test_web import EVIL_ARTICLE, EVIL_ID, SAMPLES  # tests/ is on sys.path (rootdir conftest)

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
DOCS = Path(__file__).resolve().parents[1] / "docs"
HARBOR_TITLE = "Tanker fire in Rotterdam port injures at least 14 crew"
STORY_TITLE = "Tanker fire — Port of Rotterdam"  # neutral: the event and the place, not a disputed figure

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
    pg.get_by_role("link", name=STORY_TITLE).click()
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
    pg.get_by_role("link", name=STORY_TITLE).click()
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


def test_story_pictures_are_drawn_on_the_page(page, base_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The stories list's sparklines and outlet bars; on the story page the coverage timeline, the figures over
    time (disputed values marked) and the map, each an inline SVG that the browser lays out (no script)."""
    from playwright.sync_api import expect

    pg, _ = page
    pg.goto(base_url + "/")
    row = pg.locator("tr.story-row", has_text=STORY_TITLE)
    expect(row.locator("svg.sparkline rect.day")).to_have_count(4)  # 3, 4, 5 and 10 March
    expect(row.locator("svg.outlet-bar rect.outlet")).to_have_count(5)
    assert row.locator("svg.sparkline").bounding_box()["width"] > 50  # type: ignore[index]

    row.get_by_role("link", name=STORY_TITLE).click()
    coverage = pg.locator("#coverage svg.coverage")
    expect(coverage.locator("g.outlet-row")).to_have_count(5)
    expect(coverage).to_contain_text("cites Harbor Gazette")
    injured = pg.locator("figure.chart-card", has_text="crew members injured")
    expect(injured.locator("svg.figure-series g.point.disputed")).to_have_count(5)  # 14, 12, 11, ~14, 12
    box = injured.locator("svg").bounding_box()
    assert box and box["width"] > 250 and box["height"] > 80
    assert pg.locator("figure.chart-card svg polyline").count() == 1  # the updated share of berths: a series
    places = pg.locator("#places svg.place-map g.place")
    assert places.count() >= 4
    titles = [places.nth(i).locator("title").text_content() or "" for i in range(places.count())]
    rotterdam = next(t for t in titles if t.startswith("Port of Rotterdam"))
    assert int(re.findall(r"named (\d+)", rotterdam)[0]) >= max(int(re.findall(r"named (\d+)", t)[0]) for t in titles)
    pg.set_viewport_size({"width": 1400, "height": 1240})
    pg.locator("#figures h3.over-time").scroll_into_view_if_needed()
    pg.screenshot(path=str(tmp_path / "pictures.png"))
    if os.environ.get("NEWSTRACE_SCREENSHOTS") == "1":
        pg.screenshot(path=str(DOCS / "pictures.png"))


def test_the_figure_table_shows_the_outlets_the_reader_picks(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    pg, _ = page
    pg.goto(base_url + "/")
    pg.get_by_role("link", name=STORY_TITLE).click()
    expect(pg.locator("table.claims th.col-outlet")).to_have_count(5)
    pg.locator("details.pick summary").click()
    pg.get_by_label("Coastal Wire").check()
    pg.get_by_label("Northern Ledger").check()
    pg.get_by_role("button", name="Show").click()
    expect(pg.locator("table.claims th.col-outlet")).to_have_text(["Coastal Wire", "Northern Ledger"])
    pg.get_by_label("values with their outlets").check()
    pg.get_by_role("button", name="Show").click()
    injured = pg.locator("table.claims-list tr", has_text="crew members injured")
    expect(injured.locator("a.value")).to_have_count(2)  # the picked outlets' values, each with its outlet
    expect(injured).to_contain_text("Northern Ledger")


def test_form_errors_are_pages_with_the_message(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    pg, watch = page
    pg.goto(base_url + "/")
    pg.get_by_label("Min. sources").fill("")  # cleared, then Filter: no minimum, not an error
    pg.get_by_role("button", name="Filter").click()
    expect(pg.locator("tr.story-row")).to_have_count(5)
    for url, field in (("/?min_sources=abc", "Min. sources"), ("/?sort=oldest", "Sort"),
                       ("/stories/s1?status=maybe", "Show")):
        response = pg.goto(base_url + url)
        assert response is not None and response.status == 400
        expect(pg.locator("h1")).to_have_text("Check the form")
        expect(pg.locator(".error .detail")).to_contain_text(field)
        assert pg.locator("pre").count() == 0 and "detail" not in (pg.locator("body").inner_text())[:20]
    watch.errors[:] = [e for e in watch.errors if "status of 400" not in e]  # the page's own status line


def test_stories_table_fits_a_phone(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    pg = context.new_page()
    pg.goto(base_url + "/")
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390
    assert pg.locator("tr.story-row").first.bounding_box()["width"] <= 390  # type: ignore[index]
    context.close()
