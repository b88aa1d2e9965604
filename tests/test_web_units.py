"""The web UI's pure parts, no database or browser: span nesting from offsets, which figures of a group
differ, figures in words, search snippets, the citation graph layout, escaping of a hand-made analysis whose
every string is hostile, and the serve command's guards."""

from __future__ import annotations

import re
import socket
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newstrace.cli.main import app
from newstrace.cli.serve import is_loopback
from newstrace.link.compare import compare
from newstrace.link.results import ArticleRef, Citation, ClaimMember
from newstrace.records import Analysis, Entity, Quantity, Quote, TimeExpr
from newstrace.web.article import article_page
from newstrace.web.format import value_label
from newstrace.web.graph import citation_graph
from newstrace.web.rendering import environment
from newstrace.web.service import Snapshot
from newstrace.web.spans import Mark, Node, build, paragraphs, plain_text
from newstrace.web.views import differing, snippet_parts

# --- spans ---------------------------------------------------------------------------------------------------


def _shape(nodes: list[Node]) -> list[object]:
    """A tree as nested lists: text as str, marks as (kind, [children])."""
    return [n.text if n.mark is None else (n.mark.kind, _shape(n.children)) for n in nodes]


def test_nested_spans_nest() -> None:
    text = "He said 14 were hurt."
    tree = build(text, [Mark(3, 20, "quote", 2), Mark(8, 10, "figure", 6)])
    assert _shape(tree) == ["He ", ("quote", ["said ", ("figure", ["14"]), " were hurt"]), "."]


def test_crossing_span_is_split_at_the_end_of_the_one_it_starts_in() -> None:
    text = "abcdefghij"
    quote, figure = Mark(0, 6, "quote", 2, rec="q"), Mark(4, 9, "figure", 6, rec="f")
    tree = build(text, [figure, quote])
    assert _shape(tree) == [("quote", ["abcd", ("figure", ["ef"])]), ("figure", ["ghi"]), "j"]
    pieces = [tree[0].children[1], tree[1]]
    assert [p.mark.rec for p in pieces if p.mark] == ["f", "f"]  # one record, two pieces
    assert [p.first for p in pieces] == [True, False]  # only the first piece takes the anchor


def test_same_span_nests_by_rank_and_text_round_trips() -> None:
    text = "In Paris on Monday."
    marks = [Mark(3, 8, "place", 5), Mark(3, 8, "quote", 2), Mark(12, 18, "date", 7), *paragraphs(text)]
    tree = build(text, marks)
    assert _shape(tree) == [("para", ["In ", ("quote", [("place", ["Paris"])]), " on ", ("date", ["Monday"]), "."])]
    assert plain_text(tree) == text


@pytest.mark.parametrize("bad", [Mark(5, 5, "figure"), Mark(-1, 3, "figure"), Mark(8, 40, "figure"),
                                 Mark(6, 2, "figure")])
def test_marks_outside_the_text_or_empty_are_left_out(bad: Mark) -> None:
    text = "0123456789"
    assert _shape(build(text, [bad])) == [text]


def test_many_overlapping_marks_keep_the_text_exact() -> None:
    text = "The quick brown fox jumps over the lazy dog.\nA second paragraph follows here.\n"
    marks = [Mark(s, min(s + w, len(text)), k, r)
             for s, w, k, r in [(0, 19, "quote", 2), (4, 12, "figure", 6), (10, 30, "date", 7), (16, 3, "place", 5),
                                (38, 20, "quote", 2), (44, 7, "figure", 6), (40, 10, "entity", 5)]]
    tree = build(text, [*marks, *paragraphs(text)])
    assert plain_text(tree) == text

    def check(nodes: list[Node], lo: int, hi: int) -> None:  # children lie inside their parent, in order
        pos = lo
        for n in nodes:
            assert pos <= n.start < n.end <= hi
            pos = n.end
            check(n.children, n.start, n.end)

    check(tree, 0, len(text))


def test_paragraphs_are_the_non_blank_lines() -> None:
    assert [(m.start, m.end) for m in paragraphs("one\n\n  \ntwo three\n")] == [(0, 3), (8, 17)]


def test_field_names_must_be_attribute_names() -> None:
    with pytest.raises(ValueError, match="attribute"):
        Mark(0, 1, "quote", fields={'x" onclick="y': "v"})


# --- figures --------------------------------------------------------------------------------------------------


def _m(value: float, qualifier: str = "exact", origin: str = "", high: float | None = None) -> ClaimMember:
    return ClaimMember(article=origin or "a", text=str(value), start=0, end=1, value=value, qualifier=qualifier,
                       origin=origin or "a", high=high)


def test_the_figures_that_exclude_the_best_supported_value_differ() -> None:
    members = [_m(14, "at_least", "o1"), _m(12, origin="o2"), _m(11, origin="o3"), _m(14, "approx", "o4"),
               _m(12, origin="o2")]  # the last is a copy of o2's article: one source
    assert differing(members) == [False, True, True, False, True]


def test_a_tie_marks_every_figure() -> None:
    assert differing([_m(9, origin="o1"), _m(40, origin="o2")]) == [True, True]


def test_copies_do_not_outvote_independent_sources() -> None:
    # two articles of one origin say 12; two independent origins say 14: 14 is the best-supported value
    members = [_m(12, origin="wire"), _m(12, origin="wire"), _m(14, origin="o1"), _m(14, origin="o2")]
    assert differing(members) == [True, True, False, False]


@pytest.mark.parametrize(("args", "label"), [
    ((14, "at_least"), "at least 14"),
    ((2_500_000, "exact", "EUR"), "2.5 million EUR"),
    ((9, "exact", "minute"), "9 minutes"),
    ((1, "exact", "day"), "1 day"),
    ((30, "approx", "percent"), "about 30 percent"),
    ((40, "range", None, 60), "40–60"),
    ((6.42, "exact", "USD"), "6.42 USD"),
    ((1_234_567, "exact"), "1,234,567"),
    ((None, "exact"), ""),
])
def test_value_labels(args: tuple[object, ...], label: str) -> None:
    assert value_label(*args) == label  # type: ignore[arg-type]


def test_snippet_marks_become_parts() -> None:
    assert snippet_parts("the [tanker] was [fine]…") == [
        ("the ", False), ("tanker", True), (" was ", False), ("fine", True), ("…", False)]
    assert snippet_parts("") == []


# --- citation graph -------------------------------------------------------------------------------------------


def test_citation_graph_has_one_node_per_outlet_and_one_edge_per_pair() -> None:
    refs = [ArticleRef("a1", "Gazette"), ArticleRef("a2", "Wire"), ArticleRef("a3", "Post", duplicate_of="a2"),
            ArticleRef("a4", "Gazette")]
    cites = [Citation("a1", "Wire", "told Wire", 0, 9, "told", ["a2"]),
             Citation("a1", "Wire", "Wire reports", 20, 32, "reports", ["a2"]),
             Citation("a4", "WIRE", "said Wire", 5, 14, "said", ["a2"]),
             Citation("a2", "Reuters", "according to Reuters", 0, 20, "according to")]
    g = citation_graph(refs, cites, {r.id: r for r in refs})
    outlets = [n for n in g.nodes if n.side == "article"]
    assert [n.key for n in outlets] == ["gazette", "wire", "post"]  # every outlet, those citing no one too
    assert outlets[0].href == "" and outlets[1].href == "/articles/a2"  # two Gazette articles: no single link
    cited = {n.key: n for n in g.nodes if n.side == "cited"}
    assert set(cited) == {"wire", "reuters"}
    assert cited["wire"].in_story and cited["wire"].href == "/articles/a2"
    assert not cited["reuters"].in_story and cited["reuters"].href == ""
    assert sorted((e.kind, e.count) for e in g.edges) == [("cites", 1), ("cites", 3), ("copy", 1)]
    assert all(e.path.startswith("M ") for e in g.edges)


def test_citation_graph_without_citations_is_empty() -> None:
    refs = [ArticleRef("a1", "Gazette")]
    assert citation_graph(refs, [], {"a1": refs[0]}).empty


# --- escaping of every extracted string ----------------------------------------------------------------------

EVIL = '<script>alert(1)</script>" onmouseover="alert(1)'


class _Audit(HTMLParser):
    """Collects tags, attributes and the data attributes of highlighted spans."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def audit(html: str) -> _Audit:
    parser = _Audit()
    parser.feed(html)
    return parser


def assert_inert(html: str) -> _Audit:
    """No script but ours, no event-handler attribute, no link or source outside the server."""
    found = audit(html)
    for tag, attrs in found.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        if tag == "script":
            assert attrs.get("src") == "/static/newstrace.js"
        assert tag not in ("img", "iframe", "object", "embed")
        for name in ("href", "src", "action"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//", "javascript:", "data:text")), (tag, attrs)
    assert "<script>alert" not in html
    return found


def test_a_hostile_analysis_renders_inert_with_its_strings_intact() -> None:
    text = f"{EVIL} said the quote, 40 ships on March 3 in {EVIL}."
    n = len(EVIL)
    a = Analysis(
        id=f"x{EVIL}", text=text, title=EVIL, source=EVIL, url="javascript:alert(1)", published="2026-03-04",
        entities=[Entity("e1", EVIL, "PERSON", [EVIL], None, [(0, n)], EVIL),
                  Entity("e2", EVIL, "GPE", [], EVIL, [(len(text) - n - 1, len(text) - 1)])],
        quotes=[Quote(EVIL, 0, n, "direct", speaker=EVIL, speaker_id="e1", role=EVIL, cue=EVIL)],
        quantities=[Quantity("40", n + 16, n + 18, 40, counted=EVIL, source=EVIL, unit=EVIL)],
        times=[TimeExpr("March 3", n + 28, n + 35, EVIL)],
    )
    snap = Snapshot.build(((None,), ()), compare([a]))
    page = article_page(snap, a)
    html = environment().get_template("article.html").render(
        page=page, kind_titles={}, corpus_name=EVIL, nav="article", q="")
    found = assert_inert(html)
    spans = [attrs for tag, attrs in found.tags if tag == "span" and "data-kind" in attrs]
    quote = next(s for s in spans if s["data-kind"] == "quote")
    assert quote["data-f-speaker"] == quote["data-f-role"] == quote["data-f-cue"] == EVIL  # escaped, not mangled
    figure = next(s for s in spans if s["data-kind"] == "figure")
    assert figure["data-f-counted"] == figure["data-f-source"] == EVIL
    assert any(s.get("data-f-iso") == EVIL for s in spans if s["data-kind"] == "place")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text
    assert "javascript:alert(1)" in html and 'href="javascript' not in html  # the URL is text, never a link


# --- serve ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.0.0.2", True), ("localhost", True), ("::1", True), ("[::1]", True),
    ("0.0.0.0", False), ("::", False), ("192.168.1.5", False), ("example.org", False),
    # issue 20: other spellings of loopback are loopback (the socket layer reads them so), look-alikes are not
    ("127.1", True), ("2130706433", True), ("0x7f.1", True), ("::ffff:127.0.0.1", True), ("[::ffff:127.0.0.1]", True),
    ("127.0.0.1.nip.io", False), ("::ffff:10.0.0.1", False), ("1.2.3.4", False),
])
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_serve_without_a_database_says_how_to_make_one(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 3
    assert "newstrace ingest" in res.output


def test_serve_on_a_taken_port_says_so(tmp_path: Path) -> None:
    from newstrace.corpus import Corpus

    Corpus(tmp_path / "c.db").close()  # an empty corpus
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        res = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "c.db"), "--port", str(port)])
    assert res.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in res.output and "--port" in res.output


def test_serve_warns_when_not_on_loopback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from newstrace.cli import serve as serve_module
    from newstrace.corpus import Corpus

    Corpus(tmp_path / "c.db").close()
    bound: list[tuple[str, int]] = []

    def fake_bind(host: str, port: int) -> socket.socket:
        bound.append((host, port))
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))  # never actually exposed
        return sock

    monkeypatch.setattr(serve_module, "bind", fake_bind)
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets=None: None)
    res = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "c.db"), "--host", "0.0.0.0", "--port", "8123"])
    assert res.exit_code == 0, res.output
    assert bound == [("0.0.0.0", 8123)]
    assert "warning" in res.output and "not on loopback" in res.output


def test_an_empty_corpus_says_how_to_fill_it(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from newstrace.corpus import Corpus
    from newstrace.web import create_app

    Corpus(tmp_path / "empty.db").close()
    with TestClient(create_app(tmp_path / "empty.db")) as c:
        assert c.get("/api/stories").json() == {"stories": []}
        html = c.get("/").text
        assert "The corpus is empty" in html and "newstrace ingest" in html
        assert c.get("/entities").status_code == c.get("/search?q=x").status_code == 200


def test_serve_serves_the_corpus_on_loopback_only(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    import httpx

    from newstrace.corpus import Corpus

    Corpus(tmp_path / "c.db").close()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "newstrace", "serve", "--db", str(tmp_path / "c.db"), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        found = re.search(r"at (http://127\.0\.0\.1:\d+/) \(read-only", line)
        assert found, line + (proc.stderr.read() if proc.poll() is not None and proc.stderr else "")
        url = found.group(1)
        stats = httpx.get(url + "api/stats").json()
        assert stats["readonly"] is True and stats["counts"]["articles"] == 0
        assert httpx.get(url + "api/stats", headers={"host": "attacker.example"}).status_code == 400
    finally:
        proc.terminate()
        proc.wait(timeout=30)
