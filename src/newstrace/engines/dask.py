"""The Dask engine: partitions analyzed on a ``dask.distributed`` cluster, results streamed back to the driver.

The driver plans partitions (:mod:`newstrace.ingest.partitions`) and submits one task per partition; a task
ships only the partition's descriptor (paths and byte ranges), and the worker reads the text itself. Every
worker process loads the spaCy pipeline once: :class:`ModelPlugin` loads it when the worker starts (and again
in a worker that replaces a dead one), into a module-level cache that the tasks use.

Results come back to the driver as partitions complete, with at most a few partitions per worker thread in
flight, so neither the driver nor the workers hold more than that. The driver is the only place results go:
a caller that stores them (``Corpus.ingest``) writes through its one connection, so SQLite keeps one writer.

Faults: a worker that dies loses its running and held tasks; the scheduler runs them again on another worker
(up to ``distributed.scheduler.allowed-failures`` times, set here for a local cluster). The driver takes each
partition's result exactly once, from its future, so a partition that ran twice is still delivered once. A
partition that cannot be analyzed at all becomes one :class:`~newstrace.records.Failure` naming it.

:class:`DaskEngine` is the engine (:class:`~newstrace.engines.base.Engine`): ``run_paths`` as above;
``run(items)`` ships records read on the driver (a reanalyze, records made in code) in batches, a lost batch
becoming one failure per record.

:func:`map_partitions` is the generic part — submit a function over many parts with bounded concurrency and
stream the outcomes — for any stage that wants the cluster (e.g. MinHash signatures for linking).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path
from typing import IO, Any, ClassVar, Generic, TypeVar

import dask.config
from distributed import Client, Future, LocalCluster, WorkerPlugin, as_completed

from newstrace.engines.base import Engine, EngineName, Located, Prepare, Progress, ProgressCallback
from newstrace.errors import EngineError
from newstrace.ingest.detect import InputFormat
from newstrace.ingest.partitions import TARGET_BYTES, Partition, input_bytes, plan_partitions, read_partition
from newstrace.ingest.readers import Item
from newstrace.pipeline import BATCH_SIZE, Analyzer
from newstrace.records import EXTRACTOR_VERSIONS, Failure

T = TypeVar("T")
R = TypeVar("R")

#: How often the scheduler may lose a task with a dying worker before it gives up on it (Dask's default is 3).
ALLOWED_FAILURES = 3
#: Retries of a task that raised (e.g. a flaky network filesystem); failures inside a record are not errors.
TASK_RETRIES = 1
#: Smallest partition the planner makes for small inputs (large inputs use TARGET_BYTES).
MIN_PARTITION_BYTES = 64 * 2**10

log = logging.getLogger(__name__)


# --- the cluster ------------------------------------------------------------------------------------------


@contextmanager
def dask_client(
    scheduler: str | None = None,
    workers: int = 2,
    *,
    allowed_failures: int = ALLOWED_FAILURES,
    dashboard_address: str | None = ":8787",
) -> Iterator[Client]:
    """A client of the cluster at ``scheduler`` (``tcp://host:8786``), or of a local cluster made for the run.

    The local cluster has ``workers`` single-threaded worker processes (spaCy holds the GIL, so processes,
    not threads, give parallelism) and is shut down on exit. An existing cluster is left running.
    """
    if scheduler:
        try:
            client = Client(scheduler, set_as_default=False)
        except OSError as err:
            raise EngineError(
                f"cannot reach the Dask scheduler at {scheduler} ({err}); start one with 'dask scheduler' and pass "
                f"its address (tcp://HOST:8786), or leave --scheduler out for a local cluster"
            ) from err
        with client:
            yield client
        return
    settings = {
        "distributed.scheduler.allowed-failures": allowed_failures,
        # Dask sets MALLOC_TRIM_THRESHOLD_ in its workers to return memory sooner; that costs spaCy about a
        # tenth more CPU (glibc's dynamic threshold is lost), and our workers' memory is flat anyway.
        "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    }
    with (
        dask.config.set(settings),
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=dashboard_address,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        yield client


def dashboard_link(client: Client) -> str | None:
    """The dashboard's address, or None when the scheduler serves none."""
    if "dashboard" not in client.scheduler_info().get("services", {}):
        return None
    link: str = client.dashboard_link
    return link


def worker_threads(client: Client) -> int:
    """Threads over all the cluster's workers (at least 1)."""
    workers = client.scheduler_info(n_workers=-1).get("workers", {})
    return max(1, sum(int(w.get("nthreads", 1)) for w in workers.values()))


# --- generic: a function over partitions ------------------------------------------------------------------


@dataclass(slots=True)
class Outcome(Generic[T, R]):
    """What became of one part: its result, or the error that it ended with."""

    part: T
    result: R | None = None
    error: BaseException | None = None


def map_partitions(
    func: Callable[[T], R],
    parts: Iterable[T],
    *,
    client: Client,
    max_in_flight: int | None = None,
    retries: int = TASK_RETRIES,
    ordered: bool = False,
    name: str = "newstrace",
) -> Iterator[Outcome[T, R]]:
    """``func(part)`` for every part, on the cluster; outcomes stream back as tasks complete.

    ``func`` and the parts must be picklable and small (descriptors, not data: the workers read the data).
    At most ``max_in_flight`` parts (default: two per worker thread, plus one) are submitted or held at a
    time, so memory stays bounded however many parts there are; ``parts`` is consumed lazily. With
    ``ordered`` the outcomes come in the order of ``parts``. A part whose task raised, or was lost with
    more workers than the scheduler allows, comes back with ``error`` set; the others go on.
    """
    limit = max_in_flight or 2 * worker_threads(client) + 1
    token = uuid.uuid4().hex[:8]
    pending = iter(enumerate(parts))
    futures: dict[Future, tuple[int, T]] = {}
    finished: dict[int, Outcome[T, R]] = {}
    queue = as_completed(loop=client.loop)
    submitted = released = next_out = 0

    def submit_more() -> None:
        nonlocal submitted
        while submitted - released < limit:
            nxt = next(pending, None)
            if nxt is None:
                return
            i, part = nxt
            future = client.submit(func, part, key=f"{name}-{token}-{i}", retries=retries, pure=False)
            futures[future] = (i, part)
            queue.add(future)
            submitted += 1

    submit_more()
    try:
        for future in queue:
            i, part = futures.pop(future)
            try:
                outcome: Outcome[T, R] = Outcome(part, result=future.result())
            except Exception as err:  # noqa: BLE001 - any task error costs that part only, kept with its reason
                outcome = Outcome(part, error=err)
            future.release()
            if ordered:
                finished[i] = outcome
                while next_out in finished:
                    yield finished.pop(next_out)
                    next_out += 1
                    released += 1
            else:
                yield outcome
                released += 1
            submit_more()
    finally:
        if futures:  # the caller stopped early
            client.cancel(list(futures))


# --- the analysis: a per-worker model and a task per partition --------------------------------------------

_analyzers: dict[str | None, Analyzer] = {}
_analyzers_lock = threading.Lock()


def worker_analyzer(model: str | None) -> Analyzer:
    """This process's :class:`Analyzer` for ``model``, loaded on first use and kept for the process's life.

    The threads of a worker share it: run workers with one thread each (``dask worker --nthreads 1``).
    """
    with _analyzers_lock:
        if model not in _analyzers:
            _analyzers[model] = Analyzer(model)
        return _analyzers[model]


class ModelPlugin(WorkerPlugin):
    """Loads the spaCy pipeline when a worker starts, so that no task pays for it (nor a timing includes it)."""

    def __init__(self, model: str | None) -> None:
        self.model = model

    def setup(self, worker: Any) -> None:
        worker_analyzer(self.model)


@dataclass(slots=True)
class PartitionResult:
    index: int
    results: list[Located]


def analyze_partition(
    partition: Partition, model: str | None, prepare: Prepare | None, batch_size: int = BATCH_SIZE
) -> PartitionResult:
    """Read ``partition`` here, on the worker, and analyze it with this worker's pipeline."""
    items = list(read_partition(partition))
    if prepare is not None:
        items = [prepare(item) for item in items]
    return PartitionResult(partition.index, analyze_items(items, model, batch_size))


def analyze_items(items: list[Item], model: str | None, batch_size: int = BATCH_SIZE) -> list[Located]:
    """Each item's result with its location, by this worker's pipeline (records shipped from the driver)."""
    results = worker_analyzer(model).analyze_records(items, batch_size)  # one result per item, in order
    return list(zip(results, (it.location for it in items), strict=True))


def code_versions() -> dict[str, Any]:
    """What decides the analysis in this process: newstrace's version and the extractor versions."""
    from newstrace.about import __version__

    return {"newstrace": __version__, "extractors": dict(EXTRACTOR_VERSIONS)}


def check_workers(client: Client) -> None:
    """Raise :class:`EngineError` when a worker runs other newstrace or extractor versions than this process."""
    mine = code_versions()
    for addr, theirs in client.run(code_versions).items():
        if theirs != mine:
            raise EngineError(
                f"the Dask worker {addr} runs {theirs}, this process runs {mine}; install the same newstrace on "
                f"every worker (e.g. 'pip install newstrace=={mine['newstrace']}') so that all articles are "
                f"analyzed alike"
            )


def partition_size(total_bytes: int, threads: int) -> int:
    """About eight partitions per worker thread for small inputs, so that the work spreads; at most the target."""
    return max(MIN_PARTITION_BYTES, min(TARGET_BYTES, total_bytes // (threads * 8) or 1))


@dataclass(frozen=True)
class DaskEngine(Engine):
    """A Dask cluster: the one at ``scheduler`` (``tcp://host:8786``; its workers must have newstrace and the
    model installed), the one ``client`` is connected to, or else a local cluster of ``workers`` processes
    made for each run.

    :meth:`run_paths` has the workers read the inputs (they must see the same paths): the driver plans
    partitions of about ``partition_bytes`` (default: by input size) and ships only their descriptors.
    :meth:`run` ships the items themselves, in batches of ``batch_size``, at most ``max_in_flight`` batches
    at a time (default ``2 * workers + 1``: give more for a larger cluster). ``on_progress`` gets a
    :class:`Progress` per finished partition or batch, the first one with the dashboard's address.
    """

    scheduler: str | None = None
    workers: int = 2
    model: str | None = None
    batch_size: int = BATCH_SIZE
    partition_bytes: int | None = None
    max_in_flight: int | None = None
    on_progress: ProgressCallback | None = field(default=None, compare=False, repr=False)
    client: Client | None = field(default=None, compare=False, repr=False)

    name: ClassVar[EngineName] = "dask"
    reads_on_workers: ClassVar[bool] = True

    @property
    def read_ahead(self) -> int:
        return self.batch_size * self._batches_in_flight()

    def _batches_in_flight(self) -> int:
        return self.max_in_flight or 2 * self.workers + 1

    @contextmanager
    def _connected(self) -> Iterator[Client]:
        """The client to run on, with every worker checked and loading the model."""
        if self.client is not None:
            client = self.client
            self._set_up(client)
            yield client
            return
        with dask_client(self.scheduler, self.workers) as client:
            self._set_up(client)
            yield client

    def _set_up(self, client: Client) -> None:
        client.register_plugin(ModelPlugin(self.model), name=f"newstrace-model-{self.model or 'default'}")
        check_workers(client)

    def run(self, items: Iterable[Item], *, ordered: bool = True) -> Iterator[Located]:
        with self._connected() as client:
            threads = worker_threads(client)
            it = iter(items)
            batches = iter(lambda: list(islice(it, self.batch_size)), [])
            progress = _Reporter(self.on_progress, Progress(partitions_done=0, workers=threads))
            progress.start(dashboard_link(client))
            task = partial(analyze_items, model=self.model, batch_size=self.batch_size)
            outcomes = map_partitions(task, batches, client=client, max_in_flight=self._batches_in_flight(),
                                      ordered=ordered, name="newstrace-batch")
            for outcome in outcomes:
                if outcome.result is not None:
                    results = outcome.result
                else:
                    err = outcome.error
                    log.warning("a batch of %d records failed: %r", len(outcome.part), err)
                    reason = f"the batch could not be analyzed on the cluster: {type(err).__name__}: {err}"
                    results = [(_failed(item, reason), item.location) for item in outcome.part]
                progress.done(results, partition=True)
                yield from results

    def run_paths(
        self,
        paths: Iterable[str | Path],
        fmt: InputFormat | str = InputFormat.auto,
        *,
        prepare: Prepare | None = None,
        ordered: bool = True,
        stdin: IO[bytes] | None = None,
    ) -> Iterator[Located]:
        """Each record's result with its location, read and analyzed by the workers (``prepare`` runs there).

        Results come as partitions complete; within a partition, in input order; with ``ordered``, in the
        input order overall (as the local engine gives them), holding partitions that finish early.
        Standard input (``-``, ``stdin``) cannot be read on the workers and is refused.
        """
        paths = list(paths)
        total_bytes = input_bytes(paths)  # also refuses stdin, before anything starts
        with self._connected() as client:
            yield from self._partitions(client, paths, total_bytes, fmt, prepare, ordered)

    def _partitions(
        self,
        client: Client,
        paths: list[str | Path],
        total_bytes: int,
        fmt: InputFormat | str,
        prepare: Prepare | None,
        ordered: bool,
    ) -> Iterator[Located]:
        threads = worker_threads(client)
        size = self.partition_bytes or partition_size(total_bytes, threads)

        # Planning is lazy (a large JSON Lines file is scanned for line boundaries while the first partitions
        # already run); its failures (missing paths, empty folders) are put where read_inputs would put them:
        # before the results of the n-th partition, ``failures_before[n]``.
        failures_before: dict[int, list[Failure]] = {}
        planned = 0
        planning_done = False

        def partitions() -> Iterator[Partition]:
            nonlocal planned, planning_done
            for item in plan_partitions(paths, size, fmt):
                if isinstance(item, Failure):
                    failures_before.setdefault(planned, []).append(item)
                else:
                    planned += 1
                    yield item
            planning_done = True

        progress = _Reporter(
            self.on_progress, Progress(bytes_done=0, bytes_total=total_bytes, partitions_done=0, workers=threads)
        )
        progress.start(dashboard_link(client))

        def planning_failures(n: int) -> list[Located]:
            located: list[Located] = [(f, f.location) for f in failures_before.pop(n, [])]
            if located:
                progress.done(located, total=planned if planning_done else None)
            return located

        task = partial(analyze_partition, model=self.model, prepare=prepare, batch_size=self.batch_size)
        outcomes = map_partitions(task, partitions(), client=client, ordered=ordered, name="newstrace-analyze")
        for n, outcome in enumerate(outcomes):
            if not ordered:
                for k in sorted(failures_before):
                    yield from planning_failures(k)
            yield from planning_failures(n)
            part = outcome.part
            if outcome.result is not None:
                results = outcome.result.results
            else:
                err = outcome.error
                log.warning("partition %s failed: %r", part.label(), err)
                reason = f"the partition could not be analyzed on the cluster: {type(err).__name__}: {err}"
                results = [(Failure(location=part.label(), reason=reason), part.label())]
            progress.done(results, partition=True, nbytes=part.nbytes, total=planned if planning_done else None)
            yield from results
        for k in sorted(failures_before):  # after the last partition, or all of them when there was none
            yield from planning_failures(k)


def _failed(item: Item, reason: str) -> Failure:
    """A record of a batch that was lost, as a failure; a failure given as an item stays itself."""
    if isinstance(item, Failure):
        return item
    return Failure(location=item.location or "?", reason=reason, id=item.id)


class _Reporter:
    """The running :class:`Progress` of one run, passed to the callback (if any) after each step."""

    def __init__(self, callback: ProgressCallback | None, state: Progress) -> None:
        self.callback, self.state = callback, state

    def start(self, dashboard: str | None) -> None:
        if self.callback is not None:
            self.callback(dataclasses.replace(self.state, dashboard=dashboard))

    def done(self, results: list[Located], *, partition: bool = False, nbytes: int = 0,
             total: int | None = None) -> None:
        s = self.state
        self.state = dataclasses.replace(
            s,
            records=s.records + len(results),
            failed=s.failed + sum(isinstance(r, Failure) for r, _ in results),
            bytes_done=None if s.bytes_done is None else s.bytes_done + nbytes,
            partitions_done=(s.partitions_done or 0) + partition,
            partitions_total=total,
        )
        if self.callback is not None:
            self.callback(self.state)
