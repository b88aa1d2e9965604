"""The watcher's HTTP client against a server on 127.0.0.1: conditional requests, limits, failures as reasons;
the per-host rate limit and the backoff with an injected clock (no waiting, no timing assertions)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newstrace.errors import BadInterval
from newstrace.watch import Backoff, Fetcher, FetchError, RateLimiter, Validators, parse_interval
from newstrace.watch.fetch import _retry_after
from test_watch_helpers import FakeClock, Site, etag_of, serve


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as s:
        yield s


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(timeout=0.5, host_interval=0, max_redirects=3, clock=FakeClock(), allow_hosts=["127.0.0.1"]) as f:
        yield f


def test_conditional_get_sends_the_validators_and_takes_a_304(site: Site, fetcher: Fetcher) -> None:
    site.put("/feed.xml", b"<rss version='2.0'><channel><title>T</title></channel></rss>", "application/rss+xml")
    full = fetcher.get(site.url("/feed.xml"))
    assert full.status == 200 and full.body.startswith(b"<rss") and not full.not_modified
    assert full.validators.etag == etag_of(full.body) and full.validators.last_modified
    again = fetcher.get(site.url("/feed.xml"), validators=full.validators)
    assert again.not_modified and again.body == b""
    [_, second] = site.requests("/feed.xml")
    assert second.headers["If-None-Match"] == full.validators.etag
    assert second.headers["If-Modified-Since"] == full.validators.last_modified
    assert second.status == 304
    # Last-Modified alone is honoured too
    only_date = fetcher.get(site.url("/feed.xml"), validators=Validators(last_modified=full.validators.last_modified))
    assert only_date.not_modified


def test_a_changed_resource_comes_back_whole(site: Site, fetcher: Fetcher) -> None:
    site.put("/feed.xml", b"<rss>one</rss>")
    first = fetcher.get(site.url("/feed.xml"))
    site.put("/feed.xml", b"<rss>two</rss>")
    second = fetcher.get(site.url("/feed.xml"), validators=first.validators)
    assert second.status == 200 and second.body == b"<rss>two</rss>"
    assert second.validators.etag != first.validators.etag


@pytest.mark.parametrize(
    ("behaviour", "reason"),
    [
        ("500", "HTTP 500 Internal Server Error"),
        ("404", "HTTP 404 Not Found"),
        ("slow", "timed out (no complete answer within 0.5 s)"),
        ("loop", "more than 3 redirects (a redirect loop?)"),
        ("huge", "the answer is 200,005 bytes, over the limit of 100,000"),
    ],
)
def test_failures_become_reasons(site: Site, fetcher: Fetcher, behaviour: str, reason: str) -> None:
    site.behaviour["/x"] = behaviour
    with pytest.raises(FetchError) as err:
        fetcher.get(site.url("/x"), max_bytes=100_000)
    assert err.value.reason == reason


def test_a_body_without_length_is_cut_off_at_the_limit(site: Site, fetcher: Fetcher) -> None:
    site.behaviour["/big"] = "chunked"  # the server does not say how long the body is
    with pytest.raises(FetchError) as err:
        fetcher.get(site.url("/big"), max_bytes=10_000)
    assert err.value.reason == "the answer is over the limit of 10,000 bytes"
    site.huge_size = 8192
    assert len(fetcher.get(site.url("/big"), max_bytes=10_000).body) == 8192


def test_a_refused_connection_is_a_reason(fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match="ConnectError"):
        fetcher.get("http://127.0.0.1:9/feed.xml")  # the discard port: nothing listens


def test_webhook_post_sends_json_and_reports_failures(site: Site, fetcher: Fetcher) -> None:
    assert fetcher.post_json(site.url("/hook"), {"round": 1, "alerts": []}) == 204
    assert site.posts == [{"round": 1, "alerts": []}]
    site.behaviour["/hook"] = "500"
    with pytest.raises(FetchError, match="HTTP 500"):
        fetcher.post_json(site.url("/hook"), {"round": 2, "alerts": []})


def test_rate_limit_spaces_requests_to_one_host() -> None:
    clock = FakeClock()
    limiter = RateLimiter(2.0, clock)
    limiter.wait("a.example")
    limiter.wait("b.example")  # another host: no wait
    assert clock.sleeps == []
    limiter.wait("a.example")
    assert clock.sleeps == [2.0]
    clock.advance(5)  # long enough ago: no wait
    limiter.wait("a.example")
    assert clock.sleeps == [2.0]


def test_fetcher_waits_between_requests_to_the_same_host(site: Site) -> None:
    site.put("/a", b"a")
    site.put("/b", b"b")
    clock = FakeClock()
    with Fetcher(timeout=2, host_interval=1.5, clock=clock, allow_hosts=["127.0.0.1"]) as fetcher:
        fetcher.get(site.url("/a"))
        fetcher.get(site.url("/b"))
    assert clock.sleeps == [1.5]
    assert [h.path for h in site.hits] == ["/a", "/b"]


def test_backoff_doubles_from_the_interval_up_to_the_cap() -> None:
    b = Backoff(base=900, cap=6 * 3600)
    assert [b.delay(n) for n in (1, 2, 3, 4)] == [900, 1800, 3600, 7200]
    assert b.delay(10) == 6 * 3600
    assert b.delay(1, retry_after=3000) == 3000  # the server asks for longer
    assert b.delay(3, retry_after=10) == 3600  # never shorter


def test_retry_after_in_seconds_or_as_a_date() -> None:
    assert _retry_after("120") == 120.0
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert _retry_after("soon") is None and _retry_after(None) is None


@pytest.mark.parametrize(
    ("text", "seconds"), [("15m", 900), ("90s", 90), ("2h", 7200), ("1d", 86400), ("30", 30), ("1.5h", 5400)]
)
def test_intervals(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "15 minutes", "-5m", "0s", "m"])
def test_bad_intervals_say_how_to_write_one(text: str) -> None:
    with pytest.raises(BadInterval, match=r"\[E032\].*90s, 15m, 2h or 1d"):
        parse_interval(text)
