"""Saved RSS and Atom feeds (feedparser): one article per entry, from its content or else its summary.

Links are never followed: an entry whose feed carries only a title and a link gives a :class:`Failure`
saying so, and the page itself can be ingested as HTML. Entry locations are ``FILE#N`` (N counts from 1).
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from typing import Any

import feedparser

from newstrace.ingest.html import fragment_text
from newstrace.records import Failure, InputRecord

_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def read_feed(data: bytes, location: str) -> Iterator[InputRecord | Failure]:
    """Records for the entries of the feed in ``data``."""
    try:
        parsed = feedparser.parse(io.BytesIO(data))  # a stream, so feedparser never takes it for a URL
    except Exception as err:  # noqa: BLE001 - feedparser's loose parser raises on some inputs (&#xD800;)
        yield Failure(location=location, reason=f"cannot parse the feed: {type(err).__name__}: {err}")
        return
    if not parsed.entries:
        reason = (
            f"not a readable RSS or Atom feed: {parsed.get('bozo_exception')}"
            if parsed.get("bozo")
            else "the feed has no entries"
        )
        yield Failure(location=location, reason=reason)
        return
    source = parsed.feed.get("title") or None
    for n, entry in enumerate(parsed.entries, 1):
        yield record_from_entry(entry, f"{location}#{n}", source)


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
