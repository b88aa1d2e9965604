"""``newstrace watch``: follow RSS/Atom feeds into a corpus and alert on what changed — a thin wrapper over
:class:`newstrace.watch.Watcher`."""

from __future__ import annotations

import signal
import sqlite3
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

from newstrace.cli.app import (
    ERR,
    EXIT_CODES_HELP,
    EXIT_FAILURES,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    app,
    fail,
    opening,
)
from newstrace.cli.options import DEFAULT_DB_PATH, Db, Model, Quiet
from newstrace.corpus import Corpus
from newstrace.store.db import probe_write, storage_error
from newstrace.watch import (
    Fetcher,
    JsonlSink,
    LineSink,
    RoundReport,
    Watcher,
    WatchOptions,
    WatchState,
    WebhookSink,
    parse_interval,
    read_feed_list,
)
from newstrace.watch.articles import MIN_ARTICLE_WORDS
from newstrace.watch.feedlist import is_http_url
from newstrace.watch.fetch import DEFAULT_HOST_INTERVAL, DEFAULT_TIMEOUT
from newstrace.watch.sinks import Sink


@contextmanager
def _stop_on_signals(stop: threading.Event, received: list[int]) -> Iterator[None]:
    """SIGTERM and SIGINT set ``stop`` (the round finishes its current article); a second one ends at once."""

    def handler(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            signal.signal(signum, signal.SIG_DFL)
            signal.raise_signal(signum)
            return
        received.append(signum)
        stop.set()
        ERR.print("stopping after the current article (the next run goes on from here)", highlight=False)

    previous = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def _report(report: RoundReport) -> None:
    for f in report.feed_failures:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(f.next_attempt)) if f.next_attempt else "next round"
        ERR.print(f"feed {f.url}: {f.error} (failure {f.failures}; next try {when})", markup=False, highlight=False)
    for line in report.failed:
        ERR.print(line, markup=False, highlight=False)
    for line in report.fell_back:
        ERR.print(line, markup=False, highlight=False)
    for line in report.sink_errors:
        ERR.print(line, markup=False, highlight=False)
    ERR.print(report.summary(), markup=False, highlight=False)


@app.command(epilog=EXIT_CODES_HELP)
def watch(
    feeds: Annotated[
        Path,
        typer.Argument(help="A file of RSS/Atom feed URLs, one a line; an optional label (the outlet's name) after "
                            "whitespace; '#' starts a comment."),
    ],
    db: Db = DEFAULT_DB_PATH,
    every: Annotated[str, typer.Option(help="Time between rounds: 90s, 15m, 2h, 1d.")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Run one round and exit (e.g. from cron).")] = False,
    alerts: Annotated[
        Path | None, typer.Option("--alerts", help="Also append each alert as a JSON line to this file.")
    ] = None,
    webhook: Annotated[
        str | None, typer.Option(help="Also POST each round's alerts as JSON to this URL.")
    ] = None,
    model: Model = None,
    timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds one request may take in all: connecting, redirects, headers "
                                          "and body.")
    ] = DEFAULT_TIMEOUT,
    allow_host: Annotated[
        list[str] | None,
        typer.Option("--allow-host", help="A host name, IP address or network (10.0.0.0/8) that article links "
                                          "and redirects may lead to although it is not public (repeatable). By "
                                          "default only public addresses are fetched, besides the hosts of the "
                                          "feeds and the webhook you list."),
    ] = None,
    host_delay: Annotated[
        float, typer.Option("--host-delay", min=0.0, help="Seconds between two requests to one host.")
    ] = DEFAULT_HOST_INTERVAL,
    min_words: Annotated[
        int, typer.Option("--min-words", min=1, help="A feed entry's own text shorter than this many words is a "
                                                     "teaser, not an article: it is never stored in place of an "
                                                     "article page that failed.")
    ] = MIN_ARTICLE_WORDS,
    quiet: Quiet = False,
) -> None:
    """Follow news feeds: fetch new articles each round, store them, and alert on what changed.

    Each round fetches every feed (conditional requests: unchanged feeds cost nothing), fetches and stores
    the new articles, compares the corpus, and prints one line per alert on stdout: new stories (with
    their counts of figure and statement groups), new claim groups of known stories, and claim groups whose
    status changed (e.g. corroborated -> differs). A failing feed is reported and retried with growing
    waits; the others go on. An article page that fails is a failure (stderr, `newstrace failures`, exit
    1 with --once), and the entry's own text stands in only when it is an article (--min-words), not a
    teaser. SIGTERM or Ctrl-C finishes the current article and exits; running the command again resumes
    (the state is in the database).
    """
    feed_list = read_feed_list(feeds)  # a WatchError (exit 2) names what to fix
    interval = parse_interval(every)
    if webhook is not None and not is_http_url(webhook):
        raise fail(f"--webhook {webhook!r} is not an http(s) URL", EXIT_USAGE)
    with opening():
        corpus = Corpus(db)
        probe_write(corpus.conn, db)  # a read-only, full or damaged database fails now, not after a round
    options = WatchOptions(every=interval, model=model, timeout=timeout, host_interval=host_delay,
                           min_article_words=min_words)
    stop = threading.Event()
    received: list[int] = []  # the signals that stopped the run
    failed = False

    def on_round(report: RoundReport) -> None:
        nonlocal failed
        failed = failed or not report.ok
        if not quiet:
            _report(report)

    fetcher = Fetcher(timeout=timeout, host_interval=host_delay, allow_hosts=allow_host or ())
    with corpus, fetcher, _stop_on_signals(stop, received):
        sinks: list[Sink] = [LineSink(sys.stdout)]
        if alerts is not None:
            sinks.append(JsonlSink(alerts))
        if webhook is not None:
            sinks.append(WebhookSink(webhook, fetcher, WatchState(corpus.conn)))
        watcher = Watcher(corpus, feed_list, fetcher=fetcher, sinks=sinks, options=options, stop=stop)
        try:  # a missing model or a corpus that cannot be written ends the run with the error's exit code
            watcher.run(on_round, rounds=1 if once else None)
        except (sqlite3.OperationalError, sqlite3.DatabaseError) as e:  # the watcher's own state writes
            if type(e) not in (sqlite3.OperationalError, sqlite3.DatabaseError):
                raise
            raise storage_error(db, e) from None
    if received:
        raise typer.Exit(EXIT_INTERRUPTED if received[0] == signal.SIGINT else EXIT_OK)
    raise typer.Exit(EXIT_FAILURES if failed and once else EXIT_OK)
