"""Regression tests from the whole-code review, each named after the defect it pins down."""

from __future__ import annotations

from newstrace.ingest.readers import read_bytes
from newstrace.records import Failure, InputRecord


def test_jsonl_lone_surrogate_escape_crashed_the_whole_run() -> None:
    # '\ud800' is valid JSON but not a character: it used to reach spaCy / sha256 and raise UnicodeEncodeError,
    # ending analyze and ingest; now it costs only its record.
    data = b'{"id": "a", "text": "bad \\ud800 text"}\n{"id": "b", "title": "x \\udc00", "text": "ok"}\n' \
        b'{"id": "c", "text": "fine \\ud83d\\ude00"}\n'
    items = list(read_bytes(data, "in.jsonl", stem=None, force_jsonl=True))
    assert [type(i) for i in items] == [Failure, Failure, InputRecord]
    assert isinstance(items[0], Failure) and items[0].location == "in.jsonl:1" and "surrogate" in items[0].reason
    assert isinstance(items[1], Failure) and "'title'" in items[1].reason
    assert isinstance(items[2], InputRecord) and items[2].text == "fine \U0001f600"
