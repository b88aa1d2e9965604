"""Issue 20: a fuzz suite (hypothesis, bounded examples) over the Python API, the CLI's readers and the feed
parser: no exception escapes, every failure is a record with a reason, and every offset lies inside the text."""

from __future__ import annotations

import contextlib
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newstrace
from newstrace.ingest.readers import read_stream
from newstrace.records import Analysis, Failure, InputRecord
from newstrace.watch.entries import FeedUnreadable, read_entries

#: Unicode including lone surrogates (hypothesis leaves them out unless asked).
ANY_TEXT = st.text(st.characters(codec=None, categories=None), max_size=200)
HOSTILE = st.lists(
    st.sampled_from(["''", "\u201c", "\u201d", '"', " said ", "President ", "Minister ", " 40 ", "1,000", ":100:",
                     "\x00", "\ud800", "\n", ". ", "according to ", "his ", "her ", "Ana Ruiz", "=cmd|x"]),
    max_size=30,
).map("".join)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _offsets_inside(a: Analysis) -> bool:
    n = len(a.text)
    spans = [(s, e) for ent in a.entities for s, e in ent.mentions]
    spans += [(x.start, x.end) for x in [*a.quotes, *a.quantities, *a.times]]
    return all(0 <= s <= e <= n for s, e in spans)


@FUZZ
@given(st.lists(st.one_of(ANY_TEXT, HOSTILE), min_size=1, max_size=4),
       st.sampled_from([None, "2025-04-10", "0001-01-01", "not a date", "\ud800"]))
def test_analyze_many_never_raises(analyzer, texts: list[str], published: str | None) -> None:  # type: ignore[no-untyped-def]
    results = list(newstrace.analyze_many({"text": t, "published": published} for t in texts))
    assert len(results) == len(texts)
    for r in results:
        assert (isinstance(r, Failure) and r.reason) or (isinstance(r, Analysis) and _offsets_inside(r))


@FUZZ
@given(st.binary(max_size=600))
def test_the_readers_take_any_bytes(data: bytes) -> None:
    for item in read_stream(io.BytesIO(data), "in", None):
        assert isinstance(item, InputRecord | Failure)
        if isinstance(item, Failure):
            assert item.reason


@FUZZ
@given(st.lists(st.one_of(
    st.dictionaries(st.sampled_from(["text", "id", "published", "source", "url", "title"]),
                    st.one_of(ANY_TEXT, HOSTILE, st.integers(), st.none(), st.lists(st.integers(), max_size=2))),
    st.binary(max_size=40)), max_size=8))
def test_json_lines_fail_line_by_line(lines: list[dict[str, object] | bytes]) -> None:
    raw = [json.dumps(x).encode() if isinstance(x, dict) else x.replace(b"\n", b" ") for x in lines]
    items = list(read_stream(io.BytesIO(b"\n".join(raw) + b"\n"), "in.jsonl", None, name="in.jsonl"))
    assert all(isinstance(i, InputRecord | Failure) for i in items)
    assert len(items) <= max(len(lines), 1)  # at most one item a line (an empty input: one failure)


_ENTRY = st.builds(
    lambda title, body, link: (f"<item><title>{title}</title><link>{link}</link>"
                               f"<description>{body}</description></item>"),
    st.text(max_size=30), st.one_of(HOSTILE, st.text(max_size=60)),
    st.sampled_from(["http://a.example/1", "javascript:x", "", "http://[::1]/", "&#xD800;"]),
)


@FUZZ
@given(st.lists(_ENTRY, max_size=5), st.binary(max_size=80))
def test_the_feed_parser_raises_only_feed_unreadable(entries: list[str], junk: bytes) -> None:
    for body in ("<rss version='2.0'><channel><title>T</title>" + "".join(entries) + "</channel></rss>").encode(
            "utf-8", "surrogatepass"), junk:
        with contextlib.suppress(FeedUnreadable):  # the one exception allowed: the feed as a whole is unreadable
            read_entries(body, "http://feed.example/rss", None, "application/rss+xml")
