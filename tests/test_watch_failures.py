"""The real web misbehaves: failing feeds are reported and backed off while the others go on, article pages
that fail are failures (the entry's own text stands in when it is an article, never a teaser) and are retried,
and nothing already stored is lost."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from newstrace.corpus import Corpus
from newstrace.watch import (
    Alert,
    FeedSpec,
    Fetcher,
    RoundReport,
    SinkError,
    Watcher,
    WatchOptions,
    WatchState,
    WebhookSink,
)
from test_watch_helpers import COASTAL_1, HARBOUR_1, MONDAY, FakeClock, Item, Site, page, rss, serve

EVERY = 900.0
BAD = {
    "/bad/500.xml": ("500", "HTTP 500 Internal Server Error"),
    "/bad/slow.xml": ("slow", "timed out (no complete answer within 0.5 s)"),
    "/bad/loop.xml": ("loop", "more than 3 redirects (a redirect loop?)"),
    "/bad/huge.xml": ("huge", "the answer is 200,005 bytes, over the limit of 100,000"),
    "/bad/404.xml": ("404", "HTTP 404 Not Found"),
}
MALFORMED = "/bad/malformed.xml"
NOT_A_FEED = "/bad/page.html"


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as s:
        yield s


def test_failing_feeds_do_not_stop_the_others_and_back_off(tmp_path: Path, site: Site) -> None:
    site.put("/harbour/1.html", page("Fire injures crew on ferry in Genoa", "Harbour Post", HARBOUR_1))
    site.put("/harbour/rss.xml", rss("Harbour Post", [
        Item("hp-1", "Fire injures crew", site.url("/harbour/1.html"), MONDAY)]), "application/rss+xml")
    for path, (behaviour, _) in BAD.items():
        site.behaviour[path] = behaviour
    site.put(MALFORMED, b"this is not xml <<< <rss><channel", "application/rss+xml")
    site.put(NOT_A_FEED, page("Front page", "Harbour Post", ("Today's news.",)))
    bad = [*BAD, MALFORMED, NOT_A_FEED]
    feeds = [FeedSpec(site.url(p)) for p in bad[:3]] + [FeedSpec(site.url("/harbour/rss.xml"))] + [
        FeedSpec(site.url(p)) for p in bad[3:]]
    clock = FakeClock()
    options = WatchOptions(every=EVERY, max_feed_bytes=100_000)
    with Corpus(tmp_path / "news.db") as corpus, Fetcher(timeout=0.5, host_interval=0, max_redirects=3,
                                                         clock=clock) as fetcher:
        watcher = Watcher(corpus, feeds, fetcher=fetcher, clock=clock, options=options)
        first = watcher.run_round()
        outcome = {f.url.removeprefix(site.base): f for f in first.feeds}
        assert outcome["/harbour/rss.xml"].status == "fetched" and first.stored == 1
        for path, (_, reason) in BAD.items():
            assert (outcome[path].status, outcome[path].error, outcome[path].failures) == ("failed", reason, 1)
            assert outcome[path].next_attempt == clock.now() + EVERY  # the next round
        assert outcome[MALFORMED].error is not None
        assert outcome[MALFORMED].error.startswith("not a readable RSS or Atom feed: ")
        assert outcome[NOT_A_FEED].error == (
            "not an RSS or Atom feed but a web page (give the URL of the site's feed)")
        assert not first.ok and len(first.feed_failures) == len(bad)
        recorded = {f["location"]: f["reason"] for f in corpus.failures()}
        assert recorded[site.url("/bad/500.xml")] == "cannot fetch the feed: HTTP 500 Internal Server Error"
        assert len(recorded) == len(bad)

        # before the backoff is over, the failing feeds are not asked again; the good one is
        hits = len(site.hits)
        waiting = watcher.run_round()
        assert {f.url for f in waiting.feeds if f.status == "waiting"} == {site.url(p) for p in bad}
        assert [h.path for h in site.hits[hits:]] == ["/harbour/rss.xml"]

        # a round later they are tried again, fail again, and wait twice as long
        clock.advance(EVERY)
        third = watcher.run_round()
        for f in third.feed_failures:
            assert f.failures == 2 and f.next_attempt == clock.now() + 2 * EVERY
        assert len(third.feed_failures) == len(bad)

        # the 500 feed recovers: its article is stored beside the one stored before; its backoff is reset
        site.behaviour.pop("/bad/500.xml")
        site.put("/coastal/1.html", page("Ferry fire in Genoa port", "Coastal Wire", COASTAL_1))
        site.put("/bad/500.xml", rss("Coastal Wire", [
            Item("cw-1", "Ferry fire in Genoa port", site.url("/coastal/1.html"), MONDAY)]), "application/rss+xml")
        clock.advance(2 * EVERY)
        fourth = watcher.run_round()
        recovered = {f.url.removeprefix(site.base): f for f in fourth.feeds}["/bad/500.xml"]
        assert (recovered.status, recovered.new_entries) == ("fetched", 1)
        assert fourth.stored == 1
        assert {a["id"] for a in corpus.articles()} == {"hp-1", "cw-1"}
        assert watcher.state.feed(site.url("/bad/500.xml")).failures == 0  # type: ignore[union-attr]


TEASER = "Dock workers in Antwerp ended a two-day strike on Tuesday, the port said."
FULL_TEXT = " ".join([
    "Dock workers in Antwerp ended a two-day strike on Tuesday, the port authority said.",
    "About 300 workers had walked out over a plan to add night shifts at the container terminals.",
    "The union said talks with the terminal operators would continue next week, and that the night shifts",
    "would not start before an agreement was signed. Ships that had waited at anchor began to berth on",
    "Tuesday afternoon, and the port said the backlog would be cleared by Thursday.",
])


def test_a_failed_article_page_is_a_failure_and_a_teaser_is_not_an_article(tmp_path: Path, site: Site) -> None:
    site.behaviour["/wire/1.html"] = "500"  # the page fails, but the entry carries the whole article
    site.behaviour["/wire/2.html"] = "404"  # the page fails and the entry has nothing else
    site.behaviour["/wire/4.html"] = "404"  # the page fails and the entry has a teaser only
    site.put("/wire/3.html", page("Ferry fire in Genoa port", "Wire", COASTAL_1))
    site.put("/wire/rss.xml", rss("Wire", [
        Item("w-1", "Antwerp strike ends", site.url("/wire/1.html"), MONDAY, summary=FULL_TEXT),
        Item("w-2", "Missing page", site.url("/wire/2.html"), MONDAY),
        Item("w-3", "Ferry fire", site.url("/wire/3.html"), MONDAY),
        Item("w-4", "Antwerp strike ends", site.url("/wire/4.html"), MONDAY, summary=TEASER),
    ]), "application/rss+xml")
    clock = FakeClock()
    options = WatchOptions(every=EVERY, max_entry_attempts=2)
    with Corpus(tmp_path / "news.db") as corpus, Fetcher(timeout=2, host_interval=0, clock=clock) as fetcher:
        watcher = Watcher(corpus, [FeedSpec(site.url("/wire/rss.xml"))], fetcher=fetcher, clock=clock,
                          options=options)
        first = watcher.run_round()
        assert first.stored == 2
        assert corpus.analysis("w-1").text == FULL_TEXT  # type: ignore[union-attr]
        assert corpus.analysis("w-4") is None  # a teaser is not an article
        missing = ("cannot fetch the article page: HTTP 404 Not Found; the feed entry has no text of its own to "
                   "fall back on")
        teaser = ("cannot fetch the article page: HTTP 404 Not Found; the feed entry's own text is a teaser "
                  f"({len(TEASER.split())} words, under the article minimum of 60), not an article")
        fell_back = (f"cannot fetch the article page: HTTP 500 Internal Server Error; stored the feed entry's own "
                     f"text ({len(FULL_TEXT.split())} words) instead")
        assert first.failed == [f"{site.url('/wire/2.html')}: {missing}", f"{site.url('/wire/4.html')}: {teaser}"]
        assert first.fell_back == [f"{site.url('/wire/1.html')}: {fell_back}"]
        assert not first.ok  # --once exits 1
        assert "2 failed (2 to retry)" in first.summary()
        assert "1 stored from the feed's text (page failed)" in first.summary()
        assert (first.retrying, first.pending) == (2, 2)
        assert {f["location"]: f["reason"] for f in corpus.failures()} == {
            site.url("/wire/1.html"): fell_back, site.url("/wire/2.html"): missing,
            site.url("/wire/4.html"): teaser}
        # only the stories stored: no story of the teaser
        assert sum(len(a.articles) for a in first.alerts if a.kind == "new_story") == 2

        second = watcher.run_round()  # the feed is unchanged (304), but the pending entries are tried again
        assert second.feeds[0].status == "not_modified"
        assert len(site.requests("/wire/2.html")) == len(site.requests("/wire/4.html")) == 2
        assert (second.retrying, second.pending) == (0, 0)  # the second attempt was the last

        watcher.run_round()
        assert len(site.requests("/wire/2.html")) == 2
        assert len(site.requests("/wire/1.html")) == len(site.requests("/wire/3.html")) == 1
        assert watcher.state.entry_counts() == {"done": 2, "failed": 2}


def test_the_article_minimum_is_an_option(tmp_path: Path, site: Site) -> None:
    site.behaviour["/wire/4.html"] = "404"
    site.put("/wire/rss.xml", rss("Wire", [
        Item("w-4", "Antwerp strike ends", site.url("/wire/4.html"), MONDAY, summary=TEASER)]), "application/rss+xml")
    with Corpus(tmp_path / "news.db") as corpus, Fetcher(timeout=2, host_interval=0) as fetcher:
        watcher = Watcher(corpus, [FeedSpec(site.url("/wire/rss.xml"))], fetcher=fetcher,
                          options=WatchOptions(every=EVERY, min_article_words=10))
        report = watcher.run_round()
        assert report.stored == 1 and report.fell_back and not report.failed


def test_a_feed_that_waits_one_interval_is_polled_at_the_next_round_even_a_little_early(
    tmp_path: Path, site: Site
) -> None:
    site.behaviour["/down.xml"] = "500"
    clock = FakeClock()
    with Corpus(tmp_path / "news.db") as corpus, Fetcher(timeout=2, host_interval=0, clock=clock) as fetcher:
        watcher = Watcher(corpus, [FeedSpec(site.url("/down.xml"))], fetcher=fetcher, clock=clock,
                          options=WatchOptions(every=EVERY))
        watcher.run_round()
        clock.advance(EVERY / 2)  # an extra round half-way: still waiting
        assert watcher.run_round().feeds[0].status == "waiting"
        clock.advance(EVERY / 2 - 30)  # the next round, 30 s early (cron, a slow start): polled
        assert watcher.run_round().feeds[0].status == "failed"
        assert len(site.requests("/down.xml")) == 2


def test_webhook_deliveries_that_fail_are_kept_and_sent_in_order_next_time(tmp_path: Path, site: Site) -> None:
    site.behaviour["/hook"] = "500"
    with Corpus(tmp_path / "news.db") as corpus, Fetcher(timeout=2, host_interval=0) as fetcher:
        state = WatchState(corpus.conn)
        sink = WebhookSink(site.url("/hook"), fetcher, state)
        with pytest.raises(SinkError, match=r"webhook .*/hook: HTTP 500 Internal Server Error \(alerts of round 1 "
                                            r"will be tried again; attempt 1\)"):
            sink.send(1, [Alert("new_story", "story:a", story_title="A")])
        assert [p["round"] for _, p, _ in state.outbox(site.url("/hook"))] == [1]
        site.behaviour.pop("/hook")
        sink.send(2, [Alert("new_story", "story:b", story_title="B")])
        assert [(p["round"], p["alerts"][0]["key"]) for p in site.posts] == [(1, "story:a"), (2, "story:b")]
        assert state.outbox(site.url("/hook")) == []
        sink.send(3, [])  # a round without alerts posts nothing
        assert len(site.posts) == 2


def test_run_goes_round_after_round_until_stopped(tmp_path: Path, site: Site) -> None:
    site.put("/empty.xml", rss("Quiet", []), "application/rss+xml")
    stop = threading.Event()
    seen: list[int] = []

    def on_round(report: RoundReport) -> None:
        seen.append(report.round)
        if len(seen) == 3:
            stop.set()  # as SIGTERM does

    with Corpus(tmp_path / "news.db") as corpus, Fetcher(timeout=2, host_interval=0) as fetcher:
        watcher = Watcher(corpus, [FeedSpec(site.url("/empty.xml"))], fetcher=fetcher, stop=stop,
                          options=WatchOptions(every=0.01))
        assert watcher.run(on_round) == 3
    assert seen == [1, 2, 3]
    assert [h.status for h in site.requests("/empty.xml")] == [200, 304, 304]
