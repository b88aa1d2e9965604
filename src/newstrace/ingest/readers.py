"""Reading input records: JSON Lines, plain text, saved HTML pages, RSS/Atom feeds and WARC archives, from
files, folders (walked in sorted order) and ``-`` for stdin.

Each input yields :class:`InputRecord` items or, for what cannot be read, :class:`Failure` items that say
where (``file:line``, ``feed#entry``, ``archive@offset``) and why; one bad record never stops the others.
The format is detected from each input's first bytes (:mod:`newstrace.ingest.detect`) unless ``fmt`` names
it. JSON Lines and WARC are streamed record by record, so a large input is never held in memory whole.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from newstrace import config
from newstrace.ingest.detect import HEAD_BYTES, JSONL_SUFFIXES, InputFormat, detect_format, looks_like_jsonl
from newstrace.ingest.feeds import read_feed
from newstrace.ingest.html import record_from_html
from newstrace.ingest.jsonl import read_jsonl_lines
from newstrace.ingest.warc import read_warc
from newstrace.records import Failure, InputRecord

Item = InputRecord | Failure
_SKIP_NAMES = {".DS_Store", "Thumbs.db"}

__all__ = [
    "JSONL_SUFFIXES", "STDIN", "InputFormat", "Item", "folder_files", "input_sources", "read_bytes", "read_file",
    "read_inputs", "read_jsonl", "read_stream",
]


def read_inputs(
    paths: Iterable[str | Path], stdin: IO[bytes] | None = None, fmt: InputFormat | str = InputFormat.auto
) -> Iterator[Item]:
    """Records from each path in turn: a file, a folder (walked in sorted order) or ``-`` (stdin)."""
    fmt = InputFormat(fmt)
    for source in input_sources(paths):
        if isinstance(source, Failure):
            yield source
        elif source == STDIN:
            yield from read_stream(stdin or sys.stdin.buffer, "<stdin>", stem=None, fmt=fmt)
        else:
            yield from read_file(Path(source), fmt)


#: What :func:`input_sources` yields for ``-``.
STDIN = "-"


def input_sources(paths: Iterable[str | Path]) -> Iterator[Path | str | Failure]:
    """What to read, in order: each file as given, each folder's files (:func:`folder_files`), :data:`STDIN`
    for ``-``, and a :class:`Failure` for a path that is neither or a folder with no files."""
    for path in paths:
        if str(path) == STDIN:
            yield STDIN
            continue
        p = Path(path)
        if p.is_dir():
            files = folder_files(p)
            if not files:
                yield Failure(location=str(p), reason="the folder has no files")
            yield from files
        elif p.is_file():
            yield p
        else:
            yield Failure(location=str(p), reason="no such file or folder")


def folder_files(folder: Path) -> list[Path]:
    """The files read from ``folder``: walked recursively, in sorted order, leaving out hidden files and
    folders (``.git/``, ``.cache/``) and OS litter (``Thumbs.db``). Every reader of folders uses this."""
    return sorted(
        f for f in folder.rglob("*")
        if f.is_file() and f.name not in _SKIP_NAMES
        and not any(part.startswith(".") for part in f.relative_to(folder).parts)
    )


def read_file(path: Path, fmt: InputFormat = InputFormat.auto) -> Iterator[Item]:
    try:
        stream = path.open("rb")
    except OSError as err:
        yield Failure(location=str(path), reason=f"cannot read the file: {err.strerror}")
        return
    with stream:
        yield from read_stream(stream, str(path), stem=path.stem, fmt=fmt, name=path.name)


def read_bytes(data: bytes, location: str, stem: str | None, force_jsonl: bool = False) -> Iterator[Item]:
    """Records in ``data``, its format detected (or JSON Lines with ``force_jsonl``)."""
    fmt = InputFormat.jsonl if force_jsonl else InputFormat.auto
    yield from read_stream(io.BytesIO(data), location, stem, fmt=fmt)


def read_stream(
    stream: IO[bytes],
    location: str,
    stem: str | None,
    fmt: InputFormat = InputFormat.auto,
    name: str | None = None,
) -> Iterator[Item]:
    """Records in a binary stream; ``name`` (a file name) only helps detection, ``stem`` ids a one-article input."""
    head = stream.read(HEAD_BYTES)
    if not head.strip():
        yield Failure(location=location, reason="empty input", id=stem)
        return
    kind = detect_format(head, name) if fmt is InputFormat.auto else fmt
    if kind is InputFormat.warc:
        yield from read_warc(io.BufferedReader(_Prefixed(head, stream)), location)
        return
    if kind is InputFormat.jsonl and (b"\x00" not in head or looks_like_jsonl(head.lstrip(b"\xef\xbb\xbf"))):
        yield from read_jsonl_lines(_lines(head, stream), location)  # a NUL byte fails its own line only
        return
    if b"\x00" in head:
        yield Failure(location=location, reason="binary data, not text", id=stem)
        return
    limit = config.max_chars() * 4
    data = head + stream.read(limit + 1 - len(head))
    if len(data) > limit:
        yield Failure(
            location=location,
            reason=f"the input is over the size limit of {limit:,} bytes (set NEWSTRACE_MAX_CHARS to raise it)",
            id=stem,
        )
        return
    if kind is InputFormat.html:
        yield record_from_html(data, location, id=stem)
    elif kind is InputFormat.rss:
        yield from read_feed(data, location)
    else:
        yield read_text(data, location, stem)


def read_jsonl(data: bytes, location: str) -> Iterator[Item]:
    """Records in JSON Lines ``data`` (lines numbered from 1 in failure locations)."""
    yield from read_jsonl_lines(data.split(b"\n"), location)


def read_text(data: bytes, location: str, stem: str | None) -> Item:
    """One plain-text article, UTF-8 (a byte-order mark is dropped)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return Failure(
            location=location, reason=f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start})", id=stem
        )
    return InputRecord(text=text, id=stem, location=location)


def _lines(head: bytes, stream: IO[bytes]) -> Iterator[bytes]:
    """The lines of ``head`` followed by the rest of ``stream``, one at a time."""
    yield from io.BytesIO(head + stream.readline())
    yield from stream


class _Prefixed(io.RawIOBase):
    """A readable stream of ``head`` followed by the rest of ``stream`` (``head`` was already read from it)."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head, self._stream = memoryview(head), stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
