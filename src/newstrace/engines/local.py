"""The local engine: the pipeline on this machine, in this process or in worker processes.

With ``workers`` > 1 the batches go to a process pool whose processes each load the pipeline once; at most
two batches per worker are in flight, so the input is read as results are consumed, not ahead of them
(``Pool.imap`` would read the whole input ahead).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.pool import AsyncResult
from typing import ClassVar

from newstrace.engines.base import Engine, EngineName, Located, Progress, ProgressCallback, Result
from newstrace.ingest.readers import Item
from newstrace.nlp.model import load_pipeline
from newstrace.pipeline import BATCH_SIZE, Analyzer
from newstrace.records import Failure


@dataclass(frozen=True, slots=True)
class LocalEngine(Engine):
    """This machine: one process (``workers=1``), or ``workers`` processes that each load ``model`` once.
    Results always come in input order. ``on_progress`` gets a :class:`Progress` after every record."""

    workers: int = 1
    model: str | None = None  #: a spaCy pipeline (package or path); None: $NEWSTRACE_MODEL or the default
    batch_size: int = BATCH_SIZE  #: articles per ``nlp.pipe`` batch and per task sent to a worker process
    on_progress: ProgressCallback | None = field(default=None, compare=False, repr=False)

    name: ClassVar[EngineName] = "local"

    @property
    def read_ahead(self) -> int:
        return self.batch_size * (2 * self.workers if self.workers > 1 else 1)

    def run(self, items: Iterable[Item], *, ordered: bool = True) -> Iterator[Located]:
        locations: deque[str | None] = deque()  # of the items sent to analysis: one result each, in order

        def tracked() -> Iterator[Item]:
            for item in items:
                locations.append(item.location)
                yield item

        failed = 0
        for n, result in enumerate(self.results(tracked()), 1):
            failed += isinstance(result, Failure)
            if self.on_progress is not None:
                self.on_progress(Progress(records=n, failed=failed, workers=self.workers))
            yield result, locations.popleft()

    def results(self, items: Iterable[Item]) -> Iterator[Result]:
        """:meth:`run` without the locations: each item's result, in input order."""
        if self.workers <= 1:
            yield from Analyzer(self.model).analyze_records(items, self.batch_size)
            return
        load_pipeline(self.model)  # fail early, in this process, with the install hint
        ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
        it = iter(items)
        batches = iter(lambda: list(islice(it, self.batch_size)), [])
        with ctx.Pool(self.workers, initializer=_init_worker, initargs=(self.model,)) as pool:
            pending: deque[AsyncResult[list[Result]]] = deque()
            for batch in batches:
                pending.append(pool.apply_async(_work, (batch,)))
                if len(pending) >= 2 * self.workers:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()


_worker: Analyzer | None = None


def _init_worker(model: str | None) -> None:
    global _worker
    _worker = Analyzer(model)


def _work(batch: list[Item]) -> list[Result]:
    assert _worker is not None, "worker not initialized"
    return _worker.analyze_batch(batch)
