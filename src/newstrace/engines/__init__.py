"""Engines: where the per-article analysis runs — this machine (``local``) or a Dask cluster (``dask``).

Both read input paths and give the same :class:`~newstrace.records.Analysis` and
:class:`~newstrace.records.Failure` records; only the order may differ (the Dask engine gives results as
partitions complete, unless asked for ``ordered``).

    for result in analyze_stream(["articles.jsonl"], engine="dask", workers=2):
        ...

:func:`analyze_located` gives each result with the location its record was read from; the store's
``Corpus.ingest(paths, engine=Engine("dask"))`` writes those through its one connection.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

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
from newstrace.errors import UsageError
from newstrace.ingest.detect import InputFormat
from newstrace.pipeline import BATCH_SIZE

__all__ = [
    "ENGINES",
    "Engine",
    "EngineName",
    "Located",
    "Prepare",
    "Progress",
    "ProgressCallback",
    "Result",
    "analyze_located",
    "analyze_stream",
]


def analyze_stream(
    paths: Iterable[str | Path],
    engine: EngineName = "local",
    *,
    workers: int = 1,
    scheduler: str | None = None,
    model: str | None = None,
    on_progress: ProgressCallback | None = None,
    prepare: Prepare | None = None,
    ordered: bool = False,
    batch_size: int = BATCH_SIZE,
    fmt: InputFormat | str = InputFormat.auto,
) -> Iterator[Result]:
    """Analyses and failures of every record in ``paths`` (files, folders), computed by ``engine``.

    ``workers``: processes (local engine; or the size of the local cluster the Dask engine starts when no
    ``scheduler`` is given). ``scheduler``: the address of a running Dask scheduler (``tcp://host:8786``);
    its workers must have newstrace and the model installed and be able to read ``paths``. ``fmt`` is the
    input format (``read_inputs``'s; default: detected per file). ``prepare`` is applied to every item
    read (on the workers, with Dask: make it picklable). ``on_progress`` gets a :class:`Progress` as
    results arrive. The local engine always keeps input order; ``ordered`` asks the Dask engine for it too.
    """
    located = analyze_located(
        paths,
        engine,
        workers=workers,
        scheduler=scheduler,
        model=model,
        on_progress=on_progress,
        prepare=prepare,
        ordered=ordered,
        batch_size=batch_size,
        fmt=fmt,
    )
    return (result for result, _ in located)


def analyze_located(
    paths: Iterable[str | Path],
    engine: EngineName = "local",
    *,
    workers: int = 1,
    scheduler: str | None = None,
    model: str | None = None,
    on_progress: ProgressCallback | None = None,
    prepare: Prepare | None = None,
    ordered: bool = False,
    batch_size: int = BATCH_SIZE,
    fmt: InputFormat | str = InputFormat.auto,
) -> Iterator[Located]:
    """:func:`analyze_stream`, each result paired with the location its record was read from."""
    if engine == "local":
        if scheduler:
            raise UsageError("--scheduler needs --engine dask: the local engine runs on this machine only")
        from newstrace.engines.local import analyze_local

        return analyze_local(
            paths,
            workers=workers,
            model=model,
            on_progress=on_progress,
            prepare=prepare,
            batch_size=batch_size,
            fmt=fmt,
        )
    if engine == "dask":
        from newstrace.engines import dask

        return dask.analyze_located(
            paths,
            workers=workers,
            scheduler=scheduler,
            model=model,
            on_progress=on_progress,
            prepare=prepare,
            ordered=ordered,
            batch_size=batch_size,
            fmt=fmt,
        )
    raise UsageError(f"unknown engine {engine!r}; use one of: {', '.join(ENGINES)}")
