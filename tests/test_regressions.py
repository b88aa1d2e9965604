"""Regression tests from the whole-code review, each named after the defect it pins down."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.ingest.html import fragment_text
from newstrace.ingest.readers import read_bytes
from newstrace.records import Failure, InputRecord


def test_jsonl_lone_surrogate_escape_crashed_the_whole_run() -> None:
    # '\ud800' is valid JSON but not a character: it used to reach spaCy / sha256 and raise UnicodeEncodeError,
    # ending analyze and ingest; now it costs only its record.
    data = b'{"id": "a", "text": "bad \\ud800 text"}\n{"id": "b", "title": "x \\udc00", "text": "ok"}\n' \
        b'{"id": "c", "text": "fine \\ud83d\\ude00"}\n'
    items = list(read_bytes(data, "in.jsonl", stem=None, force_jsonl=True))
    assert [type(i) for i in items] == [Failure, Failure, InputRecord]
    assert isinstance(items[0], Failure) and items[0].location == "in.jsonl:1" and "surrogate" in items[0].reason
    assert isinstance(items[1], Failure) and "'title'" in items[1].reason
    assert isinstance(items[2], InputRecord) and items[2].text == "fine \U0001f600"


_FEED = (
    '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
    "<channel><title>Wire</title>"
    "<item><guid>a</guid><title>A</title><content:encoded><![CDATA[{first}]]></content:encoded></item>"
    "<item><guid>b</guid><title>B</title><description>The port reopened on Monday after the fire.</description>"
    "</item></channel></rss>"
)


@pytest.mark.parametrize(
    "first", ["<html><head><title>T</title></head></html>", "<p>Vertical\x0btab in scraped text.</p>"]
)
def test_feed_entry_html_lxml_rejects_crashed_the_reader(first: str) -> None:
    # lxml raises AssertionError ('too many bodies') on a page without <body> and ValueError on control
    # characters; fragment_text let both out of read_feed, ending the ingest (and a watch round) at one entry.
    items = list(read_bytes(_FEED.format(first=first).encode(), "feed.xml", stem=None))
    assert len(items) == 2
    assert isinstance(items[1], InputRecord) and items[1].text.startswith("The port reopened")
    assert fragment_text(first) in ("", "Vertical tab in scraped text.")


def test_webhook_post_to_invalid_url_escaped_as_httpx_error() -> None:
    # 'http://[::1' passes the CLI's scheme check; httpx.InvalidURL is not an httpx.HTTPError, so post_json let
    # it out of the webhook sink (which handles only FetchError) and ended the watch run.
    from newstrace.watch.fetch import Fetcher, FetchError

    with Fetcher() as fetcher, pytest.raises(FetchError, match="invalid URL"):
        fetcher.post_json("http://[::1", {"round": 1, "alerts": []})


_SURROGATE_FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>'
    b"<item><guid>a</guid><description>x &#xD800; y</description></item></channel></rss>"
)


def test_feedparser_exception_on_surrogate_charref_crashed_ingest_and_watch() -> None:
    # feedparser's loose parser raises UnicodeEncodeError on '&#xD800;'; read_feed let it end the ingest, and
    # read_entries let it out of Watcher._poll, ending the watch at every round.
    from newstrace.watch.entries import FeedUnreadable, read_entries

    # Since issue 20 item 11 the reference is read as U+FFFD and the entry is kept (tests/test_issue20_feeds.py).
    items = list(read_bytes(_SURROGATE_FEED, "feed.xml", stem=None))
    assert len(items) == 1 and isinstance(items[0], InputRecord) and items[0].text == "x \ufffd y"
    entries = read_entries(_SURROGATE_FEED, "https://example.org/rss")
    assert len(entries) == 1 and entries[0].fallback == "x \ufffd y"
    with pytest.raises(FeedUnreadable):
        read_entries(b"<html><body>not a feed</body></html>", "https://example.org/rss")


def test_folder_walk_read_files_inside_hidden_folders(tmp_path: Path) -> None:
    # Four copies of the folder walk skipped hidden *files* only, so 'ingest notes/' read notes/.git/... too;
    # they are one helper now, and every reader of folders (ingest, the Dask planner, compare, the ETA) agrees.
    from newstrace.ingest.analyses import read_items
    from newstrace.ingest.estimate import estimate_records
    from newstrace.ingest.partitions import plan_partitions
    from newstrace.ingest.readers import read_inputs

    (tmp_path / "a.txt").write_text("An article about the port.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Another article.", encoding="utf-8")
    for hidden in (tmp_path / ".git", tmp_path / "sub" / ".cache"):
        hidden.mkdir()
        (hidden / "HEAD").write_text("ref: refs/heads/main", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("no", encoding="utf-8")
    expected = [str(tmp_path / "a.txt"), str(tmp_path / "sub" / "b.txt")]
    assert [i.location for i in read_inputs([tmp_path])] == expected
    assert [i.location for i in read_items([tmp_path])] == expected
    planned = [p for p in plan_partitions([tmp_path]) if not isinstance(p, Failure)]
    assert [piece.path for p in planned for piece in p.pieces] == expected
    assert estimate_records([tmp_path]) == 2


def test_unwritable_output_path_gave_a_traceback_not_a_usage_error(tmp_path: Path) -> None:
    # analyze --out, compare --out and export into a folder that does not exist raised OSError with a
    # traceback (exit 1, read as "some records failed"); a bad output path is a usage error (exit 2).
    from typer.testing import CliRunner

    from newstrace.cli.main import app
    from newstrace.corpus import Corpus

    missing = tmp_path / "no" / "such" / "out.jsonl"
    analyses = tmp_path / "a.jsonl"
    analyses.write_text(
        '{"id": "a", "text": "The port reopened.", "published": "2026-03-04", "entities": [], "quotes": [], '
        '"quantities": [], "times": []}\n', encoding="utf-8"
    )
    Corpus(tmp_path / "c.db").close()
    runner = CliRunner()
    for args in (
        ["analyze", "-", "--out", str(missing)],
        ["compare", str(analyses), "--out", str(missing)],
        ["export", str(missing), "--db", str(tmp_path / "c.db")],
    ):
        result = runner.invoke(app, args, input="The port reopened on Monday.")
        assert result.exit_code == 2, (args, result.output, result.exception)
        assert "cannot write" in result.output


def test_figure_over_64_bits_crashed_the_ingest_batch(tmp_path: Path) -> None:
    # '10,000,000,000,000,000,000,000 people' is an int the quantity extractor keeps exact; binding it to SQLite
    # raised OverflowError in the batch's transaction, which ended the ingest and lost the batch every time.
    from newstrace.corpus import Corpus
    from newstrace.corpus.ingest import ingest_items
    from newstrace.records import Analysis, Quantity

    text = "Officials said 10,000,000,000,000,000,000,000 people were evacuated."
    big = Analysis(id="big", text=text, quantities=[Quantity("10,000,000,000,000,000,000,000", 15, 45, 10**22,
                                                             counted="people", high=10**23)])
    with Corpus(tmp_path / "c.db") as corpus:
        report = ingest_items(corpus.conn, corpus.path, (), analyzed=[(big, "in.jsonl:1")])
        assert report.added == 1
        [row] = corpus.figures()
        assert row["value"] == 1e22 and row["high"] == 1e23
        stored = corpus.analysis("big")
        assert stored is not None and stored.quantities[0].value == 10**22  # the record keeps it exact


def test_malformed_ipv6_url_in_feeds_file_or_webhook_gave_a_traceback(tmp_path: Path) -> None:
    # urlsplit raises ValueError on 'http://[::1'; the feeds-file parser and the --webhook check let it out as
    # a traceback (exit 1) instead of naming the bad line (exit 2).
    from typer.testing import CliRunner

    from newstrace.cli.main import app
    from newstrace.errors import FeedListError
    from newstrace.watch.feedlist import parse_feed_list

    with pytest.raises(FeedListError, match=r"FEEDS:2: 'http://\[::1' is not an http\(s\) URL"):
        parse_feed_list("https://ok.example/rss\nhttp://[::1 Broken\n")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("https://ok.example/rss\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["watch", str(feeds), "--db", str(tmp_path / "w.db"), "--once", "--webhook", "http://[::1"]
    )
    assert result.exit_code == 2, (result.output, result.exception)
    assert "is not an http(s) URL" in result.output


def test_figure_too_large_for_a_float_cost_the_whole_article(analyzer) -> None:  # type: ignore[no-untyped-def]
    """A 400-digit number raised OverflowError in the quantity extractor, failing the whole article."""
    a = analyzer.analyze("Officials said " + "9" * 400 + " grains were counted. At least 14 people were hurt.")
    assert any(q.value == 14 for q in a.quantities)


def test_articles_by_many_ids_exceeded_sqlite_parameter_limit(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Corpus.articles(ids=...) put one SQL parameter per id, over SQLite's limit for long id lists."""
    from newstrace.corpus import Corpus
    from newstrace.records import InputRecord

    with Corpus(tmp_path / "c.db") as corpus:
        corpus.ingest_records([InputRecord(text="Mayor Ana Ruiz opened the new bridge on Monday.", id="a1")])
        ids = ["a1", *(f"missing-{i}" for i in range(40_000))]
        assert [a["id"] for a in corpus.articles(ids=ids)] == ["a1"]
