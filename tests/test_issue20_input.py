"""Issue 20, hostile input: lone surrogates and out-of-range dates are per-record failures that never cost the
batch, a NUL byte fails only its JSON line, and a location like ``FILE:100:`` is not turned into an emoji."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newstrace
from newstrace.cli.main import app
from newstrace.corpus import Corpus
from newstrace.errors import RecordError
from newstrace.ingest.readers import read_stream
from newstrace.pipeline import check_record, screen
from newstrace.records import Failure, InputRecord

GOOD = "Mayor Ana Ruiz said 40 homes were flooded in Valencia on Monday."


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        (InputRecord(text="Mayor said \ud800 40 homes."),
         "the text holds a lone surrogate ('\\ud800' at character 11)"),
        (InputRecord(text=GOOD, source="Daily \udcff"), "the source holds a lone surrogate"),
        (InputRecord(text=GOOD, id="a\udc80"), "the id holds a lone surrogate"),
        (InputRecord(text=GOOD, published="0001-01-01"), "'published' is 0001-01-01: a year outside 1000-9000"),
        (InputRecord(text=GOOD, published="9999-12-31"), "'published' is 9999-12-31: a year outside"),
        (InputRecord(text=GOOD, published="not a date"), "'published' is not a date"),
    ],
)
def test_records_that_cannot_be_analyzed_are_record_errors(record: InputRecord, reason: str) -> None:
    with pytest.raises(RecordError) as err:
        check_record(record)
    assert reason in str(err.value)
    failure = screen(record)
    assert isinstance(failure, Failure) and reason in failure.reason
    (failure.id or "").encode("utf-8")  # a failure can always be stored and printed


def test_the_python_api_raises_a_record_error(analyzer) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RecordError, match="lone surrogate"):
        newstrace.analyze("Mayor said \ud800 40 homes.")
    with pytest.raises(RecordError, match="0001-01-01"):
        newstrace.analyze(GOOD, published="0001-01-01")


def test_analyze_many_keeps_the_batch(analyzer) -> None:  # type: ignore[no-untyped-def]
    records = [GOOD, "Mayor said \ud800 40 homes.", {"text": GOOD + " Again.", "published": "0001-01-01"}, 42,
               {"text": "Police said 3 people were hurt in Leeds on Friday.", "title": "x\udcff"}]
    results = list(newstrace.analyze_many(records))
    assert [type(r).__name__ for r in results] == ["Analysis", "Failure", "Failure", "Failure", "Failure"]
    assert "not a record: a int" in results[3].reason  # type: ignore[union-attr]


def test_ingest_records_keeps_the_batch(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    records = [InputRecord(text=GOOD, location="r1"), InputRecord(text="Mayor said \ud800 40 homes.", location="r2"),
               InputRecord(text=GOOD + " Later.", published="0001-01-01", location="r3"),
               InputRecord(text="Police said 3 people were hurt in Leeds on Friday.", source="\ud800", location="r4")]
    with Corpus(tmp_path / "c.db") as corpus:
        report = corpus.ingest_records(records)
        assert (report.added, report.failed) == (1, 3)
        assert sorted(f["location"] for f in corpus.failures()) == ["r2", "r3", "r4"]


def _jsonl(lines: list[bytes]) -> bytes:
    return b"\n".join(lines) + b"\n"


def test_a_nul_byte_fails_only_its_json_line() -> None:
    good = [json.dumps({"id": f"a{i}", "text": GOOD}).encode() for i in range(6)]
    data = _jsonl([*good[:2], b'{"id": "bad", "text": "Mayor\x00 said"}', *good[2:]])
    items = list(read_stream(io.BytesIO(data), "in.jsonl", None, name="in.jsonl"))
    assert [type(i).__name__ for i in items] == ["InputRecord"] * 2 + ["Failure"] + ["InputRecord"] * 4
    assert items[2].location == "in.jsonl:3"
    auto = list(read_stream(io.BytesIO(data), "stdin", None))  # detected from content, too
    assert sum(isinstance(i, InputRecord) for i in auto) == 6
    binary = list(read_stream(io.BytesIO(b"\x00\x01\x02 not text" * 10), "blob.bin", None))
    assert [i.reason for i in binary] == ["binary data, not text"]  # type: ignore[union-attr]


def test_locations_are_printed_as_they_are(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n" * 99 + b"{not json :smile: [red]x[/red]\n")
    res = CliRunner().invoke(app, ["analyze", str(path)])
    assert f"{path}:100: invalid JSON" in res.stderr
    assert "\U0001f4af" not in res.stderr
