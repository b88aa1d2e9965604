"""The entries of a fetched feed (feedparser), as the watcher keeps them until their articles are stored.

An entry is known by its id (``<guid>``, ``<id>``), else its link, else a hash of its title and summary.
Its own text (content, else summary; :func:`newstrace.ingest.feeds.record_from_entry`) is kept as the
fallback for when the article page cannot be had. Relative links are resolved against the feed's URL. An
entry that feedparser cannot parse is left out, and the others are read (:func:`~newstrace.ingest.feeds.parse_feed`).
"""

from __future__ import annotations

import hashlib
import re
import time
from urllib.parse import urljoin

import feedparser

from newstrace.ingest.feeds import FeedParseError, parse_feed, record_from_entry
from newstrace.records import InputRecord
from newstrace.watch.state import NewEntry

_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL)


class FeedUnreadable(Exception):
    """The body is not an RSS or Atom feed (``str(err)`` says why)."""


def read_entries(data: bytes, url: str, label: str | None = None, content_type: str | None = None) -> list[NewEntry]:
    """The entries of the feed ``data`` fetched from ``url``; their source is ``label``, else the feed title.

    Raises :class:`FeedUnreadable` for a body that is not a feed (malformed XML without entries, an HTML
    page). A feed that parses with errors but has entries gives those entries.
    """
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    try:
        parsed, entries = parse_feed(data, headers)
    except FeedParseError as err:
        raise FeedUnreadable(str(err)) from None
    if not entries:
        if "html" in (content_type or "").lower() or _HTML_START.match(data):
            raise FeedUnreadable("not an RSS or Atom feed but a web page (give the URL of the site's feed)")
        if parsed.get("bozo"):
            raise FeedUnreadable(f"not a readable RSS or Atom feed: {parsed.get('bozo_exception')}")
        if not parsed.get("version"):
            raise FeedUnreadable("not an RSS or Atom feed (no feed element found)")
        return []
    source = label or parsed.feed.get("title") or None
    out: list[NewEntry] = []
    seen: set[str] = set()
    for n, entry in enumerate(entries, 1):
        if isinstance(entry, str):
            continue  # an entry feedparser cannot parse
        link = entry.get("link") or None
        if link:
            link = urljoin(url, link)
        key = entry.get("id") or link or _digest(entry)
        if key in seen:
            continue
        seen.add(key)
        rec = record_from_entry(entry, f"{url}#{n}", source)
        fallback = rec.text if isinstance(rec, InputRecord) else None
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = time.strftime("%Y-%m-%d", stamp) if stamp else None
        out.append(NewEntry(key, link, entry.get("title") or None, published, source, fallback))
    return out


def _digest(entry: feedparser.FeedParserDict) -> str:
    text = f"{entry.get('title') or ''}\n{entry.get('summary') or ''}"
    return "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()
