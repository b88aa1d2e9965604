"""Reading input records: every bad item becomes a Failure with file:line and a reason."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from newstrace.ingest.readers import read_bytes, read_inputs
from newstrace.records import Failure, InputRecord


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_jsonl_records_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": "Mayor Ana Ruiz opened the bridge.", "published": "2025-01-02"}),
        "{not json",
        json.dumps({"id": "b"}),
        json.dumps({"id": "c", "text": 12}),
        json.dumps(["a", "list"]),
        "",
        json.dumps({"text": "No id here.", "source": "Daily Example"}),
    ]
    path = _write(tmp_path / "in.jsonl", "\n".join(lines).encode())
    items = list(read_inputs([path]))
    records = [i for i in items if isinstance(i, InputRecord)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert [r.id for r in records] == ["a", None]
    assert records[0].published == "2025-01-02" and records[1].source == "Daily Example"
    assert [f.location for f in failures] == [f"{path}:2", f"{path}:3", f"{path}:4", f"{path}:5"]
    assert "invalid JSON" in failures[0].reason
    assert "no 'text' field" in failures[1].reason and failures[1].id == "b"
    assert "must be a string" in failures[2].reason
    assert "JSON object" in failures[3].reason


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty input"),
        (b"   \n\n", "empty input"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary data"),
        (b"Caf\xe9 owners said prices rose.", "not valid UTF-8"),
    ],
)
def test_bad_files(tmp_path: Path, data: bytes, reason: str) -> None:
    path = _write(tmp_path / "bad.txt", data)
    (item,) = list(read_inputs([path]))
    assert isinstance(item, Failure)
    assert reason in item.reason and item.location == str(path)


def test_text_file_id_is_its_name(tmp_path: Path) -> None:
    path = _write(tmp_path / "story-7.txt", b"The council said 40 homes were flooded.")
    (item,) = list(read_inputs([path]))
    assert isinstance(item, InputRecord) and item.id == "story-7" and item.text.startswith("The council")


def test_folder_mixing_good_and_bad(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", b"Good article text about a port.")
    _write(tmp_path / "b.txt", b"")
    _write(tmp_path / "c.bin", b"\x00\x01\x02")
    _write(tmp_path / "d.jsonl", b'{"text": "One."}\n{broken\n')
    sub = tmp_path / "sub"
    sub.mkdir()
    _write(sub / "e.txt", b"Nested article.")
    items = list(read_inputs([tmp_path]))
    assert sum(isinstance(i, InputRecord) for i in items) == 3
    assert sorted(Path(f.location.split(":")[0]).name for f in items if isinstance(f, Failure)) == [
        "b.txt", "c.bin", "d.jsonl",
    ]


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    items = list(read_inputs([tmp_path / "nope.txt", empty]))
    assert [type(i) for i in items] == [Failure, Failure]
    assert "no such file" in items[0].reason and "no files" in items[1].reason  # type: ignore[union-attr]


def test_stdin_jsonl_and_text() -> None:
    items = list(read_inputs(["-"], stdin=io.BytesIO(b'{"id": "x", "text": "From stdin."}\n')))
    assert isinstance(items[0], InputRecord) and items[0].id == "x" and items[0].location == "<stdin>:1"
    (plain,) = list(read_bytes(b"Just some text.", "<stdin>", stem=None))
    assert isinstance(plain, InputRecord) and plain.text == "Just some text."
