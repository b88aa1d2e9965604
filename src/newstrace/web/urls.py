"""The UI's own URLs, relative to the server (never absolute: pages link nowhere else)."""

from __future__ import annotations

from urllib.parse import quote, urlencode


def _seg(value: str) -> str:
    return quote(value, safe="")


def story_url(story_id: str) -> str:
    return f"/stories/{_seg(story_id)}"


def entity_url(entity_id: str) -> str:
    return f"/entities/{_seg(entity_id)}"


def article_url(article_id: str, anchor: str | None = None, mark: tuple[int, int] | None = None) -> str:
    """An article page; ``anchor`` scrolls to a record (``quote-27-212``); ``mark`` highlights a span and
    scrolls to it (a sentence of the timeline, a citation)."""
    url = f"/articles/{_seg(article_id)}"
    if mark is not None:
        return f"{url}?{urlencode({'mark': f'{mark[0]}-{mark[1]}'})}#target"
    return f"{url}#{_seg(anchor)}" if anchor else url


def search_url(q: str) -> str:
    return f"/search?{urlencode({'q': q})}"


def record_anchor(kind: str, start: int, end: int) -> str:
    """The id of a record's highlighted span on the article page: ``quote-27-212``, ``figure-12-23``."""
    return f"{kind}-{start}-{end}"
