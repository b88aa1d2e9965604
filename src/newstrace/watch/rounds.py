"""A watch round, and the loop of rounds.

One round:

1. every feed that is not backing off is fetched with a conditional request; a full answer records its
   new entries as pending (with the feed's new validators, in one transaction); a 304 costs nothing; a
   failure (timeout, HTTP error, malformed XML, a body over the limit, a redirect loop) is reported,
   recorded in ``failures``, and the feed waits (exponential backoff) — the other feeds go on;
2. each pending entry's article page is fetched (only from public addresses or hosts the user allowed — the
   feeds' own hosts and ``--allow-host``: a feed cannot point the watcher at the local network) and its text
   extracted (trafilatura), falling back on the entry's own text only when that is an article (at least
   ``min_article_words`` words: a teaser is not), and the records go through the store's normal ingest
   (:meth:`Corpus.ingest_records`: idempotent, failures kept with their reasons). A page that failed is a
   failure of the round (reported, a row in ``failures``) even when the entry's own text was stored instead;
3. when the store has changed since the last comparison, ``compare`` runs over every article of the store
   and the result is diffed with the last snapshot: the alerts go to the sinks.

Why the whole store in step 3: story grouping (MinHash LSH) and claim grouping (greedy, in ingest order)
depend on every article — one new article can merge two stories, or change which group a figure joins —
so a comparison of only the touched stories would not give the groups a full ``newstrace compare --db``
gives, and the diff would report changes that are not there. The cost is one linear comparison per round
that stored something.

A stop (``stop.set()``, from SIGTERM) is honoured between feeds and between articles: the article being
fetched is finished and stored, the round ends without comparing, and the next run picks up the pending
entries and compares then.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from newstrace.corpus import Corpus, IngestReport
from newstrace.engines import LocalEngine
from newstrace.records import Failure, InputRecord
from newstrace.watch.alerts import Alert, diff
from newstrace.watch.articles import MIN_ARTICLE_WORDS, EntryOutcome, entry_location, entry_record
from newstrace.watch.backoff import MAX_BACKOFF, Backoff
from newstrace.watch.clock import Clock, SystemClock
from newstrace.watch.entries import FeedUnreadable, read_entries
from newstrace.watch.feedlist import FeedSpec
from newstrace.watch.fetch import (
    DEFAULT_HOST_INTERVAL,
    DEFAULT_TIMEOUT,
    MAX_FEED_BYTES,
    MAX_PAGE_BYTES,
    Fetcher,
    FetchError,
)
from newstrace.watch.sinks import Sink, SinkError
from newstrace.watch.snapshot import take_snapshot
from newstrace.watch.state import Entry, FeedState, WatchState

#: The default time between rounds.
DEFAULT_EVERY = 15 * 60.0
#: An article page that cannot be fetched (and whose entry has no text) is tried in this many rounds.
MAX_ENTRY_ATTEMPTS = 3

#: A waiting feed is polled when its next attempt is at most this share of the interval after the round starts.
DUE_SLACK = 0.1

FeedStatus = Literal["fetched", "not_modified", "failed", "waiting"]


@dataclass(frozen=True, slots=True)
class WatchOptions:
    every: float = DEFAULT_EVERY  #: seconds between rounds; also the first backoff step
    model: str | None = None  #: spaCy pipeline for the analysis
    timeout: float = DEFAULT_TIMEOUT
    host_interval: float = DEFAULT_HOST_INTERVAL
    max_feed_bytes: int = MAX_FEED_BYTES
    max_page_bytes: int = MAX_PAGE_BYTES
    max_entry_attempts: int = MAX_ENTRY_ATTEMPTS
    min_article_words: int = MIN_ARTICLE_WORDS  #: an entry's own text shorter than this is a teaser
    backoff_cap: float = MAX_BACKOFF


@dataclass(slots=True)
class FeedOutcome:
    url: str
    label: str | None
    status: FeedStatus
    new_entries: int = 0
    error: str | None = None
    failures: int = 0  #: consecutive failures so far
    next_attempt: float | None = None  #: epoch seconds

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class RoundReport:
    round: int
    feeds: list[FeedOutcome] = field(default_factory=list)
    stored: int = 0  #: articles added to the store
    skipped: int = 0  #: articles the store already had
    failed: list[str] = field(default_factory=list)  #: "LOCATION: reason" of each entry that failed
    retrying: int = 0  #: of the failed, entries to be tried again next round
    #: "LOCATION: reason" of each entry whose page failed but whose own text (an article) was stored instead
    fell_back: list[str] = field(default_factory=list)
    pending: int = 0  #: entries still waiting after the round
    compared: bool = False
    alerts: list[Alert] = field(default_factory=list)
    sink_errors: list[str] = field(default_factory=list)
    interrupted: bool = False

    @property
    def feed_failures(self) -> list[FeedOutcome]:
        return [f for f in self.feeds if f.status == "failed"]

    @property
    def ok(self) -> bool:
        """Nothing failed in this round (feeds, article pages, sinks)."""
        return not (self.feed_failures or self.failed or self.fell_back or self.sink_errors)

    def to_dict(self) -> dict[str, Any]:
        return {
            "round": self.round, "feeds": [f.to_dict() for f in self.feeds], "stored": self.stored,
            "skipped": self.skipped, "failed": list(self.failed), "retrying": self.retrying,
            "fell_back": list(self.fell_back),
            "pending": self.pending, "compared": self.compared, "alerts": len(self.alerts),
            "sink_errors": list(self.sink_errors), "interrupted": self.interrupted,
        }

    def summary(self) -> str:
        counts: dict[str, int] = defaultdict(int)
        for f in self.feeds:
            counts[f.status] += 1
        feeds = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in counts.items()) or "none polled"
        new = sum(f.new_entries for f in self.feeds)
        parts = [
            f"round {self.round}: feeds {feeds}",
            f"{new} new entr{'y' if new == 1 else 'ies'}",
            f"{self.stored} article{'s' * (self.stored != 1)} stored",
        ]
        if self.skipped:
            parts.append(f"{self.skipped} already stored")
        if self.failed:
            parts.append(f"{len(self.failed)} failed ({self.retrying} to retry)")
        if self.fell_back:
            parts.append(f"{len(self.fell_back)} stored from the feed's text (page failed)")
        if self.pending:
            parts.append(f"{self.pending} pending")
        parts.append(f"{len(self.alerts)} alert{'s' * (len(self.alerts) != 1)}")
        if self.interrupted:
            parts.append("stopped early (pending entries go on at the next run)")
        return "; ".join(parts)


class _Failures:
    """An ingest observer that keeps each failure's reasons by location."""

    def __init__(self) -> None:
        self.by_location: dict[str | None, list[str]] = defaultdict(list)

    def update(self, report: IngestReport) -> None:
        pass

    def failed(self, failure: Failure) -> None:
        self.by_location[failure.location].append(failure.reason)


class Watcher:
    """Watches ``feeds`` into ``corpus``; :meth:`run_round` once, or :meth:`run` until ``stop`` is set."""

    def __init__(
        self,
        corpus: Corpus,
        feeds: Sequence[FeedSpec],
        *,
        fetcher: Fetcher,
        sinks: Sequence[Sink] = (),
        options: WatchOptions | None = None,
        clock: Clock | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.corpus = corpus
        self.feeds = list(feeds)
        self.fetcher = fetcher
        self.sinks = list(sinks)
        self.options = options or WatchOptions()
        self.clock = clock or SystemClock()
        self.stop = stop or threading.Event()
        self.state = WatchState(corpus.conn)
        self.fetcher.allow(f.url for f in self.feeds)  # the user listed them: their hosts may be private
        self.backoff = Backoff(self.options.every, self.options.backoff_cap)
        self._started = self.clock.now()

    def run(self, on_round: Callable[[RoundReport], None] | None = None, rounds: int | None = None) -> int:
        """Rounds every ``options.every`` seconds until ``stop`` is set (or ``rounds`` are done); returns how
        many ran. The wait between rounds ends at once on ``stop``."""
        done = 0
        while not self.stop.is_set() and (rounds is None or done < rounds):
            started = self.clock.now()
            report = self.run_round()
            done += 1
            if on_round is not None:
                on_round(report)
            if rounds is not None and done >= rounds:
                break
            self.stop.wait(max(self.options.every - (self.clock.now() - started), 0.0))
        return done

    def run_round(self) -> RoundReport:
        self._started = self.clock.now()
        report = RoundReport(self.state.start_round(self._started))
        for spec in self.feeds:
            if self.stop.is_set():
                report.interrupted = True
                break
            report.feeds.append(self._poll(spec))
        if not report.interrupted:
            self._ingest_pending(report)
        report.pending = len(self.state.pending([f.url for f in self.feeds]))
        now = self.clock.now()
        mark = self.state.store_mark()
        if report.interrupted or mark == self.state.compared_mark():
            self.state.finish_round(report.round, now, report.to_dict())
        else:
            # only the stories that changed since the last comparison (linked at ingest, or now if left stale)
            since = self.state.compared_mark()
            touched = list(dict.fromkeys([*self.corpus.link(), *self.corpus.stories_since(since[1] if since else 0)]))
            while True:  # and the stories now holding an article of the last snapshot's part about them
                comparison = self.corpus.compare(touched)
                previous = self.state.snapshot([a.id for a in comparison.articles])
                held = [a for story in previous.stories.values() for a in story.articles]
                more = [sid for sid in self.corpus.stories_of(held) if sid not in set(touched)]
                if not more:
                    break
                touched += more
            snapshot = take_snapshot(comparison, previous)
            report.alerts = diff(previous, snapshot)
            at = datetime.fromtimestamp(now, UTC).isoformat(timespec="seconds")
            for alert in report.alerts:
                alert.round, alert.at = report.round, at
            report.compared = True
            self.state.finish_round(report.round, now, report.to_dict(), mark, snapshot, report.alerts, previous)
        if not report.interrupted:
            for sink in self.sinks:
                try:
                    sink.send(report.round, report.alerts)
                except SinkError as err:
                    report.sink_errors.append(str(err))
        return report

    # --- feeds ---------------------------------------------------------------------------------------------

    def _poll(self, spec: FeedSpec) -> FeedOutcome:
        known = self.state.feed(spec.url)
        now = self.clock.now()
        if known and known.next_attempt is not None and not self._due(known.next_attempt):
            return FeedOutcome(spec.url, spec.label, "waiting", error=known.last_error, failures=known.failures,
                               next_attempt=known.next_attempt)
        try:
            answer = self.fetcher.get(
                spec.url, validators=known.validators if known else None, max_bytes=self.options.max_feed_bytes
            )
            if answer.not_modified:
                self.state.feed_not_modified(spec.url, spec.label, now)
                return FeedOutcome(spec.url, spec.label, "not_modified")
            entries = read_entries(answer.body, answer.url, spec.label, answer.content_type)
        except FetchError as err:
            return self._failed(spec, known, err.reason, err.status, err.retry_after)
        except FeedUnreadable as err:
            return self._failed(spec, known, str(err), answer.status, None)
        new = self.state.feed_fetched(spec.url, spec.label, answer.validators, answer.status, now, entries)
        return FeedOutcome(spec.url, spec.label, "fetched", new_entries=new)

    def _due(self, next_attempt: float) -> bool:
        """Whether a feed that waits until ``next_attempt`` is polled this round. Waits count from the start
        of the round that failed to the start of this one, give or take a tenth of the interval: a feed told
        to wait one interval is polled at the next round even when it comes a little early (cron, a slow
        start)."""
        return self._started + DUE_SLACK * self.options.every >= next_attempt

    def _failed(
        self, spec: FeedSpec, known: FeedState | None, reason: str, status: int | None, retry_after: float | None
    ) -> FeedOutcome:
        now = self.clock.now()
        failures = (known.failures if known else 0) + 1
        next_attempt = self._started + self.backoff.delay(failures, retry_after)
        self.state.feed_failed(spec.url, spec.label, reason, status, now, failures, next_attempt)
        return FeedOutcome(spec.url, spec.label, "failed", error=reason, failures=failures, next_attempt=next_attempt)

    # --- articles ------------------------------------------------------------------------------------------

    def _ingest_pending(self, report: RoundReport) -> None:
        pending = self.state.pending([f.url for f in self.feeds])
        if not pending:
            return
        handled: list[tuple[Entry, EntryOutcome]] = []

        def records() -> Iterator[InputRecord | Failure]:
            for entry in pending:
                if self.stop.is_set():
                    report.interrupted = True
                    return
                outcome = entry_record(entry, self.fetcher, self.options.max_page_bytes,
                                       self.options.min_article_words)
                handled.append((entry, outcome))
                yield outcome.record

        failures = _Failures()
        engine = LocalEngine(model=self.options.model)
        ingested = self.corpus.ingest_records(records(), engine=engine, observer=failures)
        report.stored, report.skipped = ingested.added, ingested.skipped
        now = self.clock.now()
        for entry, outcome in handled:
            record = outcome.record
            reason = record.reason if isinstance(record, Failure) else next(
                iter(failures.by_location.get(record.location, ())), None
            )
            if reason is None:
                self.state.entry_done(entry.pk, now)
                if outcome.page_problem:  # stored from the entry's own text: the page's failure is still one
                    words = len(record.text.split()) if isinstance(record, InputRecord) else 0
                    note = f"{outcome.page_problem}; stored the feed entry's own text ({words} words) instead"
                    location = record.location or entry_location(entry)
                    self.state.page_failed(Failure(location=location, reason=note, id=entry.key))
                    report.fell_back.append(f"{location}: {note}")
                continue
            retry = outcome.transient and entry.attempts + 1 < self.options.max_entry_attempts
            self.state.entry_failed(entry.pk, reason, now, give_up=not retry)
            report.failed.append(f"{record.location}: {reason}")
            report.retrying += retry
