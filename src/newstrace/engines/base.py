"""What every engine shares: the progress report and the callback types."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from newstrace.ingest.readers import Item
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


@dataclass(frozen=True, slots=True)
class Engine:
    """Where to analyze: ``Engine("dask", scheduler="tcp://host:8786")``; the store's ingest takes one."""

    name: EngineName = "local"
    scheduler: str | None = None  #: a running Dask scheduler; None: a local cluster made for the run
    on_progress: ProgressCallback | None = None

#: Applied to every item read, before analysis (e.g. default dates or outlets). With the Dask engine it runs on
#: the workers, so it must be picklable: a module-level function or a ``functools.partial`` of one.
Prepare = Callable[[Item], Item]
