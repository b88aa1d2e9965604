"""The engine protocol: where the per-article analysis runs, as one object built once from its options.

An engine is made from its options (``LocalEngine(workers=4)``, ``DaskEngine(scheduler="tcp://host:8786")``)
and handed to whatever analyzes (``Corpus.ingest(paths, engine=...)``, ``Corpus.reanalyze(engine=...)``),
which only calls :meth:`Engine.run` or :meth:`Engine.run_paths`; no caller forwards an engine's options.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, ClassVar, Literal

from newstrace.ingest.detect import InputFormat
from newstrace.ingest.readers import Item, read_inputs
from newstrace.records import Analysis, Failure

Result = Analysis | Failure
#: A result with the location its record was read from (``file:line``, ``archive@offset``), for the store.
Located = tuple[Result, str | None]
EngineName = Literal["local", "dask"]
ENGINES: tuple[EngineName, ...] = ("local", "dask")


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a run stands; engines pass one to ``on_progress`` as results arrive.

    The local engine reports every record; the Dask engine reports every completed partition, with the
    input bytes done out of the total (a determinate bar) and, in its first report, the dashboard address.
    """

    records: int = 0  #: results delivered so far, analyses and failures
    failed: int = 0  #: of which failures
    bytes_done: int | None = None
    bytes_total: int | None = None
    partitions_done: int | None = None
    partitions_total: int | None = None
    workers: int | None = None  #: worker threads analyzing (Dask engine)
    dashboard: str | None = None  #: the Dask dashboard's address, when the cluster serves one


ProgressCallback = Callable[[Progress], None]

#: Applied to every item read, before analysis (e.g. default dates or outlets). With the Dask engine it runs on
#: the workers, so it must be picklable: a module-level function or a ``functools.partial`` of one.
Prepare = Callable[[Item], Item]


class Engine(ABC):
    """Where the analysis runs. Every engine gives one result per item, paired with the item's location:
    a record's :class:`~newstrace.records.Analysis`, or a :class:`~newstrace.records.Failure` with the reason
    (a failure given as an item is passed through). One bad record never stops the run.

    A new engine implements :meth:`run` and :attr:`read_ahead`; it overrides :meth:`run_paths` when it reads
    the inputs elsewhere (and then sets :attr:`reads_on_workers`).
    """

    name: ClassVar[EngineName]
    #: Whether :meth:`run_paths` reads the inputs on the engine's workers, not in this process: a caller that
    #: drops records before they are analyzed (the corpus skips texts it holds) can do so only with :meth:`run`.
    reads_on_workers: ClassVar[bool] = False

    @property
    @abstractmethod
    def read_ahead(self) -> int:
        """The most items :meth:`run` takes from its input beyond the results it has given back, so that a
        caller that bounds its reading by the results (the corpus's ingest) gives it at least that many."""

    @abstractmethod
    def run(self, items: Iterable[Item], *, ordered: bool = True) -> Iterator[Located]:
        """Each item's result with the item's location; in input order, or with ``ordered=False`` in the
        order the engine finishes them (which may be sooner). ``items`` is read lazily."""

    def run_paths(
        self,
        paths: Iterable[str | Path],
        fmt: InputFormat | str = InputFormat.auto,
        *,
        prepare: Prepare | None = None,
        ordered: bool = True,
        stdin: IO[bytes] | None = None,
    ) -> Iterator[Located]:
        """:meth:`run` over the records of ``paths`` (files, folders, ``-`` for ``stdin``) in format ``fmt``
        (default: detected per file), each passed through ``prepare`` first; read here."""
        items = read_inputs(paths, stdin=stdin, fmt=fmt)
        return self.run(items if prepare is None else map(prepare, items), ordered=ordered)
