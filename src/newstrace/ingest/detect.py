"""Which kind of input a file or stream holds, judged from its first bytes (``--format auto``).

The name matters only for JSON Lines (``.jsonl`` and friends are read as records whatever they look like);
everything else is decided by content, so a saved page called ``story.txt`` is still read as HTML.
"""

from __future__ import annotations

import json
import re
import zlib
from enum import StrEnum

#: Bytes of the start of an input that detection looks at.
HEAD_BYTES = 8192
#: Files whose name ends with one of these are read as JSON Lines whatever their content looks like.
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")

_XML_PROLOGUE = re.compile(rb"\A(?:\s|<!--.*?-->|<!DOCTYPE[^>]*>|<\?[^>]*\?>)*", re.S | re.I)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>/]", re.I)
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|article)[\s>/]", re.I)
_GZIP_MAGIC = b"\x1f\x8b"


class InputFormat(StrEnum):
    """Input formats ``newstrace ingest --format`` accepts; ``rss`` covers RSS 1.0/2.0 and Atom feeds."""

    auto = "auto"
    jsonl = "jsonl"
    text = "text"
    html = "html"
    rss = "rss"
    warc = "warc"


def detect_format(head: bytes, name: str | None = None) -> InputFormat:
    """The format of an input that starts with ``head`` (never ``auto``; plain text when nothing else fits)."""
    if name and name.lower().endswith(JSONL_SUFFIXES):
        return InputFormat.jsonl
    if head.startswith(_GZIP_MAGIC):
        head = _gunzip_start(head)
    if head.startswith(b"WARC/"):
        return InputFormat.warc
    body = head.lstrip(b"\xef\xbb\xbf")
    if looks_like_jsonl(body):
        return InputFormat.jsonl
    prologue = _XML_PROLOGUE.match(body)
    rest = body[prologue.end() :] if prologue else body
    if _FEED_ROOT.match(rest):
        return InputFormat.rss
    if _HTML_START.match(rest) or _HTML_START.search(body[:1024]):
        return InputFormat.html
    return InputFormat.text


def looks_like_jsonl(data: bytes) -> bool:
    """True when the first non-blank line of ``data`` is a JSON object."""
    stripped = data.lstrip()
    if stripped[:1] != b"{":
        return False
    line = stripped.split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _gunzip_start(head: bytes) -> bytes:
    """As much of a gzip stream's decompressed start as ``head`` holds (b"" when it is not gzip after all)."""
    try:
        return zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, HEAD_BYTES)
    except zlib.error:
        return b""
