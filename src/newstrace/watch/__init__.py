"""Following the news: watch RSS/Atom feeds, store new articles, and alert on what changed.

>>> from newstrace.corpus import Corpus
>>> from newstrace.watch import Fetcher, JsonlSink, Watcher, WatchOptions, read_feed_list
>>> with Corpus("news.db") as corpus, Fetcher(timeout=20) as fetcher:          # doctest: +SKIP
...     watcher = Watcher(corpus, read_feed_list("feeds.txt"), fetcher=fetcher, sinks=[JsonlSink("alerts.jsonl")])
...     report = watcher.run_round()
...     for alert in report.alerts:
...         print(alert.line())

``newstrace watch`` is the command-line wrapper (:mod:`newstrace.cli.watch`).
"""

from newstrace.errors import FeedListError, WatchError
from newstrace.watch.alerts import Alert, diff
from newstrace.watch.backoff import Backoff, parse_interval
from newstrace.watch.clock import Clock, SystemClock
from newstrace.watch.feedlist import FeedSpec, parse_feed_list, read_feed_list
from newstrace.watch.fetch import Fetcher, FetchError, RateLimiter, Validators
from newstrace.watch.rounds import RoundReport, Watcher, WatchOptions
from newstrace.watch.sinks import JsonlSink, LineSink, SinkError, WebhookSink
from newstrace.watch.snapshot import Snapshot, take_snapshot
from newstrace.watch.state import WatchState

__all__ = [
    "Alert", "Backoff", "Clock", "FeedListError", "FeedSpec", "FetchError", "Fetcher", "JsonlSink", "LineSink",
    "RateLimiter", "RoundReport", "SinkError", "Snapshot", "SystemClock", "Validators", "WatchError",
    "WatchOptions", "WatchState", "Watcher", "WebhookSink", "diff", "parse_feed_list", "parse_interval",
    "read_feed_list", "take_snapshot",
]
