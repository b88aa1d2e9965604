"""JSON Lines input: one record per line, ``{"id", "text", "published", "source", "url", "title"}``.

Only ``text`` is required. A line that is not a JSON object with a string ``text`` becomes a
:class:`Failure` at ``FILE:LINE``; the lines around it are read as usual.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from newstrace.records import Failure, InputRecord

_RECORD_FIELDS = ("id", "published", "source", "url", "title")


def read_jsonl_lines(lines: Iterable[bytes], location: str) -> Iterator[InputRecord | Failure]:
    """Records from the lines of a JSON Lines input (numbered from 1 in failure locations)."""
    for n, raw in enumerate(lines, 1):
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


def record_from_dict(obj: dict[str, object], location: str) -> InputRecord | Failure:
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
    for key, value in (("text", text), *fields.items()):
        if value is not None and not _encodable(value):
            return Failure(
                location=location,
                reason=f"'{key}' holds a lone surrogate escape (such as \\ud800), which is not a character",
                id=ident_s if ident_s is None or _encodable(ident_s) else None,
            )
    return InputRecord(text=text, location=location, **fields)


def _encodable(value: str) -> bool:
    """False for a string with a lone surrogate (JSON allows the escape ``\\ud800``; UTF-8 and spaCy do not)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
