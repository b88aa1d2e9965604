"""The web UI over a real store (the sample corpus and a hostile article), through FastAPI's TestClient:
pages, JSON API, offline docs, escaping, read-only access and recomputation when the database changes."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from newstrace.corpus import Corpus
from newstrace.extract.timewords import time_words
from newstrace.records import InputRecord
from newstrace.web import create_app
from newstrace.web.app import LOOPBACK_HOSTS, SECURITY_HEADERS
from test_web_units import EVIL, assert_inert, audit  # tests/ is on sys.path (rootdir conftest)

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "articles.jsonl"
EVIL_ID = 'evil-1"><script>alert(1)</script>'
EVIL_ARTICLE = InputRecord(
    id=EVIL_ID,
    title=f"Festival {EVIL}",
    source=f"Evil {EVIL} News",
    url="javascript:alert(1)",
    published="2026-05-02",
    text=('The <script>alert(1)</script>" onmouseover="alert(1) Company said that 40 stalls were waiting in '
          'Lisbon on May 1. "We are <b>ready</b> for " onmouseover="alert(1) now," said festival spokesperson '
          "John Doe. An <img src=x onerror=alert(1)> banner hung over the square for 3 days."),
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "corpus.db"
    with Corpus(path) as corpus:
        corpus.ingest([SAMPLES])
        report = corpus.ingest_records([EVIL_ARTICLE])
    assert report.added == 1, "the hostile article must be stored for the escaping tests"
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as c:
        yield c


@pytest.fixture(scope="module")
def stories(client: TestClient) -> list[dict[str, Any]]:
    return client.get("/api/stories").json()["stories"]


@pytest.fixture(scope="module")
def harbor(stories: list[dict[str, Any]]) -> dict[str, Any]:
    """The story of the five port-fire articles."""
    return next(s for s in stories if "harbor-01" in s["articles"])


class Tree(HTMLParser):
    """A tiny DOM: elements with tag, attrs, children and text, enough to check what a page shows."""

    VOID = frozenset({"meta", "link", "input", "br", "img", "hr", "circle", "path"})

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root: dict[str, Any] = {"tag": "", "attrs": {}, "children": [], "text": []}
        self.stack = [self.root]
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = {"tag": tag, "attrs": {k: v or "" for k, v in attrs}, "children": [], "text": []}
        self.stack[-1]["children"].append(el)
        self.stack[-1]["text"].append(el)
        if tag not in self.VOID:
            self.stack.append(el)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i]["tag"] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        self.stack[-1]["text"].append(data)

    def find_all(self, pred: Any, el: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        el = el or self.root
        out = [el] if pred(el) else []
        for c in el["children"]:
            out += self.find_all(pred, c)
        return out

    @staticmethod
    def text(el: dict[str, Any]) -> str:
        return "".join(x if isinstance(x, str) else Tree.text(x) for x in el["text"])

    @staticmethod
    def classes(el: dict[str, Any]) -> set[str]:
        return set(el["attrs"].get("class", "").split())


def page(client: TestClient, url: str) -> tuple[str, Tree]:
    r = client.get(url)
    assert r.status_code == 200, (url, r.text[:500])
    assert r.headers["content-type"].startswith("text/html")
    return r.text, Tree(r.text)


# --- stories -------------------------------------------------------------------------------------------------


def test_stories_list_counts_sources_dates_and_differing_claims(client: TestClient, harbor: dict[str, Any]) -> None:
    assert harbor["articles"] == ["harbor-01", "harbor-02", "harbor-03", "harbor-04", "harbor-05"]
    assert harbor["sources"] == 4  # harbor-05 reprints harbor-02: one source
    assert (harbor["first_published"], harbor["last_published"]) == ("2026-03-03", "2026-03-10")
    assert harbor["claims"]["differs"] >= 1
    _, tree = page(client, "/")
    row = tree.find_all(lambda e: e["attrs"].get("data-story") == harbor["id"])[0]
    cells = [Tree.text(td) for td in row["children"]]
    assert harbor["neutral_title"] in cells[0] and harbor["neutral_title"] == "Tanker fire — Port of Rotterdam"
    assert cells[1].startswith("4") and "5 articles" in cells[1]
    assert "2026-03-03 – 2026-03-10" in cells[2]
    assert cells[3].strip().startswith(str(harbor["claims"]["differs"]))


@pytest.mark.parametrize(("query", "expected"), [
    ("q=wheat", {"wheat-01"}),
    ("q=Kowalczyk", {"harbor-01"}),  # an entity's name
    ("outlet=Coastal+Wire", {"harbor-01"}),
    ("min_sources=2", {"harbor-01"}),
    ("q=no-such-words-anywhere", set()),
])
def test_stories_filter(client: TestClient, query: str, expected: set[str]) -> None:
    api = client.get(f"/api/stories?{query}").json()["stories"]
    assert {s["articles"][0] for s in api} == expected
    _, tree = page(client, f"/?{query}")
    rows = tree.find_all(lambda e: "story-row" in Tree.classes(e))
    assert {r["attrs"]["data-story"] for r in rows} == {s["id"] for s in api}


def test_differs_filter_and_sort(client: TestClient, stories: list[dict[str, Any]]) -> None:
    only = client.get("/api/stories?differs=true").json()["stories"]
    assert only and all(s["claims"]["differs"] > 0 for s in only)
    assert {s["id"] for s in only} == {s["id"] for s in stories if s["claims"]["differs"]}
    by_date = client.get("/api/stories?sort=date").json()["stories"]
    dates = [s["last_published"] or "" for s in by_date]
    assert dates == sorted(dates, reverse=True)
    assert client.get("/api/stories?sort=nonsense").status_code == 422


# --- story ---------------------------------------------------------------------------------------------------


def test_story_api_is_the_comparison_of_its_articles(client: TestClient, harbor: dict[str, Any]) -> None:
    d = client.get(f"/api/stories/{harbor['id']}").json()
    assert [a["id"] for a in d["articles"]] == harbor["articles"]
    assert d["summary"]["sources"] == 4
    assert {c["status"] for c in d["claims"]} <= {"corroborated", "differs", "updated", "single_source"}
    for c in d["claims"]:
        if c["status"] == "differs" and c["kind"] == "quantity":
            assert c["differing_members"], c  # something is marked in every group that differs
        else:
            assert c["differing_members"] == []
    assert any(c["cited"] == "Coastal Wire" for c in d["citations"])
    assert d["timeline"]


def test_story_page_marks_the_differing_values(client: TestClient, harbor: dict[str, Any]) -> None:
    claims = client.get(f"/api/stories/{harbor['id']}").json()["claims"]
    _, tree = page(client, f"/stories/{harbor['id']}")
    differs = [c for c in claims if c["status"] == "differs" and c["kind"] == "quantity"]
    assert differs
    for c in differs:
        row = tree.find_all(lambda e, c=c: e["attrs"].get("data-claim") == c["id"])[0]
        assert "status-differs" in Tree.classes(row)
        values = tree.find_all(lambda e: "value" in Tree.classes(e) and e["tag"] == "a", row)
        marked = [v for v in values if "differs" in Tree.classes(v)]
        assert len(values) == len(c["members"])
        assert len(marked) == len(c["differing_members"])
        for i in c["differing_members"]:  # each marked value links to that figure in its article
            m = c["members"][i]
            href = f"/articles/{quote(m['article'], safe='')}#figure-{m['start']}-{m['end']}"
            assert href in {v["attrs"]["href"] for v in marked}
    badges = tree.find_all(lambda e: {"badge", "differs"} <= Tree.classes(e))
    assert badges


def test_story_page_sections(client: TestClient, harbor: dict[str, Any]) -> None:
    _, tree = page(client, f"/stories/{harbor['id']}")
    cards = tree.find_all(lambda e: "source-card" in Tree.classes(e))
    assert len(cards) == 5
    copy = [c for c in cards if "is-copy" in Tree.classes(c)]
    assert len(copy) == 1 and "Riverside Post" in Tree.text(copy[0]) and "copy of" in Tree.text(copy[0])
    headings = [Tree.text(c) for box in tree.find_all(lambda e: "speaker" in Tree.classes(e))
                for c in box["children"] if c["tag"] == "h3"]
    marta = next(h for h in headings if "Marta Kowalczyk" in h)
    assert "quoted by 5 outlets" in marta  # every article of the story quotes her
    svg = tree.find_all(lambda e: e["tag"] == "svg" and "citations" in Tree.classes(e))
    assert len(svg) == 1
    labels = {Tree.text(t) for t in tree.find_all(lambda e: e["tag"] == "text", svg[0])}
    assert {"Coastal Wire", "Harbor Gazette", "Northern Ledger"} <= labels
    assert tree.find_all(lambda e: "edge-copy" in Tree.classes(e))  # the reprint, drawn as a copy
    timeline = tree.find_all(lambda e: "timeline" in Tree.classes(e))[0]
    times = tree.find_all(lambda e: e["tag"] == "time", timeline)
    dates = [t["attrs"]["datetime"] for t in times]  # the code, kept; the words are shown
    assert Tree.text(times[-1]) == "April 2026" and dates[-1] == "2026-04"
    assert len(dates) > 3 and dates == sorted(dates)


def test_story_status_filter_keeps_only_that_status(client: TestClient, harbor: dict[str, Any]) -> None:
    _, tree = page(client, f"/stories/{harbor['id']}?status=corroborated")
    rows = tree.find_all(lambda e: "claim" in Tree.classes(e) and e["tag"] == "tr")
    assert rows and all("status-corroborated" in Tree.classes(r) for r in rows)


# --- article -------------------------------------------------------------------------------------------------


def test_article_text_is_exact_and_every_fact_is_marked(client: TestClient, db: Path) -> None:
    with Corpus(db, readonly=True) as corpus:
        a = corpus.analysis("harbor-01")
    assert a is not None
    _, tree = page(client, "/articles/harbor-01")
    body = tree.find_all(lambda e: e["attrs"].get("id") == "article-text")[0]
    paragraphs = [Tree.text(p) for p in body["children"] if p["tag"] == "p"]
    assert paragraphs == [line for line in a.text.split("\n") if line.strip()]
    by_id = {e["attrs"]["id"]: e for e in tree.find_all(lambda e: "hl" in Tree.classes(e) and "id" in e["attrs"])}
    colours: dict[str, str] = {}
    for q in a.quotes:
        span = by_id[f"quote-{q.start}-{q.end}"]
        assert span["attrs"]["data-f-speaker"] == q.speaker
        assert span["attrs"]["data-f-text"] == a.text[q.start:q.end]
        colour = next(c for c in Tree.classes(span) if c.startswith("spk-"))
        colours.setdefault(q.speaker or "", colour)
        assert colours[q.speaker or ""] == colour  # one colour per speaker
    assert len(set(colours.values())) == min(len(colours), 8)
    for n in a.quantities:
        span = by_id[f"figure-{n.start}-{n.end}"]
        assert span["attrs"]["data-f-qualifier"] == n.qualifier
        assert (span["attrs"].get("data-f-counted") or None) == n.counted
    for t in a.times:
        attrs = by_id[f"date-{t.start}-{t.end}"]["attrs"]
        assert attrs.get("data-f-code") == t.value  # the TIMEX3 code kept, the value shown in words
        assert attrs.get("data-f-value") == time_words(t.value, t.type)
    places = [e for e in a.entities if e.type in ("GPE", "LOC", "FAC")]
    assert places and all(f"place-{e.mentions[0][0]}-{e.mentions[0][1]}" in by_id for e in places)
    panel = tree.find_all(lambda e: "rec-link" in Tree.classes(e))
    assert len({link["attrs"]["data-rec"] for link in panel}) >= len(a.quotes) + len(a.quantities)


def test_article_mark_highlights_a_span(client: TestClient) -> None:
    _, tree = page(client, "/articles/harbor-01?mark=0-9")
    target = tree.find_all(lambda e: e["attrs"].get("id") == "target")
    assert len(target) == 1 and Tree.text(target[0]) == "ROTTERDAM"
    _, tree = page(client, "/articles/harbor-01?mark=5-99999")  # out of range: ignored
    assert not tree.find_all(lambda e: e["attrs"].get("id") == "target")


def test_article_api_returns_the_stored_analysis(client: TestClient, db: Path) -> None:
    with Corpus(db, readonly=True) as corpus:
        a = corpus.analysis("harbor-05")
    assert a is not None
    d = client.get("/api/articles/harbor-05").json()
    assert {k: d[k] for k in a.to_dict()} == json.loads(json.dumps(a.to_dict()))
    assert d["duplicate_of"] == "harbor-02" and d["story"]
    assert any(c["cited"] == "Coastal Wire" for c in d["citations"])


# --- entities and search --------------------------------------------------------------------------------------


def test_entity_page_shows_what_was_said_by_and_about_it_with_aliases(client: TestClient) -> None:
    found = client.get("/api/entities?q=Kowalczyk").json()["entities"]
    marta = next(e for e in found if e["name"] == "Marta Kowalczyk")
    d = client.get(f"/api/entities/{marta['id']}").json()
    assert set(marta["aliases"]) <= set(d["names"]) and "Marta Kowalczyk" in d["names"]
    assert len({m["article"] for c in d["said"] for m in c["members"]}) >= 3  # quoted by several outlets
    assert len(d["about"]) >= 3
    assert all(s["mention"] in s["text"] for a in d["about"] for s in a["sentences"])
    _, tree = page(client, f"/entities/{marta['id']}")
    for alias in marta["aliases"]:
        assert alias in {Tree.text(x) for x in tree.find_all(lambda e: "alias" in Tree.classes(e))}
    said = tree.find_all(lambda e: "said" in Tree.classes(e))
    assert len(said) == sum(len(c["members"]) for c in d["said"])


def test_search_finds_articles_and_quotes(client: TestClient) -> None:
    d = client.get("/api/search", params={"q": "foam"}).json()
    kinds = {h["kind"] for h in d["hits"]}
    assert kinds == {"article", "quote"}
    _, tree = page(client, "/search?q=foam")
    hits = tree.find_all(lambda e: "hit" in Tree.classes(e))
    assert len(hits) == len(d["hits"])
    marks = {Tree.text(m).lower() for m in tree.find_all(lambda e: e["tag"] == "mark")}
    assert marks == {"foam"}
    quote_links = [a["attrs"]["href"] for h in hits if "hit-quote" in Tree.classes(h)
                   for a in tree.find_all(lambda e: "hit-title" in Tree.classes(e), h)]
    assert quote_links and all(re.search(r"#quote-\d+-\d+$", x) for x in quote_links)


def test_empty_search_is_an_empty_page(client: TestClient) -> None:
    _, tree = page(client, "/search?q=")
    assert not tree.find_all(lambda e: "hit" in Tree.classes(e))
    assert client.get("/api/search", params={"q": "!!"}).json()["hits"] == []


# --- docs, errors -------------------------------------------------------------------------------------------


def test_docs_are_served_offline_and_list_every_api_path(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = [p for p in spec["paths"] if p.startswith("/api/")]
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}", "/api/entities/{entity_id}",
            "/api/search"} <= set(paths)
    html, tree = page(client, "/docs")
    codes = {Tree.text(c) for c in tree.find_all(lambda e: e["tag"] == "code")}
    assert set(paths) <= codes
    assert "swagger" not in html.lower() and "cdn" not in html.lower()
    assert client.get("/redoc").status_code == 404


@pytest.mark.parametrize("url", ["/stories/s999", "/articles/no-such-article", "/entities/E99999", "/nowhere"])
def test_unknown_pages_are_404_pages(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "Not found" in r.text


@pytest.mark.parametrize("url", ["/api/stories/s999", "/api/articles/nope", "/api/entities/E99999"])
def test_unknown_api_ids_are_json_404s(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 404 and "detail" in r.json()


# --- security ---------------------------------------------------------------------------------------------------


def _evil_pages(client: TestClient) -> list[str]:
    story = next(s for s in client.get("/api/stories").json()["stories"] if EVIL_ID in s["articles"])
    entities = client.get("/api/articles/" + quote(EVIL_ID, safe="")).json()["entities"]
    urls = ["/", f"/stories/{story['id']}", "/articles/" + quote(EVIL_ID, safe=""), "/entities",
            "/search?q=alert", "/search?q=" + quote(EVIL), "/docs", "/?q=" + quote(EVIL), "/nowhere" + quote(EVIL)]
    cross = client.get("/api/entities").json()["entities"]
    urls += [f"/entities/{e['id']}" for e in cross if EVIL_ID in e["articles"]][:5]
    assert entities
    return urls


def test_hostile_strings_are_escaped_everywhere(client: TestClient) -> None:
    for url in _evil_pages(client):
        r = client.get(url)
        assert_inert(r.text)
        assert "<b>ready" not in r.text and "<img src=x" not in r.text


def test_hostile_article_shows_its_strings_as_text(client: TestClient) -> None:
    d = client.get("/api/articles/" + quote(EVIL_ID, safe="")).json()
    assert d["title"] == EVIL_ARTICLE.title and d["source"] == EVIL_ARTICLE.source
    html = client.get("/articles/" + quote(EVIL_ID, safe="")).text
    tree = Tree(html)
    assert Tree.text(tree.find_all(lambda e: e["tag"] == "h1")[0]) == EVIL_ARTICLE.title
    body = tree.find_all(lambda e: e["attrs"].get("id") == "article-text")[0]
    assert Tree.text(body) == EVIL_ARTICLE.text
    spoken = [s["attrs"] for s in tree.find_all(lambda e: e["attrs"].get("data-kind") == "quote")]
    assert any("<b>ready</b>" in s["data-f-text"] for s in spoken)  # kept intact, as an attribute value
    assert d["quotes"], "the hostile article's quotes must be found for this test to mean anything"
    assert {s.get("data-f-speaker") for s in spoken} == {q["speaker"] for q in d["quotes"]}  # intact, as text
    assert "javascript:alert(1)" in html and 'href="javascript' not in html


def test_pages_carry_a_policy_that_forbids_anything_external(client: TestClient) -> None:
    for url in ["/", "/articles/harbor-01", "/api/stories", "/docs"]:
        csp = client.get(url).headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "http" not in csp


def test_no_page_loads_or_links_anything_outside_the_server(client: TestClient, harbor: dict[str, Any]) -> None:
    urls = ["/", f"/stories/{harbor['id']}", "/articles/harbor-01", "/articles/harbor-03", "/entities",
            "/search?q=tanker", "/docs"]
    for url in urls:
        html = client.get(url).text
        for tag, attrs in audit(html).tags:
            for name in ("href", "src", "action"):
                value = attrs.get(name)
                if value is not None:
                    assert value.startswith(("/", "#", "?", "data:,")), (url, tag, name, value)
    css = client.get("/static/newstrace.css").text + client.get("/static/newstrace.js").text
    assert "http" not in css and "@import" not in css and "url(" not in css


def test_database_is_opened_read_only_and_left_unchanged(client: TestClient, db: Path) -> None:
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    service = client.app.state.service  # type: ignore[attr-defined]
    assert service.corpus.readonly
    for url in ["/", "/stories/s1", "/articles/harbor-01", "/search?q=tanker", "/api/stories"]:
        client.get(url)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        service.corpus.conn.execute("DELETE FROM articles")
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_other_host_names_are_refused_when_bound_to_loopback(db: Path) -> None:
    with TestClient(create_app(db, allowed_hosts=LOOPBACK_HOSTS), base_url="http://127.0.0.1:8000") as c:
        assert c.get("/api/stats").status_code == 200
        assert c.get("/api/stats", headers={"host": "localhost:8000"}).status_code == 200
        refused = c.get("/api/stats", headers={"host": "attacker.example"})
        assert refused.status_code == 400
        for name, value in SECURITY_HEADERS.items():  # issue 20: the refusal carries them too
            assert refused.headers[name] == value
    with TestClient(create_app(db, allowed_hosts=[*LOOPBACK_HOSTS, "127.1"]), base_url="http://127.1:8000") as c:
        assert c.get("/api/stats").status_code == 200  # serve --host 127.1: loopback, with the Host check on
        assert c.get("/api/stats", headers={"host": "evil.example"}).status_code == 400


# --- the cached comparison ------------------------------------------------------------------------------------


def test_comparison_is_computed_once_and_again_after_an_ingest(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    with TestClient(create_app(copy)) as c:
        service = c.app.state.service  # type: ignore[attr-defined]
        first = {s["id"] for s in c.get("/api/stories").json()["stories"]}
        c.get("/stories/s1")
        c.get("/entities")
        assert service.computed == 1
        with Corpus(copy) as writer:  # an ingest beside the running server
            writer.ingest_records([InputRecord(
                id="bakery-01", source="Town Crier", published="2026-10-01", title="Bakery wins regional bread prize",
                text="HALDEN — The Larsen family bakery won the regional bread prize on Saturday, judges said. "
                     "\"We bake every loaf by hand,\" owner Ingrid Larsen said. About 40 bakeries entered.")])
        after = c.get("/api/stories").json()["stories"]
        assert service.computed == 2
        assert len(after) == len(first) + 1
        assert any(s["title"] == "Bakery wins regional bread prize" for s in after)
        c.get("/api/stories")
        assert service.computed == 2
