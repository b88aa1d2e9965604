"""Saved RSS and Atom feeds (feedparser): one article per entry, from its content or else its summary.

Links are never followed: an entry whose feed carries only a title and a link gives a :class:`Failure`
saying so, and the page itself can be ingested as HTML. Entry locations are ``FILE#N`` (N counts from 1).

One bad entry does not cost the others (:func:`parse_feed`): a character reference to a code point that is
no character (``&#xD800;``) becomes U+FFFD before parsing, and when feedparser still raises, each entry is
parsed on its own within the feed's envelope, so that only the entry that raises is lost.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from typing import Any

import feedparser

from newstrace.ingest.html import fragment_text
from newstrace.records import Failure, InputRecord

_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


#: A numeric character reference (``&#xD800;``, ``&#0;``): feedparser's loose parser raises on one that names
#: no character (a surrogate, a code point past U+10FFFF), and XML forbids most controls.
_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")
#: One entry of an RSS (``<item>``) or Atom (``<entry>``) feed, for parsing entries one by one.
_ENTRY = re.compile(rb"<(item|entry)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)


class FeedParseError(Exception):
    """feedparser raised on the feed and on its envelope without entries (``str(err)`` says why)."""


def _charref(match: re.Match[bytes]) -> bytes:
    digits, base = (match.group(1), 16) if match.group(1) is not None else (match.group(2), 10)
    code = int(digits, base) if len(digits) <= 8 else -1
    ok = code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF
    return match.group(0) if ok else b"&#xFFFD;"


def parse_feed(data: bytes, headers: dict[str, str] | None = None) -> tuple[Any, list[Any]]:
    """feedparser's result for ``data`` and its entries, where an entry that cannot be parsed is a ``str``
    saying why. Raises :class:`FeedParseError` when not even the feed without its entries can be parsed."""
    data = _CHARREF.sub(_charref, data)
    try:
        parsed = _parse(data, headers)
        return parsed, list(parsed.entries)
    except Exception as err:  # noqa: BLE001 - feedparser's loose parser raises on some inputs
        whole = err
    spans = [m.span() for m in _ENTRY.finditer(data)]
    if not spans:
        raise FeedParseError(f"cannot parse the feed: {type(whole).__name__}: {whole}")
    head, tail = data[: spans[0][0]], data[spans[-1][1] :]
    try:
        parsed = _parse(head + tail, headers)
    except Exception as err:  # noqa: BLE001
        raise FeedParseError(f"cannot parse the feed: {type(err).__name__}: {err}") from None
    entries: list[Any] = []
    for start, end in spans:
        try:
            one = _parse(head + data[start:end] + tail, headers).entries
        except Exception as err:  # noqa: BLE001 - this entry alone: the others are still read
            one = [f"cannot parse the feed entry: {type(err).__name__}: {err}"]
        entries.extend(one or ["cannot parse the feed entry"])
    return parsed, entries


def _parse(data: bytes, headers: dict[str, str] | None) -> Any:
    # a stream, so feedparser never takes the data for a URL or a file name
    return feedparser.parse(io.BytesIO(data), response_headers=headers)


def read_feed(data: bytes, location: str) -> Iterator[InputRecord | Failure]:
    """Records for the entries of the feed in ``data``."""
    try:
        parsed, entries = parse_feed(data)
    except FeedParseError as err:
        yield Failure(location=location, reason=str(err))
        return
    if not entries:
        reason = (
            f"not a readable RSS or Atom feed: {parsed.get('bozo_exception')}"
            if parsed.get("bozo")
            else "the feed has no entries"
        )
        yield Failure(location=location, reason=reason)
        return
    source = parsed.feed.get("title") or None
    for n, entry in enumerate(entries, 1):
        where = f"{location}#{n}"
        if isinstance(entry, str):
            yield Failure(location=where, reason=entry)
        else:
            yield record_from_entry(entry, where, source)


def record_from_entry(entry: Any, location: str, source: str | None) -> InputRecord | Failure:
    ident = entry.get("id") or entry.get("link") or None
    text = _entry_text(entry)
    if not text:
        return Failure(
            location=location,
            reason="the feed entry has neither content nor a summary (links are not followed; "
            "ingest the saved article page instead)",
            id=ident,
        )
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return InputRecord(
        text=text,
        id=ident,
        published=time.strftime("%Y-%m-%d", stamp) if stamp else None,
        source=source,
        url=entry.get("link") or None,
        title=entry.get("title") or None,
        location=location,
    )


def _entry_text(entry: Any) -> str:
    """The longest of the entry's content parts, else its summary, as plain text."""
    parts = [(c.get("value") or "", c.get("type") or "text/html") for c in entry.get("content") or []]
    if not any(value.strip() for value, _ in parts):
        detail = entry.get("summary_detail") or {}
        parts = [(entry.get("summary") or "", detail.get("type") or "text/html")]
    value, kind = max(parts, key=lambda p: len(p[0]))
    return fragment_text(value) if kind in _HTML_TYPES else value.strip()
