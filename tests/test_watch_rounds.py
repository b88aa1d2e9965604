"""End to end: rounds of ``Watcher`` against feeds and article pages served on 127.0.0.1 whose content changes
between rounds — conditional requests, ingest, re-linking and the alerts they produce."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from newstrace.corpus import Corpus
from newstrace.watch import Alert, FeedSpec, Fetcher, JsonlSink, Watcher, WatchOptions, WebhookSink
from test_watch_helpers import (
    COASTAL_1,
    COASTAL_2,
    HARBOUR_1,
    MONDAY,
    RIVIERA_1,
    FakeClock,
    Item,
    Site,
    atom,
    page,
    rss,
    serve,
)

EVERY = 900.0


class Collect:
    """A sink that keeps what it is sent."""

    def __init__(self) -> None:
        self.rounds: list[tuple[int, list[Alert]]] = []

    def send(self, round: int, alerts: list[Alert]) -> None:
        self.rounds.append((round, list(alerts)))


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as s:
        yield s


@pytest.fixture
def hook() -> Iterator[Site]:
    """A second server: the webhook receiver."""
    with serve(Site()) as s:
        yield s


def publish_round_one(site: Site) -> None:
    site.put("/harbour/1.html", page("Fire injures crew on ferry in Genoa", "Harbour Post", HARBOUR_1))
    site.put("/coastal/1.html", page("Ferry fire in Genoa port", "Coastal Wire", COASTAL_1))
    site.put("/coastal/2.html", page("Leeds keeps its libraries open", "Coastal Wire", COASTAL_2))
    site.put("/harbour/rss.xml", rss("Harbour Post", [
        Item("hp-1", "Fire injures crew on ferry in Genoa", site.url("/harbour/1.html"), MONDAY),
    ]), "application/rss+xml")
    site.put("/coastal/atom.xml", atom("Coastal Wire — Top stories", [
        Item("urn:cw:1", "Ferry fire in Genoa port", site.url("/coastal/1.html"), MONDAY),
        Item("urn:cw:2", "Leeds keeps its libraries open", "/coastal/2.html", MONDAY),  # a relative link
    ]), "application/atom+xml")
    site.put("/riviera/rss.xml", rss("Riviera Daily", []), "application/rss+xml")  # nothing yet


def publish_round_three(site: Site) -> None:
    site.put("/riviera/1.html", page("Ferry stays in Genoa for inspection", "Riviera Daily", RIVIERA_1))
    site.put("/riviera/rss.xml", rss("Riviera Daily", [
        Item("rd-1", "Ferry stays in Genoa for inspection", site.url("/riviera/1.html"), MONDAY + timedelta(days=1)),
    ]), "application/rss+xml", modified=MONDAY + timedelta(days=1))


FEED_PATHS = ["/harbour/rss.xml", "/coastal/atom.xml", "/riviera/rss.xml"]
PAGE_PATHS = ["/harbour/1.html", "/coastal/1.html", "/coastal/2.html", "/riviera/1.html"]


def feeds(site: Site) -> list[FeedSpec]:
    return [
        FeedSpec(site.url("/harbour/rss.xml")),  # no label: the feed's title names the outlet
        FeedSpec(site.url("/coastal/atom.xml"), "Coastal Wire"),  # the label wins over the feed's title
        FeedSpec(site.url("/riviera/rss.xml"), "Riviera Daily"),
    ]


def test_three_rounds_ingest_then_304_then_a_contradicting_figure(tmp_path: Path, site: Site, hook: Site) -> None:
    publish_round_one(site)
    clock, collect = FakeClock(), Collect()
    db, alerts_file = tmp_path / "news.db", tmp_path / "alerts.jsonl"
    with Corpus(db) as corpus, Fetcher(timeout=5, host_interval=0, clock=clock) as fetcher:
        watcher = Watcher(corpus, feeds(site), fetcher=fetcher, clock=clock, options=WatchOptions(every=EVERY))
        watcher.sinks = [collect, JsonlSink(alerts_file), WebhookSink(hook.url("/hook"), fetcher, watcher.state)]

        # round 1: every feed fetched, every article page fetched once, three articles stored
        first = watcher.run_round()
        assert [f.status for f in first.feeds] == ["fetched", "fetched", "fetched"]
        assert [f.new_entries for f in first.feeds] == [1, 2, 0]
        assert first.stored == 3 and not first.failed and first.ok
        assert sorted(p for p in site.paths() if p.endswith(".html")) == sorted(PAGE_PATHS[:3])
        stored = {a["id"]: a for a in corpus.articles()}
        assert {a["source"] for a in stored.values()} == {"Harbour Post", "Coastal Wire"}
        assert stored["hp-1"]["published"] == "2026-05-11"  # the feed's date, not the page's guess
        assert stored["urn:cw:2"]["url"] == site.url("/coastal/2.html")
        # the first round is one line per story, with counts, not one alert per figure and statement
        assert [a.kind for a in first.alerts] == ["new_story", "new_story"]
        ferry = next(a for a in first.alerts if len(a.articles) == 2)
        assert ferry.counts["outlets"] == 2 and ferry.counts["figure_groups"] >= 1
        assert ferry.counts["corroborated"] >= 1
        assert "2 articles, 2 outlets; " in ferry.line()
        [injured] = [c for c in watcher.state.snapshot().claims.values()
                     if c.kind == "quantity" and "crew" in c.subject]
        assert injured.status == "corroborated" and injured.story == ferry.key
        assert {(m.outlet, m.text) for m in injured.members} >= {("Harbour Post", "At least 14"),
                                                                  ("Coastal Wire", "14")}

        # round 2: nothing changed; every feed asked conditionally and answered 304; no page fetched again
        hits_before = len(site.paths())
        second = watcher.run_round()
        assert [f.status for f in second.feeds] == ["not_modified"] * 3
        new_hits = site.hits[hits_before:]
        assert [h.path for h in new_hits] == FEED_PATHS
        for h in new_hits:
            assert h.headers.get("If-None-Match") and h.headers.get("If-Modified-Since")
            assert h.status == 304
        assert second.stored == 0 and second.alerts == [] and not second.compared

        # round 3: Riviera Daily reports 11 injured: the corroborated group now differs — that one alert
        publish_round_three(site)
        third = watcher.run_round()
        assert [f.status for f in third.feeds] == ["not_modified", "not_modified", "fetched"]
        assert third.stored == 1
        assert [p for p in site.paths() if p.endswith(".html")].count("/riviera/1.html") == 1
        assert len(third.alerts) == 1
        [changed] = third.alerts
        assert changed.kind == "status_changed"
        assert changed.key == injured.key  # the same group, recognised across rounds
        assert (changed.previous_status, changed.status) == ("corroborated", "differs")
        assert [(m.outlet, m.text) for m in changed.new_members] == [("Riviera Daily", "11")]
        assert changed.story == injured.story
        assert "DIFFERS (was corroborated)" in changed.line() and '"11" (new)' in changed.line()

    # every sink got the same alerts: the collector, the JSON Lines file and the webhook (rounds with alerts)
    assert [n for n, _ in collect.rounds] == [1, 2, 3]
    lines = [json.loads(line) for line in alerts_file.read_text(encoding="utf-8").splitlines()]
    assert lines == [a.to_dict() for a in first.alerts + third.alerts]
    assert [p["round"] for p in hook.posts] == [1, 3]
    assert hook.posts[1]["alerts"] == [changed.to_dict()]
    assert hook.posts[1]["alerts"][0]["new_members"][0]["text"] == "11"


def test_a_restart_resumes_from_the_state_in_the_store(tmp_path: Path, site: Site) -> None:
    publish_round_one(site)
    db, clock = tmp_path / "news.db", FakeClock()
    with Corpus(db) as corpus, Fetcher(timeout=5, host_interval=0, clock=clock) as fetcher:
        Watcher(corpus, feeds(site), fetcher=fetcher, clock=clock).run_round()
    publish_round_three(site)
    hits_before = len(site.hits)
    with Corpus(db) as corpus, Fetcher(timeout=5, host_interval=0, clock=clock) as fetcher:
        again = Watcher(corpus, feeds(site), fetcher=fetcher, clock=clock).run_round()
        assert again.round == 2
        assert [f.status for f in again.feeds] == ["not_modified", "not_modified", "fetched"]
        assert [h.path for h in site.hits[hits_before:]] == [*FEED_PATHS, "/riviera/1.html"]
        assert [(a.kind, a.previous_status, a.status) for a in again.alerts] == [
            ("status_changed", "corroborated", "differs")
        ]
        assert corpus.stats()["articles"] == 4
