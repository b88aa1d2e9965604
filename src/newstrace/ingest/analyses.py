"""Reading the inputs of a comparison: analysis records as they are, anything else as input records.

A JSON Lines record that already has ``entities`` or ``quotes`` is an analysis record (``newstrace analyze
--format jsonl``, ``newstrace export``) and is rebuilt with ``Analysis.from_dict``, not analyzed again. Other
records, and text, HTML, feeds and WARC files, are read by :mod:`newstrace.ingest.readers` as input records,
which :func:`newstrace.pipeline.load_analyses` analyzes (the pipeline is loaded only when there is any).
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import IO, Any

from newstrace.ingest.detect import HEAD_BYTES, InputFormat, detect_format
from newstrace.ingest.jsonl import record_from_dict
from newstrace.ingest.readers import STDIN, input_sources, read_file, read_stream
from newstrace.records import KINDS, Analysis, Failure, InputRecord

Item = Analysis | InputRecord | Failure


def read_items(paths: Iterable[str | Path], stdin: IO[bytes] | None = None) -> Iterator[Item]:
    """Analyses, input records and failures from files, folders (sorted) and ``-`` (stdin), in input order."""
    for source in input_sources(paths):
        if isinstance(source, Failure):
            yield source
        elif source == STDIN:
            data = (stdin or sys.stdin.buffer).read()
            yield from _read(io.BytesIO(data), "<stdin>", None, None, reopen=None)
        else:
            yield from _read_path(Path(source))


def _read_path(path: Path) -> Iterator[Item]:
    try:
        stream = path.open("rb")
    except OSError as err:
        yield Failure(location=str(path), reason=f"cannot read the file: {err.strerror}")
        return
    with stream:
        yield from _read(stream, str(path), path.stem, path.name, reopen=path)


def _read(stream: IO[bytes], location: str, stem: str | None, name: str | None, reopen: Path | None) -> Iterator[Item]:
    head = stream.read(HEAD_BYTES)
    if head.strip() and detect_format(head, name) is InputFormat.jsonl:
        lines = io.BytesIO(head + stream.readline()).readlines()
        for n, raw in enumerate(chain(lines, stream), 1):
            if raw.strip():
                yield item_from_line(raw, f"{location}:{n}")
        return
    if reopen is not None:
        yield from read_file(reopen)
    else:
        yield from read_stream(io.BytesIO(head + stream.read()), location, stem)


def item_from_line(raw: bytes, where: str) -> Item:
    """An analysis, an input record or a failure from one JSON Lines line."""
    try:
        obj = json.loads(raw)
    except ValueError as err:  # UnicodeDecodeError is a ValueError
        return Failure(location=where, reason=f"invalid JSON: {err}")
    if not isinstance(obj, dict):
        return Failure(location=where, reason=f"a record must be a JSON object, not {type(obj).__name__}")
    if any(k in obj for k in KINDS):
        return analysis_from_dict(obj, where)
    return record_from_dict(obj, where)


def analysis_from_dict(obj: dict[str, Any], where: str) -> Analysis | Failure:
    ident = obj.get("id")
    if not isinstance(obj.get("text"), str) or not obj["text"]:
        return Failure(location=where, reason="the analysis record has no 'text'; write analyses with "
                       "'newstrace analyze --format jsonl', which keeps each article's text",
                       id=None if ident is None else str(ident))
    if ident is None:
        return Failure(location=where, reason="the analysis record has no 'id'")
    try:
        return Analysis.from_dict(obj)
    except (KeyError, TypeError, ValueError) as err:
        return Failure(location=where, reason=f"not a valid analysis record: {type(err).__name__}: {err}",
                       id=str(ident))
