"""Partitions: reading every partition in order gives exactly what ``read_inputs`` gives for the same paths."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newstrace.errors import UsageError
from newstrace.ingest.partitions import Partition, jsonl_ranges, plan_partitions, read_partition
from newstrace.ingest.readers import read_inputs
from newstrace.records import Failure


def _read_all(paths: list[str | Path], target_bytes: int, fmt: str = "auto") -> list[object]:
    items: list[object] = []
    for part in plan_partitions(paths, target_bytes, fmt):
        items += [part] if isinstance(part, Failure) else list(read_partition(part))
    return items


def _partitions(paths: list[str | Path], target_bytes: int) -> list[Partition]:
    return [p for p in plan_partitions(paths, target_bytes) if isinstance(p, Partition)]


def _jsonl(n: int) -> bytes:
    return b"".join(
        json.dumps({"id": f"a{i}", "text": f"Article {i} text. " * (i % 7 + 1)}).encode() + b"\n" for i in range(n)
    )


def test_jsonl_split_into_line_aligned_ranges(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_bytes(_jsonl(200))
    parts = _partitions([path], 1000)
    pieces = [pc for p in parts for pc in p.pieces]
    assert len(pieces) > 5 and all(pc.end is not None for pc in pieces)
    data = path.read_bytes()
    # contiguous, covering the file, each range ending just after a newline, line numbers right
    assert pieces[0].start == 0 and pieces[-1].end == len(data)
    for a, b in itertools.pairwise(pieces):
        assert a.end == b.start and data[b.start - 1 : b.start] == b"\n"
        assert b.first_line == data[: b.start].count(b"\n") + 1
    assert _read_all([path], 1000) == list(read_inputs([path]))


def test_locations_of_bad_lines_survive_the_split(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"a{i}", "text": "x" * 300}) for i in range(30)]
    lines[17] = "{broken"
    lines[23] = json.dumps({"id": "no-text"})
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n\n\n", encoding="utf-8")
    items = _read_all([path], 900)
    failures = [i for i in items if isinstance(i, Failure)]
    assert [f.location for f in failures] == [f"{path}:18", f"{path}:24"]
    assert "invalid JSON" in failures[0].reason and failures[1].id == "no-text"
    assert items == list(read_inputs([path]))


@pytest.mark.parametrize(
    "data",
    [
        b"   \n" * 5000,  # a blank start: one "empty input" failure for the whole file, not one per range
        b"\x00\x01" + _jsonl(300),  # a binary start: one "binary data" failure
        _jsonl(300).replace(b"\n", b"\r\n"),  # CRLF line ends
        _jsonl(300).rstrip(b"\n"),  # no final newline
        b"\n" * 9000 + _jsonl(300),  # a start that is blank within the sniffed head
    ],
    ids=["blank", "binary", "crlf", "no-final-newline", "blank-head"],
)
def test_whole_file_verdicts_are_kept(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(data)
    assert _read_all([path], 2000) == list(read_inputs([path]))


def test_small_files_are_packed_and_folders_walked_in_order(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    (folder / "sub").mkdir(parents=True)
    for i in range(12):
        (folder / ("sub" if i % 3 else ".") / f"{i:02d}.txt").write_text(f"Story number {i} about a bridge.")
    (folder / ".hidden").write_text("not read")
    (tmp_path / "empty").mkdir()
    paths: list[str | Path] = [folder, tmp_path / "missing.txt", tmp_path / "empty"]
    parts = _partitions(paths, 100)
    assert 1 < len(parts) < 12  # packed, not one task per file
    items = _read_all(paths, 100)
    assert items == list(read_inputs(paths))
    assert [i.reason for i in items if isinstance(i, Failure)] == ["no such file or folder", "the folder has no files"]


def test_format_option_decides_what_is_split(tmp_path: Path) -> None:
    path = tmp_path / "records.txt"  # JSON Lines without the suffix
    path.write_bytes(_jsonl(100))
    assert all(pc.end is None for p in _partitions([path], 500) for pc in p.pieces)
    forced = [p for p in plan_partitions([path], 500, "jsonl") if isinstance(p, Partition)]
    assert len(forced) > 1
    assert _read_all([path], 500, "jsonl") == list(read_inputs([path], fmt="jsonl"))


def test_stdin_cannot_be_partitioned() -> None:
    with pytest.raises(UsageError, match="stdin") as err:
        list(plan_partitions(["-"]))
    assert "--engine local" in str(err.value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=st.lists(
        st.one_of(
            st.builds(lambda t, i: json.dumps({"id": i, "text": t}), st.text(max_size=80), st.integers(0, 99)),
            st.sampled_from(["", "   ", "{bad", "[1, 2]", '{"id": 3}', '{"text": 5}']),
        ),
        max_size=60,
    ),
    target=st.integers(1, 400),
    final_newline=st.booleans(),
)
def test_any_jsonl_reads_the_same_split_or_not(
    tmp_path: Path, lines: list[str], target: int, final_newline: bool
) -> None:
    path = tmp_path / "h.jsonl"
    path.write_text("\n".join(lines) + ("\n" if final_newline else ""), encoding="utf-8")
    assert _read_all([path], target) == list(read_inputs([path]))
    ranges = jsonl_ranges(path, target)
    assert ranges[0][0] == 0 and ranges[-1][1] == path.stat().st_size
