"""The registry of fact kinds: a kind declared once reaches the record, the pipeline, the store, the export
and the stats; an extractor that fails costs only its own facts."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from spacy.tokens import Doc

from newstrace.corpus import Corpus
from newstrace.facts import Context, FactKind, in_order, register, unregister
from newstrace.records import KINDS, Analysis, InputRecord, Quote


@dataclass(slots=True)
class Event:
    """A toy fact kind: each verb of the text, with the number of quotes the article has."""

    text: str
    start: int
    end: int
    lemma: str
    quotes_seen: int = 0
    span: tuple[int, int] | None = None
    tags: list[str] | None = None


def extract_events(doc: Doc, context: Context) -> list[Event]:
    n = len(context["quotes"])
    return [
        Event(t.text, t.idx, t.idx + len(t), t.lemma_, n, (t.idx, t.idx + len(t)), [t.tag_])
        for t in doc
        if t.pos_ == "VERB"
    ]


def explode(doc: Doc, context: Context) -> list[Quote]:
    raise RuntimeError("boom")


@pytest.fixture
def events() -> Iterator[FactKind]:
    kind = register(FactKind("events", Event, "events.v1", f"{__name__}:extract_events", requires=("quotes",)))
    yield kind
    unregister("events")


TEXT = '"We will rebuild the bridge," Mayor Anna Berg said in Oslo on Monday. Workers cleared the road.'


def test_a_declared_kind_runs_after_what_it_requires(events: FactKind) -> None:
    order = [k.name for k in in_order()]
    assert order.index("events") > order.index("quotes") > order.index("entities")
    assert order.index("quantities") > order.index("times")


def test_a_declared_kind_reaches_the_record(analyzer, events: FactKind) -> None:  # type: ignore[no-untyped-def]
    a = analyzer.analyze(TEXT, published="2026-03-02", id="a1")
    found = a.facts("events")
    assert {e.lemma for e in found} >= {"rebuild", "clear"}
    assert all(TEXT[e.start : e.end] == e.text and e.quotes_seen == len(a.quotes) >= 1 for e in found)
    d = a.to_dict()
    assert d["extractors"]["events"] == "events.v1"
    assert d["events"][0]["span"] == [found[0].start, found[0].end]  # tuples written as lists
    back = Analysis.from_dict(json.loads(json.dumps(d)))
    assert back.facts("events") == found  # and rebuilt as tuples


def test_a_declared_kind_reaches_the_store_export_and_stats(
    analyzer, events: FactKind, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    with Corpus(tmp_path / "c.db") as corpus:
        report = corpus.ingest_records([InputRecord(text=TEXT, id="a1", published="2026-03-02")])
        assert report.added == 1
        cols = [r[1] for r in corpus.conn.execute('PRAGMA table_info("events")')]
        assert cols == ["pk", "article_id", "text", "start", "end", "lemma", "quotes_seen", "span_start", "span_end",
                        "tags", "extractor"]
        stats = corpus.stats()
        assert stats["events"] >= 2
        out = tmp_path / "events.csv"
        n = corpus.export("events", "csv", out)
        rows = list(csv.DictReader(out.open(encoding="utf-8")))
        assert n == len(rows) == stats["events"]
        assert {r["lemma"] for r in rows} >= {"rebuild", "clear"} and {r["extractor"] for r in rows} == {"events.v1"}
        assert n == corpus.export("events", "parquet", tmp_path / "events.parquet")


def test_a_field_added_to_a_kind_is_added_to_an_existing_store(analyzer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Opening a store written before a kind had a field adds the column; old rows hold NULL there."""
    path = tmp_path / "c.db"

    @dataclass(slots=True)
    class Small:
        text: str
        start: int
        end: int

    def small(doc: Doc, context: Context) -> list[Small]:
        return [Small(doc[0].text, 0, len(doc[0]))]

    globals()["_small"] = small
    register(FactKind("small", Small, "small.v1", f"{__name__}:_small"))
    try:
        with Corpus(path) as corpus:
            corpus.ingest_records([InputRecord(text=TEXT, id="a1")])

        @dataclass(slots=True)
        class Wider:
            text: str
            start: int
            end: int
            note: str | None = None

        register(FactKind("small", Wider, "small.v2", f"{__name__}:_small"))
        with Corpus(path) as corpus:
            cols = [r[1] for r in corpus.conn.execute('PRAGMA table_info("small")')]
            assert cols[-1] == "note"
            assert [r["note"] for r in corpus.conn.execute("SELECT note FROM small")] == [None]
    finally:
        unregister("small")


def test_a_failing_extractor_costs_only_its_own_facts(analyzer) -> None:  # type: ignore[no-untyped-def]
    quotes = KINDS["quotes"]
    register(FactKind("quotes", Quote, quotes.version, f"{__name__}:explode", requires=quotes.requires))
    try:
        a = analyzer.analyze(TEXT, published="2026-03-02")
    finally:
        register(quotes)
    assert a.quotes == [] and "RuntimeError: boom" in a.failed["quotes"]
    assert a.entities and a.times  # the other kinds' facts survive
    assert a.extractors["quotes"] != quotes.version  # stale, so reanalyze retries it
    assert Analysis.from_dict(a.to_dict()).failed == a.failed


def test_a_kind_that_requires_an_unregistered_kind_is_refused() -> None:
    register(FactKind("orphans", Event, "orphans.v1", f"{__name__}:extract_events", requires=("nothing",)))
    try:
        with pytest.raises(ValueError, match="nothing"):
            in_order()
    finally:
        unregister("orphans")


def test_the_extractors_are_spacy_components(nlp) -> None:  # type: ignore[no-untyped-def]
    """A user's own pipeline gets the same facts from the components as the library gives."""
    import spacy

    from newstrace import components  # noqa: F401 - registers the factories
    from newstrace.pipeline import build_analysis

    assert {"newstrace_facts", "newstrace_quotes", "newstrace_quantities"} <= set(spacy.registry.factories.get_all())
    text = '"We will rebuild," Mayor Anna Berg said in Oslo on Monday. At least 12 homes were lost.'
    mine = spacy.load(f"{nlp.meta['lang']}_{nlp.meta['name']}")  # a user's pipeline: the bare model
    mine.add_pipe("newstrace_quotes")
    doc = mine.make_doc(text)
    doc._.published = "2026-03-02"
    for _, proc in mine.pipeline:
        doc = proc(doc)
    assert set(doc._.newstrace) == {"entities", "quotes"}  # quotes and what they need, nothing else
    full = mine.create_pipe("newstrace_facts")(doc)
    expected = build_analysis(mine(text), InputRecord(text=text, id="x", published="2026-03-02"))
    for kind in KINDS:
        assert full._.newstrace[kind] == expected.facts(kind), kind
    assert full._.newstrace_failed is None
