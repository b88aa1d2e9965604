"""The HTML report: one self-contained page, everything escaped, every fact linked to its sentence."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newstrace.cli.main import app
from newstrace.link.compare import compare
from newstrace.outputs.report import render_report
from newstrace.records import Analysis, Entity, Quantity, Quote

FIXTURES = Path(__file__).parent / "fixtures" / "link"


def load(name: str) -> list[Analysis]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [Analysis.from_dict(json.loads(line)) for line in lines if line.strip()]


class Page(HTMLParser):
    """Tags with their attributes, ids, and the text of each element with an id."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.add(a["id"] or "")


@pytest.fixture(scope="module")
def harbor_html() -> str:
    return render_report(compare(load("harbor.jsonl")))


def test_page_is_self_contained(harbor_html: str) -> None:
    page = Page(harbor_html)
    assert not [t for t in page.tags if t[0] in ("script", "link", "img", "iframe", "object", "embed")]
    for _, attrs in page.tags:
        for key in ("src", "href", "action", "srcset"):
            value = attrs.get(key) or ""
            assert not re.match(r"\s*(https?:)?//", value), (key, value)
    assert "@import" not in harbor_html and "url(" not in harbor_html


def test_every_fact_links_to_a_sentence_of_its_article(harbor_html: str) -> None:
    page = Page(harbor_html)
    links = [a["href"] for tag, a in page.tags if tag == "a" and (a.get("href") or "").startswith("#")]
    assert len(links) > 40
    assert all((href or "")[1:] in page.ids for href in links)


def test_claim_groups_show_status_and_the_differing_values(harbor_html: str) -> None:
    assert 'class="badge differs"' in harbor_html and 'class="badge corroborated"' in harbor_html
    injured = harbor_html[harbor_html.index('<tr id="c1">') : harbor_html.index('<tr id="c2">')]
    odd = re.findall(r'class="value odd"[^>]*><b>([^<]+)</b>', injured)
    # the report marks the members the link stage marked disputed, and decides nothing itself
    claim = next(c for c in compare(load("harbor.jsonl")).claims if c.id == "c1")
    assert odd and sorted(odd) == sorted(m.text for m in claim.members if m.disputed)


def test_statements_by_speaker_across_outlets(harbor_html: str) -> None:
    section = harbor_html[harbor_html.index("Who said what") : harbor_html.index("Who cites whom")]
    assert section.count("<h4>Marta Kowalczyk") == 1
    assert section.count("slow and chaotic") == 3


def test_article_text_is_escaped() -> None:
    text = 'Officials said <script>alert("x")</script> 12 people were hurt. "It <b>was</b> bad," she said.'
    a = Analysis(
        id="x<1>", text=text, source="<i>Outlet</i>", title="A & B <img src=http://evil.example/x.png>",
        entities=[Entity("e1", "Officials", "ORG", mentions=[(0, 9)])],
        quantities=[Quantity(text="12", start=text.index("12"), end=text.index("12") + 2, value=12,
                             counted="people")],
        quotes=[Quote(text="It <b>was</b> bad,", start=text.index("It"), end=text.index("bad,") + 4,
                      kind="direct", speaker="<em>she</em>")],
    )
    html = render_report(compare([a]))
    assert "<script>" not in html and "<b>was</b>" not in html and "<img" not in html and "<i>Outlet" not in html
    assert "&lt;script&gt;alert(" in html and "&lt;img src=http://evil.example/x.png&gt;" in html
    assert not [t for t in Page(html).tags if t[0] in ("script", "img", "i", "em")]


def test_cli_writes_the_html_report(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    res = CliRunner().invoke(app, ["compare", str(FIXTURES / "figures.jsonl"), "--format", "html", "--out", str(out)])
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Sul Daily" in html and "families" in html


def test_report_draws_the_story_pictures_inline(harbor_html: str) -> None:
    """The same SVG as the web UI: the injured counts over time with disputes marked, who published when,
    and the places; drawn inline (no script, no file), with the story's values and outlets as text."""
    assert harbor_html.count('<svg class="chart figure-series"') >= 1
    series = harbor_html[harbor_html.index('<svg class="chart figure-series"'):]
    series = series[: series.index("</svg>")]
    assert 'class="point disputed"' in series and "Coastal Wire" in series
    assert '<svg class="chart coverage"' in harbor_html
    assert '<svg class="chart place-map"' in harbor_html and "Rotterdam" in harbor_html


def test_single_source_remarks_are_collapsed_and_dates_are_words(harbor_html: str) -> None:
    section = harbor_html[harbor_html.index("Who said what") : harbor_html.index("Who cites whom")]
    assert '<details class="remarks"' in section and "reported by one source" in section
    times = re.findall(r'<time datetime="([^"]+)" title="[^"]+">([^<]+)</time>', harbor_html)
    assert times and all(code != words or code.isdigit() for code, words in times)  # a year stays a year
    assert not re.search(r">\s*(PRESENT_REF|PXD|TMO|SU)\s*<", harbor_html)
    assert 'class="meta url"' in harbor_html  # long addresses wrap inside their card


def test_story_title_is_neutral() -> None:
    """The event and the place, not the first headline's disputed figure; a one-article story keeps its
    headline."""
    from newstrace.outputs.titles import neutral_title

    comparison = compare(load("harbor.jsonl"))
    story = comparison.stories[0]
    title = neutral_title(story, comparison)
    assert not re.search(r"\d", title) and "tanker" in title.casefold() and "—" in title
    single = next((s for s in comparison.stories if len(s.articles) == 1), None)
    if single is not None:
        assert neutral_title(single, comparison) == (single.title or single.id)
