"""The feeds file: one RSS or Atom feed URL a line, an optional label after whitespace, ``#`` comments.

::

    # outlets following the Genoa ferry fire
    https://harbourpost.example/rss.xml      Harbour Post
    https://coastalwire.example/atom.xml     Coastal Wire   # the label names the outlet
    https://riviera.example/feed

The label, when given, is the outlet name the feed's articles are stored under (it is what decides which
sources are independent when claims are compared); otherwise the feed's own title is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from newstrace.errors import FeedListError

_COMMENT = re.compile(r"(?:^|\s)#.*$")


@dataclass(frozen=True, slots=True)
class FeedSpec:
    url: str
    label: str | None = None
    line: int = 0  #: where it is in the feeds file (1-based), for messages


def parse_feed_list(text: str, name: str = "FEEDS") -> list[FeedSpec]:
    """The feeds in ``text``, in order, each URL once. Raises :class:`FeedListError` naming every bad line."""
    feeds: dict[str, FeedSpec] = {}
    bad: list[str] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = _COMMENT.sub("", raw).strip()
        if not line:
            continue
        url, *rest = line.split(None, 1)
        label = " ".join(rest[0].split()) if rest else ""
        if not is_http_url(url):
            bad.append(f"{name}:{n}: {url!r} is not an http(s) URL")
            continue
        feeds.setdefault(url, FeedSpec(url, label or None, n))
    if bad:
        raise FeedListError(
            "; ".join(bad) + ". Write one feed URL a line (https://...), optionally followed by a label; "
            "'#' starts a comment."
        )
    if not feeds:
        raise FeedListError(f"{name} lists no feeds. Write one RSS or Atom feed URL a line (https://...).")
    return list(feeds.values())


def is_http_url(url: str) -> bool:
    """Whether ``url`` is an http(s) URL with a host (a malformed one such as ``http://[::1`` is not)."""
    try:
        parts = urlsplit(url)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # urlsplit raises on a bad IPv6 literal
        return False


def read_feed_list(path: str | Path) -> list[FeedSpec]:
    """:func:`parse_feed_list` of the file at ``path``."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise FeedListError(
            f"cannot read the feeds file {str(path)!r} ({err}). Pass a UTF-8 text file with one feed URL a line."
        ) from None
    return parse_feed_list(text, str(path))
