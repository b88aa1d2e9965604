"""Progress of an ingest: a Rich bar with rate and ETA on a terminal, plain periodic lines otherwise.

:class:`IngestProgress` is an observer for :meth:`newstrace.corpus.Corpus.ingest`: it is told the running
counts after each stored batch and each failure as it is stored. With ``quiet`` it shows nothing. The total
is often unknown at the start (streams, feeds); :meth:`IngestProgress.set_total` may be called later, from
another thread (see :func:`newstrace.ingest.estimate.estimate_records`), and the ETA appears then.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Column
from rich.text import Text

from newstrace.records import Failure

if TYPE_CHECKING:
    from newstrace.corpus.ingest import IngestReport

#: Seconds between plain progress lines when the output is not a terminal.
LOG_INTERVAL = 10.0


#: The bar's width in characters: with the other columns, one line fits 100 columns (the counts are cut
#: with an ellipsis on a narrower terminal, never wrapped onto a second line).
BAR_WIDTH = 20


def _cell(**kwargs: object) -> Column:
    return Column(no_wrap=True, **kwargs)  # type: ignore[arg-type]


class _RateColumn(ProgressColumn):
    def __init__(self) -> None:
        super().__init__(table_column=_cell())

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f}/s" if speed else "…/s", style="progress.data.speed")


class _CountsColumn(ProgressColumn):
    """The counts, last: the one column that gives way when the line is too wide, cut with an ellipsis on
    its one line (the others keep their width)."""

    def __init__(self) -> None:
        super().__init__(table_column=Column(no_wrap=False))

    def render(self, task: Task) -> Text:
        return Text(str(task.fields.get("counts", "")), no_wrap=True, overflow="ellipsis")


def describe(report: IngestReport, reanalyze: bool = False) -> str:
    """The counts of an ingest (or, with ``reanalyze``, of a reanalyze run) in words."""
    if reanalyze:
        return f"{report.reanalyzed:,} reanalyzed, {report.failed:,} failed"
    added = f"{report.added:,} added" + (f" ({report.duplicates:,} near-duplicates)" if report.duplicates else "")
    return f"{added}, {report.skipped:,} already stored, {report.failed:,} failed"


def describe_short(report: IngestReport, done: int, reanalyze: bool = False) -> str:
    """The counts for the bar's last column, short: ``1,000 added, 30 known, 11 failed`` (``done``: records
    read and analyzed so far, of which the stored counts lag by up to a batch)."""
    if reanalyze:
        return f"{report.reanalyzed:,} reanalyzed, {report.failed:,} failed"
    return f"{report.added:,} added, {report.skipped:,} known, {report.failed:,} failed"


class IngestProgress:
    """Shows an ingest's progress on ``console`` (stderr, usually); use as a context manager."""

    def __init__(
        self,
        console: Console,
        quiet: bool = False,
        interval: float = LOG_INTERVAL,
        label: str = "ingest",
        reanalyze: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.console, self.quiet, self.interval, self.label, self.clock = console, quiet, interval, label, clock
        self.reanalyze = reanalyze
        self.total: int | None = None
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self._done = 0  #: records read and analyzed so far
        self._link_task: TaskID | None = None
        self._started = self._last_line = clock()
        self._lock = threading.Lock()

    @property
    def live(self) -> bool:
        """True when a progress bar is shown (a terminal, not quiet)."""
        return not self.quiet and self.console.is_terminal

    def __enter__(self) -> IngestProgress:
        self._started = self._last_line = self.clock()
        if self.live:
            self._bar = Progress(
                TextColumn("[bold]{task.description}", table_column=_cell()),
                BarColumn(bar_width=BAR_WIDTH, table_column=_cell()),
                MofNCompleteColumn(table_column=_cell()),
                _RateColumn(),
                TimeElapsedColumn(table_column=_cell()),
                TextColumn("ETA", table_column=_cell()),
                TimeRemainingColumn(table_column=_cell()),
                _CountsColumn(),
                console=self.console,
                transient=False,
            )
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=self.total, counts="")
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def set_total(self, total: int | None) -> None:
        """The number of records expected (None: unknown); safe to call from another thread."""
        with self._lock:
            self.total = total
            if self._bar is not None and self._task is not None:
                self._bar.update(self._task, total=total)

    def analyzed(self, done: int) -> None:
        """``done`` records read and analyzed so far (stored or not yet): the bar moves with each record,
        not only with each stored batch. Safe to call from another thread."""
        with self._lock:
            self._done = max(self._done, done)
            if self._bar is not None and self._task is not None:
                total = self.total if self.total is None else max(self.total, self._done)
                self._bar.update(self._task, completed=self._done, total=total)

    def update(self, report: IngestReport) -> None:
        with self._lock:
            if self.quiet:
                return
            self._done = max(self._done, report.processed)
            if self._bar is not None and self._task is not None:
                total = self.total if self.total is None else max(self.total, self._done)
                counts = describe_short(report, self._done, self.reanalyze)
                self._bar.update(self._task, completed=self._done, total=total, counts=counts)
                return
            now = self.clock()
            if now - self._last_line >= self.interval:
                self._last_line = now
                self.console.print(self.line(report, now - self._started), highlight=False, markup=False)

    def line(self, report: IngestReport, elapsed: float) -> str:
        """A plain progress line: records done (of how many), rate, ETA and counts."""
        rate = report.processed / elapsed if elapsed > 0 else 0.0
        done = f"{report.processed:,}" + (f"/{self.total:,}" if self.total else "")
        eta = ""
        if self.total and rate > 0 and self.total > report.processed:
            eta = f", about {_duration((self.total - report.processed) / rate)} left"
        counts = describe(report, self.reanalyze)
        return f"{self.label}: {done} records in {_duration(elapsed)} ({rate:,.1f}/s{eta}): {counts}"

    def linking(self, done: int, total: int) -> None:
        """``done`` of ``total`` changed stories linked after the articles were stored: a second bar, or a
        line now and then."""
        with self._lock:
            if self.quiet:
                return
            if self._bar is not None:
                if self._link_task is None:
                    self._link_task = self._bar.add_task("link stories", total=total, counts="")
                self._bar.update(self._link_task, completed=done, total=total)
                return
            now = self.clock()
            if done >= total or now - self._last_line >= self.interval:
                self._last_line = now
                self.console.print(f"{self.label}: linked {done:,} of {total:,} stories", highlight=False,
                                   markup=False)

    def failed(self, failure: Failure) -> None:
        """Each failure as ``LOCATION: reason``, above the bar."""
        if not self.quiet:
            self.console.print(f"{failure.location}: {failure.reason}", highlight=False, markup=False)


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
