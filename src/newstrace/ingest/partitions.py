"""Splitting inputs into partitions that a worker reads by itself: the driver ships descriptors, not text.

A :class:`Partition` is a few :class:`Piece` s, each a file or a byte range of one:

- a JSON Lines file (``.jsonl``, ``.ndjson``, ``.jsonlines``) larger than the target size is cut into byte
  ranges that start and end on line boundaries; each range knows its first line number, so that records
  and failures keep the ``file:line`` locations that reading the whole file gives;
- any other file (plain text, and whatever else :func:`~newstrace.ingest.readers.read_inputs` reads: HTML,
  RSS, WARC) is one piece, read whole with the ordinary readers, so that every format behaves the same on
  a worker as on one machine. WARC files are therefore partitioned by file, not by record;
- small pieces that follow each other are packed into one partition up to the target size, so that a
  folder of many small files costs a few tasks, not one per file.

``plan_partitions(paths)`` walks the inputs in the order ``read_inputs`` does and yields partitions, or a
:class:`~newstrace.records.Failure` for a path that does not exist or a folder with no files (the same
reasons ``read_inputs`` gives). ``read_partition(p)`` yields what ``read_inputs`` would have yielded for
that part of the input, so reading all partitions in order gives exactly the records ``read_inputs`` gives.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newstrace.errors import UsageError
from newstrace.ingest.detect import HEAD_BYTES, JSONL_SUFFIXES, InputFormat
from newstrace.ingest.readers import STDIN, Item, input_sources, read_inputs, read_jsonl
from newstrace.records import Failure

#: Default partition size. The engines pick a smaller one for small inputs, so that every worker gets work.
TARGET_BYTES = 8 * 2**20
_CHUNK = 2**20


@dataclass(frozen=True, slots=True)
class Piece:
    """A whole file (``end is None``) or the byte range ``[start, end)`` of a JSON Lines file."""

    path: str
    start: int = 0
    end: int | None = None
    first_line: int = 1  # the line number of the byte at ``start``
    size: int = 0  # bytes, for progress and packing

    def label(self) -> str:
        return self.path if self.end is None else f"{self.path}[{self.start}:{self.end}]"


@dataclass(frozen=True, slots=True)
class Partition:
    """A unit of work: pieces read and analyzed together by one worker."""

    index: int
    pieces: tuple[Piece, ...]
    fmt: InputFormat = InputFormat.auto

    @property
    def nbytes(self) -> int:
        return sum(p.size for p in self.pieces)

    def label(self) -> str:
        first = self.pieces[0].label()
        return first if len(self.pieces) == 1 else f"{first} (+{len(self.pieces) - 1} more files)"


def plan_partitions(
    paths: Iterable[str | Path], target_bytes: int = TARGET_BYTES, fmt: InputFormat | str = InputFormat.auto
) -> Iterator[Partition | Failure]:
    """Partitions of ``paths`` (files or folders), in reading order, with failures for unreadable paths.

    ``fmt`` is ``read_inputs``'s: with ``auto``, files with a JSON Lines suffix are split into byte ranges;
    with ``jsonl``, every file is; with any other format, none is.

    Raises :class:`~newstrace.errors.UsageError` for ``-`` (stdin): it cannot be read from another machine.
    """
    fmt = InputFormat(fmt)
    index = 0
    pending: list[Piece] = []
    pending_bytes = 0

    def flush() -> Iterator[Partition]:
        nonlocal index, pending, pending_bytes
        if pending:
            yield Partition(index, tuple(pending), fmt)
            index += 1
            pending, pending_bytes = [], 0

    for item in _pieces(paths, target_bytes, fmt):
        if isinstance(item, Failure):
            yield from flush()
            yield item
            continue
        if pending and pending_bytes + item.size > target_bytes:
            yield from flush()
        pending.append(item)
        pending_bytes += item.size
        if pending_bytes >= target_bytes:
            yield from flush()
    yield from flush()


def read_partition(partition: Partition) -> Iterator[Item]:
    """The records (and failures) of ``partition``, as ``read_inputs`` gives them for that part of the input."""
    for piece in partition.pieces:
        if piece.end is None:
            yield from read_inputs([piece.path], fmt=partition.fmt)
        else:
            yield from _read_range(piece)


def _read_range(piece: Piece) -> Iterator[Item]:
    assert piece.end is not None
    try:
        with open(piece.path, "rb") as f:
            f.seek(piece.start)
            data = f.read(piece.end - piece.start)
    except OSError as err:
        yield Failure(location=piece.label(), reason=f"cannot read the file: {err.strerror}")
        return
    if data.endswith(b"\n"):
        data = data[:-1]
    for n, raw in enumerate(data.split(b"\n"), piece.first_line):
        # Line by line through the ordinary reader, so that every record and failure is what reading the
        # whole file gives; only the line number is ours.
        for item in read_jsonl(raw, piece.path):
            item.location = f"{piece.path}:{n}"
            yield item


def input_files(paths: Iterable[str | Path]) -> Iterator[Path | Failure]:
    """The files ``read_inputs`` reads for ``paths``, in its order, and its failures for missing paths."""
    for source in input_sources(paths):
        if source == STDIN:
            raise UsageError(
                "stdin ('-') cannot be split into partitions for other processes or machines; write it to a "
                "file (on a filesystem the workers can read) and pass its path, or use --engine local"
            )
        yield source if isinstance(source, Failure) else Path(source)


def input_bytes(paths: Iterable[str | Path]) -> int:
    """The total size of the files ``read_inputs`` reads for ``paths``."""
    total = 0
    for f in input_files(paths):
        if isinstance(f, Path):
            with contextlib.suppress(OSError):
                total += f.stat().st_size
    return total


def _pieces(paths: Iterable[str | Path], target_bytes: int, fmt: InputFormat) -> Iterator[Piece | Failure]:
    for f in input_files(paths):
        if isinstance(f, Failure):
            yield f
        else:
            yield from _file_pieces(f, target_bytes, fmt)


def _file_pieces(path: Path, target_bytes: int, fmt: InputFormat) -> Iterator[Piece]:
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    jsonl = fmt is InputFormat.jsonl or (fmt is InputFormat.auto and path.name.lower().endswith(JSONL_SUFFIXES))
    if not jsonl or size <= target_bytes:
        yield Piece(str(path), size=size)
        return
    try:
        ranges = jsonl_ranges(path, target_bytes)
    except OSError:
        ranges = []  # the worker's read of the whole file reports the error, as read_inputs does
    if len(ranges) <= 1:
        yield Piece(str(path), size=size)
        return
    for start, end, first_line in ranges:
        yield Piece(str(path), start, end, first_line, size=end - start)


def jsonl_ranges(path: Path, target_bytes: int) -> list[tuple[int, int, int]]:
    """``(start, end, first_line)`` byte ranges of about ``target_bytes``, each ending just after a newline.

    One pass over the file in 1 MiB reads, counting newlines. A file that ``read_inputs`` rejects as a
    whole (a blank or binary start) gives a single range, so that it fails the same way.
    """
    size = path.stat().st_size
    cuts: list[tuple[int, int]] = []  # (byte offset just after a newline, number of the line starting there)
    pos = 0  # file offset of the current chunk
    lines = 1  # number of the line that starts at ``pos`` (or that ``pos`` is inside)
    next_cut = target_bytes
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            if pos == 0:
                head = chunk[:HEAD_BYTES]
                if not head.strip() or b"\x00" in head:
                    return [(0, size, 1)]
            searched = 0
            while next_cut < pos + len(chunk):
                i = chunk.find(b"\n", max(next_cut - pos, searched))
                if i < 0:
                    break
                cut = pos + i + 1
                if cut < size:
                    cuts.append((cut, lines + chunk.count(b"\n", 0, i + 1)))
                searched = i + 1
                next_cut = cut + target_bytes
            lines += chunk.count(b"\n")
            pos += len(chunk)
    if not cuts:
        return [(0, size, 1)]
    starts = [(0, 1), *cuts]
    ends = [c for c, _ in cuts] + [size]
    return [(s, e, line) for (s, line), e in zip(starts, ends, strict=True)]
