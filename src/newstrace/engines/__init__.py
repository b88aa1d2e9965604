"""Engines: where the per-article analysis runs — this machine (:class:`LocalEngine`) or a Dask cluster
(:class:`DaskEngine`). One protocol (:class:`Engine`): an engine is built once from its options and asked to
``run(items)`` or ``run_paths(paths)``; both give each result with the location its record was read from.

    engine = DaskEngine(scheduler="tcp://host:8786")            # or LocalEngine(workers=4)
    for result, location in engine.run_paths(["articles.jsonl"]):
        ...
    Corpus("corpus.db").ingest(["articles.jsonl"], engine=engine)

Both give the same :class:`~newstrace.records.Analysis` and :class:`~newstrace.records.Failure` records;
only the order may differ (``ordered=False`` lets the Dask engine give them as partitions complete).
:func:`make_engine` builds one from command-line options (``--engine dask --scheduler ...``).
``DaskEngine`` is imported from :mod:`newstrace.engines.dask` on first use, so that the local engine does
not load Dask.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newstrace.engines.base import (
    ENGINES,
    Engine,
    EngineName,
    Located,
    Prepare,
    Progress,
    ProgressCallback,
    Result,
)
from newstrace.engines.local import LocalEngine
from newstrace.errors import UsageError

if TYPE_CHECKING:
    from newstrace.engines.dask import DaskEngine

__all__ = [
    "ENGINES",
    "DaskEngine",
    "Engine",
    "EngineName",
    "LocalEngine",
    "Located",
    "Prepare",
    "Progress",
    "ProgressCallback",
    "Result",
    "make_engine",
]


def make_engine(
    name: str = "local",
    *,
    workers: int = 1,
    scheduler: str | None = None,
    model: str | None = None,
    on_progress: ProgressCallback | None = None,
) -> Engine:
    """The engine ``name`` (``local`` or ``dask``) with the command line's options.

    ``workers``: processes (local engine; or the size of the local cluster the Dask engine starts when no
    ``scheduler`` is given). ``scheduler``: the address of a running Dask scheduler (``tcp://host:8786``),
    for the Dask engine only. Raises :class:`~newstrace.errors.UsageError` for options that cannot work.
    """
    if name == "local":
        if scheduler:
            raise UsageError("--scheduler needs --engine dask: the local engine runs on this machine only")
        return LocalEngine(workers=workers, model=model, on_progress=on_progress)
    if name == "dask":
        from newstrace.engines.dask import DaskEngine

        return DaskEngine(scheduler=scheduler, workers=workers, model=model, on_progress=on_progress)
    raise UsageError(f"unknown engine {name!r}; use one of: {', '.join(ENGINES)}")


def __getattr__(name: str) -> Any:
    if name == "DaskEngine":
        from newstrace.engines.dask import DaskEngine

        return DaskEngine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
