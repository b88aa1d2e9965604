"""Who cites whom: citation edges from an article to the outlets it cites, and what they mean for sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.link.citations import all_citations
from newstrace.link.compare import compare
from newstrace.records import Analysis, Entity

FIXTURES = Path(__file__).parent / "fixtures" / "link"


def load(name: str) -> list[Analysis]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [Analysis.from_dict(json.loads(line)) for line in lines if line.strip()]


def test_citation_forms() -> None:
    arts = load("citations.jsonl")
    found = {(c.article, c.cited, c.cue) for c in all_citations(arts)}
    assert found == {
        ("cite-a", "AP", "dateline"),
        ("cite-a", "Kyiv Independent", "seen by"),
        ("cite-a", "UkrInform", "reports"),
        ("cite-a", "Ukrainian Pravda", "told"),
        ("cite-a", "Reuters", "according to"),
    }  # not: the port authority, reporters, "The Northern Star said", its own outlet, "According to him"


def test_citations_point_at_the_text_and_at_cited_articles() -> None:
    arts = load("citations.jsonl")
    text = {a.id: a.text for a in arts}
    for c in all_citations(arts):
        assert text[c.article][c.start : c.end] == c.text and c.cited in c.text
    seen = next(c for c in all_citations(arts) if c.cited == "Kyiv Independent")
    assert seen.cited_articles == ["cite-b"]  # the comparison has an article of that outlet


@pytest.mark.parametrize(
    ("text", "cited"),
    [
        ("Tax rates will rise, Bloomberg reported on Friday.", "Bloomberg"),
        ("The figures were first reported by the Financial Times.", "Financial Times"),
        ("Meanwhile Reuters said the talks had stalled.", "Reuters"),
        ("She said in an interview with Radio Liberty that she would stay.", "Radio Liberty"),
        ("Officials told The Guardian that the plan had changed.", "The Guardian"),
        ("According to the Ministry of Defence, the strike hit a depot.", None),
        ("He told Parliament that nothing had changed.", None),
        ("The mayor said the Harbour Board reported no damage.", None),
    ],
)
def test_citation_table(text: str, cited: str | None) -> None:
    a = Analysis(id="x", text=text, source="Some Outlet")
    got = [c.cited for c in all_citations([a])]
    assert got == ([cited] if cited else [])


def test_an_org_entity_after_a_newsroom_cue_is_cited() -> None:
    text = "An official told Nasha Niva that the border was shut."
    a = Analysis(id="x", text=text, entities=[Entity("e1", "Nasha Niva", "ORG", mentions=[(17, 27)])])
    assert [c.cited for c in all_citations([a])] == ["Nasha Niva"]
    assert all_citations([Analysis(id="y", text=text)]) == []  # no entity, no newsroom word: not taken


def test_facts_from_a_cited_outlet_count_as_that_outlets() -> None:
    c = compare(load("harbor.jsonl"))
    edges = {(x.article, x.cited, tuple(x.cited_articles)) for x in c.citations}
    assert ("harbor-03", "Harbor Gazette", ("harbor-01",)) in edges
    assert ("harbor-04", "Coastal Wire", ("harbor-02",)) in edges
    assert ("harbor-05", "Coastal Wire", ("harbor-02",)) in edges
    assert not any(x.article == "harbor-03" and x.cited == "Northern Ledger" for x in c.citations)  # its own
    told = next(m for cl in c.claims for m in cl.members if m.article == "harbor-04" and m.text.startswith("within"))
    assert told.origin == "outlet:coastal wire"  # "Kowalczyk told Coastal Wire that ..."
    cited_figure = next(m for cl in c.claims for m in cl.members if m.article == "harbor-03" and m.value == 3_000_000)
    assert cited_figure.origin == "outlet:harbor gazette"  # "Harbor Gazette reports that ... €3 million"
