"""The feeds file: URLs, labels, comments; every bad line named with its number."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.watch import FeedListError, FeedSpec, parse_feed_list, read_feed_list


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://a.example/rss.xml\n", [FeedSpec("https://a.example/rss.xml", None, 1)]),
        ("https://a.example/rss.xml   Harbour  Post\n", [FeedSpec("https://a.example/rss.xml", "Harbour Post", 1)]),
        ("http://a.example/feed\tCoastal Wire", [FeedSpec("http://a.example/feed", "Coastal Wire", 1)]),
        ("# outlets\n\nhttps://a.example/x  A # the first\n  # indented comment\nhttps://b.example/y\n",
         [FeedSpec("https://a.example/x", "A", 3), FeedSpec("https://b.example/y", None, 5)]),
        ("https://a.example/x#frag\n", [FeedSpec("https://a.example/x#frag", None, 1)]),  # '#' in a URL stays
        ("https://a.example/x A\nhttps://a.example/x B\n", [FeedSpec("https://a.example/x", "A", 1)]),  # once
    ],
)
def test_feed_lines(text: str, expected: list[FeedSpec]) -> None:
    assert parse_feed_list(text) == expected


def test_every_bad_line_is_named() -> None:
    with pytest.raises(FeedListError) as err:
        parse_feed_list("https://ok.example/rss\nftp://a.example/feed\nnot a url\n", "feeds.txt")
    message = str(err.value)
    assert message.startswith("[E031]")
    assert "feeds.txt:2: 'ftp://a.example/feed' is not an http(s) URL" in message
    assert "feeds.txt:3: 'not' is not an http(s) URL" in message
    assert "one feed URL a line" in message


@pytest.mark.parametrize("text", ["", "# only a comment\n\n"])
def test_a_file_without_feeds_is_an_error(text: str) -> None:
    with pytest.raises(FeedListError, match="lists no feeds"):
        parse_feed_list(text)


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(FeedListError, match="cannot read the feeds file"):
        read_feed_list(tmp_path / "missing.txt")
    (tmp_path / "bin.txt").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(FeedListError, match="UTF-8"):
        read_feed_list(tmp_path / "bin.txt")
