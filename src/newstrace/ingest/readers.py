"""Reading input records: JSON Lines, plain-text files, folders of them, and ``-`` for stdin.

Each input yields :class:`InputRecord` items or, for what cannot be read, :class:`Failure` items that say
where (``file:line``) and why; one bad record never stops the others.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from newstrace import config
from newstrace.records import Failure, InputRecord

Item = InputRecord | Failure
_RECORD_FIELDS = ("id", "published", "source", "url", "title")
#: Files whose name ends with one of these are read as JSON Lines whatever their content looks like.
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")
_SKIP_NAMES = {".DS_Store", "Thumbs.db"}


def read_inputs(paths: Iterable[str | Path], stdin: IO[bytes] | None = None) -> Iterator[Item]:
    """Records from each path in turn: a file, a folder (walked in sorted order) or ``-`` (stdin)."""
    for path in paths:
        if str(path) == "-":
            data = (stdin or sys.stdin.buffer).read()
            yield from read_bytes(data, "<stdin>", stem=None)
            continue
        p = Path(path)
        if p.is_dir():
            files = sorted(
                f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".") and f.name not in _SKIP_NAMES
            )
            if not files:
                yield Failure(location=str(p), reason="the folder has no files")
            for f in files:
                yield from read_file(f)
        elif p.is_file():
            yield from read_file(p)
        else:
            yield Failure(location=str(p), reason="no such file or folder")


def read_file(path: Path) -> Iterator[Item]:
    size = path.stat().st_size
    if size > config.max_chars() * 4 and path.suffix.lower() not in JSONL_SUFFIXES:
        yield Failure(location=str(path), reason=f"the file is {size:,} bytes, over the size limit")
        return
    try:
        data = path.read_bytes()
    except OSError as err:
        yield Failure(location=str(path), reason=f"cannot read the file: {err.strerror}")
        return
    yield from read_bytes(data, str(path), stem=path.stem, force_jsonl=path.suffix.lower() in JSONL_SUFFIXES)


def read_bytes(data: bytes, location: str, stem: str | None, force_jsonl: bool = False) -> Iterator[Item]:
    """Records in ``data``: JSON Lines when it looks like it (or ``force_jsonl``), else one plain-text article."""
    if not data.strip():
        yield Failure(location=location, reason="empty input", id=stem)
        return
    if b"\x00" in data[:8192]:
        yield Failure(location=location, reason="binary data, not text", id=stem)
        return
    if force_jsonl or looks_like_jsonl(data):
        yield from read_jsonl(data, location)
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        reason = f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start})"
        yield Failure(location=location, reason=reason, id=stem)
        return
    yield InputRecord(text=text, id=stem, location=location)


def looks_like_jsonl(data: bytes) -> bool:
    first = data.lstrip()[:1]
    if first != b"{":
        return False
    line = data.lstrip().split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def read_jsonl(data: bytes, location: str) -> Iterator[Item]:
    for n, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        where = f"{location}:{n}"
        try:
            obj = json.loads(raw)
        except UnicodeDecodeError as err:
            yield Failure(location=where, reason=f"not valid UTF-8 (byte 0x{raw[err.start]:02x})")
            continue
        except ValueError as err:
            yield Failure(location=where, reason=f"invalid JSON: {err}")
            continue
        if not isinstance(obj, dict):
            yield Failure(location=where, reason=f"a record must be a JSON object, not {type(obj).__name__}")
            continue
        yield record_from_dict(obj, where)


def record_from_dict(obj: dict[str, object], location: str) -> Item:
    """An :class:`InputRecord` from a JSON object, or a :class:`Failure` saying which field is wrong."""
    ident = obj.get("id")
    ident_s = str(ident) if ident is not None else None
    text = obj.get("text")
    if text is None:
        return Failure(location=location, reason="the record has no 'text' field", id=ident_s)
    if not isinstance(text, str):
        return Failure(location=location, reason=f"'text' must be a string, not {type(text).__name__}", id=ident_s)
    fields: dict[str, str | None] = {}
    for key in _RECORD_FIELDS:
        value = obj.get(key)
        fields[key] = None if value is None else str(value)
    return InputRecord(text=text, location=location, **fields)
