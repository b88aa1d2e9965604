"""Issue 20, item 11: one entry feedparser cannot read must not make the whole feed unreadable, in ingest
(:func:`newstrace.ingest.feeds.read_feed`) or in watch (:func:`newstrace.watch.entries.read_entries`)."""

from __future__ import annotations

from typing import Any

import pytest

from newstrace.ingest import feeds
from newstrace.ingest.feeds import FeedParseError, parse_feed, read_feed
from newstrace.records import Failure, InputRecord
from newstrace.watch.entries import FeedUnreadable, read_entries

_RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Wire</title>
<item><guid>1</guid><title>One</title><description>The mayor said 40 homes were flooded.</description></item>
<item><guid>2</guid><title>Two</title><description>A bad BAD entry.</description></item>
<item><guid>3</guid><title>Three</title><description>Officials said 12 people died.</description></item>
</channel></rss>"""

_ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:w</id><updated>2024-05-01T00:00:00Z</updated>
<entry><id>urn:1</id><title>One</title><updated>2024-05-01T00:00:00Z</updated><summary>First BAD.</summary></entry>
<entry><id>urn:2</id><title>Two</title><updated>2024-05-01T00:00:00Z</updated><summary>Second.</summary></entry>
</feed>"""

# references to code points that are no characters: feedparser's loose parser raises on each of the first
# three (UnicodeEncodeError, ValueError, OverflowError) and XML forbids the last
_BAD_REFS = ["&#xD800;", "&#xdfff;", "&#55296;", "&#x110000;", "&#99999999999999999999999;", "&#0;"]


@pytest.mark.parametrize("bad", _BAD_REFS)
def test_a_bad_character_reference_costs_no_entry(bad: str) -> None:
    data = _RSS.replace("BAD", bad).encode()
    items = list(read_feed(data, "feed.xml"))
    assert [type(i) for i in items] == [InputRecord] * 3
    texts = [i.text for i in items if isinstance(i, InputRecord)]
    assert texts[0] == "The mayor said 40 homes were flooded." and texts[2] == "Officials said 12 people died."
    assert texts[1] == "A bad \ufffd entry."
    assert [e.title for e in read_entries(data, "https://example.org/rss")] == ["One", "Two", "Three"]


def test_good_character_references_are_left_alone() -> None:
    data = _RSS.replace("BAD", "&#233;&#x2014;&#x1F600;").encode()
    items = list(read_feed(data, "feed.xml"))
    assert isinstance(items[1], InputRecord) and items[1].text == "A bad \u00e9\u2014\U0001f600 entry."


def _raising_on(marker: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """feedparser raises on any document holding ``marker``, as its loose parser does on some inputs."""
    real = feeds.feedparser.parse

    def parse(stream: Any, **kwargs: Any) -> Any:
        data = stream.read()
        if marker in data:
            raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")
        return real(data, **kwargs)

    monkeypatch.setattr(feeds.feedparser, "parse", parse)


@pytest.mark.parametrize("template", [_RSS, _ATOM], ids=["rss", "atom"])
def test_an_entry_that_makes_feedparser_raise_costs_only_that_entry(
    template: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _raising_on(b"POISON", monkeypatch)
    data = template.replace("BAD", "POISON").encode()
    items = list(read_feed(data, "feed.xml"))
    bad = 1 if template is _RSS else 0  # the entry holding BAD
    failure = items[bad]
    assert isinstance(failure, Failure) and failure.location == f"feed.xml#{bad + 1}"
    assert "cannot parse the feed entry" in failure.reason and "UnicodeEncodeError" in failure.reason
    good = [i for n, i in enumerate(items) if n != bad]
    assert len(items) == (3 if template is _RSS else 2)
    assert all(isinstance(i, InputRecord) and i.source == "Wire" for i in good)
    titles = [e.title for e in read_entries(data, "https://example.org/rss")]
    assert titles == (["One", "Three"] if template is _RSS else ["Two"])


def test_a_feed_whose_envelope_raises_is_unreadable(monkeypatch: pytest.MonkeyPatch) -> None:
    _raising_on(b"POISON", monkeypatch)
    data = _RSS.replace("<title>Wire</title>", "<title>POISON</title>").encode()
    with pytest.raises(FeedParseError, match="cannot parse the feed"):
        parse_feed(data)
    items = list(read_feed(data, "feed.xml"))
    assert len(items) == 1 and isinstance(items[0], Failure) and items[0].location == "feed.xml"
    with pytest.raises(FeedUnreadable, match="cannot parse the feed"):
        read_entries(data, "https://example.org/rss")
