"""Writing analysis records as JSON Lines (one article per line) or one JSON array."""

from __future__ import annotations

import json
from typing import IO, Any


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


class RecordWriter:
    """Writes records to ``out`` as ``jsonl`` (streamed, flushed per line) or ``json`` (one array)."""

    def __init__(self, out: IO[str], fmt: str = "jsonl") -> None:
        self.out, self.fmt, self.count = out, fmt, 0

    def __enter__(self) -> RecordWriter:
        if self.fmt == "json":
            self.out.write("[")
        return self

    def write(self, record: dict[str, Any]) -> None:
        if self.fmt == "json":
            self.out.write(("," if self.count else "") + "\n" + json.dumps(record, ensure_ascii=False, indent=1))
        else:
            self.out.write(dumps(record) + "\n")
            self.out.flush()
        self.count += 1

    def __exit__(self, *exc: object) -> None:
        if self.fmt == "json":
            self.out.write("\n]\n")
        self.out.flush()
